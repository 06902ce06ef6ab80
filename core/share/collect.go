package share

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Collect expands the chosen files and folders into Items: a folder's files
// keep its name as their first path element; hidden/temporary files
// (~$*, Thumbs.db, desktop.ini, .DS_Store) are left out, and so are
// symbolic links inside a folder (never followed out of the tree) and
// anything that is not a regular file. Names are checked with SafeName and
// must not collide (case-insensitively). Order is stable (the chosen order,
// then folder walk order). A missing path: a *PathError wrapping
// ErrSourceAbsent; nothing to send: ErrEmpty.
func Collect(paths []string) ([]Item, error) {
	var items []Item
	for _, p := range paths {
		fi, err := os.Stat(p) // a chosen link is what the person chose: follow it
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &PathError{Path: p, Err: ErrSourceAbsent}
			}
			return nil, err
		}
		base := filepath.Base(filepath.Clean(p))
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() || skipName(base) {
				continue
			}
			items = append(items, Item{Path: p, Name: base, Size: fi.Size()})
			continue
		}
		root := filepath.Clean(p)
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return &PathError{Path: path, Err: ErrSourceAbsent}
				}
				return err
			}
			if path == root {
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() || skipName(d.Name()) {
				return nil // links, devices, junctions: not followed
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			items = append(items, Item{Path: path, Name: base + "/" + filepath.ToSlash(rel), Size: info.Size()})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(items) == 0 {
		return nil, ErrEmpty
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	if err := checkNames(names); err != nil {
		var pe *PathError
		if errors.As(err, &pe) {
			for _, it := range items {
				if it.Name == pe.Path {
					pe.Path = it.Path
					break
				}
			}
		}
		return nil, err
	}
	return items, nil
}

// skipName reports whether a file is one of the system's or an editor's
// own that nobody means to send.
func skipName(name string) bool {
	if strings.HasPrefix(name, "~$") {
		return true
	}
	switch strings.ToLower(name) {
	case "thumbs.db", "desktop.ini", ".ds_store":
		return true
	}
	return false
}

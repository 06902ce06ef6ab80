package share

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/core/progress"
)

// Extract opens the package in src (size bytes) and writes its files into
// dir (created if missing), checking names, hashes and expiry; nothing of
// it is left in dir unless every file checked out. Conflicts with existing
// files are settled before anything is written (opt.Conflict).
//
// Files are written into a staging folder inside dir (".kinko-part-…"),
// each hashed while it is written, and moved into place only when all of
// them match the manifest. A failure or cancel removes the staging folder,
// puts back anything already moved (and files it replaced), and removes
// dir itself when Extract created it.
func Extract(ctx context.Context, src io.ReaderAt, size int64, dir string, opt ExtractOptions, rep progress.Reporter) (*ExtractResult, error) {
	rep = progress.OrNoop(rep)
	switch opt.Conflict {
	case ConflictRefuse, ConflictOverwrite, ConflictKeepBoth, ConflictSkip:
	default:
		return nil, errors.New("share: unknown conflict policy " + strconv.Quote(opt.Conflict))
	}
	o, err := open(src, size, opt.Open)
	if o != nil {
		defer o.cleanup()
	}
	if err != nil {
		return nil, err // expired too: before anything is written
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := o.manifest

	var rb rollback
	ok := false
	defer func() {
		if !ok {
			rb.undo()
		}
	}()
	if err := rb.mkdirAll(dir); err != nil {
		return nil, err
	}
	plan, err := planTargets(dir, m.Files, opt.Conflict)
	if err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(dir, ".kinko-part-")
	if err != nil {
		return nil, err
	}
	rb.staging = staging

	var total, done int64
	for _, f := range m.Files {
		total += f.Size
	}
	rep.Report(progress.Update{Stage: StageExtract, Done: 0, Total: total})
	p := newPipe()
	for i, f := range m.Files {
		t := &plan[i]
		var w io.Writer = io.Discard
		var out *os.File
		if !t.skip {
			t.staged = filepath.Join(staging, strconv.Itoa(i))
			if out, err = os.OpenFile(t.staged, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err != nil {
				return nil, err
			}
			w = out
		}
		err := extractOne(ctx, p, o, f, w, rep, &done, total)
		if out != nil {
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				zf := o.entries[f.Path]
				if mod := zf.Modified; !mod.IsZero() {
					os.Chtimes(t.staged, mod, mod)
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &ExtractResult{Manifest: m}
	for i, f := range m.Files {
		t := plan[i]
		if t.skip {
			res.Skipped = append(res.Skipped, f.Path)
			continue
		}
		if err := rb.mkdirAll(filepath.Dir(t.target)); err != nil {
			return nil, err
		}
		if t.replace {
			old := filepath.Join(staging, "old-"+strconv.Itoa(i))
			if err := os.Rename(t.target, old); err != nil {
				return nil, err
			}
			rb.replaced = append(rb.replaced, [2]string{old, t.target})
		}
		if err := os.Rename(t.staged, t.target); err != nil {
			return nil, err
		}
		rb.moved = append(rb.moved, t.target)
		res.Written = append(res.Written, t.target)
	}
	ok = true
	removeFlat(staging) // the files replaced, if any
	return res, nil
}

// extractOne copies one entry to w, checking its size and SHA-256.
func extractOne(ctx context.Context, p *pipe, o *opened, f File, w io.Writer, rep progress.Reporter, done *int64, total int64) error {
	zf := o.entries[f.Path]
	rc, err := zf.Open()
	if err != nil {
		return &PathError{Path: f.Path, Err: ErrCorrupt}
	}
	defer rc.Close()
	s, err := p.copy(ctx, w, rc, f.Size, rep, StageExtract, done, total)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return err // writing to the disk failed
		}
		return &PathError{Path: f.Path, Err: ErrCorrupt}
	}
	if s.n != f.Size || s.sha256 != f.SHA256 {
		return &PathError{Path: f.Path, Err: ErrCorrupt}
	}
	return nil
}

// target is where one package file goes.
type target struct {
	target  string // final path on disk
	staged  string // its copy in the staging folder
	replace bool   // an existing file is replaced
	skip    bool   // an existing file is kept
}

// planTargets settles every file's path on disk before anything is
// written. ConflictRefuse with existing files: *ExistsError.
func planTargets(dir string, files []File, policy string) ([]target, error) {
	plan := make([]target, len(files))
	taken := map[string]bool{} // targets chosen so far (folded)
	var exists []string
	for i, f := range files {
		t := filepath.Join(dir, filepath.FromSlash(f.Path))
		plan[i].target = t
		st := occupied(dir, f.Path)
		if st == free {
			taken[foldName(t)] = true
			continue
		}
		switch policy {
		case ConflictRefuse:
			exists = append(exists, f.Path)
		case ConflictOverwrite:
			if st != isFile {
				exists = append(exists, f.Path) // a folder is never replaced by a file
				continue
			}
			plan[i].replace = true
			taken[foldName(t)] = true
		case ConflictSkip:
			plan[i].skip = true
		case ConflictKeepBoth:
			if st == blocked {
				exists = append(exists, f.Path) // a file where a folder should be
				continue
			}
			ext := filepath.Ext(t)
			stem := strings.TrimSuffix(t, ext)
			for n := 2; ; n++ {
				c := stem + " (" + strconv.Itoa(n) + ")" + ext
				if _, err := os.Lstat(c); errors.Is(err, fs.ErrNotExist) && !taken[foldName(c)] {
					plan[i].target = c
					taken[foldName(c)] = true
					break
				}
			}
		}
	}
	if len(exists) > 0 {
		return nil, &ExistsError{Paths: exists}
	}
	return plan, nil
}

// Kinds of occupied paths.
const (
	free    = iota
	isFile  // a file is there
	isOther // a folder or something else is there
	blocked // one of the path's folders is a file
)

// occupied says what is at package path p under dir.
func occupied(dir, p string) int {
	parts := strings.Split(p, "/")
	cur := dir
	for i, el := range parts {
		cur = filepath.Join(cur, el)
		fi, err := os.Lstat(cur)
		if err != nil {
			return free
		}
		if i < len(parts)-1 {
			if !fi.IsDir() {
				return blocked
			}
			continue
		}
		if fi.Mode().IsRegular() {
			return isFile
		}
		return isOther
	}
	return free
}

// rollback undoes what Extract did to dir.
type rollback struct {
	staging  string
	created  []string    // folders made, outermost first
	moved    []string    // files moved into place
	replaced [][2]string // {saved copy, original path}
}

// mkdirAll makes dir and the folders above it that are missing,
// remembering them.
func (r *rollback) mkdirAll(dir string) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		r.created = append(r.created, missing[i])
	}
	return nil
}

func (r *rollback) undo() {
	for i := len(r.moved) - 1; i >= 0; i-- {
		os.Remove(r.moved[i])
	}
	for i := len(r.replaced) - 1; i >= 0; i-- {
		os.Rename(r.replaced[i][0], r.replaced[i][1])
	}
	if r.staging != "" {
		removeFlat(r.staging)
	}
	for i := len(r.created) - 1; i >= 0; i-- {
		os.Remove(r.created[i])
	}
}

// removeFlat removes a staging folder, which holds files only, one entry
// at a time (os.RemoveAll's POSIX-semantics delete is what Wine lacks).
func removeFlat(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
	os.Remove(dir)
}

package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// addWatch adds one folder's watch. Tests replace it to make a watch fail
// as inotify does past its per-user limit (export_test.go).
var addWatch = func(w *fsnotify.Watcher, dir string) error { return w.Add(dir) }

// event records one fsnotify event and reports whether it counts (an event
// for an excluded or unknown path does not restart the quiet period).
func (w *Watcher) event(ev fsnotify.Event) bool {
	rel, ok := w.rel(ev.Name)
	if !ok {
		return false
	}
	if rel == "" {
		return w.rootEvent(ev)
	}
	gone := ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
	wasDir := w.dirs[rel]
	if gone {
		w.drop(rel, wasDir)
	}
	isDir := false
	if ev.Has(fsnotify.Create) {
		// Lstat: a symbolic link to a folder is not a folder here, so it
		// is never followed.
		st, err := os.Lstat(ev.Name)
		isDir = err == nil && st.IsDir()
	}
	if w.exclude.excluded(rel, isDir || wasDir) {
		return false
	}
	w.mark(parent(rel))
	if isDir && !w.dirs[rel] {
		w.mark(rel)
		w.addTree(ev.Name, true)
	}
	return true
}

// rootEvent handles an event for the root folder itself: its attributes
// changed, or it was removed or renamed, in which case nothing under it is
// watched any more and the caller must look at everything.
func (w *Watcher) rootEvent(ev fsnotify.Event) bool {
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.pending.Full = true
	}
	w.mark("")
	return true
}

// addTree watches dir and the folders under it (never through a symbolic
// link, never an excluded folder). A folder is watched before it is listed,
// so that a folder created meanwhile is either listed or reported. fresh
// says dir appeared after the watcher started: its folders are then marked
// as changed. A folder that cannot be watched is remembered in unwatched
// and makes the next Change Full.
func (w *Watcher) addTree(dir string, fresh bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, ok := w.rel(p)
		if !ok {
			return filepath.SkipDir
		}
		if err != nil {
			w.failed(rel, err)
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != w.root && w.exclude.excluded(rel, true) {
			return filepath.SkipDir
		}
		if p != w.root && !w.dirs[rel] {
			if err := addWatch(w.fsw, p); err != nil {
				w.failed(rel, err)
				return filepath.SkipDir
			}
			w.dirs[rel] = true
		}
		if fresh {
			w.mark(rel)
		}
		return nil
	})
}

// failed records a folder that could not be watched or listed. A folder that
// vanished meanwhile is no loss: its parent's watch reports the removal.
func (w *Watcher) failed(rel string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	w.pending.Full = true
	w.mu.Lock()
	w.unwatched[rel] = true
	w.mu.Unlock()
}

// drop forgets rel and every folder under it, which were removed or renamed
// away. The watches of a watched folder are removed explicitly: after a
// rename the kernel would keep reporting them under the old name.
func (w *Watcher) drop(rel string, watched bool) {
	for d := range w.dirs {
		if !watched {
			break
		}
		if within(d, rel) {
			delete(w.dirs, d)
			// The watch may be gone already (the folder was deleted).
			_ = w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.unwatched {
		if within(d, rel) {
			delete(w.unwatched, d)
		}
	}
}

// within reports whether the relative path d is dir or under it.
func within(d, dir string) bool {
	return d == dir || strings.HasPrefix(d, dir+"/")
}

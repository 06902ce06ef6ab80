package watch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is the quiet period when Options.Quiet is zero: long enough
// that saving a spreadsheet (temp file, rename, delete) is one Change.
const DefaultQuiet = 30 * time.Second

// Options configure a Watcher.
type Options struct {
	// Quiet is how long nothing must happen before the collected changes
	// are sent; zero means DefaultQuiet.
	Quiet time.Duration
	// Excludes are the gitignore-style patterns the backup leaves out:
	// the caller passes backup.DefaultExcludes plus the source's own. A
	// change to an excluded file or under an excluded folder is not
	// reported, and excluded folders are not watched.
	Excludes []string
}

// Change is what happened in one quiet period.
type Change struct {
	// Dirs are the folders in which something was created, written,
	// removed, renamed or had its attributes changed, as slash paths
	// relative to the root ("" is the root), sorted. A folder created in
	// the period is listed itself, standing for everything in it.
	Dirs []string
	// Full says events may have been lost (overflow, a watcher error, a
	// folder that could not be watched, the root itself removed or
	// renamed): the caller must scan the whole tree.
	Full bool
}

// Watcher watches one folder tree. It is made by New and stopped by Close.
type Watcher struct {
	root    string
	quiet   time.Duration
	exclude *excluder
	fsw     *fsnotify.Watcher
	changes chan Change
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
	closeEr error

	// Owned by the loop goroutine (and by New before it starts).
	dirs    map[string]bool // watched folders, by relative path
	pending Change          // collected since the last send
	dirty   map[string]bool // pending.Dirs as a set

	mu        sync.Mutex
	unwatched map[string]bool // folders whose watch could not be added
	lastErr   error           // the last error that made a Change Full (tests)

	hold chan chan struct{} // test hook: pauses the loop (export_test.go)
	errs chan error         // test hook: injects a watcher error
}

// New starts watching root and every folder under it that Options.Excludes
// does not exclude. It fails when root is not a folder or fsnotify cannot
// start; folders that cannot be watched do not fail it (the first Change is
// then Full). The caller reads Changes and calls Close.
func New(root string, opt Options) (*Watcher, error) {
	root = filepath.Clean(root)
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "watch", Path: root, Err: errors.New("not a folder")}
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: root, quiet: opt.Quiet, exclude: newExcluder(opt.Excludes), fsw: fsw,
		changes: make(chan Change), done: make(chan struct{}), stopped: make(chan struct{}),
		dirs: map[string]bool{}, unwatched: map[string]bool{}, dirty: map[string]bool{},
		hold: make(chan chan struct{}), errs: make(chan error),
	}
	if w.quiet <= 0 {
		w.quiet = DefaultQuiet
	}
	if err := w.fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	w.dirs[""] = true
	w.addTree(root, false)
	go w.loop(len(w.Unwatched()) > 0)
	return w, nil
}

// Changes delivers one Change per quiet period. A Change the caller has not
// yet taken is merged with the next, so a slow caller loses nothing. The
// channel is closed by Close.
func (w *Watcher) Changes() <-chan Change { return w.changes }

// Unwatched lists the folders (relative slash paths) whose watch could not
// be added: their changes are not seen, so every Change lists them and the
// caller should scan them on every run.
func (w *Watcher) Unwatched() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	dirs := slices.Collect(maps.Keys(w.unwatched))
	slices.Sort(dirs)
	return dirs
}

// Close stops the watcher and closes Changes; changes not yet sent are
// dropped. It returns fsnotify's error from closing, if any, and may be
// called more than once.
func (w *Watcher) Close() error {
	w.once.Do(func() {
		close(w.done)
		w.closeEr = w.fsw.Close()
		<-w.stopped
	})
	return w.closeEr
}

// loop collects events until the quiet period ends, then offers the Change
// while it keeps collecting (never blocking fsnotify). kick starts the
// quiet timer at once (a folder could not be watched at start).
func (w *Watcher) loop(kick bool) {
	defer close(w.stopped)
	defer close(w.changes)
	timer := time.NewTimer(w.quiet)
	if !kick {
		timer.Stop()
	}
	var ready *Change // quiet period over, waiting for the caller
	for {
		var out chan Change
		if ready != nil {
			out = w.changes
		}
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.event(ev) {
				timer.Reset(w.quiet)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.lost(err)
			timer.Reset(w.quiet)
		case err := <-w.errs:
			w.lost(err)
			timer.Reset(w.quiet)
		case resume := <-w.hold:
			select {
			case <-resume:
			case <-w.done:
			}
		case <-timer.C:
			ready = w.take(ready)
		case out <- w.value(ready):
			ready = nil
		}
	}
}

// value is the Change to offer (ready is nil only when nothing is offered).
func (w *Watcher) value(ready *Change) Change {
	if ready == nil {
		return Change{}
	}
	return *ready
}

// lost records that events may have been lost: the next Change is Full.
func (w *Watcher) lost(err error) {
	w.pending.Full = true
	w.mu.Lock()
	w.lastErr = err
	w.mu.Unlock()
}

// take moves the pending changes (and the folders that cannot be watched)
// into the Change waiting for the caller, merging with it if the caller has
// not taken it yet. It returns nil when there is nothing to send.
func (w *Watcher) take(ready *Change) *Change {
	for _, rel := range w.Unwatched() {
		w.mark(rel)
	}
	if len(w.dirty) == 0 && !w.pending.Full {
		return ready
	}
	if ready == nil {
		ready = &Change{}
	}
	for rel := range w.dirty {
		if !slices.Contains(ready.Dirs, rel) {
			ready.Dirs = append(ready.Dirs, rel)
		}
	}
	slices.Sort(ready.Dirs)
	ready.Full = ready.Full || w.pending.Full
	w.pending, w.dirty = Change{}, map[string]bool{}
	return ready
}

// mark records that something changed in the folder rel.
func (w *Watcher) mark(rel string) {
	w.dirty[rel] = true
}

// rel is the slash path of p relative to the root; ok is false for a path
// outside it.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	if r == "." {
		return "", true
	}
	return filepath.ToSlash(r), true
}

// parent is the folder holding rel ("" for an entry of the root).
func parent(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

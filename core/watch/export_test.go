package watch

import (
	"testing"

	"github.com/fsnotify/fsnotify"
)

// Pause stops w's loop from reading events until resume is called, as a
// consumer stalled by a slow disk would: fsnotify's reader and then the
// kernel's queue fill up, and the kernel reports a real overflow.
func Pause(w *Watcher) (resume func()) {
	ch := make(chan struct{})
	w.hold <- ch
	return func() { close(ch) }
}

// InjectError hands w an error as if fsnotify had reported it.
func InjectError(w *Watcher, err error) { w.errs <- err }

// FailWatches makes adding a watch fail with fail's error for the folders
// it returns one for, as inotify does past fs.inotify.max_user_watches
// (ENOSPC), until the test ends. Tests using it must not run in parallel.
func FailWatches(t *testing.T, fail func(dir string) error) {
	prev := addWatch
	addWatch = func(w *fsnotify.Watcher, dir string) error {
		if err := fail(dir); err != nil {
			return err
		}
		return prev(w, dir)
	}
	t.Cleanup(func() { addWatch = prev })
}

// Excluded exposes the exclude matcher to the table test.
func Excluded(patterns []string, rel string, dir bool) bool {
	return newExcluder(patterns).excluded(rel, dir)
}

// LastError is the last error that made a Change Full.
func LastError(w *Watcher) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lastErr
}

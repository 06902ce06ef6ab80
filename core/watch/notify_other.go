//go:build !windows

package watch

import "github.com/fsnotify/fsnotify"

// fsnotifier is fsnotify with one watch per folder, the root's first.
type fsnotifier struct{ w *fsnotify.Watcher }

func newNotifier(root string) (notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(root); err != nil {
		w.Close()
		return nil, err
	}
	return fsnotifier{w}, nil
}

func (n fsnotifier) events() <-chan fsnotify.Event { return n.w.Events }
func (n fsnotifier) errors() <-chan error          { return n.w.Errors }
func (n fsnotifier) add(dir string) error          { return n.w.Add(dir) }
func (n fsnotifier) remove(dir string) error       { return n.w.Remove(dir) }
func (n fsnotifier) close() error                  { return n.w.Close() }

package watch

import "github.com/fsnotify/fsnotify"

// notifier is where the events come from. On Linux (and the other Unix
// systems) it is fsnotify with one watch per folder (notify_other.go). On
// Windows it is one recursive ReadDirectoryChangesW on the root
// (notify_windows.go): a handle held open on every folder, as fsnotify
// v1.10.1 needs there (its recursive mode is not enabled), would stop
// staff from renaming or deleting any folder above a watched one in
// Explorer ("the folder is open in another program").
type notifier interface {
	events() <-chan fsnotify.Event // Name is a full path under the root
	errors() <-chan error          // fsnotify.ErrEventOverflow when events were lost
	add(dir string) error          // watch one more folder (a no-op on Windows)
	remove(dir string) error       // stop watching a folder (a no-op on Windows)
	close() error
}

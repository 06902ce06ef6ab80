// Package watch tells the backup scheduler which folders of a source
// changed, so that a run after a quiet day walks only those folders instead
// of the whole tree.
//
// A Watcher watches one folder tree with fsnotify (inotify on Linux,
// ReadDirectoryChangesW on Windows), one watch per folder: folders created
// later are watched as they appear, removed or renamed ones are dropped,
// excluded names are neither watched nor reported, and symbolic links are
// never followed. It collects the folders in which anything changed and,
// once nothing has happened for Options.Quiet, sends them as one Change.
//
// When the watcher may have missed events — the kernel's queue overflowed
// (fsnotify.ErrEventOverflow), fsnotify reported any other error, or a
// folder could not be watched (inotify's per-user watch limit) — the next
// Change has Full set and the caller scans everything. A folder that could
// not be watched is also listed in every later Change (see Unwatched), since
// its changes would otherwise go unseen.
package watch

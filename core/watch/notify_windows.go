package watch

import (
	"errors"
	"io/fs"
	"path/filepath"
	"unsafe"

	"github.com/fsnotify/fsnotify"
	"golang.org/x/sys/windows"
)

// changeFilter is what the recursive watch reports: names, attributes,
// size, last write and creation time (not last access, not ACLs: the
// backup keeps neither).
const changeFilter = windows.FILE_NOTIFY_CHANGE_FILE_NAME | windows.FILE_NOTIFY_CHANGE_DIR_NAME |
	windows.FILE_NOTIFY_CHANGE_ATTRIBUTES | windows.FILE_NOTIFY_CHANGE_SIZE |
	windows.FILE_NOTIFY_CHANGE_LAST_WRITE | windows.FILE_NOTIFY_CHANGE_CREATION

// bufferSize is ReadDirectoryChangesW's buffer: 64 KiB, the most a network
// share accepts. When more changes happen between two reads, Windows
// drops them and says so, and the next Change is Full.
const bufferSize = 64 << 10

// rdcw is one recursive ReadDirectoryChangesW watch on the root, read with
// overlapped I/O so that Close can stop it at once.
type rdcw struct {
	root string
	dir  windows.Handle // the root, opened for listing
	// The kernel writes into ov and buf after ReadDirectoryChanges has
	// returned: both live on the heap (in rdcw), never on a goroutine's
	// stack, which Go may move.
	ov      windows.Overlapped
	buf     []uint32       // FILE_NOTIFY_INFORMATION is DWORD-aligned
	io      windows.Handle // signalled when a read completes
	stop    windows.Handle // signalled by close
	evs     chan fsnotify.Event
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
}

func newNotifier(root string) (notifier, error) {
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return nil, err
	}
	dir, err := windows.CreateFile(p, windows.FILE_LIST_DIRECTORY,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OVERLAPPED, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "watch", Path: root, Err: err}
	}
	n := &rdcw{root: root, dir: dir, buf: make([]uint32, bufferSize/4),
		evs: make(chan fsnotify.Event), errs: make(chan error),
		done: make(chan struct{}), stopped: make(chan struct{})}
	if n.io, err = windows.CreateEvent(nil, 1, 0, nil); err == nil {
		n.stop, err = windows.CreateEvent(nil, 1, 0, nil)
	}
	if err != nil {
		n.closeHandles()
		return nil, err
	}
	go n.run()
	return n, nil
}

func (n *rdcw) events() <-chan fsnotify.Event { return n.evs }
func (n *rdcw) errors() <-chan error          { return n.errs }
func (n *rdcw) add(string) error              { return nil } // the root's watch covers the tree
func (n *rdcw) remove(string) error           { return nil }

// close stops the reader and releases the handles.
func (n *rdcw) close() error {
	close(n.done)
	windows.SetEvent(n.stop)
	<-n.stopped
	return n.closeHandles()
}

func (n *rdcw) closeHandles() error {
	var first error
	for _, h := range []windows.Handle{n.dir, n.io, n.stop} {
		if h != 0 {
			if err := windows.CloseHandle(h); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// run reads changes until close. After an error it cannot recover from
// (the root was deleted or its drive removed) it reports the error and
// waits for close.
func (n *rdcw) run() {
	defer close(n.stopped)
	for {
		got, err := n.read()
		switch {
		case errors.Is(err, errStopped):
			return
		case errors.Is(err, windows.ERROR_NOTIFY_ENUM_DIR), err == nil && got == 0:
			err = fsnotify.ErrEventOverflow
		case err != nil:
			n.send(nil, err)
			<-n.done
			return
		}
		if err != nil {
			if !n.send(nil, err) {
				return
			}
			continue
		}
		if !n.parse(unsafe.Slice((*byte)(unsafe.Pointer(&n.buf[0])), got)) {
			return
		}
	}
}

// errStopped: close was called during a read.
var errStopped = errors.New("watch: stopped")

// read waits for one batch of changes; errStopped when close is called.
func (n *rdcw) read() (uint32, error) {
	windows.ResetEvent(n.io)
	n.ov = windows.Overlapped{HEvent: n.io}
	err := windows.ReadDirectoryChanges(n.dir, (*byte)(unsafe.Pointer(&n.buf[0])), uint32(len(n.buf)*4),
		true, changeFilter, nil, &n.ov, 0)
	if err != nil {
		return 0, err
	}
	which, err := windows.WaitForMultipleObjects([]windows.Handle{n.io, n.stop}, false, windows.INFINITE)
	if err != nil {
		return 0, err
	}
	if which != windows.WAIT_OBJECT_0 {
		windows.CancelIoEx(n.dir, &n.ov)
		var got uint32
		windows.GetOverlappedResult(n.dir, &n.ov, &got, true) // wait until the read is gone
		return 0, errStopped
	}
	var got uint32
	err = windows.GetOverlappedResult(n.dir, &n.ov, &got, false)
	return got, err
}

// parse sends the FILE_NOTIFY_INFORMATION records in b as events; false
// when close was called.
func (n *rdcw) parse(b []byte) bool {
	for off := 0; off+12 <= len(b); {
		info := (*windows.FileNotifyInformation)(unsafe.Pointer(&b[off]))
		name := windows.UTF16ToString(unsafe.Slice(&info.FileName, info.FileNameLength/2))
		ev := fsnotify.Event{Name: filepath.Join(n.root, name), Op: actionOp(info.Action)}
		if ev.Op != 0 && !n.send(&ev, nil) {
			return false
		}
		if info.NextEntryOffset == 0 {
			break
		}
		off += int(info.NextEntryOffset)
	}
	return true
}

// actionOp maps a FILE_ACTION to fsnotify's operations: a rename is the
// old name's Rename and the new name's Create, as inotify reports it.
func actionOp(action uint32) fsnotify.Op {
	switch action {
	case windows.FILE_ACTION_ADDED, windows.FILE_ACTION_RENAMED_NEW_NAME:
		return fsnotify.Create
	case windows.FILE_ACTION_REMOVED:
		return fsnotify.Remove
	case windows.FILE_ACTION_MODIFIED:
		return fsnotify.Write
	case windows.FILE_ACTION_RENAMED_OLD_NAME:
		return fsnotify.Rename
	}
	return 0
}

// send hands the loop an event or an error; false when close was called.
func (n *rdcw) send(ev *fsnotify.Event, err error) bool {
	if ev != nil {
		select {
		case n.evs <- *ev:
			return true
		case <-n.done:
			return false
		}
	}
	select {
	case n.errs <- err:
		return true
	case <-n.done:
		return false
	}
}

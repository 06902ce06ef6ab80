package journal

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// isDiskFull reports whether err means the disk or the user's quota on it is
// full. syscall.ENOSPC is included because Go itself reports some conditions
// with it on Windows too.
func isDiskFull(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) ||
		errors.Is(err, windows.ERROR_HANDLE_DISK_FULL) ||
		errors.Is(err, windows.ERROR_DISK_QUOTA_EXCEEDED) ||
		errors.Is(err, syscall.ENOSPC)
}

// renameNoReplace moves the finished temporary file tmp to final, failing
// with errAlreadyExists instead of replacing an existing final. MoveFileEx
// without MOVEFILE_REPLACE_EXISTING refuses an existing target atomically,
// also on SMB shares; MOVEFILE_WRITE_THROUGH returns only once the move is on
// disk.
func renameNoReplace(tmp, final string) error {
	from, err := windows.UTF16PtrFromString(tmp)
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(final)
	if err != nil {
		return err
	}
	err = windows.MoveFileEx(from, to, windows.MOVEFILE_WRITE_THROUGH)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) || errors.Is(err, windows.ERROR_FILE_EXISTS) {
		return errAlreadyExists
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: final, Err: err}
	}
	return nil
}

// syncDir is a no-op on Windows: directories cannot be opened for syncing,
// and MOVEFILE_WRITE_THROUGH already made the rename durable.
func syncDir(string) error { return nil }

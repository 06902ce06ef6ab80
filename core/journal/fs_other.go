//go:build !windows

package journal

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// isDiskFull reports whether err means the disk or the user's quota on it is
// full.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// renameNoReplace moves the finished temporary file tmp to final, failing
// with errAlreadyExists instead of replacing an existing final. A hard link
// is atomic and refuses an existing name, even against a second writer (a
// cloned installation using the same device id). File systems without hard
// links (some SMB mounts) fall back to check-then-rename, which is still
// atomic for readers.
func renameNoReplace(tmp, final string) error {
	err := os.Link(tmp, final)
	if err == nil {
		// The temp name is only an extra link now; a leftover is harmless
		// because listings ignore temp names.
		_ = os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return errAlreadyExists
	}
	if !linkUnsupported(err) {
		return err
	}
	if _, err := os.Lstat(final); err == nil {
		return errAlreadyExists
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, final)
}

func linkUnsupported(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOTSUP) ||
		errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EXDEV) ||
		errors.Is(err, syscall.EMLINK) || errors.Is(err, syscall.ENOSYS)
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// directory (EINVAL, ENOTSUP: some network and FUSE mounts) are accepted:
// there is nothing more this process can do there.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) {
		return nil
	}
	return err
}

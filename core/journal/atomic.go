package journal

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// errAlreadyExists is returned by renameNoReplace and writeFileAtomic when
// the final name is taken; callers turn it into ErrExists or
// ErrSegmentExists.
var errAlreadyExists = errors.New("journal: target exists")

// testHook, when set by a test, runs before each stage of writeFileAtomic
// ("write", "sync", "rename") and can fail it, to simulate a full disk or a
// vanishing share at exactly that point.
var testHook func(stage string) error

func hook(stage string) error {
	if testHook == nil {
		return nil
	}
	return testHook(stage)
}

// tempPrefix starts every temporary file name; listings ignore such names.
// A write by a known device names it: ".kinko-tmp-<device id>-<16 hex>.tmp"
// (tempName), so that the device can later tell its own leftovers from
// another PC's write in progress (Folder.CleanTemp).
const tempPrefix = ".kinko-tmp-"

// tempName returns a fresh temporary file name for a write by device
// ("" when no device is known yet: vault creation's header).
func tempName(device string) (string, error) {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", err
	}
	if device != "" {
		return tempPrefix + device + "-" + hex.EncodeToString(rnd[:]) + ".tmp", nil
	}
	return tempPrefix + hex.EncodeToString(rnd[:]) + ".tmp", nil
}

// writeFileAtomic writes data to dir/name: a temporary file in the same
// folder named for device (tempName), written, fsynced, closed, then moved to name without replacing an
// existing file (errAlreadyExists), then the folder is fsynced. Closing
// before the move matters on Windows, which cannot rename an open file. On
// any failure the temporary file is removed, so nothing partial is ever
// visible under name.
func writeFileAtomic(dir, name, device string, data []byte) error {
	return writeFileAtomicFunc(dir, name, device, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomicFunc is writeFileAtomic with the content written by
// write, through a buffer, so that a large file (a pack) need not be held
// in memory whole; write's error leaves nothing behind.
func writeFileAtomicFunc(dir, name, device string, write func(w io.Writer) error) (err error) {
	tn, err := tempName(device)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, tn)
	fh, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				_ = fh.Close()
			}
			_ = os.Remove(tmp)
		}
	}()
	if err = hook("write"); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fh, 256<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = hook("sync"); err != nil {
		return err
	}
	if err = fh.Sync(); err != nil {
		return err
	}
	closed = true
	if err = fh.Close(); err != nil {
		return err
	}
	if err = hook("rename"); err != nil {
		return err
	}
	if err = renameNoReplace(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

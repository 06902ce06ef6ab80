package journal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// maxBlobID bounds a blob id's length.
const maxBlobID = 128

// windowsDeviceNames are names Windows treats as devices in every folder;
// a blob id must never be one of them.
var windowsDeviceNames = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com0": true, "com1": true, "com2": true, "com3": true, "com4": true,
	"com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt0": true, "lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true,
	"lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// validBlobID accepts 1 to 128 characters of a-z and 0-9 (lowercase hex or
// base32), which can hold no path separator, no "..", no drive letter and no
// case-folding ambiguity, and refuses Windows device names such as "nul".
func validBlobID(id string) bool {
	if len(id) == 0 || len(id) > maxBlobID || windowsDeviceNames[id] {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// WriteBlob stores data as blobs/<id>, a write-once file for erasable data
// (sealed My Numbers, 本人確認 scans). core/vault calls it before appending
// the op that references the blob; data must already be sealed, this package
// never looks at it. The id is chosen by the caller: 1 to 128 characters of
// a-z and 0-9.
//
// The file is written like a segment (temporary name, fsync, close, move
// without replacing). It returns an error wrapping ErrInvalid for a bad id,
// ErrExists if the blob is already there, ErrDiskFull, or ErrUnavailable.
func (f *Folder) WriteBlob(id string, data []byte) error {
	if !validBlobID(id) {
		return invalid("invalid blob id")
	}
	if _, err := os.Stat(f.root); err != nil {
		return ioErr("write blob", err)
	}
	dir := filepath.Join(f.root, blobsDir)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return ioErr("write blob", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, id)); err == nil {
		return &detailError{msg: "write blob", kind: ErrExists}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return ioErr("write blob", err)
	}
	if err := writeFileAtomic(dir, id, f.writer, data); errors.Is(err, errAlreadyExists) {
		return &detailError{msg: "write blob", kind: ErrExists}
	} else if err != nil {
		return ioErr("write blob", err)
	}
	return nil
}

// ReadBlob returns the contents of blobs/<id>. It returns an error wrapping
// ErrInvalid for a bad id, ErrMissing if there is no such blob (for example
// after erasure), or ErrUnavailable if the vault folder cannot be read.
func (f *Folder) ReadBlob(id string) ([]byte, error) {
	if !validBlobID(id) {
		return nil, invalid("invalid blob id")
	}
	data, err := os.ReadFile(filepath.Join(f.root, blobsDir, id))
	if errors.Is(err, fs.ErrNotExist) {
		if err := f.blobsPresent(); err != nil {
			return nil, ioErr("read blob", err)
		}
		return nil, &detailError{msg: "read blob", kind: ErrMissing}
	}
	if err != nil {
		return nil, ioErr("read blob", err)
	}
	return data, nil
}

// DeleteBlob removes blobs/<id>; erasure in core/vault calls it. A blob that
// is already gone is not an error, but a vault folder that is gone is
// (ErrUnavailable): erasure must not be reported done when nothing was
// reachable. It returns ErrInvalid for a bad id.
func (f *Folder) DeleteBlob(id string) error {
	if !validBlobID(id) {
		return invalid("invalid blob id")
	}
	err := os.Remove(filepath.Join(f.root, blobsDir, id))
	if errors.Is(err, fs.ErrNotExist) {
		if err := f.blobsPresent(); err != nil {
			return ioErr("delete blob", err)
		}
		return nil
	}
	if err != nil {
		return ioErr("delete blob", err)
	}
	return nil
}

func (f *Folder) blobsPresent() error {
	_, err := os.Stat(filepath.Join(f.root, blobsDir))
	return err
}

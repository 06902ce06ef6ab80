// Package outfile writes the files Kinko hands to the user — exports,
// reports, the government-form data, the recovery sheet — so that a
// failure never leaves a half-written file behind: a USB stick pulled out,
// a full disk or a character Shift_JIS cannot hold all leave the
// destination as it was.
//
// Every file is new: it is created exclusively under a temporary name and
// renamed over the destination, so it never takes the mode (or the owner,
// or the hard links) of a file that was already there. A file holding a
// secret goes through WriteSecret, which creates it 0600.
package outfile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/kinko-jp/kinko/core/journal"
)

// Errors of the destination (without its path: callers name it).
var (
	// ErrDiskFull: the destination disk or quota is full.
	ErrDiskFull = errors.New("outfile: the destination disk is full")
	// ErrUnavailable: the destination cannot be written (a missing folder,
	// no permission, a drive or share that went away).
	ErrUnavailable = errors.New("outfile: the destination cannot be written")
)

// WriteSecret is Write for a file holding a secret — the recovery key, My
// Numbers, the access log, client data: the file is created with mode 0600
// (owner only) whatever the mode of a file it replaces. On Windows the mode
// has no effect and the file takes its folder's permissions.
func WriteSecret(path string, fn func(w io.Writer) error) error {
	return Write(path, 0o600, fn)
}

// Write creates or replaces path with what fn writes. fn writes into a
// temporary file in the same folder, which is synced and renamed to path
// only when fn and every write succeeded; otherwise the temporary file is
// removed and an existing file at path is unchanged. fn's own errors are
// returned as they are; file errors as ErrDiskFull or ErrUnavailable.
// perm is the new file's mode; an existing file's mode is never kept
// (use WriteSecret for secrets).
func Write(path string, perm os.FileMode, fn func(w io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kinko-*.tmp")
	if err != nil {
		return classify(err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return classify(err)
	}
	bw := bufio.NewWriterSize(&errWriter{w: tmp}, 64<<10)
	if err := fn(bw); err != nil {
		var we *writeError
		if errors.As(err, &we) {
			return classify(we.err)
		}
		return err
	}
	if err := bw.Flush(); err != nil {
		var we *writeError
		if errors.As(err, &we) {
			return classify(we.err)
		}
		return classify(err)
	}
	if err := tmp.Sync(); err != nil {
		return classify(err)
	}
	if err := tmp.Close(); err != nil {
		return classify(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return classify(err)
	}
	done = true
	return nil
}

// writeError marks an error of the file itself, so Write tells it from
// fn's own errors after fn wrapped or returned it.
type writeError struct{ err error }

func (e *writeError) Error() string { return "outfile: write: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

type errWriter struct{ w io.Writer }

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

// fileError keeps the cause for debugging while its message names only
// the class (the cause may hold a path).
type fileError struct{ kind, cause error }

func (e *fileError) Error() string   { return e.kind.Error() }
func (e *fileError) Unwrap() []error { return []error{e.kind, e.cause} }

func classify(err error) error {
	if journal.IsDiskFull(err) {
		return &fileError{ErrDiskFull, err}
	}
	return &fileError{ErrUnavailable, err}
}

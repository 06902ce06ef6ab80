package journal

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// The sentinel errors below are the contract: callers (core/vault, the sync
// loop, app/errors.go) match them with errors.Is and map them to stable error
// codes. Everything else in an error is detail for debugging. No error of this
// package ever contains file contents, op payloads or the vault root path; an
// underlying OS error kept for debugging (reachable with errors.As) may hold a
// path, so callers must never show a wrapped error's text to users.
var (
	// ErrCorrupt: bytes read from the vault folder are not a valid op,
	// segment or header (truncated, altered, or not written by Kinko).
	ErrCorrupt = errors.New("journal: corrupt data")

	// ErrMissing: a segment or blob that was asked for does not exist.
	ErrMissing = errors.New("journal: not found")

	// ErrUnavailable: the vault folder cannot be reached or read (the NAS is
	// gone, the share was disconnected, an I/O error, access denied). The
	// operation may succeed later; the local replica keeps working meanwhile.
	ErrUnavailable = errors.New("journal: vault folder unavailable")

	// ErrDiskFull: the vault folder's disk (or quota) is full.
	ErrDiskFull = errors.New("journal: disk full")

	// ErrExists: CreateFolder found an existing vault, or WriteBlob found a
	// blob with the same id.
	ErrExists = errors.New("journal: already exists")

	// ErrSegmentExists: WriteSegment found a segment with the same number;
	// segments are immutable and never overwritten.
	ErrSegmentExists = errors.New("journal: segment already exists")

	// ErrNotVault: OpenFolder found no kinko-vault.json, or one that does not
	// describe a Kinko vault.
	ErrNotVault = errors.New("journal: not a kinko vault folder")

	// ErrFormat: the vault folder or a segment was written in a newer format
	// than this version understands (see *FormatError). Update Kinko.
	ErrFormat = errors.New("journal: unsupported format")

	// ErrBrokenChain: a device's segments do not form an unbroken chain (see
	// *ChainError). Either something is missing or the journal was tampered
	// with; the ops before the break are still valid.
	ErrBrokenChain = errors.New("journal: broken chain")

	// ErrForeign: a well-formed segment that is not its device's own: its
	// key is not the one its device id derives from, or its signature does
	// not verify. Someone other than that PC wrote it into the PC's folder;
	// ReadChain reports it as ReasonForeign and the PC's own flush sets it
	// aside (Folder.Quarantine).
	ErrForeign = errors.New("journal: segment not signed by its device")

	// ErrInvalid: the caller passed an argument this package refuses: a
	// malformed device, vault, op or blob id, or an op or segment that would
	// not decode again (bad UTF-8, wrong device, non-consecutive Seq).
	ErrInvalid = errors.New("journal: invalid argument")
)

// FormatError is returned (it matches ErrFormat) by OpenFolder when
// kinko-vault.json declares a format newer than Format (or the unreleased
// 1), and by DecodeSegment (and so ReadSegment and ReadChain) for a segment
// whose format byte is not the one this version writes (a newer one, or the
// unreleased unsigned 1).
type FormatError struct {
	Found int // the format number found in the file
}

func (e *FormatError) Error() string {
	if e.Found < Format {
		return fmt.Sprintf("journal: format %d is older than supported (%d)", e.Found, Format)
	}
	return fmt.Sprintf("journal: format %d is newer than supported (%d)", e.Found, Format)
}

// Is makes errors.Is(err, ErrFormat) true.
func (e *FormatError) Is(target error) bool { return target == ErrFormat }

// SegmentError is returned by ReadSegment, WriteSegment and Quarantine. It
// names the segment by device id and number (never by path) and wraps the
// reason: ErrCorrupt, ErrFormat, ErrForeign, ErrMissing, ErrUnavailable,
// ErrDiskFull, ErrSegmentExists or ErrInvalid.
type SegmentError struct {
	Device string // device id (the folder under journal/)
	Number uint64 // segment number
	Err    error  // the reason; never nil
}

func (e *SegmentError) Error() string {
	return fmt.Sprintf("journal: segment %s/%d: %s", e.Device, e.Number, trimPrefix(e.Err))
}

// Unwrap returns the reason.
func (e *SegmentError) Unwrap() error { return e.Err }

// Chain break reasons reported in ChainError.Reason. They are stable strings
// that callers may map to messages; they are never renamed.
const (
	ReasonMissing        = "missing"         // a segment number is absent
	ReasonCorrupt        = "corrupt"         // the segment file does not decode (or has a newer format)
	ReasonPrevMismatch   = "prev-mismatch"   // Prev (or the number in the header) does not fit this position
	ReasonSeqGap         = "seq-gap"         // op Seq does not continue the device's sequence
	ReasonDeviceMismatch = "device-mismatch" // the segment belongs to another device's folder
	ReasonVaultMismatch  = "vault-mismatch"  // the segment belongs to another vault
	ReasonForeign        = "foreign"         // not signed by the key of the device whose folder holds it
)

// ChainError is returned by ReadChain when a device's chain of segments
// breaks. It matches ErrBrokenChain and, through Err, the cause when there is
// one (for example ErrCorrupt or ErrFormat for a segment that does not
// decode). Number is the segment where the chain breaks; every segment before
// it was returned as valid.
type ChainError struct {
	Device string // device id
	Number uint64 // the first segment that does not fit
	Reason string // one of the Reason* constants
	Err    error  // the underlying cause, or nil
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("journal: device %s: chain broken at segment %d: %s", e.Device, e.Number, e.Reason)
}

// Unwrap returns ErrBrokenChain and the cause, so errors.Is matches both.
func (e *ChainError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrBrokenChain}
	}
	return []error{ErrBrokenChain, e.Err}
}

// ioError reports a failed file operation without the path: its message
// names the operation, the sentinel (ErrUnavailable or ErrDiskFull) and the
// system error number's text, while Unwrap still reaches the original error
// (which may hold a path) for debugging.
type ioError struct {
	op    string // "read segment", "write blob", ...
	kind  error  // ErrUnavailable or ErrDiskFull
	cause error
}

func (e *ioError) Error() string {
	msg := "journal: " + e.op + ": " + trimPrefix(e.kind)
	var errno syscall.Errno
	if errors.As(e.cause, &errno) {
		msg += " (" + errno.Error() + ")"
	}
	return msg
}

func (e *ioError) Unwrap() []error { return []error{e.kind, e.cause} }

// ioErr classifies an OS error from a file operation inside the vault folder:
// disk full (ENOSPC, quota; the Windows equivalents) becomes ErrDiskFull,
// anything else ErrUnavailable. Callers decide "not found" themselves before
// calling, because only they know whether a missing file means a missing
// segment or a vanished vault folder.
func ioErr(op string, err error) error {
	kind := ErrUnavailable
	if isDiskFull(err) {
		kind = ErrDiskFull
	}
	return &ioError{op: op, kind: kind, cause: err}
}

// corrupt returns an ErrCorrupt with a positional detail. Details name fields
// and offsets only, never the bytes found there.
func corrupt(format string, args ...any) error {
	return &detailError{msg: fmt.Sprintf(format, args...), kind: ErrCorrupt}
}

// foreign returns an ErrForeign with a detail.
func foreign(format string, args ...any) error {
	return &detailError{msg: fmt.Sprintf(format, args...), kind: ErrForeign}
}

// invalid returns an ErrInvalid with a detail about the argument.
func invalid(format string, args ...any) error {
	return &detailError{msg: fmt.Sprintf(format, args...), kind: ErrInvalid}
}

// detailError is a sentinel with a detail: "journal: <detail>: <sentinel>".
type detailError struct {
	msg  string
	kind error
}

func (e *detailError) Error() string { return "journal: " + e.msg + ": " + trimPrefix(e.kind) }

func (e *detailError) Unwrap() error { return e.kind }

func trimPrefix(err error) string {
	return strings.TrimPrefix(err.Error(), "journal: ")
}

// IsDiskFull reports whether err from a file operation means the disk, or
// the user's quota on it, is full (for writers of other files, such as
// exports, that classify errors the same way).
func IsDiskFull(err error) bool { return isDiskFull(err) }

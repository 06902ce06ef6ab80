package vault

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinko-jp/kinko/core/password"
)

// Errors returned by the vault. Messages are lowercase English for
// developers; the app maps each to a stable code with Japanese words.
var (
	// ErrLocked: the call needs a logged-in user.
	ErrLocked = errors.New("vault: locked")
	// ErrWrongPassword: the login name or the password is wrong. The two
	// are not told apart, so the message cannot confirm a login name.
	ErrWrongPassword = errors.New("vault: wrong login or password")
	// ErrBusy: another Kinko process has this replica open.
	ErrBusy = errors.New("vault: replica in use by another process")
	// ErrNoReplica: no replica of this vault on this PC yet (join it first).
	ErrNoReplica = errors.New("vault: no local replica")
	// ErrNotFound: no such record, user, client or device.
	ErrNotFound = errors.New("vault: not found")
	// ErrExists: a login name or record id already in use.
	ErrExists = errors.New("vault: already exists")
	// ErrNoAccess: the logged-in user holds no key for the record's scope.
	ErrNoAccess = errors.New("vault: no key for this scope")
	// ErrInvalidOp: an op or argument that does not make sense (bad target,
	// bad payload, unknown role or level).
	ErrInvalidOp = errors.New("vault: invalid operation")
	// ErrConflict: the record has several heads; resolve it first.
	ErrConflict = errors.New("vault: record has a conflict")
	// ErrStale: the record changed since the caller read it.
	ErrStale = errors.New("vault: record changed since it was read")
	// ErrCorruptReplica: the replica file fails its consistency check or
	// holds data that does not decode.
	ErrCorruptReplica = errors.New("vault: replica is corrupt")
	// ErrWeakPassword: a new password shorter than MinPasswordLen or too
	// easy to guess. The error also holds a *password.WeakError whose
	// Reason says why (errors.As).
	ErrWeakPassword = errors.New("vault: password too weak")
	// ErrRecoveryOutdated: a password reset with the current recovery key
	// for a user whose recovery copy is still sealed to an earlier one (they
	// have not logged in since a new key was issued): the earlier sheet
	// opens it, the current one cannot.
	ErrRecoveryOutdated = errors.New("vault: user's recovery copy is for an earlier recovery key")
)

// ErrFolderDamaged: a file read from the vault folder is not what the
// vault says it must be (a blob that does not match its record's hash, or
// is missing). The damage is in the vault folder, not in this PC's replica:
// see *FolderDamageError for the file.
var ErrFolderDamaged = errors.New("vault: a file in the vault folder is damaged")

// FolderDamageError names the damaged file of the vault folder, by its
// path relative to the folder (such as "blobs/<id>"), and what is wrong
// with it: ReasonAltered or ReasonMissing. It matches ErrFolderDamaged and
// the cause (journal.ErrMissing for a missing file).
type FolderDamageError struct {
	File   string // relative to the vault folder, with forward slashes
	Reason string // ReasonAltered or ReasonMissing
	Err    error  // the cause, or nil
}

// Reasons of a FolderDamageError and of Problems of kind "blob": stable
// strings.
const (
	ReasonAltered = "altered" // the file's bytes differ from what was written
	ReasonMissing = "missing" // the file is gone
)

func (e *FolderDamageError) Error() string {
	return "vault: vault folder file " + e.File + " is damaged: " + e.Reason
}

// Unwrap returns ErrFolderDamaged and the cause.
func (e *FolderDamageError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrFolderDamaged}
	}
	return []error{ErrFolderDamaged, e.Err}
}

// MinPasswordLen is the shortest password a user may choose, in characters.
const MinPasswordLen = password.MinLength

// ThrottledError is returned by Login while a user must wait after failed
// attempts. Failures grow the wait: 3 are free, then 2 s, 4 s, 8 s … up to
// 5 minutes. The count survives restarts.
type ThrottledError struct {
	Wait time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("vault: too many failed logins, wait %v", e.Wait.Round(time.Second))
}

// Quarantine reasons, stored and shown in the audit view: stable strings.
const (
	ReasonPending       = "pending" // waits for ops it depends on
	ReasonBadSignature  = "bad-signature"
	ReasonUnknownAuthor = "unknown-author"
	ReasonDenied        = "denied"
	ReasonInvalid       = "invalid"
	ReasonWrongVault    = "wrong-vault"
	// ReasonBackdated: the op claims a time before an op it names as seen.
	ReasonBackdated = "backdated"
	// ReasonConcurrent: written concurrently with a change of its author's
	// rights that refuses it (e.g. a revocation the author had not seen).
	ReasonConcurrent = "concurrent"
)

package backup

import (
	"errors"
	"io/fs"
)

// Reasons a file could not be backed up (FileError.Reason): stable codes
// the app translates.
const (
	// ReasonLocked: another program holds the file open without sharing
	// (an open accounting database on Windows).
	ReasonLocked = "locked"
	// ReasonDenied: this PC's user may not read it.
	ReasonDenied = "denied"
	// ReasonVanished: it was deleted between listing and reading.
	ReasonVanished = "vanished"
	// ReasonChanging: it was still being written after every retry.
	ReasonChanging = "changing"
	// ReasonIO: any other read error (a bad sector, a network error).
	ReasonIO = "io"
)

// reason classifies a read error.
func reason(err error) string {
	switch {
	case isLocked(err):
		return ReasonLocked
	case errors.Is(err, fs.ErrNotExist):
		return ReasonVanished
	case errors.Is(err, fs.ErrPermission):
		return ReasonDenied
	}
	return ReasonIO
}

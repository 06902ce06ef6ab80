package backup

import (
	"errors"
	"syscall"
)

// Windows errors of a file another program holds open.
const (
	errorSharingViolation = syscall.Errno(32) // ERROR_SHARING_VIOLATION
	errorLockViolation    = syscall.Errno(33) // ERROR_LOCK_VIOLATION
)

// isLocked reports whether err is Windows refusing a file another
// program opened without sharing, or locked a range of.
func isLocked(err error) bool {
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation)
}

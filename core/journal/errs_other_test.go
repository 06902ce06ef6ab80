//go:build !windows

package journal_test

import "syscall"

// What Unix reports when the disk or the user's quota on it is full.
var (
	errDiskFull = syscall.ENOSPC
	errQuota    = syscall.EDQUOT
)

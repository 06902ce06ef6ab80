package journal_test

import "golang.org/x/sys/windows"

// What Windows reports when the disk or the user's quota on it is full.
var (
	errDiskFull = windows.ERROR_DISK_FULL
	errQuota    = windows.ERROR_DISK_QUOTA_EXCEEDED
)

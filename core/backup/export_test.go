package backup

import "time"

// SetDirReadHook makes tests see every folder a run lists from disk; the
// returned function removes the hook.
func SetDirReadHook(f func(rel string)) func() {
	dirReadHook = f
	return func() { dirReadHook = nil }
}

// SetRetryDelay shortens the wait before re-reading a changing file.
func SetRetryDelay(d time.Duration) func() {
	old := retryDelay
	retryDelay = d
	return func() { retryDelay = old }
}

package backup

import (
	"time"

	"github.com/kopia/kopia/repo"
)

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

// SetOpenHook calls f with every file a run is about to open.
func SetOpenHook(f func(rel string)) func() {
	openHook = f
	return func() { openHook = nil }
}

// Reason exposes the classification of read errors.
var Reason = reason

// ContentHash is the repository's content hash function.
func (r *Repo) ContentHash() string {
	return r.rep.(repo.DirectRepository).ContentReader().ContentFormat().GetHashFunction()
}

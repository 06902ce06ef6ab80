package journal

import "testing"

// SetTestHook makes the next file writes call h before each stage ("write",
// "sync", "rename"); an error from h fails the write at that point. Tests
// that use it must not run in parallel.
func SetTestHook(t testing.TB, h func(stage string) error) {
	old := testHook
	testHook = h
	t.Cleanup(func() { testHook = old })
}

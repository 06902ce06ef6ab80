//go:build !windows

package app

// setCaptureProtection: no portable way to exclude a window from capture
// outside Windows.
func setCaptureProtection(bool) {}

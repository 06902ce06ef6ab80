//go:build linux

package backup

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestUUIDFor matches a device number against a by-uuid folder of links to
// real device nodes (/dev/null, /dev/zero), as udev makes them for disks.
func TestUUIDFor(t *testing.T) {
	dir := t.TempDir()
	for name, dev := range map[string]string{"1111-AAAA": "/dev/zero", "2222-BBBB": "/dev/null"} {
		if err := os.Symlink(dev, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	var st syscall.Stat_t
	if err := syscall.Stat("/dev/null", &st); err != nil {
		t.Skip("no /dev/null:", err)
	}
	if got := uuidFor(uint64(st.Rdev), dir); got != "2222-BBBB" {
		t.Errorf("uuidFor(/dev/null's device) = %q, want 2222-BBBB", got)
	}
	if got := uuidFor(uint64(st.Rdev)+1000, dir); got != "" {
		t.Errorf("uuidFor(another device) = %q, want \"\"", got)
	}
	if got := uuidFor(uint64(st.Rdev), filepath.Join(dir, "missing")); got != "" {
		t.Errorf("uuidFor without a by-uuid folder = %q", got)
	}
}

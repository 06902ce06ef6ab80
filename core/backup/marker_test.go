package backup_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// newMarker makes a marker for a destination at dest (which must exist).
func newMarker(t *testing.T, dest string) backup.Marker {
	t.Helper()
	m, err := backup.NewMarker(dest, "vault-1", "USB ドライブ 1")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMarkerRoundTrip(t *testing.T) {
	dest := wintest.TempDir(t)
	m := newMarker(t, dest)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(m.ID) {
		t.Errorf("id %q is not 32 hex digits", m.ID)
	}
	if other := newMarker(t, dest); other.ID == m.ID {
		t.Error("two markers got the same id")
	}
	if err := backup.WriteMarker(dest, m); err != nil {
		t.Fatal(err)
	}
	got, err := backup.ReadMarker(dest)
	if err != nil {
		t.Fatal(err)
	}
	if *got != m {
		t.Errorf("read %+v, wrote %+v", *got, m)
	}
	// Replacing leaves only the marker: no temporary file behind.
	m.Label = "NAS"
	if err := backup.WriteMarker(dest, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := backup.ReadMarker(dest); got == nil || got.Label != "NAS" {
		t.Errorf("after replacing: %+v", got)
	}
	entries, _ := os.ReadDir(dest)
	if len(entries) != 1 || entries[0].Name() != backup.MarkerFile {
		t.Errorf("destination holds %v, want only %s", entries, backup.MarkerFile)
	}
}

func TestReadMarkerMissing(t *testing.T) {
	dest := wintest.TempDir(t)
	for _, dir := range []string{dest, filepath.Join(dest, "unplugged")} {
		if _, err := backup.ReadMarker(dir); !errors.Is(err, backup.ErrNoMarker) {
			t.Errorf("ReadMarker(%s) = %v, want ErrNoMarker", filepath.Base(dir), err)
		}
	}
}

func TestReadMarkerBad(t *testing.T) {
	good := `{"format":1,"id":"0123456789abcdef0123456789abcdef","vault":"v","label":"l","volumeId":"","created":"2026-12-05T10:00:00Z"}`
	tests := []struct{ name, data string }{
		{"empty", ""},
		{"truncated", good[:len(good)/2]},
		{"not json", "kinko"},
		{"format 2", strings.Replace(good, `"format":1`, `"format":2`, 1)},
		{"no format", strings.Replace(good, `"format":1,`, ``, 1)},
		{"short id", strings.Replace(good, `0123456789abcdef0123456789abcdef`, `0123`, 1)},
		{"upper-case id", strings.Replace(good, `0123456789abcdef0123456789abcdef`, `0123456789ABCDEF0123456789ABCDEF`, 1)},
		{"no created", strings.Replace(good, `,"created":"2026-12-05T10:00:00Z"`, ``, 1)},
		{"unknown field", strings.Replace(good, `{`, `{"extra":1,`, 1)},
		{"two objects", good + good},
		{"huge", good[:len(good)-1] + `,"label":"` + strings.Repeat("x", 70<<10) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := wintest.TempDir(t)
			writeFile(t, filepath.Join(dest, backup.MarkerFile), []byte(tt.data))
			if m, err := backup.ReadMarker(dest); !errors.Is(err, backup.ErrBadMarker) {
				t.Errorf("ReadMarker = %+v, %v; want ErrBadMarker", m, err)
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		dest := wintest.TempDir(t)
		writeFile(t, filepath.Join(dest, backup.MarkerFile), []byte(good))
		if _, err := backup.ReadMarker(dest); err != nil {
			t.Errorf("the valid marker the table derives from: %v", err)
		}
	})
}

func TestWriteMarkerRefusesBad(t *testing.T) {
	dest := wintest.TempDir(t)
	m := newMarker(t, dest)
	m.ID = "not-an-id"
	if err := backup.WriteMarker(dest, m); !errors.Is(err, backup.ErrBadMarker) {
		t.Errorf("WriteMarker with a bad id = %v, want ErrBadMarker", err)
	}
	if _, err := backup.ReadMarker(dest); !errors.Is(err, backup.ErrNoMarker) {
		t.Errorf("a refused marker was written: %v", err)
	}
}

// FuzzReadMarker: whatever a drive holds, ReadMarker does not panic, and a
// marker it accepts is written and read back unchanged.
func FuzzReadMarker(f *testing.F) {
	f.Add([]byte(`{"format":1,"id":"0123456789abcdef0123456789abcdef","vault":"v","label":"金庫","volumeId":"1A2B-3C4D","created":"2026-12-05T10:00:00+09:00"}`))
	f.Add([]byte(`{"format":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dest := wintest.TempDir(t)
		writeFile(t, filepath.Join(dest, backup.MarkerFile), data)
		m, err := backup.ReadMarker(dest)
		if err != nil {
			return
		}
		if err := backup.WriteMarker(dest, *m); err != nil {
			t.Fatal(err)
		}
		again, err := backup.ReadMarker(dest)
		if err != nil || !again.Created.Equal(m.Created) {
			t.Fatalf("re-read %+v, %v; want %+v", again, err, m)
		}
		again.Created = m.Created
		if *again != *m {
			t.Fatalf("re-read %+v, want %+v", again, m)
		}
	})
}

// TestVolumeID: the temp folder's volume has a serial on Windows; on
// Linux it is the file system's UUID when udev lists one, else "".
func TestVolumeID(t *testing.T) {
	dir := wintest.TempDir(t)
	id := backup.VolumeID(dir)
	if backup.VolumeID(dir) != id {
		t.Error("VolumeID changed between two calls")
	}
	pattern := `^$|^[0-9a-fA-F-]+$` // a UUID, or "" without udev
	if runtime.GOOS == "windows" {
		pattern = `^[0-9A-F]{4}-[0-9A-F]{4}$`
	}
	if !regexp.MustCompile(pattern).MatchString(id) {
		t.Errorf("VolumeID = %q, want %s", id, pattern)
	}
	if got := backup.VolumeID(filepath.Join(dir, "missing")); got != "" && got != id {
		t.Errorf("VolumeID of a missing path = %q", got)
	}
}

package backup_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// drives makes n folders standing for drive roots (E:\, F:\, ...).
func drives(t *testing.T, n int) []string {
	t.Helper()
	base := wintest.TempDir(t)
	roots := make([]string, n)
	for i := range roots {
		roots[i] = filepath.Join(base, "drive"+string(rune('E'+i)))
		if err := os.Mkdir(roots[i], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return roots
}

// destination makes a destination folder at dir with a new marker and
// returns the marker's id.
func destination(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m := newMarker(t, dir)
	if err := backup.WriteMarker(dir, m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func wantLocate(t *testing.T, id, hint string, roots []string, want string) {
	t.Helper()
	got, ok := backup.LocateIn(id, hint, roots)
	if want == "" {
		if ok {
			t.Errorf("LocateIn found %s, want nothing", got)
		}
		return
	}
	if !ok || got != want {
		t.Errorf("LocateIn = %q, %v; want %q", got, ok, want)
	}
}

// TestLocateMovedDrive: the drive that was E: comes back as F:; the
// destination, a folder on it, is found there by its id.
func TestLocateMovedDrive(t *testing.T) {
	r := drives(t, 2)
	old := filepath.Join(r[0], "金庫バックアップ")
	id := destination(t, old)
	wantLocate(t, id, old, r, old)

	moved := filepath.Join(r[1], "金庫バックアップ")
	if err := os.Rename(old, moved); err != nil {
		t.Fatal(err)
	}
	wantLocate(t, id, old, r, moved)
	wantLocate(t, id, "", r, moved)
}

// TestLocateRefusesOtherDrive: another office drive now sits at the old
// letter, with a marker of its own: it is not the destination, however
// the folder is named.
func TestLocateRefusesOtherDrive(t *testing.T) {
	r := drives(t, 2)
	old := filepath.Join(r[0], "backup")
	id := destination(t, old)
	if err := wintest.RemoveAll(old); err != nil {
		t.Fatal(err)
	}
	destination(t, old) // another drive, same path
	wantLocate(t, id, old, r, "")

	moved := filepath.Join(r[1], "backup")
	if got := destination(t, moved); got == id {
		t.Fatal("two destinations with one id")
	}
	wantLocate(t, id, old, r, "")
}

// TestLocateBadMarkers: a damaged marker or no marker at the hint is not
// the destination; the search goes on to the roots.
func TestLocateBadMarkers(t *testing.T) {
	r := drives(t, 2)
	dest := r[1] // the destination is a drive's root itself
	id := destination(t, dest)
	corrupt := filepath.Join(r[0], "corrupt")
	empty := filepath.Join(r[0], "empty")
	for _, d := range []string{corrupt, empty} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(corrupt, backup.MarkerFile), []byte(`{"format":1,"id":"`))
	wantLocate(t, id, corrupt, r, dest)
	wantLocate(t, id, empty, r, dest)
	wantLocate(t, id, filepath.Join(r[0], "missing"), r, dest)
	wantLocate(t, id, corrupt, r[:1], "")
}

// TestLocateDepth: a destination two folders below a root is not searched
// for (only its hint finds it): looking deeper would walk whole drives.
func TestLocateDepth(t *testing.T) {
	r := drives(t, 1)
	deep := filepath.Join(r[0], "事務所", "バックアップ")
	id := destination(t, deep)
	wantLocate(t, id, "", r, "")
	wantLocate(t, id, deep, r, deep)
}

// TestCandidateRoots: every candidate root exists and is a folder.
func TestCandidateRoots(t *testing.T) {
	for _, r := range backup.CandidateRoots() {
		st, err := os.Stat(r)
		if err != nil || !st.IsDir() {
			t.Errorf("candidate root %s: %v", r, err)
		}
		if runtime.GOOS == "windows" && (len(r) != 3 || r[0] < 'D') {
			t.Errorf("candidate root %q is not a drive root D:\\ to Z:\\", r)
		}
	}
}

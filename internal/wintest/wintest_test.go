package wintest_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestUnderWine: the Windows lane sets KINKO_WINE_LANE=1, so there the
// detection must find Wine; anywhere but Windows it never does.
func TestUnderWine(t *testing.T) {
	if os.Getenv("KINKO_WINE_LANE") == "1" && !wintest.UnderWine() {
		t.Fatal("the Windows lane runs this under Wine, but UnderWine is false")
	}
	if runtime.GOOS != "windows" && wintest.UnderWine() {
		t.Fatal("UnderWine on " + runtime.GOOS)
	}
	t.Logf("GOOS=%s, under Wine: %v", runtime.GOOS, wintest.UnderWine())
}

// tree fills dir with a nested folder, a Japanese file name and a read-only
// file, the things a test's folder holds.
func tree(t *testing.T, dir string) {
	t.Helper()
	sub := filepath.Join(dir, "金庫", "journal")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{filepath.Join(sub, "0001.seg"), filepath.Join(dir, "顧客一覧.csv")} {
		if err := os.WriteFile(name, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ro := filepath.Join(sub, "header.json")
	if err := os.WriteFile(ro, []byte("{}"), 0o400); err != nil {
		t.Fatal(err)
	}
}

func TestTempDirIsRemoved(t *testing.T) {
	var dir string
	t.Run("user", func(t *testing.T) {
		dir = wintest.TempDir(t)
		tree(t, dir)
	})
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s after the test: %v", dir, err)
	}
}

func TestRemoveAll(t *testing.T) {
	dir := filepath.Join(wintest.TempDir(t), "NAS")
	tree(t, dir)
	if err := wintest.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after RemoveAll: %v", err)
	}
	if err := wintest.RemoveAll(dir); err != nil {
		t.Fatalf("RemoveAll of nothing: %v", err)
	}
}

// TestMode: what os.Stat reports for files made with 0600 and 0400 is what
// Mode says it is, on this system.
func TestMode(t *testing.T) {
	dir := wintest.TempDir(t)
	for _, perm := range []fs.FileMode{0o600, 0o644, 0o400} {
		path := filepath.Join(dir, perm.String())
		if err := os.WriteFile(path, nil, perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, perm); err != nil { // past the umask
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != wintest.Mode(perm) {
			t.Errorf("made with %v: mode %v, Mode says %v", perm, fi.Mode().Perm(), wintest.Mode(perm))
		}
	}
	if runtime.GOOS == "windows" && wintest.Mode(0o600) != 0o666 {
		t.Errorf("Mode(0600) on Windows = %v", wintest.Mode(0o600))
	}
}

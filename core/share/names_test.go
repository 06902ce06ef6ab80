package share_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func TestSafeName(t *testing.T) {
	for _, ok := range []string{"a.txt", "決算/2026年度 試算表.csv", "顧問先A/画像/領収書①.jpg", "con-report.txt", "console.log", "COM10.txt", "a.b.c", " lead space", "nul_.txt", ".hidden"} {
		if !share.SafeName(ok) {
			t.Errorf("SafeName(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "..", "../a", "a/..", "a/../b", "/a", `\a`, `a\b`, "C:/a", "c:a", "a:b", "a/", "a//b", "./a",
		"CON", "con", "Con.txt", "PRN.pdf", "aux", "NUL", "nul.tar.gz", "COM1", "com9.txt", "LPT1", "lpt9.log", "COM¹", "AUX ", "a/NUL/b",
		"a.", "a ", "a/b./c", "a\x00b", "a\nb", "a\x7fb", "a<b", "a>b", `a"b`, "a|b", "a?b", "a*b", "\xff\xfe"} {
		if share.SafeName(bad) {
			t.Errorf("SafeName(%q) = true", bad)
		}
	}
}

func TestCollect(t *testing.T) {
	root := wintest.TempDir(t)
	_, err := share.Collect([]string{filepath.Join(root, "ない.txt")})
	var pe *share.PathError
	if !errors.Is(err, share.ErrSourceAbsent) || !errors.As(err, &pe) || filepath.Base(pe.Path) != "ない.txt" {
		t.Errorf("missing path: %v", err)
	}
	empty := filepath.Join(root, "空フォルダ")
	os.MkdirAll(filepath.Join(empty, "下"), 0o755)
	writeFile(t, filepath.Join(empty, "Thumbs.db"), []byte("x"))
	if _, err := share.Collect([]string{empty}); !errors.Is(err, share.ErrEmpty) {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := share.Collect(nil); !errors.Is(err, share.ErrEmpty) {
		t.Errorf("nothing: %v", err)
	}
	// Two chosen folders of the same name would collide in the package.
	writeFile(t, filepath.Join(root, "x", "決算", "a.txt"), []byte("1"))
	writeFile(t, filepath.Join(root, "y", "決算", "a.txt"), []byte("2"))
	if _, err := share.Collect([]string{filepath.Join(root, "x", "決算"), filepath.Join(root, "y", "決算")}); !errors.Is(err, share.ErrUnsafeName) {
		t.Errorf("duplicate names: %v", err)
	}
	// A file name Windows cannot create.
	if runtime.GOOS != "windows" {
		writeFile(t, filepath.Join(root, "z", "aux.txt"), []byte("1"))
		if _, err := share.Collect([]string{filepath.Join(root, "z")}); !errors.Is(err, share.ErrUnsafeName) {
			t.Errorf("device name: %v", err)
		}
	}
}

// Links inside a chosen folder are not followed out of it.
func TestCollectLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need a privilege on Windows")
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "outside", "secret.txt"), []byte("secret"))
	writeFile(t, filepath.Join(root, "送る", "a.txt"), []byte("a"))
	if err := os.Symlink(filepath.Join(root, "outside"), filepath.Join(root, "送る", "link-dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside", "secret.txt"), filepath.Join(root, "送る", "link.txt")); err != nil {
		t.Fatal(err)
	}
	items, err := share.Collect([]string{filepath.Join(root, "送る")})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Name != "送る/a.txt" {
		t.Fatalf("items %+v", items)
	}
}

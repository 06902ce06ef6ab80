package outfile_test

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteReplacesOnlyOnSuccess(t *testing.T) {
	dir := wintest.TempDir(t)
	path := filepath.Join(dir, "顧客一覧.csv")
	if err := outfile.Write(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != wintest.Mode(0o600) {
		t.Fatalf("mode %v, want %v", fi.Mode(), wintest.Mode(0o600))
	}
	boom := errors.New("a character Shift_JIS cannot hold")
	err := outfile.Write(path, 0o600, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("half", 1<<16))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("fn's error: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Fatalf("the old file changed: %q", b)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Fatalf("left behind: %v", names)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	err := outfile.Write(filepath.Join(wintest.TempDir(t), "gone", "x.pdf"), 0o644, func(io.Writer) error { return nil })
	if !errors.Is(err, outfile.ErrUnavailable) {
		t.Fatalf("missing folder: %v", err)
	}
}

// TestWriteDiskFull writes to a real 64 KiB tmpfs, mounted in a private
// user and mount namespace (skipped where the kernel does not allow it).
func TestWriteDiskFull(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("tmpfs needs Linux")
	}
	mnt := os.Getenv("KINKO_MNT")
	if mnt == "" {
		if _, err := exec.LookPath("unshare"); err != nil {
			t.Skip("no unshare")
		}
		if err := exec.Command("unshare", "-rm", "true").Run(); err != nil {
			t.Skip("user namespaces not allowed here")
		}
		cmd := exec.Command("unshare", "-rm", "sh", "-c",
			`mkdir -p "$0" && mount -t tmpfs -o size=64k tmpfs "$0" && KINKO_MNT="$0" exec "$1" -test.run '^TestWriteDiskFull$' -test.v`,
			filepath.Join(wintest.TempDir(t), "mnt"), os.Args[0])
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("in namespace: %v\n%s", err, out)
		}
		return
	}
	path := filepath.Join(mnt, "big.csv")
	err := outfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(make([]byte, 1<<20))
		return err
	})
	if !errors.Is(err, outfile.ErrDiskFull) {
		t.Fatalf("full disk: %v", err)
	}
	if names := entries(t, mnt); len(names) != 0 {
		t.Fatalf("left behind on the full disk: %v", names)
	}
}

// TestWriteSecretNeverKeepsTheOldMode: a secret written over an existing
// world-readable file (a recovery sheet saved over last year's) is a new
// file of mode 0600 with the new content; the old file's mode is not kept.
func TestWriteSecretNeverKeepsTheOldMode(t *testing.T) {
	dir := wintest.TempDir(t)
	tests := []struct {
		name string
		old  os.FileMode // 0: no file yet
	}{
		{"new file", 0},
		{"world-readable file", 0o644},
		{"world-writable file", 0o666},
		{"read-only file", 0o444},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".html")
			if tt.old == 0o444 && runtime.GOOS == "windows" {
				t.Skip("Windows does not replace a read-only file")
			}
			if tt.old != 0 {
				if err := os.WriteFile(path, []byte("last year's sheet"), tt.old); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.old); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			err := outfile.WriteSecret(path, func(w io.Writer) error { _, err := io.WriteString(w, "new sheet"); return err })
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path); string(b) != "new sheet" {
				t.Fatalf("content %q", b)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != wintest.Mode(0o600) { // Windows: not read-only
				t.Fatalf("mode %v, want %v", fi.Mode().Perm(), wintest.Mode(0o600))
			}
		})
	}
	if names := entries(t, dir); len(names) > len(tests) {
		t.Fatalf("left behind: %v", names)
	}
}

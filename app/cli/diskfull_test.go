//go:build linux

package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kinko-jp/kinko/app"
)

// TestDiskFull runs the CLI with the vault folder and then the data folder
// on real, tiny tmpfs mounts (in a private mount namespace: `unshare -rm`)
// and fills them. Either way the CLI must say the disk is full (exit 8), and
// vault status must call the vault folder full, not unreachable.
func TestDiskFull(t *testing.T) {
	if os.Getenv("KINKO_CLI_DISKFULL") != "" {
		t.Skip("the child runs TestDiskFullChild")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("unshare not installed")
	}
	cmd := exec.Command("unshare", "-rm", os.Args[0], "-test.run=^TestDiskFullChild$", "-test.v")
	cmd.Env = append(os.Environ(), "KINKO_CLI_DISKFULL="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "cannot mount") || (err != nil && strings.Contains(string(out), "unshare:")) {
		t.Skipf("no private tmpfs here: %s", strings.TrimSpace(string(out)))
	}
	if err != nil || !strings.Contains(string(out), "diskfull ok") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestDiskFullChild runs inside the private mount namespace.
func TestDiskFullChild(t *testing.T) {
	base := os.Getenv("KINKO_CLI_DISKFULL")
	if base == "" {
		t.Skip("run by TestDiskFull")
	}
	nas, home := filepath.Join(base, "nas"), filepath.Join(base, "pc")
	for _, m := range []struct {
		dir, size string
	}{{nas, "1m"}, {home, "8m"}} {
		os.MkdirAll(m.dir, 0o700)
		if err := syscall.Mount("tmpfs", m.dir, "tmpfs", 0, "size="+m.size); err != nil {
			fmt.Println("cannot mount:", err)
			return
		}
		defer syscall.Unmount(m.dir, syscall.MNT_DETACH)
	}
	env := map[string]string{"KINKO_HOME": home, "KINKO_PASSWORD": "shocho-pw-X7c9k2-1", "KINKO_LANG": "ja"}
	pw := writeFile(t, base, "shocho-pw-X7c9k2-1")
	if _, stderr, code := run(t, env, "vault", "init", "--folder", filepath.Join(nas, "vault"), "--name", "事務所", "--login", "shocho", "--password-file", pw); code != app.ExitOK {
		t.Fatal(stderr)
	}
	var rows strings.Builder
	rows.WriteString("顧問先コード,名称\n")
	for i := range 400 {
		fmt.Fprintf(&rows, "K-%04d,株式会社%s%d\n", i, strings.Repeat("あ", 60), i)
	}
	list := writeFile(t, base, rows.String())
	fill := func(dir string) func() {
		f, err := os.Create(filepath.Join(dir, "filler"))
		if err != nil {
			t.Fatal(err)
		}
		chunk := make([]byte, 4096)
		for {
			if _, err := f.Write(chunk); err != nil {
				break
			}
		}
		f.Close()
		return func() { os.Remove(f.Name()) }
	}

	// The vault folder's disk is full: the import is kept on this PC,
	// sync says the disk is full, and status says so too.
	free := fill(nas)
	stdout, stderr, code := run(t, env, "import", "clients", "--as", "shocho", "--file", list)
	if code != app.ExitOK || !strings.Contains(stderr, "いっぱい") {
		t.Fatalf("import with the vault folder full: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, stderr, code := run(t, env, "vault", "sync"); code != app.ExitUnavailable || !strings.Contains(stderr, "金庫フォルダのディスクがいっぱい") {
		t.Fatalf("sync with the vault folder full: exit %d, %s", code, stderr)
	}
	stdout, _, code = run(t, env, "vault", "status")
	if code != app.ExitOK || strings.Contains(stdout, "接続できません") || !strings.Contains(stdout, "ディスクがいっぱい") {
		t.Fatalf("status with the vault folder full: exit %d\n%s", code, stdout)
	}
	stdout, _, _ = run(t, map[string]string{"KINKO_HOME": home, "KINKO_LANG": "en"}, "vault", "status")
	if !strings.Contains(stdout, "disk is full") {
		t.Fatalf("status in English with the vault folder full:\n%s", stdout)
	}
	free()
	if _, stderr, code := run(t, env, "vault", "sync"); code != app.ExitOK {
		t.Fatalf("sync after freeing the vault folder's disk: exit %d, %s", code, stderr)
	}

	// This PC's data folder is full: the import fails with disk full,
	// not "an unexpected error", and nothing of it is kept.
	free = fill(home)
	rows.Reset()
	rows.WriteString("顧問先コード,名称\n")
	for i := range 2000 {
		fmt.Fprintf(&rows, "L-%04d,株式会社%s%d\n", i, strings.Repeat("い", 60), i)
	}
	list2 := writeFile(t, base, rows.String())
	stdout, stderr, code = run(t, env, "import", "clients", "--as", "shocho", "--file", list2)
	if code != app.ExitUnavailable || !strings.Contains(stderr, "データフォルダのディスクがいっぱい") {
		t.Fatalf("import with the data folder full: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// A new replica on the full disk (joining from this PC for another
	// Windows user) is not "damaged": the disk is full.
	other := map[string]string{"KINKO_HOME": filepath.Join(home, "other"), "KINKO_LANG": "ja"}
	if _, stderr, code := run(t, other, "vault", "join", "--folder", filepath.Join(nas, "vault")); code != app.ExitUnavailable || !strings.Contains(stderr, "データフォルダのディスクがいっぱい") {
		t.Fatalf("join with the data folder full: exit %d, %s", code, stderr)
	}
	free()
	stdout, stderr, code = run(t, env, "export", "clients", "--as", "shocho", "--file", filepath.Join(base, "out.csv"))
	if code != app.ExitOK {
		t.Fatalf("export after freeing the data folder's disk: exit %d\n%s\n%s", code, stdout, stderr)
	}
	out, _ := os.ReadFile(filepath.Join(base, "out.csv"))
	if strings.Contains(string(out), "L-0001") || !strings.Contains(string(out), "K-0399") {
		t.Fatalf("after the failed import the list is not the first import's:\n%.400s", out)
	}
	fmt.Println("diskfull ok")
}

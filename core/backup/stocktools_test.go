package backup_test

import (
	"bytes"
	"context"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// stockTool finds the stock command-line tool name (kopia also in
// $(go env GOPATH)/bin, where .ci/deps.sh installs it). Missing on Linux
// it fails the test: the recovery path must be proven, not skipped.
func stockTool(t *testing.T, name string) string {
	t.Helper()
	wintest.Skip(t, "the stock age and kopia here are Linux programs: Wine starts them without pipes or a process handle")
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	p := filepath.Join(build.Default.GOPATH, "bin", name)
	if runtime.GOOS == "windows" {
		p += ".exe"
	}
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if runtime.GOOS == "windows" || os.Getenv("KINKO_WINE_LANE") != "" {
		t.Skipf("%s is not installed on this Windows machine", name)
	}
	t.Fatalf("%s is missing: bash .ci/deps.sh test", name)
	return ""
}

// run runs a stock tool with env added, in dir, and returns its output;
// a failure fails the test with what it printed (which never holds the
// password: it is passed in the environment).
func run(t *testing.T, env []string, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(bin), strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// Kinko gone: the destination and the recovery sheet are enough to
// restore with the stock age and kopia tools, exactly as
// docs/backup-without-kinko.md says.
func TestRestoreWithStockTools(t *testing.T) {
	ageBin, kopiaBin := stockTool(t, "age"), stockTool(t, "kopia")
	ctx := context.Background()
	root, dest, r := engineRepo(t)
	src := filepath.Join(root, "顧問先")
	writeFile(t, filepath.Join(src, "決算", "2026年度 試算表.csv"), []byte("勘定科目,金額\n現金,1000\n"))
	randomFiles(t, src, 2, 1<<20)
	if _, err := r.Snapshot(ctx, backup.Source{Path: src}, nil); err != nil {
		t.Fatal(err)
	}
	r.Close(ctx)

	// The password file beside the repository, wrapped to the recovery key.
	rec, err := keys.NewRecovery()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dest, "repo-password.age"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := age.Encrypt(f, rec.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Step 1: the key file from the sheet's groups, with the prefix.
	work := filepath.Join(root, "手作業")
	keyFile := filepath.Join(work, "key.txt")
	writeFile(t, keyFile, []byte("AGE-SECRET-KEY-1"+strings.Join(rec.Groups(), "")+"\n"))
	// Step 2: age -d -i key.txt repo-password.age
	password := strings.TrimSpace(run(t, nil, ageBin, "-d", "-i", keyFile, filepath.Join(dest, "repo-password.age")))
	if password != testPassword {
		t.Fatal("age did not give the repository password back")
	}
	// Step 3: kopia, the password in the environment, never in argv. The
	// config, cache and logs go to the test's folder (isolation only; the
	// documented commands are otherwise unchanged).
	env := []string{
		"KOPIA_PASSWORD=" + password,
		"KOPIA_CONFIG_PATH=" + filepath.Join(work, "repository.config"),
		"KOPIA_LOG_DIR=" + filepath.Join(work, "logs"),
		"KOPIA_CHECK_FOR_UPDATES=false",
		"KOPIA_PERSIST_CREDENTIALS_ON_CONNECT=false",
		"KOPIA_USE_KEYRING=false",
		"HOME=" + work, "XDG_CACHE_HOME=" + filepath.Join(work, "cache"),
	}
	run(t, env, kopiaBin, "repository", "connect", "filesystem", "--path", filepath.Join(dest, "repository"),
		"--cache-directory", filepath.Join(work, "cache"))
	list := run(t, env, kopiaBin, "snapshot", "list", "--all")
	ids := regexp.MustCompile(`\bk[0-9a-f]{32,}\b`).FindAllString(list, -1)
	if len(ids) != 1 || !strings.Contains(list, src) {
		t.Fatalf("snapshot list shows %d snapshots of %q:\n%s", len(ids), src, list)
	}
	t.Logf("kopia snapshot list --all:\n%s", list)
	target := filepath.Join(root, "復元先")
	run(t, env, kopiaBin, "restore", ids[0], target)

	want, got := hashTree(t, src), hashTree(t, target)
	if len(got) != len(want) || len(want) != 3 {
		t.Fatalf("restored %d files, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s differs", k)
		}
	}
	// One file: the ID, then its path inside the snapshot.
	one := filepath.Join(root, "試算表.csv")
	run(t, env, kopiaBin, "restore", ids[0]+"/決算/2026年度 試算表.csv", one)
	if b, _ := os.ReadFile(one); string(b) != "勘定科目,金額\n現金,1000\n" {
		t.Fatalf("one file: %q", b)
	}
}

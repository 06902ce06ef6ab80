package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestCodeConflictVerbs: two PCs import the same client code while the
// vault folder is out of reach, then sync. `kinko vault codes` reports the
// code on both PCs (exit 6), and the exported list, imported into another
// vault, is refused with an error naming the code and its first row.
func TestCodeConflictVerbs(t *testing.T) {
	dir := wintest.TempDir(t)
	folder := filepath.Join(dir, "nas")
	pw := writeFile(t, dir, "shocho-pw-X7c9k2-1")
	pc := func(name string) map[string]string {
		return map[string]string{"KINKO_HOME": filepath.Join(dir, name), "KINKO_PASSWORD": "shocho-pw-X7c9k2-1", "KINKO_LANG": "ja"}
	}
	a, b := pc("pc-a"), pc("pc-b")
	if _, stderr, code := run(t, a, "vault", "init", "--folder", folder, "--name", "事務所", "--login", "shocho", "--password-file", pw); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if _, stderr, code := run(t, b, "vault", "join", "--folder", folder); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if stdout, stderr, code := run(t, a, "vault", "codes", "--as", "shocho"); code != app.ExitOK || !strings.Contains(stdout, "重複はありません") {
		t.Fatalf("codes before: %d %s %s", code, stdout, stderr)
	}
	// The folder is away (the NAS restarts): each PC imports on its own.
	away := folder + ".away"
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	for env, list := range map[*map[string]string]string{&a: "顧問先コード,名称\nK-1,株式会社あおば\nK-2,株式会社みどり\n", &b: "顧問先コード,名称\nK-1,株式会社そら\n"} {
		if _, stderr, code := run(t, *env, "import", "clients", "--as", "shocho", "--file", writeFile(t, dir, list)); code != app.ExitOK {
			t.Fatalf("import: %s", stderr)
		}
	}
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, env := range []map[string]string{a, b} {
			if _, stderr, code := run(t, env, "vault", "sync"); code != app.ExitOK {
				t.Fatalf("sync: %s", stderr)
			}
		}
	}
	for name, env := range map[string]map[string]string{"a": a, "b": b} {
		stdout, stderr, code := run(t, env, "vault", "codes", "--as", "shocho")
		if code != app.ExitData || !strings.Contains(stdout, "顧問先コード「K-1」: 株式会社あおば、株式会社そら") || strings.Contains(stdout, "K-2") ||
			!strings.Contains(stderr, "1 個の顧問先コードが複数の顧問先に付いています") {
			t.Fatalf("codes on PC %s: exit %d\n%s\n%s", name, code, stdout, stderr)
		}
	}
	// A verb naming a client by the shared code does not guess.
	if _, stderr, code := run(t, a, "log", "list", "--as", "shocho", "--client", "k-1"); code != app.ExitUsage || !strings.Contains(stderr, "顧問先コード「k-1」は複数の顧問先に付いています") {
		t.Fatalf("log list --client of a shared code: exit %d, %s", code, stderr)
	}
	en := pc("pc-a")
	en["KINKO_LANG"] = "en"
	if stdout, _, _ := run(t, en, "vault", "codes", "--as", "shocho"); !strings.Contains(stdout, "Client code K-1:") {
		t.Fatalf("codes in English:\n%s", stdout)
	}

	// The list as exported now, imported into another office's vault.
	out := filepath.Join(dir, "list.csv")
	if _, stderr, code := run(t, a, "export", "clients", "--as", "shocho", "--file", out); code != app.ExitOK {
		t.Fatal(stderr)
	}
	c := pc("pc-c")
	if _, stderr, code := run(t, c, "vault", "init", "--folder", filepath.Join(dir, "nas-c"), "--name", "別の事務所", "--login", "shocho", "--password-file", pw); code != app.ExitOK {
		t.Fatal(stderr)
	}
	stdout, stderr, code := run(t, c, "import", "clients", "--as", "shocho", "--file", out)
	m := regexp.MustCompile(`(\d+) 行目「顧問先コード」: 顧問先コード「K-1」は (\d+) 行目にもあります`).FindStringSubmatch(stdout)
	if code != app.ExitData || m == nil || atoi(m[1]) <= atoi(m[2]) {
		t.Fatalf("import of a list with a code twice: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

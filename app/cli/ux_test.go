package cli_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// walkHelp returns the help page of every command of the tree, in lang.
func walkHelp(t *testing.T, lang string) map[string]string {
	pages := map[string]string{}
	var walk func(path []string, c *cli.Command)
	walk = func(path []string, c *cli.Command) {
		out, errOut, code := run(t, nil, append([]string{"--lang", lang, "help"}, path...)...)
		if code != app.ExitOK {
			t.Fatalf("help %v: exit %d: %s", path, code, errOut)
		}
		pages[strings.Join(path, " ")] = out
		for _, s := range c.Subs {
			walk(append(path[:len(path):len(path)], s.Name), s)
		}
	}
	walk(nil, cli.Root())
	return pages
}

// Help pages are complete for an installed user: no page sends them to
// docs/cli.md (not installed); exit codes have their own page; `help
// export` names filing, and `help export filing` states filing's own
// default encoding (Shift_JIS), not the other exports'.
func TestHelpPages(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		pages := walkHelp(t, lang)
		if len(pages) < 20 {
			t.Fatalf("%s: only %d help pages", lang, len(pages))
		}
		for path, page := range pages {
			if strings.Contains(page, "docs/") || strings.Contains(page, ".md") {
				t.Errorf("%s: help %q points at a file installed users do not have:\n%s", lang, path, page)
			}
		}
		for _, want := range []string{"0", "7", "130"} {
			if !regexp.MustCompile(`(?m)^\s+` + want + `\s+\S`).MatchString(pages["exit-codes"]) {
				t.Errorf("%s: help exit-codes lacks %s:\n%s", lang, want, pages["exit-codes"])
			}
		}
		usage := regexp.MustCompile(`(?m)^(使い方|Usage): .*$`).FindString(pages["export"])
		if !strings.Contains(usage, "filing") {
			t.Errorf("%s: help export's usage omits filing: %q", lang, usage)
		}
	}
	ja, en := walkHelp(t, "ja")["export filing"], walkHelp(t, "en")["export filing"]
	if !regexp.MustCompile(`--encoding\s+文字コード: shift_jis（既定`).MatchString(ja) || strings.Contains(ja, "utf-8-bom（Excel 向け、既定）") {
		t.Errorf("help export filing states the wrong default encoding:\n%s", ja)
	}
	if !strings.Contains(en, "shift_jis (default") {
		t.Errorf("help export filing (en):\n%s", en)
	}
	out, _, code := run(t, nil, "exit-codes")
	if code != app.ExitOK || !strings.Contains(out, "130") {
		t.Errorf("kinko exit-codes: %d %s", code, out)
	}
}

// With no vault on the PC, a verb says which command to run next.
func TestNoVaultSaysWhatToRun(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		_, errOut, code := run(t, map[string]string{"KINKO_HOME": wintest.TempDir(t), "KINKO_LANG": lang}, "vault", "status")
		if code != app.ExitNotFound || !strings.Contains(errOut, "kinko vault init") || !strings.Contains(errOut, "kinko vault join") {
			t.Errorf("%s: exit %d: %s", lang, code, errOut)
		}
	}
}

// columnStarts is where (in terminal columns, a Japanese character
// counting two) each field of a line starts; fields are apart by two or
// more spaces.
func columnStarts(line string) []int {
	var starts []int
	col, spaces := 0, 2
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if spaces >= 2 {
				starts = append(starts, col)
			}
			spaces = 0
		}
		col += cli.CellWidth(string(r))
	}
	return starts
}

// aligned fails unless every line of the table (header first) starts its
// fields at the header's columns.
func aligned(t *testing.T, what string, lines []string) {
	t.Helper()
	want := columnStarts(lines[0])
	for _, l := range lines[1:] {
		got := columnStarts(l)
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("%s: columns do not line up:\n%s\n%s", what, lines[0], l)
				break
			}
		}
	}
}

// newOffice makes a vault with a 責任者 and a staff member whose names are
// Japanese (two columns a character), and returns the environment.
func newOffice(t *testing.T) map[string]string {
	dir := wintest.TempDir(t)
	pw := writeFile(t, dir, "shocho-pw-X7c9k2-1")
	home := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc"), "KINKO_PASSWORD": "shocho-pw-X7c9k2-1", "KINKO_NEW_PASSWORD": "sato-pw-X7c9k2-1"}
	if _, errOut, code := run(t, home, "vault", "init", "--folder", filepath.Join(dir, "NAS"), "--name", "山田税理士事務所", "--login", "shocho",
		"--user-name", "山田 太郎", "--handler", "--password-file", pw, "--sheet", filepath.Join(dir, "sheet.html")); code != app.ExitOK {
		t.Fatalf("init: %s", errOut)
	}
	if _, errOut, code := run(t, home, "user", "add", "--as", "shocho", "--login", "sato", "--name", "佐藤 花", "--role", "staff"); code != app.ExitOK {
		t.Fatalf("add: %s", errOut)
	}
	return home
}

func with(env map[string]string, k, v string) map[string]string {
	m := map[string]string{k: v}
	for k, v := range env {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	return m
}

// user list has a header and its columns line up with Japanese names; so
// do vault status's devices.
func TestListsHaveAlignedColumns(t *testing.T) {
	home := newOffice(t)
	for _, lang := range []string{"ja", "en"} {
		out, _, _ := run(t, with(home, "KINKO_LANG", lang), "user", "list")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != 3 || !strings.Contains(lines[0], map[string]string{"ja": "ログイン名", "en": "Login"}[lang]) {
			t.Fatalf("%s: user list without a header:\n%s", lang, out)
		}
		aligned(t, "user list "+lang, lines)

		out, _, _ = run(t, with(home, "KINKO_LANG", lang), "vault", "status")
		lines = strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) < 6 || !strings.HasPrefix(lines[4], "     ID") || !strings.HasPrefix(lines[5], "  *  ") {
			t.Fatalf("%s: vault status devices:\n%s", lang, out)
		}
		devices := []string{}
		for _, l := range lines[4:] {
			devices = append(devices, l[5:]) // after the "this PC" mark
		}
		aligned(t, "vault status "+lang, devices)
	}
}

var (
	westernTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2} (\d{2}:\d{2}):\d{2}`)
	warekiTime  = regexp.MustCompile(`令和\d+年\d+月\d+日 (\d{2}:\d{2}):\d{2}`)
)

// Every time the CLI shows is Japan time, as in the access log — on this
// (UTC) test machine too — written as 和暦 in Japanese and as 2026-12-05 in
// English; --json gives stable codes, never Japanese labels.
func TestTimesLanguagesAndJSONCodes(t *testing.T) {
	home := newOffice(t)
	// Minutes of the day in Japan, compared round the clock (a run at
	// midnight in Japan wraps).
	now := jst.In(time.Now())
	inJapan := func(what, hhmm string) {
		var h, m int
		fmt.Sscanf(hhmm, "%d:%d", &h, &m)
		d := (h*60 + m - (now.Hour()*60 + now.Minute()) + 1440) % 1440
		if d > 3 && d < 1440-3 {
			t.Errorf("%s shows %s, not Japan time (now %s in Japan)", what, hhmm, now.Format("15:04"))
		}
	}

	out, _, _ := run(t, home, "vault", "status")
	m := warekiTime.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("vault status (ja) without a 和暦 time:\n%s", out)
	}
	inJapan("vault status", m[1])
	out, _, _ = run(t, with(home, "KINKO_LANG", "en"), "vault", "status")
	if strings.Contains(out, "令和") || westernTime.FindString(out) == "" {
		t.Errorf("vault status --lang en:\n%s", out)
	}
	for _, args := range [][]string{{"log", "list", "--as", "shocho"}, {"vault", "status"}} {
		out, _, _ = run(t, home, append([]string{"--lang", "en"}, args...)...)
		if strings.Contains(out, "令和") {
			t.Errorf("%v --lang en prints 和暦:\n%s", args, out)
		}
		m := westernTime.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("%v --lang en has no date:\n%s", args, out)
		}
		inJapan(strings.Join(args, " "), m[1])
	}

	var st struct {
		State        string `json:"state"`
		LastSyncTime string `json:"lastSyncTime"`
	}
	out, _, _ = run(t, home, "vault", "status", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.State != "connected" || !strings.HasSuffix(st.LastSyncTime, "+09:00") {
		t.Errorf("vault status --json: %v %+v", err, st)
	}
	var users []map[string]any
	out, _, _ = run(t, home, "user", "list", "--json")
	if err := json.Unmarshal([]byte(out), &users); err != nil || users[0]["role"] != "staff" || users[1]["role"] != "admin" {
		t.Errorf("user list --json: %v %s", err, out)
	}
	var log struct {
		Entries []map[string]any `json:"entries"`
	}
	out, _, _ = run(t, home, "log", "list", "--as", "shocho", "--json")
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Entries) == 0 {
		t.Fatalf("log list --json: %v %s", err, out)
	}
	code := regexp.MustCompile(`^[a-z_.]+$`)
	for _, e := range log.Entries {
		for _, k := range []string{"action", "result", "trust"} {
			if s, _ := e[k].(string); !code.MatchString(s) {
				t.Errorf("log list --json: %s is %q, not a code", k, s)
			}
		}
		if s, _ := e["time"].(string); !strings.HasSuffix(s, "+09:00") {
			t.Errorf("log list --json: time %q", s)
		}
	}
}

// Beside the demo vault, the office's vault is the one a verb uses without
// --vault (as the window opens it at start); the demo alone is still used.
func TestOfficeVaultBesideTheDemo(t *testing.T) {
	home := newOffice(t)
	if _, errOut, code := run(t, home, "demo"); code != app.ExitOK {
		t.Fatalf("demo: %s", errOut)
	}
	out, errOut, code := run(t, home, "vault", "status")
	if code != app.ExitOK || !strings.Contains(out, "山田税理士事務所") {
		t.Fatalf("vault status beside the demo: exit %d\n%s%s", code, out, errOut)
	}
	demoOnly := map[string]string{"KINKO_HOME": wintest.TempDir(t)}
	run(t, demoOnly, "demo")
	if out, _, code := run(t, demoOnly, "vault", "status"); code != app.ExitOK || !strings.Contains(out, "デモ") {
		t.Fatalf("the demo alone: exit %d\n%s", code, out)
	}
}

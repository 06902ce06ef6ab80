package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// runWith is run with standard input and, when typed is not nil, a
// terminal on which typed are the lines entered at the prompts.
func runWith(t *testing.T, env map[string]string, stdin string, typed []string, args ...string) (stdout, stderr string, code app.ExitCode) {
	t.Helper()
	cat, err := i18n.Load(os.DirFS("../../frontend/src/locales"), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }, Cat: cat,
		DataDir: env["KINKO_HOME"], Keys: &keys.Options{WorkFactor: 10}}
	if typed != nil {
		e.ReadSecret = func(prompt string) ([]byte, error) {
			if len(typed) == 0 {
				return nil, errors.New("no more input")
			}
			line := typed[0]
			typed = typed[1:]
			return []byte(line), nil
		}
	}
	code = cli.Main(t.Context(), cli.Root(), args, e)
	return out.String(), errOut.String(), code
}

// TestMyNumberVerbs: kinko mynumber add registers a number with its
// 本人確認 — from a file, one line of standard input, or typed twice —
// through the window's acquisition, and logs it alike; the number never
// comes from argv and is never printed or logged; kinko mynumber show
// shows the record masked (issue 12: there was no CLI verb for it).
func TestMyNumberVerbs(t *testing.T) {
	const number, other = "123456789018", "000000000019"
	dir := wintest.TempDir(t)
	home := filepath.Join(dir, "pc")
	env := map[string]string{"KINKO_HOME": home, "KINKO_PASSWORD": "shocho-pw-X7c9k2-1"}
	pw := writeFile(t, dir, "shocho-pw-X7c9k2-1")
	if _, stderr, code := run(t, env, "vault", "init", "--folder", filepath.Join(dir, "nas"), "--name", "事務所", "--login", "shocho", "--handler", "--password-file", pw); code != app.ExitOK {
		t.Fatal(stderr)
	}
	clients := filepath.Join(dir, "clients.csv")
	os.WriteFile(clients, []byte("顧問先コード,名称\nA-1,株式会社あおば\n"), 0o600)
	people := filepath.Join(dir, "people.csv")
	os.WriteFile(people, []byte("顧問先コード,氏名,役割\nA-1,青葉 一郎,従業員\nA-1,青葉 花子,扶養親族\n"), 0o600)
	for _, f := range []struct{ kind, file string }{{"clients", clients}, {"people", people}} {
		if _, stderr, code := run(t, env, "import", f.kind, "--as", "shocho", "--file", f.file); code != app.ExitOK {
			t.Fatal(stderr)
		}
	}
	add := []string{"mynumber", "add", "--as", "shocho", "--client", "A-1", "--person", "青葉 一郎", "--purpose", "withholding_slip,tax_return",
		"--number-doc", "mynumber_card", "--method", "in_person"}
	var outputs []string
	check := func(name string, stdout, stderr string, code, want app.ExitCode, contains string) {
		t.Helper()
		outputs = append(outputs, stdout, stderr)
		if code != want || !strings.Contains(stdout+stderr, contains) {
			t.Fatalf("%s: exit %d (want %d)\n%s\n%s\nwant %q", name, code, want, stdout, stderr, contains)
		}
	}

	// The number on the command line is refused, not read.
	stdout, stderr, code := runWith(t, env, "", nil, append(add, number)...)
	check("number in argv", stdout, stderr, code, app.ExitUsage, "使い方が正しくありません")
	// No file, no terminal: nothing to read it from.
	stdout, stderr, code = runWith(t, env, "", nil, add...)
	check("no source", stdout, stderr, code, app.ExitUsage, "入力できません")
	// Typed twice, differently.
	stdout, stderr, code = runWith(t, env, "", []string{number, other}, add...)
	check("typed differently", stdout, stderr, code, app.ExitUsage, "一致しません")
	// A wrong check digit.
	stdout, stderr, code = runWith(t, env, "", nil, append(add, "--number-file", writeFile(t, dir, "123456789012"))...)
	check("check digit", stdout, stderr, code, app.ExitData, "検査用数字")
	// From a file.
	stdout, stderr, code = runWith(t, env, "", nil, append(add, "--number-file", writeFile(t, dir, number))...)
	check("from a file", stdout, stderr, code, app.ExitOK, "青葉 一郎 さんの個人番号を登録しました（**** **** 9018、利用目的: 源泉徴収票")
	// A second time needs --replace; then from standard input.
	stdout, stderr, code = runWith(t, env, other+"\n", nil, append(add, "--number-file", "-")...)
	check("again", stdout, stderr, code, app.ExitData, "すでに")
	stdout, stderr, code = runWith(t, env, other+"\n", nil, append(add, "--number-file", "-", "--replace")...)
	check("replace from stdin", stdout, stderr, code, app.ExitOK, "**** **** 0019")
	// Typed twice at the prompt, for another person, by id of client.
	cid := clientOf(t, home, "shocho-pw-X7c9k2-1", "A-1")
	stdout, stderr, code = runWith(t, env, "", []string{number, number}, "mynumber", "add", "--as", "shocho", "--client", cid, "--person", "青葉花子",
		"--purpose", "dependents_declaration", "--number-doc", "notification_card", "--identity-doc", "drivers_license", "--method", "mail", "--verified-at", "令和8年4月1日")
	check("typed twice", stdout, stderr, code, app.ExitOK, "青葉 花子 さんの個人番号を登録しました")
	if !strings.Contains(stdout, "通知カード") {
		t.Fatalf("the 通知カード warning is not shown: %s", stdout)
	}

	// Shown masked, in Japanese and English, and as JSON.
	stdout, stderr, code = run(t, env, "mynumber", "show", "--as", "shocho", "--client", "A-1", "--person", "青葉 花子")
	check("show", stdout, stderr, code, app.ExitOK, "青葉 花子: **** **** 9018")
	if !strings.Contains(stdout, "通知カード、運転免許証（郵送、2026-04-01 shocho）") {
		t.Fatalf("show: %s", stdout)
	}
	stdout, stderr, code = run(t, env, "--lang", "en", "mynumber", "show", "--as", "shocho", "--client", "A-1", "--person", "青葉 花子")
	check("show in english", stdout, stderr, code, app.ExitOK, "purposes: ")
	stdout, stderr, code = run(t, env, "mynumber", "show", "--as", "shocho", "--client", "A-1", "--person", "青葉 一郎", "--json")
	check("show json", stdout, stderr, code, app.ExitOK, `"masked": "**** **** 0019"`)
	var view app.NumberView
	if err := json.Unmarshal([]byte(stdout), &view); err != nil || view.Role != "employee" {
		t.Fatalf("json: %v %+v", err, view)
	}

	// Help in both languages.
	stdout, _, code = run(t, nil, "mynumber", "add", "--help")
	check("help", stdout, "", code, app.ExitOK, "--number-file")
	if !strings.Contains(stdout, "本人確認") || !strings.Contains(stdout, "コマンドラインでは受け取りません") {
		t.Fatalf("help: %s", stdout)
	}
	stdout, _, code = run(t, nil, "--lang", "en", "mynumber", "add", "--help")
	check("help in english", stdout, "", code, app.ExitOK, "never taken from the command line")

	// Logged as the window logs an acquisition: the person's number record,
	// the purposes, from the command line; never the number.
	var acquired []audit.Entry
	log := readLog(t, home, "shocho", "shocho-pw-X7c9k2-1")
	for _, e := range log {
		if e.Action == audit.NumberAcquire {
			acquired = append(acquired, e)
		}
	}
	var ok []audit.Entry
	for _, e := range acquired {
		if e.Result == audit.ResultOK {
			ok = append(ok, e)
		}
	}
	if len(ok) != 3 || !strings.HasPrefix(ok[0].Target, "mynumber/"+cid+"/") || ok[0].Detail != "purposes=withholding_slip,tax_return cli" ||
		!strings.Contains(ok[0].Label, "青葉 一郎（株式会社あおば）") {
		t.Fatalf("acquisition entries: %+v", ok)
	}
	b, _ := json.Marshal(log)
	for _, s := range append(outputs, string(b)) {
		for _, n := range []string{number, other, "1234 5678 9018", "1234-5678-9018"} {
			if strings.Contains(s, n) {
				t.Fatal("a My Number reached the output or the access log")
			}
		}
	}
}

package cli_test

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/keys"
)

// catalogKey matches an untranslated message key such as "errors.cli.usage".
var catalogKey = regexp.MustCompile(`(^|[\s:：])(cli|errors)\.[a-z_]+`)

func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code app.ExitCode) {
	t.Helper()
	cat, err := i18n.Load(os.DirFS("../../frontend/src/locales"), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }, Cat: cat,
		DataDir: env["KINKO_HOME"], Keys: &keys.Options{WorkFactor: 10}}
	code = cli.Main(t.Context(), cli.Root(), args, e)
	return out.String(), errOut.String(), code
}

func TestVerbs(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		code      app.ExitCode
		stdout    string // substring expected on stdout
		stderr    string // substring expected on stderr
		notStdout string
	}{
		{name: "version", args: []string{"version"}, code: app.ExitOK, stdout: "kinko " + app.Version},
		{name: "help is japanese by default", args: []string{"help"}, code: app.ExitOK, stdout: "使い方"},
		{name: "help lists verbs", args: []string{"help"}, code: app.ExitOK, stdout: "version"},
		{name: "help in english by flag", args: []string{"--lang", "en", "help"}, code: app.ExitOK, stdout: "Usage", notStdout: "使い方"},
		{name: "help in english by locale", env: map[string]string{"LANG": "en_US.UTF-8"}, args: []string{"help"}, code: app.ExitOK, stdout: "Usage"},
		{name: "KINKO_LANG wins over LANG", env: map[string]string{"LANG": "en_US.UTF-8", "KINKO_LANG": "ja"}, args: []string{"help"}, code: app.ExitOK, stdout: "使い方"},
		{name: "help for one verb", args: []string{"help", "version"}, code: app.ExitOK, stdout: "kinko version"},
		{name: "--help", args: []string{"--help"}, code: app.ExitOK, stdout: "コマンド"},
		{name: "verb --help", args: []string{"version", "--help"}, code: app.ExitOK, stdout: "バージョンを表示します"},
		{name: "unknown verb", args: []string{"frobnicate"}, code: app.ExitUsage, stderr: "「kinko frobnicate」というコマンドはありません"},
		{name: "unknown verb in english", args: []string{"--lang=en", "frobnicate"}, code: app.ExitUsage, stderr: `There is no command "kinko frobnicate"`},
		{name: "help for unknown verb", args: []string{"help", "nope"}, code: app.ExitUsage, stderr: "kinko nope"},
		{name: "unknown flag", args: []string{"version", "--bogus"}, code: app.ExitUsage, stderr: "「kinko version」の使い方が正しくありません"},
		{name: "no verb prints help as usage error", args: []string{"--lang", "ja"}, code: app.ExitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(t, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit code = %d, want %d (stderr: %s)", code, tc.code, errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tc.stdout)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.stderr)
			}
			if tc.notStdout != "" && strings.Contains(out, tc.notStdout) {
				t.Errorf("stdout %q contains %q", out, tc.notStdout)
			}
			for _, s := range []string{out, errOut} {
				if catalogKey.MatchString(s) {
					t.Errorf("untranslated catalog key in output: %q", s)
				}
			}
		})
	}
}

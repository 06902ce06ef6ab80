// Package cli is Kinko's command-line face: the same binary as the GUI, run
// with a verb ("kinko version", later "kinko vault verify"). It is for
// scheduled tasks, scripts, support and tests.
//
// Rules every verb follows:
//   - messages come from the same catalog as the GUI, Japanese first;
//   - errors are printed as their translated code, never as core's English
//     text, and the process exits with the stable code of app.ExitCode;
//   - passwords come from a prompt, a file (--password-file) or an environment
//     variable, never from the command line (argv is visible to every process);
//   - output meant for scripts goes to stdout, messages to stderr;
//   - every verb on a vault runs through Env.withVault (vault.go), which
//     logs the --as user in and writes the verb's one access-log entry
//     through app.Session, as the window's services do: no verb opens a
//     vault or logs in any other way.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
)

// Env is what a verb may use of the outside world. Tests fill it with
// buffers; Main fills it from the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Cat    *i18n.Catalog
	Lang   i18n.Lang
	// ReadSecret asks for a password on the terminal without echo; nil
	// where there is no terminal (tests), so secrets must come from a file
	// or the environment.
	ReadSecret func(prompt string) ([]byte, error)
	// DataDir is the local app-data folder (app.DefaultDataDir).
	DataDir string
	// Keys lowers the scrypt cost of new password seals in tests; nil
	// (production) is age's default.
	Keys *keys.Options
	// Keychain keeps backup passwords on this PC (kinko backup); nil is
	// the OS keychain where there is one.
	Keychain keychain.Keychain

	verb string // the verb Main runs ("export.clients"), for its login entry
}

// T translates key in the verb's language.
func (e *Env) T(key string, params map[string]any) string {
	return e.Cat.T(e.Lang, key, params)
}

// Command is one verb or group of verbs. Summary and Usage are catalog keys.
// A group has Subs and no Run.
type Command struct {
	Name    string
	Summary string
	Usage   string
	Flags   func(fs *flag.FlagSet)
	Run     func(ctx context.Context, env *Env, fs *flag.FlagSet) error
	Subs    []*Command
	// Help, when set, writes more of the help page after the options
	// (a topic such as exit-codes).
	Help func(w io.Writer, env *Env)
}

func (c *Command) find(name string) *Command {
	for _, s := range c.Subs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// usageError is returned for a wrong command line; its code is cli.usage or
// cli.unknown_command.
func usageError(code string, params map[string]any) error {
	return &app.Error{Code: code, Params: params}
}

// Main runs the verb named by args (without the program name) and returns
// the exit code. Global flag: --lang ja|en (default: $KINKO_LANG, then the
// locale; Japanese unless English is asked for).
func Main(ctx context.Context, root *Command, args []string, env *Env) app.ExitCode {
	env.Lang = LangFromEnv(env.Getenv)
	args = takeLang(args, env)

	cmd, path, rest := root, []string{root.Name}, args
	for len(cmd.Subs) > 0 && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		sub := cmd.find(rest[0])
		if sub == nil {
			return fail(env, usageError(app.CodeUnknownVerb, map[string]any{"command": strings.Join(append(path, rest[0]), " ")}))
		}
		cmd, path, rest = sub, append(path, sub.Name), rest[1:]
	}
	if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help" || rest[0] == "help") && cmd.Run == nil {
		printHelp(env.Stdout, env, cmd)
		return app.ExitOK
	}
	if cmd.Run == nil {
		printHelp(env.Stderr, env, cmd)
		return app.ExitUsage
	}

	env.verb = strings.Join(path[1:], ".")
	fs := flag.NewFlagSet(strings.Join(path, " "), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // flag's own English messages are replaced by ours
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(env.Stdout, env, cmd)
			return app.ExitOK
		}
		printHelp(env.Stderr, env, cmd)
		return fail(env, usageError(app.CodeUsage, map[string]any{"command": strings.Join(path, " ")}))
	}
	return fail(env, cmd.Run(ctx, env, fs))
}

// LangFromEnv picks the message language from $KINKO_LANG, then the locale
// variables; Japanese unless English is asked for.
func LangFromEnv(getenv func(string) string) i18n.Lang {
	return i18n.ParseLang(firstNonEmpty(getenv("KINKO_LANG"), getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG")))
}

// fail prints err translated and returns its exit code; ExitOK for nil.
func fail(env *Env, err error) app.ExitCode {
	if err == nil {
		return app.ExitOK
	}
	e := app.ToError(err)
	fmt.Fprintf(env.Stderr, "kinko: %s\n", env.T("errors."+e.Code, e.Params))
	return app.ExitCodeOf(err)
}

// takeLang removes a leading --lang flag (either form) and applies it.
func takeLang(args []string, env *Env) []string {
	out := args[:0:0]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--lang" && i+1 < len(args):
			env.Lang = i18n.ParseLang(args[i+1])
			i++
		case strings.HasPrefix(a, "--lang="):
			env.Lang = i18n.ParseLang(strings.TrimPrefix(a, "--lang="))
		default:
			out = append(out, a)
		}
	}
	return out
}

func printHelp(w io.Writer, env *Env, cmd *Command) {
	fmt.Fprintf(w, "%s\n\n", env.T(cmd.Summary, nil))
	fmt.Fprintf(w, "%s: %s\n", env.T("cli.usage_label", nil), env.T(cmd.Usage, nil))
	if len(cmd.Subs) > 0 {
		fmt.Fprintf(w, "\n%s:\n", env.T("cli.commands_label", nil))
		for _, s := range cmd.Subs {
			fmt.Fprintf(w, "  %-10s %s\n", s.Name, env.T(s.Summary, nil))
		}
	}
	if cmd.Flags != nil {
		fs := flag.NewFlagSet("", flag.ContinueOnError)
		cmd.Flags(fs)
		first := true
		fs.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintf(w, "\n%s:\n", env.T("cli.options_label", nil))
				first = false
			}
			fmt.Fprintf(w, "  --%-12s %s\n", f.Name, env.T(f.Usage, nil))
		})
	}
	if cmd.Help != nil {
		cmd.Help(w, env)
	}
	fmt.Fprintf(w, "\n%s\n", env.T("cli.help_footer", nil))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// ProcessEnv returns an Env bound to the process's standard streams.
func ProcessEnv(cat *i18n.Catalog) *Env {
	dataDir, _ := app.DefaultDataDir()
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Cat: cat,
		ReadSecret: terminalSecret, DataDir: dataDir}
}

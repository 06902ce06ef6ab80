package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/app"
)

// Root returns the tree of verbs. Flag usages and summaries are catalog keys.
func Root() *Command {
	root := &Command{
		Name:    "kinko",
		Summary: "cli.root.summary",
		Usage:   "cli.root.usage",
	}
	root.Subs = []*Command{
		vaultCommands(),
		userCommands(),
		demoCommand(),
		importCommands(),
		exportCommands(),
		mynumberCommands(),
		reportCommands(),
		logCommands(),
		backupCommands(),
		shareCommands(),
		{
			Name:    "version",
			Summary: "cli.version.summary",
			Usage:   "cli.version.usage",
			Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
				fmt.Fprintf(env.Stdout, "kinko %s (%s, %s/%s, %s)\n", app.Version, app.Commit, runtime.GOOS, runtime.GOARCH, runtime.Version())
				return nil
			},
		},
		exitCodesCommand(),
		{
			Name:    "help",
			Summary: "cli.help.summary",
			Usage:   "cli.help.usage",
			Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
				cmd, path := root, []string{root.Name}
				for _, name := range fs.Args() {
					sub := cmd.find(name)
					if sub == nil {
						return usageError(app.CodeUnknownVerb, map[string]any{"command": strings.Join(append(path, name), " ")})
					}
					cmd, path = sub, append(path, name)
				}
				printHelp(env.Stdout, env, cmd)
				return nil
			},
		},
	}
	addBackupRecover(root) // backup_newpc.go
	return root
}

// exitCodes are the stable exit codes (app/exitcode.go), in order; their
// words are cli.exit_codes.<n>.
var exitCodes = []app.ExitCode{app.ExitOK, app.ExitFailure, app.ExitUsage, app.ExitAuth, app.ExitNotFound, app.ExitDenied,
	app.ExitData, app.ExitIntegrity, app.ExitUnavailable, app.ExitBusy, app.ExitExpired, app.ExitInterrupted}

// exitCodesCommand is `kinko help exit-codes` (and `kinko exit-codes`):
// the exit codes scripts test, so an installed user needs no docs folder.
func exitCodesCommand() *Command {
	c := &Command{Name: "exit-codes", Summary: "cli.exit_codes.summary", Usage: "cli.exit_codes.usage"}
	c.Help = func(w io.Writer, env *Env) {
		fmt.Fprintf(w, "\n%s:\n", env.T("cli.exit_codes.title", nil))
		for _, code := range exitCodes {
			n := strconv.Itoa(int(code))
			fmt.Fprintf(w, "  %3s  %s\n", n, env.T("cli.exit_codes."+n, nil))
		}
	}
	c.Run = func(_ context.Context, env *Env, _ *flag.FlagSet) error {
		c.Help(env.Stdout, env)
		return nil
	}
	return c
}

package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
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
		{
			Name:    "version",
			Summary: "cli.version.summary",
			Usage:   "cli.version.usage",
			Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
				fmt.Fprintf(env.Stdout, "kinko %s (%s, %s/%s, %s)\n", app.Version, app.Commit, runtime.GOOS, runtime.GOARCH, runtime.Version())
				return nil
			},
		},
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
	return root
}

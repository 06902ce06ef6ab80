package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/office"
)

// demoCommand creates (or reopens) the demo vault with invented data.
// OpenDemo writes its entry (the demo vault's creation, or the login) as
// withVault would: the demo vault is not this PC's vault, so it has a
// door of its own.
func demoCommand() *Command {
	return &Command{
		Name: "demo", Summary: "cli.demo.summary", Usage: "cli.demo.usage",
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			v, err := app.OpenDemo(env.vaultOptions(), time.Now, app.DoorCLI)
			if err != nil {
				return err
			}
			defer v.Close()
			fmt.Fprintln(env.Stdout, env.T("cli.demo.done", map[string]any{"name": v.Name(), "id": v.ID(), "folder": v.Folder(),
				"login": app.DemoLogin, "password": office.DemoPassword}))
			return nil
		},
	}
}

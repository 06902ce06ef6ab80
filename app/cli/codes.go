package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
)

// vaultCodes is `kinko vault codes`: the client codes several clients the
// user can read share (two PCs registered the same code before they
// synced). It exits with 6 (records.code_conflicts) while there are any.
func vaultCodes() *Command {
	var f vaultFlags
	return &Command{
		Name: "codes", Summary: "cli.vault.codes.summary", Usage: "cli.vault.codes.usage",
		Flags: func(fs *flag.FlagSet) { f.register(fs, true) },
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			return env.withVault(&f, audit.VaultVerify, func(u *use) error {
				u.Vault.Sync(nil) // the other PCs' clients first; an unreachable folder lists this PC's
				list, err := office.New(u.Vault).CodeConflicts()
				if err != nil {
					return err
				}
				u.entry.Detail = "codes=" + strconv.Itoa(len(list))
				if f.json {
					if err := env.printJSON(list); err != nil {
						return err
					}
				} else {
					for _, c := range list {
						names := make([]string, len(c.Clients))
						for i, h := range c.Clients {
							names[i] = h.Name
						}
						fmt.Fprintln(env.Stdout, env.T("cli.vault.codes.conflict", map[string]any{"code": c.Code, "clients": strings.Join(names, "、")}))
					}
				}
				if len(list) > 0 {
					if !f.json {
						fmt.Fprintln(env.Stdout, env.T("cli.vault.codes.help", nil))
					}
					return &app.Error{Code: "records.code_conflicts", Params: map[string]any{"count": len(list)}}
				}
				if !f.json {
					fmt.Fprintln(env.Stdout, env.T("cli.vault.codes.ok", nil))
				}
				return nil
			})
		},
	}
}

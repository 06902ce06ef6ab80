package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
)

// vaultHeld is `kinko vault held`: a 責任者 lists the record edits held
// because their author's rights were withdrawn concurrently (or refused) —
// who, when, which record, why; never their content.
func vaultHeld() *Command {
	var f vaultFlags
	return &Command{
		Name: "held", Summary: "cli.vault.held.summary", Usage: "cli.vault.held.usage",
		Flags: func(fs *flag.FlagSet) { f.register(fs, true) },
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			return env.withVault(&f, audit.VaultStatus, func(u *use) error {
				hs, err := u.Vault.HeldChanges()
				if err != nil {
					return err
				}
				u.entry.Detail = "held=" + strconv.Itoa(len(hs))
				names := map[string]string{}
				for _, a := range u.Vault.Accounts() {
					names[a.ID] = a.Name
				}
				if f.json {
					return env.printJSON(hs)
				}
				if len(hs) == 0 {
					fmt.Fprintln(env.Stdout, env.T("cli.vault.held.none", nil))
					return nil
				}
				off := office.New(u.Vault)
				for _, h := range hs {
					record := h.Target
					if l := app.HeldEntry(off, audit.ClientView, h.Target).Label; l != "" {
						record += "（" + l + "）"
					}
					fmt.Fprintln(env.Stdout, env.T("cli.vault.held.line", map[string]any{
						"op": h.Op, "author": names[h.Author], "time": env.when(h.Time),
						"record": record, "reason": env.T("problems.quarantine."+h.Reason, nil)}))
				}
				return nil
			})
		},
	}
}

// vaultReapply is `kinko vault reapply --op <id>`: a 責任者 writes a held
// record edit's content again as a new version under their own name; the
// held edit stays held.
func vaultReapply() *Command {
	var f vaultFlags
	var op string
	return &Command{
		Name: "reapply", Summary: "cli.vault.reapply.summary", Usage: "cli.vault.reapply.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&op, "op", "", "cli.flag.op")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if f.asUser == "" || op == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko vault reapply"})
			}
			return env.withVault(&f, audit.ClientEdit, func(u *use) error {
				u.entry = app.HeldEntry(office.New(u.Vault), audit.ClientEdit, app.HeldTarget(u.Vault, op))
				u.entry.Detail = "reapply=" + op
				id, err := app.Reapply(u.Vault, op)
				if err != nil {
					return err
				}
				u.changed = true
				fmt.Fprintln(env.Stdout, env.T("cli.vault.reapply.done", map[string]any{"op": op, "version": id}))
				return nil
			})
		},
	}
}

package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

// logCommands: kinko log verify — the access log's tamper check.
func logCommands() *Command {
	return &Command{
		Name: "log", Summary: "cli.log.summary", Usage: "cli.log.usage",
		Subs: []*Command{logVerify()},
	}
}

func logVerify() *Command {
	var f vaultFlags
	return &Command{
		Name: "verify", Summary: "cli.log.verify.summary", Usage: "cli.log.verify.usage",
		Flags: func(fs *flag.FlagSet) { f.register(fs, true) },
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			v, err := env.login(&f)
			if err != nil {
				return err
			}
			defer v.Close()
			v.Sync(nil) // what this PC holds goes to the folder first; an unreachable folder fails below
			rpt, err := v.VerifyLog(ctx, nil)
			lerr := v.Log(audit.Entry{Action: audit.LogVerify, Detail: fmt.Sprintf("problems=%d cli", problemCount(rpt)), Result: result(err)})
			if err != nil {
				return err
			}
			if lerr != nil {
				return lerr
			}
			if f.json {
				if err := env.printJSON(rpt); err != nil {
					return err
				}
			} else {
				printLogReport(env, v, rpt)
			}
			if !rpt.OK() {
				return &app.Error{Code: "log.tampered", Params: map[string]any{"problems": len(rpt.Problems)}}
			}
			return nil
		},
	}
}

func problemCount(r *audit.Report) int {
	if r == nil {
		return 0
	}
	return len(r.Problems)
}

// printLogReport writes the verification in words: counts, then each
// problem with the PC and users it names, then torn and open tails.
func printLogReport(env *Env, v *vault.Vault, r *audit.Report) {
	n := app.LogNames(v)
	fmt.Fprintln(env.Stdout, env.T("cli.log.verify.counts", map[string]any{"devices": r.Devices, "ops": r.Ops, "entries": r.Entries, "checkpoints": r.Checkpoints}))
	for _, p := range r.Problems {
		fmt.Fprintln(env.Stdout, "  "+app.DescribeProblem(func(k string, p map[string]any) string { return env.T(k, p) }, n, p))
	}
	for _, t := range r.Torn {
		fmt.Fprintln(env.Stdout, "  "+env.T("audit.verify.torn", map[string]any{"device": n.Device(t.Device), "after": t.After}))
	}
	for _, t := range r.Tails {
		if t.Unsigned > 0 {
			fmt.Fprintln(env.Stdout, "  "+env.T("audit.verify.unsigned", map[string]any{"device": n.Device(t.Device), "count": t.Unsigned}))
		}
	}
	if r.OK() {
		fmt.Fprintln(env.Stdout, env.T("audit.verify.ok", nil))
	}
}

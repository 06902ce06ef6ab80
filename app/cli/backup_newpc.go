package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
)

// addBackupRecover adds `kinko backup recover` to the backup verbs (a
// group of its own when they are not there): the new-PC restore from a
// destination and the recovery key alone. It is a verb of its own, not a
// flag of `backup restore`, which restores from a plan of an open vault.
func addBackupRecover(root *Command) {
	g := root.find("backup")
	if g == nil {
		g = &Command{Name: "backup", Summary: "cli.backup_recover.summary", Usage: "cli.backup_recover.usage"}
		root.Subs = append(root.Subs, g)
	}
	g.Subs = append(g.Subs, backupRecover())
}

// folderMap is a repeatable --folder <source>=<target>.
type folderMap map[string]string

func (m folderMap) String() string { return "" }

func (m folderMap) Set(s string) error {
	src, dst, ok := strings.Cut(s, "=")
	if !ok || src == "" || dst == "" {
		return fmt.Errorf("--folder %s", s)
	}
	m[src] = dst
	return nil
}

func backupRecover() *Command {
	var from, to, recFile string
	var asJSON bool
	folders := folderMap{}
	return &Command{
		Name: "recover", Summary: "cli.backup_recover.summary", Usage: "cli.backup_recover.usage",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&from, "from", "", "cli.backup_recover.from")
			fs.StringVar(&to, "to", "", "cli.backup_recover.to")
			fs.Var(folders, "folder", "cli.backup_recover.folder")
			fs.StringVar(&recFile, "recovery-file", "", "cli.flag.recovery_file")
			fs.BoolVar(&asJSON, "json", false, "cli.flag.json")
		},
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			if from == "" || to == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko backup recover"})
			}
			key, err := env.secret(secretSource{file: recFile, envVar: "KINKO_RECOVERY_KEY", prompt: "cli.prompt.recovery"}, false)
			if err != nil {
				return err
			}
			rec, err := keys.ParseRecovery(string(key))
			clear(key)
			if err != nil {
				return err
			}
			res, err := app.RestoreFromDestination(ctx, from, rec, env.DataDir, to, folders, nil)
			if err != nil {
				return err
			}
			// The restored folder is joined as any vault folder is; nobody
			// is logged in, so the entry has no user.
			v, err := vault.Join(res.Vault, env.vaultOptions())
			if err != nil {
				return err
			}
			defer v.Close()
			if err := app.TraceNewPC(app.Session{Vault: v, Door: app.DoorCLI}, from, res); err != nil {
				return err
			}
			if asJSON {
				return env.printJSON(res)
			}
			fmt.Fprintln(env.Stdout, env.T("cli.backup_recover.done", map[string]any{"name": v.Name(), "folder": res.Vault, "files": res.Files, "erased": res.Erased}))
			for src, dst := range res.Folders {
				fmt.Fprintln(env.Stdout, env.T("cli.backup_recover.folder_done", map[string]any{"source": src, "target": dst}))
			}
			return nil
		},
	}
}

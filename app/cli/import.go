package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
)

// importCommands: kinko import clients|people. The file — CSV or an Excel
// workbook (.xlsx) — is read, mapped by its column titles, validated and
// shown; with no row errors (and without
// --dry-run) every row is written in one batch, or none.
func importCommands() *Command {
	return &Command{
		Name: "import", Summary: "cli.import.summary", Usage: "cli.import.usage",
		Subs: []*Command{importVerb(office.ImportClients), importVerb(office.ImportPeople)},
	}
}

func importVerb(kind office.ImportKind) *Command {
	var f vaultFlags
	var file, encName, hide string
	var dryRun, ownerOnly bool
	return &Command{
		Name: string(kind), Summary: "cli.import." + string(kind) + ".summary", Usage: "cli.import." + string(kind) + ".usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.file")
			fs.StringVar(&encName, "encoding", "auto", "cli.flag.encoding")
			fs.BoolVar(&dryRun, "dry-run", false, "cli.flag.dry_run")
			if kind == office.ImportClients {
				fs.StringVar(&hide, "hide", "", "cli.flag.hide")
				fs.BoolVar(&ownerOnly, "owner-only", false, "cli.flag.owner_only")
			}
		},
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			if file == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko import " + string(kind)})
			}
			if encName != "auto" {
				if _, err := jtext.ParseEncoding(encName); err != nil {
					return err
				}
			}
			in, err := os.Open(file)
			if err != nil {
				return &app.Error{Code: "cli.file_read"}
			}
			defer in.Close()
			return env.withVault(&f, audit.Import, func(u *use) error {
				u.entry.Label, u.entry.Detail = filepath.Base(file), string(kind)
				acc, err := importAccess(u.Vault, hide, ownerOnly)
				if err != nil {
					return err
				}
				n, err := importFile(ctx, env, u, kind, file, in, encName, dryRun, acc)
				u.entry.Detail += " " + app.Rows(n)
				if dryRun {
					u.entry.Detail += " dry_run"
				}
				return err
			})
		},
	}
}

// importFile reads, shows and (unless dryRun) imports the file; n is the
// rows imported, or read on a dry run.
func importFile(ctx context.Context, env *Env, u *use, kind office.ImportKind, file string, in io.Reader, encName string, dryRun bool, acc vault.NewClient) (n int, err error) {
	off := office.New(u.Vault)
	codes, err := off.CodeIndex()
	if err != nil {
		return 0, err
	}
	// A workbook (.xlsx) or a CSV file, told by content, then name.
	p, err := office.ParseFile(kind, file, in, encName, nil, codes)
	if err != nil {
		return 0, err
	}
	var mapped []string
	for i, m := range p.Mapping {
		if m != "" {
			mapped = append(mapped, p.Header[i]+"→"+env.T("import.field."+m, nil))
		}
	}
	if p.Format == office.FormatXLSX {
		fmt.Fprintln(env.Stdout, env.T("cli.import.read_xlsx", map[string]any{"rows": p.Rows, "columns": strings.Join(mapped, "、")}))
	} else {
		fmt.Fprintln(env.Stdout, env.T("cli.import.read", map[string]any{"rows": p.Rows, "encoding": p.Encoding.String(), "columns": strings.Join(mapped, "、")}))
	}
	for _, e := range p.Errors {
		key := "cli.import.row_error"
		if e.Cell != "" {
			key = "cli.import.row_error_cell" // a workbook's cell, as Excel names it
		}
		fmt.Fprintln(env.Stdout, "  "+env.T(key, map[string]any{"row": e.Row, "column": e.Column, "cell": e.Cell,
			"problem": env.T(rowErrorKey(e.Code), map[string]any{"value": e.Value, "first": e.First})}))
	}
	if len(p.Errors) > 0 {
		return 0, office.ErrRowsInvalid
	}
	if dryRun {
		fmt.Fprintln(env.Stdout, env.T("cli.import.dry_run", nil))
		return p.Rows, nil
	}
	p.Access = acc
	n, err = off.Import(ctx, p, nil)
	if err != nil {
		return 0, err
	}
	u.changed = true
	fmt.Fprintln(env.Stdout, env.T("cli.import.done", map[string]any{"rows": n}))
	return n, nil
}

// importAccess turns --hide (logins, comma-separated) and --owner-only into
// what every imported client is created with: levels set with the
// creation, so its first key never reaches someone hidden from it.
func importAccess(v *vault.Vault, hide string, ownerOnly bool) (vault.NewClient, error) {
	acc := vault.NewClient{OwnerOnly: ownerOnly}
	for _, login := range strings.Split(hide, ",") {
		if login = strings.TrimSpace(login); login == "" {
			continue
		}
		id, err := userID(v, login)
		if err != nil {
			return acc, err // vault.not_found, as for user grant
		}
		if acc.Levels == nil {
			acc.Levels = map[string]access.Level{}
		}
		acc.Levels[id] = access.Hidden
	}
	return acc, nil
}

// rowErrorKey is the catalog key explaining a row error's code.
func rowErrorKey(code string) string {
	if strings.HasPrefix(code, "import.") {
		return "errors." + code
	}
	return "validation." + strings.ReplaceAll(code, ".", "_")
}

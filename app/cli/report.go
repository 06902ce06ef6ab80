package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/report"
)

// reportCommands: kinko report ledger — the 管理台帳 as PDF or CSV.
func reportCommands() *Command {
	return &Command{
		Name: "report", Summary: "cli.report.summary", Usage: "cli.report.usage",
		Subs: []*Command{ledgerVerb()},
	}
}

func ledgerVerb() *Command {
	var f vaultFlags
	var file, encName string
	return &Command{
		Name: "ledger", Summary: "cli.report.ledger.summary", Usage: "cli.report.ledger.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.report_file")
			fs.StringVar(&encName, "encoding", "utf-8-bom", "cli.flag.out_encoding")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			ext := strings.ToLower(filepath.Ext(file))
			if file == "" || (ext != ".pdf" && ext != ".csv") {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko report ledger"})
			}
			enc, err := jtext.ParseEncoding(encName)
			if err != nil {
				return err
			}
			return env.withVault(&f, audit.ReportSave, func(u *use) error {
				u.entry.Label, u.entry.Detail = filepath.Base(file), "ledger"+ext
				l, err := office.New(u.Vault).Ledger(time.Now())
				if err != nil {
					return err
				}
				t := func(key string) string { return env.T(key, nil) }
				err = outfile.WriteSecret(file, func(w io.Writer) error {
					var err error
					if ext == ".pdf" {
						err = report.WritePDF(w, l.Doc(t, "Kinko "+app.Version))
					} else {
						err = l.WriteCSV(w, enc, t)
					}
					if err != nil {
						return err
					}
					return u.trace(nil) // on disk before the file is put in place
				})
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, env.T("cli.report.ledger.done", map[string]any{"held": l.Totals.Held, "erased": l.Totals.Erased, "file": file}))
				return nil
			})
		},
	}
}

// filingVerb: kinko export filing — the government-form export, the only
// export with My Numbers in it.
func filingVerb() *Command {
	var f vaultFlags
	var file, encName, client, purpose string
	return &Command{
		Name: "filing", Summary: "cli.export.filing.summary", Usage: "cli.export.filing.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.out_file")
			fs.StringVar(&encName, "encoding", "shift_jis", "cli.flag.filing_encoding")
			fs.StringVar(&client, "client", "", "cli.flag.client_code")
			fs.StringVar(&purpose, "purpose", "", "cli.flag.purpose")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if file == "" || client == "" || purpose == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko export filing"})
			}
			enc, err := jtext.ParseEncoding(encName)
			if err != nil {
				return err
			}
			return env.withVault(&f, audit.FilingExport, func(u *use) error {
				u.entry.Purpose, u.entry.Label = purpose, filepath.Base(file)
				off := office.New(u.Vault)
				id, err := clientID(off, client)
				if err != nil {
					return err
				}
				u.entry.Client, u.entry.Target = id, "client/"+id
				req := office.FilingRequest{Client: id, Purpose: mynumber.Purpose(purpose)}
				if _, err := off.FilingCandidates(req.Client, req.Purpose); err != nil {
					return err // refused before any file is made; recorded
				}
				n := 0
				var subs []jtext.Substitution
				err = outfile.WriteSecret(file, func(w io.Writer) error {
					n, subs, err = off.FilingExport(w, req, enc)
					if err != nil {
						return err
					}
					// Recorded before the file is renamed into place: no entry,
					// no file with numbers.
					u.entry.Detail = app.Rows(n)
					return u.trace(nil)
				})
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, env.T("cli.export.filing.done", map[string]any{"rows": n, "file": file}))
				if subs != nil {
					fmt.Fprintln(env.Stdout, mappedText(env, app.MappedChars(subs)))
				}
				return nil
			})
		},
	}
}

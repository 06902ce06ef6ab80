package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
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
			v, err := env.login(&f)
			if err != nil {
				return err
			}
			defer v.Close()
			l, err := office.New(v).Ledger(time.Now())
			if err != nil {
				return err
			}
			t := func(key string) string { return env.T(key, nil) }
			err = outfile.Write(file, 0o600, func(w io.Writer) error {
				if ext == ".pdf" {
					return report.WritePDF(w, l.Doc(t, "Kinko "+app.Version))
				}
				return l.WriteCSV(w, enc, t)
			})
			lerr := v.Log(audit.Entry{Action: audit.ReportSave, Label: filepath.Base(file), Detail: "ledger" + ext + " cli", Result: result(err)})
			if err != nil {
				return err
			}
			if lerr != nil {
				return lerr
			}
			fmt.Fprintln(env.Stdout, env.T("cli.report.ledger.done", map[string]any{"held": l.Totals.Held, "erased": l.Totals.Erased, "file": file}))
			return nil
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
			fs.StringVar(&encName, "encoding", "shift_jis", "cli.flag.out_encoding")
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
			v, err := env.login(&f)
			if err != nil {
				return err
			}
			defer v.Close()
			off := office.New(v)
			id, err := clientID(off, client)
			if err != nil {
				return err
			}
			req := office.FilingRequest{Client: id, Purpose: mynumber.Purpose(purpose)}
			e := audit.Entry{Action: audit.FilingExport, Client: id, Target: "client/" + id, Purpose: purpose, Label: filepath.Base(file), Detail: "cli"}
			if _, err := off.FilingCandidates(req.Client, req.Purpose); err != nil {
				e.Result = result(err)
				v.Log(e)
				return err
			}
			n, logged := 0, false
			err = outfile.Write(file, 0o600, func(w io.Writer) error {
				n, err = off.FilingExport(w, req, enc)
				if err != nil {
					return err
				}
				// Recorded before the file is renamed into place: no entry,
				// no file with numbers.
				e.Detail, e.Result, logged = "cli "+strconv.Itoa(n)+" rows", audit.ResultOK, true
				return v.Log(e)
			})
			if err != nil {
				if !logged {
					e.Result = result(err)
					v.Log(e)
				}
				return err
			}
			fmt.Fprintln(env.Stdout, env.T("cli.export.filing.done", map[string]any{"rows": n, "file": file}))
			return nil
		},
	}
}

// result is an access-log entry's result for err.
func result(err error) string {
	if err == nil {
		return audit.ResultOK
	}
	return app.ToError(err).Code
}

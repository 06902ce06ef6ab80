package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
)

// exportCommands: kinko export clients|people — CSV or an Excel workbook
// (.xlsx) with the titles import recognises; never a My Number.
func exportCommands() *Command {
	return &Command{
		Name: "export", Summary: "cli.export.summary", Usage: "cli.export.usage",
		Subs: []*Command{exportVerb(office.ImportClients), exportVerb(office.ImportPeople), filingVerb()},
	}
}

func exportVerb(kind office.ImportKind) *Command {
	var f vaultFlags
	var file, encName, format string
	var excel bool
	return &Command{
		Name: string(kind), Summary: "cli.export." + string(kind) + ".summary", Usage: "cli.export.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.export_file")
			fs.StringVar(&format, "format", "auto", "cli.flag.format")
			fs.StringVar(&encName, "encoding", "utf-8-bom", "cli.flag.out_encoding")
			fs.BoolVar(&excel, "excel", true, "cli.flag.excel")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if format == "auto" {
				// The file's extension chooses: .xlsx is a workbook, anything else CSV.
				format = string(office.FormatCSV)
				if strings.EqualFold(filepath.Ext(file), ".xlsx") {
					format = string(office.FormatXLSX)
				}
			}
			if file == "" || (format != string(office.FormatCSV) && format != string(office.FormatXLSX)) {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko export " + string(kind)})
			}
			enc, err := jtext.ParseEncoding(encName)
			if err != nil {
				return err
			}
			return env.withVault(&f, audit.Export, func(u *use) error {
				u.entry.Label, u.entry.Detail = filepath.Base(file), string(kind)+" "+format
				off := office.New(u.Vault)
				// Written next to the destination first, so a failed export
				// (a character Shift_JIS cannot hold) leaves no half file.
				n := 0
				var subs []jtext.Substitution
				err := outfile.WriteSecret(file, func(w io.Writer) error {
					var err error
					if format == string(office.FormatXLSX) {
						n, err = off.ExportXLSX(w, kind)
					} else {
						n, subs, err = off.Export(w, kind, enc, excel)
					}
					if err != nil {
						return err
					}
					// Logged before the file is renamed into place: no
					// entry, no file.
					u.entry.Detail += " " + app.Rows(n)
					return u.trace(nil)
				})
				if err != nil {
					return err
				}
				if format == string(office.FormatXLSX) {
					fmt.Fprintln(env.Stdout, env.T("cli.export.done_xlsx", map[string]any{"rows": n}))
				} else {
					fmt.Fprintln(env.Stdout, env.T("cli.export.done", map[string]any{"rows": n, "encoding": enc.String()}))
				}
				if subs != nil {
					fmt.Fprintln(env.Stdout, mappedText(env, app.MappedChars(subs)))
				}
				return nil
			})
		},
	}
}

// mappedText tells which characters a Shift_JIS export wrote in their
// Windows (CP932) form, as the window does.
func mappedText(env *Env, mapped []app.MappedChar) string {
	items := make([]string, len(mapped))
	for i, m := range mapped {
		items[i] = env.T("export.mappedItem", map[string]any{"from": m.From, "fromCode": m.FromCode, "to": m.To, "toCode": m.ToCode, "count": m.Count})
	}
	return env.T("export.mapped", map[string]any{"list": env.join(items)})
}

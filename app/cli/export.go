package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
)

// exportCommands: kinko export clients|people — CSV with the titles import
// recognises; never a My Number.
func exportCommands() *Command {
	return &Command{
		Name: "export", Summary: "cli.export.summary", Usage: "cli.export.usage",
		Subs: []*Command{exportVerb(office.ImportClients), exportVerb(office.ImportPeople), filingVerb()},
	}
}

func exportVerb(kind office.ImportKind) *Command {
	var f vaultFlags
	var file, encName string
	var excel bool
	return &Command{
		Name: string(kind), Summary: "cli.export." + string(kind) + ".summary", Usage: "cli.export.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.out_file")
			fs.StringVar(&encName, "encoding", "utf-8-bom", "cli.flag.out_encoding")
			fs.BoolVar(&excel, "excel", true, "cli.flag.excel")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if file == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko export " + string(kind)})
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
			// Written next to the destination first, so a failed export
			// (a character Shift_JIS cannot hold) leaves no half file.
			tmp, err := os.CreateTemp(filepath.Dir(file), ".kinko-export-*")
			if err != nil {
				return &app.Error{Code: "cli.file_write"}
			}
			defer os.Remove(tmp.Name())
			n, err := office.New(v).Export(tmp, kind, enc, excel)
			if cerr := tmp.Close(); err == nil && cerr != nil {
				err = &app.Error{Code: "cli.file_write"}
			}
			if err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), file); err != nil {
				return &app.Error{Code: "cli.file_write"}
			}
			fmt.Fprintln(env.Stdout, env.T("cli.export.done", map[string]any{"rows": n, "encoding": enc.String()}))
			return nil
		},
	}
}

package app

import (
	"io"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
)

// SaveExport saves the clients or the people the user can read (kind
// "clients" or "people") where the user picks in the save dialog, as
// "csv" in encoding ("utf-8-bom" or "shift_jis"; values Excel would run as
// formulas are escaped) or as "xlsx" (an Excel workbook), in lang for the
// dialog and the file name. Never a My Number. It returns the path, or ""
// when the user cancelled. Errors: csv.unencodable (a character Shift_JIS
// cannot hold: choose UTF-8), export.cell_too_long (xlsx), file.*.
// The export is logged (on disk) before the file is put in place.
func (c *ClientsService) SaveExport(kind, format, encoding, lang string) (string, error) {
	e := audit.Entry{Action: audit.Export, Detail: kind + " " + format}
	logged := false
	path, err := c.saveExport(kind, format, encoding, lang, func(name string, n int) error {
		e.Label, e.Detail, logged = name, e.Detail+" "+Rows(n), true
		return c.vs.trace(e, nil)
	})
	if err != nil && !logged {
		c.vs.trace(e, err) // refused or failed: the attempt is recorded
	}
	return path, Err(err)
}

// saveExport writes the export; logged records it once the rows are
// written and before the file is renamed into place (no entry, no file).
func (c *ClientsService) saveExport(kind, format, encoding, lang string, logged func(name string, n int) error) (string, error) {
	off, err := c.vs.office()
	if err != nil {
		return "", Err(err)
	}
	k := office.ImportKind(kind)
	if k != office.ImportClients && k != office.ImportPeople {
		return "", &Error{Code: CodeUsage}
	}
	a := c.vs.a
	name := safeFileName(a.t(lang, "export.fileName."+kind) + "_" + c.vs.now().Format("20060102"))
	switch format {
	case "xlsx":
		return a.saveAs(lang, "export.saveTitle", name+".xlsx", "Excel", "*.xlsx", 0o600, func(w io.Writer) error {
			n, err := off.ExportXLSX(w, k)
			if err != nil {
				return err
			}
			return logged(name+".xlsx", n)
		})
	case "csv":
		enc, err := jtext.ParseEncoding(encoding)
		if err != nil {
			return "", Err(err)
		}
		return a.saveAs(lang, "export.saveTitle", name+".csv", "CSV", "*.csv", 0o600, func(w io.Writer) error {
			n, err := off.Export(w, k, enc, true)
			if err != nil {
				return err
			}
			return logged(name+".csv", n)
		})
	}
	return "", &Error{Code: CodeUsage}
}

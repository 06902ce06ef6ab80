package app

import (
	"io"

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
func (c *ClientsService) SaveExport(kind, format, encoding, lang string) (string, error) {
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
			_, err := off.ExportXLSX(w, k)
			return err
		})
	case "csv":
		enc, err := jtext.ParseEncoding(encoding)
		if err != nil {
			return "", Err(err)
		}
		return a.saveAs(lang, "export.saveTitle", name+".csv", "CSV", "*.csv", 0o600, func(w io.Writer) error {
			_, err := off.Export(w, k, enc, true)
			return err
		})
	}
	return "", &Error{Code: CodeUsage}
}

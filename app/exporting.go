package app

import (
	"fmt"
	"io"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
)

// ExportSaved is what SaveExport wrote.
type ExportSaved struct {
	// Path is where the file was saved; "" when the user cancelled.
	Path string `json:"path"`
	// Mapped lists the characters a Shift_JIS CSV holds in their Windows
	// (CP932) form (〜 as ～), for the window to tell the user.
	Mapped []MappedChar `json:"mapped,omitempty"`
}

// MappedChar is one character an export wrote in its Windows (CP932)
// form, and how often: the character and its code point ("U+301C") each
// way, for the message "〜（U+301C）→ ～（U+FF5E）3 件".
type MappedChar struct {
	From     string `json:"from"`
	FromCode string `json:"fromCode"`
	To       string `json:"to"`
	ToCode   string `json:"toCode"`
	Count    int    `json:"count"`
}

// MappedChars turns a CSV writer's substitutions into what the window and
// the CLI show.
func MappedChars(subs []jtext.Substitution) []MappedChar {
	var out []MappedChar
	for _, s := range subs {
		out = append(out, MappedChar{From: string(s.From), FromCode: fmt.Sprintf("U+%04X", s.From),
			To: string(s.To), ToCode: fmt.Sprintf("U+%04X", s.To), Count: s.Count})
	}
	return out
}

// SaveExport saves the clients or the people the user can read (kind
// "clients" or "people") where the user picks in the save dialog, as
// "csv" in encoding ("utf-8-bom" or "shift_jis"; values Excel would run as
// formulas are escaped) or as "xlsx" (an Excel workbook), in lang for the
// dialog and the file name. Never a My Number. It returns the path ("" when
// the user cancelled) and, for Shift_JIS, the characters written in their
// Windows form. Errors: export.unencodable (a character Shift_JIS cannot
// hold: choose UTF-8), export.cell_too_long (xlsx), export.control_char,
// each naming the client and the column; file.*. The export is logged (on
// disk) before the file is put in place.
func (c *ClientsService) SaveExport(kind, format, encoding, lang string) (ExportSaved, error) {
	e := audit.Entry{Action: audit.Export, Detail: kind + " " + format}
	logged := false
	var mapped []jtext.Substitution
	path, err := c.saveExport(kind, format, encoding, lang, func(name string, n int, subs []jtext.Substitution) error {
		e.Label, e.Detail, logged, mapped = name, e.Detail+" "+Rows(n), true, subs
		return c.vs.trace(e, nil)
	})
	if err != nil && !logged {
		c.vs.trace(e, err) // refused or failed: the attempt is recorded
	}
	if err != nil {
		return ExportSaved{}, Err(err)
	}
	return ExportSaved{Path: path, Mapped: MappedChars(mapped)}, nil
}

// saveExport writes the export; logged records it once the rows are
// written and before the file is renamed into place (no entry, no file).
func (c *ClientsService) saveExport(kind, format, encoding, lang string, logged func(name string, n int, subs []jtext.Substitution) error) (string, error) {
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
			return logged(name+".xlsx", n, nil)
		})
	case "csv":
		enc, err := jtext.ParseEncoding(encoding)
		if err != nil {
			return "", Err(err)
		}
		return a.saveAs(lang, "export.saveTitle", name+".csv", "CSV", "*.csv", 0o600, func(w io.Writer) error {
			n, subs, err := off.Export(w, k, enc, true)
			if err != nil {
				return err
			}
			return logged(name+".csv", n, subs)
		})
	}
	return "", &Error{Code: CodeUsage}
}

package app

import (
	"io"
	"path/filepath"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/report"
)

// ReportsService generates the office's reports: the 管理台帳 now, the
// access-log reports later.
type ReportsService struct {
	vs *VaultService
}

// Ledger generates the 管理台帳 for the screen (責任者 only).
func (r *ReportsService) Ledger() (*office.Ledger, error) {
	l, err := r.ledger()
	if err := r.vs.trace(audit.Entry{Action: audit.ReportView, Detail: "ledger"}, err); err != nil {
		return nil, err
	}
	return l, nil
}

func (r *ReportsService) ledger() (*office.Ledger, error) {
	off, err := r.vs.office()
	if err != nil {
		return nil, err
	}
	return off.Ledger(r.vs.now())
}

// Printed records that the window printed a report (what: "erasures" for
// the 廃棄記録), just before the print dialog opens.
func (r *ReportsService) Printed(what string) error {
	return r.vs.trace(audit.Entry{Action: audit.Print, Detail: what}, nil)
}

// SaveLedger generates the 管理台帳 and saves it where the user picks, as
// "pdf" or "csv" (encoding for CSV: "utf-8-bom" or "shift_jis"), in lang
// ("ja", "en"). It returns the path, or "" when the user cancelled.
func (r *ReportsService) SaveLedger(format, encoding, lang string) (string, error) {
	path, err := r.saveLedger(format, encoding, lang)
	if path == "" && err == nil {
		return "", nil // the user closed the dialog: nothing left the vault
	}
	return path, r.vs.trace(audit.Entry{Action: audit.ReportSave, Label: filepath.Base(path), Detail: "ledger." + format}, err)
}

func (r *ReportsService) saveLedger(format, encoding, lang string) (string, error) {
	l, err := r.ledger()
	if err != nil {
		return "", Err(err)
	}
	a := r.vs.a
	t := func(key string) string { return a.t(lang, key) }
	stamp := l.GeneratedAt.Format("20060102")
	switch format {
	case "pdf":
		doc := l.Doc(t, "Kinko "+Version)
		return a.saveAs(lang, "ledger.saveTitle", t("ledger.fileName")+"_"+stamp+".pdf", "PDF", "*.pdf", 0o600,
			func(w io.Writer) error { return report.WritePDF(w, doc) })
	case "csv":
		enc, err := jtext.ParseEncoding(encoding)
		if err != nil {
			return "", Err(err)
		}
		return a.saveAs(lang, "ledger.saveTitle", t("ledger.fileName")+"_"+stamp+".csv", "CSV", "*.csv", 0o600,
			func(w io.Writer) error { return l.WriteCSV(w, enc, t) })
	}
	return "", &Error{Code: CodeUsage}
}

// FilingCandidates lists the client's people whose numbers were acquired
// for purpose (masked), for the government-form export dialog.
func (m *MyNumberService) FilingCandidates(client, purpose string) ([]office.FilingCandidate, error) {
	off, err := m.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	out, err := off.FilingCandidates(client, mynumber.Purpose(purpose))
	if out == nil {
		out = []office.FilingCandidate{}
	}
	return out, Err(err)
}

// FilingResult is a saved government-form export.
type FilingResult struct {
	Path string `json:"path"` // "" when the user cancelled
	Rows int    `json:"rows"`
	// Mapped lists the characters a Shift_JIS file holds in their Windows
	// (CP932) form, as for SaveExport.
	Mapped []MappedChar `json:"mapped,omitempty"`
}

// SaveFiling writes the government-form export for req — the only file
// with My Numbers in it — where the user picks (mode 0600), in encoding
// ("shift_jis" or "utf-8-bom"). The numbers go from the vault to the file
// in Go; they never pass through the window.
func (m *MyNumberService) SaveFiling(req office.FilingRequest, encoding, lang string) (*FilingResult, error) {
	off, err := m.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	enc, err := jtext.ParseEncoding(encoding)
	if err != nil {
		return nil, Err(err)
	}
	// Refuse before asking where to save (the refusal is recorded).
	if _, err := off.FilingCandidates(req.Client, req.Purpose); err != nil {
		return nil, m.vs.trace(audit.Entry{Action: audit.FilingExport, Client: req.Client, Target: "client/" + req.Client, Purpose: string(req.Purpose)}, err)
	}
	code := "client"
	if c, err := off.Client(req.Client); err == nil && c.Value.Code != "" {
		code = c.Value.Code
	}
	a := m.vs.a
	name := a.t(lang, "filing.fileName") + "_" + code + "_" + a.t(lang, "purpose."+string(req.Purpose)) + "_" + m.vs.now().Format("20060102") + ".csv"
	res := &FilingResult{}
	e := audit.Entry{Action: audit.FilingExport, Client: req.Client, Target: "client/" + req.Client, Purpose: string(req.Purpose)}
	res.Path, err = a.saveAs(lang, "filing.saveTitle", safeFileName(name), "CSV", "*.csv", 0o600, func(w io.Writer) error {
		n, subs, err := off.FilingExport(w, req, enc)
		res.Rows, res.Mapped = n, MappedChars(subs)
		if err == nil {
			// Recorded before the file is renamed into place: no entry, no
			// file with numbers.
			e.Label, e.Detail = safeFileName(name), Rows(n)
			err = m.vs.trace(e, nil)
		}
		return err
	})
	if err != nil {
		if res.Rows == 0 || e.Label == "" {
			m.vs.trace(e, err) // refused or failed: the attempt is recorded
		}
		return nil, Err(err)
	}
	return res, nil
}

// safeFileName replaces the characters Windows refuses in a file name.
func safeFileName(s string) string {
	out := []rune(s)
	for i, r := range out {
		switch r {
		case '\\', '/', ':', '*', '?', '"', '<', '>', '|':
			out[i] = '_'
		}
	}
	return string(out)
}

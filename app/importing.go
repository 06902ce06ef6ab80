package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/records"
)

// ImportPreview is what the import dialog shows before anything is
// written: the file's format ("csv" or "xlsx") and, for CSV, the detected
// encoding, the column titles and their mapping, a few parsed rows, and
// every row error. Token commits exactly this parse.
type ImportPreview struct {
	Token    string            `json:"token"`
	Format   string            `json:"format"`
	Encoding string            `json:"encoding"` // "" for a workbook
	Header   []string          `json:"header"`
	Mapping  []string          `json:"mapping"`
	Fields   []string          `json:"fields"` // what a column can map to
	Rows     int               `json:"rows"`
	Errors   []office.RowError `json:"errors"`
	Clients  []records.Client  `json:"clients"` // the first rows, as they will be saved
	People   []records.Person  `json:"people"`
}

// pendingImports keeps parsed files between preview and commit (one per
// token, dropped at commit or lock).
type pendingImports struct {
	mu sync.Mutex
	m  map[string]*office.Parsed
}

func (p *pendingImports) drop() {
	p.mu.Lock()
	clear(p.m)
	p.mu.Unlock()
}

const previewRows = 20

// ImportPreview parses a file the window read (data, chosen as name, of
// which only the extension is used) as kind ("clients" or "people"): an
// Excel workbook (.xlsx, told by its content, then its name) or a CSV file
// in encoding ("auto", "utf-8", "utf-8-bom", "shift_jis"), with mapping
// (nil: guessed from the titles). Nothing is written. Files larger than
// office.MaxImportBytes are refused (import.too_large).
func (c *ClientsService) ImportPreview(kind, name string, data []byte, encoding string, mapping []string) (*ImportPreview, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	if len(data) > office.MaxImportBytes {
		return nil, Err(office.ErrFileTooLarge)
	}
	codes, err := off.CodeIndex()
	if err != nil {
		return nil, Err(err)
	}
	p, err := office.ParseFile(office.ImportKind(kind), name, bytes.NewReader(data), encoding, mapping, codes)
	if err != nil {
		return nil, Err(err)
	}
	var tok [12]byte
	rand.Read(tok[:])
	token := hex.EncodeToString(tok[:])
	c.pending.mu.Lock()
	if c.pending.m == nil {
		c.pending.m = map[string]*office.Parsed{}
	}
	clear(c.pending.m) // one import at a time
	c.pending.m[token] = p
	c.pending.mu.Unlock()
	out := &ImportPreview{Token: token, Format: string(p.Format), Header: p.Header, Mapping: p.Mapping,
		Fields: office.ImportFields(office.ImportKind(kind)), Rows: p.Rows, Errors: p.Errors,
		Clients: p.Clients[:min(len(p.Clients), previewRows)], People: p.People[:min(len(p.People), previewRows)]}
	if p.Format == office.FormatCSV {
		out.Encoding = p.Encoding.String()
	}
	if out.Errors == nil {
		out.Errors = []office.RowError{}
	}
	return out, nil
}

// ImportCommit starts the job ("clients.import") that writes the
// previewed file — a few thousand rows per transaction: cancelled (or
// stopped by an error) after some committed, it keeps those, ends with
// "import.partial" saying how many, and logs that number — and returns its
// id. Every imported client is created 所長のみ when ownerOnly
// is set and with hidden (user ids) 開示不能 on it, so no first key reaches
// them (both need a 責任者; people files ignore them). Its result (in
// job:done) is the number of records written. A large file takes seconds,
// so it has a progress bar and a cancel button like every long job
// (10,000 clients or 100,000 people take seconds: BenchmarkWriteOffice).
func (c *ClientsService) ImportCommit(token string, ownerOnly bool, hidden []string) (string, error) {
	off, err := c.vs.office()
	if err != nil {
		return "", Err(err)
	}
	c.pending.mu.Lock()
	p := c.pending.m[token]
	delete(c.pending.m, token)
	c.pending.mu.Unlock()
	if p == nil {
		return "", &Error{Code: "import.expired"}
	}
	p.Access = newClient(ownerOnly, hidden)
	return c.vs.a.Jobs.Start(context.Background(), "clients.import", func(ctx context.Context, r progress.Reporter) (any, error) {
		n, err := off.Import(ctx, p, r)
		e := audit.Entry{Action: audit.Import, Detail: string(p.Kind) + " " + Rows(n)}
		if p.Kind == office.ImportClients {
			if d := accessDetail(p.Access); d != "" {
				e.Detail += " " + d
			}
		}
		return n, c.vs.trace(e, err)
	}), nil
}

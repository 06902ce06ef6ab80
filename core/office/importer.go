package office

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// Importing clients and people from CSV (UTF-8, UTF-8 with BOM or
// Shift_JIS) or Excel (.xlsx, see xlsxread.go): read and map the columns,
// validate every row, show the result as a preview, then write every row
// in bounded transactions (Import): a file with a row error writes
// nothing, and a cancelled import keeps the rows it committed and says
// how many. My Numbers are never imported this way.

// ImportKind is what a file holds.
type ImportKind string

// The kinds of import.
const (
	ImportClients ImportKind = "clients"
	ImportPeople  ImportKind = "people"
)

// Fields a column can map to, per kind (stable codes the window translates
// under import.field.<code>).
var importFields = map[ImportKind][]string{
	ImportClients: {"code", "kind", "name", "kana", "corporate_number", "postal", "address", "phone", "email", "fiscal_month", "engaged_from", "engaged_until", "notes", "tags"},
	ImportPeople:  {"client_code", "roles", "name", "kana", "birth", "joined", "left", "postal", "address", "phone", "notes"},
}

// ImportFields lists the fields a column of kind can map to.
func ImportFields(kind ImportKind) []string { return slices.Clone(importFields[kind]) }

// headerAliases maps the column titles offices use (after jtext.Fold) to
// fields, for the first guess of the mapping.
var headerAliases = map[string]string{
	"コード": "code", "顧問先コード": "code", "顧客コード": "code", "CODE": "code",
	"種類": "kind", "区分": "kind", "法人個人": "kind",
	"名称": "name", "顧問先名": "name", "顧客名": "name", "会社名": "name", "氏名": "name", "名前": "name", "NAME": "name",
	"フリガナ": "kana", "ふりがな": "kana", "カナ": "kana", "ヨミ": "kana", "よみがな": "kana",
	"法人番号": "corporate_number",
	"郵便番号": "postal", "〒": "postal",
	"住所": "address", "所在地": "address",
	"電話": "phone", "電話番号": "phone", "TEL": "phone",
	"メール": "email", "メールアドレス": "email", "EMAIL": "email",
	"決算月":   "fiscal_month",
	"契約開始日": "engaged_from", "顧問開始日": "engaged_from", "契約終了日": "engaged_until", "顧問終了日": "engaged_until",
	"備考": "notes", "メモ": "notes", "タグ": "tags",
	"役割": "roles", "続柄区分": "roles",
	"生年月日": "birth", "入社日": "joined", "就任日": "joined", "退職日": "left", "退任日": "left",
}

// clientNameTitles are titles that name the client, not a person: in a
// people file (the people export has a 顧問先名 column before 氏名) they
// are only a reminder for the reader and are not imported.
var clientNameTitles = map[string]bool{jtext.Fold("顧問先名"): true, jtext.Fold("顧客名"): true, jtext.Fold("会社名"): true}

// GuessMapping proposes a field for each column from its title; columns it
// does not recognise map to "" (ignored). People files name their client
// by its code, so a "code" column there means client_code.
func GuessMapping(kind ImportKind, header []string) []string {
	out := make([]string, len(header))
	used := map[string]bool{}
	for i, h := range header {
		f := headerAliases[jtext.Fold(h)]
		if f == "" {
			f = headerAliases[strings.ToUpper(strings.TrimSpace(h))]
		}
		if kind == ImportPeople && f == "code" {
			f = "client_code"
		}
		if kind == ImportPeople && clientNameTitles[jtext.Fold(h)] {
			f = ""
		}
		if f != "" && slices.Contains(importFields[kind], f) && !used[f] {
			out[i], used[f] = f, true
		}
	}
	return out
}

// RowError is one problem of the file: the row as the file numbers it —
// a CSV file's line where the record starts (the header is line 1, blank
// lines and the lines of a quoted line break count), a worksheet's row
// number — and the column's title, with a stable code. In a workbook, Cell
// also names the cell ("C12", in the same row) so the clerk can find it in
// Excel. It never holds the cell's content.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Field  string `json:"field"`
	Code   string `json:"code"`
	Cell   string `json:"cell,omitempty"`
	// Value and First name a client code that is taken (CodeDuplicate,
	// CodeExists) and, for a duplicate, the row where it first appears.
	Value string `json:"value,omitempty"`
	First int    `json:"first,omitempty"`
}

// Parsed is a file read, mapped and validated.
type Parsed struct {
	Kind     ImportKind       `json:"kind"`
	Format   Format           `json:"format"`
	Encoding jtext.Encoding   `json:"-"` // of a CSV file
	Header   []string         `json:"header"`
	Mapping  []string         `json:"mapping"`
	Clients  []records.Client `json:"-"`
	People   []records.Person `json:"-"`
	Rows     int              `json:"rows"`
	Errors   []RowError       `json:"errors"`
	// Access is applied to every imported client with its creation:
	// 所長のみ and levels (e.g. users hidden from them), so no client's
	// first key reaches someone hidden from it. Set by the caller.
	Access vault.NewClient `json:"-"`
}

// MaxImportErrors bounds the errors reported (a wrong file would list
// every row).
const MaxImportErrors = 200

// Limits of one import file. An import is previewed, then written, from
// memory, so every row is held until the commit; these keep that bounded.
// The commit of 100,000 people takes seconds (BenchmarkWriteOffice); a
// larger register is imported in parts.
// Both are checked while reading, so a larger file is refused after at
// most MaxImportBytes bytes were read, before anything is written.
const (
	// MaxImportBytes is the largest file (CSV or .xlsx) an import reads.
	MaxImportBytes = 64 << 20
	// MaxImportRows is the most data rows one file may hold.
	MaxImportRows = 100_000
)

// ErrFileTooLarge and ErrTooManyRows refuse a file beyond the limits
// (MaxImportBytes, MaxImportRows); nothing of it is kept.
var (
	ErrFileTooLarge = errors.New("office: the file is larger than an import takes")
	ErrTooManyRows  = errors.New("office: the file has more rows than an import takes")
)

// rowSource yields the rows of an import file, the header first; CSV and
// .xlsx files share everything after it.
type rowSource interface {
	// next returns the next row's cells, or io.EOF after the last row.
	next() ([]string, error)
	// cell names the cell of column col (0-based) of the row next returned
	// last, as the spreadsheet shows it ("C12"), or "" when the format has
	// no cell names (CSV).
	cell(col int) string
	// line is the file's number of the row next returned last: a CSV
	// file's line where it starts, a worksheet's row.
	line() int
}

// ParseFile reads an import file of either format as the import dialog
// and `kinko import` have it: DetectFormat(name, the first bytes) chooses
// ParseXLSX or Parse. encoding names a CSV file's encoding as
// jtext.ParseEncoding reads it, or is "auto" or "" to guess it with
// jtext.DetectEncoding; a workbook has none. Parsed.Format and
// Parsed.Encoding say what was read. Errors are those of Parse and
// ParseXLSX, and jtext.ErrUnknownEncoding.
func ParseFile(kind ImportKind, name string, r io.Reader, encoding string, mapping []string, clientByCode map[string]string) (*Parsed, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	prefix, _ := br.Peek(4096) // a shorter file gives what it has
	if DetectFormat(name, prefix) == FormatXLSX {
		return ParseXLSX(kind, br, mapping, clientByCode)
	}
	enc := jtext.DetectEncoding(prefix)
	if encoding != "" && encoding != "auto" {
		var err error
		if enc, err = jtext.ParseEncoding(encoding); err != nil {
			return nil, err
		}
	}
	return Parse(kind, br, enc, mapping, clientByCode)
}

// Parse reads a CSV file of kind in enc with mapping (nil: GuessMapping of
// its header) and validates every row; clientByCode resolves people's
// client codes (and finds clients that already exist). Errors for the file
// as a whole (*jtext.DecodeError, *jtext.SyntaxError, ErrEmptyFile,
// ErrNoNameColumn, ErrFileTooLarge, ErrTooManyRows) are returned; row
// problems are in Parsed.Errors. ParseXLSX reads Excel workbooks the same
// way.
func Parse(kind ImportKind, r io.Reader, enc jtext.Encoding, mapping []string, clientByCode map[string]string) (*Parsed, error) {
	lr := &limitReader{r: r, left: MaxImportBytes}
	p, err := parseRows(kind, csvSource{jtext.NewCSVReader(bufio.NewReaderSize(lr, 1<<16), enc)}, mapping, clientByCode)
	if lr.over {
		// The CSV reader may report the cut-off as a syntax error.
		return nil, ErrFileTooLarge
	}
	if err != nil {
		return nil, err
	}
	p.Format, p.Encoding = FormatCSV, enc
	return p, nil
}

// csvSource reads rows with jtext's CSV reader.
type csvSource struct{ r *jtext.CSVReader }

func (s csvSource) next() ([]string, error) { return s.r.Read() }
func (s csvSource) cell(int) string         { return "" }
func (s csvSource) line() int               { return s.r.Line() }

// limitReader returns ErrFileTooLarge once more than left bytes were read.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.over {
		return 0, ErrFileTooLarge
	}
	// Read one byte past the limit to tell a file of exactly the limit
	// from a larger one.
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return n, ErrFileTooLarge
	}
	return n, err
}

// parseRows maps and validates the rows of src: the one path every import
// format goes through.
func parseRows(kind ImportKind, src rowSource, mapping []string, clientByCode map[string]string) (*Parsed, error) {
	if _, ok := importFields[kind]; !ok {
		return nil, fmt.Errorf("%w: import kind", vault.ErrInvalidOp)
	}
	var header []string
	for {
		h, err := src.next()
		if errors.Is(err, io.EOF) {
			return nil, ErrEmptyFile
		}
		if err != nil {
			return nil, err
		}
		if !blankRow(h) {
			header = h
			break
		}
	}
	if mapping == nil {
		mapping = GuessMapping(kind, header)
	}
	if len(mapping) != len(header) || !slices.Contains(mapping, "name") {
		return nil, ErrNoNameColumn
	}
	p := &Parsed{Kind: kind, Header: header, Mapping: mapping}
	seen := map[string]int{} // client code → row
	for row := 1; ; {
		cells, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		// A row with every cell blank (a spreadsheet's trailing ",,,," or an
		// empty row between blocks) is not data.
		if blankRow(cells) {
			continue
		}
		if row > MaxImportRows {
			return nil, ErrTooManyRows
		}
		p.Rows++
		get := func(field string) (string, string) {
			i := slices.Index(mapping, field)
			if i < 0 {
				return "", ""
			}
			if i >= len(cells) { // a short row: its last cells are blank
				return "", header[i]
			}
			return strings.TrimSpace(cells[i]), header[i]
		}
		add := func(field, code string) {
			if len(p.Errors) < MaxImportErrors {
				_, col := get(field)
				e := RowError{Row: src.line(), Column: col, Field: field, Code: code}
				if i := slices.Index(mapping, field); i >= 0 {
					e.Cell = src.cell(i)
				}
				p.Errors = append(p.Errors, e)
			}
		}
		date := func(field string) *records.Date {
			s, _ := get(field)
			d, err := records.ParseDate(s)
			if err != nil {
				add(field, records.CodeDateInvalid)
				return nil
			}
			if d.IsZero() {
				return nil
			}
			return &d
		}
		switch kind {
		case ImportClients:
			c := records.Client{ID: "import-row-" + strconv.Itoa(row)}
			c.Code, _ = get("code")
			c.Name, _ = get("name")
			c.Kana, _ = get("kana")
			c.CorporateNumber, _ = get("corporate_number")
			c.Postal, _ = get("postal")
			c.Address, _ = get("address")
			c.Phone, _ = get("phone")
			c.Email, _ = get("email")
			c.Notes, _ = get("notes")
			kindText, _ := get("kind")
			c.Kind = clientKind(kindText)
			if m, _ := get("fiscal_month"); m != "" {
				n, err := strconv.Atoi(strings.TrimSuffix(jtext.Fold(m), "月"))
				if err != nil {
					add("fiscal_month", records.CodeFiscalMonthRange)
				}
				c.FiscalMonth = n
			}
			if tags, _ := get("tags"); tags != "" {
				c.Tags = strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == '、' || r == ' ' || r == '　' })
			}
			c.EngagedFrom, c.EngagedUntil = date("engaged_from"), date("engaged_until")
			c.Normalize()
			fieldErrors(c.Validate(), add)
			if c.Code != "" {
				key := strings.ToUpper(c.Code)
				n := len(p.Errors)
				first, dup := seen[key]
				if dup {
					add("code", CodeDuplicate)
				} else if _, exists := clientByCode[key]; exists {
					add("code", CodeExists)
				} else {
					seen[key] = row
				}
				if len(p.Errors) > n { // name the code, and the row that has it first
					p.Errors[n].Value, p.Errors[n].First = c.Code, first
				}
			}
			p.Clients = append(p.Clients, c)
		case ImportPeople:
			per := records.Person{ID: "import-row-" + strconv.Itoa(row)}
			code, _ := get("client_code")
			per.ClientID = clientByCode[strings.ToUpper(code)]
			if per.ClientID == ambiguousCode { // several clients have the code (codes.go)
				if n := len(p.Errors); n < MaxImportErrors {
					add("client_code", CodeAmbiguousClient)
					p.Errors[n].Value = code
				}
				per.ClientID = "unknown"
			} else if per.ClientID == "" {
				add("client_code", CodeUnknownClient)
				per.ClientID = "unknown"
			}
			per.Name, _ = get("name")
			per.Kana, _ = get("kana")
			per.Postal, _ = get("postal")
			per.Address, _ = get("address")
			per.Phone, _ = get("phone")
			per.Notes, _ = get("notes")
			roles, _ := get("roles")
			per.Roles = personRoles(roles)
			per.Birth, per.Joined, per.Left = date("birth"), date("joined"), date("left")
			per.Normalize()
			fieldErrors(per.Validate(), add)
			p.People = append(p.People, per)
		}
		row++
	}
	return p, nil
}

// blankRow reports whether every cell of a row is blank.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Import codes beyond records' validation codes.
const (
	CodeDuplicate     = "import.duplicate"      // the same client code twice in the file
	CodeExists        = "import.exists"         // a client with this code is already in the vault
	CodeUnknownClient = "import.unknown_client" // a person's client code matches no client
	// CodeAmbiguousClient: a person's client code is one several clients
	// share (CodeConflicts); the person could belong to either.
	CodeAmbiguousClient = "import.ambiguous_client"
)

// ErrEmptyFile and ErrNoNameColumn are errors of the file as a whole.
var (
	ErrEmptyFile    = errors.New("office: the file is empty")
	ErrNoNameColumn = errors.New("office: no column is mapped to the name")
	// ErrRowsInvalid: Import refused a file with row errors; nothing was written.
	ErrRowsInvalid = errors.New("office: rows have errors, nothing imported")
)

func fieldErrors(err error, add func(field, code string)) {
	var ve *records.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			field, _, _ := strings.Cut(f.Field, "[")
			add(field, f.Code)
		}
	}
}

func clientKind(s string) records.ClientKind {
	switch jtext.Fold(s) {
	case jtext.Fold("法人"), "CORPORATION":
		return records.KindCorporation
	case jtext.Fold("個人事業主"), jtext.Fold("個人事業"), "SOLE_PROPRIETOR":
		return records.KindSoleProprietor
	case jtext.Fold("個人"), "INDIVIDUAL":
		return records.KindIndividual
	case "":
		// Most offices' client lists are companies; a kind left blank is
		// read as 法人 (the preview shows it before anything is written).
		return records.KindCorporation
	}
	return records.ClientKind(s) // Validate reports kind.unknown
}

func personRoles(s string) []records.PersonRole {
	var out []records.PersonRole
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '、' || r == '・' || r == ' ' || r == '　' || r == '/' }) {
		switch jtext.Fold(part) {
		case jtext.Fold("役員"):
			out = append(out, records.RoleOfficer)
		case jtext.Fold("従業員"), jtext.Fold("社員"):
			out = append(out, records.RoleEmployee)
		case jtext.Fold("扶養親族"), jtext.Fold("扶養"):
			out = append(out, records.RoleDependent)
		case jtext.Fold("報酬支払先"), jtext.Fold("支払先"):
			out = append(out, records.RolePayee)
		default:
			out = append(out, records.PersonRole(part)) // Validate reports roles.unknown
		}
	}
	return out
}

// CodeIndex returns the client ids by upper-cased client code, for Parse;
// a code several clients share stands for none of them (people naming it
// are refused with CodeAmbiguousClient).
func (o *Office) CodeIndex() (map[string]string, error) {
	cs, err := o.Clients()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cs))
	for _, c := range cs {
		if c.Code != "" {
			if _, twice := out[codeKey(c.Code)]; twice {
				out[codeKey(c.Code)] = ambiguousCode
				continue
			}
			out[codeKey(c.Code)] = c.ID
		}
	}
	return out, nil
}

// importChunk is the number of rows Import writes per transaction: large
// enough that the fsync of each is negligible, small enough that bbolt's
// nodes stay small and memory stays bounded.
var importChunk = 4096

// ImportStoppedError is Import's error when it stopped (cancelled, or an
// error) after committing some rows: Done of Total rows are in the vault
// and stay; Err says why it stopped.
type ImportStoppedError struct {
	Done, Total int
	Err         error
}

func (e *ImportStoppedError) Error() string {
	return fmt.Sprintf("import stopped after %d of %d rows: %v", e.Done, e.Total, e.Err)
}

func (e *ImportStoppedError) Unwrap() error { return e.Err }

// Import writes a parsed file, importChunk rows per transaction. It
// refuses a file with row errors (ErrRowsInvalid) before writing anything.
// Cancelling ctx, like any error, stops it at the next chunk: the chunks
// committed before stay (every row whole, each client with its key and
// record) and the error is an *ImportStoppedError saying how many; with
// nothing committed it is the cause itself. People are written in the
// order of their records' keys (client, then id), which keeps the
// replica's pages full. It reports rows written ("import") and returns
// their number; the search index is rebuilt.
func (o *Office) Import(ctx context.Context, p *Parsed, rep progress.Reporter) (int, error) {
	if len(p.Errors) > 0 {
		return 0, ErrRowsInvalid
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	rep = progress.OrNoop(rep)
	total := len(p.Clients) + len(p.People)
	done, committed := 0, 0
	var docs []records.Doc // of the rows since the last commit
	names := map[string]string{}
	err := o.v.Batch(func(b *vault.Batch) error {
		step := func(d records.Doc) error {
			docs = append(docs, d)
			done++
			if done%importChunk == 0 || done == total {
				if err := b.Commit(); err != nil {
					return err
				}
				committed = done
				o.index(docs, names)
				docs = docs[:0]
			}
			if done%500 == 0 || done == total {
				rep.Report(progress.Update{Stage: "import", Done: int64(done), Total: int64(total)})
				if done == total {
					return nil // all written: a cancel now comes too late
				}
				return ctx.Err()
			}
			return nil
		}
		for i := range p.Clients {
			c := p.Clients[i]
			_, err := b.CreateClient(vault.NewClient{OwnerOnly: p.Access.OwnerOnly, Levels: p.Access.Levels, Build: func(id string) ([]byte, error) {
				c.ID = id
				return json.Marshal(&c)
			}})
			if err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
			names[c.ID] = c.Name
			if err := step(records.DocFromClient(&c)); err != nil {
				return err
			}
		}
		order := make([]int, len(p.People))
		ids := make([]string, len(p.People))
		for i := range order {
			order[i], ids[i] = i, newID()
		}
		slices.SortFunc(order, func(a, b int) int {
			if c := strings.Compare(p.People[a].ClientID, p.People[b].ClientID); c != 0 {
				return c
			}
			return strings.Compare(ids[a], ids[b])
		})
		for _, i := range order {
			per := p.People[i]
			per.ID = ids[i]
			data, err := json.Marshal(&per)
			if err != nil {
				return err
			}
			if _, err := b.Put(records.PersonTarget(per.ClientID, per.ID), nil, data); err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
			if err := step(records.DocFromPerson(&per, o.clientName(per.ClientID, names))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if committed > 0 {
			return committed, &ImportStoppedError{Done: committed, Total: total, Err: err}
		}
		return 0, err
	}
	return total, nil
}

// index adds the search documents of committed rows, and the names of
// the clients among them, to the search index: an import updates the
// index with what it wrote rather than rebuilding it.
func (o *Office) index(docs []records.Doc, names map[string]string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range docs {
		o.idx.Put(docs[i])
	}
	for id, name := range names {
		o.clients[id] = name
	}
	clear(names)
}

// clientName is the name of a client for its people's search documents:
// one imported in this file (names) or one the index knows.
func (o *Office) clientName(id string, names map[string]string) string {
	if n, ok := names[id]; ok {
		return n
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.clients[id]
}

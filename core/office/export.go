package office

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/records"
)

// Export writes the clients or the people (kind) the user can read as CSV
// in enc, with the same column titles import recognises, so
// an export imports back. My Numbers are never exported here: only the
// government-form export carries them. With forSpreadsheet, cells that
// Excel would run as formulas are escaped. In Shift_JIS, characters
// Windows writes in its own form (〜 as ～, see jtext.CSVWriter) are
// written so and returned, counted, for the user to read. Errors:
// *ExportError naming the client and the column when a stored value has a
// character Shift_JIS cannot hold at all (choose UTF-8) or a control
// character, and write errors. ExportXLSX writes the same table as an
// Excel workbook.
func (o *Office) Export(w io.Writer, kind ImportKind, enc jtext.Encoding, forSpreadsheet bool) (int, []jtext.Substitution, error) {
	cw := jtext.NewCSVWriter(w, enc)
	cw.EscapeFormulas = forSpreadsheet
	n, err := o.exportRows(kind, func(row []string) (int, error) {
		err := cw.Write(row)
		if ee, ok := errors.AsType[*jtext.EncodeError](err); ok {
			return ee.Field - 1, err
		}
		return -1, err
	})
	if err != nil {
		return n, nil, err
	}
	return n, cw.Substitutions(), cw.Flush()
}

// ErrControlChar: a stored value holds a control character (NUL, ESC, …;
// a line break outside the notes), which records.Client.Validate refuses
// but another program may have written. The export names the client.
var ErrControlChar = errors.New("office: a value holds a control character")

// ExportError says which stored value an export cannot write: the client
// (its SafeLabel, the code), the person for the people list (SafeLabel,
// the id) and the column's title; never the value. Err is the reason:
// a *jtext.EncodeError, ErrCellTooLong or ErrControlChar. Nothing of the
// file is kept.
type ExportError struct {
	Client string
	Person string
	Column string
	Err    error
}

func (e *ExportError) Error() string {
	who := "client " + e.Client
	if e.Person != "" {
		who += ", person " + e.Person
	}
	return "office: export: " + who + ", column " + e.Column + ": " + e.Err.Error()
}

func (e *ExportError) Unwrap() error { return e.Err }

// Titles of the exported columns: the first title import recognises for
// each field (headerAliases), so an export imports back unchanged.
var (
	clientTitles = []string{"顧問先コード", "種類", "名称", "フリガナ", "法人番号", "郵便番号", "住所", "電話番号", "メールアドレス", "決算月", "契約開始日", "契約終了日", "備考", "タグ"}
	peopleTitles = []string{"顧問先コード", "顧問先名", "氏名", "フリガナ", "役割", "生年月日", "入社日", "退職日", "郵便番号", "住所", "電話番号", "備考"}
)

// exportRows gives emit the titles, then one row per client or person of
// kind, in code order; dates are "2006-01-02". It returns the data rows.
// A data row with a control character is refused before emit sees it;
// when emit refuses a row it returns the column at fault (or -1), and the
// error is returned as an *ExportError naming the row's client.
func (o *Office) exportRows(kind ImportKind, emit func([]string) (col int, err error)) (int, error) {
	clients, err := o.Clients()
	if err != nil {
		return 0, err
	}
	slices.SortFunc(clients, func(a, b records.Client) int { return strings.Compare(a.Code+a.Kana, b.Code+b.Kana) })
	date := func(d *records.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	titles := clientTitles
	if kind == ImportPeople {
		titles = peopleTitles
	}
	if _, err := emit(titles); err != nil {
		return 0, err
	}
	n := 0
	write := func(row []string, c *records.Client, p *records.Person) error {
		col, err := -1, error(nil)
		for i, v := range row {
			if records.HasControl(v, titles[i] == notesTitle) {
				col, err = i, ErrControlChar
				break
			}
		}
		if err == nil {
			col, err = emit(row)
		}
		if err == nil {
			n++
			return nil
		}
		if col < 0 || col >= len(titles) {
			return err // the writer's own error
		}
		e := &ExportError{Client: c.SafeLabel(), Column: titles[col], Err: err}
		if p != nil {
			e.Person = p.SafeLabel()
		}
		return e
	}
	switch kind {
	case ImportClients:
		for _, c := range clients {
			month := ""
			if c.FiscalMonth > 0 {
				month = strconv.Itoa(c.FiscalMonth)
			}
			row := []string{c.Code, kindLabel[c.Kind], c.Name, c.Kana, c.CorporateNumber, c.Postal, c.Address, c.Phone, c.Email,
				month, date(c.EngagedFrom), date(c.EngagedUntil), c.Notes, strings.Join(c.Tags, "、")}
			if err := write(row, &c, nil); err != nil {
				return n, err
			}
		}
	case ImportPeople:
		for _, c := range clients {
			people, err := o.People(c.ID)
			if err != nil {
				return n, err
			}
			for _, p := range people {
				roles := make([]string, len(p.Roles))
				for i, r := range p.Roles {
					roles[i] = roleLabel[r]
				}
				row := []string{c.Code, c.Name, p.Name, p.Kana, strings.Join(roles, "・"), date(p.Birth), date(p.Joined), date(p.Left), p.Postal, p.Address, p.Phone, p.Notes}
				if err := write(row, &c, &p); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}

// notesTitle is the title of the notes column, the only multi-line one.
const notesTitle = "備考"

var kindLabel = map[records.ClientKind]string{records.KindCorporation: "法人", records.KindSoleProprietor: "個人事業主", records.KindIndividual: "個人"}

var roleLabel = map[records.PersonRole]string{records.RoleOfficer: "役員", records.RoleEmployee: "従業員", records.RoleDependent: "扶養親族", records.RolePayee: "報酬支払先"}

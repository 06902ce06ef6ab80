package office

import (
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
// Excel would run as formulas are escaped. Errors: *jtext.EncodeError when
// a character has no Shift_JIS form (choose UTF-8), and write errors.
// ExportXLSX writes the same table as an Excel workbook.
func (o *Office) Export(w io.Writer, kind ImportKind, enc jtext.Encoding, forSpreadsheet bool) (int, error) {
	cw := jtext.NewCSVWriter(w, enc)
	cw.EscapeFormulas = forSpreadsheet
	n, err := o.exportRows(kind, cw.Write)
	if err != nil {
		return n, err
	}
	return n, cw.Flush()
}

// Titles of the exported columns: the first title import recognises for
// each field (headerAliases), so an export imports back unchanged.
var (
	clientTitles = []string{"顧問先コード", "種類", "名称", "フリガナ", "法人番号", "郵便番号", "住所", "電話番号", "メールアドレス", "決算月", "契約開始日", "契約終了日", "備考", "タグ"}
	peopleTitles = []string{"顧問先コード", "顧問先名", "氏名", "フリガナ", "役割", "生年月日", "入社日", "退職日", "郵便番号", "住所", "電話番号", "備考"}
)

// exportRows gives emit the titles, then one row per client or person of
// kind, in code order; dates are "2006-01-02". It returns the data rows.
func (o *Office) exportRows(kind ImportKind, emit func([]string) error) (int, error) {
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
	n := 0
	switch kind {
	case ImportClients:
		if err := emit(clientTitles); err != nil {
			return 0, err
		}
		for _, c := range clients {
			month := ""
			if c.FiscalMonth > 0 {
				month = strconv.Itoa(c.FiscalMonth)
			}
			row := []string{c.Code, kindLabel[c.Kind], c.Name, c.Kana, c.CorporateNumber, c.Postal, c.Address, c.Phone, c.Email,
				month, date(c.EngagedFrom), date(c.EngagedUntil), c.Notes, strings.Join(c.Tags, "、")}
			if err := emit(row); err != nil {
				return n, err
			}
			n++
		}
	case ImportPeople:
		if err := emit(peopleTitles); err != nil {
			return 0, err
		}
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
				if err := emit(row); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}

var kindLabel = map[records.ClientKind]string{records.KindCorporation: "法人", records.KindSoleProprietor: "個人事業主", records.KindIndividual: "個人"}

var roleLabel = map[records.PersonRole]string{records.RoleOfficer: "役員", records.RoleEmployee: "従業員", records.RoleDependent: "扶養親族", records.RolePayee: "報酬支払先"}

package office

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
)

// The government-form export (提出書類用データ) is the one path where My
// Numbers leave the vault: for one client and one 利用目的, the people
// whose numbers were acquired for that purpose, with what the form needs
// (name, reading, date of birth, address) and the number, as CSV for the
// office's filing software (法定調書・給与支払報告書・届出の作成ソフト).
// Only handlers of the client can export (opening each number checks the
// key and the roster), only numbers recorded for the purpose are included
// (番号法: no use beyond the stated purpose), and the caller records the
// export in the access log.

// ErrNothingToFile: nobody of the client has a number recorded for the
// purpose (or none of the people asked for).
var ErrNothingToFile = errors.New("office: no number recorded for this purpose")

// FilingRequest is what to export.
type FilingRequest struct {
	Client  string           `json:"client"`
	Purpose mynumber.Purpose `json:"purpose"`
	People  []string         `json:"people"` // nil: everyone with a number for Purpose
}

// FilingCandidate is a person the export can include (masked number).
type FilingCandidate struct {
	Person string `json:"person"`
	Name   string `json:"name"`
	Kana   string `json:"kana"`
	Role   string `json:"role"`
	Masked string `json:"masked"`
	Left   bool   `json:"left"` // has left (retired): may still be needed for the year's forms
}

// FilingCandidates lists the client's people whose numbers were acquired
// for purpose, in reading order.
func (o *Office) FilingCandidates(client string, purpose mynumber.Purpose) ([]FilingCandidate, error) {
	if !purpose.Valid() {
		return nil, ErrNoPurpose
	}
	people, err := o.People(client)
	if err != nil {
		return nil, err
	}
	var out []FilingCandidate
	for _, p := range people {
		info, err := o.NumberInfo(client, p.ID)
		if errors.Is(err, ErrNoNumber) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(info.Value.Purposes, purpose) {
			continue
		}
		role := info.Value.Role
		if role == "" && len(p.Roles) > 0 {
			role = string(p.Roles[0])
		}
		out = append(out, FilingCandidate{Person: p.ID, Name: p.Name, Kana: p.Kana, Role: role, Masked: info.Value.Masked(), Left: p.Left != nil})
	}
	slices.SortFunc(out, func(a, b FilingCandidate) int {
		return cmp.Or(strings.Compare(a.Kana, b.Kana), strings.Compare(a.Name, b.Name))
	})
	return out, nil
}

// filingHeader is the layout of the export: stable Japanese titles, the
// same in every language, because filing software maps them.
var filingHeader = []string{"顧問先コード", "顧問先名", "顧問先法人番号", "利用目的", "区分", "氏名", "フリガナ", "生年月日", "生年月日（和暦）", "郵便番号", "住所", "入社日", "退職日", "個人番号"}

// FilingExport writes the export for req to w in enc and returns the
// people written and, in Shift_JIS, the characters written in their
// Windows (CP932) form (〜 as ～, see jtext.CSVWriter). Errors:
// ErrNoPurpose, ErrNothingToFile, access errors of the vault, an
// *ExportError naming the client, the person and the column of a
// character Shift_JIS cannot hold (choose UTF-8), and w's errors. Nothing
// holds a number after it returns.
func (o *Office) FilingExport(w io.Writer, req FilingRequest, enc jtext.Encoding) (int, []jtext.Substitution, error) {
	candidates, err := o.FilingCandidates(req.Client, req.Purpose)
	if err != nil {
		return 0, nil, err
	}
	if req.People != nil {
		candidates = slices.DeleteFunc(candidates, func(c FilingCandidate) bool { return !slices.Contains(req.People, c.Person) })
	}
	if len(candidates) == 0 {
		return 0, nil, ErrNothingToFile
	}
	client, err := o.Client(req.Client)
	if err != nil {
		return 0, nil, err
	}
	c := client.Value
	cw := jtext.NewCSVWriter(w, enc)
	if err := cw.Write(filingHeader); err != nil {
		return 0, nil, err
	}
	date := func(d *records.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	purpose := purposeLabel[req.Purpose]
	n := 0
	for _, cand := range candidates {
		p, err := o.Person(req.Client, cand.Person)
		if err != nil {
			return n, nil, err
		}
		num, err := o.Reveal(req.Client, cand.Person, req.Purpose)
		if err != nil {
			return n, nil, err
		}
		birthWareki := ""
		if b := p.Value.Birth; b != nil {
			birthWareki, _ = jtext.FormatWareki(b.Y, b.M, b.D)
		}
		row := []string{c.Code, c.Name, c.CorporateNumber, purpose, roleLabel[records.PersonRole(cand.Role)], p.Value.Name, p.Value.Kana,
			date(p.Value.Birth), birthWareki, p.Value.Postal, p.Value.Address, date(p.Value.Joined), date(p.Value.Left), num.Reveal()}
		err = cw.Write(row)
		clear(row) // strings cannot be wiped; drop the reference early
		if ee, ok := errors.AsType[*jtext.EncodeError](err); ok {
			return n, nil, &ExportError{Client: c.SafeLabel(), Person: p.Value.SafeLabel(), Column: filingHeader[ee.Field-1], Err: err}
		}
		if err != nil {
			return n, nil, fmt.Errorf("filing export: %w", err)
		}
		n++
	}
	return n, cw.Substitutions(), cw.Flush()
}

// purposeLabel names the purposes in the export's 利用目的 column.
var purposeLabel = map[mynumber.Purpose]string{
	mynumber.PurposeWithholdingSlip:       "源泉徴収票",
	mynumber.PurposePaymentRecord:         "支払調書",
	mynumber.PurposeSalaryReport:          "給与支払報告書",
	mynumber.PurposeDependentsDeclaration: "扶養控除等申告書",
	mynumber.PurposeSocialInsurance:       "健康保険・厚生年金保険関係届出",
	mynumber.PurposeEmploymentInsurance:   "雇用保険関係届出",
	mynumber.PurposeTaxReturn:             "確定申告書",
	mynumber.PurposeOtherTaxFiling:        "その他の税務届出",
}

package office_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

func TestFilingExport(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	client, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社提出", Code: "F-01", CorporateNumber: "7000012050002"}, false)
	must(t, err)
	birth := records.Date{Y: 1980, M: time.May, D: 5}
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	people := []struct {
		name, kana, number string
		purposes           []mynumber.Purpose
	}{
		{"給与 一郎", "キュウヨ イチロウ", "123456789018", []mynumber.Purpose{mynumber.PurposeWithholdingSlip, mynumber.PurposeSalaryReport}},
		{"給与 二郎", "キュウヨ ジロウ", "987654321018", []mynumber.Purpose{mynumber.PurposeWithholdingSlip}},
		{"保険 三郎", "ホケン サブロウ", "111111111118", []mynumber.Purpose{mynumber.PurposeSocialInsurance}},
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i], err = o.PutPerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RoleEmployee}, Name: p.name, Kana: p.kana, Birth: &birth, Address: "東京都千代田区1-1"}, nil)
		must(t, err)
		_, err = o.Acquire(office.Acquisition{Client: client, Person: ids[i], Number: p.number, Confirm: p.number, Role: "employee",
			Purposes: p.purposes, Verification: ver, Today: today()}, nil)
		must(t, err)
	}
	// Only the numbers acquired for the purpose, in reading order.
	var buf bytes.Buffer
	n, subs, err := o.FilingExport(&buf, office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip}, jtext.ShiftJIS)
	must(t, err)
	rows, err := jtext.NewCSVReader(&buf, jtext.ShiftJIS).ReadAll()
	must(t, err)
	if n != 2 || len(rows) != 3 || subs != nil {
		t.Fatalf("%d people, %d rows", n, len(rows))
	}
	last := len(rows[0]) - 1
	if rows[0][last] != "個人番号" || rows[1][5] != "給与 一郎" || rows[1][last] != people[0].number || rows[2][last] != people[1].number {
		t.Fatal("the export's rows are not the people of the purpose with their numbers") // never print the rows: they hold numbers
	}
	if rows[1][2] != "7000012050002" || rows[1][3] != "源泉徴収票" || rows[1][8] != "昭和55年5月5日" {
		t.Fatalf("client number, purpose, 和暦 birth: %q %q %q", rows[1][2], rows[1][3], rows[1][8])
	}
	for _, r := range rows[1:] {
		if r[last] == people[2].number {
			t.Fatal("a number acquired for another purpose was exported")
		}
	}
	// A chosen subset.
	buf.Reset()
	n, _, err = o.FilingExport(&buf, office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip, People: ids[1:2]}, jtext.UTF8BOM)
	must(t, err)
	if n != 1 {
		t.Fatalf("subset: %d", n)
	}
	// Shift_JIS writes a Mac's 〜 as Windows does and says so; a character
	// CP932 lacks stops the export, naming the client, person and column
	// (issue 12).
	acquire := func(name, address, number string) string {
		id, err := o.PutPerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RoleEmployee}, Name: name, Address: address}, nil)
		must(t, err)
		_, err = o.Acquire(office.Acquisition{Client: client, Person: id, Number: number, Confirm: number, Role: "employee",
			Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Today: today()}, nil)
		must(t, err)
		return id
	}
	four := acquire("給与 四郎", "東京都千代田区1〜3", "222222222225")
	buf.Reset()
	_, subs, err = o.FilingExport(&buf, office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip, People: []string{four}}, jtext.ShiftJIS)
	must(t, err)
	if len(subs) != 1 || subs[0] != (jtext.Substitution{From: '〜', To: '～', Count: 1}) {
		t.Fatalf("substitutions: %+v", subs)
	}
	five := acquire("𠮷田 五郎", "", "333333333332")
	_, _, err = o.FilingExport(&bytes.Buffer{}, office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip, People: []string{five}}, jtext.ShiftJIS)
	var ee *office.ExportError
	if !errors.As(err, &ee) || ee.Client != "F-01" || ee.Person != five || ee.Column != "氏名" || !errors.Is(err, jtext.ErrUnencodable) {
		t.Fatalf("𠮷 in a filing export: %v", err)
	}
	// Nobody for the purpose, or an unknown purpose.
	if _, _, err := o.FilingExport(&bytes.Buffer{}, office.FilingRequest{Client: client, Purpose: mynumber.PurposeTaxReturn}, jtext.UTF8); !errors.Is(err, office.ErrNothingToFile) {
		t.Fatalf("nobody: %v", err)
	}
	if _, _, err := o.FilingExport(&bytes.Buffer{}, office.FilingRequest{Client: client, Purpose: "gossip"}, jtext.UTF8); !errors.Is(err, office.ErrNoPurpose) {
		t.Fatalf("unknown purpose: %v", err)
	}
	// Staff cannot export numbers, and nothing is written.
	v.Lock()
	must(t, v.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	buf.Reset()
	if _, _, err := office.New(v).FilingExport(&buf, office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip}, jtext.UTF8); !errors.Is(err, access.ErrDenied) && !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("staff: %v", err)
	}
	if buf.Len() != 0 {
		t.Fatal("staff's export wrote something")
	}
}

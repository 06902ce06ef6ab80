package office_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestExportRoundTrip: an export imports back into another vault with the
// same values, never carries a My Number, and escapes formulas for Excel.
func TestExportRoundTrip(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	p, err := office.Parse(office.ImportClients, bytes.NewReader(sjis(t, clientsCSV)), jtext.ShiftJIS, nil, map[string]string{})
	must(t, err)
	_, err = o.Import(context.Background(), p, nil)
	must(t, err)
	codes, _ := o.CodeIndex()
	id := codes["A-001"]
	pid, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee, records.RoleOfficer}, Name: "=HYPERLINK(\"x\")", Kana: "テスト"}, nil)
	must(t, err)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	_, err = o.Acquire(office.Acquisition{Client: id, Person: pid, Number: "123456789018", Confirm: "123456789018",
		Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Today: today()}, nil)
	must(t, err)

	var clients, people bytes.Buffer
	n, _, err := o.Export(&clients, office.ImportClients, jtext.ShiftJIS, false)
	if err != nil || n != 2 {
		t.Fatalf("export clients: %d, %v", n, err)
	}
	n, _, err = o.Export(&people, office.ImportPeople, jtext.UTF8BOM, true)
	if err != nil || n != 1 {
		t.Fatalf("export people: %d, %v", n, err)
	}
	for _, out := range []string{clients.String(), people.String()} {
		if strings.Contains(out, "123456789018") || strings.Contains(out, "9018") {
			t.Fatal("an export carries a My Number")
		}
	}
	if !strings.Contains(people.String(), "'=HYPERLINK") {
		t.Fatal("a formula was not escaped for the spreadsheet")
	}

	v2, _ := newVault(t)
	o2 := office.New(v2)
	must(t, o2.Load())
	back, err := office.Parse(office.ImportClients, &clients, jtext.ShiftJIS, nil, map[string]string{})
	must(t, err)
	if len(back.Errors) != 0 || len(back.Clients) != 2 {
		t.Fatalf("re-import: %+v", back.Errors)
	}
	for i, c := range back.Clients {
		want := p.Clients[i]
		if c.Code != want.Code || c.Name != want.Name || c.Kana != want.Kana || c.Kind != want.Kind || c.Postal != want.Postal || c.FiscalMonth != want.FiscalMonth || c.CorporateNumber != want.CorporateNumber {
			t.Fatalf("row %d differs after a round trip:\n%+v\n%+v", i, c, want)
		}
	}
	// A character Shift_JIS cannot hold is refused, not replaced.
	_, err = o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "𠮷田 一郎"}, nil)
	must(t, err)
	var sj bytes.Buffer
	if _, _, err := o.Export(&sj, office.ImportPeople, jtext.ShiftJIS, false); !errors.As(err, new(*jtext.EncodeError)) {
		t.Fatalf("unencodable name: %v", err)
	}
}

// TestExportNamesTheClient: a Shift_JIS export writes what a Mac or an IME
// types in Windows' form and says so; a value it cannot write — a
// character CP932 lacks, a control character or a value longer than an
// Excel cell, which only another program can have stored past Validate —
// stops the export with the client and the column named, never the value
// (issue 12: the CSV export wrote a raw NUL and the .xlsx export failed
// without saying which client).
func TestExportNamesTheClient(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	_, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Code: "A-1", Name: "株式会社あおば", Notes: "営業 9:00〜17:00、−5℃—¥"}, false)
	must(t, err)
	var sj bytes.Buffer
	n, subs, err := o.Export(&sj, office.ImportClients, jtext.ShiftJIS, true)
	if err != nil || n != 1 {
		t.Fatalf("export: %d %v", n, err)
	}
	want := []jtext.Substitution{{From: '¥', To: '\\', Count: 1}, {From: '—', To: '―', Count: 1}, {From: '−', To: '－', Count: 1}, {From: '〜', To: '～', Count: 1}}
	if !slices.Equal(subs, want) {
		t.Fatalf("substitutions %+v, want %+v", subs, want)
	}

	// Records another program stored, past Validate.
	raw := func(c records.Client) {
		t.Helper()
		_, err := v.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) {
			c.ID = id
			return json.Marshal(&c)
		}})
		must(t, err)
		must(t, o.Load())
	}
	raw(records.Client{Kind: records.KindCorporation, Code: "B-2", Name: "株式会社\x00いろは"})
	cases := []struct {
		name   string
		export func(w *bytes.Buffer) error
		column string
		cause  error
	}{
		{"csv, NUL", func(w *bytes.Buffer) error {
			_, _, err := o.Export(w, office.ImportClients, jtext.UTF8BOM, true)
			return err
		}, "名称", office.ErrControlChar},
		{"xlsx, NUL", func(w *bytes.Buffer) error { _, err := o.ExportXLSX(w, office.ImportClients); return err }, "名称", office.ErrControlChar},
	}
	check := func(code string) {
		t.Helper()
		for _, tc := range cases {
			var buf bytes.Buffer
			err := tc.export(&buf)
			var ee *office.ExportError
			if !errors.As(err, &ee) || ee.Client != code || ee.Column != tc.column || !errors.Is(err, tc.cause) {
				t.Errorf("%s: err = %v, want client %s column %s (%v)", tc.name, err, code, tc.column, tc.cause)
			}
			if err != nil && strings.Contains(err.Error(), "いろは") {
				t.Errorf("%s: the error carries the value: %v", tc.name, err)
			}
		}
	}
	check("B-2")

	v2, _ := newVault(t)
	o = office.New(v2)
	must(t, o.Load())
	v = v2
	raw(records.Client{Kind: records.KindCorporation, Code: "C-3", Name: "株式会社はに", Notes: strings.Repeat("長", 40_000)})
	raw(records.Client{Kind: records.KindCorporation, Code: "D-4", Name: "株式会社𠮷"})
	cases = []struct {
		name   string
		export func(w *bytes.Buffer) error
		column string
		cause  error
	}{
		{"xlsx, 40,000 characters", func(w *bytes.Buffer) error { _, err := o.ExportXLSX(w, office.ImportClients); return err }, "備考", office.ErrCellTooLong},
	}
	check("C-3")
	var buf bytes.Buffer
	_, _, err = o.Export(&buf, office.ImportClients, jtext.ShiftJIS, true)
	var ee *office.ExportError
	var enc *jtext.EncodeError
	if !errors.As(err, &ee) || ee.Client != "D-4" || ee.Column != "名称" || !errors.As(err, &enc) || enc.Rune != '𠮷' {
		t.Fatalf("shift_jis export of 𠮷: %v", err)
	}
}

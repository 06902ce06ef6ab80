package office_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
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
	n, err := o.Export(&clients, office.ImportClients, jtext.ShiftJIS, false)
	if err != nil || n != 2 {
		t.Fatalf("export clients: %d, %v", n, err)
	}
	n, err = o.Export(&people, office.ImportPeople, jtext.UTF8BOM, true)
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
	if _, err := o.Export(&sj, office.ImportPeople, jtext.ShiftJIS, false); !errors.As(err, new(*jtext.EncodeError)) {
		t.Fatalf("unencodable name: %v", err)
	}
}

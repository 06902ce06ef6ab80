package office_test

import (
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
)

// TestRetentionQueue: a number is due 7 years after the last filing for
// someone who left; someone still employed is never due.
func TestRetentionQueue(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	id, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false)
	must(t, err)
	left := records.Date{Y: 2025, M: time.March, D: 31}
	gone, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "退職 太郎", Left: &left}, nil)
	must(t, err)
	stays, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "在職 花子"}, nil)
	must(t, err)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	for _, p := range []string{gone, stays} {
		_, err := o.Acquire(office.Acquisition{Client: id, Person: p, Number: "123456789018", Confirm: "123456789018",
			Purposes: []mynumber.Purpose{mynumber.PurposeDependentsDeclaration}, Verification: ver, Today: today()}, nil)
		must(t, err)
	}
	check := func(y int, wantPast bool) {
		t.Helper()
		d, _ := mynumber.NewDate(y, time.June, 1)
		items, err := o.Retention(d)
		must(t, err)
		if len(items) != 2 {
			t.Fatalf("%d items", len(items))
		}
		for _, it := range items {
			switch it.Person {
			case gone:
				if it.Due.String() != "2033-01-11" || it.Past != wantPast || it.Trigger != "retired" {
					t.Fatalf("%d: the leaver: %+v", y, it)
				}
			case stays:
				if !it.Due.IsZero() || it.Past {
					t.Fatalf("%d: someone still employed is due: %+v", y, it)
				}
			}
		}
		if wantPast && items[0].Person != gone {
			t.Fatal("items past their date come first")
		}
	}
	check(2030, false)
	check(2033, true)
}

package office_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newVault creates a vault whose 責任者 "shocho" also handles numbers, with
// a staff member "suzuki" (read only by default).
func newVault(t *testing.T) (*vault.Vault, string) {
	dir := wintest.TempDir(t)
	v, _, err := vault.Create(filepath.Join(dir, "nas"), "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("shocho-pw-X7c9k2"), Handler: true},
		vault.Options{DataDir: filepath.Join(dir, "pc"), Keys: &keys.Options{WorkFactor: 10}})
	must(t, err)
	t.Cleanup(func() { v.Close() })
	staff, err := v.AddUser(vault.NewUser{Login: "suzuki", Name: "鈴木", Password: []byte("suzuki-pw-X7c9k2"), Role: access.Staff, Default: access.Read})
	must(t, err)
	return v, staff
}

func today() mynumber.Date { d, _ := mynumber.NewDate(2026, time.April, 1); return d }

func TestClientsPeopleAndSearch(t *testing.T) {
	v, staff := newVault(t)
	o := office.New(v)
	id, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社山田商事", Kana: "やまだしょうじ", Code: "A-0012", CorporateNumber: "7000012050002", Phone: "03-1234-5678"}, false)
	must(t, err)
	secret, err := o.CreateClient(records.Client{Kind: records.KindIndividual, Name: "秘密 太郎", Kana: "ヒミツ タロウ"}, true)
	must(t, err)
	if _, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "x", CorporateNumber: "1234567890123"}, false); !errors.As(err, new(*records.ValidationError)) {
		t.Fatalf("bad 法人番号: %v", err)
	}
	_, err = o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "山田 花子", Kana: "ﾔﾏﾀﾞ ﾊﾅｺ"}, nil)
	must(t, err)
	for _, q := range []string{"ﾔﾏﾀﾞ", "やまだ", "山田 花子", "a-0012", "0312345678"} {
		if hits := o.Search(q, 10); len(hits) == 0 {
			t.Errorf("search %q finds nothing", q)
		}
	}
	// A fresh session (another login) sees the same through Load.
	o2 := office.New(v)
	must(t, o2.Load())
	if hits := o2.Search("やまだ", 10); len(hits) != 2 {
		t.Fatalf("after Load: %d hits, want the client and the person", len(hits))
	}
	if hits := o2.Search("ヒミツ", 10); len(hits) != 1 {
		t.Fatalf("the 責任者 finds the 所長のみ client: %d", len(hits))
	}
	// Staff: the 所長のみ client never appears, and a read-only client cannot be edited.
	v.Lock()
	must(t, v.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	os := office.New(v)
	must(t, os.Load())
	if hits := os.Search("ヒミツ", 10); len(hits) != 0 {
		t.Fatal("a hidden client appeared in a staff member's search")
	}
	if hits := o2.Search("ヒミツ", 10); len(hits) != 0 {
		t.Fatal("an index built by the 責任者 leaked a hidden client after the user changed")
	}
	c, err := os.Client(id)
	must(t, err)
	c.Value.Notes = "edit"
	if err := os.UpdateClient(c.Value, c.Versions); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("read-only edit: %v", err)
	}
	_, _ = staff, secret
}

func TestMyNumberLifecycle(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	id, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false)
	must(t, err)
	pid, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "佐藤 一郎"}, nil)
	must(t, err)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	base := office.Acquisition{Client: id, Person: pid, Number: "1234 5678 9018", Confirm: "123456789018",
		Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Today: today(), Role: "employee"}

	cases := []struct {
		name string
		edit func(a *office.Acquisition)
		want error
	}{
		{"typed differently", func(a *office.Acquisition) { a.Confirm = "123456789026" }, office.ErrNumberMismatch},
		{"check digit", func(a *office.Acquisition) { a.Number, a.Confirm = "123456789019", "123456789019" }, mynumber.ErrCheckDigit},
		{"no purpose", func(a *office.Acquisition) { a.Purposes = nil }, office.ErrNoPurpose},
		{"notice letter", func(a *office.Acquisition) { a.Verification.NumberDoc = mynumber.DocNoticeLetter }, mynumber.ErrVerification},
	}
	for _, c := range cases {
		a := base
		c.edit(&a)
		_, err := o.Acquire(a, nil)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "9018") {
			t.Errorf("%s: the error holds digits", c.name)
		}
	}
	warn, err := o.Acquire(base, nil)
	must(t, err)
	if len(warn) != 0 {
		t.Fatalf("warnings %v", warn)
	}
	info, err := o.NumberInfo(id, pid)
	must(t, err)
	if info.Value.Masked() != "**** **** 9018" || strings.Contains(fmt.Sprintf("%+v", info.Value), "12345678") {
		t.Fatalf("record shows %q", info.Value.Masked())
	}
	if _, err := o.Reveal(id, pid, mynumber.PurposeTaxReturn); !errors.Is(err, office.ErrPurposeNotRecorded) {
		t.Fatalf("reveal for another purpose: %v", err)
	}
	n, err := o.Reveal(id, pid, mynumber.PurposeWithholdingSlip)
	must(t, err)
	if n.Reveal() != "123456789018" || fmt.Sprint(n) != "**** **** 9018" {
		t.Fatal("reveal")
	}
	// Erasure: proposed by a handler, approved by a 責任者 (here the same
	// person in a solo office).
	pr, err := o.ProposeErasure(id, pid, "retention", []string{string(mynumber.DocTypeWithholdingSlip)})
	must(t, err)
	must(t, v.ApproveErasure(pr))
	if _, err := o.NumberInfo(id, pid); !errors.Is(err, office.ErrNoNumber) {
		t.Fatalf("after erasure: %v", err)
	}
	es, err := v.Erasures()
	must(t, err)
	if len(es) != 1 || es[0].ApprovedBy == "" {
		t.Fatalf("廃棄記録: %+v", es)
	}
	// Staff cannot acquire.
	v.Lock()
	must(t, v.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	if _, err := o.Acquire(base, nil); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff acquiring: %v", err)
	}
}

func TestDeletePerson(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	id, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false)
	must(t, err)
	pid, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "削除 太郎"}, nil)
	must(t, err)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	_, err = o.Acquire(office.Acquisition{Client: id, Person: pid, Number: "123456789018", Confirm: "123456789018",
		Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Today: today()}, nil)
	must(t, err)
	p, err := o.Person(id, pid)
	must(t, err)
	if err := o.DeletePerson(id, pid, p.Versions); !errors.Is(err, office.ErrHasNumber) {
		t.Fatalf("deleting a person with a number: %v", err)
	}
	pr, err := o.ProposeErasure(id, pid, "retired", nil)
	must(t, err)
	must(t, v.ApproveErasure(pr))
	must(t, o.DeletePerson(id, pid, p.Versions))
	if _, err := o.Person(id, pid); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("deleted person: %v", err)
	}
	if hits := o.Search("削除", 10); len(hits) != 0 {
		t.Fatal("a deleted person is still found")
	}
}

package office_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
)

// TestErasureListsEveryBlobOfTheRecord: a number corrected after its
// acquisition leaves its first blob referenced only by a replaced version.
// The proposal lists the blobs of every version — both numbers and both
// scans — and nothing else; after the approval none is left in the vault
// folder, and another person's number is untouched.
func TestErasureListsEveryBlobOfTheRecord(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	id, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false)
	must(t, err)
	var people []string
	for _, name := range []string{"佐藤 一郎", "佐藤 二郎"} {
		pid, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: name}, nil)
		must(t, err)
		people = append(people, pid)
	}
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	acquire := func(person, number string, parents []string) {
		t.Helper()
		_, err := o.Acquire(office.Acquisition{Client: id, Person: person, Number: number, Confirm: number, Role: "employee",
			Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Scans: [][]byte{[]byte("scan of " + number)}, Today: today()}, parents)
		must(t, err)
	}
	acquire(people[0], "123456789018", nil)
	first, err := o.NumberInfo(id, people[0])
	must(t, err)
	acquire(people[0], "111111111118", first.Versions) // a correction
	second, err := o.NumberInfo(id, people[0])
	must(t, err)
	acquire(people[1], "123456789018", nil)
	other, err := o.NumberInfo(id, people[1])
	must(t, err)

	var want []string
	for _, rec := range []office.NumberRecord{first.Value, second.Value} {
		want = append(want, rec.Number.ID)
		for _, s := range rec.Scans {
			want = append(want, s.ID)
		}
	}
	pr, err := o.ProposeErasure(id, people[0], "retired", nil)
	must(t, err)
	es, err := v.Erasures()
	must(t, err)
	if len(es) != 1 {
		t.Fatalf("%d proposals", len(es))
	}
	var got []string
	for _, b := range es[0].Blobs {
		got = append(got, b.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("the proposal lists %d blobs, want the record's %d", len(got), len(want))
	}
	must(t, v.ApproveErasure(pr))
	_, err = v.Sync(nil)
	must(t, err)
	for _, b := range want {
		if _, err := os.Stat(filepath.Join(v.Folder(), "blobs", b)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a blob of the erased record is still in the vault folder: %v", err)
		}
	}
	if _, err := o.NumberInfo(id, people[0]); !errors.Is(err, office.ErrNoNumber) {
		t.Fatalf("after erasure: %v", err)
	}
	n, err := o.Reveal(id, people[1], mynumber.PurposeWithholdingSlip)
	if err != nil || n.Reveal() != "123456789018" {
		t.Fatalf("the other person's number: %v", err)
	}
	if _, err := v.GetBlob("mynumber/"+id+"/"+people[1], other.Value.Scans[0]); err != nil {
		t.Fatalf("the other person's scan: %v", err)
	}
	// A later acquisition for the erased person starts a new record, and
	// its proposal lists only the new blobs.
	acquire(people[0], "111111111118", nil)
	_, err = o.ProposeErasure(id, people[0], "retired", nil)
	must(t, err)
	es, err = v.Erasures()
	must(t, err)
	for _, e := range es {
		if e.ApprovedAt == 0 && len(e.Blobs) != 2 {
			t.Fatalf("the new proposal lists %d blobs, want 2", len(e.Blobs))
		}
	}
}

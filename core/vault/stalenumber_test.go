package vault_test

import (
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/mynumber"
	koffice "github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
)

// canOpenBlob reports whether any key the insider can unwrap opens the
// blob ref names, read from the vault folder as any member of staff can.
func (in *insider) canOpenBlob(ref vault.BlobRef) bool {
	sealed, err := in.folder.ReadBlob(ref.ID)
	if err != nil {
		in.t.Fatalf("read blob: %v", err)
	}
	ad := seal.AD{Vault: in.folder.Header().Vault, Kind: "blob", ID: ref.ID, Scope: ref.Scope, Epoch: ref.Epoch}
	for _, k := range in.scopeKeys(ref.Scope, ref.Epoch) {
		if _, err := seal.Open(&k, ad, sealed); err == nil {
			return true
		}
	}
	return false
}

// 10, for My Numbers. A PC that has not seen a handler's removal stores a
// number under the key the removed handler holds; the first PC to import it
// with a handler logged in seals the record and its blobs (number and
// scan) again under the current key, and the record points at the new
// blobs, which the removed handler cannot open.
func TestStaleEpochNumberResealed(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	hana := addUser(t, a, "hana", access.Handler, access.Edit)
	taro := addUser(t, a, "taro", access.Handler, access.Edit)
	c1 := newClient(t, a, "client")
	must(t, a.GrantMyNumber(hana, c1))
	must(t, a.GrantMyNumber(taro, c1))
	day, _ := mynumber.NewDate(2026, time.April, 1)
	acquire := func(v *vault.Vault, person, number string) {
		t.Helper()
		ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: day}
		_, err := koffice.New(v).Acquire(koffice.Acquisition{Client: c1, Person: person, Number: number, Confirm: number, Role: "employee",
			Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Scans: [][]byte{[]byte("scan of " + person)}, Today: day}, nil)
		must(t, err)
	}
	login(t, a, "hana")
	acquire(a, "p0", "123456789018") // the first handler's number makes epoch 1
	b := o.join("b")
	sync(t, a, b)
	login(t, b, "taro")

	login(t, a, "shocho")
	must(t, a.RevokeMyNumber(hana, c1))
	login(t, a, "taro")
	acquire(a, "p2", "111111111118") // a handler's next number rotates: epoch 2, which b has not seen
	sync(t, a)

	acquire(b, "p1", "123456789018") // under epoch 1, which hana holds
	stale, err := koffice.New(b).NumberInfo(c1, "p1")
	must(t, err)
	if stale.Value.Number.Epoch != 1 || len(stale.Value.Scans) != 1 {
		t.Fatalf("the stale write: %+v (test broken)", stale.Value)
	}
	hanaIn := newInsider(t, o, "hana", "hana-pw-X7c9k2")
	sync(t, b) // b writes the number, then imports the rotation
	if !hanaIn.canOpenBlob(stale.Value.Number) {
		t.Fatal("the removed handler cannot open the stale blob (test broken)")
	}
	if got := b.Status().Resealed; got != 1 {
		t.Fatalf("resealed %d, want 1", got)
	}
	all := judged(t, o, "c", nil, a, b)
	for _, v := range all {
		login(t, v, "taro")
		info, err := koffice.New(v).NumberInfo(c1, "p1")
		must(t, err)
		if len(info.Versions) != 1 {
			t.Fatalf("replica %s: %d heads", v.Device(), len(info.Versions))
		}
		refs := append([]vault.BlobRef{info.Value.Number}, info.Value.Scans...)
		for _, ref := range refs {
			if ref.Epoch != 2 || ref.ID == stale.Value.Number.ID || ref.ID == stale.Value.Scans[0].ID {
				t.Errorf("replica %s: blob %s still under epoch %d", v.Device(), ref.ID, ref.Epoch)
			}
			if hanaIn.canOpenBlob(ref) {
				t.Errorf("replica %s: the removed handler can open the number's current blob", v.Device())
			}
		}
		n, err := koffice.New(v).Reveal(c1, "p1", mynumber.PurposeWithholdingSlip)
		must(t, err)
		if want, _ := mynumber.ParseIndividual("123456789018"); !n.Equal(want) {
			t.Errorf("replica %s: the re-sealed number reads back wrong", v.Device())
		}
		scan, err := v.GetBlob("mynumber/"+c1+"/p1", info.Value.Scans[0])
		must(t, err)
		if string(scan) != "scan of p1" {
			t.Errorf("replica %s: the re-sealed scan reads back wrong", v.Device())
		}
	}
}

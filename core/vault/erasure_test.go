package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestErasureWorkflow: a handler proposes, a 責任者 who is not a handler
// approves; the number's blob is gone from the vault folder and every
// replica (compacted), the record is gone, and the 廃棄記録 remains on both
// PCs without the number.
func TestErasureWorkflow(t *testing.T) {
	o := newOffice(t)
	head, _, err := vault.Create(o.folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte(adminPass)}, o.opts("a"))
	must(t, err)
	o.cleanup(head, "a")
	o.open = append(o.open, head)
	addUser(t, head, "tanaka", access.Handler, access.Edit)
	must(t, head.CreateClient("c1", false, []byte("client")))
	b := o.join("b")
	login(t, b, "tanaka")
	number := bytes.Repeat([]byte("123456789018"), 4000) // stands for a number plus its scan
	ref, err := b.PutBlob(access.MyNumberScope("c1"), number)
	must(t, err)
	_, err = b.Put("mynumber/c1/p1", nil, []byte(`{"blob":"`+ref.ID+`"}`))
	must(t, err)
	if _, err := head.ProposeErasure(vault.ErasureProposal{Target: "mynumber/c1/p1", Blobs: []string{ref.ID}, Reason: "retention"}); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("a non-handler proposing: %v", err)
	}
	id, err := b.ProposeErasure(vault.ErasureProposal{Target: "mynumber/c1/p1", Blobs: []string{ref.ID}, Docs: []string{"dependents_declaration"}, Reason: "retention"})
	must(t, err)
	if err := b.ApproveErasure(id); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("a handler approving: %v", err)
	}
	sync(t, b, head)
	sealed, err := os.ReadFile(filepath.Join(o.folder, "blobs", ref.ID))
	must(t, err)
	es, err := head.Erasures()
	must(t, err)
	if len(es) != 1 || es[0].ApprovedAt != 0 {
		t.Fatalf("pending proposals: %+v", es)
	}
	must(t, head.ApproveErasure(id))
	if err := head.ApproveErasure(id); err == nil {
		t.Fatal("approved twice")
	}
	sync(t, head, b)

	if _, err := os.Stat(filepath.Join(o.folder, "blobs", ref.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the number's blob is still in the vault folder")
	}
	if _, err := b.Get("mynumber/c1/p1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("erased record still readable: %v", err)
	}
	if _, err := b.GetBlob(ref); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("erased blob: %v", err)
	}
	for _, v := range []*vault.Vault{head, b} {
		es, err := v.Erasures()
		must(t, err)
		if len(es) != 1 || es[0].ApprovedBy == "" || es[0].ProposedBy == "" || es[0].Target != "mynumber/c1/p1" {
			t.Fatalf("廃棄記録 on %s: %+v", v.Device(), es)
		}
	}
	for _, pc := range []string{"a", "b"} {
		raw, err := os.ReadFile(filepath.Join(o.opts(pc).DataDir, "vaults", head.ID(), "replica.db"))
		must(t, err)
		if bytes.Contains(raw, sealed[len(sealed)-64:]) {
			t.Fatalf("replica of %s still holds the erased ciphertext", pc)
		}
	}
	// A new number can be acquired for the same person afterwards.
	ref2, err := b.PutBlob(access.MyNumberScope("c1"), []byte("new"))
	must(t, err)
	_, err = b.Put("mynumber/c1/p1", nil, []byte(`{"blob":"`+ref2.ID+`"}`))
	must(t, err)
	// And a PC that joins later converges to the same state.
	late := o.join("late")
	sync(t, b, late)
	login(t, late, "tanaka")
	if got := get(t, late, "mynumber/c1/p1"); got != `{"blob":"`+ref2.ID+`"}` {
		t.Fatalf("late PC: %q", got)
	}
	if late.Derived() != b.Derived() {
		t.Fatal("the late PC's state differs")
	}
}

package vault_test

import (
	"bytes"
	"context"
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
	c1 := newClient(t, head, "client")
	b := o.join("b")
	login(t, b, "tanaka")
	number := bytes.Repeat([]byte("123456789018"), 4000) // stands for a number plus its scan
	ref, err := b.PutBlob("mynumber/"+c1+"/p1", number)
	must(t, err)
	_, err = b.Put("mynumber/"+c1+"/p1", nil, []byte(`{"blob":"`+ref.ID+`"}`))
	must(t, err)
	if _, err := head.ProposeErasure(vault.ErasureProposal{Target: "mynumber/" + c1 + "/p1", Blobs: vault.ErasureBlobs(ref), Reason: "retention"}); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("a non-handler proposing: %v", err)
	}
	id, err := b.ProposeErasure(vault.ErasureProposal{Target: "mynumber/" + c1 + "/p1", Blobs: vault.ErasureBlobs(ref), Docs: []string{"dependents_declaration"}, Reason: "retention"})
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
	if _, err := b.Get("mynumber/" + c1 + "/p1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("erased record still readable: %v", err)
	}
	if _, err := b.GetBlob("mynumber/"+c1+"/p1", ref); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("erased blob: %v", err)
	}
	for _, v := range []*vault.Vault{head, b} {
		es, err := v.Erasures()
		must(t, err)
		if len(es) != 1 || es[0].ApprovedBy == "" || es[0].ProposedBy == "" || es[0].Target != "mynumber/"+c1+"/p1" ||
			len(es[0].Blobs) != 1 || es[0].Blobs[0].ID != ref.ID {
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
	ref2, err := b.PutBlob("mynumber/"+c1+"/p1", []byte("new"))
	must(t, err)
	_, err = b.Put("mynumber/"+c1+"/p1", nil, []byte(`{"blob":"`+ref2.ID+`"}`))
	must(t, err)
	// And a PC that joins later converges to the same state.
	late := o.join("late")
	sync(t, b, late)
	login(t, late, "tanaka")
	if got := get(t, late, "mynumber/"+c1+"/p1"); got != `{"blob":"`+ref2.ID+`"}` {
		t.Fatalf("late PC: %q", got)
	}
	if late.Derived() != b.Derived() {
		t.Fatal("the late PC's state differs")
	}
}

// erasureOffice: the 責任者 (PC a) handles no numbers; sato (PC b) handles
// cB's and cA's, tanaka (PC c) only cA's (clients take the handlers that
// exist when they are created). Each client has one number on file.
type erasureOffice struct {
	o                  *office
	head, sato, tanaka *vault.Vault
	refA, refB         vault.BlobRef
	tanakaID           string
	targetA, targetB   string // mynumber/<cA>/p1 and mynumber/<cB>/q1
}

func newErasureOffice(t *testing.T) *erasureOffice {
	t.Helper()
	e := &erasureOffice{o: newOffice(t)}
	o := e.o
	head, _, err := vault.Create(o.folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte(adminPass)}, o.opts("a"))
	must(t, err)
	o.cleanup(head, "a")
	o.open = append(o.open, head)
	e.head = head
	addUser(t, head, "sato", access.Handler, access.Edit)
	e.targetB = "mynumber/" + newClient(t, head, "client B") + "/q1"
	e.tanakaID = addUser(t, head, "tanaka", access.Handler, access.Edit)
	e.targetA = "mynumber/" + newClient(t, head, "client A") + "/p1"
	e.sato = o.join("b")
	login(t, e.sato, "sato")
	e.refB, err = e.sato.PutBlob(e.targetB, []byte("number of cB's q1"))
	must(t, err)
	_, err = e.sato.Put(e.targetB, nil, []byte(`{"blob":"`+e.refB.ID+`"}`))
	must(t, err)
	e.tanaka = o.join("c")
	login(t, e.tanaka, "tanaka")
	if _, err := e.tanaka.PutBlob(e.targetB, []byte("x")); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("tanaka stores a blob of cB: %v", err)
	}
	e.refA, err = e.tanaka.PutBlob(e.targetA, []byte("number of cA's p1"))
	must(t, err)
	_, err = e.tanaka.Put(e.targetA, nil, []byte(`{"blob":"`+e.refA.ID+`"}`))
	must(t, err)
	sync(t, e.head, e.sato, e.tanaka)
	return e
}

// TestErasureOfAnotherClientsBlob: tanaka, a handler of cA only, runs
// their own program with their own keys and proposes the erasure of their
// own person's record listing a blob of cB (sato's client), in every way
// the payload allows; the 責任者 then approves as a routine. Every replica
// — the 責任者's holds no My Number key at all — refuses the proposal, cB's
// number survives everywhere, and no 廃棄記録 claims it.
func TestErasureOfAnotherClientsBlob(t *testing.T) {
	tests := []struct {
		name    string
		targetB bool // propose the erasure of cB's record, not cA's
		reason  string
		blobs   func(e *erasureOffice) []vault.ErasureBlob
	}{
		{"B's blob with B's nonce", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob {
			return vault.ErasureBlobs(e.refA, e.refB)
		}},
		{"B's blob with A's nonce", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob {
			return append(vault.ErasureBlobs(e.refA), vault.ErasureBlob{ID: e.refB.ID, Nonce: e.refA.Nonce})
		}},
		{"B's blob without a nonce", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob {
			return []vault.ErasureBlob{{ID: e.refB.ID}}
		}},
		{"only B's blob", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob {
			return vault.ErasureBlobs(e.refB)
		}},
		{"no blob", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob { return nil }},
		{"A's blob twice", false, vault.ReasonInvalid, func(e *erasureOffice) []vault.ErasureBlob {
			return vault.ErasureBlobs(e.refA, e.refA)
		}},
		{"B's record", true, vault.ReasonDenied, func(e *erasureOffice) []vault.ErasureBlob {
			return vault.ErasureBlobs(e.refB)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newErasureOffice(t)
			o := e.o
			o.tampered = true // the hostile op stays in the journal; Verify must name it (below)
			target := e.targetA
			if tt.targetB {
				target = e.targetB
			}
			p := vault.ErasureProposal{ID: "hostile", Target: target, Blobs: tt.blobs(e), Reason: "retention"}
			// The honest API refuses it on tanaka's own PC.
			if _, err := e.tanaka.ProposeErasure(p); err == nil {
				t.Error("ProposeErasure accepted the list")
			}
			forged, err := e.tanaka.ForceErasureOp(vault.KindErasurePropose, p.ID, p)
			must(t, err)
			sync(t, e.tanaka, e.head, e.sato)
			// The routine approval: the proposal is not there to approve.
			if err := e.head.ApproveErasure(p.ID); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("approving the refused proposal: %v", err)
			}
			// Nor does an approval written anyway (an older or modified
			// program of the 責任者) erase anything: it waits for a
			// proposal that no replica applies.
			approval, err := e.head.ForceErasureOp(vault.KindErasureApprove, p.ID, map[string]string{"id": p.ID})
			must(t, err)
			sync(t, e.head, e.sato, e.tanaka)
			// A PC that joins afterwards imports everything in one go.
			late := o.join("late")
			sync(t, late)
			login(t, late, "sato")

			for _, v := range []*vault.Vault{e.head, e.sato, e.tanaka, late} {
				q := v.Quarantined()
				if q[forged] != tt.reason {
					t.Errorf("%s: proposal %q, want %q", v.Device(), q[forged], tt.reason)
				}
				if q[approval] != vault.ReasonPending {
					t.Errorf("%s: approval %q, want pending", v.Device(), q[approval])
				}
				es, err := v.Erasures()
				must(t, err)
				if len(es) != 0 {
					t.Errorf("%s: 廃棄記録 or proposal listed: %+v", v.Device(), es)
				}
				if v.Derived() != e.head.Derived() {
					t.Errorf("%s: state differs from the 責任者's", v.Device())
				}
			}
			for _, ref := range []vault.BlobRef{e.refA, e.refB} {
				if _, err := os.Stat(filepath.Join(o.folder, "blobs", ref.ID)); err != nil {
					t.Fatalf("a blob left the vault folder: %v", err)
				}
			}
			for _, v := range []*vault.Vault{e.sato, late} {
				if got, err := v.GetBlob(e.targetB, e.refB); err != nil || string(got) != "number of cB's q1" {
					t.Fatalf("%s: cB's number: %v", v.Device(), err)
				}
				if got := get(t, v, e.targetB); got != `{"blob":"`+e.refB.ID+`"}` {
					t.Fatalf("%s: cB's record: %q", v.Device(), got)
				}
			}
			if got, err := e.tanaka.GetBlob(e.targetA, e.refA); err != nil || string(got) != "number of cA's p1" {
				t.Fatalf("cA's number: %v", err)
			}
			// vault verify names the hostile op and its author.
			rpt, err := e.head.Verify(context.Background(), nil)
			must(t, err)
			named := false
			for _, pr := range rpt.Problems {
				if pr.Op == forged {
					named = pr.Author == e.tanakaID && pr.Reason == tt.reason
				}
			}
			if !named {
				t.Fatalf("verify does not name tanaka's proposal: %+v", rpt.Problems)
			}
		})
	}
}

// TestErasureHonestPath: in the same office, tanaka proposes the erasure of
// their person's record listing its own blob, the 責任者 (no key) approves,
// and exactly that blob goes — cB's number stays on every PC.
func TestErasureHonestPath(t *testing.T) {
	e := newErasureOffice(t)
	id, err := e.tanaka.ProposeErasure(vault.ErasureProposal{Target: e.targetA, Blobs: vault.ErasureBlobs(e.refA), Reason: "retired"})
	must(t, err)
	sync(t, e.tanaka, e.head, e.sato)
	must(t, e.head.ApproveErasure(id))
	sync(t, e.head, e.sato, e.tanaka)
	late := e.o.join("late")
	sync(t, late)
	login(t, late, "shocho")
	if _, err := os.Stat(filepath.Join(e.o.folder, "blobs", e.refA.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("cA's blob is still in the vault folder")
	}
	if _, err := os.Stat(filepath.Join(e.o.folder, "blobs", e.refB.ID)); err != nil {
		t.Fatalf("cB's blob left the vault folder: %v", err)
	}
	for _, v := range []*vault.Vault{e.head, e.sato, e.tanaka, late} {
		if q := v.Quarantined(); len(q) != 0 {
			t.Errorf("%s: quarantine %v", v.Device(), q)
		}
		es, err := v.Erasures()
		must(t, err)
		if len(es) != 1 || es[0].Target != e.targetA || len(es[0].Blobs) != 1 || es[0].Blobs[0].ID != e.refA.ID || es[0].ApprovedAt == 0 {
			t.Errorf("%s: 廃棄記録 %+v", v.Device(), es)
		}
	}
	if _, err := e.sato.GetBlob(e.targetA, e.refA); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("cA's number after erasure: %v", err)
	}
	if got, err := e.sato.GetBlob(e.targetB, e.refB); err != nil || string(got) != "number of cB's q1" {
		t.Fatalf("cB's number: %v", err)
	}
}

package vault_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestWitnessCatchesTruncatedSoloLog: a solo office (one PC) keeps a
// witness of its own log (what a backup stores); an insider then cuts
// the device's log short in the vault folder and sets up a fresh replica
// on a PC that never saw the cut part. Without the witness the fresh
// replica finds nothing wrong; with it, the cut is a rollback naming the
// witness.
func TestWitnessCatchesTruncatedSoloLog(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	for i := range 40 {
		must(t, a.Log(audit.Entry{Action: audit.ClientView, Target: "client/x", Label: string(rune('A' + i%26)), Result: audit.ResultOK}))
		sync(t, a) // one segment at a time, so the log can be cut short
	}
	must(t, a.Checkpoint())
	sync(t, a)
	ws, err := a.Witnesses()
	must(t, err)
	i := slices.IndexFunc(ws, func(w audit.Witness) bool { return w.Device == a.Device() })
	if i < 0 {
		t.Fatalf("no witness of the PC itself: %+v", ws)
	}
	own := ws[i]
	if r, err := a.VerifyLogWith(context.Background(), nil, map[string][]audit.Witness{"backup/usb": ws}); err != nil || !r.OK() {
		t.Fatalf("a sound log with its witness: %v %+v", err, r)
	}

	// The insider: the newest segments go (more than the last checkpoint).
	segs := segments(t, o, a.Device())
	for _, s := range segs[len(segs)-10:] {
		must(t, os.Remove(s))
	}
	a.Close()
	b := o.join("b")
	login(t, b, "shocho")
	r, err := b.VerifyLog(context.Background(), nil)
	must(t, err)
	for _, p := range r.Problems {
		if p.Kind == audit.ProblemRollback && p.Device == a.Device() {
			t.Fatalf("the fresh replica could already tell (the test proves nothing): %+v", r.Problems)
		}
	}
	r, err = b.VerifyLogWith(context.Background(), nil, map[string][]audit.Witness{"backup/usb": ws})
	must(t, err)
	found := false
	for _, p := range r.Problems {
		found = found || (p.Kind == audit.ProblemRollback && p.Device == a.Device() && p.Witness == "backup/usb" && p.Seen == own.Seq && p.Held < own.Seq)
	}
	if !found {
		t.Fatalf("the cut log went unnoticed: %+v", r.Problems)
	}
}

// TestApprovedErasureBlobs: the blobs of approved erasures are read from
// a vault folder's journal without a replica; proposals not approved are
// not listed.
func TestApprovedErasureBlobs(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c := newClient(t, a, "client")
	var refs []vault.BlobRef
	var ids []string
	for _, p := range []string{"p1", "p2"} {
		ref, err := a.PutBlob("mynumber/"+c+"/"+p, bytes.Repeat([]byte("123456789018"), 10))
		must(t, err)
		_, err = a.Put("mynumber/"+c+"/"+p, nil, []byte(`{"blob":"`+ref.ID+`"}`))
		must(t, err)
		id, err := a.ProposeErasure(vault.ErasureProposal{Target: "mynumber/" + c + "/" + p, Blobs: vault.ErasureBlobs(ref), Reason: "retention"})
		must(t, err)
		refs, ids = append(refs, ref), append(ids, id)
	}
	must(t, a.ApproveErasure(ids[0]))
	sync(t, a)
	got, err := vault.ApprovedErasureBlobs(o.folder)
	must(t, err)
	if !slices.Equal(got, []string{refs[0].ID}) {
		t.Fatalf("approved erasure blobs %v, want %v", got, refs[0].ID)
	}
}

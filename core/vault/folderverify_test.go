package vault_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/mynumber"
	koffice "github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
)

// numberRecord acquires a My Number (with a scan) for person of client
// through the office layer, as the window does, and returns the record's
// target and its number blob's ref.
func numberRecord(t *testing.T, v *vault.Vault, client, person string) (string, vault.BlobRef) {
	t.Helper()
	day, _ := mynumber.NewDate(2026, time.April, 1)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: day}
	_, err := koffice.New(v).Acquire(koffice.Acquisition{Client: client, Person: person, Number: "123456789018", Confirm: "123456789018", Role: "employee",
		Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Verification: ver, Scans: [][]byte{[]byte("scan of " + person)}, Today: day}, nil)
	must(t, err)
	info, err := koffice.New(v).NumberInfo(client, person)
	must(t, err)
	return "mynumber/" + client + "/" + person, info.Value.Number
}

// problemsOf runs Verify and returns its problems of kind.
func problemsOf(t *testing.T, v *vault.Vault, kind string) []vault.Problem {
	t.Helper()
	rpt, err := v.Verify(context.Background(), nil)
	must(t, err)
	var out []vault.Problem
	for _, p := range rpt.Problems {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

func wantProblem(t *testing.T, who string, got []vault.Problem, reason, file string) {
	t.Helper()
	for _, p := range got {
		if p.Reason == reason && p.File == file {
			return
		}
	}
	t.Errorf("verify from %s: want %s of %s, got %+v", who, reason, file, got)
}

// TestVerifyBlobs: a blob file replaced, altered or deleted in the vault
// folder, an erased blob brought back and a stray file are found by Verify
// from the PC that holds a copy, and (for a user who can read the record)
// from a PC that never read the blob; opening the altered number says the
// vault folder's file is damaged, not this PC's replica.
func TestVerifyBlobs(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	c1 := newClient(t, a, "client")
	t1, r1 := numberRecord(t, a, c1, "p1")
	_, r2 := numberRecord(t, a, c1, "p2")
	_, r3 := numberRecord(t, a, c1, "p3")
	_, r4 := numberRecord(t, a, c1, "p4")
	b := o.join("b")
	login(t, b, "shocho")
	if got := problemsOf(t, b, "blob"); len(got) != 0 {
		t.Fatalf("an intact folder: %+v", got)
	}
	must(t, a.EraseBlob(r4))
	sync(t, a, b)
	file := func(id string) string { return filepath.Join(o.folder, "blobs", id) }
	erased, err := os.ReadFile(file(r3.ID)) // any sealed blob will do as the erased one's bytes
	must(t, err)
	must(t, os.WriteFile(file(r4.ID), erased, 0o644)) // an old copy brings an erased blob back
	raw, err := os.ReadFile(file(r1.ID))
	must(t, err)
	raw[len(raw)/2] ^= 1
	must(t, os.WriteFile(file(r1.ID), raw, 0o644))
	must(t, os.WriteFile(file(r2.ID), []byte("a different file"), 0o644))
	must(t, os.Remove(file(r3.ID)))
	must(t, os.WriteFile(file("Notes.txt"), []byte("x"), 0o644))

	for _, pc := range []struct {
		name string
		v    *vault.Vault
	}{{"a (holds copies)", a}, {"b (reads the records)", b}} {
		got := problemsOf(t, pc.v, "blob")
		wantProblem(t, pc.name, got, vault.ReasonAltered, "blobs/"+r1.ID)
		wantProblem(t, pc.name, got, vault.ReasonAltered, "blobs/"+r2.ID)
		wantProblem(t, pc.name, got, vault.ReasonMissing, "blobs/"+r3.ID)
		wantProblem(t, pc.name, got, vault.ReasonErasedPresent, "blobs/"+r4.ID)
		wantProblem(t, pc.name, got, vault.ReasonStray, "blobs/Notes.txt")
		if len(got) != 5 {
			t.Errorf("verify from %s: %d blob problems, want 5 (the scans are intact): %+v", pc.name, len(got), got)
		}
	}

	_, err = b.GetBlob(t1, r1)
	var damage *vault.FolderDamageError
	if !errors.As(err, &damage) || damage.File != "blobs/"+r1.ID || damage.Reason != vault.ReasonAltered || errors.Is(err, vault.ErrCorruptReplica) {
		t.Fatalf("opening the altered number: %v, want the folder's file named as damaged", err)
	}
	// Nothing of the damaged file was kept: once the file is right again,
	// the number opens.
	raw[len(raw)/2] ^= 1
	must(t, os.WriteFile(file(r1.ID), raw, 0o644))
	if _, err := b.GetBlob(t1, r1); err != nil {
		t.Fatalf("after repair: %v", err)
	}
	if _, err := b.GetBlob("mynumber/"+c1+"/p3", r3); !errors.As(err, &damage) || damage.Reason != vault.ReasonMissing {
		t.Fatalf("opening the deleted number: %v", err)
	}
}

// TestVerifyShorterChain: deleting a device's newest segments leaves a
// chain that reads fine from the start, but is shorter than what the PCs
// have read: Verify names it, on the writer and on the other PC; stray
// files in journal/ and a flipped byte in the newest segment's trailer are
// reported with their files.
func TestVerifyShorterChain(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	b := o.join("b")
	for range 3 {
		newClient(t, a, "x")
		sync(t, a, b)
	}
	segs := segments(t, o, a.Device())
	n := len(segs)
	must(t, os.Remove(segs[n-1]))
	must(t, os.Remove(segs[n-2]))
	file := func(i int) string { return "journal/" + a.Device() + "/" + filepath.Base(segs[i]) }
	for _, pc := range []*vault.Vault{a, b} {
		got := problemsOf(t, pc, "chain")
		wantProblem(t, pc.Device(), got, vault.ReasonBehind, file(n-2))
		if len(got) != 1 {
			t.Errorf("from %s: %+v", pc.Device(), got)
		}
	}
	// The writer puts them back at its next sync; then all is well.
	sync(t, a, b)
	for _, pc := range []*vault.Vault{a, b} {
		if got := problemsOf(t, pc, "chain"); len(got) != 0 {
			t.Errorf("after the sync, from %s: %+v", pc.Device(), got)
		}
	}
	must(t, os.WriteFile(filepath.Join(filepath.Dir(segs[0]), "copy of 0000000000000001.seg"), []byte("x"), 0o644))
	must(t, os.WriteFile(filepath.Join(o.folder, "journal", "README.txt"), []byte("x"), 0o644))
	got := problemsOf(t, b, "chain")
	wantProblem(t, "b", got, vault.ReasonStray, file(0)[:len(file(0))-len(filepath.Base(segs[0]))]+"copy of 0000000000000001.seg")
	wantProblem(t, "b", got, vault.ReasonStray, "journal/README.txt")
	raw, err := os.ReadFile(segs[n-1])
	must(t, err)
	raw[len(raw)-1] ^= 1
	must(t, os.WriteFile(segs[n-1], raw, 0o644))
	wantProblem(t, "b", problemsOf(t, b, "chain"), "corrupt", file(n-1))
}

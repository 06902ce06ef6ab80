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

// TestBlobLifecycle: a My Number is sealed into an erasable blob, reaches
// the other PC through the vault folder, and after erasure is gone from the
// folder, from both replicas' files (compacted) and cannot come back.
func TestBlobLifecycle(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c1 := newClient(t, a, "client")
	// Big enough (a scanned document) to take whole pages of the replica.
	secret := bytes.Repeat([]byte("blob-secret-payload-0001"), 8000)
	ref, err := a.PutBlob("mynumber/"+c1+"/p1", secret)
	must(t, err)
	_, err = a.Put("mynumber/"+c1+"/p1", nil, []byte(`{"blob":"`+ref.ID+`"}`))
	must(t, err)
	file := filepath.Join(o.folder, "blobs", ref.ID)
	if _, err := os.Stat(file); err == nil {
		t.Fatal("blob written to the folder before sync")
	}
	b := o.join("b") // syncs a first
	sealed, err := os.ReadFile(file)
	if err != nil || bytes.Contains(sealed, secret) {
		t.Fatalf("blob file: %v (must exist, sealed)", err)
	}
	login(t, b, "shocho")
	got, err := b.GetBlob("mynumber/"+c1+"/p1", ref)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("other PC reads %q, %v", got, err)
	}
	// A swapped file is refused.
	bad := ref
	first := "0"
	if ref.Hash[0] == '0' { // "00"+… would be the same hash 1 time in 256
		first = "1"
	}
	bad.Hash = first + ref.Hash[1:]
	if _, err := b.GetBlob("mynumber/"+c1+"/p1", bad); !errors.Is(err, vault.ErrCorruptReplica) {
		t.Fatalf("wrong hash: %v", err)
	}

	must(t, a.EraseBlob(ref))
	if _, err := a.GetBlob("mynumber/"+c1+"/p1", ref); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("after erasure on a: %v", err)
	}
	sync(t, a, b)
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("blob file still in the vault folder: %v", err)
	}
	if _, err := b.GetBlob("mynumber/"+c1+"/p1", ref); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("after erasure on b: %v", err)
	}
	// A restored old copy of the folder brings the file back: a replica
	// that imports the erasure deletes it again.
	must(t, os.WriteFile(file, sealed, 0o644))
	c := o.join("c")
	sync(t, c)
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a restored blob was not erased again")
	}
	for _, pc := range []string{"a", "b"} {
		raw, err := os.ReadFile(filepath.Join(o.opts(pc).DataDir, "vaults", a.ID(), "replica.db"))
		must(t, err)
		if bytes.Contains(raw, sealed[len(sealed)-64:]) {
			t.Fatalf("replica of %s still holds the erased blob's bytes", pc)
		}
	}
	if _, err := a.Get("mynumber/" + c1 + "/p1"); err != nil {
		t.Fatalf("vault works after compaction: %v", err)
	}
}

// TestBlobAccess: only handlers may store or open My Number blobs.
func TestBlobAccess(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "suzuki", access.Staff, access.Edit)
	c1 := newClient(t, a, "client")
	ref, err := a.PutBlob("mynumber/"+c1+"/p1", []byte("x"))
	must(t, err)
	b := o.join("b")
	login(t, b, "suzuki")
	if _, err := b.PutBlob("mynumber/"+c1+"/p2", []byte("y")); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff storing a My Number: %v", err)
	}
	if _, err := b.GetBlob("mynumber/"+c1+"/p1", ref); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("staff reading a My Number: %v", err)
	}
	if err := b.EraseBlob(ref); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff erasing: %v", err)
	}
}

// TestBlobBoundToItsRecord: a blob's id derives from its record and nonce,
// so a record cannot show another record's blob and a blob cannot be
// stored outside a record.
func TestBlobBoundToItsRecord(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c1 := newClient(t, a, "client")
	ref, err := a.PutBlob("mynumber/"+c1+"/p1", []byte("number of p1"))
	must(t, err)
	if len(ref.Nonce) != 16 || ref.ID != vault.BlobID("mynumber/"+c1+"/p1", ref.Nonce) || len(ref.ID) != 26 {
		t.Fatalf("blob id is not derived from its record: %d-byte nonce, %d-character id", len(ref.Nonce), len(ref.ID))
	}
	if !ref.BelongsTo("mynumber/"+c1+"/p1") || ref.BelongsTo("mynumber/"+c1+"/p2") || ref.BelongsTo("mynumber/"+c1+"0/p1") {
		t.Fatal("BelongsTo")
	}
	if got, err := a.GetBlob("mynumber/"+c1+"/p1", ref); err != nil || string(got) != "number of p1" {
		t.Fatalf("own record: %v", err)
	}
	tests := []struct {
		name   string
		target string
		ref    func(r vault.BlobRef) vault.BlobRef
	}{
		{"another person's record", "mynumber/" + c1 + "/p2", func(r vault.BlobRef) vault.BlobRef { return r }},
		{"another scope", "person/" + c1 + "/p1", func(r vault.BlobRef) vault.BlobRef { return r }},
		{"no nonce", "mynumber/" + c1 + "/p1", func(r vault.BlobRef) vault.BlobRef { r.Nonce = nil; return r }},
		{"another nonce", "mynumber/" + c1 + "/p1", func(r vault.BlobRef) vault.BlobRef {
			r.Nonce = bytes.Clone(r.Nonce)
			r.Nonce[0] ^= 1
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.GetBlob(tt.target, tt.ref(ref)); !errors.Is(err, vault.ErrInvalidOp) {
				t.Fatalf("got %v, want ErrInvalidOp", err)
			}
		})
	}
	for _, target := range []string{"mynumber:" + c1, "mynumber/" + c1, "blob/x", "mynumber/" + c1 + "/p1\x00"} {
		if _, err := a.PutBlob(target, []byte("x")); !errors.Is(err, vault.ErrInvalidOp) {
			t.Errorf("PutBlob(%q): %v, want ErrInvalidOp", target, err)
		}
	}
}

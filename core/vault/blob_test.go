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
	must(t, a.CreateClient("c1", false, []byte("client")))
	// Big enough (a scanned document) to take whole pages of the replica.
	secret := bytes.Repeat([]byte("blob-secret-payload-0001"), 8000)
	ref, err := a.PutBlob(access.MyNumberScope("c1"), secret)
	must(t, err)
	_, err = a.Put("mynumber/c1/p1", nil, []byte(`{"blob":"`+ref.ID+`"}`))
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
	got, err := b.GetBlob(ref)
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
	if _, err := b.GetBlob(bad); !errors.Is(err, vault.ErrCorruptReplica) {
		t.Fatalf("wrong hash: %v", err)
	}

	must(t, a.EraseBlob(ref))
	if _, err := a.GetBlob(ref); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("after erasure on a: %v", err)
	}
	sync(t, a, b)
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("blob file still in the vault folder: %v", err)
	}
	if _, err := b.GetBlob(ref); !errors.Is(err, vault.ErrErased) {
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
	if _, err := a.Get("mynumber/c1/p1"); err != nil {
		t.Fatalf("vault works after compaction: %v", err)
	}
}

// TestBlobAccess: only handlers may store or open My Number blobs.
func TestBlobAccess(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "suzuki", access.Staff, access.Edit)
	must(t, a.CreateClient("c1", false, []byte("client")))
	ref, err := a.PutBlob(access.MyNumberScope("c1"), []byte("x"))
	must(t, err)
	b := o.join("b")
	login(t, b, "suzuki")
	if _, err := b.PutBlob(access.MyNumberScope("c1"), []byte("y")); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff storing a My Number: %v", err)
	}
	if _, err := b.GetBlob(ref); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("staff reading a My Number: %v", err)
	}
	if err := b.EraseBlob(ref); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff erasing: %v", err)
	}
}

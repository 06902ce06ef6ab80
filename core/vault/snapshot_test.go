package vault_test

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestSnapshotEqualsReplay: the roster restored from the replica's snapshot
// is the roster a full replay of the control ops gives.
func TestSnapshotEqualsReplay(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "sato", access.Handler, access.Read)
	c1 := newClient(t, a, "one")
	c2 := newOwnerOnlyClient(t, a, "two")
	must(t, a.SetLevel(staff, c1, access.Edit))
	must(t, a.RevokeMyNumber(staff, c2))
	id := a.ID()
	want := a.Derived()
	must(t, a.Close())

	withSnap, err := vault.Open(id, o.opts("a"))
	must(t, err)
	if got := withSnap.Derived(); got != want {
		t.Fatalf("restored roster differs:\n%s\nwant\n%s", got, want)
	}
	must(t, withSnap.Close())

	path := filepath.Join(o.opts("a").DataDir, "vaults", id, "replica.db")
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("roster.snap")) }))
	db.Close()
	replayed, err := vault.Open(id, o.opts("a"))
	must(t, err)
	o.cleanup(replayed, "a")
	if got := replayed.Derived(); got != want {
		t.Fatalf("replayed roster differs:\n%s\nwant\n%s", got, want)
	}
}

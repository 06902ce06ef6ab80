package vault_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestJoinAfterKilledJoin: a PC switched off (or a program killed) while
// joining leaves a replica without its summary. Joining again starts over
// instead of opening a replica that is "damaged" (no meta yet) or knows no
// user (no import yet); a replica holding ops of its own is never dropped.
func TestJoinAfterKilledJoin(t *testing.T) {
	wintest.Skip(t, "Wine cannot delete the unfinished replica (os.RemoveAll: Invalid function), which Join removes before joining again")
	o := newOffice(t)
	a, _ := o.create()
	c := newClient(t, a, "顧問先")
	sync(t, a)
	id := a.ID()
	dir := filepath.Join(o.opts("b").DataDir, "vaults", id)

	// Killed right after the replica file was made, before its meta.
	must(t, os.MkdirAll(dir, 0o700))
	db, err := bolt.Open(filepath.Join(dir, "replica.db"), 0o600, &bolt.Options{Timeout: time.Second})
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("meta")); return err }))
	must(t, db.Close())
	b := o.join("b")
	login(t, b, "shocho")
	if got := get(t, b, "client/"+c); got != "顧問先" {
		t.Fatalf("after joining again: %q", got)
	}

	// Killed after the meta, before the summary (and before any login):
	// joined again, same users.
	cpc := o.join("c")
	cpc.Close()
	must(t, os.Remove(filepath.Join(o.opts("c").DataDir, "vaults", id, "vault.json")))
	c2, err := vault.Join(o.folder, o.opts("c"))
	must(t, err)
	o.cleanup(c2, "c")
	login(t, c2, "shocho")
	get(t, c2, "client/"+c)
	if known, _ := vault.Known(o.opts("c").DataDir); len(known) != 1 {
		t.Fatalf("the joined replica is not listed: %v", known)
	}

	// A replica with an edit of its own not yet sent keeps it, summary or not.
	mine := newClient(t, b, "この PC だけ")
	b.Close()
	must(t, os.Remove(filepath.Join(dir, "vault.json")))
	b3, err := vault.Join(o.folder, o.opts("b"))
	must(t, err)
	o.cleanup(b3, "b")
	login(t, b3, "shocho")
	if got := get(t, b3, "client/"+mine); got != "この PC だけ" {
		t.Fatalf("the unsent edit: %q", got)
	}
}

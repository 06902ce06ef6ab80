package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/vault"
)

// segments returns the segment files of PC b's device, in order.
func segments(t *testing.T, o *office, device string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(o.folder, "journal", device, "*.seg"))
	must(t, err)
	slices.Sort(files)
	return files
}

// TestTamperedJournal: damage to another device's segments (a flipped
// byte, a truncation, a deleted, reordered or replayed segment) stops the
// import of that device at the last good segment, is reported by Status and
// Verify, and never applies a damaged op.
func TestTamperedJournal(t *testing.T) {
	damage := map[string]func(t *testing.T, segs []string){
		"flipped byte": func(t *testing.T, segs []string) {
			b, _ := os.ReadFile(segs[1])
			b[len(b)/2] ^= 1
			must(t, os.WriteFile(segs[1], b, 0o644))
		},
		"truncated": func(t *testing.T, segs []string) {
			b, _ := os.ReadFile(segs[1])
			must(t, os.WriteFile(segs[1], b[:len(b)-10], 0o644))
		},
		"deleted": func(t *testing.T, segs []string) { must(t, os.Remove(segs[1])) },
		"reordered": func(t *testing.T, segs []string) {
			must(t, os.Rename(segs[1], segs[1]+".x"))
			must(t, os.Rename(segs[2], segs[1]))
			must(t, os.Rename(segs[1]+".x", segs[2]))
		},
		"replayed": func(t *testing.T, segs []string) {
			b, _ := os.ReadFile(segs[0])
			must(t, os.WriteFile(segs[1], b, 0o644))
		},
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			o := newOffice(t)
			o.tampered = true
			a, _ := o.create()
			b := o.join("b")
			login(t, b, "shocho")
			var cs []string
			for range 3 {
				cs = append(cs, newClient(t, b, "from b"))
				_, err := b.Sync(nil)
				must(t, err)
			}
			segs := segments(t, o, b.Device())
			if len(segs) < 3 {
				t.Fatalf("want 3 segments of b, got %d", len(segs))
			}
			fn(t, segs)
			_, err := a.Sync(nil)
			must(t, err)
			if got := get(t, a, "client/"+cs[0]); got != "from b" {
				t.Fatalf("the good prefix must import: %q", got)
			}
			if _, err := a.Get("client/" + cs[2]); err == nil {
				t.Fatal("an op after the damage was applied")
			}
			var broken *vault.DeviceStatus
			for _, d := range a.Status().Devices {
				if d.ID == b.Device() && d.Broken != "" {
					broken = &d
				}
			}
			if broken == nil {
				t.Fatalf("status does not report the broken chain: %+v", a.Status().Devices)
			}
			rpt, err := a.Verify(context.Background(), nil)
			must(t, err)
			if rpt.OK() {
				t.Fatal("verify found nothing")
			}
		})
	}
}

// TestCiphertextMoved: a sealed payload copied onto another record's version
// in the replica file fails to open (the associated data binds vault, kind, id,
// scope, epoch and version).
func TestCiphertextMoved(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	v, _ := o.create()
	c1 := newClient(t, v, "one")
	c2 := newClient(t, v, "two")
	id := v.ID()
	must(t, v.Close())
	path := filepath.Join(o.opts("a").DataDir, "vaults", id, "replica.db")
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		// Copy c2's sealed payload into c1's current version.
		h, ids, log := tx.Bucket([]byte("heads")), tx.Bucket([]byte("ids")), tx.Bucket([]byte("log"))
		p1, p2 := ids.Get(h.Get([]byte("client/"+c1))), ids.Get(h.Get([]byte("client/"+c2)))
		var op1, op2 journal.Op
		must(t, op1.UnmarshalBinary(log.Get(p1)))
		must(t, op2.UnmarshalBinary(log.Get(p2)))
		op1.Payload = op2.Payload
		b, err := op1.MarshalBinary()
		must(t, err)
		return log.Put(slices.Clone(p1), b)
	}))
	db.Close()
	re, err := vault.Open(id, o.opts("a"))
	must(t, err)
	defer re.Close()
	login(t, re, "shocho")
	if _, err := re.Get("client/" + c1); err == nil {
		t.Fatal("a version moved to another record opened")
	}
}

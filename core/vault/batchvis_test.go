package vault_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// batchClients is enough clients for a batch to span several segments (a
// client is 2 ops in a batch, plus a scope.keys op per 1,024 clients; a
// segment holds at most 1,000).
const batchClients = 1200

// importBatch creates n clients on v in one Batch, as an import does.
func importBatch(t *testing.T, v *vault.Vault, n int) {
	t.Helper()
	must(t, v.Batch(func(w *vault.Batch) error {
		for i := range n {
			if _, err := w.CreateClient(vault.NewClient{Data: fmt.Appendf(nil, `{"name":"顧問先 %d"}`, i)}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// clientCount is how many clients v shows.
func clientCount(t *testing.T, v *vault.Vault) int {
	t.Helper()
	recs, err := v.List("client/")
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return len(recs)
}

// segmentsOf counts device's segment files in the vault folder.
func segmentsOf(t *testing.T, o *office, device string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(o.folder, "journal", device, "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	return len(files)
}

// stopAfter makes v's flush stop with err once it has written upTo
// segments of its own.
func stopAfter(t *testing.T, v *vault.Vault, upTo int, err error) {
	t.Helper()
	vault.SetSegmentHook(func(device string, n uint64) error {
		if device == v.Device() && n > uint64(upTo) {
			return err
		}
		return nil
	})
	t.Cleanup(func() { vault.SetSegmentHook(nil) })
}

// TestBatchWholeOnOtherPC: an import of many clients is one batch, written
// by the flush as several segments. Whether the writer stops after some of
// them (switched off, the share's disk full) or another PC simply syncs
// between two of them, that PC sees none of the batch; once the writer
// sends the rest, it sees all of it.
func TestBatchWholeOnOtherPC(t *testing.T) {
	for name, stop := range map[string]error{
		"writer stops": errors.New("switched off"),
		"disk full":    fmt.Errorf("%w: test", journal.ErrDiskFull),
	} {
		t.Run(name, func(t *testing.T) {
			o := newOffice(t)
			a, _ := o.create()
			b := o.join("b")
			login(t, b, "shocho")
			sync(t, a, b)
			before := segmentsOf(t, o, a.Device())

			importBatch(t, a, batchClients)
			if got := clientCount(t, a); got != batchClients {
				t.Fatalf("the importing PC shows %d clients, want %d", got, batchClients)
			}
			// The other PC syncs after each segment the writer manages.
			for written := before + 1; ; written++ {
				stopAfter(t, a, written, stop)
				_, err := a.Sync(nil)
				if err == nil {
					break
				}
				if !errors.Is(err, stop) {
					t.Fatalf("sync of the writer: %v", err)
				}
				if got := segmentsOf(t, o, a.Device()); got != written {
					t.Fatalf("after stopping at segment %d the folder holds %d of the writer's segments", written, got)
				}
				if _, err := b.Sync(nil); err != nil {
					t.Fatalf("sync of the other PC: %v", err)
				}
				if got := clientCount(t, b); got != 0 {
					t.Fatalf("with %d of the batch's segments in the folder the other PC shows %d of %d clients", written-before, got, batchClients)
				}
				if a.Status().Outbox == 0 {
					t.Fatal("the writer's outbox is empty although it stopped")
				}
			}
			if n := segmentsOf(t, o, a.Device()) - before; n < 3 {
				t.Fatalf("the batch took %d segments, want several", n)
			}
			vault.SetSegmentHook(nil)
			sync(t, a, b)
			if got := clientCount(t, b); got != batchClients {
				t.Fatalf("after the writer synced the other PC shows %d clients, want %d", got, batchClients)
			}
		})
	}
}

// TestBatchWaitsForItsLastSegment: a reader that finds a batch's last
// segment missing from the folder (copied away, a share that lost it) keeps
// the whole batch out, while writes before and after it on the same PC stay
// in order.
func TestBatchWaitsForItsLastSegment(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, a, b)
	first := newClient(t, a, `{"name":"先に登録"}`)
	must(t, func() error { _, err := a.Sync(nil); return err }())
	importBatch(t, a, batchClients)
	must(t, func() error { _, err := a.Sync(nil); return err }())

	// Hide the batch's last segment from the other PC for a while.
	dir := filepath.Join(o.folder, "journal", a.Device())
	files, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	last := files[len(files)-1]
	aside := filepath.Join(wintest.TempDir(t), "last.seg")
	must(t, os.Rename(last, aside))
	if _, err := b.Sync(nil); err != nil {
		t.Fatalf("sync: %v", err)
	}
	if got := clientCount(t, b); got != 1 {
		t.Fatalf("without the batch's last segment the other PC shows %d clients, want 1 (the one written before)", got)
	}
	get(t, b, "client/"+first)
	must(t, os.Rename(aside, last))
	sync(t, b)
	if got := clientCount(t, b); got != batchClients+1 {
		t.Fatalf("with the whole batch the other PC shows %d clients, want %d", got, batchClients+1)
	}
}

package backup_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
)

// window is the length of payload pieces searched for in the repository:
// far below the 4 KB, so a 4 KB window cannot hide.
const window = 32

// An approved erasure reaches every snapshot of every source: the blob is
// gone from every snapshot, nothing the repository holds decrypts to any
// piece of it (pack files included), and everything else still restores
// byte-identical.
func TestPurgeErasesEverywhere(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	vault, copyDir := filepath.Join(f.root, "金庫"), filepath.Join(f.root, "控え")
	const id = "01HZX4MYNUMBER0000000000AB"
	payload := randomBytes(t, 64<<10)
	writeFile(t, filepath.Join(vault, "blobs", id), payload)
	writeFile(t, filepath.Join(copyDir, "blobs", id), payload)
	for i := range 3 {
		writeFile(t, filepath.Join(vault, "blobs", fmt.Sprintf("01HZX4OTHER%015d", i)), randomBytes(t, 64<<10))
	}
	r := f.open(t)
	for day := range 3 {
		writeFile(t, filepath.Join(vault, "journal", fmt.Sprintf("seg-%03d", day)), randomBytes(t, 8<<10))
		mustSnapshot(t, r, vault)
	}
	mustSnapshot(t, r, copyDir)

	if hits := payloadHits(t, r, payload); hits == 0 {
		t.Fatal("payload not found before the purge: the search cannot work")
	}
	res, err := r.Purge(ctx, []string{id, "no-such-blob"})
	if err != nil {
		t.Fatal(err)
	}
	// 4 snapshots rewritten; the blob entry is the same in the vault's
	// three snapshots (counted once) and differs in the copy (its own
	// modification time).
	if res.Rewritten != 4 || res.Removed < 2 {
		t.Fatalf("purge: %+v", res)
	}
	if hits := payloadHits(t, r, payload); hits != 0 {
		t.Fatalf("%d contents still decrypt to pieces of the blob", hits)
	}
	checkGone(t, f, r, id, vault)
	if _, err := r.Verify(ctx, 1, nil); err != nil {
		t.Fatalf("verify after purge: %v", err)
	}
	// Purging again changes nothing and succeeds.
	if res, err := r.Purge(ctx, []string{id}); err != nil || res.Rewritten != 0 {
		t.Fatalf("second purge: %+v %v", res, err)
	}
}

// payloadHits counts the contents whose plaintext holds any window-sized
// piece of payload (at any offset); it fails on a pack file holding
// content the index does not know.
func payloadHits(t *testing.T, r *backup.Repo, payload []byte) int {
	t.Helper()
	return hits(t, r, payload, true)
}

// hits is payloadHits; packs false skips the check of the packs' own
// indexes (a backup in progress has packs the index does not know yet).
func hits(t *testing.T, r *backup.Repo, payload []byte, packs bool) int {
	t.Helper()
	pieces := map[[window]byte]bool{}
	for i := 0; i+window <= len(payload); i++ {
		pieces[[window]byte(payload[i:i+window])] = true
	}
	hits := 0
	n, err := backup.Plaintexts(context.Background(), r, packs, func(b []byte) {
		for i := 0; i+window <= len(b); i++ {
			if pieces[[window]byte(b[i:i+window])] {
				hits++
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no contents decrypted")
	}
	return hits
}

// checkGone restores every snapshot: none holds the blob, and the
// vault's newest restores byte-identical to the folder without it.
func checkGone(t *testing.T, f *fixture, r *backup.Repo, id, vault string) {
	t.Helper()
	ctx := context.Background()
	list, err := r.Snapshots(ctx)
	if err != nil || len(list) != 4 {
		t.Fatalf("snapshots: %v %d", err, len(list))
	}
	for i, s := range list {
		target := filepath.Join(f.root, fmt.Sprintf("restore%d", i))
		if _, err := r.Restore(ctx, s.ID, "blobs/"+id, target+".blob", nil); !errors.Is(err, backup.ErrNoPath) {
			t.Fatalf("snapshot %s still yields the blob: %v", s.ID, err)
		}
		if _, err := r.Restore(ctx, s.ID, "", target, nil); err != nil {
			t.Fatal(err)
		}
		got := hashTree(t, target)
		if _, ok := got["blobs/"+id]; ok {
			t.Fatalf("snapshot %s restores the blob", s.ID)
		}
		if s.Path != vault || i != 0 && list[i-1].Path == vault {
			continue
		}
		want := hashTree(t, vault)
		delete(want, "blobs/"+id)
		if len(got) != len(want) {
			t.Fatalf("restored %d files, want %d", len(got), len(want))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s differs after the purge", k)
			}
		}
	}
}

// While a backup is being written (here by another PC), Purge removes the
// blob from the snapshots but keeps its content and says ErrBusy; called
// again after the backup, it finishes.
func TestPurgeWaitsForWriters(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	vault := filepath.Join(f.root, "金庫")
	const id = "01HZX4MYNUMBER0000000000CD"
	payload := randomBytes(t, 64<<10)
	writeFile(t, filepath.Join(vault, "blobs", id), payload)
	writeFile(t, filepath.Join(vault, "blobs", "01HZX4OTHER000000000000001"), randomBytes(t, 64<<10))
	r := f.open(t)
	mustSnapshot(t, r, vault)

	release, err := backup.HoldSession(ctx, f.openAs(t, "uketsuke-pc"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Purge(ctx, []string{id})
	if !errors.Is(err, backup.ErrBusy) || res == nil || res.Rewritten != 1 {
		t.Fatalf("purge during a backup: %+v %v", res, err)
	}
	if hits(t, r, payload, false) == 0 {
		t.Fatal("content dropped while another PC was writing")
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Purge(ctx, []string{id}); err != nil {
		t.Fatal(err)
	}
	if hits := payloadHits(t, r, payload); hits != 0 {
		t.Fatalf("%d contents still hold the blob", hits)
	}
}

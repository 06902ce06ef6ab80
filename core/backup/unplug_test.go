package backup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
)

// randomFiles writes n files of size bytes of incompressible data under
// dir, fast (ChaCha8).
func randomFiles(t *testing.T, dir string, n, size int) {
	t.Helper()
	g := rand.NewChaCha8([32]byte{byte(n), byte(size)})
	b := make([]byte, size)
	for i := range n {
		g.Read(b)
		writeFile(t, filepath.Join(dir, "データ", string(rune('a'+i))+".bin"), b)
	}
}

// onFirst returns a Reporter that calls f once, at the first update, and
// then slows every update by pause so the run is still going when the
// test's action takes effect.
func onFirst(f func(), pause time.Duration) progress.Reporter {
	var once sync.Once
	return progress.Func(func(progress.Update) {
		once.Do(f)
		time.Sleep(pause)
	})
}

// snapshotCount is how many snapshots the repository holds.
func snapshotCount(t *testing.T, r *backup.Repo) int {
	t.Helper()
	list, err := r.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// Cancelling a run returns the context's error and saves no snapshot; the
// next run saves one.
func TestCancelSavesNothing(t *testing.T) {
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	randomFiles(t, src, 4, 4<<20)
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	_, err := r.Snapshot(ctx, backup.Source{Path: src}, onFirst(func() { cancelled = time.Now(); cancel() }, 5*time.Millisecond))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	t.Logf("returned %v after the cancel", time.Since(cancelled))
	if n := snapshotCount(t, r); n != 0 {
		t.Fatalf("%d snapshots after a cancelled run", n)
	}
	s, err := r.Snapshot(context.Background(), backup.Source{Path: src}, nil)
	if err != nil || s.Files != 4 {
		t.Fatalf("next run: %+v %v", s, err)
	}
}

// Unplugging the destination mid-run (its folder renamed away) cancels
// the run with ErrDestinationGone and saves nothing; once the drive is
// back, the next run succeeds and restores byte-identical.
func TestUnplugMidRun(t *testing.T) {
	ctx := context.Background()
	root, dest, r := engineRepo(t)
	src := filepath.Join(root, "src")
	randomFiles(t, src, 4, 8<<20)
	away := dest + ".unplugged"
	unplug := func() {
		if err := os.Rename(dest, away); err != nil {
			t.Error(err)
		}
	}
	_, err := r.Snapshot(ctx, backup.Source{Path: src}, onFirst(unplug, 20*time.Millisecond))
	if !errors.Is(err, backup.ErrDestinationGone) {
		t.Fatalf("got %v, want ErrDestinationGone", err)
	}
	if err := os.Rename(away, dest); err != nil {
		t.Fatal(err)
	}
	if n := snapshotCount(t, r); n != 0 {
		t.Fatalf("%d snapshots after an unplugged run", n)
	}
	s := mustSnapshot(t, r, backup.Source{Path: src})
	out := filepath.Join(root, "復元")
	if _, err := r.Restore(ctx, s.ID, "", out, nil); err != nil {
		t.Fatal(err)
	}
	want, got := hashTree(t, src), hashTree(t, out)
	if len(got) != len(want) {
		t.Fatalf("restored %d files, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s differs", k)
		}
	}
}

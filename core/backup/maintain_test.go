package backup_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
)

// Sixty daily snapshots (2026-01-31 … 2026-03-31, noon UTC) pruned with
// the office retention keep: the 30 newest days (by "daily", 10 of them
// also by "latest"), the newest of each ISO week (Sundays) and of each
// month. Everything else is deleted.
func TestPruneSixtyDays(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	src := filepath.Join(f.root, "会計")
	writeFile(t, filepath.Join(src, "仕訳.csv"), []byte("日付,金額\n"))
	r := f.open(t)
	s := snapshotDir(t, r, src)
	newest := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	var times []time.Time
	for d := range 60 {
		times = append(times, newest.AddDate(0, 0, -d))
	}
	if _, err := backup.Backdate(ctx, r, s.ID, times); err != nil {
		t.Fatal(err)
	}
	removed, err := r.Prune(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for d := 2; d <= 31; d++ {
		want = append(want, time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC).Format(time.DateOnly))
	}
	want = append(want, "2026-03-01", "2026-02-22", "2026-02-15", "2026-02-08", "2026-02-01", // weekly
		"2026-02-28", "2026-01-31") // monthly
	sort.Strings(want)
	got := survivors(t, r)
	if removed != 60-len(want) || len(got) != len(want) {
		t.Fatalf("removed %d, kept %v, want %v", removed, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("kept %v, want %v", got, want)
		}
	}
	// Pruning again removes nothing.
	if n, err := r.Prune(ctx); err != nil || n != 0 {
		t.Fatalf("second prune: %d %v", n, err)
	}
}

// survivors are the snapshots' start dates (UTC), sorted.
func survivors(t *testing.T, r *backup.Repo) []string {
	t.Helper()
	list, err := r.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range list {
		out = append(out, s.Start.UTC().Format(time.DateOnly))
	}
	sort.Strings(out)
	return out
}

// Maintenance runs for this PC although nobody owned it (Kopia refuses to
// run for a non-owner), moves to another PC that maintains, records the
// schedule, and full maintenance frees the space of deleted snapshots.
// Kopia's safety margins (a day and more) are lowered here, as a week of
// real time would.
func TestMaintainShrinks(t *testing.T) {
	ctx := context.Background()
	backup.NoMaintenanceSafety(t)
	f := newFixture(t)
	src := filepath.Join(f.root, "スキャン")
	r := f.open(t)
	quick, full, err := r.MaintenanceDue(ctx)
	if err != nil || !quick || !full {
		t.Fatalf("new repository: due %v %v %v", quick, full, err)
	}
	var ids []string
	for range 3 {
		writeFile(t, filepath.Join(src, "scan.pdf"), randomBytes(t, 2<<20))
		ids = append(ids, snapshotDir(t, r, src).ID)
	}
	if err := r.Maintain(ctx, false); err != nil {
		t.Fatal(err)
	}
	if quick, full, err := r.MaintenanceDue(ctx); err != nil || quick || !full {
		t.Fatalf("after quick maintenance: due %v %v %v", quick, full, err)
	}
	before := f.size(t)
	for _, id := range ids[:2] {
		if err := backup.Forget(ctx, r, id); err != nil {
			t.Fatal(err)
		}
	}
	// Another PC takes over. A full cycle marks the content of the
	// deleted snapshots, the same or the next one (Kopia compares
	// timestamps in whole seconds) drops it and the packs holding it;
	// with real safety margins, two weekly cycles.
	other := f.openAs(t, "uketsuke-pc")
	// The cycle that frees the packs may leave the deleted contents' index
	// entries for the next one (a loaded machine crosses a second
	// boundary between the steps).
	done := func() bool {
		_, deleted, err := backup.ContentCounts(ctx, other)
		return err == nil && deleted == 0 && before-f.size(t) >= 4<<20
	}
	for cycle := 0; cycle < 4 && !done(); cycle++ {
		if cycle > 0 {
			// The next cycle in a later second (an open no longer takes
			// half a second of key derivation to space them).
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
		}
		if err := other.Maintain(ctx, true); err != nil {
			t.Fatal(err)
		}
	}
	if live, deleted, err := backup.ContentCounts(ctx, other); err != nil || deleted != 0 || live == 0 {
		t.Fatalf("after full maintenance: %d live, %d deleted contents, %v", live, deleted, err)
	}
	if quick, full, err := other.MaintenanceDue(ctx); err != nil || quick || full {
		t.Fatalf("after full maintenance: due %v %v %v", quick, full, err)
	}
	after := f.size(t)
	if before-after < 4<<20 {
		t.Fatalf("repository %d → %d bytes, want at least 4 MiB freed", before, after)
	}
	// A fresh connection: r's index is stale after garbage collection
	// without margins.
	if _, err := f.open(t).Verify(ctx, 1, nil); err != nil {
		t.Fatalf("verify after maintenance: %v", err)
	}
}

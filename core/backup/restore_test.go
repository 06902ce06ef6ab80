package backup_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
)

// leftovers lists what is in dir besides the names in keep.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if !contains(keep, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dirSize is the total size of the files under dir (0 when it is absent).
func dirSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// A cancelled restore, of a folder or of one file, returns the context's
// error and leaves nothing: no target, no part folder beside it. An
// uncancelled one reports its progress up to the total and renames the
// part into place.
func TestRestoreCancelLeavesNothing(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	randomFiles(t, src, 4, 4<<20)
	s := mustSnapshot(t, r, backup.Source{Path: src})
	outDir := filepath.Join(root, "復元先")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"", "データ/b.bin"} {
		cctx, cancel := context.WithCancel(ctx)
		target := filepath.Join(outDir, "out")
		_, err := r.Restore(cctx, s.ID, rel, target, onFirst(cancel, 0))
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("restore %q: %v, want context.Canceled", rel, err)
		}
		if left := leftovers(t, outDir); len(left) != 0 {
			t.Fatalf("restore %q cancelled left %q", rel, left)
		}
	}
	var last atomic.Int64
	var total int64
	rep := progress.Func(func(u progress.Update) {
		if u.Stage != "backup.restore" {
			t.Errorf("stage %q", u.Stage)
		}
		last.Store(u.Done)
		total = u.Total
	})
	res, err := r.Restore(ctx, s.ID, "", filepath.Join(outDir, "out"), rep)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != 16<<20 || last.Load() != res.Bytes || total != res.Bytes {
		t.Fatalf("result %+v, last progress %d of %d", res, last.Load(), total)
	}
	if left := leftovers(t, outDir, "out"); len(left) != 0 {
		t.Fatalf("left %q", left)
	}
}

// The Kopia trap: a restore through a connection with a data cache
// writes the whole repository into the local cache. A restore on a new
// PC (a fresh cache folder) of a 64 MiB snapshot may grow the cache by
// less than 10% of the bytes restored.
func TestRestoreCacheTrap(t *testing.T) {
	ctx := context.Background()
	root, dest, r := engineRepo(t)
	src := filepath.Join(root, "src")
	randomFiles(t, src, 4, 16<<20)
	s := mustSnapshot(t, r, backup.Source{Path: src})
	cache := filepath.Join(root, "新しいPC")
	pc, err := backup.Open(ctx, dest, testPassword, backup.Options{CacheDir: cache, Host: "new-pc"})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	before := dirSize(t, cache)
	res, err := pc.Restore(ctx, s.ID, "", filepath.Join(root, "out"), nil)
	if err != nil {
		t.Fatal(err)
	}
	grew := dirSize(t, cache) - before
	t.Logf("restored %d bytes; the cache grew by %d bytes (%.2f%%)", res.Bytes, grew, 100*float64(grew)/float64(res.Bytes))
	if res.Bytes != 64<<20 || grew*10 >= res.Bytes {
		t.Fatalf("restored %d bytes, cache grew %d", res.Bytes, grew)
	}
}

// List shows a snapshot's folder: folders first, sizes of folders the
// total under them; a file or a missing folder is ErrNoPath, an unknown
// snapshot ErrNoSnapshot.
func TestList(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	writeFile(t, filepath.Join(src, "決算", "2026", "a.csv"), []byte("12345"))
	writeFile(t, filepath.Join(src, "決算", "b.csv"), []byte("123"))
	writeFile(t, filepath.Join(src, "メモ.txt"), []byte("1"))
	s := mustSnapshot(t, r, backup.Source{Path: src})
	top, err := r.List(ctx, s.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top[0].Name != "決算" || !top[0].Dir || top[0].Size != 8 || top[1].Name != "メモ.txt" || top[1].Size != 1 {
		t.Fatalf("top %+v", top)
	}
	sub, err := r.List(ctx, s.ID, "/決算/")
	if err != nil || len(sub) != 2 || sub[0].Name != "2026" || sub[1].Name != "b.csv" || sub[1].Modified.IsZero() {
		t.Fatalf("sub %+v %v", sub, err)
	}
	for _, dir := range []string{"メモ.txt", "ない"} {
		if _, err := r.List(ctx, s.ID, dir); !errors.Is(err, backup.ErrNoPath) {
			t.Errorf("list %q: %v", dir, err)
		}
	}
	if _, err := r.List(ctx, strings.Repeat("0", 32), ""); !errors.Is(err, backup.ErrNoSnapshot) {
		t.Errorf("unknown snapshot: %v", err)
	}
}

package backup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
)

// Files above the read-ahead size (32 MiB), read by several goroutines
// at once, restore byte-identical, alone or in their folder, including a
// last segment that is not whole; a cancel during one leaves nothing.
func TestRestoreBigFiles(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	g := rand.NewChaCha8([32]byte{7})
	for name, size := range map[string]int{"会計.db": 40<<20 + 12345, "台帳.db": 34 << 20, "小.csv": 1000} {
		b := make([]byte, size)
		g.Read(b)
		if name == "会計.db" {
			for i := 0; i < len(b); i += 3 {
				b[i] = 'x' // compressible runs: zstd chunks of varying size
			}
		}
		writeFile(t, filepath.Join(src, "会計データ", name), b)
	}
	s := mustSnapshot(t, r, backup.Source{Path: src})
	want := hashTree(t, src)

	out := filepath.Join(root, "復元先")
	if _, err := r.Restore(ctx, s.ID, "", out, nil); err != nil {
		t.Fatal(err)
	}
	got := hashTree(t, out)
	if len(got) != len(want) {
		t.Fatalf("restored %d files, want %d", len(got), len(want))
	}
	for p, h := range want {
		if got[p] != h {
			t.Errorf("%s differs", p)
		}
	}
	one := filepath.Join(root, "one.db")
	if _, err := r.Restore(ctx, s.ID, "会計データ/会計.db", one, nil); err != nil {
		t.Fatal(err)
	}
	if h := hashTree(t, filepath.Dir(one))["one.db"]; h != want["会計データ/会計.db"] {
		t.Fatal("one big file differs")
	}

	dir := filepath.Join(root, "cancel")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err := r.Restore(cctx, s.ID, "会計データ/会計.db", filepath.Join(dir, "x.db"), onFirst(cancel, 0))
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Fatalf("cancel left %q", left)
	}
}

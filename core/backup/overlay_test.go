package backup_test

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// readDirs records the folders a run lists from disk.
type readDirs struct {
	mu   sync.Mutex
	dirs []string
}

func (d *readDirs) add(rel string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dirs = append(d.dirs, rel)
}

// take returns the folders listed since the last call, sorted.
func (d *readDirs) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.dirs
	d.dirs = nil
	sort.Strings(out)
	return out
}

// A run told which folders changed lists only those (and the folders on
// the way to them): a file added in a folder it was not told about is not
// in the snapshot — the proof that nothing else was listed — while one
// added in a listed folder is, a listed folder's removed sub-folder is
// gone and its new sub-folder is read whole. A quiet run lists nothing; a
// run without Changed picks everything up.
func TestChangedOverlay(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "事務所")
	for _, p := range []string{"顧客/a.csv", "決算/b.csv", "決算/古い/c.csv", "決算/残す/d.csv", "スキャン/e.pdf"} {
		writeFile(t, filepath.Join(src, filepath.FromSlash(p)), []byte(p))
	}
	var reads readDirs
	defer backup.SetDirReadHook(reads.add)()

	first := mustSnapshot(t, r, backup.Source{Path: src})
	if got := reads.take(); len(got) != 6 {
		t.Fatalf("full scan listed %v", got)
	}

	writeFile(t, filepath.Join(src, "顧客", "unlisted.csv"), []byte("not seen"))
	writeFile(t, filepath.Join(src, "決算", "listed.csv"), []byte("seen"))
	writeFile(t, filepath.Join(src, "決算", "新規", "深い", "f.csv"), []byte("new folder"))
	if err := wintest.RemoveAll(filepath.Join(src, "決算", "古い")); err != nil {
		t.Fatal(err)
	}
	s := mustSnapshot(t, r, backup.Source{Path: src, Changed: []string{"決算"}})
	if got, want := reads.take(), []string{"", "決算", "決算/新規", "決算/新規/深い"}; !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
	files := listAll(t, r, s.ID)
	want := []string{"スキャン/e.pdf", "決算/b.csv", "決算/listed.csv", "決算/新規/深い/f.csv", "決算/残す/d.csv", "顧客/a.csv"}
	if got := sortedKeys(files); !slices.Equal(got, want) {
		t.Errorf("snapshot holds %q, want %q", got, want)
	}
	if s.Files != int64(len(want)) || s.Dirs != first.Dirs+1 {
		t.Errorf("summary %d files %d dirs (first %d dirs)", s.Files, s.Dirs, first.Dirs)
	}

	quiet := mustSnapshot(t, r, backup.Source{Path: src, Changed: []string{}})
	if got := reads.take(); len(got) != 0 {
		t.Errorf("a quiet run listed %q", got)
	}
	if got := sortedKeys(listAll(t, r, quiet.ID)); !slices.Equal(got, want) {
		t.Errorf("quiet snapshot holds %q", got)
	}

	full := mustSnapshot(t, r, backup.Source{Path: src})
	reads.take()
	if files := listAll(t, r, full.ID); files["顧客/unlisted.csv"] != int64(len("not seen")) || len(files) != len(want)+1 {
		t.Errorf("full scan holds %q", sortedKeys(files))
	}
	// The restored reused folders are byte-identical.
	out := filepath.Join(root, "復元")
	if _, err := r.Restore(ctx, quiet.ID, "", out, nil); err != nil {
		t.Fatal(err)
	}
	got := hashTree(t, out)
	if len(got) != len(want) || got["スキャン/e.pdf"] != hashTree(t, src)["スキャン/e.pdf"] {
		t.Errorf("restored %v", got)
	}
}

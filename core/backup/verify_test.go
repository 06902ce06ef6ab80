package backup_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
)

// damageFixture backs up four files of random content (so that a bit flip
// hits exactly one file) in two snapshots and closes the connection.
func damageFixture(t *testing.T) (*fixture, []string, string) {
	t.Helper()
	f := newFixture(t)
	src := filepath.Join(f.root, "書類")
	var names []string
	for i := range 4 {
		name := fmt.Sprintf("請求書/%d月.pdf", i+1)
		names = append(names, name)
		writeFile(t, filepath.Join(src, filepath.FromSlash(name)), randomBytes(t, 1<<20))
	}
	r := f.open(t)
	mustSnapshot(t, r, src)
	writeFile(t, filepath.Join(src, "メモ.txt"), []byte("次の日"))
	mustSnapshot(t, r, src)
	return f, names, src
}

// An undamaged repository verifies clean, with progress up to the bytes
// read.
func TestVerifyClean(t *testing.T) {
	f, _, _ := damageFixture(t)
	r := f.open(t)
	var last progress.Update
	rep, err := r.Verify(context.Background(), 1, progress.Func(func(u progress.Update) { last = u }))
	if err != nil {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	// 5 distinct files: the four PDFs and the memo (read once although in
	// two snapshots).
	if rep.Snapshots != 2 || rep.Files != 5 || rep.Checked != 5 || rep.Bytes != 4<<20+int64(len("次の日")) || len(rep.Damaged) != 0 {
		t.Fatalf("report: %+v", rep)
	}
	if last.Stage != "backup.verify" || last.Done != rep.Bytes || last.Total != rep.Bytes {
		t.Fatalf("progress: %+v", last)
	}
	// A sample of nothing reads nothing but still checks the packs.
	rep, err = r.Verify(context.Background(), 0, nil)
	if err != nil || rep.Files != 0 || rep.Checked != 5 {
		t.Fatalf("sample 0: %v %+v", err, rep)
	}
}

// Bit rot, a truncated pack and a deleted pack are each reported with
// the affected files of every snapshot and ErrDamaged; the named files do
// not restore and the others still do.
func TestVerifyDamage(t *testing.T) {
	cases := []struct {
		name     string
		damage   func(t *testing.T, pack string)
		fraction float64
		reason   string
		all      bool // every PDF (all in the biggest pack) is affected
	}{
		{"bit flip", flipBits, 1, backup.DamageCorrupt, false},
		{"truncated pack", truncateHalf, 1, backup.DamageTruncated, false},
		{"deleted pack", deletePack, 1, backup.DamageMissing, true},
		{"deleted pack, sample of nothing", deletePack, 0, backup.DamageMissing, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, names, _ := damageFixture(t)
			c.damage(t, biggest(t, f.packs(t)))
			r := f.open(t)
			rep, err := r.Verify(context.Background(), c.fraction, nil)
			if !errors.Is(err, backup.ErrDamaged) {
				t.Fatalf("verify: %v %+v", err, rep)
			}
			bad := damagedPaths(t, rep, c.reason)
			if len(bad) == 0 || (c.all && len(bad) != len(names)) || (!c.all && len(bad) >= len(names)) {
				t.Fatalf("damaged %v (of %v)", bad, names)
			}
			checkRestores(t, f, r, bad, names)
		})
	}
}

// damagedPaths returns the damaged paths, checking that each is named in
// both snapshots with the reason.
func damagedPaths(t *testing.T, rep *backup.VerifyReport, reason string) []string {
	t.Helper()
	perSnap := map[string][]string{}
	for _, d := range rep.Damaged {
		if d.Reason != reason || d.Source == "" {
			t.Fatalf("damage %+v, want reason %s", d, reason)
		}
		perSnap[d.Path] = append(perSnap[d.Path], d.Snapshot)
	}
	var out []string
	for p, snaps := range perSnap {
		if p != "メモ.txt" && len(snaps) != 2 {
			t.Fatalf("%s named in %v, want both snapshots", p, snaps)
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// checkRestores restores each PDF from the newest snapshot: damaged ones
// must fail, the others must succeed.
func checkRestores(t *testing.T, f *fixture, r *backup.Repo, bad, names []string) {
	t.Helper()
	ctx := context.Background()
	list, err := r.Snapshots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	isBad := map[string]bool{}
	for _, p := range bad {
		isBad[p] = true
	}
	for i, name := range names {
		target := filepath.Join(f.root, fmt.Sprintf("out%d", i))
		_, err := r.Restore(ctx, list[0].ID, name, target, nil)
		if isBad[name] != (err != nil) {
			t.Errorf("%s: named damaged %v, restore error %v", name, isBad[name], err)
		}
	}
}

// biggest returns the largest of packs: the one holding the PDFs.
func biggest(t *testing.T, packs []string) string {
	t.Helper()
	var best string
	var size int64 = -1
	for _, p := range packs {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			best, size = p, st.Size()
		}
	}
	if best == "" {
		t.Fatal("no data packs")
	}
	return best
}

func flipBits(t *testing.T, pack string) {
	t.Helper()
	b := readFile(t, pack)
	b[len(b)/3] ^= 0x24
	rewrite(t, pack, b)
}

func truncateHalf(t *testing.T, pack string) {
	t.Helper()
	b := readFile(t, pack)
	rewrite(t, pack, b[:len(b)/2])
}

func deletePack(t *testing.T, pack string) {
	t.Helper()
	if err := os.Remove(pack); err != nil {
		t.Fatal(err)
	}
}

func rewrite(t *testing.T, p string, b []byte) {
	t.Helper()
	_ = os.Chmod(p, 0o644)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Folder listings this PC still has in its metadata cache are not taken
// on trust: a deleted metadata pack on the destination is reported for
// the folders in it.
func TestVerifyMissingFolderPack(t *testing.T) {
	f, _, _ := damageFixture(t)
	r := f.open(t)
	ctx := context.Background()
	if _, err := r.Verify(ctx, 0, nil); err != nil { // fills the metadata cache
		t.Fatal(err)
	}
	for _, p := range f.metaPacks(t) {
		deletePack(t, p)
	}
	rep, err := r.Verify(ctx, 0, nil)
	if !errors.Is(err, backup.ErrDamaged) {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	folders := map[string]bool{}
	for _, d := range rep.Damaged {
		if d.Reason == backup.DamageMissing && (d.Path == "" || d.Path == "請求書") {
			folders[d.Path] = true
		}
	}
	if len(folders) != 2 {
		t.Fatalf("damaged %+v, want the top folder and 請求書 missing", rep.Damaged)
	}
}

package journal_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
)

// tempFiles returns the names of the temporary files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".kinko-tmp-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestTempNamesCarryTheWriter: a write in progress names its device, for
// segments and (after SetWriter) blobs, so the device can later tell its
// own leftovers from another PC's write.
func TestTempNamesCarryTheWriter(t *testing.T) {
	k := newKit(t)
	k.f.SetWriter(devA)
	var seen []string
	journal.SetTestHook(t, func(stage string) error {
		if stage == "rename" {
			seen = append(seen, tempFiles(t, filepath.Join(k.f.Root(), "blobs"))...)
			if _, err := os.Stat(filepath.Dir(k.segPath(devB, 1))); err == nil {
				seen = append(seen, tempFiles(t, filepath.Dir(k.segPath(devB, 1)))...)
			}
		}
		return nil
	})
	if err := k.f.WriteBlob("b1", []byte("sealed")); err != nil {
		t.Fatal(err)
	}
	if _, err := k.f.WriteSegment(sign(newSegment(devB, 1, [32]byte{}, 1, 2, 10))); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !strings.HasPrefix(seen[0], ".kinko-tmp-"+devA+"-") || !strings.HasPrefix(seen[1], ".kinko-tmp-"+devB+"-") {
		t.Fatalf("temporary names %q: want the blob's to name %s and the segment's %s", seen, devA, devB)
	}
}

// TestCleanTemp: a device removes its own temporary files left by a killed
// write once they are stale, and never another PC's, nor a fresh one of its
// own (a write in progress).
func TestCleanTemp(t *testing.T) {
	k := newKit(t)
	for _, d := range []string{devA, devB} {
		if _, err := k.f.WriteSegment(sign(newSegment(d, 1, [32]byte{}, 1, 1, 10))); err != nil {
			t.Fatal(err)
		}
	}
	root := k.f.Root()
	old := time.Now().Add(-time.Hour)
	put := func(rel string, stale bool) string {
		p := filepath.Join(root, rel)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if stale {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	gone := []string{
		put("journal/"+devA+"/.kinko-tmp-"+devA+"-0123456789abcdef.tmp", true),
		put("journal/"+devA+"/.kinko-tmp-0123456789abcdef.tmp", true), // an older version's name, in A's own folder
		put("blobs/.kinko-tmp-"+devA+"-0123456789abcdef.tmp", true),
	}
	kept := []string{
		put("journal/"+devA+"/.kinko-tmp-"+devA+"-fedcba9876543210.tmp", false), // in progress
		put("journal/"+devB+"/.kinko-tmp-"+devB+"-0123456789abcdef.tmp", true),  // B's
		put("blobs/.kinko-tmp-"+devB+"-0123456789abcdef.tmp", true),             // B's
		put("blobs/.kinko-tmp-0123456789abcdef.tmp", true),                      // nobody's provably
		put("blobs/"+"keep", true),                                              // a blob
	}
	n, err := k.f.CleanTemp(devA, time.Now().Add(-time.Minute))
	if err != nil || n != len(gone) {
		t.Fatalf("CleanTemp = %d, %v; want %d", n, err, len(gone))
	}
	for _, p := range gone {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: still there (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: removed (%v)", p, err)
		}
	}
	ids, stray, err := k.f.Blobs()
	if err != nil || !slices.Equal(ids, []string{"keep"}) || len(stray) != 0 {
		t.Fatalf("Blobs = %q, %q, %v", ids, stray, err)
	}
	if err := os.Mkdir(filepath.Join(root, "blobs", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	put("blobs/Readme.TXT", false)
	if ids, stray, err = k.f.Blobs(); err != nil || !slices.Equal(ids, []string{"keep"}) || !slices.Equal(stray, []string{"Readme.TXT", "sub"}) {
		t.Fatalf("Blobs = %q, %q, %v", ids, stray, err)
	}
	if has, err := k.f.HasSegment(devA, 1); err != nil || !has {
		t.Fatalf("HasSegment(1) = %v, %v", has, err)
	}
	if has, err := k.f.HasSegment(devA, 2); err != nil || has {
		t.Fatalf("HasSegment(2) = %v, %v", has, err)
	}
	if has, err := k.f.HasSegment(devC, 1); err != nil || has {
		t.Fatalf("HasSegment of a device without a folder = %v, %v", has, err)
	}
	if _, err := k.f.CleanTemp("../x", time.Now()); err == nil {
		t.Fatal("CleanTemp accepted an invalid device id")
	}
	for _, p := range kept[:2] { // the kit's final check wants no temporary file in a device's folder
		os.Remove(p)
	}
}

// TestStray: what journal/ holds that is none of Kinko's is listed; segments,
// set-aside segments and writes in progress are not.
func TestStray(t *testing.T) {
	k := newKit(t)
	k.tampered = true
	if _, err := k.f.WriteSegment(sign(newSegment(devA, 1, [32]byte{}, 1, 1, 10))); err != nil {
		t.Fatal(err)
	}
	if _, err := k.f.WriteSegment(sign(newSegment(devA, 2, [32]byte{}, 2, 1, 10))); err != nil {
		t.Fatal(err)
	}
	if err := k.f.Quarantine(devA, 2); err != nil {
		t.Fatal(err)
	}
	root := k.f.Root()
	for _, p := range []string{"journal/notes.txt", "journal/" + devA + "/1.seg", "journal/" + devA + "/.kinko-tmp-x.tmp"} {
		if err := os.WriteFile(filepath.Join(root, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "journal", "NotADevice"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := k.f.Stray()
	want := []string{"journal/NotADevice", "journal/" + devA + "/1.seg", "journal/notes.txt"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Stray = %q, %v; want %q", got, err, want)
	}
}

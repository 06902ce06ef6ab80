package backup_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
)

// A file deleted between the folder's listing and its reading is reported
// by name as "vanished", never silently dropped; everything else is saved
// and the run says it is incomplete. The folder that held it is listed
// again by the next run even when the watcher names nothing, so the file
// gets another chance.
func TestVanishedFileIsReported(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	writeFile(t, filepath.Join(src, "書類", "消える.xlsx"), []byte("gone soon"))
	writeFile(t, filepath.Join(src, "書類", "残る.csv"), []byte("stays"))
	writeFile(t, filepath.Join(src, "他", "x.csv"), []byte("other"))
	victim := filepath.Join(src, "書類", "消える.xlsx")
	restore := backup.SetOpenHook(func(rel string) {
		if rel == "書類/消える.xlsx" {
			os.Remove(victim)
		}
	})
	s, err := r.Snapshot(ctx, backup.Source{Path: src}, nil)
	restore()
	if !errors.Is(err, backup.ErrIncomplete) || s == nil {
		t.Fatalf("got %v, want ErrIncomplete with the snapshot", err)
	}
	want := []backup.FileError{{Path: "書類/消える.xlsx", Reason: backup.ReasonVanished}}
	if !slices.Equal(s.Errors, want) {
		t.Fatalf("errors %+v, want %+v", s.Errors, want)
	}
	if got := sortedKeys(listAll(t, r, s.ID)); !slices.Equal(got, []string{"他/x.csv", "書類/残る.csv"}) {
		t.Fatalf("saved %q", got)
	}

	writeFile(t, victim, []byte("back again"))
	s2, err := r.Snapshot(ctx, backup.Source{Path: src, Changed: []string{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if files := listAll(t, r, s2.ID); files["書類/消える.xlsx"] != int64(len("back again")) {
		t.Fatalf("a quiet run after the error saved %q", sortedKeys(files))
	}
}

// Read errors map to stable reason codes whatever wraps them.
func TestReasonCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, backup.ReasonVanished},
		{fmt.Errorf("unable to open file: %w", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}), backup.ReasonDenied},
		{errors.New("read: input/output error"), backup.ReasonIO},
	} {
		if got := backup.Reason(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

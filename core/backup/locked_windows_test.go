//go:build windows

package backup_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
)

// A file another program holds open without sharing (an accounting
// database in use) is reported as "locked" by name; the rest is saved.
func TestLockedFileIsReported(t *testing.T) {
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "顧問先")
	db := filepath.Join(src, "会計", "弥生.db")
	writeFile(t, db, []byte("open by the accounting program"))
	writeFile(t, filepath.Join(src, "会計", "メモ.txt"), []byte("free"))

	p, err := syscall.UTF16PtrFromString(db)
	if err != nil {
		t.Fatal(err)
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0 /* no sharing */, nil,
		syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Snapshot(ctx, backup.Source{Path: src}, nil)
	syscall.CloseHandle(h)
	if !errors.Is(err, backup.ErrIncomplete) || s == nil {
		t.Fatalf("got %v, want ErrIncomplete with the snapshot", err)
	}
	want := []backup.FileError{{Path: "会計/弥生.db", Reason: backup.ReasonLocked}}
	if !slices.Equal(s.Errors, want) {
		t.Fatalf("errors %+v, want %+v", s.Errors, want)
	}
	if got := sortedKeys(listAll(t, r, s.ID)); !slices.Equal(got, []string{"会計/メモ.txt"}) {
		t.Fatalf("saved %q", got)
	}
}

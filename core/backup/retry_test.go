package backup_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
)

// block is the i-th block the writer appends: distinct, so a stored copy
// made of a torn write or of blocks out of order is not a prefix.
func block(i int) []byte {
	return bytes.Repeat([]byte{byte('a' + i%26)}, 64<<10)
}

// A file being written while the run reads it is not stored half written:
// the run notices it changed, reads it again after a wait, and stores the
// finished file — or, when it is still being written after every retry,
// reports it as "changing" (the copy stored is then a prefix of it).
func TestChangingFileIsRetried(t *testing.T) {
	defer backup.SetRetryDelay(300 * time.Millisecond)()
	ctx := context.Background()
	root, _, r := engineRepo(t)
	src := filepath.Join(root, "src")
	name := filepath.Join(src, "会計", "仕訳.db")
	initial := bytes.Repeat([]byte("仕訳データ"), 1<<20) // 15 MB: read in many pieces
	writeFile(t, name, initial)

	// The writer starts appending when the run reports its first bytes
	// read: the file is listed by then, so the first pass sees it change.
	start := make(chan struct{})
	var once sync.Once
	rep := progress.Func(func(progress.Update) { once.Do(func() { close(start) }) })
	const blocks = 40
	done := make(chan error, 1)
	go func() {
		<-start
		f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			done <- err
			return
		}
		defer f.Close()
		for i := range blocks {
			if _, err := f.Write(block(i)); err != nil {
				done <- err
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		done <- nil
	}()
	s, err := r.Snapshot(ctx, backup.Source{Path: src}, rep)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if s == nil || s.Retried == 0 {
		t.Fatalf("no retry: %+v %v", s, err)
	}
	final, _ := os.ReadFile(name)
	out := filepath.Join(root, "out.db")
	if _, err := r.Restore(ctx, s.ID, "会計/仕訳.db", out, nil); err != nil {
		t.Fatal(err)
	}
	stored, _ := os.ReadFile(out)
	switch {
	case err == nil:
		if !bytes.Equal(stored, final) {
			t.Fatalf("stored %d bytes, the finished file has %d", len(stored), len(final))
		}
	case errors.Is(err, backup.ErrIncomplete):
		want := []backup.FileError{{Path: "会計/仕訳.db", Reason: backup.ReasonChanging}}
		if len(s.Errors) != 1 || s.Errors[0] != want[0] {
			t.Fatalf("errors %+v", s.Errors)
		}
		if !bytes.HasPrefix(final, stored) || len(stored) < len(initial) {
			t.Fatalf("stored %d bytes are not a prefix of the file", len(stored))
		}
		t.Logf("still changing after the retries (a slow machine): reported")
	default:
		t.Fatal(err)
	}
	t.Logf("retried %d, stored %d of %d bytes", s.Retried, len(stored), len(final))
}

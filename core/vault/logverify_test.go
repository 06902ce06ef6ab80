package vault_test

import (
	"context"
	"errors"
	"path/filepath"
	gosync "sync"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestVerifyLogProgressAndCancel: VerifyLog reports its reading by
// segment file, up to all of them, and a cancel stops it after the segment
// being read — it reads no further and returns ctx's error.
func TestVerifyLogProgressAndCancel(t *testing.T) {
	dir := wintest.TempDir(t)
	folder := filepath.Join(dir, "NAS", "Kinko")
	opt := vault.Options{DataDir: filepath.Join(dir, "pc-a"), Keys: fastKeys, PCName: "a", OSUser: "user-a"}
	v, _, err := vault.Create(folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true}, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	const syncs = 24
	for i := range syncs { // a segment file (or more) each
		if err := v.LogMany(150, 150, func(n int) audit.Entry { return tamperEntry(i*150 + n) }); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Sync(nil); err != nil {
			t.Fatal(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(folder, "journal", "*", "*.seg"))
	if err != nil || len(files) < syncs {
		t.Fatalf("%d segment files, %v", len(files), err)
	}

	var (
		mu      gosync.Mutex
		updates []progress.Update
	)
	record := func(u progress.Update) {
		mu.Lock()
		defer mu.Unlock()
		updates = append(updates, u)
	}
	rep, err := v.VerifyLog(context.Background(), progress.Func(record))
	if err != nil || !rep.OK() || rep.Entries != syncs*150 {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	done := 0
	for _, u := range updates {
		if u.Stage == "read" {
			if u.Total != int64(len(files)) || int(u.Done) < done {
				t.Fatalf("read progress %+v after %d, want steps to %d segment files", u, done, len(files))
			}
			done = int(u.Done)
		}
	}
	if done != len(files) || updates[len(updates)-1] != (progress.Update{Stage: "verify", Done: 1, Total: 1}) {
		t.Fatalf("progress ended at %d of %d files, then %+v", done, len(files), updates[len(updates)-1])
	}

	// Cancelled as the second segment is read.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates = nil
	rep, err = v.VerifyLog(ctx, progress.Func(func(u progress.Update) {
		record(u)
		if u.Stage == "read" && u.Done == 2 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) || rep != nil {
		t.Fatalf("cancelled verify: %+v, %v", rep, err)
	}
	for _, u := range updates {
		if u.Stage != "read" || u.Done > 2 {
			t.Fatalf("the verifier went on after the cancel: %+v", u)
		}
	}
}

package backup_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// hashTree returns every regular file under dir by slash path with its
// SHA-256.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder with Japanese names backs up and restores byte-identical; the
// lock files of Office are left out.
func TestSnapshotRestoreIdentical(t *testing.T) {
	ctx := context.Background()
	root := wintest.TempDir(t)
	src, dest := filepath.Join(root, "顧問先"), filepath.Join(root, "USB")
	writeFile(t, filepath.Join(src, "決算", "2026年度 試算表.csv"), []byte("勘定科目,金額\n現金,1000\n"))
	writeFile(t, filepath.Join(src, "決算", "~$試算表.xlsx"), []byte("lock"))
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i * 7 % 251)
	}
	writeFile(t, filepath.Join(src, "会計.db"), big)

	const pw = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if err := backup.Create(ctx, dest, pw); err != nil {
		t.Fatal(err)
	}
	if err := backup.Create(ctx, dest, pw); err != backup.ErrExists {
		t.Fatalf("second create: %v", err)
	}
	if _, err := backup.Open(ctx, dest, "wrong", backup.Options{CacheDir: filepath.Join(root, "cache")}); err != backup.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	r, err := backup.Open(ctx, dest, pw, backup.Options{CacheDir: filepath.Join(root, "cache"), Host: "jimusho-pc"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	s, err := r.Snapshot(ctx, backup.Source{Path: src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Files != 2 || s.Written == 0 {
		t.Fatalf("snapshot: %+v", s)
	}
	// Nothing changed: nothing re-read.
	s2, err := r.Snapshot(ctx, backup.Source{Path: src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Hashed != 0 || s2.Cached != 2 {
		t.Fatalf("second run re-read: %+v", s2)
	}
	out := filepath.Join(root, "復元先")
	if _, err := r.Restore(ctx, s.ID, "", out, nil); err != nil {
		t.Fatal(err)
	}
	want := hashTree(t, src)
	delete(want, "決算/~$試算表.xlsx")
	got := hashTree(t, out)
	if len(got) != len(want) {
		t.Fatalf("restored %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s differs", k)
		}
	}
	if _, err := r.Restore(ctx, s.ID, "", out, nil); err != backup.ErrTargetExists {
		t.Fatalf("restore over existing: %v", err)
	}
	one := filepath.Join(root, "one.csv")
	if _, err := r.Restore(ctx, s.ID, "決算/2026年度 試算表.csv", one, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(one); string(b) != "勘定科目,金額\n現金,1000\n" {
		t.Fatalf("one file: %q", b)
	}
	list, err := r.Snapshots(ctx)
	if err != nil || len(list) != 2 || list[0].Host != "jimusho-pc" {
		t.Fatalf("list: %v %+v", err, list)
	}
}

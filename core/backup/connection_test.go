package backup_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
)

// A run reuses the connection config and cache an earlier run on this PC
// left (one key derivation per open, a warm metadata cache); neither
// holds the password. A destination found under another path is
// connected anew; a wrong password is still refused. New repositories use
// KeyDerivation, not scrypt.
func TestOpenKeepsConnection(t *testing.T) {
	ctx := context.Background()
	root, dest, r0 := engineRepo(t)
	format, err := os.ReadFile(filepath.Join(dest, backup.RepositoryDir, "kopia.repository.f"))
	if err != nil {
		t.Fatal(err)
	}
	var fb struct {
		KeyAlgo string `json:"keyAlgo"`
	}
	if err := json.Unmarshal(format, &fb); err != nil || fb.KeyAlgo != backup.KeyDerivation {
		t.Fatalf("key derivation %q (%v), want %q", fb.KeyAlgo, err, backup.KeyDerivation)
	}
	if got := r0.ContentHash(); got != backup.Hash {
		t.Fatalf("hash %q, want %q", got, backup.Hash)
	}

	cache := filepath.Join(root, "この PC")
	opt := backup.Options{CacheDir: cache, Host: "jimusho-pc"}
	src := filepath.Join(root, "src")
	randomFiles(t, src, 3, 1<<20)
	r, err := backup.Open(ctx, dest, testPassword, opt)
	if err != nil {
		t.Fatal(err)
	}
	mustSnapshot(t, r, backup.Source{Path: src})
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(cache, "repository.config")
	before, err := os.Stat(conf)
	if err != nil {
		t.Fatalf("the connection config is gone after Close: %v", err)
	}
	raw, _ := hex.DecodeString(testPassword)
	filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(testPassword)) || bytes.Contains(b, raw) {
			t.Errorf("%s holds the password", p)
		}
		return nil
	})

	time.Sleep(10 * time.Millisecond)
	r, err = backup.Open(ctx, dest, testPassword, opt)
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(conf)
	if err != nil || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the second open wrote the config anew (%v)", err)
	}
	if snaps, err := r.Snapshots(ctx); err != nil || len(snaps) != 1 {
		t.Fatalf("snapshots %v, %v", snaps, err)
	}
	r.Close(ctx)

	if _, err := backup.Open(ctx, dest, "wrong", opt); err != backup.ErrWrongPassword {
		t.Fatalf("wrong password with a kept config: %v", err)
	}

	// The drive comes back under another letter.
	moved := filepath.Join(root, "USB2")
	if err := os.Rename(dest, moved); err != nil {
		t.Fatal(err)
	}
	r, err = backup.Open(ctx, moved, testPassword, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	b, err := os.ReadFile(conf)
	if err != nil || !bytes.Contains(b, []byte(`USB2`)) {
		t.Fatalf("config after the move: %s (%v)", b, err)
	}
	if snaps, err := r.Snapshots(ctx); err != nil || len(snaps) != 1 {
		t.Fatalf("snapshots after the move %v, %v", snaps, err)
	}
}

// Relative destination and cache folders (a CLI argument) work like
// absolute ones, and nothing is written to the working folder.
func TestOpenRelativePaths(t *testing.T) {
	ctx := context.Background()
	root, _, _ := engineRepo(t)
	randomFiles(t, filepath.Join(root, "src"), 2, 1<<20)
	t.Chdir(root)
	r, err := backup.Open(ctx, "USB", testPassword, backup.Options{CacheDir: "rel-cache"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	s := mustSnapshot(t, r, backup.Source{Path: filepath.Join(root, "src")})
	if _, err := r.Restore(ctx, s.ID, "", "out", nil); err != nil {
		t.Fatal(err)
	}
	if got, want := hashTree(t, filepath.Join(root, "out")), hashTree(t, filepath.Join(root, "src")); len(got) != 2 || got["データ/a.bin"] != want["データ/a.bin"] {
		t.Fatalf("restored %v", got)
	}
	for _, stray := range []string{"own-writes", "indexes", "kopia.repository"} {
		if _, err := os.Stat(filepath.Join(root, stray)); err == nil {
			t.Errorf("%s written to the working folder", stray)
		}
	}
}

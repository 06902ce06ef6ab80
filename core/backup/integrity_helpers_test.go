package backup_test

import (
	"context"
	"crypto/rand"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

const testPassword = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// fixture is a repository on a temporary destination.
type fixture struct {
	root, dest string
	opens      int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{root: wintest.TempDir(t)}
	f.dest = filepath.Join(f.root, "USB")
	if err := backup.Create(context.Background(), f.dest, testPassword); err != nil {
		t.Fatal(err)
	}
	return f
}

// open connects with a fresh cache folder (so nothing read before is
// served from a local cache) and closes on cleanup.
func (f *fixture) open(t *testing.T) *backup.Repo {
	t.Helper()
	return f.openAs(t, "jimusho-pc")
}

// openAs is open as another PC.
func (f *fixture) openAs(t *testing.T, host string) *backup.Repo {
	t.Helper()
	ctx := context.Background()
	f.opens++
	cache := filepath.Join(f.root, "cache", strings.Repeat("c", f.opens))
	r, err := backup.Open(ctx, f.dest, testPassword, backup.Options{CacheDir: cache, Host: host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(ctx) })
	return r
}

// packs lists the repository's data pack files: blob ids starting with
// "p", which the filesystem storage shards into folders (pab/cde/f….f).
func (f *fixture) packs(t *testing.T) []string {
	t.Helper()
	return f.blobs(t, "p")
}

// metaPacks lists the metadata pack files (folder listings, manifests).
func (f *fixture) metaPacks(t *testing.T) []string {
	t.Helper()
	return f.blobs(t, "q")
}

// blobs lists the repository files whose blob ids start with prefix.
func (f *fixture) blobs(t *testing.T, prefix string) []string {
	t.Helper()
	var out []string
	dir := filepath.Join(f.dest, backup.RepositoryDir)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(rel, prefix) && strings.HasSuffix(rel, ".f") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// size is the total size of the repository's files.
func (f *fixture) size(t *testing.T) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(filepath.Join(f.dest, backup.RepositoryDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, ierr := d.Info()
			if ierr != nil {
				return ierr
			}
			n += info.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustSnapshot(t *testing.T, r *backup.Repo, src string) *backup.Snapshot {
	t.Helper()
	s, err := r.Snapshot(context.Background(), backup.Source{Path: src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

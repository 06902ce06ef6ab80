package backup_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/internal/wintest"
)

const testPassword = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// engineRepo makes a temp folder with a destination holding a new
// repository, opened; it returns the temp folder, the destination and the
// repository (closed at cleanup).
func engineRepo(t *testing.T) (root, dest string, r *backup.Repo) {
	t.Helper()
	ctx := context.Background()
	root = wintest.TempDir(t)
	dest = filepath.Join(root, "USB")
	if err := backup.Create(ctx, dest, testPassword); err != nil {
		t.Fatal(err)
	}
	r, err := backup.Open(ctx, dest, testPassword, backup.Options{CacheDir: filepath.Join(root, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(ctx) })
	return root, dest, r
}

// mustSnapshot backs up src and fails the test on any error.
func mustSnapshot(t *testing.T, r *backup.Repo, src backup.Source) *backup.Snapshot {
	t.Helper()
	s, err := r.Snapshot(context.Background(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// listAll returns every file of snapshot id by slash path with its size,
// read through List.
func listAll(t *testing.T, r *backup.Repo, id string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	var walk func(dir string)
	walk = func(dir string) {
		es, err := r.List(context.Background(), id, dir)
		if err != nil {
			t.Fatalf("list %q: %v", dir, err)
		}
		for _, e := range es {
			p := e.Name
			if dir != "" {
				p = dir + "/" + e.Name
			}
			if e.Dir {
				walk(p)
			} else {
				out[p] = e.Size
			}
		}
	}
	walk("")
	return out
}

// sortedKeys returns m's keys sorted.
func sortedKeys(m map[string]int64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Package treehash hashes every file of a folder tree, for tests that
// check a restore is byte-identical.
package treehash

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Sums maps each regular file's slash path under root to its SHA-256.
func Sums(root string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	return out, err
}

// Diff lists, sorted, the paths whose hash differs between want and got,
// or that only one of them has.
func Diff(want, got map[string]string) []string {
	var out []string
	for k, h := range want {
		if got[k] != h {
			out = append(out, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Package wintest lets Kinko's tests run on Windows and under Wine, which
// the CI's Windows lane (.ci/windows-lane.sh) uses in place of a Windows
// machine. It is for tests only; nothing in the product imports it.
//
// Wine 8 lacks a few things real Windows has. Tests work around them only
// when they run under Wine (UnderWine), and a test that cannot run there at
// all says so with Skip, whose reason appears in the test output and whose
// name must be listed in .ci/wine-skip.txt (the lane checks both ways).
package wintest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// UnderWine reports whether this process is a Windows binary running under
// Wine. It asks Wine itself (ntdll exports wine_get_version), so neither an
// environment variable nor a forgotten setting can turn Wine's workarounds
// on for real Windows.
func UnderWine() bool { return underWine }

var underWine = isWine()

// SkipPrefix starts every reason Skip gives; the lane finds Wine's skips in
// the test output by it.
const SkipPrefix = "under Wine: "

// Skip skips the test when it runs under Wine, giving why; elsewhere it does
// nothing. The test's name must be in .ci/wine-skip.txt with the same reason.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if UnderWine() {
		t.Skip(SkipPrefix + reason)
	}
}

// Mode is the permission os.Stat reports on this system for a file the
// product created with the Unix permission perm. Windows has no owner,
// group and other bits: Go reports 0666, or 0444 when the read-only
// attribute is set, which is all a file's mode says there (who may read it
// is the folder's ACL, which a secret file inherits from the user's
// profile folder).
func Mode(perm fs.FileMode) fs.FileMode {
	if runtime.GOOS != "windows" {
		return perm
	}
	if perm&0o200 != 0 {
		return 0o666
	}
	return 0o444
}

// TempDir is t.TempDir, except under Wine, where t.TempDir's cleanup fails
// the test: Go's os.RemoveAll deletes with POSIX semantics
// (FileDispositionInformationEx), which Wine 8 answers with "Invalid
// function". There the folder is made with os.MkdirTemp and removed with
// RemoveAll below.
func TempDir(t testing.TB) string {
	t.Helper()
	if !UnderWine() {
		return t.TempDir()
	}
	pattern := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < ' ' {
			return '_'
		}
		return r
	}, t.Name())
	if len(pattern) > 64 {
		pattern = pattern[:64]
	}
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatalf("TempDir: %v", err)
	}
	t.Cleanup(func() {
		if err := RemoveAll(dir); err != nil {
			t.Errorf("TempDir cleanup: %v", err)
		}
	})
	return dir
}

// RemoveAll is os.RemoveAll. Under Wine only, when that fails with "Invalid
// function" (see TempDir), it removes the tree again one entry at a time
// with os.Remove, which uses DeleteFile and RemoveDirectory.
func RemoveAll(path string) error {
	err := os.RemoveAll(path)
	if err == nil || !UnderWine() || !isInvalidFunction(err) {
		return err
	}
	var paths []string
	werr := filepath.WalkDir(path, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if werr != nil && !errors.Is(werr, fs.ErrNotExist) {
		return werr
	}
	slices.Reverse(paths) // children before their folder
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

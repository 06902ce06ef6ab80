package backup

import (
	"os"
	"path/filepath"
)

// Locate finds the destination whose marker has id: at hint first (where
// it was last seen), then on every candidate root (CandidateRoots) and in
// the folders one level below each root, since an office may keep the
// backup in a folder on the drive. It returns the folder and true, or
// false when the destination is not attached. A folder whose marker has
// another id is never taken: a drive letter that now holds another drive is
// not the destination. A hint may be a UNC path (\\server\share\folder);
// shares are only ever looked at through a hint, never enumerated.
// The scheduler calls it before each run and when a drive is attached.
func Locate(id, hint string) (string, bool) {
	return LocateIn(id, hint, CandidateRoots())
}

// LocateIn is Locate with the candidate roots given (tests, and callers
// that know where to look).
func LocateIn(id, hint string, roots []string) (string, bool) {
	if hint != "" && holds(hint, id) {
		return hint, true
	}
	for _, root := range roots {
		if dir, ok := findUnder(root, id); ok {
			return dir, true
		}
	}
	return "", false
}

// findUnder looks for the destination at root and in its sub-folders
// (not deeper, not through symbolic links).
func findUnder(root, id string) (string, bool) {
	if holds(root, id) {
		return root, true
	}
	entries, err := os.ReadDir(root) // sorted: the same folder wins each time
	if err != nil {
		return "", false
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if dir := filepath.Join(root, e.Name()); holds(dir, id) {
			return dir, true
		}
	}
	return "", false
}

// holds reports whether dir holds a valid marker with id.
func holds(dir, id string) bool {
	m, err := ReadMarker(dir)
	return err == nil && m.ID == id
}

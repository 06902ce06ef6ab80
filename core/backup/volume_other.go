//go:build !windows

package backup

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// byUUID is where udev links each file system's UUID to its block device.
const byUUID = "/dev/disk/by-uuid"

// VolumeID returns the UUID of the file system holding path, found by
// matching path's device number against the links in /dev/disk/by-uuid,
// or "" when that is not available (no udev, a network or memory file
// system, a missing path). It is a hint shown with the destination; a
// destination is recognised by its marker's id.
func VolumeID(path string) string {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return ""
	}
	return uuidFor(uint64(st.Dev), byUUID)
}

// uuidFor returns the name of the link in dir whose device node is dev.
func uuidFor(dev uint64, dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		var st syscall.Stat_t
		if syscall.Stat(filepath.Join(dir, e.Name()), &st) == nil && uint64(st.Rdev) == dev {
			return e.Name()
		}
	}
	return ""
}

// candidateGlobs are where Linux desktops mount removable drives and where
// an administrator mounts a NAS share.
var candidateGlobs = []string{"/media/*/*", "/run/media/*/*", "/mnt/*"}

// CandidateRoots lists the mounted folders a destination may be on, for
// Locate: removable drives under /media/<user> and /run/media/<user>, and
// whatever is mounted under /mnt.
func CandidateRoots() []string {
	var roots []string
	for _, g := range candidateGlobs {
		matches, _ := filepath.Glob(g) // the patterns are valid
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && st.IsDir() {
				roots = append(roots, m)
			}
		}
	}
	return slices.Compact(roots)
}

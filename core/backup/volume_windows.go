package backup

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// VolumeID returns the serial number of the volume holding path as Windows
// shows it ("1A2B-3C4D", as in `vol D:`), or "" when it cannot be read (a
// missing path, a drive without media). path may be a drive path or a UNC
// path (\\server\share\folder). It is a hint shown with the destination; a
// destination is recognised by its marker's id.
func VolumeID(path string) string {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return ""
	}
	var root [windows.MAX_PATH + 1]uint16
	if err := windows.GetVolumePathName(p, &root[0], uint32(len(root))); err != nil {
		return ""
	}
	var serial uint32
	if err := windows.GetVolumeInformation(&root[0], nil, 0, &serial, nil, nil, nil, 0); err != nil {
		return ""
	}
	return fmt.Sprintf("%04X-%04X", serial>>16, serial&0xffff)
}

// CandidateRoots lists the drive roots a destination may be on, for
// Locate: every drive D:\ to Z:\ that exists and has media. A: and B: are
// never touched (an empty floppy drive asks the user), nor C:, the PC's own
// disk, which is no backup. Network shares are not enumerated: a NAS
// destination is found through its hint (a UNC path or a mapped drive).
func CandidateRoots() []string {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var roots []string
	for letter := 'D'; letter <= 'Z'; letter++ {
		if mask&(1<<(letter-'A')) == 0 {
			continue
		}
		root := string(letter) + `:\`
		if st, err := os.Stat(root); err == nil && st.IsDir() {
			roots = append(roots, root)
		}
	}
	return roots
}

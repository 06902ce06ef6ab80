package backup

import (
	"os"

	"golang.org/x/sys/unix"
)

// flushEach: restored files are not fsynced one by one (syncTree).
const flushEach = false

// syncTree makes everything written under dir durable: one syncfs of its
// filesystem (files, folders and their entries), where fsyncing each
// restored file cost a disk flush per file.
func syncTree(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

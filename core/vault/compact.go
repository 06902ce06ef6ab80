package vault

import (
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the replica file with only its live pages. bbolt reuses
// freed pages but never wipes them, so after an erasure the old sealed
// bytes could linger in free pages; compaction leaves them behind in the
// old file, which is then replaced. The session survives.
func (v *Vault) Compact() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.compactLocked()
}

func (v *Vault) compactLocked() error {
	path := v.db.Path()
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("vault: compact: %w", err)
	}
	if err := bolt.Compact(dst, v.db, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("vault: compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("vault: compact: %w", err)
	}
	if err := v.db.Close(); err != nil {
		return fmt.Errorf("vault: compact: %w", err)
	}
	renameErr := os.Rename(tmp, path)
	if renameErr == nil {
		syncDir(filepath.Dir(path))
	} else {
		os.Remove(tmp)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("%w: reopen after compaction: %v", ErrCorruptReplica, err)
	}
	v.db = db
	if renameErr != nil {
		return fmt.Errorf("vault: compact: %w", renameErr)
	}
	return nil
}

// syncDir makes a rename durable where the OS allows it (not on Windows,
// where directories cannot be opened for sync and renames are journaled).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

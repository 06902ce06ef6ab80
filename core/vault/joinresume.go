package vault

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// unfinishedJoin reports whether this PC holds a replica of vault id that a
// join left unfinished — the program was killed or the PC switched off
// before the join's first import was done: its summary (vault.json, which
// Join writes last, and without which Known does not list it) is missing,
// and it has issued no op of its own, so it holds nothing the vault folder
// does not. Join then starts again rather than open a replica that knows
// no user (every login would fail) or has no meta (reported as damaged).
func unfinishedJoin(opt Options, id string) bool {
	dir := replicaDir(opt.DataDir, id)
	if _, err := os.Stat(filepath.Join(dir, summaryFile)); !errors.Is(err, os.ErrNotExist) {
		return false
	}
	path := filepath.Join(dir, "replica.db")
	if _, err := os.Stat(path); err != nil {
		return false
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return false // in use, or unreadable: Open says which
	}
	defer db.Close()
	seq := uint64(0)
	db.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bMeta); m != nil {
			seq = u64(m.Get([]byte(mSeq)))
		}
		return nil
	})
	return seq == 0
}

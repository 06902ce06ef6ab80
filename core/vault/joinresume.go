package vault

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/progress"
)

// resumeJoin carries on a join that was cut short after its replica was
// set up: its import committed whole chunks and moved the cursors with
// them (sync.go), so the replica is a consistent, if older, state of the
// vault, and the next sync reads on from the cursors. A replica that does
// not open (killed before its meta was written) is an error: the caller
// starts again.
func resumeJoin(ctx context.Context, id string, opt Options, rep progress.Reporter) (*Vault, error) {
	v, err := Open(id, opt)
	if err != nil {
		return nil, err
	}
	if v.folder == nil {
		v.Close()
		return nil, journal.ErrUnavailable
	}
	if err := v.finishJoin(ctx, rep); err != nil {
		return nil, err
	}
	return v, nil
}

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

package vault

import (
	"bytes"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// Held ops (waits.go), for held_test.go and heldbench_test.go.

var (
	rejudgedMu sync.Mutex
	rejudged   = map[*Vault]int{}
)

func init() {
	rejudgeHook = func(v *Vault) {
		rejudgedMu.Lock()
		rejudged[v]++
		rejudgedMu.Unlock()
	}
}

// Rejudged returns how many held ops v has taken up again since it was
// opened: checked against what arrived, or judged again.
func (v *Vault) Rejudged() int {
	rejudgedMu.Lock()
	defer rejudgedMu.Unlock()
	return rejudged[v]
}

// ClientIDOf is the id a client.create op gives its client.
func ClientIDOf(op *journal.Op) string { return clientID(op) }

// CheckHeld checks the index of held ops: every op quarantined as pending
// or unknown-author is indexed exactly once, under a key that names what
// it waits for, and the index holds nothing else. It returns how many ops
// are held.
func (v *Vault) CheckHeld() (int, error) {
	n := 0
	err := v.db.View(func(tx *bolt.Tx) error {
		ids, q := tx.Bucket(bIDs), tx.Bucket(bQuarantine)
		indexed := map[string]int{}
		err := tx.Bucket(bWaits).ForEach(func(k, _ []byte) error {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				return fmt.Errorf("waits key %q has no separator", k)
			}
			op, err := decodeOp(tx.Bucket(bLog).Get(k[i+1:]))
			if err != nil {
				return fmt.Errorf("waits key %q: %v", k, err)
			}
			if r := string(q.Get([]byte(op.ID()))); r != ReasonPending && r != ReasonUnknownAuthor {
				return fmt.Errorf("op %s is indexed as held but quarantined as %q", op.ID(), r)
			}
			if !bytes.Equal(ids.Get([]byte(op.ID())), k[i+1:]) {
				return fmt.Errorf("waits key %q: not the position of %s", k, op.ID())
			}
			indexed[op.ID()]++
			return nil
		})
		if err != nil {
			return err
		}
		return q.ForEach(func(id, reason []byte) error {
			if r := string(reason); r != ReasonPending && r != ReasonUnknownAuthor {
				return nil
			}
			n++
			if c := indexed[string(id)]; c != 1 {
				return fmt.Errorf("held op %s (%s) is indexed %d times", id, reason, c)
			}
			return nil
		})
	})
	return n, err
}

// Rebuild replays the whole replica, as a late change of someone's rights
// makes it do.
func (v *Vault) Rebuild() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.db.Update(v.rebuild)
}

package vault

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// History opens every valid version of the record target that an approved
// erasure has not cut — the heads and the versions they replaced — in
// journal order. An erasure proposal needs it: a corrected number leaves
// its earlier blob referenced only by a replaced version, and that blob
// must be erased too. Errors: ErrLocked, ErrInvalidOp (not a record
// target), ErrNoAccess, ErrNotFound (no version).
func (v *Vault) History(target string) ([]Version, error) {
	var out []Version
	err := v.locked(func() error {
		if _, _, _, _, err := recordScope(target); err != nil {
			return err
		}
		if err := v.mayRead(target); err != nil {
			return err
		}
		defer v.persistCache()
		return v.db.View(func(tx *bolt.Tx) error {
			rd := newReader(tx)
			prefix := join(target, "")
			type placed struct {
				pos []byte
				ver Version
			}
			var vs []placed
			c := tx.Bucket(bVersions).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				op, err := rd.op(string(k[len(prefix):]))
				if err != nil {
					return err
				}
				if op.Target != target || cutBefore(tx, op) {
					continue
				}
				ver, err := v.open(tx, op)
				if err != nil {
					return err
				}
				vs = append(vs, placed{pos(op), ver})
			}
			if len(vs) == 0 {
				return ErrNotFound
			}
			slices.SortFunc(vs, func(a, b placed) int { return bytes.Compare(a.pos, b.pos) })
			for _, p := range vs {
				out = append(out, p.ver)
			}
			return nil
		})
	})
	return out, err
}

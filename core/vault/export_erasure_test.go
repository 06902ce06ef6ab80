package vault

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// ForceErasureOp writes an erasure.propose or erasure.approve op with
// payload the way a modified program of the logged-in user could: signed
// with the user's own key and queued for the vault folder, but without the
// checks emit makes. Replicas must judge it themselves.
func (v *Vault) ForceErasureOp(kind, target string, payload any) (string, error) {
	var id string
	err := v.locked(func() error {
		return v.update(func(tx *bolt.Tx) error {
			op := v.newOp(tx, kind, target)
			b, err := json.Marshal(payload)
			if err != nil {
				return err
			}
			op.Payload = b
			op.Sig = signOp(v.sess.keys.Sign, op)
			if _, err := v.ingest(tx, []*journalOp{op}); err != nil {
				return err
			}
			id = op.ID()
			return tx.Bucket(bOutbox).Put(be64(op.Seq), []byte(id))
		})
	})
	return id, err
}

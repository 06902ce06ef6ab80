package vault

import (
	"crypto/ed25519"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
)

// Access-log helpers for the tamper suite and the log benchmarks.

// LogMany appends n entries (entry(i) for i = 0..n-1) the way n calls of
// Log would — the same sealed ops, signatures, chain hash and interval
// checkpoints — but perTx of them per bbolt transaction, so that a
// benchmark fixture of a million entries does not wait for a million
// fsyncs.
func (v *Vault) LogMany(n, perTx int, entry func(i int) audit.Entry) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for lo := 0; lo < n; lo += perTx {
		err := v.update(func(tx *bolt.Tx) error {
			for i := lo; i < min(lo+perTx, n); i++ {
				e := entry(i)
				plain, err := e.MarshalBinary()
				if err != nil {
					return fmt.Errorf("%w: log entry", ErrInvalidOp)
				}
				if err := v.logTx(tx, plain); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			v.logSess = nil
			return err
		}
	}
	return nil
}

// SigningKey returns the logged-in user's private signing key: what a user
// of the vault who turns against it holds (the tamper suite's insider).
func (v *Vault) SigningKey() ed25519.PrivateKey {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return nil
	}
	return v.sess.keys.Sign
}

package vault

import (
	bolt "go.etcd.io/bbolt"
)

// Batch writes many clients and records in one transaction: all of them or
// none. Imports use it (a file with one bad row changes nothing), and so do
// the benchmarks that build large vaults. The ops are the same signed,
// sealed and checked ops CreateClient and Put write, acknowledged together
// with a single fsync.
type Batch struct {
	v  *Vault
	tx *bolt.Tx
}

// Batch runs fn in one write transaction of the logged-in user; if fn
// returns an error nothing fn wrote is kept. fn must not call other Vault
// methods (the vault is held).
func (v *Vault) Batch(fn func(b *Batch) error) error {
	return v.locked(func() error {
		return v.update(func(tx *bolt.Tx) error { return fn(&Batch{v: v, tx: tx}) })
	})
}

// CreateClient is Vault.CreateClient inside the batch.
func (b *Batch) CreateClient(c NewClient) (string, error) {
	return b.v.createClient(b.tx, c)
}

// Put is Vault.Put inside the batch.
func (b *Batch) Put(target string, parents []string, data []byte) (string, error) {
	if _, _, _, _, err := recordScope(target); err != nil {
		return "", err
	}
	return b.v.writeTx(b.tx, KindRecordPut, target, parents, data)
}

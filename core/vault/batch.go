package vault

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// Batch writes many clients and records in bounded write transactions.
// Imports use it, and so do the benchmarks that build large vaults. The
// ops are the same signed, sealed and checked ops CreateClient and Put
// write, acknowledged together with one fsync per transaction.
//
// A batch is one transaction unless its fn calls Commit: then what was
// written before each Commit is kept even if fn fails later (an import
// cancelled half-way keeps the parts it committed, and says so).
//
// The first keys of the clients a batch creates are published together:
// one scope.keys op per recipient set (up to maxBatchKeys keys) instead of
// one age file per client, so a thousand clients cost a few X25519 wraps
// per member rather than a thousand. Their first records follow the keys.
type Batch struct {
	v  *Vault
	tx *bolt.Tx
	// keys are the first keys of scopes created in the batch and not yet
	// published; puts the records to write once they are.
	keys []batchKey
	puts []batchPut
	// fresh are the scopes in keys.
	fresh map[string]bool
	// unsigned are new records sealed and checked, to be signed together
	// on every core (drain); targets are theirs.
	unsigned []*journal.Op
	targets  map[string]bool
}

// signGroup is how many new records a batch signs together.
const signGroup = 512

type batchKey struct {
	scope string
	key   seal.Key
}

type batchPut struct {
	target string
	data   []byte
}

// maxBatchKeys bounds the keys of one scope.keys op (32 bytes each in its
// age file): a few hundred kilobytes of payload at most.
const maxBatchKeys = 1024

// Batch runs fn in a write transaction of the logged-in user; if fn
// returns an error nothing fn wrote since the batch began or since its
// last Commit is kept. fn must not call other Vault methods (the vault is
// held).
func (v *Vault) Batch(fn func(b *Batch) error) error {
	return v.locked(func() error {
		b := &Batch{v: v, fresh: map[string]bool{}, targets: map[string]bool{}}
		tx, err := v.db.Begin(true)
		if err != nil {
			return err
		}
		fillPages(tx)
		b.tx = tx
		defer func() {
			if b.tx != nil {
				b.tx.Rollback()
				v.reloadRoster()
			}
		}()
		if err := fn(b); err != nil {
			return err
		}
		if err := b.flush(); err != nil {
			return err
		}
		if err := b.drain(); err != nil {
			return err
		}
		tx, b.tx = b.tx, nil
		if err := tx.Commit(); err != nil {
			v.reloadRoster()
			return err
		}
		return nil
	})
}

// Commit makes what the batch wrote so far durable (one fsync) and goes
// on in a new transaction. Large imports commit every few thousand rows:
// a transaction that grows without bound makes bbolt move ever larger
// nodes in memory, and a cancelled import keeps what was committed.
func (b *Batch) Commit() error {
	if err := b.flush(); err != nil {
		return err
	}
	if err := b.drain(); err != nil {
		return err
	}
	tx := b.tx
	b.tx = nil
	if err := tx.Commit(); err != nil {
		b.v.reloadRoster()
		return err
	}
	tx, err := b.v.db.Begin(true)
	if err != nil {
		return err
	}
	fillPages(tx)
	b.tx = tx
	return nil
}

// CreateClient is Vault.CreateClient inside the batch. The client's key
// and first record are written with the batch's next Put to the client,
// Commit or end.
func (b *Batch) CreateClient(c NewClient) (string, error) {
	if err := b.drain(); err != nil { // ops are applied in the order they are numbered
		return "", err
	}
	return b.v.createClient(b.tx, c, b)
}

// Put is Vault.Put inside the batch. A new record (no parents) in a scope
// whose key is ready is sealed and checked now, and signed with the next
// few hundred on every core.
func (b *Batch) Put(target string, parents []string, data []byte) (string, error) {
	_, id, scope, _, err := recordScope(target)
	if err != nil {
		return "", err
	}
	if b.fresh[scope] {
		if err := b.flush(); err != nil {
			return "", err
		}
	}
	v := b.v
	ref, has := v.r.current(scope)
	if len(parents) > 0 || b.targets[target] || !has || v.r.rotationDue(scope) {
		// An edit, or a key to make first: in order, after what is queued.
		if err := b.drain(); err != nil {
			return "", err
		}
		return v.writeTx(b.tx, KindRecordPut, target, parents, data)
	}
	if b.tx.Bucket(bHeads).Get([]byte(target)) != nil {
		return "", ErrExists
	}
	op, err := b.queue(target, id, scope, ref.Epoch, data)
	if err != nil {
		return "", err
	}
	if len(b.unsigned) >= signGroup {
		return op.ID(), b.drain()
	}
	return op.ID(), nil
}

// queue seals a new record under scope's key of epoch, checks it against
// the roster (a refusal is returned now, for the caller's row) and queues
// it for drain.
func (b *Batch) queue(target, id, scope string, epoch uint32, data []byte) (*journal.Op, error) {
	v := b.v
	ks, err := v.scopeKeys(b.tx, scope, epoch)
	if err != nil {
		return nil, err
	}
	op, err := v.sealOp(b.tx, KindRecordPut, target, id, scope, epoch, &ks[len(ks)-1], nil, data)
	if err != nil {
		return nil, err
	}
	if err := v.r.checkErr(op); err != nil {
		return nil, err
	}
	b.unsigned = append(b.unsigned, op)
	b.targets[target] = true
	return op, nil
}

// drain signs the queued records on every core, then applies them in
// order. Checked when queued, they are not refused now (records change no
// roster).
func (b *Batch) drain() error {
	ops := b.unsigned
	if len(ops) == 0 {
		return nil
	}
	b.unsigned = b.unsigned[:0]
	clear(b.targets)
	priv := b.v.sess.keys.Sign
	eachOnCores(len(ops), len(ops), func(i int) { ops[i].Sig = signOp(priv, ops[i]) })
	// The ops are numbered already: an interval checkpoint (chainAfter)
	// comes after the last of them, not among them.
	v := b.v
	v.holdCheckpoint = true
	defer func() { v.holdCheckpoint = false }()
	for _, op := range ops {
		if err := v.emitChecked(b.tx, op); err != nil {
			return err
		}
	}
	v.holdCheckpoint = false
	if u64(b.tx.Bucket(bMeta).Get([]byte(mSinceCP))) >= audit.CheckpointEvery {
		return v.checkpoint(b.tx, audit.ReasonInterval)
	}
	return nil
}

// addKey queues the first key of a scope created in the batch, and put a
// record to seal under it.
func (b *Batch) addKey(scope string, target string, data []byte) error {
	k, err := seal.NewKey()
	if err != nil {
		return err
	}
	b.keys = append(b.keys, batchKey{scope: scope, key: k})
	b.fresh[scope] = true
	if target != "" {
		b.puts = append(b.puts, batchPut{target: target, data: data})
	}
	return nil
}

// flush publishes the queued keys, one scope.keys op per recipient set
// and maxBatchKeys keys, then writes the queued records.
func (b *Batch) flush() error {
	if len(b.keys) == 0 {
		return nil
	}
	if err := b.drain(); err != nil {
		return err
	}
	v := b.v
	defer func() {
		for i := range b.keys {
			clear(b.keys[i].key[:])
		}
		b.keys, b.puts = b.keys[:0], b.puts[:0]
		clear(b.fresh)
	}()
	var order []string
	groups := map[string][]batchKey{}
	for _, k := range b.keys {
		set := strings.Join(access.Members(v.r.st, k.scope), "\x00")
		if _, ok := groups[set]; !ok {
			order = append(order, set)
		}
		groups[set] = append(groups[set], k)
	}
	for _, set := range order {
		g := groups[set]
		for len(g) > 0 {
			n := min(len(g), maxBatchKeys)
			if err := v.publishKeys(b.tx, g[:n]); err != nil {
				return err
			}
			g = g[n:]
		}
	}
	// In key order: bbolt fills its pages fuller and moves less.
	slices.SortFunc(b.puts, func(x, y batchPut) int { return strings.Compare(x.target, y.target) })
	// The first records: under the keys just published, signed together.
	for _, p := range b.puts {
		_, id, scope, _, _ := recordScope(p.target)
		if _, err := b.queue(p.target, id, scope, 1, p.data); err != nil {
			return fmt.Errorf("%s: %w", p.target, err)
		}
	}
	return b.drain()
}

// publishKeys emits one scope.keys op with the first keys of ks, whose
// scopes have the same members, wrapped in one age file to them and the
// recovery key, and keeps the keys in the session.
func (v *Vault) publishKeys(tx *bolt.Tx, ks []batchKey) error {
	rec := scopeKeysRecord{Keys: make([]scopeKeyRef, len(ks))}
	plain := make([]seal.Key, len(ks))
	for i, k := range ks {
		rec.Keys[i] = scopeKeyRef{Scope: k.scope, Epoch: 1}
		plain[i] = k.key
	}
	var err error
	rec.Wrapped, err = v.wrapKeysFor(v.r, v.r.st, ks[0].scope, plain)
	clear(plain)
	if err != nil {
		return err
	}
	op, err := v.controlOp(tx, KindScopeKeys, ks[0].scope, rec)
	if err != nil {
		return err
	}
	for _, k := range ks {
		if err := v.keepNewKey(tx, k.scope, 1, op.ID(), k.key); err != nil {
			return err
		}
	}
	return nil
}

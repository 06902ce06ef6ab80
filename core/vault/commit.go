package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// update runs fn in a write transaction. The in-memory roster follows the
// ops fn applies; if the transaction fails it is reloaded from the replica,
// so memory never holds effects the file lacks.
func (v *Vault) update(fn func(tx *bolt.Tx) error) error {
	err := v.db.Update(func(tx *bolt.Tx) error {
		fillPages(tx)
		return fn(tx)
	})
	if err != nil {
		v.reloadRoster()
	}
	return err
}

// reloadRoster replaces the in-memory roster with the replica's, after a
// write transaction failed, and forgets the session's scope keys: some may
// be of ops that transaction made, whose ids the next ops reuse. They are
// found again in the key cache as needed.
func (v *Vault) reloadRoster() {
	if s := v.sess; s != nil && s.scope != nil {
		for _, m := range s.scope {
			for _, ks := range m {
				for i := range ks {
					clear(ks[i][:])
				}
			}
		}
		s.scope = map[string]map[uint32][]seal.Key{}
	}
	v.db.View(func(tx *bolt.Tx) error {
		if r, lerr := loadRoster(tx, v.id); lerr == nil {
			v.r = r
		}
		return nil
	})
}

// newOp starts a local op: the next sequence number of this device, an HLC
// time after everything seen, and the session's user as author (none while
// locked: only access-log ops are written then).
func (v *Vault) newOp(tx *bolt.Tx, kind, target string) *journal.Op {
	m := tx.Bucket(bMeta)
	seq := u64(m.Get([]byte(mSeq))) + 1
	m.Put([]byte(mSeq), be64(seq))
	t := v.clock.Now()
	m.Put([]byte(mHLC), encodeHLC(t))
	author := ""
	if v.sess != nil {
		author = v.sess.user
	}
	op := &journal.Op{Device: v.device, Seq: seq, Time: t, Author: author, Kind: kind, Target: target}
	if !audit.IsLog(kind) {
		op.Deps = v.causalPast(tx)
	}
	return op
}

// control emits a control op whose payload is the JSON of p.
func (v *Vault) control(tx *bolt.Tx, kind, target string, p any) error {
	_, err := v.controlOp(tx, kind, target, p)
	return err
}

// controlOp is control returning the op it emitted.
func (v *Vault) controlOp(tx *bolt.Tx, kind, target string, p any) (*journal.Op, error) {
	op := v.newOp(tx, kind, target)
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	op.Payload = b
	return op, v.emit(tx, op)
}

// emit signs a local op, checks it against the current roster (returning
// the access error for the caller to show), applies it and queues it in the
// outbox. The op is acknowledged when the transaction commits: bbolt has
// fsynced it, and it survives a crash before reaching the vault folder.
func (v *Vault) emit(tx *bolt.Tx, op *journal.Op) error {
	if v.sess != nil {
		op.Sig = signOp(v.sess.keys.Sign, op)
	} else if !audit.IsLog(op.Kind) {
		return ErrLocked
	}
	if err := v.r.checkErr(op); err != nil {
		return err
	}
	return v.emitChecked(tx, op)
}

// emitChecked is emit for an op signed and checked already.
func (v *Vault) emitChecked(tx *bolt.Tx, op *journal.Op) error {
	// The op was signed a moment ago by this session: evaluate need not
	// verify the signature again (ownSigned).
	v.own = op
	_, err := v.ingest(tx, []*journal.Op{op})
	v.own = nil
	if err != nil {
		return err
	}
	if tx.Bucket(bQuarantine).Get([]byte(op.ID())) != nil {
		return fmt.Errorf("%w: rejected by replica", ErrInvalidOp)
	}
	if err := tx.Bucket(bOutbox).Put(be64(op.Seq), []byte(op.ID())); err != nil {
		return err
	}
	if err := v.markBatch(tx, op); err != nil {
		return err
	}
	return v.chainAfter(tx, op)
}

// sealedOp emits a record op whose payload is plain sealed under the scope's
// current key, bound to the record and to this version's op id.
func (v *Vault) sealedOp(tx *bolt.Tx, kind, target string, parents []string, plain []byte) (*journal.Op, error) {
	_, id, scope, _, err := recordScope(target)
	if err != nil {
		return nil, err
	}
	epoch, k, err := v.writeKey(tx, scope)
	if err != nil {
		return nil, err
	}
	op, err := v.sealOp(tx, kind, target, id, scope, epoch, &k, parents, plain)
	if err != nil {
		return nil, err
	}
	return op, v.emit(tx, op)
}

// sealOp starts a record op sealed under k, the key of scope's epoch;
// the caller signs and emits it.
func (v *Vault) sealOp(tx *bolt.Tx, kind, target, id, scope string, epoch uint32, k *seal.Key, parents []string, plain []byte) (*journal.Op, error) {
	op := v.newOp(tx, kind, target)
	op.Scope, op.Epoch, op.Parents = scope, epoch, parents
	if plain != nil {
		var err error
		if op.Payload, err = seal.Seal(k, v.recordAD(op, id), plain); err != nil {
			return nil, err
		}
	}
	return op, nil
}

func (v *Vault) recordAD(op *journal.Op, id string) seal.AD {
	kind, _, _ := cutKind(op.Target)
	return seal.AD{Vault: v.id, Kind: kind, ID: id, Scope: op.Scope, Epoch: op.Epoch, Version: op.ID()}
}

func cutKind(target string) (kind, id string, ok bool) {
	for i := 0; i < len(target); i++ {
		if target[i] == '/' {
			return target[:i], target[i+1:], true
		}
	}
	return target, "", false
}

// opByID reads a stored op.
func (v *Vault) opByID(tx *bolt.Tx, id string) (*journal.Op, error) {
	p := tx.Bucket(bIDs).Get([]byte(id))
	if p == nil {
		return nil, fmt.Errorf("%w: op", ErrNotFound)
	}
	return decodeOp(tx.Bucket(bLog).Get(p))
}

// registerDevice writes this installation's device.add once, at the first
// login, so the log can say "from where" for every op. It publishes the
// public half of the device key, from which the device id derives.
func (v *Vault) registerDevice(tx *bolt.Tx) error {
	m := tx.Bucket(bMeta)
	if m.Get([]byte(mRegistered)) != nil {
		return nil
	}
	if _, ok := v.r.devices[v.device]; !ok {
		pc, osUser, goos := v.opt.identity()
		rec := deviceRecord{ID: v.device, Name: pc, OSUser: osUser, OS: goos, SignKey: v.devKey.Public().(ed25519.PublicKey)}
		if err := v.control(tx, KindDeviceAdd, v.device, rec); err != nil {
			return err
		}
	}
	return m.Put([]byte(mRegistered), []byte{1})
}

// journalOp is a short name for the op type in this package's signatures.
type journalOp = journal.Op

func signOp(priv ed25519.PrivateKey, op *journal.Op) []byte {
	return seal.Sign(priv, signDomain, op.SigningBytes())
}

func sealWith(k *seal.Key, ad seal.AD, plain []byte) ([]byte, error) { return seal.Seal(k, ad, plain) }

// ownSigned reports whether op is the op emit is applying and key, its
// author's verifying key at its position, is the session's own: the
// signature was made a moment ago in this process with that key, so
// checking it again could not fail. Ops from anywhere else (the vault
// folder, a rebuild) are always verified.
func (v *Vault) ownSigned(op *journal.Op, key ed25519.PublicKey) bool {
	if v.own != op || key == nil || v.sess == nil || v.sess.keys == nil {
		return false
	}
	pub, ok := v.sess.keys.Sign.Public().(ed25519.PublicKey)
	return ok && bytes.Equal(pub, key)
}

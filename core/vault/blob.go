package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// Erasable data — every My Number and every 本人確認 scan — never goes into an
// op: the journal is append-only. It is sealed into a write-once blob file
// (blobs/<id> in the vault folder, and a copy in each replica) that a record
// references by BlobRef. Erasure deletes the file and every replica's copy
// and appends a blob.erase op, so nothing of the data remains and no replica
// or restore brings it back.

// BlobRef points a record at a blob. Hash is the SHA-256 of the sealed
// file, so a swapped or altered file is refused.
type BlobRef struct {
	ID    string `json:"id"`
	Scope string `json:"scope"`
	Epoch uint32 `json:"epoch"`
	Hash  string `json:"hash"`
}

// ErrErased: the blob was erased (a My Number after its 廃棄).
var ErrErased = errors.New("vault: erased")

func newBlobID() string {
	var b [16]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

func blobAD(vault, id, scope string, epoch uint32) seal.AD {
	return seal.AD{Vault: vault, Kind: "blob", ID: id, Scope: scope, Epoch: epoch}
}

// PutBlob seals data under scope's current key and stores it in the replica
// at once; Sync writes it to the vault folder before the segment of any op
// that references it. The user must hold the scope key and may write in the
// scope (a My Number handler for mynumber:<client>).
func (v *Vault) PutBlob(scope string, data []byte) (BlobRef, error) {
	var ref BlobRef
	err := v.locked(func() error {
		if err := v.mayWriteScope(scope); err != nil {
			return err
		}
		return v.update(func(tx *bolt.Tx) error {
			epoch, k, err := v.currentKey(tx, scope)
			if err != nil {
				return err
			}
			id := newBlobID()
			sealed, err := seal.Seal(&k, blobAD(v.id, id, scope, epoch), data)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(sealed)
			ref = BlobRef{ID: id, Scope: scope, Epoch: epoch, Hash: hex.EncodeToString(sum[:])}
			if err := tx.Bucket(bBlobs).Put([]byte(id), sealed); err != nil {
				return err
			}
			return tx.Bucket(bBlobUp).Put([]byte(id), nil)
		})
	})
	return ref, err
}

// mayWriteScope applies the roster's write rule to a whole scope.
func (v *Vault) mayWriteScope(scope string) error {
	kind, client, err := access.ParseScope(scope)
	if err != nil {
		return fmt.Errorf("%w: scope", ErrInvalidOp)
	}
	switch kind {
	case access.KindMyNumber:
		return v.decide(access.MyNumberEdit, client, "")
	case access.KindClient:
		return v.decide(access.ClientEdit, client, "")
	}
	return v.decide(access.ManageUsers, "", "")
}

// GetBlob opens a blob: from this replica's copy, else from the vault
// folder (then kept). Errors: ErrErased, ErrNoAccess, journal.ErrMissing
// or journal.ErrUnavailable when no copy is reachable, ErrCorruptReplica
// when the file does not match its hash.
func (v *Vault) GetBlob(ref BlobRef) ([]byte, error) {
	var out []byte
	err := v.locked(func() error {
		kind, client, err := access.ParseScope(ref.Scope)
		if err != nil {
			return fmt.Errorf("%w: scope", ErrInvalidOp)
		}
		if kind == access.KindMyNumber && v.decide(access.MyNumberRead, client, "") != nil ||
			kind == access.KindClient && v.decide(access.ClientRead, client, "") != nil {
			return ErrNoAccess
		}
		var sealed []byte
		erased := false
		v.db.View(func(tx *bolt.Tx) error {
			erased = tx.Bucket(bErased).Get([]byte(ref.ID)) != nil
			sealed = append([]byte(nil), tx.Bucket(bBlobs).Get([]byte(ref.ID))...)
			return nil
		})
		if erased {
			return ErrErased
		}
		fetched := false
		if len(sealed) == 0 {
			if !v.connect() {
				return journal.ErrUnavailable
			}
			if sealed, err = v.folder.ReadBlob(ref.ID); err != nil {
				v.disconnectOn(err)
				return err
			}
			fetched = true
		}
		if sum := sha256.Sum256(sealed); hex.EncodeToString(sum[:]) != ref.Hash {
			return fmt.Errorf("%w: blob does not match its hash", ErrCorruptReplica)
		}
		err = v.update(func(tx *bolt.Tx) error {
			ks, err := v.scopeKeys(tx, ref.Scope, ref.Epoch)
			if err != nil {
				return err
			}
			ad := blobAD(v.id, ref.ID, ref.Scope, ref.Epoch)
			for i := range ks {
				if out, err = seal.Open(&ks[i], ad, sealed); err == nil {
					break
				}
			}
			if err != nil {
				return fmt.Errorf("%w: blob", ErrCorruptReplica)
			}
			if fetched {
				return tx.Bucket(bBlobs).Put([]byte(ref.ID), sealed)
			}
			return nil
		})
		return err
	})
	return out, err
}

// EraseBlob erases a blob everywhere: this replica's copy at once, the
// vault folder's file at the next sync, other replicas' copies when they
// import the op. It is the last step of an approved 廃棄 and needs a 責任者
// (no key is needed to destroy data). The replica is then compacted, so
// its file keeps no free page with the old ciphertext.
func (v *Vault) EraseBlob(ref BlobRef) error {
	return v.locked(func() error {
		err := v.update(func(tx *bolt.Tx) error {
			return v.control(tx, KindBlobErase, ref.ID, blobErase{ID: ref.ID, Scope: ref.Scope})
		})
		if err != nil {
			return err
		}
		return v.compactLocked()
	})
}

// applyErase is the replica side of a valid blob.erase: drop the copy,
// remember the erasure, and queue the file's deletion.
func applyErase(tx *bolt.Tx, op *journal.Op) error {
	e, err := decode[blobErase](op.Payload)
	if err != nil {
		return err
	}
	return eraseBlob(tx, e.ID, op.ID())
}

func eraseBlob(tx *bolt.Tx, blob, opID string) error {
	id := []byte(blob)
	for _, b := range [][]byte{bBlobs, bBlobUp} {
		if err := tx.Bucket(b).Delete(id); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bErased).Put(id, []byte(opID)); err != nil {
		return err
	}
	return tx.Bucket(bBlobDel).Put(id, nil)
}

// syncBlobs writes blobs not yet in the vault folder and deletes erased
// ones; Sync calls it before writing segments, so an op never reaches the
// folder before the blob it references.
func (v *Vault) syncBlobs() error {
	var up, del []string
	v.db.View(func(tx *bolt.Tx) error {
		tx.Bucket(bBlobUp).ForEach(func(k, _ []byte) error { up = append(up, string(k)); return nil })
		tx.Bucket(bBlobDel).ForEach(func(k, _ []byte) error { del = append(del, string(k)); return nil })
		return nil
	})
	for _, id := range up {
		var sealed []byte
		v.db.View(func(tx *bolt.Tx) error {
			sealed = append([]byte(nil), tx.Bucket(bBlobs).Get([]byte(id))...)
			return nil
		})
		if len(sealed) > 0 {
			if err := v.folder.WriteBlob(id, sealed); err != nil && !errors.Is(err, journal.ErrExists) {
				return err
			}
		}
		if err := v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bBlobUp).Delete([]byte(id)) }); err != nil {
			return err
		}
	}
	for _, id := range del {
		if err := v.folder.DeleteBlob(id); err != nil {
			return err
		}
		if err := v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bBlobDel).Delete([]byte(id)) }); err != nil {
			return err
		}
	}
	return nil
}

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
// file, so a swapped or altered file is refused. Nonce binds the blob to
// its record: ID is BlobID(target, Nonce), so every replica — even one that
// holds no key — can check that a blob named in an erasure proposal
// belongs to the proposal's record.
type BlobRef struct {
	ID    string `json:"id"`
	Scope string `json:"scope"`
	Epoch uint32 `json:"epoch"`
	Hash  string `json:"hash"`
	Nonce []byte `json:"nonce"`
}

// ErrErased: the blob was erased (a My Number after its 廃棄).
var ErrErased = errors.New("vault: erased")

// blobIDDomain separates blob ids from every other hash Kinko computes
// (stored: never change; a new derivation gets a new domain).
const blobIDDomain = "kinko/blob-id/v2"

// blobNonceLen is the length of a blob's nonce in bytes.
const blobNonceLen = 16

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// BlobID derives the id of the blob of record target with nonce: lowercase
// base32 (no padding) of the first 16 bytes of
// SHA-256("kinko/blob-id/v2" 0x00 target 0x00 nonce). Targets never hold
// 0x00, and finding a nonce that gives another record's blob id means
// inverting SHA-256.
func BlobID(target string, nonce []byte) string {
	h := sha256.New()
	h.Write([]byte(blobIDDomain))
	h.Write([]byte{0})
	h.Write([]byte(target))
	h.Write([]byte{0})
	h.Write(nonce)
	return strings.ToLower(idEncoding.EncodeToString(h.Sum(nil)[:16]))
}

// BelongsTo reports whether r is a blob of the record target (its id
// derives from target and its nonce): the check every replica makes on an
// erasure proposal and GetBlob makes on a reference.
func (r BlobRef) BelongsTo(target string) bool {
	_, _, scope, _, err := recordScope(target)
	return err == nil && r.Scope == scope && blobOf(target, r.ID, r.Nonce)
}

// blobOf reports whether the blob id with nonce belongs to record target.
func blobOf(target, id string, nonce []byte) bool {
	return len(nonce) == blobNonceLen && !strings.ContainsRune(target, 0) && id == BlobID(target, nonce)
}

// newRandomID returns 16 random bytes in lowercase base32 (26 characters),
// the shape of an erasure proposal's id.
func newRandomID() string {
	var b [16]byte
	rand.Read(b[:])
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

func blobAD(vault, id, scope string, epoch uint32) seal.AD {
	return seal.AD{Vault: vault, Kind: "blob", ID: id, Scope: scope, Epoch: epoch}
}

// PutBlob seals data as a blob of the record target
// ("mynumber/<client>/<person>") under its scope's current key and stores
// it in the replica at once; Sync writes it to the vault folder before the
// segment of any op that references it. The blob's id is derived from
// target and a fresh nonce, so it can only ever be erased with that record.
// The user must hold the scope key and may write in the scope (a My Number
// handler for mynumber:<client>). Errors: ErrLocked, ErrInvalidOp (not a
// record target), access.ErrDenied, ErrNoAccess.
func (v *Vault) PutBlob(target string, data []byte) (BlobRef, error) {
	var ref BlobRef
	err := v.locked(func() error {
		_, _, scope, _, err := recordScope(target)
		if err != nil || strings.ContainsRune(target, 0) {
			return fmt.Errorf("%w: target", ErrInvalidOp)
		}
		if err := v.mayWriteScope(scope); err != nil {
			return err
		}
		return v.update(func(tx *bolt.Tx) error {
			ref, err = v.putBlob(tx, target, scope, data)
			return err
		})
	})
	return ref, err
}

// putBlob seals data as a new blob of record target under scope's current
// key and queues it for the vault folder.
func (v *Vault) putBlob(tx *bolt.Tx, target, scope string, data []byte) (BlobRef, error) {
	epoch, k, err := v.writeKey(tx, scope)
	if err != nil {
		return BlobRef{}, err
	}
	nonce := make([]byte, blobNonceLen)
	rand.Read(nonce)
	id := BlobID(target, nonce)
	sealed, err := seal.Seal(&k, blobAD(v.id, id, scope, epoch), data)
	if err != nil {
		return BlobRef{}, err
	}
	sum := sha256.Sum256(sealed)
	if err := tx.Bucket(bBlobs).Put([]byte(id), sealed); err != nil {
		return BlobRef{}, err
	}
	return BlobRef{ID: id, Scope: scope, Epoch: epoch, Hash: hex.EncodeToString(sum[:]), Nonce: nonce}, tx.Bucket(bBlobUp).Put([]byte(id), nil)
}

// openBlob checks sealed against ref's hash and opens it with the scope
// key of ref's epoch.
func (v *Vault) openBlob(tx *bolt.Tx, ref BlobRef, sealed []byte) ([]byte, error) {
	if sum := sha256.Sum256(sealed); hex.EncodeToString(sum[:]) != ref.Hash {
		return nil, fmt.Errorf("%w: blob does not match its hash", ErrCorruptReplica)
	}
	ks, err := v.scopeKeys(tx, ref.Scope, ref.Epoch)
	if err != nil {
		return nil, err
	}
	ad := blobAD(v.id, ref.ID, ref.Scope, ref.Epoch)
	for i := range ks {
		if out, err := seal.Open(&ks[i], ad, sealed); err == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("%w: blob", ErrCorruptReplica)
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

// GetBlob opens a blob of the record target: from this replica's copy,
// else from the vault folder (then kept). A reference to a blob of another
// record is refused, so a record can never show someone else's number.
// Errors: ErrErased, ErrNoAccess, ErrInvalidOp (ref is not a blob of
// target), journal.ErrUnavailable when no copy is reachable,
// *FolderDamageError (ErrFolderDamaged) when the vault folder's file is
// missing or does not match its hash (the damage is in the folder, and the
// file is not kept), ErrCorruptReplica when this replica's copy does not.
func (v *Vault) GetBlob(target string, ref BlobRef) ([]byte, error) {
	var out []byte
	err := v.locked(func() error {
		if !ref.BelongsTo(target) {
			return fmt.Errorf("%w: blob of another record", ErrInvalidOp)
		}
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
			if sealed, err = v.folder.ReadBlob(ref.ID); errors.Is(err, journal.ErrMissing) {
				return &FolderDamageError{File: blobFile(ref.ID), Reason: ReasonMissing, Err: err}
			} else if err != nil {
				v.disconnectOn(err)
				return err
			}
			if sum := sha256.Sum256(sealed); hex.EncodeToString(sum[:]) != ref.Hash {
				return &FolderDamageError{File: blobFile(ref.ID), Reason: ReasonAltered}
			}
			fetched = true
		}
		err = v.update(func(tx *bolt.Tx) error {
			if out, err = v.openBlob(tx, ref, sealed); err != nil {
				return err
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

// writeBlobCopy writes this replica's copy of blob id to the vault folder,
// and reports whether it did: not when there is no copy or the folder
// already has the file.
func (v *Vault) writeBlobCopy(id string) (bool, error) {
	var sealed []byte
	v.db.View(func(tx *bolt.Tx) error {
		sealed = append([]byte(nil), tx.Bucket(bBlobs).Get([]byte(id))...)
		return nil
	})
	if len(sealed) == 0 {
		return false, nil
	}
	err := v.folder.WriteBlob(id, sealed)
	if errors.Is(err, journal.ErrExists) {
		return false, nil
	}
	return err == nil, err
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
		if _, err := v.writeBlobCopy(id); err != nil {
			return err
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

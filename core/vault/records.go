package vault

import (
	"fmt"
	"github.com/kinko-jp/kinko/core/access"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// Version is one version of a record, opened for the logged-in user.
type Version struct {
	Op      string   `json:"op"`     // the version's id; pass it back as the parent of an edit
	Author  string   `json:"author"` // user id
	Device  string   `json:"device"`
	Time    int64    `json:"time"` // unix ms (HLC wall time)
	Parents []string `json:"parents"`
	Deleted bool     `json:"deleted"`
	Data    []byte   `json:"data"` // the plaintext; nil for a deletion
}

// Record is a record's current state: one version, or several when two
// devices edited it from the same parent (Conflict).
type Record struct {
	Target   string    `json:"target"`
	Versions []Version `json:"versions"` // the heads, sorted by op id
}

// Conflict reports whether the record has several heads.
func (r *Record) Conflict() bool { return len(r.Versions) > 1 }

// Heads returns the op ids of the record's heads, for the parents of an edit.
func (r *Record) Heads() []string {
	out := make([]string, len(r.Versions))
	for i, v := range r.Versions {
		out[i] = v.Op
	}
	return out
}

// Get opens the current versions of the record target ("client/<id>", …).
// Errors: ErrLocked, ErrNotFound (no such record, or deleted), ErrNoAccess
// (the user holds no key for its scope).
func (v *Vault) Get(target string) (*Record, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return nil, ErrLocked
	}
	var rec *Record
	err := v.db.View(func(tx *bolt.Tx) error {
		var err error
		rec, err = v.get(tx, target)
		return err
	})
	v.persistCache()
	return rec, err
}

func (v *Vault) get(tx *bolt.Tx, target string) (*Record, error) {
	if err := v.mayRead(target); err != nil {
		return nil, err
	}
	heads := splitIDs(tx.Bucket(bHeads).Get([]byte(target)))
	if len(heads) == 0 {
		return nil, ErrNotFound
	}
	rec := &Record{Target: target}
	for _, h := range heads {
		op, err := v.opByID(tx, h)
		if err != nil {
			return nil, err
		}
		if op.Target != target {
			return nil, fmt.Errorf("%w: head of another record", ErrCorruptReplica)
		}
		ver, err := v.open(tx, op)
		if err != nil {
			return nil, err
		}
		rec.Versions = append(rec.Versions, ver)
	}
	if len(rec.Versions) == 1 && rec.Versions[0].Deleted {
		return nil, ErrNotFound
	}
	return rec, nil
}

// open decrypts one record version with the session's scope keys.
func (v *Vault) open(tx *bolt.Tx, op *journal.Op) (Version, error) {
	ver := Version{Op: op.ID(), Author: op.Author, Device: op.Device, Time: op.Time.Wall, Parents: op.Parents, Deleted: op.Kind == KindRecordDelete}
	if ver.Deleted {
		return ver, nil
	}
	ks, err := v.scopeKeys(tx, op.Scope, op.Epoch)
	if err != nil {
		return ver, err
	}
	_, id, _ := cutKind(op.Target)
	ad := v.recordAD(op, id)
	for i := range ks {
		if plain, err := seal.Open(&ks[i], ad, op.Payload); err == nil {
			ver.Data = plain
			return ver, nil
		}
	}
	return ver, ErrCorruptReplica
}

// Put writes a new version of target with data as its plaintext. parents
// are the heads the caller read (nil to create). It refuses with ErrStale
// when the record has changed since, and with ErrExists when creating a
// record that exists. Resolving a conflict is a Put whose parents are all
// the heads.
func (v *Vault) Put(target string, parents []string, data []byte) (string, error) {
	return v.write(KindRecordPut, target, parents, data)
}

// Delete writes a tombstone version of target.
func (v *Vault) Delete(target string, parents []string) (string, error) {
	return v.write(KindRecordDelete, target, parents, nil)
}

func (v *Vault) write(kind, target string, parents []string, data []byte) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return "", ErrLocked
	}
	if _, _, _, _, err := recordScope(target); err != nil {
		return "", err
	}
	var id string
	err := v.update(func(tx *bolt.Tx) error {
		heads := splitIDs(tx.Bucket(bHeads).Get([]byte(target)))
		want := slices.Clone(parents)
		slices.Sort(want)
		if !slices.Equal(heads, want) {
			if len(parents) == 0 {
				return ErrExists
			}
			return ErrStale
		}
		op, err := v.sealedOp(tx, kind, target, want, data)
		if err != nil {
			return err
		}
		id = op.ID()
		return nil
	})
	return id, err
}

// List opens the current version of every record whose target starts with
// prefix ("client/"), skipping deleted records and scopes the user holds no
// key for. Conflicted records are listed with all their heads.
func (v *Vault) List(prefix string) ([]*Record, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return nil, ErrLocked
	}
	var out []*Record
	defer v.persistCache()
	err := v.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bHeads).Cursor()
		for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
			rec, err := v.get(tx, string(k))
			if err == ErrNotFound || err == ErrNoAccess {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// Conflicts lists the targets of records with several heads that the user
// can open.
func (v *Vault) Conflicts() ([]*Record, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return nil, ErrLocked
	}
	var out []*Record
	defer v.persistCache()
	err := v.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bConflicts).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			rec, err := v.get(tx, string(k))
			if err == ErrNoAccess {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// mayRead applies the roster's read rule on top of the keys: a user whose
// right was withdrawn may still hold an old epoch's key, but is refused.
func (v *Vault) mayRead(target string) error {
	kind, _, _, client, err := recordScope(target)
	if err != nil {
		return err
	}
	act := access.ClientRead
	switch kind {
	case "mynumber":
		act = access.MyNumberRead
	case "office":
		if _, ok := v.r.st.Users[v.sess.user]; ok {
			return nil
		}
	}
	if access.Decide(v.r.st, v.sess.user, act, client, "") != nil {
		return ErrNoAccess
	}
	return nil
}

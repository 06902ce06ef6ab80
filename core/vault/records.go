package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/kinko-jp/kinko/core/access"
	"slices"
	"strings"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/progress"
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
	return v.record(newReader(tx), target, tx.Bucket(bHeads).Get([]byte(target)))
}

// reader holds the buckets a record read needs. A read-only bbolt
// transaction does not cache bucket handles, so List looks them up once
// rather than three times per record.
type reader struct {
	tx       *bolt.Tx
	ids, log *bolt.Bucket
}

func newReader(tx *bolt.Tx) reader {
	return reader{tx: tx, ids: tx.Bucket(bIDs), log: tx.Bucket(bLog)}
}

// op is opByID with the buckets already looked up.
func (rd reader) op(id string) (*journal.Op, error) {
	p := rd.ids.Get([]byte(id))
	if p == nil {
		return nil, fmt.Errorf("%w: op", ErrNotFound)
	}
	return decodeOp(rd.log.Get(p))
}

// decode is op into dec's memory (journal.OpDecoder): valid until dec's
// next use and within the transaction.
func (rd reader) decode(id []byte, dec *journal.OpDecoder) (*journal.Op, error) {
	p := rd.ids.Get(id)
	if p == nil {
		return nil, fmt.Errorf("%w: op", ErrNotFound)
	}
	op, err := dec.Decode(rd.log.Get(p))
	if err != nil {
		return nil, fmt.Errorf("%w: op: %v", ErrCorruptReplica, err)
	}
	return op, nil
}

// record opens target's current versions; heads is its bHeads value, which
// List already holds from its cursor.
func (v *Vault) record(rd reader, target string, headsVal []byte) (*Record, error) {
	if err := v.mayRead(target); err != nil {
		return nil, err
	}
	heads := splitIDs(headsVal)
	if len(heads) == 0 {
		return nil, ErrNotFound
	}
	rec := &Record{Target: target}
	for _, h := range heads {
		op, err := rd.op(h)
		if err != nil {
			return nil, err
		}
		if op.Target != target {
			return nil, fmt.Errorf("%w: head of another record", ErrCorruptReplica)
		}
		ver, err := v.open(rd.tx, op)
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
		var err error
		id, err = v.writeTx(tx, kind, target, parents, data)
		return err
	})
	return id, err
}

// writeTx writes a version of target whose parents must be its current
// heads (none to create).
func (v *Vault) writeTx(tx *bolt.Tx, kind, target string, parents []string, data []byte) (string, error) {
	heads := splitIDs(tx.Bucket(bHeads).Get([]byte(target)))
	want := slices.Clone(parents)
	slices.Sort(want)
	if !slices.Equal(heads, want) {
		if len(parents) == 0 {
			return "", ErrExists
		}
		return "", ErrStale
	}
	op, err := v.sealedOp(tx, kind, target, want, data)
	if err != nil {
		return "", err
	}
	return op.ID(), nil
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
		rd := newReader(tx)
		c := tx.Bucket(bHeads).Cursor()
		for k, hv := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, hv = c.Next() {
			rec, err := v.record(rd, string(k), hv)
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

// Targets lists the live records under prefix whether or not the user
// can open them: names only (kind, client and person ids), never content.
// The 管理台帳 uses it to count the My Numbers held for clients whose
// numbers its author — a 責任者 who is not their handler — cannot open.
// For those who may read the audit trail (責任者) only.
func (v *Vault) Targets(prefix string) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return nil, ErrLocked
	}
	if err := v.decide(access.ReadAudit, "", ""); err != nil {
		return nil, err
	}
	var out []string
	err := v.db.View(func(tx *bolt.Tx) error {
		rd := newReader(tx)
		c := tx.Bucket(bHeads).Cursor()
		p := []byte(prefix)
		for k, hv := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, hv = c.Next() {
			head, _, _ := bytes.Cut(hv, []byte{0})
			op, err := rd.op(string(head))
			if err != nil {
				return err
			}
			if op.Kind != KindRecordDelete {
				out = append(out, string(k))
			}
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

// Scan calls fn with the current content of every record whose target
// starts with prefix and that the user may read, in target order: the way
// to build the search index after a login. Unlike List it builds no Record
// values, and checks access and finds the scope key once per client and
// epoch rather than once per record. Deleted records are skipped; for a
// record in conflict fn sees the first head (the index lists it once; the
// record view shows every version). data belongs to fn. fn's error stops
// the scan and is returned.
func (v *Vault) Scan(prefix string, fn func(target string, data []byte) error) error {
	return v.ScanCtx(context.Background(), nil, prefix, fn)
}

// ScanCtx is Scan that stops with ctx's error when ctx ends, and reports
// to rep (may be nil) the stage "keys" (Done of Total client keys opened)
// when a scan of every client's records must first open keys this PC has
// not cached: the long part of the first login on a joined PC.
func (v *Vault) ScanCtx(ctx context.Context, rep progress.Reporter, prefix string, fn func(target string, data []byte) error) error {
	return v.ScanSealed(ctx, rep, prefix, func(r Sealed) error {
		plain, err := r.Open()
		if err != nil {
			return err
		}
		return fn(r.Target, plain)
	}, nil)
}

// ScanSealed is ScanCtx that hands fn each record still sealed, so that
// the caller can decrypt them (Sealed.Open) on other goroutines: the
// search index's build opens and decodes on every core while one
// goroutine walks the replica. done, if not nil, runs at the end of the
// scan (also after an error), before the read transaction closes: the
// caller waits there for its goroutines, as a Sealed cannot be opened
// once ScanSealed has returned.
func (v *Vault) ScanSealed(ctx context.Context, rep progress.Reporter, prefix string, fn func(Sealed) error, done func()) error {
	return v.scan(func(sc *scanner) error {
		if done != nil {
			defer done()
		}
		if (prefix == "client/" || prefix == "person/") && !prefetchOff {
			// Every client's records: open their keys at once, on every core.
			if err := v.prefetchKeys(ctx, progress.OrNoop(rep), sc.tx); err != nil {
				return err
			}
		}
		c := sc.tx.Bucket(bHeads).Cursor()
		p := []byte(prefix)
		n := 0
		for k, hv := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, hv = c.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			rec, ok, err := sc.find(k, hv)
			if err != nil {
				return err
			}
			if ok {
				if err := fn(rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Count returns the number of records under prefix, deleted and
// unreadable ones included: an upper bound of what Scan gives, read from
// the keys alone (a few milliseconds at 110,000 records), for sizing.
func (v *Vault) Count(prefix string) int {
	n := 0
	v.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bHeads).Cursor()
		p := []byte(prefix)
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			n++
		}
		return nil
	})
	return n
}

// ScanTargets is Scan over the given record targets (in the order given):
// fn sees each target once, with nil data when the record is absent,
// deleted or not readable by the user, so that a search index can drop it.
// The office's index follows a sync's SyncResult.Changed with it.
func (v *Vault) ScanTargets(targets []string, fn func(target string, data []byte) error) error {
	return v.scan(func(sc *scanner) error {
		heads := sc.tx.Bucket(bHeads)
		for _, t := range targets {
			var plain []byte
			if hv := heads.Get([]byte(t)); hv != nil {
				var err error
				if plain, err = sc.open([]byte(t), hv); err != nil {
					return err
				}
			}
			if err := fn(t, plain); err != nil {
				return err
			}
		}
		return nil
	})
}

// scan runs fn with a scanner in one read transaction of the logged-in
// session.
func (v *Vault) scan(fn func(sc *scanner) error) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return ErrLocked
	}
	defer v.persistCache()
	return v.db.View(func(tx *bolt.Tx) error {
		return fn(&scanner{v: v, tx: tx, rd: newReader(tx), readable: map[string]bool{}, keys: map[scopeEpoch][]seal.Key{}})
	})
}

type scopeEpoch struct {
	scope string
	epoch uint32
}

// scanner opens records' first heads for Scan and ScanTargets, deciding
// access and finding keys once per scope and epoch.
type scanner struct {
	v        *Vault
	tx       *bolt.Tx
	rd       reader
	readable map[string]bool // scope → may read
	keys     map[scopeEpoch][]seal.Key
	// dec decodes each head op into reused memory, its payload aliasing
	// the transaction's pages: open keeps nothing of the op.
	dec journal.OpDecoder
}

// open returns the plaintext of target's first head (hv is its bHeads
// value), or nil when deleted or not readable.
func (sc *scanner) open(k, hv []byte) ([]byte, error) {
	rec, ok, err := sc.find(k, hv)
	if err != nil || !ok {
		return nil, err
	}
	return rec.Open()
}

// Sealed is a record as ScanSealed finds it: readable by the user, its
// key found, not yet decrypted.
type Sealed struct {
	Target  string
	keys    []seal.Key
	ad      seal.AD
	payload []byte // in the scan's transaction
}

// Open decrypts the record. It may run on any goroutine, until the
// ScanSealed that found the record returns.
func (r *Sealed) Open() ([]byte, error) {
	for i := range r.keys {
		if plain, err := seal.Open(&r.keys[i], r.ad, r.payload); err == nil {
			return plain, nil
		}
	}
	return nil, ErrCorruptReplica
}

// find is open without the decryption: ok is false when the record is
// deleted or not readable.
func (sc *scanner) find(k, hv []byte) (Sealed, bool, error) {
	target := string(k)
	_, id, scope, _, err := recordScope(target)
	if err != nil {
		return Sealed{}, false, fmt.Errorf("%w: target", ErrCorruptReplica)
	}
	ok, seen := sc.readable[scope]
	if !seen {
		ok = sc.v.mayRead(target) == nil
		sc.readable[scope] = ok
	}
	if !ok {
		return Sealed{}, false, nil
	}
	head, _, _ := bytes.Cut(hv, []byte{0})
	op, err := sc.rd.decode(head, &sc.dec)
	if err != nil {
		return Sealed{}, false, err
	}
	if op.Target != target {
		return Sealed{}, false, fmt.Errorf("%w: head of another record", ErrCorruptReplica)
	}
	if op.Kind == KindRecordDelete {
		return Sealed{}, false, nil
	}
	se := scopeEpoch{op.Scope, op.Epoch}
	ks, found := sc.keys[se]
	if !found {
		ks, err = sc.v.scopeKeys(sc.tx, op.Scope, op.Epoch)
		if errors.Is(err, ErrNoAccess) {
			sc.readable[scope] = false
			return Sealed{}, false, nil
		}
		if err != nil {
			return Sealed{}, false, err
		}
		sc.keys[se] = ks
	}
	return Sealed{Target: target, keys: ks, ad: sc.v.recordAD(op, id), payload: op.Payload}, true, nil
}

// accessEpoch changes whenever a roster changes (an op applied to one, a
// roster restored) and at every login and lock: what CanRead answers can
// only change with it.
var accessEpoch atomic.Uint64

// ReadableClients returns the clients the logged-in user may read now
// (none when locked) with the AccessEpoch it holds for: the search box
// asks about thousands of clients per keystroke, and keeps this answer
// until the epoch moves rather than asking CanRead each time.
func (v *Vault) ReadableClients() (map[string]bool, uint64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	epoch := accessEpoch.Load()
	out := map[string]bool{}
	if v.sess == nil {
		return out, epoch
	}
	for c := range v.r.st.Clients {
		if v.decide(access.ClientRead, c, "") == nil {
			out[c] = true
		}
	}
	return out, epoch
}

// AccessEpoch returns a number that changes whenever what CanRead and
// ReadableClients answer may have changed.
func (v *Vault) AccessEpoch() uint64 { return accessEpoch.Load() }

// CanRead reports whether the logged-in user may read the client's file
// (false when locked). The search index asks it per client, so results
// follow rights withdrawn since the index was built.
func (v *Vault) CanRead(client string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.sess != nil && v.decide(access.ClientRead, client, "") == nil
}

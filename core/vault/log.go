package vault

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/seal"
)

// The access log in the vault (see core/audit): entries are ops sealed with
// a per-session key that is wrapped to the log's readers, so whoever writes
// cannot read others' entries; every op this device writes extends its
// running chain hash, and checkpoints sign it.

// logSession is the entry key of the current writer on this PC (a user's
// session, or the locked screen's anonymous one).
type logSession struct {
	op   string // id of its log.session op
	user string // "" for the anonymous session
	key  seal.Key
}

// sessionRecord is the payload of audit.KindSession.
type sessionRecord struct {
	Wrapped []byte `json:"wrapped"` // the entry key, age-wrapped to the 責任者 and the recovery key
}

const auditScope = "audit"

func logAD(vault, session, version string) seal.AD {
	return seal.AD{Vault: vault, Kind: "log", ID: session, Scope: auditScope, Version: version}
}

// Log appends e to the access log (e's Time, User, Device and Op come from
// the op). It works while locked: a failed login is logged unsigned, and
// the next checkpoint signed on this PC vouches for it.
func (v *Vault) Log(e audit.Entry) error {
	plain, err := e.MarshalBinary()
	if err != nil {
		return fmt.Errorf("%w: log entry", ErrInvalidOp)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.flushLogLocked() // in order
	err = v.update(func(tx *bolt.Tx) error { return v.logTx(tx, plain) })
	if err != nil {
		v.logSess = nil // its session op may not have been written
	}
	return err
}

// LogFlushDelay is how long LogLater keeps entries before writing them.
const LogFlushDelay = 50 * time.Millisecond

// LogLater queues e and returns at once: queued entries are written
// together in one transaction within LogFlushDelay, and before anything
// else that needs them in order — a Log, a lock, a login, a sync, a read of
// the log, a close. For entries that gate nothing (opening a file, an
// edit): a crash may lose the last LogFlushDelay of them, which costs the
// operation nothing. Entries that hand out personal data use Log, which
// returns only once the entry is on disk.
func (v *Vault) LogLater(e audit.Entry) error {
	plain, err := e.MarshalBinary()
	if err != nil {
		return fmt.Errorf("%w: log entry", ErrInvalidOp)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.logQ = append(v.logQ, plain)
	if v.logTimer == nil {
		v.logTimer = time.AfterFunc(LogFlushDelay, func() {
			v.mu.Lock()
			defer v.mu.Unlock()
			v.flushLogLocked()
		})
	}
	return nil
}

// flushLogLocked writes the queued entries in one transaction. On failure
// (a full disk) they stay queued for the next flush. Called with v.mu held.
func (v *Vault) flushLogLocked() error {
	if v.logTimer != nil {
		v.logTimer.Stop()
		v.logTimer = nil
	}
	if len(v.logQ) == 0 || v.db == nil {
		return nil
	}
	q := v.logQ
	v.logQ = nil
	err := v.update(func(tx *bolt.Tx) error {
		for _, p := range q {
			if err := v.logTx(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		v.logSess = nil
		v.logQ = append(q, v.logQ...)
	}
	return err
}

func (v *Vault) logTx(tx *bolt.Tx, plain []byte) error {
	s, err := v.logSession(tx)
	if err != nil {
		return err
	}
	op := v.newOp(tx, audit.KindEntry, s.op)
	op.Scope = auditScope
	if op.Payload, err = seal.Seal(&s.key, logAD(v.id, s.op, op.ID()), plain); err != nil {
		return err
	}
	return v.emit(tx, op)
}

// logSession returns the writer's session, starting one (a log.session op)
// when the user changed.
func (v *Vault) logSession(tx *bolt.Tx) (*logSession, error) {
	user := ""
	if v.sess != nil {
		user = v.sess.user
	}
	if v.logSess != nil && v.logSess.user == user {
		return v.logSess, nil
	}
	k, err := seal.NewKey()
	if err != nil {
		return nil, err
	}
	var wrapped []byte
	if n := len(v.r.logKeys); n > 0 {
		// The newest log key (and the recovery key): whoever holds the
		// audit scope key, now or later, can read it.
		lk, err := age.ParseX25519Recipient(v.r.logKeys[n-1].Recipient)
		if err != nil {
			return nil, fmt.Errorf("%w: log key", ErrCorruptReplica)
		}
		rec, err := v.recoveryRecipient()
		if err != nil {
			return nil, err
		}
		wrapped, err = keys.WrapScopeKey(k, lk, rec)
		if err != nil {
			return nil, err
		}
	} else if wrapped, err = v.wrapFor(v.r, v.r.st, auditScope, k); err != nil {
		return nil, err // a vault from before log keys: to today's readers
	}
	op := v.newOp(tx, audit.KindSession, "")
	op.Scope = auditScope
	if op.Payload, err = json.Marshal(sessionRecord{Wrapped: wrapped}); err != nil {
		return nil, err
	}
	if err := v.emit(tx, op); err != nil {
		return nil, err
	}
	v.logSess = &logSession{op: op.ID(), user: user, key: k}
	return v.logSess, nil
}

// newLogKey publishes the access log's key pair for audit scope epoch,
// its identity sealed under that epoch's scope key k.
func (v *Vault) newLogKey(tx *bolt.Tx, k *seal.Key, epoch uint32) error {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	rec := id.Recipient().String()
	sealed, err := seal.Seal(k, logKeyAD(v.id, rec, epoch), []byte(id.String()))
	if err != nil {
		return err
	}
	return v.control(tx, KindLogKey, auditScope, logKeyRecord{Epoch: epoch, Recipient: rec, Sealed: sealed})
}

func logKeyAD(vault, recipient string, epoch uint32) seal.AD {
	return seal.AD{Vault: vault, Kind: "logkey", ID: recipient, Scope: auditScope, Epoch: epoch}
}

// logIdentities opens every log key the session's audit scope keys can,
// and adds the user's own identity (sessions of vaults from before log
// keys were wrapped to their readers directly). Called with v.mu held.
func (v *Vault) logIdentities() ([]age.Identity, error) {
	ids := v.sess.keys.Identities()
	err := v.db.View(func(tx *bolt.Tx) error {
		for _, lk := range v.r.logKeys {
			ks, err := v.scopeKeys(tx, auditScope, lk.Epoch)
			if errors.Is(err, ErrNoAccess) {
				continue
			}
			if err != nil {
				return err
			}
			for i := range ks {
				plain, err := seal.Open(&ks[i], logKeyAD(v.id, lk.Recipient, lk.Epoch), lk.Sealed)
				if err != nil {
					continue
				}
				id, err := age.ParseX25519Identity(string(plain))
				clear(plain)
				if err == nil {
					ids = append(ids, id)
				}
				break
			}
		}
		return nil
	})
	v.persistCache()
	return ids, err
}

// chainAfter folds op, just emitted by this device, into the device's
// running chain hash and writes a checkpoint every audit.CheckpointEvery
// ops while someone is logged in to sign it.
func (v *Vault) chainAfter(tx *bolt.Tx, op *journal.Op) error {
	m := tx.Bucket(bMeta)
	var h audit.Hash
	copy(h[:], m.Get([]byte(mChain)))
	h, err := h.Next(op)
	if err != nil {
		return err
	}
	if err := m.Put([]byte(mChain), h[:]); err != nil {
		return err
	}
	since := u64(m.Get([]byte(mSinceCP))) + 1
	if op.Kind == audit.KindCheckpoint {
		since = 0
	}
	if err := m.Put([]byte(mSinceCP), be64(since)); err != nil {
		return err
	}
	if since >= audit.CheckpointEvery && v.sess != nil && !v.holdCheckpoint {
		return v.checkpoint(tx, audit.ReasonInterval)
	}
	return nil
}

// ensureChain computes this device's running chain hash for a replica
// written before the access log existed, from the device's own ops.
func (v *Vault) ensureChain(tx *bolt.Tx) error {
	m := tx.Bucket(bMeta)
	seq := u64(m.Get([]byte(mSeq)))
	if m.Get([]byte(mChain)) != nil || seq == 0 {
		return nil
	}
	var h audit.Hash
	for s := uint64(1); s <= seq; s++ {
		op, err := v.opByID(tx, v.device+"."+strconv.FormatUint(s, 10))
		if err != nil {
			return err
		}
		if h, err = h.Next(op); err != nil {
			return err
		}
	}
	if err := m.Put([]byte(mSinceCP), be64(seq)); err != nil {
		return err
	}
	return m.Put([]byte(mChain), h[:])
}

// checkpoint signs the device's chain hash over every op written so far,
// with the newest checkpoint seen of each other device. Needs a session.
func (v *Vault) checkpoint(tx *bolt.Tx, reason string) error {
	m := tx.Bucket(bMeta)
	cp := audit.Checkpoint{Seq: u64(m.Get([]byte(mSeq))), Reason: reason}
	copy(cp.Chain[:], m.Get([]byte(mChain)))
	err := tx.Bucket(bWitness).ForEach(func(k, val []byte) error {
		if string(k) == v.device {
			return nil
		}
		var w audit.Witness
		if err := json.Unmarshal(val, &w); err != nil {
			return ErrCorruptReplica
		}
		cp.Witnesses = append(cp.Witnesses, w)
		return nil
	})
	if err != nil {
		return err
	}
	op := v.newOp(tx, audit.KindCheckpoint, "")
	if op.Payload, err = json.Marshal(cp); err != nil {
		return err
	}
	return v.emit(tx, op)
}

// closeLog checkpoints what the session wrote (and what was logged while
// locked before it) when it ends. Called with v.mu held.
func (v *Vault) closeLog(reason string) {
	if v.sess == nil {
		return
	}
	v.update(func(tx *bolt.Tx) error {
		if u64(tx.Bucket(bMeta).Get([]byte(mSinceCP))) == 0 {
			return nil
		}
		return v.checkpoint(tx, reason)
	})
}

// indexLogOp files a stored log op: every log op is listed in bAudit for
// the viewer; a checkpoint whose signature verifies — under its author's
// key at its position, r — is marked in bVerified with that key, which
// spares the log reader the check, and becomes the witness this device
// will report of its writer.
func indexLogOp(tx *bolt.Tx, r *roster, op *journal.Op, p []byte) error {
	ab := tx.Bucket(bAudit)
	if k, _ := ab.Cursor().Seek(p); !bytes.Equal(k, p) { // a rebuild evaluates ops again
		if err := ab.Put(p, []byte{}); err != nil {
			return err
		}
		seqB := tx.Bucket(bAuditSeq)
		n, err := seqB.NextSequence()
		if err != nil {
			return err
		}
		if err := seqB.Put(be64(n), p); err != nil {
			return err
		}
	}
	if op.Kind != audit.KindCheckpoint || r == nil {
		return nil
	}
	// Checked once per verifying key, as evaluate does: the key its author
	// had at its position (r).
	id := []byte(op.ID())
	verified := tx.Bucket(bVerified)
	if key := r.verify[op.Author]; key == nil || !bytes.Equal(verified.Get(id), key) {
		if key == nil || r.verifyOp(op) != "" {
			return nil
		}
		if err := verified.Put(id, key); err != nil {
			return err
		}
	}
	cp, err := audit.DecodeCheckpoint(op.Payload)
	if err != nil {
		return nil // the log verifier reports it
	}
	wb := tx.Bucket(bWitness)
	var old audit.Witness
	if b := wb.Get([]byte(op.Device)); b != nil && json.Unmarshal(b, &old) == nil && old.Seq >= op.Seq {
		return nil
	}
	b, err := json.Marshal(audit.Witness{Device: op.Device, Seq: op.Seq, Chain: cp.Chain, Covers: cp.Seq})
	if err != nil {
		return err
	}
	return wb.Put([]byte(op.Device), b)
}

// LogStats says what a log read delivered and what it could not open.
type LogStats struct {
	Entries    int `json:"entries"`
	Unreadable int `json:"unreadable"` // sealed to keys this user cannot open
	// Settled are entries delivered earlier (by this read or an earlier
	// one) as pending whose checkpoint has now arrived, with their trust:
	// give them to the index (audit.Index.Settle), also when the read
	// returned an error.
	Settled []audit.Settled `json:"-"`
}

// LogReader reads the access log for one reader, incrementally: each Read
// delivers the entries that arrived since the previous one (in the order
// they arrived, so another PC's older entries come after this PC's newer
// ones). It holds the session keys it opened until Close, and follows
// every device's chain (an audit.TrustChain each) to tell each entry's
// trust.
type LogReader struct {
	v        *Vault
	ids      []age.Identity
	sessions map[string]*seal.Key
	next     uint64 // the next receive number to read
	chains   map[string]*audit.TrustChain
}

// LogReader starts reading the access log, for those who may read it
// (access.ReadAudit).
func (v *Vault) LogReader() (*LogReader, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.flushLogLocked()
	if v.sess == nil {
		return nil, ErrLocked
	}
	if err := v.decide(access.ReadAudit, "", ""); err != nil {
		return nil, err
	}
	ids, err := v.logIdentities()
	if err != nil {
		return nil, err
	}
	return &LogReader{v: v, ids: ids, sessions: map[string]*seal.Key{}, next: 1, chains: map[string]*audit.TrustChain{}}, nil
}

// Close forgets the session keys the reader opened.
func (r *LogReader) Close() {
	for _, k := range r.sessions {
		if k != nil {
			clear(k[:])
		}
	}
	clear(r.sessions)
}

// Pending is how many log ops (entries, sessions, checkpoints) arrived
// since the last Read: what the next Read goes through, for its progress.
func (r *LogReader) Pending() int {
	n := 0
	r.v.db.View(func(tx *bolt.Tx) error {
		// Receive numbers are the bucket's sequence: dense, from 1.
		if k, _ := tx.Bucket(bAuditSeq).Cursor().Last(); k != nil {
			n = max(int(u64(k))-max(int(r.next), 1)+1, 0)
		}
		return nil
	})
	return n
}

// logReadChunk is how many log ops Read follows through their chains
// before it delivers their entries: an entry whose checkpoint comes within
// the chunk is delivered with its final trust, so only the entries near a
// chunk's end need settling later.
const logReadChunk = 8192

// Read calls fn with every entry that arrived since the last Read, with
// its Trust as far as the replica's checkpoints tell; the returned
// LogStats.Settled updates entries delivered as pending before their
// checkpoint arrived. The vault is not held while fn runs, so a long read
// does not stop the window.
//
// Trust costs no signature check per entry: every op of each device is
// folded into its chain hash (the stored encoding, and the device's
// other ops fetched by id), and a checkpoint is valid when its signature
// was verified on import (bVerified, under its author's key then) or
// verifies now, and it states that hash. Only entries in a span another
// user signed are checked on their own signatures.
func (r *LogReader) Read(fn func(e *audit.Entry) error) (LogStats, error) {
	var st LogStats
	v := r.v
	v.mu.Lock()
	v.flushLogLocked()
	keys := opKeys(maps.Clone(v.r.signKeys))
	v.mu.Unlock()
	err := v.db.View(func(tx *bolt.Tx) error {
		t := &trustReader{ids: tx.Bucket(bIDs), log: tx.Bucket(bLog), verified: tx.Bucket(bVerified), keys: keys, chains: r.chains}
		c := tx.Bucket(bAuditSeq).Cursor()
		type item struct {
			n  uint64 // receive number
			op *journal.Op
		}
		var chunk []item
		var e audit.Entry // reused: fn may not keep it
		closed := map[string]bool{}
		k, p := c.Seek(be64(r.next))
		for k != nil {
			// Follow a chunk of log ops through their devices' chains,
			// then settle what their checkpoints cover and deliver them.
			chunk = chunk[:0]
			clear(closed)
			for ; k != nil && len(chunk) < logReadChunk; k, p = c.Next() {
				raw := t.log.Get(p)
				op, err := decodeOp(raw)
				if err != nil {
					return err
				}
				if t.follow(op, raw) {
					closed[op.Device] = true
				}
				chunk = append(chunk, item{u64(k), op})
			}
			for d := range closed {
				t.chain(d).Settle(t.ownSeq(d), func(s audit.Settled) { st.Settled = append(st.Settled, s) })
			}
			for _, it := range chunk {
				r.next = it.n + 1
				if err := r.deliver(tx, t, it.op, &e, &st, fn); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return st, err
}

// deliver opens one log op: a session's key, or an entry for fn, in e.
func (r *LogReader) deliver(tx *bolt.Tx, t *trustReader, op *journal.Op, e *audit.Entry, st *LogStats, fn func(e *audit.Entry) error) error {
	switch op.Kind {
	case audit.KindSession:
		r.session(op)
		return nil
	case audit.KindEntry:
	default:
		return nil
	}
	v := r.v
	key, seen := r.sessions[op.Target]
	if !seen {
		// Its session arrived in an earlier read: it is found in the log
		// by id.
		if sop, err := v.opByID(tx, op.Target); err == nil && sop.Kind == audit.KindSession {
			key = r.session(sop)
		}
	}
	if key == nil {
		st.Unreadable++
		return nil
	}
	plain, err := seal.Open(key, logAD(v.id, op.Target, op.ID()), op.Payload)
	if err != nil {
		st.Unreadable++
		return nil
	}
	*e = audit.Entry{Time: op.Time.Wall, User: op.Author, Device: op.Device, Op: op.ID()}
	err = e.UnmarshalBinary(plain)
	clear(plain)
	if err != nil {
		st.Unreadable++
		return nil
	}
	ch := t.chain(op.Device)
	var final bool
	e.Trust, final = ch.Trust(op.Seq, op.Author, func() bool { return t.keys.signed(op) })
	if !final {
		ch.Wait(e.Time, op.Seq, op.Author, e.Trust)
	}
	st.Entries++
	return fn(e)
}

// opKeys are every user's signing keys by position (roster.signKeys), a
// copy a reader uses without v.mu: an op is judged by the key its author
// had at its position (keys change with passwords), as VerifyLog does.
type opKeys map[string][]keyAt

// signed checks op's own signature.
func (k opKeys) signed(op *journal.Op) bool {
	pub := keyAtPos(k[op.Author], pos(op))
	return pub != nil && len(op.Sig) > 0 && seal.Verify(pub, signDomain, op.SigningBytes(), op.Sig) == nil
}

// trustReader follows devices' chains for a LogReader inside one read
// transaction.
type trustReader struct {
	ids, log, verified *bolt.Bucket
	keys               opKeys
	chains             map[string]*audit.TrustChain
}

func (t *trustReader) chain(device string) *audit.TrustChain {
	c := t.chains[device]
	if c == nil {
		c = audit.NewTrustChain(device)
		t.chains[device] = c
	}
	return c
}

// follow folds a log op, and the ops of its device before it not yet
// folded (the device's other ops, which the log index does not list),
// into the device's chain, and reports whether a checkpoint closed a span.
// An op that arrives after a later one of its device (its time is
// earlier) was folded already.
func (t *trustReader) follow(op *journal.Op, raw []byte) bool {
	c := t.chain(op.Device)
	closed := false
	for c.Next() < op.Seq {
		id := op.Device + "." + strconv.FormatUint(c.Next(), 10)
		p := t.ids.Get([]byte(id))
		if p == nil {
			c.Break()
			continue
		}
		b := t.log.Get(p)
		o, err := decodeOp(b)
		if err != nil {
			c.Break()
			continue
		}
		closed = c.Fold(o, b, t.checkpointSigned) || closed
	}
	if c.Next() == op.Seq {
		closed = c.Fold(op, raw, t.checkpointSigned) || closed
	}
	return closed
}

// checkpointSigned: the checkpoint's signature verifies under its
// author's key at its position — checked on import already when bVerified
// names that key (indexLogOp), else now.
func (t *trustReader) checkpointSigned(op *journal.Op) bool {
	if pub := keyAtPos(t.keys[op.Author], pos(op)); pub != nil && bytes.Equal(t.verified.Get([]byte(op.ID())), pub) {
		return true
	}
	return t.keys.signed(op)
}

// ownSeq checks the own signature of device's op numbered seq.
func (t *trustReader) ownSeq(device string) func(seq uint64) bool {
	return func(seq uint64) bool {
		p := t.ids.Get([]byte(device + "." + strconv.FormatUint(seq, 10)))
		if p == nil {
			return false
		}
		op, err := decodeOp(t.log.Get(p))
		return err == nil && t.keys.signed(op)
	}
}

// session opens a log.session op's key (nil when this reader cannot).
func (r *LogReader) session(op *journal.Op) *seal.Key {
	if k, ok := r.sessions[op.ID()]; ok {
		return k
	}
	var key *seal.Key
	if rec, err := decode[sessionRecord](op.Payload); err == nil {
		if k, err := keys.UnwrapScopeKey(rec.Wrapped, r.ids...); err == nil {
			key = &k
		}
	}
	r.sessions[op.ID()] = key
	return key
}

// LogEntries calls fn with every access-log entry in this replica, in the
// order they arrived (a LogReader read once): entries delivered as pending
// whose checkpoint came later in the read are in LogStats.Settled.
func (v *Vault) LogEntries(fn func(e *audit.Entry) error) (LogStats, error) {
	r, err := v.LogReader()
	if err != nil {
		return LogStats{}, err
	}
	defer r.Close()
	return r.Read(fn)
}

// Devices lists the installations that have written to the vault (the
// log's "from where": PC name and OS user).
func (v *Vault) Devices() []Device {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]Device, 0, len(v.r.devices))
	for _, d := range v.r.devices {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Device) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}

// VerifyLog checks the access log — in fact every op — in the vault folder
// as audit.Verify does (an audit.DeviceCheck per device as its segments
// are read, then audit.Combine): chains, checkpoints and their signatures,
// witnesses, and what this PC has already imported (a folder rolled back
// to an older copy). For those who may read the log. Progress: stage
// "read" counts the segment files checked out of all of them, then
// "verify" the comparison across devices; a cancel is seen after the file
// being checked. Errors: ErrLocked, the access error,
// journal.ErrUnavailable, ctx's error.
func (v *Vault) VerifyLog(ctx context.Context, rep progress.Reporter) (*audit.Report, error) {
	return v.VerifyLogWith(ctx, rep, nil)
}

// VerifyLogWith is VerifyLog with checkpoints seen outside the folder
// (audit.Options.External: the witnesses backups stored, by backup).
func (v *Vault) VerifyLogWith(ctx context.Context, rep progress.Reporter, external map[string][]audit.Witness) (*audit.Report, error) {
	rep = progress.OrNoop(rep)
	v.mu.Lock()
	if v.sess == nil {
		v.mu.Unlock()
		return nil, ErrLocked
	}
	if err := v.decide(access.ReadAudit, "", ""); err != nil {
		v.mu.Unlock()
		return nil, err
	}
	// Every key each user signed with, by position: a checkpoint is judged
	// by the key its author had when it was written (keys change with
	// passwords).
	signKeys := maps.Clone(v.r.signKeys)
	folder := v.folder
	v.mu.Unlock()
	if folder == nil {
		return nil, journal.ErrUnavailable
	}
	known := map[string]uint64{}
	err := v.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bCursors).ForEach(func(k, val []byte) error {
			var c cursor
			if json.Unmarshal(val, &c) == nil {
				known[string(k)] = c.Seq
			}
			return nil
		})
		if err != nil {
			return err
		}
		// This device: what it has written to the folder.
		seq := u64(tx.Bucket(bMeta).Get([]byte(mSeq)))
		if k, _ := tx.Bucket(bOutbox).Cursor().First(); k != nil {
			seq = u64(k) - 1
		}
		known[v.device] = seq
		return nil
	})
	if err != nil {
		return nil, err
	}
	devices, err := folder.Devices()
	if err != nil {
		return nil, err
	}
	opt := audit.Options{
		Signed: func(op *journal.Op) bool {
			pub := keyAtPos(signKeys[op.Author], pos(op))
			return pub != nil && seal.Verify(pub, signDomain, op.SigningBytes(), op.Sig) == nil
		},
		Known:    known,
		External: external,
	}
	// Each device is checked as its segments are read, so that a million
	// entries need the memory of one segment rather than all of them, and
	// devices are read in parallel, one per core: decoding and hashing are
	// most of the work. Progress counts segment files; a cancel is seen
	// after the segment being read.
	total := 0
	for _, d := range devices {
		nums, err := folder.Segments(d)
		if err != nil {
			return nil, err
		}
		total += len(nums)
	}
	var (
		wg    sync.WaitGroup
		repMu sync.Mutex
		read  int64
		sem   = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	rep.Report(progress.Update{Stage: "read", Done: 0, Total: int64(total)})
	segmentRead := func() {
		repMu.Lock()
		read++
		rep.Report(progress.Update{Stage: "read", Done: min(read, int64(total)), Total: int64(total)})
		repMu.Unlock()
	}
	checks := make([]*audit.DeviceCheck, len(devices))
	errs := make([]error, len(devices))
	for i, d := range devices {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if errs[i] = ctx.Err(); errs[i] == nil {
				checks[i], errs[i] = checkDevice(ctx, folder, d, opt, segmentRead)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	rep.Report(progress.Update{Stage: "verify", Done: 0, Total: 1})
	r := audit.Combine(checks, opt)
	rep.Report(progress.Update{Stage: "verify", Done: 1, Total: 1})
	return r, nil
}

// checkDevice reads one device's chain from the folder for VerifyLog and
// checks it segment by segment, calling done after each. The segments are
// decoded into memory reused from one to the next (ScanChain), and each
// op is folded into the chain hash as the file holds it. A segment's
// checkpoint signatures, which need nothing of the chain, are checked side
// by side before its ops are added in order, so that cores to spare take
// them off the chain's path; the device check asks for their outcome.
func checkDevice(ctx context.Context, folder *journal.Folder, d string, opt audit.Options, done func()) (*audit.DeviceCheck, error) {
	signed := map[*journal.Op]bool{}
	devOpt := opt
	devOpt.Signed = func(op *journal.Op) bool {
		if ok, found := signed[op]; found {
			return ok
		}
		return opt.Signed(op)
	}
	c := audit.NewDeviceCheck(d, devOpt)
	var outcome []bool
	err := folder.ScanChain(d, 0, [32]byte{}, 0, func(s *journal.Segment, enc [][]byte, _ [32]byte) error {
		clear(signed)
		outcome = slices.Grow(outcome[:0], len(s.Ops))[:len(s.Ops)]
		var wg sync.WaitGroup
		for i, op := range s.Ops {
			if op.Kind == audit.KindCheckpoint && len(op.Sig) > 0 {
				wg.Go(func() { outcome[i] = opt.Signed(op) })
			}
		}
		wg.Wait()
		for i, op := range s.Ops {
			if op.Kind == audit.KindCheckpoint && len(op.Sig) > 0 {
				signed[op] = outcome[i]
			}
		}
		for i, op := range s.Ops {
			c.AddEncoded(op, enc[i])
		}
		done()
		return ctx.Err()
	})
	var broken *journal.ChainError
	switch {
	case errors.As(err, &broken):
		lastFile := false
		if nums, lerr := folder.Segments(d); lerr == nil && len(nums) > 0 {
			lastFile = nums[len(nums)-1] == broken.Number
		}
		c.End(broken, lastFile)
	case err != nil:
		return nil, err
	default:
		c.End(nil, false)
	}
	return c, nil
}

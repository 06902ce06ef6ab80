package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/progress"
)

// Ops per segment at most; a flush of a longer outbox writes several.
const segmentOps = 1000

// cursor is how far this replica has read one device's chain.
type cursor struct {
	Segment uint64   `json:"segment"`
	Hash    [32]byte `json:"hash"`
	Seq     uint64   `json:"seq"`
	// Dep is the newest seq local ops name in their causal past (Deps):
	// Seq, unless an op of the device was dated more than a day ahead of
	// this PC's clock, which then stops at the op before it.
	Dep uint64 `json:"dep,omitempty"`
}

// syncState is the outcome of the last Sync, kept in memory for Status.
type syncState struct {
	reachable bool
	lastErr   error
	broken    map[string]*journal.ChainError
	resealed  int // records re-sealed under a current key since the vault was opened (stale.go)
	// restore.go: the folder repairFolder last checked once, and what this
	// PC put back into an older copy of the folder since the vault was opened.
	checked       *journal.Folder
	blobsDue      bool // restoreBlobs is to run after this sync's import
	restored      int  // own segments
	restoredBlobs int
	unrestorable  int // own segments missing from the folder that could not be rebuilt
}

// SyncResult says what one Sync did.
type SyncResult struct {
	Written     int  `json:"written"`     // local ops written to the vault folder
	Imported    int  `json:"imported"`    // ops received from other devices
	Quarantined int  `json:"quarantined"` // of those, rejected
	Rebuilt     bool `json:"rebuilt"`     // late ops made the replica replay everything
	Erased      bool `json:"erased"`      // an erasure arrived: the replica was compacted
	// Resealed counts records another PC sealed under a key it did not
	// know was replaced, written again here under the current key (stale.go).
	Resealed int `json:"resealed"`
	// Restored counts this PC's segments (holding RestoredOps ops) that the
	// vault folder had lost, put back (restore.go): an older copy of the
	// folder was put in place. RestoredBlobs counts blob files put back.
	Restored      int `json:"restored"`
	RestoredOps   int `json:"restoredOps"`
	RestoredBlobs int `json:"restoredBlobs"`
	// Changed lists, once each and sorted, the record targets the import
	// gave new versions (their heads may have changed) and the scopes it
	// brought a key epoch of (what the user can open may have grown or
	// shrunk): what a search index built before the sync must read again.
	// An import of access-log entries only leaves it empty. It is nil, and
	// anything may have changed, when Rebuilt or Erased.
	Changed []string `json:"changed,omitempty"`

	targets map[string]bool // records the import touched, and scopes it brought a key of
}

// Sync writes the outbox to the vault folder and imports other devices'
// new segments. It is called on a timer (the journal folder is polled;
// fsnotify is only a hint) and after local edits. With the folder gone it
// returns journal.ErrUnavailable and loses nothing: the outbox waits.
// A broken chain of one device (a segment missing, altered, replayed or
// reordered) stops the import of that device at the last good segment and
// is reported by Status; the other devices still import.
func (v *Vault) Sync(rep progress.Reporter) (SyncResult, error) {
	return v.SyncContext(context.Background(), rep)
}

// SyncContext is Sync that stops importing when ctx is done, between two
// import transactions: what was imported stays, the next sync carries on.
func (v *Vault) SyncContext(ctx context.Context, rep progress.Reporter) (SyncResult, error) {
	importRep := rep // nil: no progress, and no count of segments to read
	rep = progress.OrNoop(rep)
	v.mu.Lock()
	defer v.mu.Unlock()
	var res SyncResult
	v.flushLogLocked()
	if !v.connect() {
		v.syncState(false, journal.ErrUnavailable)
		return res, journal.ErrUnavailable
	}
	if err := v.repairFolder(&res); err != nil {
		v.disconnectOn(err)
		return res, err
	}
	if err := v.syncBlobs(); err != nil {
		v.disconnectOn(err)
		return res, err
	}
	n, err := v.flush()
	res.Written = n
	if err != nil {
		v.disconnectOn(err)
		return res, err
	}
	if n > 0 {
		v.packOwn()
	}
	err = v.importAll(ctx, importRep, &res)
	if err != nil {
		v.disconnectOn(err)
		return res, err
	}
	if err := v.restoreBlobsDue(&res); err != nil {
		v.disconnectOn(err)
		return res, err
	}
	if res.Resealed, err = v.resealStale(res.targets); err != nil {
		return res, err
	}
	if res.Resealed > 0 {
		v.syncSt.resealed += res.Resealed
		if err := v.syncBlobs(); err != nil { // a re-sealed record's new blobs go first
			v.disconnectOn(err)
			return res, err
		}
		if _, err := v.flush(); err != nil {
			v.disconnectOn(err)
			return res, err
		}
	}
	if res.Erased {
		// Freed pages must not keep the erased ciphertext.
		if err := v.compactLocked(); err != nil {
			return res, err
		}
	}
	if res.Rebuilt || res.Erased {
		res.Changed = nil
	} else {
		slices.Sort(res.Changed)
		res.Changed = slices.Compact(res.Changed)
	}
	v.syncState(true, nil)
	v.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put([]byte(mLastSync), be64(uint64(v.opt.now().UnixMilli())))
	})
	return res, nil
}

func (v *Vault) syncState(reachable bool, err error) {
	v.syncSt.reachable, v.syncSt.lastErr = reachable, err
}

func (v *Vault) disconnectOn(err error) {
	if errors.Is(err, journal.ErrUnavailable) || errors.Is(err, journal.ErrDiskFull) {
		v.folder = nil
	}
	v.syncState(v.folder != nil, err)
}

// flush writes outbox ops as segments signed with the device key. A file
// already at the next segment number is handled by adoptSegment: our own
// segment from before a crash is adopted, a file that is not ours is set
// aside, so nobody can stop this PC's sync by writing into its folder.
func (v *Vault) flush() (int, error) {
	written := 0
	for {
		var seg journal.Segment
		var seqs [][]byte
		err := v.db.View(func(tx *bolt.Tx) error {
			m := tx.Bucket(bMeta)
			seg = journal.Segment{Vault: v.id, Device: v.device, Number: u64(m.Get([]byte(mSegment))) + 1}
			copy(seg.Prev[:], m.Get([]byte(mSegHash)))
			c := tx.Bucket(bOutbox).Cursor()
			for k, id := c.First(); k != nil && len(seg.Ops) < segmentOps; k, id = c.Next() {
				op, err := v.opByID(tx, string(id))
				if err != nil {
					return err
				}
				seg.Ops = append(seg.Ops, op)
				seqs = append(seqs, append([]byte(nil), k...))
			}
			seg.Continues = len(seqs) > 0 && segmentContinues(tx, seqs[len(seqs)-1])
			return nil
		})
		if err != nil || len(seg.Ops) == 0 {
			return written, err
		}
		if err := beforeSegment(v.device, seg.Number); err != nil {
			return written, err
		}
		if err := seg.Sign(v.devKey); err != nil {
			return written, err
		}
		hash, err := v.folder.WriteSegment(&seg)
		if errors.Is(err, journal.ErrSegmentExists) {
			hash, err = v.adoptSegment(&seg)
		}
		if err != nil {
			return written, err
		}
		seqs = seqs[:len(seg.Ops)] // an adopted segment may hold fewer
		err = v.db.Update(func(tx *bolt.Tx) error {
			m, out := tx.Bucket(bMeta), tx.Bucket(bOutbox)
			for _, k := range seqs {
				if err := out.Delete(k); err != nil {
					return err
				}
			}
			if err := dropBatchMarks(tx, seqs); err != nil {
				return err
			}
			if err := m.Put([]byte(mSegment), be64(seg.Number)); err != nil {
				return err
			}
			if err := recordOwnSegment(tx, &seg, hash); err != nil {
				return err
			}
			return m.Put([]byte(mSegHash), hash[:])
		})
		if err != nil {
			return written, err
		}
		written += len(seg.Ops)
	}
}

// adoptSegment deals with a file found at our next segment number, which
// WriteSegment refused to replace:
//
//   - our own segment (signed by our device key, naming this vault, device
//     and number) holding a prefix of the ops we were about to write: we
//     crashed after writing it; it is adopted and the outbox trimmed;
//   - a file that is not ours (it does not decode, is not signed by our
//     key, or names another vault, device or number): someone else wrote
//     it into our folder. It is set aside (journal.Folder.Quarantine: kept
//     under a name readers ignore, reported by Verify) and our segment is
//     written in its place, so the chain and this PC's sync carry on;
//   - our own signature over other content: two writers share this
//     device's key (a copied or restored replica). Writing on would fork
//     the chain, so the flush stops with ErrSegmentExists.
//
// A file that cannot be read (the share is gone) is an I/O error: nothing
// is set aside.
func (v *Vault) adoptSegment(seg *journal.Segment) ([32]byte, error) {
	for range 3 { // someone may write a new file between our moves
		got, hash, err := v.folder.ReadSegment(v.device, seg.Number)
		switch {
		case errors.Is(err, journal.ErrMissing):
			// Gone since WriteSegment looked: write ours.
		case errors.Is(err, journal.ErrCorrupt), errors.Is(err, journal.ErrFormat), errors.Is(err, journal.ErrForeign),
			err == nil && (got.Device != v.device || got.Vault != v.id || got.Number != seg.Number):
			if qerr := v.folder.Quarantine(v.device, seg.Number); qerr != nil && !errors.Is(qerr, journal.ErrMissing) {
				return [32]byte{}, qerr
			}
		case err != nil:
			return hash, err
		default:
			return hash, adopt(seg, got)
		}
		hash, err = v.folder.WriteSegment(seg)
		if !errors.Is(err, journal.ErrSegmentExists) {
			return hash, err
		}
	}
	return [32]byte{}, fmt.Errorf("%w: segment %d of this device keeps being taken", journal.ErrSegmentExists, seg.Number)
}

// adopt accepts got, our own segment at seg's number, if it holds a prefix
// of seg's ops (the same ids and signatures) after the same Prev, and
// trims seg to it.
func adopt(seg, got *journal.Segment) error {
	if got.Prev != seg.Prev || len(got.Ops) == 0 || len(got.Ops) > len(seg.Ops) {
		return fmt.Errorf("%w: segment %d of this device exists with other content", journal.ErrSegmentExists, seg.Number)
	}
	for i, op := range got.Ops {
		if op.ID() != seg.Ops[i].ID() || string(op.Sig) != string(seg.Ops[i].Sig) {
			return fmt.Errorf("%w: segment %d of this device exists with other content", journal.ErrSegmentExists, seg.Number)
		}
	}
	seg.Ops, seg.Continues = got.Ops, got.Continues
	return nil
}

// importAll reads every other device's new segments and applies their ops
// up to the end of the last whole batch (completeBatches). A device's chain
// is streamed (journal.Folder.WalkChain) and applied in bounded
// transactions of about importChunkOps ops, each ending at a segment that
// ends a batch and advancing the device's cursor in the same transaction:
// a join of a big vault holds a few chunks in memory, not the whole chain,
// bbolt's nodes stay small, and a join cut short (killed, cancelled) has
// imported whole chunks that the next sync or join carries on from. The
// op signatures of the next chunk are checked on every core while one
// chunk is written (preverify.go). ctx is checked between chunks.
func (v *Vault) importAll(ctx context.Context, rep progress.Reporter, res *SyncResult) error {
	counting := rep != nil
	rep = progress.OrNoop(rep)
	devices, err := v.folder.Devices()
	if err != nil {
		return err
	}
	devices = slices.DeleteFunc(devices, func(d string) bool { return d == v.device })
	v.syncSt.broken = map[string]*journal.ChainError{}
	curs := make([]cursor, len(devices))
	var total, done int64
	v.db.View(func(tx *bolt.Tx) error {
		for i, d := range devices {
			json.Unmarshal(tx.Bucket(bCursors).Get([]byte(d)), &curs[i])
		}
		return nil
	})
	if counting {
		for i, d := range devices {
			// Only for the progress bar: one more listing per device.
			if nums, err := v.folder.Segments(d); err == nil {
				for _, n := range nums {
					if n > curs[i].Segment {
						total++
					}
				}
			}
		}
	}
	report := func() { rep.Report(progress.Update{Stage: "import", Done: done, Total: max(total, done)}) }
	report()
	for i, d := range devices {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := v.importDevice(ctx, d, curs[i], res, func(segs int) { done += int64(segs); report() })
		if err != nil {
			return err
		}
	}
	done = max(done, total)
	report()
	return nil
}

// importChunkOps is about how many ops one import transaction applies. A
// join also ends a chunk inside a batch (Continues): nobody sees the
// replica before the join is done, and the batch's rest follows in the
// next transaction (a join cut short carries on with it). Small chunks
// keep bbolt's nodes small: a node grows with every key put into it until
// the commit, and each put moves the keys after it.
var importChunkOps = 1000

// chunk is whole batches of one device's segments, read and checked.
type chunk struct {
	segs   []*journal.Segment
	hashes [][32]byte
	ops    []*journal.Op
	sigs   *preSigs
}

// importDevice streams device d's segments after cur and applies them in
// chunks. A broken chain is recorded (Status) and its valid prefix applied.
func (v *Vault) importDevice(ctx context.Context, d string, cur cursor, res *SyncResult, progressed func(segs int)) error {
	keys := v.r.signingKeys()
	chunks := make(chan *chunk, 1)
	stop := make(chan struct{})
	var walkErr error
	go func() {
		defer close(chunks)
		var c chunk
		send := func() bool {
			if len(c.segs) == 0 {
				return true
			}
			out := c
			c = chunk{}
			out.sigs = preverify(out.ops, keys)
			select {
			case chunks <- &out:
				return true
			case <-stop:
				out.sigs.release()
				return false
			}
		}
		walkErr = v.folder.WalkChain(d, cur.Segment, cur.Hash, cur.Seq, func(s *journal.Segment, h [32]byte) error {
			c.segs, c.hashes, c.ops = append(c.segs, s), append(c.hashes, h), append(c.ops, s.Ops...)
			keys.learn(s.Ops) // users added or re-keyed in this chain sign its later ops
			if (!s.Continues || v.joining) && len(c.ops) >= importChunkOps && !send() {
				return errStopped
			}
			return nil
		})
		// What is left, up to the end of the last whole batch: a batch's
		// rest waits for its last segment.
		c.segs, c.hashes = completeBatches(c.segs, c.hashes)
		c.ops = c.ops[:0]
		for _, s := range c.segs {
			c.ops = append(c.ops, s.Ops...)
		}
		send()
	}()
	defer func() {
		close(stop)
		for c := range chunks { // let the reader end
			c.sigs.release()
		}
	}()
	for c := range chunks {
		err := v.applyChunk(d, &cur, c, res)
		c.sigs.release()
		if err != nil {
			return err
		}
		progressed(len(c.segs))
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	// The reader is done: walkErr is set.
	var chain *journal.ChainError
	if errors.As(walkErr, &chain) {
		v.syncSt.broken[d] = behindOf(v.folder, chain, cur.Segment)
		return nil
	}
	return walkErr
}

// errStopped ends a chain walk whose importer returned.
var errStopped = errors.New("vault: import stopped")

// applyChunk applies one chunk of device d in one transaction that also
// moves d's cursor past it.
func (v *Vault) applyChunk(d string, cur *cursor, c *chunk, res *SyncResult) error {
	// WalkChain has checked vault, device, numbering, hashes and seqs.
	for _, op := range c.ops {
		res.Erased = res.Erased || op.Kind == KindBlobErase || op.Kind == KindErasureApprove
		if op.Kind == KindRecordPut || op.Kind == KindScopeKey {
			if res.targets == nil {
				res.targets = map[string]bool{}
			}
			res.targets[op.Target] = true // a scope key's target is its scope
		}
	}
	next := cursor{Segment: c.segs[len(c.segs)-1].Number, Hash: c.hashes[len(c.hashes)-1], Seq: cur.Seq}
	if len(c.ops) > 0 { // a segment may hold no ops
		next.Seq = c.ops[len(c.ops)-1].Seq
	}
	// A PC whose clock is far ahead must not drag every clock with it:
	// its ops still order fine, they just sort late.
	limit := v.opt.now().Add(24 * time.Hour).UnixMilli()
	next.Dep = cur.Dep
	for _, op := range c.ops {
		if op.Time.Wall > limit {
			break // local ops would sort before it: they cannot name it
		}
		v.clock.Observe(op.Time)
		if next.Dep == op.Seq-1 {
			next.Dep = op.Seq
		}
	}
	v.deps = nil // the causal past of the next local op grows
	err := v.update(func(tx *bolt.Tx) error {
		r, err := v.ingest(tx, c.ops)
		if err != nil {
			return err
		}
		res.Imported += r.added
		res.Quarantined += r.quarantined
		res.Rebuilt = res.Rebuilt || r.rebuilt
		res.Changed = append(res.Changed, r.changed...)
		b, _ := json.Marshal(next)
		if err := tx.Bucket(bCursors).Put([]byte(d), b); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte(mHLC), encodeHLC(v.clock.Now()))
	})
	if err == nil {
		*cur = next
	}
	return err
}

// DeviceStatus is one device as the sync status screen shows it.
type DeviceStatus struct {
	Device
	Self     bool   `json:"self"`
	Segments uint64 `json:"segments"` // segments imported (or written, for this device)
	LastOp   int64  `json:"lastOp"`   // unix ms of its newest op seen
	Broken   string `json:"broken,omitempty"`
	BrokenAt uint64 `json:"brokenAt,omitempty"`
}

// Status is the sync status: what the status bar and `kinko vault status`
// show.
type Status struct {
	Vault       string         `json:"vault"`
	Name        string         `json:"name"`
	Folder      string         `json:"folder"`
	Device      string         `json:"device"`
	Reachable   bool           `json:"reachable"`
	LastSync    int64          `json:"lastSync"` // unix ms, 0 if never
	Outbox      int            `json:"outbox"`   // local ops not yet in the vault folder
	Conflicts   int            `json:"conflicts"`
	Quarantined int            `json:"quarantined"`
	Resealed    int            `json:"resealed"` // records another PC sealed under a replaced key, re-sealed here since the vault was opened
	Ops         int            `json:"ops"`
	Devices     []DeviceStatus `json:"devices"`
	// FolderFull: not reachable because the vault folder's disk is full.
	FolderFull bool `json:"folderFull,omitempty"`

	// Restored and RestoredBlobs count this PC's segments and blob files
	// it put back into an older copy of the vault folder since the vault
	// was opened; Unrestorable its segments the folder lacks that it could
	// not rebuild (restore.go).
	Restored      int `json:"restored"`
	RestoredBlobs int `json:"restoredBlobs"`
	Unrestorable  int `json:"unrestorable"`
}

// Status reports the replica's sync state. It needs no login.
func (v *Vault) Status() Status {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := Status{Vault: v.id, Folder: v.path, Device: v.device, Reachable: v.folder != nil && v.syncSt.lastErr == nil}
	s.FolderFull = !s.Reachable && errors.Is(v.syncSt.lastErr, journal.ErrDiskFull)
	v.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		s.Name = string(m.Get([]byte(mName)))
		s.LastSync = int64(u64(m.Get([]byte(mLastSync))))
		s.Outbox = tx.Bucket(bOutbox).Stats().KeyN
		s.Conflicts = tx.Bucket(bConflicts).Stats().KeyN
		s.Quarantined = tx.Bucket(bQuarantine).Stats().KeyN
		s.Resealed = v.syncSt.resealed
		s.Restored, s.RestoredBlobs, s.Unrestorable = v.syncSt.restored, v.syncSt.restoredBlobs, v.syncSt.unrestorable
		s.Ops = tx.Bucket(bIDs).Stats().KeyN
		seen := map[string]bool{}
		add := func(id string, segs uint64) {
			seen[id] = true
			ds := DeviceStatus{Device: v.r.devices[id], Self: id == v.device, Segments: segs}
			ds.ID = id
			if b := v.syncSt.broken[id]; b != nil {
				ds.Broken, ds.BrokenAt = b.Reason, b.Number
			}
			s.Devices = append(s.Devices, ds)
		}
		add(v.device, u64(m.Get([]byte(mSegment))))
		c := tx.Bucket(bCursors).Cursor()
		for k, val := c.First(); k != nil; k, val = c.Next() {
			var cur cursor
			json.Unmarshal(val, &cur)
			add(string(k), cur.Segment)
		}
		for id := range v.r.devices {
			if !seen[id] {
				add(id, 0)
			}
		}
		// A folder whose very first segment is refused (a file someone
		// else put there) has neither a cursor nor a device.add.
		for id := range v.syncSt.broken {
			if !seen[id] {
				add(id, 0)
			}
		}
		last := tx.Bucket(bLastOp)
		for i := range s.Devices {
			s.Devices[i].LastOp = int64(u64(last.Get([]byte(s.Devices[i].ID))))
		}
		return nil
	})
	slices.SortFunc(s.Devices, func(a, b DeviceStatus) int {
		if a.Self != b.Self {
			if a.Self {
				return -1
			}
			return 1
		}
		return int(b.LastOp - a.LastOp)
	})
	return s
}

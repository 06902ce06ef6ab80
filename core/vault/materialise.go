package vault

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
)

// loadRoster replays the valid control ops of the replica.
func loadRoster(tx *bolt.Tx, id string) (*roster, error) {
	r := newRoster(id)
	quarantine, log := tx.Bucket(bQuarantine), tx.Bucket(bLog)
	c := tx.Bucket(bControl).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		op, err := decodeOp(log.Get(k))
		if err != nil {
			return nil, err
		}
		if quarantine.Get([]byte(op.ID())) == nil {
			r.apply(op)
		}
	}
	return r, nil
}

func decodeOp(b []byte) (*journal.Op, error) {
	op := new(journal.Op)
	if err := op.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("%w: op: %v", ErrCorruptReplica, err)
	}
	return op, nil
}

// applyResult says what an import did.
type applyResult struct {
	added       int
	quarantined int
	rebuilt     bool
	arrived     []arrival // what the control ops that took effect may wake (waits.go)
	// changed: the record targets valid record ops were applied to (their
	// heads may have changed) and the scopes a key epoch took effect for,
	// in apply order, repeats possible; meaningless when rebuilt.
	changed []string
}

// ingest stores ops the replica has not seen and applies them, keeping the
// derived state equal to a replay of the whole op set in position order.
// Ops already present (a replayed segment, our own ops coming back) are
// skipped. Ops held for what arrived are judged again afterwards, and only
// those (waits.go). It runs inside the caller's write transaction.
func (v *Vault) ingest(tx *bolt.Tx, ops []*journal.Op) (applyResult, error) {
	var res applyResult
	fresh, err := v.store(tx, ops)
	if err != nil || len(fresh) == 0 {
		return res, err
	}
	res.added = len(fresh)
	if err := v.apply(tx, fresh, &res); err != nil || res.rebuilt {
		return res, err
	}
	// Each round judges ops woken by what the last one stored or made take
	// effect; an op takes effect once, so the rounds end.
	arrived := append(storedArrivals(fresh), res.arrived...)
	for len(arrived) > 0 {
		woken, err := v.wake(tx, arrived)
		if err != nil || len(woken) == 0 {
			return res, err
		}
		var again applyResult
		if err := v.apply(tx, woken, &again); err != nil {
			return res, err
		}
		if again.rebuilt {
			res.rebuilt = true
			return res, nil
		}
		res.changed = append(res.changed, again.changed...)
		arrived = again.arrived
	}
	return res, nil
}

// store adds the ops not yet in the replica to bLog and returns them sorted
// by position.
func (v *Vault) store(tx *bolt.Tx, ops []*journal.Op) ([]*journal.Op, error) {
	ids, logB, ctl, last := tx.Bucket(bIDs), tx.Bucket(bLog), tx.Bucket(bControl), tx.Bucket(bLastOp)
	fresh := make([]*journal.Op, 0, len(ops))
	for _, op := range ops {
		id := []byte(op.ID())
		if ids.Get(id) != nil {
			continue
		}
		b, err := op.MarshalBinary()
		if err != nil {
			return nil, err
		}
		p := pos(op)
		if err := logB.Put(p, b); err != nil {
			return nil, err
		}
		if err := ids.Put(id, p); err != nil {
			return nil, err
		}
		if err := noteAuthored(tx, op); err != nil {
			return nil, err
		}
		if isControl(op.Kind) {
			if err := ctl.Put(p, nil); err != nil {
				return nil, err
			}
		}
		// Each device's newest op time, for the sync status.
		if wall := uint64(op.Time.Wall); wall > u64(last.Get([]byte(op.Device))) {
			if err := last.Put([]byte(op.Device), be64(wall)); err != nil {
				return nil, err
			}
		}
		fresh = append(fresh, op)
	}
	sortOps(fresh)
	return fresh, nil
}

// apply judges ops (stored, not yet applied, sorted by position) and
// applies the valid ones. Ops positioned after everything applied so far are
// judged by the current roster; ops that arrived late by the roster of
// their own position. A late op that could withdraw rights from ops already
// applied makes the replica rebuild its derived state instead.
func (v *Vault) apply(tx *bolt.Tx, ops []*journal.Op, res *applyResult) error {
	meta := tx.Bucket(bMeta)
	high := slices.Clone(meta.Get([]byte(mHighWater)))
	first, last := pos(ops[0]), pos(ops[len(ops)-1])
	if high == nil || bytes.Compare(last, high) > 0 {
		if err := meta.Put([]byte(mHighWater), last); err != nil {
			return err
		}
	}
	r := v.r
	var hist *history
	if high != nil && bytes.Compare(first, high) < 0 {
		for _, op := range ops {
			if isControl(op.Kind) && !additive(op.Kind) && bytes.Compare(pos(op), high) < 0 {
				res.rebuilt = true
				return v.rebuild(tx)
			}
		}
		current, err := rosterCurrentAt(tx, ops)
		if err != nil {
			return err
		}
		if lateNoShortcut {
			current, v.lateSnaps = false, nil
		}
		if !current {
			if hist, err = v.lateRoster(tx, ops); err != nil {
				return err
			}
			r = hist.r
		}
	}
	var vs verdicts // written at the end, unless a rebuild replaces them
	for _, op := range ops {
		if hist != nil {
			if err := hist.advance(op); err != nil {
				return err
			}
		}
		ok, err := v.evaluate(tx, r, v.r.changes, op, &vs)
		if err != nil {
			return err
		}
		if !ok {
			res.quarantined++
			continue
		}
		if !audit.IsLog(op.Kind) && (!isControl(op.Kind) || op.Kind == KindScopeKey) {
			res.changed = append(res.changed, op.Target) // a scope key's target is its scope
		}
		if isControl(op.Kind) {
			r.apply(op)
			v.dropLateSnaps(pos(op))
			res.arrived = append(res.arrived, effectArrivals(op)...)
			if hist != nil {
				// Additive effects commute: the current roster gains them too.
				v.r.apply(op)
			}
			if unseenAuthored(tx, op) {
				// Ops of the user it affects that its author had not seen
				// are applied already: judge them again (causal.go, rule 3).
				res.rebuilt = true
				return v.rebuild(tx)
			}
		}
	}
	if hist != nil {
		// The history's roster, past the last op, is the roster just after
		// it: kept for the next late op (no copy needed).
		v.keepLateSnap(append(slices.Clone(last), 0), hist.r)
	}
	return vs.write(tx)
}

// evaluate checks one op against r (the roster at its position) and the
// changes of its author's standing concurrent with it among all (causal.go)
// and, if valid and a record op, adds it to the record's version graph;
// otherwise records the quarantine reason in vs, with what a held op waits
// for (waits.go).
func (v *Vault) evaluate(tx *bolt.Tx, r *roster, all changes, op *journal.Op, vs *verdicts) (bool, error) {
	if audit.IsLog(op.Kind) {
		// Access-log ops change no state; the log verifier judges them
		// (one signature per checkpoint, not per entry).
		return true, indexLogOp(tx, r, op, pos(op))
	}
	id := []byte(op.ID())
	verified := tx.Bucket(bVerified)
	reason, wait := "", ""
	// A signature is checked once per verifying key: a user's key changes
	// with their password, and an op is judged by the key at its position.
	if key := r.verify[op.Author]; key == nil || !bytes.Equal(verified.Get(id), key) {
		if !v.ownSigned(op, key) {
			reason = r.verifyOp(op)
		}
		if reason == "" && key != nil {
			if err := verified.Put(id, key); err != nil {
				return false, err
			}
		}
	}
	if reason == ReasonUnknownAuthor {
		wait = waitAuthor(op.Author)
	}
	if reason == "" {
		reason, wait = causal(tx, op)
	}
	if reason == "" {
		reason, wait = r.checkWait(op)
	}
	reason = judgeConcurrent(r, all, op, reason)
	if reason != "" {
		vs.add(op, reason, wait) // a held op is judged again when what it waits for arrives
		return false, nil
	}
	if !isControl(op.Kind) {
		return true, addVersion(tx, op)
	}
	switch op.Kind {
	case KindBlobErase:
		return true, applyErase(tx, op)
	case KindErasureApprove:
		// Judged valid against r, whose proposals it needs.
		if err := v.applyApproval(tx, r, op); err != nil {
			return false, err
		}
	}
	// The roster changes: a stored snapshot of it is no longer current.
	return true, tx.Bucket(bMeta).Delete([]byte(mRosterSnap))
}

// addVersion puts a record version into its record's graph. Heads are the
// versions nobody names as a parent: the result does not depend on the
// order versions arrive in.
func addVersion(tx *bolt.Tx, op *journal.Op) error {
	target, id := op.Target, op.ID()
	if err := tx.Bucket(bVersions).Put(join(target, id), nil); err != nil {
		return err
	}
	cut := cutBefore(tx, op) // erased by an approval positioned after it
	replaced := tx.Bucket(bReplaced)
	heads := splitIDs(tx.Bucket(bHeads).Get([]byte(target)))
	for _, p := range op.Parents {
		if err := replaced.Put(join(target, p), nil); err != nil {
			return err
		}
		heads = slices.DeleteFunc(heads, func(h string) bool { return h == p })
	}
	if !present(replaced, join(target, id)) && !cut {
		heads = append(heads, id)
		slices.Sort(heads)
	}
	return putHeads(tx, target, heads)
}

// present reports whether b holds key k. Get cannot tell: within the write
// transaction that put it, a key stored with an empty value reads as nil.
func present(b *bolt.Bucket, k []byte) bool {
	got, _ := b.Cursor().Seek(k)
	return bytes.Equal(got, k)
}

func putHeads(tx *bolt.Tx, target string, heads []string) error {
	hb, cb := tx.Bucket(bHeads), tx.Bucket(bConflicts)
	if len(heads) == 0 {
		if err := hb.Delete([]byte(target)); err != nil {
			return err
		}
	} else if err := hb.Put([]byte(target), join(heads...)); err != nil {
		return err
	}
	if len(heads) > 1 {
		return cb.Put([]byte(target), nil)
	}
	return cb.Delete([]byte(target))
}

// rebuild clears the derived buckets and replays every op in position order.
// An op is judged against the standing changes of the whole op set, also
// those positioned after it, which the replay has not reached: it starts
// from the changes the replica knew and replays again until the valid
// changes it finds are the ones it judged by (at most a few passes; the
// result depends only on the op set). The first pass judges by the changes
// positioned before each op.
func (v *Vault) rebuild(tx *bolt.Tx) error {
	var all changes
	for pass := 0; ; pass++ {
		r, err := v.replay(tx, all)
		if err != nil {
			return err
		}
		if slices.Equal(r.changes.ids(), all.ids()) || pass == 3 {
			v.r = r
			return nil
		}
		all = r.changes
	}
}

// replay is one pass of rebuild.
func (v *Vault) replay(tx *bolt.Tx, all changes) (*roster, error) {
	for _, name := range derived {
		if err := tx.DeleteBucket(name); err != nil {
			return nil, err
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	r := newRoster(v.id)
	var vs verdicts
	c := tx.Bucket(bLog).Cursor()
	for k, b := c.First(); k != nil; k, b = c.Next() {
		op, err := decodeOp(b)
		if err != nil {
			return nil, err
		}
		judge := all
		if judge == nil {
			judge = r.changes
		}
		ok, err := v.evaluate(tx, r, judge, op, &vs)
		if err != nil {
			return nil, err
		}
		if ok && isControl(op.Kind) {
			r.apply(op)
		}
	}
	return r, vs.write(tx)
}

// history replays the valid control ops up to a moving position, so ops
// that arrived late are judged by the roster of their own time.
type history struct {
	r      *roster
	tx     *bolt.Tx
	cursor *bolt.Cursor
	next   []byte // position of the next old control op not yet replayed
	fresh  map[string]bool
}

// A late op is judged by the roster of its own position: the valid control
// ops positioned before it. Replaying all of them (tens of thousands at
// office scale) made every sync with a late op cost seconds, and with two
// PCs writing at once nearly every sync has one. Two shortcuts give the
// same roster:
//
//   - no control op that took effect lies at or after the first late op
//     (the usual case: records written on two PCs meanwhile): the current
//     roster is the roster at that position (rosterCurrentAt);
//   - otherwise the replay starts from a roster kept at an earlier late
//     op's position (lateSnap) instead of from the first op.
//
// A kept roster is the replay of the control ops in effect before its
// position. It stays so until a control op positioned before it takes
// effect (apply drops it: dropLateSnaps) or the derived state is replaced
// (a rebuild, or a failed transaction reloading the roster: it belongs to
// the v.r it was taken under).

// lateSnapsKept bounds the kept rosters (each a copy of the roster).
const lateSnapsKept = 4

// lateSnapScan bounds how many held control ops after the first late op
// rosterCurrentAt looks past before it replays instead.
const lateSnapScan = 64

type lateSnap struct {
	pos []byte
	r   *roster
	of  *roster // v.r when it was kept
}

// lateNoShortcut (benchmarks) judges every late op by a replay from the
// first op, as before the shortcuts: the reference they are measured by.
var lateNoShortcut bool

// lateReplayHook, when set (tests), is called each time a late op is
// judged by a replayed history rather than the current roster.
var lateReplayHook func(fromSnapshot bool)

// rosterCurrentAt reports whether the current roster is the roster at the
// position of fresh[0]: every control op stored at or after it is one of
// fresh (judged in this pass) or held (quarantined: it has no effect).
func rosterCurrentAt(tx *bolt.Tx, fresh []*journal.Op) (bool, error) {
	isFresh := make(map[string]bool, len(fresh))
	for _, op := range fresh {
		if isControl(op.Kind) {
			isFresh[string(pos(op))] = true
		}
	}
	logB, quarantine := tx.Bucket(bLog), tx.Bucket(bQuarantine)
	c := tx.Bucket(bControl).Cursor()
	held := 0
	for k, _ := c.Seek(pos(fresh[0])); k != nil; k, _ = c.Next() {
		if isFresh[string(k)] {
			continue
		}
		old, err := decodeOp(logB.Get(k))
		if err != nil {
			return false, err
		}
		if quarantine.Get([]byte(old.ID())) == nil {
			return false, nil // in effect, after the late op
		}
		if held++; held > lateSnapScan {
			return false, nil
		}
	}
	return true, nil
}

// lateRoster returns a history positioned before the first of fresh,
// started from the nearest kept roster at or before it, and keeps a copy
// of the roster it reaches for the next late op.
func (v *Vault) lateRoster(tx *bolt.Tx, fresh []*journal.Op) (*history, error) {
	h := &history{r: newRoster(v.id), tx: tx, cursor: tx.Bucket(bControl).Cursor(), fresh: map[string]bool{}}
	for _, op := range fresh {
		h.fresh[string(pos(op))] = true
	}
	p := pos(fresh[0])
	var base *lateSnap
	for i := range v.lateSnaps {
		s := &v.lateSnaps[i]
		if s.of == v.r && bytes.Compare(s.pos, p) <= 0 && (base == nil || bytes.Compare(s.pos, base.pos) > 0) {
			base = s
		}
	}
	if base != nil {
		// Taken, not copied: apply keeps the roster this history reaches
		// in its place (keepLateSnap).
		h.r, h.next = base.r, base.pos
		v.lateSnaps = slices.DeleteFunc(v.lateSnaps, func(s lateSnap) bool { return s.r == base.r })
		h.next, _ = h.cursor.Seek(h.next)
	} else {
		h.next, _ = h.cursor.First()
	}
	if lateReplayHook != nil {
		lateReplayHook(base != nil)
	}
	return h, h.advance(fresh[0])
}

// keepLateSnap keeps r (no longer changed by anyone) as the roster at
// position p, dropping rosters of an older v.r and, beyond lateSnapsKept,
// the one at the lowest position.
func (v *Vault) keepLateSnap(p []byte, r *roster) {
	v.lateSnaps = slices.DeleteFunc(v.lateSnaps, func(s lateSnap) bool { return s.of != v.r || bytes.Equal(s.pos, p) })
	v.lateSnaps = append(v.lateSnaps, lateSnap{pos: slices.Clone(p), r: r, of: v.r})
	slices.SortFunc(v.lateSnaps, func(a, b lateSnap) int { return bytes.Compare(a.pos, b.pos) })
	if len(v.lateSnaps) > lateSnapsKept {
		v.lateSnaps = slices.Delete(v.lateSnaps, 0, len(v.lateSnaps)-lateSnapsKept)
	}
}

// dropLateSnaps forgets the kept rosters positioned after p: a control op
// at p took effect, which they lack.
func (v *Vault) dropLateSnaps(p []byte) {
	v.lateSnaps = slices.DeleteFunc(v.lateSnaps, func(s lateSnap) bool { return bytes.Compare(s.pos, p) > 0 })
}

// advance replays old control ops positioned before op.
func (h *history) advance(op *journal.Op) error {
	p := pos(op)
	logB, quarantine := h.tx.Bucket(bLog), h.tx.Bucket(bQuarantine)
	for h.next != nil && bytes.Compare(h.next, p) < 0 {
		if !h.fresh[string(h.next)] {
			old, err := decodeOp(logB.Get(h.next))
			if err != nil {
				return err
			}
			if quarantine.Get([]byte(old.ID())) == nil {
				h.r.apply(old)
			}
		}
		h.next, _ = h.cursor.Next()
	}
	return nil
}

func sortOps(ops []*journal.Op) {
	slices.SortFunc(ops, func(a, b *journal.Op) int { return bytes.Compare(pos(a), pos(b)) })
}

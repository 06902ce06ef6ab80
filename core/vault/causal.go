package vault

import (
	"bytes"
	"encoding/json"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
)

// Authority follows causality, never the clock (DESIGN.md §2).
//
// Every op except the access log's names its causal past (journal.Op.Deps:
// the newest op of every other device its replica held). Three rules make
// that claim bind a hostile author:
//
//  1. An op may not be positioned before anything in the past it names: each
//     named op, and the previous op of its own device, must sort before it
//     (else it is quarantined as "backdated"). A named op that has not
//     arrived holds the op as "pending". Whatever time an author writes,
//     everything it says it had seen is in the roster it is judged by.
//  2. Authors may claim to have seen less than they had, so: a change of a
//     user's standing (standing) wins over every op of that user that is
//     concurrent with it (neither is in the other's past) and that the
//     change would have refused. Such an op is quarantined as "concurrent"
//     — written concurrently with a revocation — and shown to a 責任者; it
//     is never applied, in any arrival order.
//  3. When a standing change arrives while ops of its user that it has not
//     seen are already applied, the replica rebuilds its derived state, so
//     the result is the same as if the change had arrived first.

// standing returns the users whose rights op changes, or "*" for every
// user (a client's 所長のみ mark); nil if op changes no one's rights.
func standing(op *journal.Op) []string {
	switch op.Kind {
	case KindUserUpdate:
		if u, err := decode[userRecord](op.Payload); err == nil {
			return []string{u.ID}
		}
	case KindUserPasswd:
		// New keys: ops signed with the old key that did not see the change
		// are refused, so a leaked old password signs nothing that counts.
		if p, err := decode[passwdRecord](op.Payload); err == nil {
			return []string{p.ID}
		}
	case KindLevel, KindMyNumberAdd, KindMyNumberDrop:
		if l, err := decode[levelRecord](op.Payload); err == nil {
			return []string{l.User}
		}
	case KindOwnerOnly:
		return []string{"*"}
	}
	return nil
}

// changes indexes the valid standing changes of a replica by the user they
// affect ("*": every user).
type changes map[string][]*journal.Op

func (c changes) add(op *journal.Op) {
	for _, u := range standing(op) {
		// Device and sequence number are the op's id, compared without
		// building strings: a bulk change adds thousands for one user.
		if !slices.ContainsFunc(c[u], func(o *journal.Op) bool { return o.Seq == op.Seq && o.Device == op.Device }) {
			c[u] = append(slices.Clip(c[u]), op) // never into a clone's array
		}
	}
}

// concurrent returns the changes affecting op's author that are concurrent
// with op.
func (c changes) concurrent(op *journal.Op) []*journal.Op {
	var out []*journal.Op
	for _, u := range []string{op.Author, "*"} {
		for _, ch := range c[u] {
			if ch.Device == op.Device && ch.Seq == op.Seq {
				continue
			}
			if !journal.Before(ch, op) && !journal.Before(op, ch) {
				out = append(out, ch)
			}
		}
	}
	return out
}

// ids lists the changes' op ids, sorted, to compare two indexes.
func (c changes) ids() []string {
	var out []string
	for _, ops := range c {
		for _, op := range ops {
			out = append(out, op.ID())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// causal checks rule 1 for op, returning "" or a quarantine reason and,
// for a pending op, the wait key of the first op of its causal past not yet
// received (waits.go). Access log ops carry no causal past: they change no
// state.
func causal(tx *bolt.Tx, op *journal.Op) (reason, wait string) {
	if audit.IsLog(op.Kind) {
		return "", ""
	}
	ids, p := tx.Bucket(bIDs), pos(op)
	check := func(device string, seq uint64) (string, string) {
		id := (&journal.Op{Device: device, Seq: seq}).ID()
		dp := ids.Get([]byte(id))
		if dp == nil {
			return ReasonPending, waitOp(id)
		}
		if bytes.Compare(dp, p) >= 0 {
			return ReasonBackdated, ""
		}
		return "", ""
	}
	if op.Seq > 1 {
		if r, w := check(op.Device, op.Seq-1); r != "" {
			return r, w
		}
	}
	for _, d := range op.Deps {
		if r, w := check(d.Device, d.Seq); r != "" {
			return r, w
		}
	}
	return "", ""
}

// judgeConcurrent applies rule 2: reason is the verdict of r (the roster
// at op's position) on op; the result is the final reason.
func judgeConcurrent(r *roster, all changes, op *journal.Op, reason string) string {
	if reason != "" && reason != ReasonDenied || audit.IsLog(op.Kind) {
		return reason
	}
	cs := all.concurrent(op)
	if len(cs) == 0 {
		return reason
	}
	if reason == ReasonDenied {
		// Refused by a change it had not seen: say so, for the 責任者.
		p := pos(op)
		for _, ch := range cs {
			if bytes.Compare(pos(ch), p) < 0 {
				return ReasonConcurrent
			}
		}
		return reason
	}
	for _, ch := range cs {
		rc := r.clone()
		rc.apply(ch)
		if rc.check(op) != "" || rc.verifyOp(op) != "" {
			return ReasonConcurrent
		}
	}
	return ""
}

// unseenAuthored reports rule 3's condition for a standing change ch: the
// replica holds ops by a user ch affects that ch's author had not seen.
func unseenAuthored(tx *bolt.Tx, ch *journal.Op) bool {
	users := standing(ch)
	if len(users) == 0 {
		return false
	}
	b := tx.Bucket(bAuthored)
	seen := func(user, device string, seq uint64) bool {
		limit := ch.DepSeq(device)
		if user == ch.Author && device == ch.Device {
			limit = ch.Seq
		}
		return seq <= limit
	}
	if users[0] == "*" {
		c := b.Cursor()
		for k, val := c.First(); k != nil; k, val = c.Next() {
			user, device, _ := bytes.Cut(k, []byte{0})
			if !seen(string(user), string(device), u64(val)) {
				return true
			}
		}
		return false
	}
	for _, u := range users {
		c := b.Cursor()
		prefix := append([]byte(u), 0)
		for k, val := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, val = c.Next() {
			if !seen(u, string(k[len(prefix):]), u64(val)) {
				return true
			}
		}
	}
	return false
}

// noteAuthored records, per author and device, the newest stored op that
// can carry authority (not the access log's), for unseenAuthored.
func noteAuthored(tx *bolt.Tx, op *journal.Op) error {
	if audit.IsLog(op.Kind) || op.Author == "" {
		return nil
	}
	b := tx.Bucket(bAuthored)
	k := join(op.Author, op.Device)
	if op.Seq <= u64(b.Get(k)) {
		return nil
	}
	return b.Put(k, be64(op.Seq))
}

// causalPast is the Deps a local op names: per other device, the newest op
// imported whose time this PC's clock has passed (a device whose clock ran
// far ahead stays at its last op before that, see cursor.Dep).
func (v *Vault) causalPast(tx *bolt.Tx) []journal.Dep {
	if v.deps != nil {
		return v.deps
	}
	deps := []journal.Dep{}
	tx.Bucket(bCursors).ForEach(func(k, val []byte) error {
		var cur cursor
		if json.Unmarshal(val, &cur) == nil && cur.Dep > 0 && string(k) != v.device {
			deps = append(deps, journal.Dep{Device: string(k), Seq: cur.Dep})
		}
		return nil
	})
	// Cursor keys are device ids, so ForEach already returns them sorted.
	v.deps = deps
	return deps
}

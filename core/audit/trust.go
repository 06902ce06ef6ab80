package audit

import (
	"slices"
	"sort"

	"github.com/kinko-jp/kinko/core/journal"
)

// Trust says what a replica's checkpoints show of one entry: whether a
// valid signature vouches for it and for the user it names. Nothing
// stores it: the log reader (core/vault's LogReader) works it out as it
// reads, with a TrustChain per device. Stable codes: the window words
// them under audit.trust.<code>.
//
// The rule, for an entry on device D: the checkpoint that closes its span
// (the first checkpoint of D after it) must be valid — well formed,
// signed by its author, stating the chain hash the replica computes over
// D's ops — and, for an entry that names a user, signed by that user. An
// entry in a span that another user signed (a session that ended in a
// crash, vouched for by the next login on that PC) counts as its user's
// only if its own signature verifies. So nobody can vouch for entries
// claiming someone else, and an entry nobody has vouched for yet is never
// shown as its user's.
type Trust string

const (
	// TrustVerified: a valid checkpoint covers the entry, signed by the
	// user it names (or the entry carries that user's valid signature).
	TrustVerified Trust = "verified"
	// TrustPending: no checkpoint covers the entry yet. Normal for the
	// newest entries of a PC: it signs them when the session locks or the
	// program closes, and every CheckpointEvery ops.
	TrustPending Trust = "pending"
	// TrustUnsigned: written while nobody was logged in (a failed login):
	// no user signs it. A fact, not a fault.
	TrustUnsigned Trust = "unsigned"
	// TrustUnverifiable: the checkpoint over the entry is invalid (its
	// signature, or the chain hash: something in its span changed), or it
	// was signed by another user than the one the entry names and the
	// entry's own signature does not verify.
	TrustUnverifiable Trust = "unverifiable"
)

// Trusts lists the states, for filters.
func Trusts() []Trust {
	return []Trust{TrustVerified, TrustPending, TrustUnsigned, TrustUnverifiable}
}

// Settled is a new Trust for an entry handed out earlier as pending (or,
// written while locked, as unsigned): its checkpoint has arrived. Time,
// Device and Seq find the entry in an Index (Index.Settle).
type Settled struct {
	Time   int64
	Device string
	Seq    uint64
	Trust  Trust
}

// span is a run of a device's ops closed by a checkpoint.
type span struct {
	to     uint64 // the last op it covers: the checkpoint's Seq - 1
	signer string
	ok     bool // the checkpoint vouches for the span
	forged bool // an op of another user in it failed its own signature
}

// waiter is an entry handed out before a checkpoint covered it.
type waiter struct {
	time   int64
	seq    uint64
	author string
	trust  Trust // as handed out
}

// TrustChain follows one device's chain as a replica holds it, in Seq
// order, and judges each checkpoint against the ops before it — the chain
// hash and the checkpoint rules are Verify's — so that the trust of the
// device's entries can be told as they are read, with no signature
// checked per entry except in spans that another user signed. It keeps
// one small record per checkpoint and the entries still waiting for one.
// core/vault's LogReader keeps one per device for the life of a reader;
// it is not safe for concurrent use.
type TrustChain struct {
	device  string
	h       Hash
	at      uint64 // the last Seq folded into h
	hc      chainer
	broken  bool // an op was missing: no later checkpoint can be checked
	lastCP  uint64
	spans   []span // in Seq order
	waiting []waiter
}

// NewTrustChain starts following device's chain from its first op.
func NewTrustChain(device string) *TrustChain {
	return &TrustChain{device: device}
}

// Next is the Seq that Fold takes next: every op up to Next()-1 is folded.
func (c *TrustChain) Next() uint64 { return c.at + 1 }

// Fold adds the device's op numbered Next(). enc is its encoding
// (journal.Op.MarshalBinary, as a replica stores it; nil to encode op).
// A checkpoint is judged against the ops before it: signed says whether
// its signature verifies under its author's key. Fold reports whether op
// closed a span (a checkpoint), after which Settle has work.
func (c *TrustChain) Fold(op *journal.Op, enc []byte, signed func(*journal.Op) bool) bool {
	closed := false
	if op.Kind == KindCheckpoint {
		_, fault := judgeCheckpoint(op, c.h, signed)
		c.spans = append(c.spans, span{to: op.Seq - 1, signer: op.Author, ok: fault == faultNone && !c.broken})
		c.lastCP = op.Seq
		closed = true
	}
	c.at = op.Seq
	if c.broken {
		return closed
	}
	var err error
	if enc != nil {
		c.h = c.hc.nextEncoded(c.h, enc)
	} else if c.h, err = c.hc.next(c.h, op); err != nil {
		c.broken = true
	}
	return closed
}

// Break records that the op numbered Next() is missing from the replica:
// the chain cannot be followed past it, so no later checkpoint vouches for
// anything (their spans are unverifiable).
func (c *TrustChain) Break() {
	c.broken = true
	c.at++
}

// Trust judges an entry of this device: its Seq and the user it names
// ("" while locked). own checks the entry's own signature; it is called
// only when the entry's span was signed by another user. final is false
// while no checkpoint covers the entry: hand it to Wait, and Settle tells
// its trust when one arrives.
func (c *TrustChain) Trust(seq uint64, author string, own func() bool) (t Trust, final bool) {
	sp := c.spanOf(seq)
	if sp == nil {
		if author == "" {
			return TrustUnsigned, false
		}
		return TrustPending, false
	}
	return judgeEntry(sp, author, own), true
}

// spanOf returns the span covering seq, nil when no checkpoint does yet.
func (c *TrustChain) spanOf(seq uint64) *span {
	i := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].to >= seq })
	if i == len(c.spans) {
		return nil
	}
	return &c.spans[i]
}

func judgeEntry(sp *span, author string, own func() bool) Trust {
	switch {
	case !sp.ok:
		return TrustUnverifiable
	case author == "":
		return TrustUnsigned
	case author == sp.signer:
		return TrustVerified
	case sp.forged:
		// One op of another user in this span failed already: the span's
		// signer wrote it, and the rest of its kind (an insider who
		// claims someone else costs one check per checkpoint, not per
		// entry).
		return TrustUnverifiable
	case own():
		return TrustVerified
	}
	sp.forged = true
	return TrustUnverifiable
}

// Wait keeps an entry that Trust could not settle: time is its time (to
// find it again in an Index), t what it was handed out as.
func (c *TrustChain) Wait(time int64, seq uint64, author string, t Trust) {
	w := waiter{time: time, seq: seq, author: author, trust: t}
	n := len(c.waiting)
	if n == 0 || c.waiting[n-1].seq < seq {
		c.waiting = append(c.waiting, w)
		return
	}
	i := sort.Search(n, func(i int) bool { return c.waiting[i].seq >= seq })
	if i < n && c.waiting[i].seq == seq {
		return
	}
	c.waiting = slices.Insert(c.waiting, i, w)
}

// Waiting is how many entries wait for a checkpoint.
func (c *TrustChain) Waiting() int { return len(c.waiting) }

// Settle calls fn with every waiting entry that a checkpoint now covers
// and whose trust differs from what it was handed out as, and forgets
// them. own checks the own signature of the entry numbered seq (see
// Trust).
func (c *TrustChain) Settle(own func(seq uint64) bool, fn func(Settled)) {
	n := 0
	for n < len(c.waiting) && c.waiting[n].seq < c.lastCP {
		w := c.waiting[n]
		t := judgeEntry(c.spanOf(w.seq), w.author, func() bool { return own(w.seq) })
		if t != w.trust {
			fn(Settled{Time: w.time, Device: c.device, Seq: w.seq, Trust: t})
		}
		n++
	}
	c.waiting = append(c.waiting[:0], c.waiting[n:]...)
}

// Checkpoint faults, in the order Verify tests them.
type fault int

const (
	faultNone      fault = iota
	faultSignature       // unsigned, or the signature does not verify
	faultMalformed       // the payload does not decode or names another Seq
	faultChain           // the chain hash differs from the ops before it
)

// judgeCheckpoint judges checkpoint op against h, the chain hash of the
// device's ops before it: the one rule DeviceCheck and TrustChain share.
func judgeCheckpoint(op *journal.Op, h Hash, signed func(*journal.Op) bool) (*Checkpoint, fault) {
	if len(op.Sig) == 0 || !signed(op) {
		return nil, faultSignature
	}
	cp, err := DecodeCheckpoint(op.Payload)
	switch {
	case err != nil || cp.Seq+1 != op.Seq:
		return cp, faultMalformed
	case cp.Chain != h:
		return cp, faultChain
	}
	return cp, faultNone
}

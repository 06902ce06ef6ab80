package audit

import (
	"github.com/kinko-jp/kinko/core/journal"
)

// DeviceCheck verifies one device's chain op by op, as it is read, and
// keeps only the ops since the last checkpoint: a folder of millions of
// entries is checked in the memory of a few hundred. core/vault's
// VerifyLog feeds it segment by segment; Verify feeds it chains already in
// memory. Combine finishes the verification across devices.
type DeviceCheck struct {
	device string
	opt    Options

	h    Hash
	hc   chainer
	span []*journal.Op // ops since the last checkpoint, in order
	stop bool          // an op did not encode: the rest is not checked

	ops, entries, cps int
	held              uint64 // last intact Seq
	problems          []Problem
	tail              *Tail
	checkpoints       map[uint64]seenCheckpoint
	witnesses         []witnessed
	brk               *journal.ChainError
	lastFile          bool
}

type seenCheckpoint struct {
	covers uint64
	chain  Hash
}

// witnessed is a checkpoint of another device, as device by saw it.
type witnessed struct {
	by string
	w  Witness
}

// NewDeviceCheck starts checking device's chain. opt.Signed is called
// from the goroutine that calls Add and End.
func NewDeviceCheck(device string, opt Options) *DeviceCheck {
	return &DeviceCheck{device: device, opt: opt, checkpoints: map[uint64]seenCheckpoint{}}
}

// Only the first bad place of a device is reported: later ones follow from
// it (a changed op breaks every later checkpoint's hash). Once it is found,
// the per-op signature checks, the only costly part, are skipped;
// checkpoints and witnesses are still read.
func (d *DeviceCheck) bad(p Problem) {
	if d.problems == nil {
		p.Device = d.device
		d.problems = []Problem{p}
	}
}

func (d *DeviceCheck) clean() bool { return d.problems == nil }

// Add checks the next op of the chain: the ops of the device's valid
// prefix, in Seq order from 1 (journal.Folder.ReadChain's order).
func (d *DeviceCheck) Add(op *journal.Op) {
	if d.stop {
		return
	}
	d.ops++
	d.held = op.Seq
	switch op.Kind {
	case KindEntry:
		d.entries++
	case KindCheckpoint:
		d.cps++
		d.checkpoint(op)
		clear(d.span) // let the span's ops go
		d.span = d.span[:0]
	}
	if op.Kind != KindCheckpoint {
		d.span = append(d.span, op)
	}
	next, err := d.hc.next(d.h, op)
	if err != nil {
		d.bad(Problem{Kind: ProblemChain, Seq: op.Seq, Op: op.ID(), Reason: "encoding"})
		d.stop = true
		return
	}
	d.h = next
}

// checkpoint judges a checkpoint op against the span of ops it closes.
func (d *DeviceCheck) checkpoint(op *journal.Op) {
	span := d.span
	cp, fault := judgeCheckpoint(op, d.h, d.opt.Signed)
	switch fault {
	case faultSignature:
		// Nothing vouches for the span, so each of its ops stands on its
		// own signature, as in the tail: name the first that fails (ops
		// renumbered after a deletion or an insertion fail before the
		// checkpoint does), or else the checkpoint.
		if !d.clean() {
			return
		}
		if p, ok := firstBad(span, d.opt); !ok {
			d.bad(p)
		} else {
			d.bad(Problem{Kind: ProblemSignature, Seq: op.Seq, Op: op.ID(), Author: op.Author, Reason: "checkpoint"})
		}
	case faultMalformed:
		d.bad(Problem{Kind: ProblemCheckpoint, Seq: op.Seq, Op: op.ID(), Signer: op.Author, Reason: "malformed"})
	case faultChain:
		// Name the first op of the span that does not verify on its own
		// (an altered or forged op), or else the span's start: an unsigned
		// entry changed in place is caught only by the checkpoint, which
		// cannot say which of its ops changed.
		if !d.clean() {
			return
		}
		first := op
		if len(span) > 0 {
			first = span[0]
		}
		p := Problem{Kind: ProblemCheckpoint, Seq: first.Seq, Op: first.ID()}
		if own, ok := firstBad(span, d.opt); !ok {
			p.Seq, p.Op, p.Author = own.Seq, own.Op, own.Author
		}
		p.Signer = op.Author
		d.bad(p)
	default:
		d.checkpoints[op.Seq] = seenCheckpoint{covers: cp.Seq, chain: cp.Chain}
		for _, w := range cp.Witnesses {
			if w.Device != d.device {
				d.witnesses = append(d.witnesses, witnessed{d.device, w})
			}
		}
		// The signer vouches for its own ops in the span; anyone else's
		// must carry their own valid signature.
		for _, o := range span {
			if o.Author != op.Author && d.clean() {
				if p, ok := checkOwn(o, d.opt); !ok {
					p.Signer = op.Author
					d.bad(p)
				}
			}
		}
	}
}

// End finishes the device: brk is where the folder's chain stopped being
// valid (nil: it did not) and lastFile whether that is the device's newest
// segment file. The ops after the last checkpoint are checked on their own
// signatures.
func (d *DeviceCheck) End(brk *journal.ChainError, lastFile bool) {
	d.brk, d.lastFile = brk, lastFile
	if len(d.span) == 0 {
		return
	}
	t := &Tail{Device: d.device, From: d.span[0].Seq, To: d.span[len(d.span)-1].Seq}
	for _, o := range d.span {
		if anonymous(o) {
			t.Unsigned++
		}
	}
	if d.clean() {
		if p, ok := firstBad(d.span, d.opt); !ok {
			d.bad(p)
		}
	}
	d.tail = t
}

// firstBad checks ops on their own signatures and returns the first that
// fails.
func firstBad(ops []*journal.Op, opt Options) (Problem, bool) {
	for _, o := range ops {
		if p, ok := checkOwn(o, opt); !ok {
			return p, false
		}
	}
	return Problem{}, true
}

// anonymous reports whether o is a log entry or session written while
// locked: no author, no signature.
func anonymous(o *journal.Op) bool {
	return len(o.Sig) == 0 && o.Author == "" && (o.Kind == KindEntry || o.Kind == KindSession)
}

// checkOwn checks an op on its own signature. Unsigned ops are allowed only
// for log entries and sessions written while locked, which have no author:
// an unsigned op naming a user claims someone it cannot prove to be.
func checkOwn(o *journal.Op, opt Options) (Problem, bool) {
	if len(o.Sig) == 0 {
		if anonymous(o) {
			return Problem{}, true
		}
		return Problem{Kind: ProblemUnsigned, Seq: o.Seq, Op: o.ID(), Author: o.Author}, false
	}
	if !opt.Signed(o) {
		return Problem{Kind: ProblemSignature, Seq: o.Seq, Op: o.ID(), Author: o.Author}, false
	}
	return Problem{}, true
}

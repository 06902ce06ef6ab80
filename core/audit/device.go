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
	span []spanOp // ops since the last checkpoint, in order
	// spanEnc holds the span's encodings, one after another: an op is
	// decoded again only if its own signature must be checked, which a
	// checkpoint by its author spares.
	spanEnc []byte
	stop    bool // an op did not encode: the rest is not checked

	ops, entries, cps int
	held              uint64 // last intact Seq
	problems          []Problem
	tail              *Tail
	checkpoints       map[uint64]seenCheckpoint
	witnesses         []witnessed
	brk               *journal.ChainError
	lastFile          bool
}

// spanOp is what a DeviceCheck keeps of an op until the next checkpoint.
type spanOp struct {
	seq          uint64
	author, kind string // interned by the reader: no copy per op
	signed       bool   // it carries a signature
	end          int    // its encoding is spanEnc[previous end:end]
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
	enc, err := op.AppendBinary(d.hc.enc[:0])
	if err != nil {
		enc = nil
	} else {
		d.hc.enc = enc
	}
	d.AddEncoded(op, enc)
}

// AddEncoded is Add for an op together with its encoding, as the folder
// holds it (journal.Folder.ScanChain), which it need not make again: nil
// when the op does not encode. It keeps neither op nor enc: a reader may
// reuse their memory for the next op. Strings it keeps (Author, Kind)
// are not copied: a reader interns them.
func (d *DeviceCheck) AddEncoded(op *journal.Op, enc []byte) {
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
		d.span, d.spanEnc = d.span[:0], d.spanEnc[:0]
	}
	if op.Kind != KindCheckpoint {
		d.spanEnc = append(d.spanEnc, enc...)
		d.span = append(d.span, spanOp{seq: op.Seq, author: op.Author, kind: op.Kind, signed: len(op.Sig) > 0, end: len(d.spanEnc)})
	}
	if enc == nil {
		d.bad(Problem{Kind: ProblemChain, Seq: op.Seq, Op: op.ID(), Reason: "encoding"})
		d.stop = true
		return
	}
	d.h = d.hc.nextEncoded(d.h, enc)
}

// opID is the id of the device's op numbered seq (journal.Op.ID).
func (d *DeviceCheck) opID(seq uint64) string {
	return (&journal.Op{Device: d.device, Seq: seq}).ID()
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
		if p, ok := d.firstBad(span); !ok {
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
		p := Problem{Kind: ProblemCheckpoint, Seq: op.Seq, Op: op.ID()}
		if len(span) > 0 {
			p.Seq, p.Op = span[0].seq, d.opID(span[0].seq)
		}
		if own, ok := d.firstBad(span); !ok {
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
		for i, o := range span {
			if o.author != op.Author && d.clean() {
				if p, ok := d.checkOwn(i); !ok {
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
	t := &Tail{Device: d.device, From: d.span[0].seq, To: d.span[len(d.span)-1].seq}
	for _, o := range d.span {
		if anonymousOp(o.signed, o.author, o.kind) {
			t.Unsigned++
		}
	}
	if d.clean() {
		if p, ok := d.firstBad(d.span); !ok {
			d.bad(p)
		}
	}
	d.tail = t
}

// firstBad checks the span's ops (span is d.span or its start) on their own
// signatures and returns the first that fails.
func (d *DeviceCheck) firstBad(span []spanOp) (Problem, bool) {
	for i := range span {
		if p, ok := d.checkOwn(i); !ok {
			return p, false
		}
	}
	return Problem{}, true
}

// checkOwn is checkOwn for the span's op i, decoded again from its
// encoding only when its signature must be verified.
func (d *DeviceCheck) checkOwn(i int) (Problem, bool) {
	o := d.span[i]
	if !o.signed {
		if anonymousOp(false, o.author, o.kind) {
			return Problem{}, true
		}
		return Problem{Kind: ProblemUnsigned, Seq: o.seq, Op: d.opID(o.seq), Author: o.author}, false
	}
	start := 0
	if i > 0 {
		start = d.span[i-1].end
	}
	var op journal.Op
	if err := op.UnmarshalBinary(d.spanEnc[start:o.end]); err != nil {
		// It was encoded (or read) a moment ago: it decodes.
		return Problem{Kind: ProblemSignature, Seq: o.seq, Op: d.opID(o.seq), Author: o.author}, false
	}
	return checkOwn(&op, d.opt)
}

// anonymous reports whether o is a log entry or session written while
// locked: no author, no signature.
func anonymous(o *journal.Op) bool {
	return anonymousOp(len(o.Sig) > 0, o.Author, o.Kind)
}

func anonymousOp(signed bool, author, kind string) bool {
	return !signed && author == "" && (kind == KindEntry || kind == KindSession)
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

package audit

import (
	"cmp"
	"slices"

	"github.com/kinko-jp/kinko/core/journal"
)

// Chain is one device's ops as read from the vault folder, in Seq order
// from 1 (journal.Folder.ReadChain's valid prefix).
type Chain struct {
	Device string
	Ops    []*journal.Op
	// Break is where the folder's chain stopped being valid (nil: it did
	// not). LastFile tells whether the broken segment is the device's
	// newest file: an interrupted last write looks like that.
	Break    *journal.ChainError
	LastFile bool
}

// Options are what Verify needs besides the chains.
type Options struct {
	// Signed reports whether op's signature verifies under its author's
	// key (the vault's roster and signing domain).
	Signed func(op *journal.Op) bool
	// Known is the newest Seq per device this PC has imported: a folder
	// holding less was rolled back.
	Known map[string]uint64
}

// Problem kinds: each means the log was changed after it was written.
const (
	ProblemChain      = "chain"      // a segment is damaged, missing, reordered or replayed
	ProblemCheckpoint = "checkpoint" // the ops do not hash to what their signed checkpoint says
	ProblemSignature  = "signature"  // an op's or a checkpoint's signature does not verify
	ProblemUnsigned   = "unsigned"   // an op other than an anonymous log entry has no signature
	ProblemRollback   = "rollback"   // the folder holds less of a device than a witness or this PC saw
	ProblemWitness    = "witness"    // a device's checkpoint differs from what another device saw
)

// Problem names the first bad place of one kind on one device.
type Problem struct {
	Kind    string `json:"kind"`
	Device  string `json:"device"`
	Seq     uint64 `json:"seq,omitempty"` // first bad op (0: a whole segment, or the end)
	Segment uint64 `json:"segment,omitempty"`
	Op      string `json:"op,omitempty"`
	Author  string `json:"author,omitempty"` // the user the bad op claims
	Signer  string `json:"signer,omitempty"` // who signed the checkpoint over it
	Witness string `json:"witness,omitempty"`
	Held    uint64 `json:"held,omitempty"` // the device's last Seq in the folder (rollback)
	Seen    uint64 `json:"seen,omitempty"` // the Seq a witness or this PC saw (rollback)
	Reason  string `json:"reason,omitempty"`
}

// Torn is a device whose newest segment does not decode while nothing shows
// it was ever complete: an interrupted write (power cut, a NAS that went
// away), not tampering. The ops before it are intact.
type Torn struct {
	Device  string `json:"device"`
	Segment uint64 `json:"segment"`
	After   uint64 `json:"after"` // the last intact Seq
}

// Tail is a device's ops after its last checkpoint: each was checked by its
// own signature; unsigned entries (written while locked) wait for the next
// checkpoint to vouch for them.
type Tail struct {
	Device   string `json:"device"`
	From     uint64 `json:"from"`
	To       uint64 `json:"to"`
	Unsigned int    `json:"unsigned"`
}

// Report is the outcome of Verify. The log is intact when Problems is
// empty; Torn and Tails are facts, not faults.
type Report struct {
	Devices     int       `json:"devices"`
	Ops         int       `json:"ops"`
	Entries     int       `json:"entries"`
	Checkpoints int       `json:"checkpoints"`
	Problems    []Problem `json:"problems"`
	Torn        []Torn    `json:"torn"`
	Tails       []Tail    `json:"tails"`
}

// OK reports whether no tampering was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

type seenCheckpoint struct {
	covers uint64
	chain  Hash
}

type deviceResult struct {
	problems    []Problem
	tail        *Tail
	held        uint64 // last intact Seq
	checkpoints map[uint64]seenCheckpoint
	witnesses   []struct {
		by string
		w  Witness
	}
	entries, cps int
}

// Verify checks every device's chain: the running hash at each checkpoint
// against the signed value, each checkpoint's signature, the signatures of
// ops a checkpoint's signer did not write and of every op after the last
// checkpoint, the witnesses each device recorded of the others, and what
// this PC has seen. One signature check per checkpoint covers a few hundred
// ops, which is what makes a million entries verifiable in seconds.
func Verify(chains []Chain, opt Options) *Report {
	rep := &Report{Devices: len(chains), Problems: []Problem{}, Torn: []Torn{}, Tails: []Tail{}}
	results := make([]deviceResult, len(chains))
	for i := range chains {
		results[i] = verifyDevice(&chains[i], opt)
	}
	held := map[string]uint64{}
	cps := map[string]map[uint64]seenCheckpoint{}
	for i, c := range chains {
		held[c.Device] = results[i].held
		cps[c.Device] = results[i].checkpoints
	}
	// The furthest anyone saw of each device, to tell a torn tail (nobody
	// saw beyond it) from a cut one.
	seen := map[string]uint64{}
	for d, s := range opt.Known {
		seen[d] = s
	}
	for _, r := range results {
		for _, w := range r.witnesses {
			seen[w.w.Device] = max(seen[w.w.Device], w.w.Seq)
		}
	}
	for i, c := range chains {
		r := &results[i]
		rep.Ops += len(c.Ops)
		rep.Entries += r.entries
		rep.Checkpoints += r.cps
		rep.Problems = append(rep.Problems, r.problems...)
		if r.tail != nil {
			rep.Tails = append(rep.Tails, *r.tail)
		}
		if c.Break != nil {
			if c.LastFile && c.Break.Reason == journal.ReasonCorrupt && seen[c.Device] <= r.held {
				rep.Torn = append(rep.Torn, Torn{Device: c.Device, Segment: c.Break.Number, After: r.held})
			} else {
				rep.Problems = append(rep.Problems, Problem{Kind: ProblemChain, Device: c.Device, Segment: c.Break.Number, Seq: r.held + 1, Reason: c.Break.Reason})
			}
		}
	}
	// Witnesses: what each device saw of the others must still be there.
	for _, r := range results {
		for _, w := range r.witnesses {
			d := w.w.Device
			h, known := held[d]
			switch {
			case !known || h < w.w.Seq:
				rep.Problems = append(rep.Problems, Problem{Kind: ProblemRollback, Device: d, Witness: w.by, Held: h, Seen: w.w.Seq})
			default:
				cp, ok := cps[d][w.w.Seq]
				if !ok || cp.chain != w.w.Chain || cp.covers != w.w.Covers {
					rep.Problems = append(rep.Problems, Problem{Kind: ProblemWitness, Device: d, Seq: w.w.Seq, Witness: w.by})
				}
			}
		}
	}
	for d, s := range opt.Known {
		if h := held[d]; h < s {
			rep.Problems = append(rep.Problems, Problem{Kind: ProblemRollback, Device: d, Held: h, Seen: s, Witness: ""})
		}
	}
	rep.Problems = dedupe(rep.Problems)
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Device, b.Device), cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.Kind, b.Kind))
	})
	return rep
}

func dedupe(ps []Problem) []Problem {
	type key struct{ kind, device string }
	first := map[key]bool{}
	out := ps[:0]
	for _, p := range ps {
		k := key{p.Kind, p.Device}
		if p.Kind == ProblemRollback || p.Kind == ProblemWitness {
			k.kind += "/" + p.Witness
		}
		if first[k] {
			continue
		}
		first[k] = true
		out = append(out, p)
	}
	return out
}

func verifyDevice(c *Chain, opt Options) deviceResult {
	r := deviceResult{checkpoints: map[uint64]seenCheckpoint{}}
	var (
		h     Hash
		start int // index of the first op after the last checkpoint
	)
	// Only the first bad place is reported: later ones follow from it (a
	// changed op breaks every later checkpoint's hash). Once it is found,
	// the per-op signature checks, the only costly part, are skipped;
	// checkpoints and witnesses are still read.
	bad := func(p Problem) {
		if r.problems == nil {
			p.Device = c.Device
			r.problems = []Problem{p}
		}
	}
	clean := func() bool { return r.problems == nil }
	for i, op := range c.Ops {
		r.held = op.Seq
		switch op.Kind {
		case KindEntry:
			r.entries++
		case KindCheckpoint:
			r.cps++
			cp, err := DecodeCheckpoint(op.Payload)
			switch {
			case len(op.Sig) == 0 || !opt.Signed(op):
				// Nothing vouches for the span, so each of its ops stands
				// on its own signature, as in the tail: name the first that
				// fails (ops renumbered after a deletion or an insertion
				// fail before the checkpoint does), or else the checkpoint.
				if !clean() {
					break
				}
				if p, ok := firstBad(c.Ops[start:i], opt); !ok {
					bad(p)
				} else {
					bad(Problem{Kind: ProblemSignature, Seq: op.Seq, Op: op.ID(), Author: op.Author, Reason: "checkpoint"})
				}
			case err != nil || cp.Seq+1 != op.Seq:
				bad(Problem{Kind: ProblemCheckpoint, Seq: op.Seq, Op: op.ID(), Signer: op.Author, Reason: "malformed"})
			case cp.Chain != h:
				// Name the first op of the span that does not verify on its
				// own (an altered or forged op), or else the span's start:
				// an unsigned entry changed in place is caught only by the
				// checkpoint, which cannot say which of its ops changed.
				if !clean() {
					break
				}
				p := Problem{Kind: ProblemCheckpoint, Seq: c.Ops[start].Seq, Op: c.Ops[start].ID()}
				if own, ok := firstBad(c.Ops[start:i], opt); !ok {
					p.Seq, p.Op, p.Author = own.Seq, own.Op, own.Author
				}
				p.Signer = op.Author
				bad(p)
			default:
				r.checkpoints[op.Seq] = seenCheckpoint{covers: cp.Seq, chain: cp.Chain}
				for _, w := range cp.Witnesses {
					if w.Device != c.Device {
						r.witnesses = append(r.witnesses, struct {
							by string
							w  Witness
						}{c.Device, w})
					}
				}
				// The signer vouches for its own ops in the span; anyone
				// else's must carry their own valid signature.
				for _, o := range c.Ops[start:i] {
					if o.Author != op.Author && clean() {
						if p, ok := checkOwn(o, opt); !ok {
							p.Signer = op.Author
							bad(p)
							break
						}
					}
				}
			}
			start = i + 1
		}
		next, err := h.Next(op)
		if err != nil {
			bad(Problem{Kind: ProblemChain, Seq: op.Seq, Op: op.ID(), Reason: "encoding"})
			break
		}
		h = next
	}
	if start < len(c.Ops) {
		t := &Tail{Device: c.Device, From: c.Ops[start].Seq, To: c.Ops[len(c.Ops)-1].Seq}
		for _, o := range c.Ops[start:] {
			if anonymous(o) {
				t.Unsigned++
			}
		}
		if clean() {
			if p, ok := firstBad(c.Ops[start:], opt); !ok {
				bad(p)
			}
		}
		r.tail = t
	}
	return r
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

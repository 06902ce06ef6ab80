package audit

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

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
	// key (the vault's roster and signing domain). Verify calls it from
	// several goroutines at once.
	Signed func(op *journal.Op) bool
	// Known is the newest Seq per device this PC has imported: a folder
	// holding less was rolled back.
	Known map[string]uint64
	// External are checkpoints seen outside the folder, by who saw them
	// (a backup that stored them): each must still be in the folder, as
	// a device's witnesses must.
	External map[string][]Witness
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

// Verify checks every device's chain: the running hash at each checkpoint
// against the signed value, each checkpoint's signature, the signatures of
// ops a checkpoint's signer did not write and of every op after the last
// checkpoint, the witnesses each device recorded of the others, and what
// this PC has seen. One signature check per checkpoint covers a few hundred
// ops, which is what makes a million entries verifiable in seconds. It is
// NewDeviceCheck and Combine for chains already in memory; devices are
// checked in parallel, one per core.
func Verify(chains []Chain, opt Options) *Report {
	checks := make([]*DeviceCheck, len(chains))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range chains {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c := &chains[i]
			d := NewDeviceCheck(c.Device, opt)
			for _, op := range c.Ops {
				d.Add(op)
			}
			d.End(c.Break, c.LastFile)
			checks[i] = d
		}()
	}
	wg.Wait()
	return Combine(checks, opt)
}

// Combine finishes a verification from each device's DeviceCheck (all
// ended): the witnesses each device recorded of the others must still be
// in the folder, nothing this PC imported (opt.Known) may be missing, and a
// broken newest segment is a torn write only if nobody saw beyond it.
// core/vault's VerifyLog calls it after checking devices as it reads them.
func Combine(checks []*DeviceCheck, opt Options) *Report {
	rep := &Report{Devices: len(checks), Problems: []Problem{}, Torn: []Torn{}, Tails: []Tail{}}
	held := map[string]uint64{}
	cps := map[string]map[uint64]seenCheckpoint{}
	for _, d := range checks {
		held[d.device] = d.held
		cps[d.device] = d.checkpoints
	}
	// The furthest anyone saw of each device, to tell a torn tail (nobody
	// saw beyond it) from a cut one.
	seen := map[string]uint64{}
	for d, s := range opt.Known {
		seen[d] = s
	}
	var witnesses []witnessed
	for _, d := range checks {
		witnesses = append(witnesses, d.witnesses...)
	}
	for by, ws := range opt.External {
		for _, w := range ws {
			witnesses = append(witnesses, witnessed{by, w})
		}
	}
	for _, w := range witnesses {
		seen[w.w.Device] = max(seen[w.w.Device], w.w.Seq)
	}
	for _, d := range checks {
		rep.Ops += d.ops
		rep.Entries += d.entries
		rep.Checkpoints += d.cps
		rep.Problems = append(rep.Problems, d.problems...)
		if d.tail != nil {
			rep.Tails = append(rep.Tails, *d.tail)
		}
		if d.brk != nil {
			if d.lastFile && d.brk.Reason == journal.ReasonCorrupt && seen[d.device] <= d.held {
				rep.Torn = append(rep.Torn, Torn{Device: d.device, Segment: d.brk.Number, After: d.held})
			} else {
				rep.Problems = append(rep.Problems, Problem{Kind: ProblemChain, Device: d.device, Segment: d.brk.Number, Seq: d.held + 1, Reason: d.brk.Reason})
			}
		}
	}
	// Witnesses: what each device (or a backup) saw of the others must
	// still be there.
	for _, w := range witnesses {
		dev := w.w.Device
		h, known := held[dev]
		switch {
		case !known || h < w.w.Seq:
			rep.Problems = append(rep.Problems, Problem{Kind: ProblemRollback, Device: dev, Witness: w.by, Held: h, Seen: w.w.Seq})
		default:
			cp, ok := cps[dev][w.w.Seq]
			if !ok || cp.chain != w.w.Chain || cp.covers != w.w.Covers {
				rep.Problems = append(rep.Problems, Problem{Kind: ProblemWitness, Device: dev, Seq: w.w.Seq, Witness: w.by})
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

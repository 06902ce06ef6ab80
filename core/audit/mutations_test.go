package audit_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// The classes of change TestVerifyMutations applies, each with its
// oracle: from the shape of the log alone, whether the change can be
// detected and which op must be named.

// trial is one mutation of a copy of a world's logs.
type trial struct {
	w      *world
	rng    *rand.Rand
	chains []audit.Chain
	known  map[string]uint64 // what the verifying PC imported (nil: nothing)
}

// mutations change a trial's chains and say what Verify must find. Unless
// a mutation says otherwise, the verifier imported nothing (a new PC): an
// import record only adds rollback findings.
var mutations = map[string]func(tr *trial) want{
	// A byte of one op changed and the segment's checksum recomputed: only
	// the signatures and checkpoints can tell.
	"flip": func(tr *trial) want {
		c, i := tr.pick()
		orig := c.Ops[i]
		op := *orig
		op.Payload = slices.Clone(op.Payload)
		op.Payload[tr.rng.IntN(len(op.Payload))] ^= 1 << tr.rng.IntN(8)
		c.Ops[i] = &op
		return expectChanged(c, i)
	},
	// An op replaced by an entry claiming a user, signed with another
	// user's key or not at all, keeping the Seq.
	"replace": func(tr *trial) want {
		c, i := tr.pick()
		c.Ops[i] = tr.forged(c.Device, uint64(i+1))
		return expectChanged(c, i)
	},
	// Such a forged entry inserted (the later ops renumbered, the
	// segments re-encoded) or appended at the end.
	"insert": func(tr *trial) want {
		c, i := tr.pick()
		if tr.rng.IntN(3) == 0 {
			i = len(c.Ops)
		}
		op := tr.forged(c.Device, uint64(i+1))
		for _, o := range c.Ops[i:] {
			o.Seq++
		}
		c.Ops = slices.Insert(c.Ops, i, op)
		kind := audit.ProblemSignature
		if len(op.Sig) == 0 {
			kind = audit.ProblemUnsigned
		}
		return want{kind: kind, device: c.Device, seq: op.Seq, author: op.Author, checkAuthor: true}
	},
	// An op deleted and the later ones renumbered: every renumbered
	// signature breaks, and so does every witness of a later checkpoint.
	"delete-renumber": func(tr *trial) want {
		c, i := tr.pick()
		deleted := uint64(i + 1)
		c.Ops = slices.Delete(c.Ops, i, i+1)
		for _, o := range c.Ops[i:] {
			o.Seq--
		}
		w := want{ok: true, why: "an anonymous entry deleted after the last checkpoint and the later (anonymous) ones renumbered"}
		for _, o := range c.Ops[i:] {
			if len(o.Sig) > 0 {
				w = want{kind: audit.ProblemSignature, device: c.Device, seq: o.Seq, author: o.Author, checkAuthor: true}
				break
			}
		}
		if seq, ok := tr.firstWitness(c.Device, deleted, uint64(len(c.Ops))); ok && (w.ok || seq < w.seq) {
			w = want{kind: audit.ProblemWitness, device: c.Device, seq: seq}
		}
		return w
	},
	// An op deleted without renumbering: the journal's chain breaks at the
	// gap (ReadChain stops there with a seq-gap).
	"delete-gap": func(tr *trial) want {
		c, i := tr.pick()
		c.Ops = c.Ops[:i]
		c.Break = &journal.ChainError{Device: c.Device, Number: 1, Reason: journal.ReasonSeqGap}
		return want{kind: audit.ProblemChain, device: c.Device, seq: uint64(i + 1)}
	},
	// Two neighbouring ops exchanged (their Seqs too, so the segment still
	// encodes).
	"swap": func(tr *trial) want {
		c, i := tr.pick()
		for i+1 >= len(c.Ops) || c.Ops[i].Kind == audit.KindCheckpoint || c.Ops[i+1].Kind == audit.KindCheckpoint {
			c, i = tr.pick()
		}
		a, b := c.Ops[i], c.Ops[i+1]
		c.Ops[i], c.Ops[i+1] = b, a
		a.Seq, b.Seq = b.Seq, a.Seq
		start, cp := spanOf(c.Ops, i)
		first := b // now at i
		if len(b.Sig) == 0 {
			first = a
		}
		switch {
		case cp >= 0 && len(first.Sig) > 0:
			return want{kind: audit.ProblemCheckpoint, device: c.Device, seq: first.Seq, author: first.Author, signer: c.Ops[cp].Author, checkAuthor: true, checkSigner: true}
		case cp >= 0:
			return want{kind: audit.ProblemCheckpoint, device: c.Device, seq: uint64(start + 1), signer: c.Ops[cp].Author, checkSigner: true}
		case len(first.Sig) > 0:
			return want{kind: audit.ProblemSignature, device: c.Device, seq: first.Seq, author: first.Author, checkAuthor: true}
		}
		return want{ok: true, why: "two anonymous entries swapped after the last checkpoint"}
	},
	// The newest ops cut off (the last segment re-encoded): detectable
	// exactly when a witness or this PC's import record holds a later op.
	"truncate": func(tr *trial) want {
		c, i := tr.pick()
		tr.known = tr.importRecord()
		seen := max(tr.known[c.Device], tr.witnessed(c.Device))
		c.Ops = c.Ops[:i]
		if seen > uint64(i) {
			return want{kind: audit.ProblemRollback, device: c.Device, held: uint64(i)}
		}
		return want{ok: true, why: "a truncation nobody witnessed and this PC never imported"}
	},
	// The newest segment torn by an interrupted write (it does not
	// decode): a fact, unless someone saw beyond it.
	"torn": func(tr *trial) want {
		c, i := tr.pick()
		tr.known = tr.importRecord()
		seen := max(tr.known[c.Device], tr.witnessed(c.Device))
		c.Ops, c.Break, c.LastFile = c.Ops[:i], &journal.ChainError{Device: c.Device, Number: 9, Reason: journal.ReasonCorrupt}, true
		if seen > uint64(i) {
			return want{kind: audit.ProblemChain, device: c.Device, seq: uint64(i + 1)}
		}
		return want{ok: true, why: "a torn newest segment nobody saw beyond"}
	},
	// A user of the vault (with a key of their own) cuts a device's log
	// and writes a new, self-consistent tail with a checkpoint they sign:
	// only a witness of a cut checkpoint shows it.
	"insider": func(tr *trial) want {
		c, i := tr.pick()
		c.Ops = c.Ops[:i]
		var h audit.Hash
		for _, op := range c.Ops {
			h, _ = h.Next(op)
		}
		x := tr.w.users[tr.rng.IntN(len(tr.w.users))]
		sign := func(op *journal.Op) {
			op.Sig = seal.Sign(x.priv, signDomain, op.SigningBytes())
			c.Ops = append(c.Ops, op)
			h, _ = h.Next(op)
		}
		for range 1 + tr.rng.IntN(40) {
			sign(&journal.Op{Device: c.Device, Seq: uint64(len(c.Ops) + 1), Author: x.id, Kind: audit.KindEntry, Scope: "audit", Payload: tr.w.payload()})
		}
		b, _ := json.Marshal(audit.Checkpoint{Seq: uint64(len(c.Ops)), Chain: h, Reason: audit.ReasonClose})
		sign(&journal.Op{Device: c.Device, Seq: uint64(len(c.Ops) + 1), Author: x.id, Kind: audit.KindCheckpoint, Payload: b})
		held := uint64(len(c.Ops))
		// The oldest witness of a cut checkpoint shows it.
		switch seq, ok := tr.firstWitness(c.Device, uint64(i+1), math.MaxUint64); {
		case !ok:
			return want{ok: true, why: "an insider rewrote a tail nobody witnessed"}
		case seq > held:
			return want{kind: audit.ProblemRollback, device: c.Device, held: held}
		default:
			return want{kind: audit.ProblemWitness, device: c.Device, seq: seq}
		}
	},
}

// expectChanged is the verdict for op i of c changed in place: inside a
// checkpoint's span the checkpoint shows it, naming the op when it fails
// its own signature, or the span's start for an anonymous entry, which has
// none; a changed checkpoint fails its signature; after the last
// checkpoint only the op's own signature can show it.
func expectChanged(c *audit.Chain, i int) want {
	op := c.Ops[i]
	if op.Kind == audit.KindCheckpoint {
		return want{kind: audit.ProblemSignature, device: c.Device, seq: op.Seq, author: op.Author, checkAuthor: true}
	}
	bad := len(op.Sig) > 0 || op.Author != "" // an anonymous entry has neither
	start, cp := spanOf(c.Ops, i)
	switch {
	case cp >= 0 && bad:
		return want{kind: audit.ProblemCheckpoint, device: c.Device, seq: op.Seq, author: op.Author, signer: c.Ops[cp].Author, checkAuthor: true, checkSigner: true}
	case cp >= 0:
		return want{kind: audit.ProblemCheckpoint, device: c.Device, seq: uint64(start + 1), signer: c.Ops[cp].Author, checkSigner: true}
	case len(op.Sig) > 0:
		return want{kind: audit.ProblemSignature, device: c.Device, seq: op.Seq, author: op.Author, checkAuthor: true}
	case bad:
		return want{kind: audit.ProblemUnsigned, device: c.Device, seq: op.Seq, author: op.Author, checkAuthor: true}
	}
	return want{ok: true, why: "an anonymous entry after the last checkpoint changed: only the next checkpoint will vouch for it"}
}

// pick chooses a device with ops and one of its ops.
func (tr *trial) pick() (*audit.Chain, int) {
	for {
		c := &tr.chains[tr.rng.IntN(len(tr.chains))]
		if len(c.Ops) > 0 {
			return c, tr.rng.IntN(len(c.Ops))
		}
	}
}

// forged is an entry claiming a user, signed with another user's key or
// not signed at all.
func (tr *trial) forged(dev string, seq uint64) *journal.Op {
	users := tr.w.users
	v := tr.rng.IntN(len(users))
	op := &journal.Op{Device: dev, Seq: seq, Time: journal.HLC{Wall: 1}, Author: users[v].id, Kind: audit.KindEntry, Scope: "audit", Payload: tr.w.payload()}
	if tr.rng.IntN(2) == 0 {
		signer := users[(v+1+tr.rng.IntN(len(users)-1))%len(users)]
		op.Sig = seal.Sign(signer.priv, signDomain, op.SigningBytes())
	}
	return op
}

// importRecord is what the verifying PC imported: everything, or (a PC
// that was away) a random prefix of each device.
func (tr *trial) importRecord() map[string]uint64 {
	return knownOf(tr.w, tr.rng)
}

func knownOf(w *world, rng *rand.Rand) map[string]uint64 {
	k := w.known()
	if rng.IntN(2) == 0 {
		for d, n := range k {
			k[d] = rng.Uint64N(n + 1)
		}
	}
	return k
}

// witnesses lists the witnesses of device d in c's checkpoints, in order.
func witnesses(c audit.Chain, d string) []audit.Witness {
	var out []audit.Witness
	if c.Device == d {
		return nil
	}
	for _, op := range c.Ops {
		if op.Kind != audit.KindCheckpoint {
			continue
		}
		cp, err := audit.DecodeCheckpoint(op.Payload)
		if err != nil {
			continue
		}
		for _, wt := range cp.Witnesses {
			if wt.Device == d {
				out = append(out, wt)
			}
		}
	}
	return out
}

// witnessed is the newest Seq of d another device's checkpoint names.
func (tr *trial) witnessed(d string) uint64 {
	var seq uint64
	for _, c := range tr.chains {
		for _, wt := range witnesses(c, d) {
			seq = max(seq, wt.Seq)
		}
	}
	return seq
}

// firstWitness is the oldest witnessed checkpoint of d in [from, to].
func (tr *trial) firstWitness(d string, from, to uint64) (uint64, bool) {
	best, ok := uint64(0), false
	for _, c := range tr.chains {
		for _, wt := range witnesses(c, d) {
			if wt.Seq >= from && wt.Seq <= to && (!ok || wt.Seq < best) {
				best, ok = wt.Seq, true
			}
		}
	}
	return best, ok
}

package vault_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The tamper suite's classes of change (logtamper_test.go runs them): each
// changes the vault folder as someone with write access to the NAS could
// and returns what VerifyLog must find from the verifying PC — the kind of
// problem and the first changed op, or why nothing can show the change.

// changedInPlace is the verdict for op i of ops changed without moving
// any other op: inside a checkpoint's span the checkpoint shows it and
// names the op when it fails its own signature; after the last checkpoint
// only its own signature can.
func changedInPlace(d string, ops []*journal.Op, i int) want {
	op := ops[i]
	start, cp := spanOf(ops, i)
	anonymous := len(op.Sig) == 0 && op.Author == ""
	switch {
	case cp >= 0 && !anonymous:
		return want{kind: audit.ProblemCheckpoint, device: d, seq: op.Seq, author: op.Author, signer: ops[cp].Author, checkAuthor: true, checkSigner: true}
	case cp >= 0:
		return want{kind: audit.ProblemCheckpoint, device: d, seq: ops[start].Seq, signer: ops[cp].Author, checkSigner: true}
	case len(op.Sig) > 0:
		return want{kind: audit.ProblemSignature, device: d, seq: op.Seq, author: op.Author, checkAuthor: true}
	case !anonymous:
		return want{kind: audit.ProblemUnsigned, device: d, seq: op.Seq, author: op.Author, checkAuthor: true}
	}
	return want{ok: true, why: "an anonymous entry after the last checkpoint changed"}
}

var tamperClasses = map[string]func(tr *tamper) want{
	// A byte of a segment file flipped: the segment no longer decodes.
	// The newest segment of a device looks torn (an interrupted write)
	// unless the verifying PC imported it or a witness saw beyond it.
	"flip-byte": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		n := 1 + tr.rng.IntN(len(sizes))
		if tr.rng.IntN(2) == 0 {
			n = len(sizes) // the newest segment: torn, or not
		}
		path := segPath(tr.lo.folder, d, uint64(n))
		b, err := os.ReadFile(path)
		must(tr.t, err)
		b[tr.rng.IntN(len(b))] ^= 1 << tr.rng.IntN(8)
		must(tr.t, os.WriteFile(path, b, 0o644))
		before := 0
		for _, s := range sizes[:n-1] {
			before += s
		}
		tr.note = fmt.Sprintf("segment %s/%d", d, n)
		if n == len(sizes) && tr.seen(d) <= uint64(before) {
			return want{ok: true, why: "the newest segment damaged, nobody saw it: a torn write", device: d, torn: true}
		}
		return want{kind: audit.ProblemChain, device: d, seq: ops[before].Seq, segment: uint64(n)}
	},
	// One entry's sealed bytes changed and the segments re-encoded.
	"flip-recomputed": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, false)
		ops[i].Payload[tr.rng.IntN(len(ops[i].Payload))] ^= 1
		tr.write(d, ops, sizes)
		return changedInPlace(d, ops, i)
	},
	// An anonymous entry (a failed login) changed: only its checkpoint,
	// if it has one yet, can show it, and it cannot say which op changed.
	"flip-anonymous": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		var cands []int
		for i, op := range ops {
			if op.Kind == audit.KindEntry && op.Author == "" {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			return want{ok: true, why: "no anonymous entry on this device"}
		}
		i := cands[tr.rng.IntN(len(cands))]
		tr.note = ops[i].ID()
		ops[i].Payload[0] ^= 1
		tr.write(d, ops, sizes)
		return changedInPlace(d, ops, i)
	},
	// An entry deleted and the later ops renumbered: each renumbered
	// signature breaks, so the first signed op after the gap is named.
	"delete-renumbered": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, false)
		ops = slices.Delete(ops, i, i+1)
		for _, op := range ops[i:] {
			op.Seq--
		}
		tr.write(d, ops, sizes)
		for _, op := range ops[i:] {
			if len(op.Sig) > 0 {
				return want{kind: audit.ProblemSignature, device: d, seq: op.Seq, author: op.Author, checkAuthor: true}
			}
		}
		return want{ok: true, why: "only anonymous entries after the deleted one"}
	},
	// An entry deleted, the later ops keeping their Seq: the chain breaks
	// at the gap.
	"delete-gap": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, false)
		seq := ops[i].Seq
		tr.write(d, slices.Delete(ops, i, i+1), sizes)
		return want{kind: audit.ProblemChain, device: d, seq: seq}
	},
	// Two neighbouring ops exchanged, their Seqs too (a segment must count
	// up by one).
	"reorder-ops": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, true)
		ops[i], ops[i+1] = ops[i+1], ops[i]
		ops[i].Seq, ops[i+1].Seq = ops[i+1].Seq, ops[i].Seq
		tr.write(d, ops, sizes)
		return changedInPlace(d, ops, i)
	},
	// Two segment files exchanged by name: the first no longer links to
	// its predecessor.
	"reorder-segments": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		n := 1 + tr.rng.IntN(len(sizes)-1)
		p, q := segPath(tr.lo.folder, d, uint64(n)), segPath(tr.lo.folder, d, uint64(n+1))
		must(tr.t, os.Rename(p, p+".x"))
		must(tr.t, os.Rename(q, p))
		must(tr.t, os.Rename(p+".x", q))
		before := 0
		for _, s := range sizes[:n-1] {
			before += s
		}
		tr.note = fmt.Sprintf("segments %s/%d and %d", d, n, n+1)
		return want{kind: audit.ProblemChain, device: d, seq: ops[before].Seq, segment: uint64(n)}
	},
	// An entry claiming another user inserted (the later ops renumbered)
	// or appended at the end, signed with the insider's key or unsigned.
	"insert-claiming": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, false)
		if tr.rng.IntN(3) == 0 {
			i = len(ops)
		}
		op := tr.forged(d, uint64(i+1))
		for _, o := range ops[i:] {
			o.Seq++
		}
		ops = slices.Insert(ops, i, op)
		tr.write(d, ops, sizes)
		tr.note = op.ID()
		kind := audit.ProblemSignature
		if len(op.Sig) == 0 {
			kind = audit.ProblemUnsigned
		}
		return want{kind: kind, device: d, seq: op.Seq, author: op.Author, checkAuthor: true}
	},
	// An entry replaced by one claiming another user, same Seq.
	"replace-claiming": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		i := tr.signedEntry(ops, false)
		ops[i] = tr.forged(d, ops[i].Seq)
		tr.write(d, ops, sizes)
		return changedInPlace(d, ops, i)
	},
	// The newest ops cut off and the last segment re-encoded: shown
	// exactly when the verifying PC imported, or a witness names, a later
	// op.
	"truncate-recomputed": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		h := tr.rng.IntN(len(ops))
		if tr.rng.IntN(2) == 0 { // near the end, where witnesses thin out
			h = len(ops) - 1 - tr.rng.IntN(min(len(ops), 150))
		}
		seen := tr.seen(d)
		tr.write(d, ops[:h], sizes)
		tr.note = fmt.Sprintf("%s cut after %d of %d, seen %d", d, h, len(ops), seen)
		if seen > uint64(h) {
			return want{kind: audit.ProblemRollback, device: d, held: uint64(h)}
		}
		return want{ok: true, why: "a truncation nobody witnessed and this PC never imported"}
	},
	// The whole journal replaced by the copy taken at two thirds of the
	// build: consistent in itself, so only the verifying PC's import
	// record shows it ("c" joined before the copy was taken: nothing).
	"older-copy": func(tr *tamper) want {
		restore(tr.t, tr.lo.folder, tr.lo.older)
		tr.note = "whole journal"
		w := want{ok: true, why: "an older copy of the whole folder, newer than what this PC imported"}
		for _, d := range tr.lo.devices {
			if tr.lo.known[tr.viewer][d] > tr.lo.olderLen[d] {
				r := want{kind: audit.ProblemRollback, device: d, held: tr.lo.olderLen[d]}
				if !w.ok {
					r.also = append(r.also, w)
				}
				w = r
			}
		}
		return w
	},
	// One device's folder replaced by its older copy: the other device's
	// witnesses show it.
	"older-device": func(tr *tamper) want {
		d := tr.device()
		dir := filepath.Join(tr.lo.folder, "journal", d)
		must(tr.t, wintest.RemoveAll(dir))
		must(tr.t, os.CopyFS(dir, os.DirFS(filepath.Join(tr.lo.older, d))))
		tr.note = "older copy of " + d
		if tr.seen(d) > tr.lo.olderLen[d] {
			return want{kind: audit.ProblemRollback, device: d, held: tr.lo.olderLen[d]}
		}
		return want{ok: true, why: "an older copy of one device nobody saw beyond"}
	},
	// A user of the vault cuts a device's log and writes a new tail of
	// entries and a checkpoint signed with their own key: self-consistent,
	// so only a witness of a cut checkpoint or this PC's import record
	// (when the new tail is shorter) shows it.
	"insider-rewrite": func(tr *tamper) want {
		d := tr.device()
		ops, sizes := tr.read(d)
		h := len(ops) - 1 - tr.rng.IntN(min(len(ops), 400))
		ops = ops[:h]
		var chain audit.Hash
		for _, op := range ops {
			chain, _ = chain.Next(op)
		}
		add := func(op *journal.Op) {
			op.Device, op.Seq, op.Author = d, uint64(len(ops)+1), tr.lo.users["suzuki"]
			op.Sig = seal.Sign(tr.lo.insider, "kinko/op/v2", op.SigningBytes())
			ops = append(ops, op)
			chain, _ = chain.Next(op)
		}
		for range 1 + tr.rng.IntN(50) {
			add(&journal.Op{Kind: audit.KindEntry, Scope: "audit", Payload: []byte("rewritten")})
		}
		cp, _ := json.Marshal(audit.Checkpoint{Seq: uint64(len(ops)), Chain: chain, Reason: audit.ReasonClose})
		add(&journal.Op{Kind: audit.KindCheckpoint, Payload: cp})
		tr.write(d, ops, sizes)
		held := uint64(len(ops))
		tr.note = fmt.Sprintf("%s cut after %d, %d ops written", d, h, held-uint64(h))
		first := tr.firstWitness(d, uint64(h+1))
		switch {
		case first != 0 && first <= held:
			return want{kind: audit.ProblemWitness, device: d, seq: first}
		case first != 0 || tr.lo.known[tr.viewer][d] > held:
			return want{kind: audit.ProblemRollback, device: d, held: held}
		}
		return want{ok: true, why: "an insider rewrote a tail nobody witnessed"}
	},
}

// firstWitness is the oldest checkpoint of d at or after from that another
// device's checkpoint names (0: none).
func (tr *tamper) firstWitness(d string, from uint64) uint64 {
	var first uint64
	for _, other := range tr.lo.devices {
		if other == d {
			continue
		}
		ops, _ := tr.read(other)
		for _, op := range ops {
			if op.Kind != audit.KindCheckpoint {
				continue
			}
			cp, err := audit.DecodeCheckpoint(op.Payload)
			must(tr.t, err)
			for _, w := range cp.Witnesses {
				if w.Device == d && w.Seq >= from && (first == 0 || w.Seq < first) {
					first = w.Seq
				}
			}
		}
	}
	return first
}

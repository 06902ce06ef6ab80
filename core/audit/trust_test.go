package audit_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
)

// trustOf follows chain c with a TrustChain as a reader does, handing out
// each entry as it is folded (a checkpoint comes after its entries) and
// settling it when its checkpoint arrives, and returns each entry's final
// trust by Seq.
func trustOf(w *world, c audit.Chain) map[uint64]audit.Trust {
	tc := audit.NewTrustChain(c.Device)
	bySeq := map[uint64]*journal.Op{}
	got := map[uint64]audit.Trust{}
	own := func(seq uint64) bool { return w.signed(bySeq[seq]) }
	for _, op := range c.Ops {
		bySeq[op.Seq] = op
		enc, _ := op.MarshalBinary()
		if tc.Fold(op, enc, w.signed) {
			tc.Settle(own, func(s audit.Settled) { got[s.Seq] = s.Trust })
		}
		if op.Kind != audit.KindEntry {
			continue
		}
		t, final := tc.Trust(op.Seq, op.Author, func() bool { return w.signed(op) })
		got[op.Seq] = t
		if !final {
			tc.Wait(op.Time.Wall, op.Seq, op.Author, t)
		}
	}
	return got
}

// TestTrustClean: in untouched logs every entry a checkpoint covers is
// verified as its user's (also those of a session another user's login
// vouched for after a crash: their own signatures), or unsigned when
// written while locked; those after a device's last checkpoint are
// pending, and nothing is unverifiable.
func TestTrustClean(t *testing.T) {
	counts := map[audit.Trust]int{}
	for seed := range uint64(20) {
		w := newWorld(t, seed, 2+int(seed%2), 300)
		for _, c := range w.chains() {
			got := trustOf(w, c)
			for i, op := range c.Ops {
				if op.Kind != audit.KindEntry {
					continue
				}
				_, cp := spanOf(c.Ops, i)
				want := audit.TrustVerified
				switch {
				case op.Author == "":
					want = audit.TrustUnsigned
				case cp < 0:
					want = audit.TrustPending
				}
				if got[op.Seq] != want {
					t.Fatalf("seed %d: %s: %s, want %s", seed, op.ID(), got[op.Seq], want)
				}
				counts[want]++
			}
		}
	}
	for _, s := range []audit.Trust{audit.TrustVerified, audit.TrustPending, audit.TrustUnsigned} {
		if counts[s] == 0 {
			t.Fatalf("no entry was %s: the test proves nothing (%v)", s, counts)
		}
	}
}

// TestTrustMutations: whatever someone with write access to the folder
// changes (every class Verify is tested against), no entry is verified
// unless the user it names signed exactly that entry — through a
// checkpoint they signed over an intact chain, or its own signature.
func TestTrustMutations(t *testing.T) {
	worlds := make([]*world, 8)
	for seed := range worlds {
		worlds[seed] = newWorld(t, uint64(seed), 2+seed%2, 200)
	}
	for _, name := range slices.Sorted(maps.Keys(mutations)) {
		t.Run(name, func(t *testing.T) {
			marked := 0
			for seed := range uint64(len(worlds)) {
				w := worlds[seed]
				for n := range 15 {
					tr := &trial{w: w, rng: rand.New(rand.NewPCG(seed, uint64(n))), chains: w.chains()}
					mutations[name](tr)
					for _, c := range tr.chains {
						got := trustOf(w, c)
						for _, op := range c.Ops {
							if op.Kind != audit.KindEntry {
								continue
							}
							switch got[op.Seq] {
							case audit.TrustVerified:
								if op.Author == "" || !signedBy(w, op) {
									t.Fatalf("seed %d trial %d: %s verified as %q, who did not sign it", seed, n, op.ID(), op.Author)
								}
							case audit.TrustUnverifiable:
								marked++
							}
						}
					}
				}
			}
			t.Logf("%d entries marked unverifiable", marked)
		})
	}
}

// signedBy reports whether op's author signed it: an op as the world
// wrote it was (the verification is the slow part of the test), anything
// else is checked.
func signedBy(w *world, op *journal.Op) bool {
	for _, d := range w.devs {
		if d.id == op.Device && op.Seq >= 1 && op.Seq <= uint64(len(d.ops)) {
			a, _ := op.MarshalBinary()
			b, _ := d.ops[op.Seq-1].MarshalBinary()
			if string(a) == string(b) {
				return len(op.Sig) > 0
			}
		}
	}
	return w.signed(op)
}

// TestTrustInsider: a user who writes entries claiming another user (or
// nobody) into a device, then a checkpoint of their own over them, gets
// none of them shown as the other user's; their own entries are theirs.
func TestTrustInsider(t *testing.T) {
	w := newWorld(t, 7, 1, 0)
	victim, insider := w.users[0], w.users[1]
	d := w.devs[0]
	d.user = victim
	w.entry(d)
	w.checkpoint(d, audit.ReasonClose) // the victim's honest session
	d.user = insider
	w.checkpoint(d, audit.ReasonRecover)
	claim := w.emit(d, audit.KindEntry, d.session, w.payload())
	// Rewritten to name the victim: the insider signs it (with their own
	// key) and then the checkpoint over it.
	claim.Author = victim.id
	own := w.emit(d, audit.KindEntry, d.session, w.payload())
	d.h = audit.Hash{}
	for _, op := range d.ops {
		d.h, _ = d.h.Next(op)
	}
	w.checkpoint(d, audit.ReasonClose)
	tail := w.emit(d, audit.KindEntry, d.session, w.payload()) // after the last checkpoint
	tail.Author = victim.id
	got := trustOf(w, audit.Chain{Device: d.id, Ops: d.ops})
	for op, want := range map[*journal.Op]audit.Trust{
		d.ops[1]: audit.TrustVerified, // the victim's own entry
		claim:    audit.TrustUnverifiable,
		own:      audit.TrustVerified,
		tail:     audit.TrustPending,
	} {
		if got[op.Seq] != want {
			t.Errorf("%s (author %s): %s, want %s", op.ID(), op.Author, got[op.Seq], want)
		}
	}
}

// TestIndexSettle: an entry added as pending takes the trust its
// checkpoint settles, found by time, device and Seq among entries of the
// same millisecond; a filter on trust selects by the new state.
func TestIndexSettle(t *testing.T) {
	l := office(t)
	for i := range l.entries {
		l.entries[i].Trust = audit.TrustPending
	}
	// Another PC's entry in the same millisecond as d1.1.
	l.entries = append(l.entries, audit.Entry{Time: l.entries[0].Time, User: "u-suzuki", Device: "d2", Op: "d2.9", Action: audit.Login, Result: audit.ResultOK, Trust: audit.TrustPending})
	x := l.index()
	first := l.entries[0]
	x.Settle([]audit.Settled{
		{Time: first.Time, Device: "d1", Seq: 1, Trust: audit.TrustVerified},
		{Time: first.Time, Device: "d2", Seq: 9, Trust: audit.TrustUnverifiable},
		{Time: first.Time, Device: "d3", Seq: 1, Trust: audit.TrustVerified}, // not in the index
		{Time: first.Time + 1, Device: "d1", Seq: 2, Trust: audit.TrustVerified},
	})
	for _, tc := range []struct {
		trust []audit.Trust
		want  []string
	}{
		{[]audit.Trust{audit.TrustVerified}, []string{"d1.1"}},
		{[]audit.Trust{audit.TrustUnverifiable}, []string{"d2.9"}},
		{[]audit.Trust{audit.TrustUnsigned}, nil},
		{[]audit.Trust{audit.TrustVerified, audit.TrustUnverifiable}, []string{"d1.1", "d2.9"}},
	} {
		es, total := x.Query(audit.Filter{Trust: tc.trust}, 0, 50, false)
		if total != len(tc.want) {
			t.Errorf("%v: %d entries, want %d", tc.trust, total, len(tc.want))
		}
		got := ops(es)
		slices.Sort(got)
		equal(t, string(tc.trust[0]), got, tc.want)
	}
	if es, total := x.Query(audit.Filter{Trust: []audit.Trust{audit.TrustPending}}, 0, 50, false); total != len(l.entries)-2 || es[0].Trust != audit.TrustPending {
		t.Errorf("pending: %d entries", total)
	}
}

package audit_test

import (
	"crypto/sha256"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
)

// want is what Verify must report: nothing (ok), or at least a problem of
// kind on device naming seq (and author, signer, held and witness when
// checked), with no problem on another device and none naming an op of
// device before seq: the first changed op is the first one named.
type want struct {
	ok             bool
	why            string // ok: why nothing can show the change
	kind, device   string
	seq            uint64
	author, signer string
	held           uint64 // rollback: what the folder still holds
	checkAuthor    bool
	checkSigner    bool
}

func check(t *testing.T, rep *audit.Report, w want) {
	t.Helper()
	if w.ok {
		if !rep.OK() {
			t.Fatalf("reported, though nothing can show it (%s): %+v", w.why, rep.Problems)
		}
		return
	}
	if rep.OK() {
		t.Fatalf("not detected: want %s on %s at %d", w.kind, w.device, w.seq)
	}
	found := false
	for _, p := range rep.Problems {
		if p.Device != w.device {
			t.Fatalf("an untouched device is blamed: %+v (changed: %s)", p, w.device)
		}
		if p.Seq != 0 && p.Seq < w.seq {
			t.Fatalf("op %d named, before the first changed op %d: %+v", p.Seq, w.seq, rep.Problems)
		}
		found = found || p.Kind == w.kind && p.Seq == w.seq &&
			(!w.checkAuthor || p.Author == w.author) && (!w.checkSigner || p.Signer == w.signer) &&
			(w.kind != audit.ProblemRollback || p.Held == w.held && p.Seen > p.Held)
	}
	if !found {
		t.Fatalf("want %s on %s at %d (author %q signer %q held %d), got %+v", w.kind, w.device, w.seq, w.author, w.signer, w.held, rep.Problems)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestVerifyClean: untouched logs verify with no problem, whatever the
// verifier imported, and Verify counts ops, entries, checkpoints and tails.
func TestVerifyClean(t *testing.T) {
	for seed := range uint64(20) {
		w := newWorld(t, seed, 2+int(seed%2), 300)
		rng := rand.New(rand.NewPCG(seed, 1))
		rep := audit.Verify(w.chains(), audit.Options{Signed: w.signed, Known: knownOf(w, rng)})
		if !rep.OK() || len(rep.Torn) != 0 {
			t.Fatalf("seed %d: clean log: %+v torn %+v", seed, rep.Problems, rep.Torn)
		}
		ops, entries, cps := 0, 0, 0
		for _, d := range w.devs {
			ops += len(d.ops)
			for _, op := range d.ops {
				entries += b2i(op.Kind == audit.KindEntry)
				cps += b2i(op.Kind == audit.KindCheckpoint)
			}
			start, cp := spanOf(d.ops, len(d.ops)-1)
			if cp >= 0 {
				continue
			}
			unsigned := 0
			for _, op := range d.ops[start:] {
				unsigned += b2i(len(op.Sig) == 0)
			}
			if !slices.Contains(rep.Tails, audit.Tail{Device: d.id, From: uint64(start + 1), To: uint64(len(d.ops)), Unsigned: unsigned}) {
				t.Fatalf("seed %d: tail of %s from %d: %+v", seed, d.id, start+1, rep.Tails)
			}
		}
		if rep.Ops != ops || rep.Entries != entries || rep.Checkpoints != cps || rep.Devices != len(w.devs) {
			t.Fatalf("seed %d: counts %+v, want %d ops %d entries %d checkpoints", seed, rep, ops, entries, cps)
		}
	}
}

// TestVerifyMutations applies every class of change to many random logs.
func TestVerifyMutations(t *testing.T) {
	worlds := make([]*world, 8)
	for seed := range worlds {
		worlds[seed] = newWorld(t, uint64(seed), 2+seed%2, 200)
	}
	names := slices.Sorted(maps.Keys(mutations))
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			detected, hidden := 0, 0
			for seed := range uint64(len(worlds)) {
				w := worlds[seed]
				for n := range 15 {
					tr := &trial{w: w, rng: rand.New(rand.NewPCG(seed, uint64(n))), chains: w.chains()}
					exp := mutations[name](tr)
					rep := audit.Verify(tr.chains, audit.Options{Signed: w.signed, Known: tr.known})
					t.Run("", func(t *testing.T) {
						defer func() {
							if t.Failed() {
								t.Logf("seed %d, trial %d", seed, n)
							}
						}()
						check(t, rep, exp)
					})
					if exp.ok {
						hidden++
					} else {
						detected++
					}
				}
			}
			if detected == 0 {
				t.Fatal("no trial made a detectable change: the test proves nothing")
			}
			t.Logf("%d detected, %d undetectable by design", detected, hidden)
		})
	}
}

// TestVerifyOlderCopy: the whole folder replaced by an older copy is
// consistent in itself (its witnesses are as old as it is), so only what
// this PC imported shows it; one device's folder replaced by an older copy
// is shown by the other devices' witnesses too.
func TestVerifyOlderCopy(t *testing.T) {
	for seed := range uint64(12) {
		w := newWorld(t, seed, 3, 300)
		rng := rand.New(rand.NewPCG(seed, 2))
		at := 1 + rng.Int64N(w.clock)
		old := w.chains()
		for i := range old {
			old[i].Ops = slices.DeleteFunc(old[i].Ops, func(op *journal.Op) bool { return op.Time.Wall > at })
		}
		if rep := audit.Verify(old, audit.Options{Signed: w.signed}); !rep.OK() {
			t.Fatalf("seed %d: an older copy verified by a new PC: %+v", seed, rep.Problems)
		}
		known := w.known()
		rep := audit.Verify(old, audit.Options{Signed: w.signed, Known: known})
		for _, c := range old {
			cut := uint64(len(c.Ops)) < known[c.Device]
			got := slices.ContainsFunc(rep.Problems, func(p audit.Problem) bool {
				return p.Kind == audit.ProblemRollback && p.Device == c.Device && p.Held == uint64(len(c.Ops)) && p.Seen == known[c.Device] && p.Witness == ""
			})
			if cut != got {
				t.Fatalf("seed %d: device %s holds %d of %d: rollback reported %v: %+v", seed, c.Device, len(c.Ops), known[c.Device], got, rep.Problems)
			}
		}
		// One device rolled back, the others current.
		cur := w.chains()
		d := rng.IntN(len(cur))
		cur[d] = old[d]
		tr := &trial{w: w, chains: cur}
		rep = audit.Verify(cur, audit.Options{Signed: w.signed})
		if seen := tr.witnessed(cur[d].Device); seen > uint64(len(cur[d].Ops)) {
			if !slices.ContainsFunc(rep.Problems, func(p audit.Problem) bool {
				return p.Kind == audit.ProblemRollback && p.Device == cur[d].Device && p.Witness != ""
			}) {
				t.Fatalf("seed %d: a device rolled back behind its witnesses: %+v", seed, rep.Problems)
			}
		} else if !rep.OK() {
			t.Fatalf("seed %d: an unwitnessed rollback of one device: %+v", seed, rep.Problems)
		}
	}
}

// TestVerifyDeviceRemoved: a device's whole folder deleted is a rollback
// to nothing when anyone saw it.
func TestVerifyDeviceRemoved(t *testing.T) {
	w := newWorld(t, 99, 2, 400)
	chains := w.chains()
	gone := chains[1].Device
	rep := audit.Verify(chains[:1], audit.Options{Signed: w.signed, Known: w.known()})
	if !slices.ContainsFunc(rep.Problems, func(p audit.Problem) bool {
		return p.Kind == audit.ProblemRollback && p.Device == gone && p.Held == 0
	}) {
		t.Fatalf("a removed device: %+v", rep.Problems)
	}
}

// TestHashNext: the chain hash is SHA-256 of the previous hash and the
// op's encoding, the format every checkpoint ever written relies on.
func TestHashNext(t *testing.T) {
	w := newWorld(t, 7, 1, 20)
	var h audit.Hash
	for _, op := range w.devs[0].ops {
		b, err := op.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		want := audit.Hash(sha256.Sum256(append(h[:], b...)))
		if h, err = h.Next(op); err != nil || h != want {
			t.Fatalf("op %d: %x, want %x (%v)", op.Seq, h, want, err)
		}
	}
	if h != w.devs[0].h {
		t.Fatal("the writer's chain differs")
	}
}

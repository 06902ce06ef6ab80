package audit_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// Property tests of Verify over synthetic logs: devices written the way
// core/vault writes them (entries sealed elsewhere, a running chain hash,
// signed checkpoints with witnesses, anonymous entries while locked, user
// switches with and without a closing checkpoint), then changed the way
// someone with write access to the vault folder could. Every class of
// change is checked against an oracle that says, from the shape of the log
// alone, whether it can be detected and which op must be named. The seeds
// are fixed so that a failure reproduces.

const signDomain = "kinko/op/v2" // core/vault's op signing domain

type user struct {
	id   string
	priv ed25519.PrivateKey
}

type device struct {
	id      string
	ops     []*journal.Op
	h       audit.Hash
	user    *user  // nil: locked
	session string // the current log.session op
	since   int    // ops since the last checkpoint
	every   int    // interval between checkpoints
	seen    map[string]audit.Witness
	lastCP  *audit.Witness // its own newest checkpoint, as others will see it
}

type world struct {
	rng   *rand.Rand
	users []*user
	pubs  map[string]ed25519.PublicKey
	devs  []*device
	clock int64
}

func newWorld(t testing.TB, seed uint64, devices, ops int) *world {
	t.Helper()
	w := &world{rng: rand.New(rand.NewPCG(seed, 0x1e55)), pubs: map[string]ed25519.PublicKey{}}
	for i := range 3 {
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		u := &user{id: fmt.Sprintf("u%d", i), priv: priv}
		w.users = append(w.users, u)
		w.pubs[u.id] = pub
	}
	for i := range devices {
		w.devs = append(w.devs, &device{id: fmt.Sprintf("dev%c", 'a'+i), every: 4 + w.rng.IntN(12), seen: map[string]audit.Witness{}})
	}
	total := 0
	for total < ops {
		d := w.devs[w.rng.IntN(len(w.devs))]
		before := len(d.ops)
		switch n := w.rng.IntN(100); {
		case n < 65:
			w.entry(d)
		case n < 75:
			if d.user != nil {
				w.emit(d, "record.put", "client/c1", w.payload())
			}
		case n < 82: // lock: the session's ops get a closing checkpoint
			if d.user != nil && d.since > 0 {
				w.checkpoint(d, audit.ReasonClose)
			}
			d.user, d.session = nil, ""
		case n < 92: // log in, sometimes over another user's session (no closing checkpoint)
			if d.user != nil && w.rng.IntN(2) == 0 && d.since > 0 {
				w.checkpoint(d, audit.ReasonClose)
			}
			d.user, d.session = w.users[w.rng.IntN(len(w.users))], ""
			if d.since > 0 {
				w.checkpoint(d, audit.ReasonRecover)
			}
		default: // every device writes and imports: witnesses
			for _, x := range w.devs {
				for _, y := range w.devs {
					if x != y && y.lastCP != nil {
						x.seen[y.id] = *y.lastCP
					}
				}
			}
		}
		total += len(d.ops) - before
	}
	return w
}

func (w *world) payload() []byte {
	b := make([]byte, 20+w.rng.IntN(40))
	for i := range b {
		b[i] = byte(w.rng.Uint32())
	}
	return b
}

func (w *world) entry(d *device) {
	if d.session == "" {
		d.session = w.emit(d, audit.KindSession, "", w.payload()).ID()
	}
	w.emit(d, audit.KindEntry, d.session, w.payload())
}

// emit appends an op as core/vault's emit does: signed by the logged-in
// user (unsigned and authorless while locked), folded into the chain hash,
// and followed by an interval checkpoint when one is due.
func (w *world) emit(d *device, kind, target string, payload []byte) *journal.Op {
	w.clock++
	op := &journal.Op{Device: d.id, Seq: uint64(len(d.ops) + 1), Time: journal.HLC{Wall: w.clock}, Kind: kind, Target: target, Payload: payload}
	if audit.IsLog(kind) {
		op.Scope = "audit"
	}
	if d.user != nil {
		op.Author = d.user.id
		op.Sig = seal.Sign(d.user.priv, signDomain, op.SigningBytes())
	}
	d.ops = append(d.ops, op)
	d.h, _ = d.h.Next(op)
	d.since++
	if kind == audit.KindCheckpoint {
		d.since = 0
	} else if d.since >= d.every && d.user != nil {
		w.checkpoint(d, audit.ReasonInterval)
	}
	return op
}

func (w *world) checkpoint(d *device, reason string) {
	cp := audit.Checkpoint{Seq: uint64(len(d.ops)), Chain: d.h, Reason: reason}
	for _, id := range slices.Sorted(maps.Keys(d.seen)) {
		cp.Witnesses = append(cp.Witnesses, d.seen[id])
	}
	b, err := json.Marshal(cp)
	if err != nil {
		panic(err)
	}
	op := w.emit(d, audit.KindCheckpoint, "", b)
	d.lastCP = &audit.Witness{Device: d.id, Seq: op.Seq, Chain: cp.Chain, Covers: cp.Seq}
}

func (w *world) signed(op *journal.Op) bool {
	pub, ok := w.pubs[op.Author]
	return ok && seal.Verify(pub, signDomain, op.SigningBytes(), op.Sig) == nil
}

// chains returns a copy of every device's log that a mutation may change
// without touching the world.
func (w *world) chains() []audit.Chain {
	out := make([]audit.Chain, len(w.devs))
	for i, d := range w.devs {
		ops := make([]*journal.Op, len(d.ops))
		for j, op := range d.ops {
			c := *op
			ops[j] = &c
		}
		out[i] = audit.Chain{Device: d.id, Ops: ops}
	}
	return out
}

func (w *world) known() map[string]uint64 {
	k := map[string]uint64{}
	for _, d := range w.devs {
		k[d.id] = uint64(len(d.ops))
	}
	return k
}

// spanOf returns the index of the first op of i's checkpoint span and the
// index of the checkpoint that closes it (-1 in the tail).
func spanOf(ops []*journal.Op, i int) (start, cp int) {
	for start = i; start > 0 && ops[start-1].Kind != audit.KindCheckpoint; start-- {
	}
	for cp = i; cp < len(ops) && ops[cp].Kind != audit.KindCheckpoint; cp++ {
	}
	if cp == len(ops) {
		cp = -1
	}
	return start, cp
}

package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
)

// Held ops (docs/vault-format.md §7.4). An op that refers to something this
// replica has not received — an op of its causal past, a user, a client, a
// key epoch, an erasure proposal, its author's user.add — is quarantined as
// "pending" (or "unknown-author") and indexed in bWaits under that one
// thing, its wait key. When the thing arrives (an op is stored, a control op
// takes effect) the ops waiting for it, and only those, are judged again;
// what they make take effect wakes others in turn. Junk nobody will ever
// deliver is stored once and costs no later import anything.
//
// This keeps the state a pure function of the op set: a held op's verdict
// can change only when what it waits for arrives. The checks made before
// an op is found pending depend on its own payload, on ops positioned
// before it that only a rebuild can change (users and their rights: a late
// user op makes the replica replay everything, which rebuilds this index
// too), and on the first missing thing itself. Something taking effect at
// a position after the op cannot change its verdict either (it is judged
// by the roster at its own position), so a control op wakes only the ops
// positioned after it. Each held op is therefore judged again at most once
// per thing it names: once per op of its causal past (at most one per
// device) and once per user, client, epoch or proposal it refers to.

// Wait keys: what a held op waits for.
func waitOp(id string) string     { return "op:" + id }
func waitUser(id string) string   { return "user:" + id }
func waitAuthor(id string) string { return "author:" + id }
func waitClient(id string) string { return "client:" + id }
func waitEpoch(scope string, epoch uint32) string {
	return "epoch:" + scope + ":" + strconv.FormatUint(uint64(epoch), 10)
}
func waitProposal(id string) string { return "proposal:" + id }

// waitAny holds an op whose pending reason names nothing checkErr said: it
// is woken by every control op that takes effect before it. No path of
// checkErr needs it today; it keeps a new one safe.
const waitAny = "any"

// pendingError is errPending naming what the op waits for.
type pendingError struct{ on string }

func (e *pendingError) Error() string { return errPending.Error() }
func (e *pendingError) Unwrap() error { return errPending }

// waitFor returns errPending for an op that waits for key.
func waitFor(key string) error { return &pendingError{on: key} }

// awaited is the wait key of an op checkErr found pending with err.
// access.Decide refuses an unknown client or user as a denial: those name
// the client or user from the op's payload.
func awaited(op *journal.Op, err error) string {
	var p *pendingError
	if errors.As(err, &p) {
		return p.on
	}
	var denied *access.DeniedError
	if !errors.As(err, &denied) {
		return waitAny
	}
	if denied.Reason == access.ReasonUnknownUser {
		return waitAuthor(op.Author)
	}
	var client, user string
	switch op.Kind {
	case KindLevel, KindMyNumberAdd, KindMyNumberDrop:
		l, _ := decode[levelRecord](op.Payload)
		client, user = l.Client, l.User
	case KindErasurePropose:
		p, _ := decode[ErasureProposal](op.Payload)
		_, _, _, client, _ = recordScope(p.Target)
	case KindRecordPut, KindRecordDelete:
		_, _, _, client, _ = recordScope(op.Target)
	}
	switch {
	case denied.Reason == access.ReasonUnknownClient && client != "":
		return waitClient(client)
	case denied.Reason == access.ReasonUnknownTarget && user != "":
		return waitUser(user)
	}
	return waitAny
}

// arrival is something that arrived: ops waiting for key are judged again,
// those positioned after after only (nil: all of them).
type arrival struct {
	key   string
	after []byte
}

// storedArrivals are the arrivals of ops just stored.
func storedArrivals(ops []*journal.Op) []arrival {
	out := make([]arrival, len(ops))
	for i, op := range ops {
		out[i] = arrival{key: waitOp(op.ID())}
	}
	return out
}

// effectArrivals are the arrivals of a control op that took effect.
func effectArrivals(op *journal.Op) []arrival {
	p := pos(op)
	out := []arrival{{key: waitAny, after: p}}
	add := func(key string) { out = append(out, arrival{key: key, after: p}) }
	switch op.Kind {
	case KindUserAdd:
		u, _ := decode[userRecord](op.Payload)
		add(waitUser(u.ID))
		add(waitAuthor(u.ID))
	case KindClientCreate:
		c, _ := decode[clientRecord](op.Payload)
		add(waitClient(c.ID))
	case KindScopeKey:
		k, _ := decode[scopeKeyRef](op.Payload)
		add(waitEpoch(k.Scope, k.Epoch))
	case KindScopeKeys:
		k, _ := decode[scopeKeysRefs](op.Payload)
		for _, e := range k.Keys {
			add(waitEpoch(e.Scope, e.Epoch))
		}
	case KindErasurePropose:
		e, _ := decode[ErasureProposal](op.Payload)
		add(waitProposal(e.ID))
	}
	return out
}

// waitPrefix is the bWaits key prefix of a wait key: the key and 0x00. A
// key that could contain 0x00 (it comes from a payload) is hashed, so
// that no prefix is the start of another key.
func waitPrefix(key string) []byte {
	if strings.IndexByte(key, 0) >= 0 || len(key) > 512 {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return append([]byte(key), 0)
}

// rejudgeHook, when set (export_test.go), is told of every held op taken
// up again.
var rejudgeHook func(v *Vault)

// wake takes the ops waiting for what arrived out of the index and returns
// those to judge again, sorted, their quarantine entries removed. An op
// waiting for an op of its causal past is first checked against the rest
// of that past: if another op of it is missing, it waits for that one
// without being judged (the result would be "pending" again). What it
// waits for next has not arrived (it is not stored), so it is indexed again
// after the others are found.
func (v *Vault) wake(tx *bolt.Tx, arrived []arrival) ([]*journal.Op, error) {
	waits, quarantine, logB := tx.Bucket(bWaits), tx.Bucket(bQuarantine), tx.Bucket(bLog)
	var woken []*journal.Op
	var again [][]byte
	for _, a := range arrived {
		prefix := waitPrefix(a.key)
		var keys [][]byte
		c := waits.Cursor()
		for k, _ := c.Seek(append(prefix[:len(prefix):len(prefix)], a.after...)); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if a.after == nil || bytes.Compare(k[len(prefix):], a.after) > 0 {
				keys = append(keys, bytes.Clone(k))
			}
		}
		for _, k := range keys {
			if err := waits.Delete(k); err != nil {
				return nil, err
			}
			b := logB.Get(k[len(prefix):])
			if b == nil {
				continue // not an op's position: nothing to judge
			}
			op, err := decodeOp(b)
			if err != nil {
				return nil, err
			}
			if rejudgeHook != nil {
				rejudgeHook(v)
			}
			if strings.HasPrefix(a.key, "op:") {
				if reason, next := causal(tx, op); reason == ReasonPending {
					again = append(again, append(waitPrefix(next), pos(op)...))
					continue
				}
			}
			if err := quarantine.Delete([]byte(op.ID())); err != nil {
				return nil, err
			}
			woken = append(woken, op)
		}
	}
	slices.SortFunc(again, bytes.Compare) // see verdicts
	for _, k := range again {
		if err := waits.Put(k, nil); err != nil {
			return nil, err
		}
	}
	sortOps(woken)
	return woken, nil
}

package vault

import (
	"bytes"
	"crypto/ed25519"
	"runtime"
	"sync"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// Checking an op's signature (ed25519) is most of the CPU a join spends,
// and the materialiser checks ops one by one inside the write transaction.
// The import therefore checks the next chunk's signatures first, on every
// core, against every key the op's author has had or is given in the chain
// being read (candidateKeys), and notes which key each op's signature
// holds under (preSigs). The materialiser still decides which key is the
// author's at the op's position (roster.verifyOp): it skips the check only
// when the noted key is that key, and checks it itself otherwise. A noted
// key is a fact about the op's bytes, whoever's key it turns out to be.

// candidateKeys are signing keys by user id: the roster's (every key each
// user has had) and those of user.add and user.passwd ops read since.
type candidateKeys map[string][]ed25519.PublicKey

// signingKeys returns every signing key the roster's users have had.
func (r *roster) signingKeys() candidateKeys {
	k := candidateKeys{}
	for id, ks := range r.signKeys {
		for _, at := range ks {
			k.add(id, at.Key)
		}
	}
	for id, pk := range r.verify {
		k.add(id, pk)
	}
	return k
}

func (k candidateKeys) add(user string, pk ed25519.PublicKey) {
	if len(pk) != ed25519.PublicKeySize {
		return
	}
	for _, have := range k[user] {
		if bytes.Equal(have, pk) {
			return
		}
	}
	k[user] = append(k[user], pk)
}

// learn adds the keys that ops give users (valid or not: only a candidate).
func (k candidateKeys) learn(ops []*journal.Op) {
	for _, op := range ops {
		switch op.Kind {
		case KindUserAdd:
			if u, err := decode[userRecord](op.Payload); err == nil && u.Public != nil {
				if pk, err := u.Public.VerifyKey(); err == nil {
					k.add(u.ID, pk)
				}
			}
		case KindUserPasswd:
			if p, err := decode[passwdRecord](op.Payload); err == nil && p.Public != nil {
				if pk, err := p.Public.VerifyKey(); err == nil {
					k.add(p.ID, pk)
				}
			}
		}
	}
}

// preSigs notes, for ops checked ahead, the key their signature holds
// under. Registered in checkedSigs until released.
type preSigs struct {
	ops  []*journal.Op
	keys []ed25519.PublicKey // keys[i]: ops[i]'s, nil if none of the candidates
}

// checkedSigs maps an op (the decoded value, by address: ops from a later
// read are other values) to the key its signature was found to hold under.
var checkedSigs sync.Map // *journal.Op → ed25519.PublicKey

// preverify checks ops' signatures on every core against keys and notes
// the results until release.
func preverify(ops []*journal.Op, keys candidateKeys) *preSigs {
	p := &preSigs{ops: ops, keys: make([]ed25519.PublicKey, len(ops))}
	eachOnCores(len(ops), 1+len(ops)/64, func(i int) {
		op := ops[i]
		if audit.IsLog(op.Kind) {
			return // judged by the log verifier, not here
		}
		msg := op.SigningBytes()
		for _, pk := range keys[op.Author] {
			if seal.Verify(pk, signDomain, msg, op.Sig) == nil {
				p.keys[i] = pk
				break
			}
		}
	})
	for i, pk := range p.keys {
		if pk != nil {
			checkedSigs.Store(ops[i], pk)
		}
	}
	return p
}

// release forgets p's notes.
func (p *preSigs) release() {
	if p == nil {
		return
	}
	for i, pk := range p.keys {
		if pk != nil {
			checkedSigs.Delete(p.ops[i])
		}
	}
	p.ops, p.keys = nil, nil
}

// sigHolds reports whether op's signature holds under pub: noted by
// preverify, or checked now.
func sigHolds(pub ed25519.PublicKey, op *journal.Op) bool {
	if k, ok := checkedSigs.Load(op); ok && bytes.Equal(k.(ed25519.PublicKey), pub) {
		return true
	}
	return seal.Verify(pub, signDomain, op.SigningBytes(), op.Sig) == nil
}

// eachOnCores calls fn(i) for i in [0, n), spread over at most limit
// goroutines (and no more than the cores), and returns when all are done.
func eachOnCores(n, limit int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), limit, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}

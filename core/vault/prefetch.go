package vault

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/seal"
)

// prefetchOff turns prefetchKeys off, for benchmarks' reference runs.
var prefetchOff bool

// prefetchKeys opens, before a scan of every client's records, the
// current key epoch of each client scope the user may read and has not
// opened in this session: from the replica's key cache where it holds
// them, and by unwrapping the rest on every core. It is what makes the
// first login on a PC that joined the vault (an empty key cache: one
// unwrap per client) take seconds rather than tens of them. It changes
// nothing scopeKeys would not: the same keys, in the session and the key
// cache, a wrap without a stanza for the user counting as none, as there;
// a scope with a wrap not made for the user is left to scopeKeys.
func (v *Vault) prefetchKeys(ctx context.Context, rep progress.Reporter, tx *bolt.Tx) error {
	s := v.sess
	type job struct {
		ck   []byte
		ad   seal.AD
		wrap []byte // nil: found in the key cache or opened already
		key  seal.Key
		ok   bool
		keep bool // opened here: to be stored in the key cache
	}
	type open struct {
		epoch uint32
		jobs  []*job // one per ref of the epoch, in ref order
	}
	var todo []*job
	scopes := map[string]*open{}
	cache := tx.Bucket(bKeyCache)
scopes:
	for scope, refs := range v.r.keys {
		kind, client, err := access.ParseScope(scope)
		if err != nil || kind != access.KindClient || len(refs) == 0 {
			continue
		}
		o := &open{epoch: refs[len(refs)-1].Epoch}
		var unwrap []*job // this scope's, queued once the scope is known to be ours
		if _, ok := s.scope[scope][o.epoch]; ok || v.mayRead("client/"+client) != nil {
			continue
		}
		for _, ref := range refs {
			if ref.Epoch != o.epoch {
				continue
			}
			j := &job{ck: join(s.user, scope, string(be32(o.epoch)), ref.Op),
				ad: seal.AD{Vault: v.id, Kind: "keycache", ID: s.user, Scope: scope, Epoch: o.epoch, Version: ref.Op}}
			o.jobs = append(o.jobs, j)
			if sealed := cache.Get(j.ck); sealed != nil {
				if plain, err := seal.Open(&s.cacheKey, j.ad, sealed); err == nil && len(plain) == 32 {
					j.key, j.ok = seal.Key(plain), true
					continue
				}
			}
			if ref.Holders != nil && !slices.Contains(ref.Holders, s.user) {
				for _, j := range o.jobs {
					clear(j.key[:])
				}
				continue scopes // not ours to guess: scopeKeys decides
			}
			if ks, ok := s.openedBatch(ref.Op); ok {
				if ref.Slot < len(ks) {
					j.key, j.ok, j.keep = ks[ref.Slot], true, true
				}
				continue
			}
			op, err := v.opByID(tx, ref.Op)
			if err != nil {
				return err
			}
			if op.Kind == KindScopeKeys {
				// One age file for many clients' first keys: opened once
				// per session (batchKeys), here on this goroutine.
				if ks, err := v.batchKeys(op); err == nil && ref.Slot < len(ks) {
					j.key, j.ok, j.keep = ks[ref.Slot], true, true
				}
				continue
			}
			rec, err := decode[scopeKeyRecord](op.Payload)
			if err != nil {
				return err
			}
			j.wrap, j.keep = rec.Wrapped, true
			unwrap = append(unwrap, j)
		}
		todo = append(todo, unwrap...)
		scopes[scope] = o
	}
	// The unwraps are the cost (an X25519 exchange each, with the session's
	// stanza hint): spread them over the cores.
	u := s.unwrapper()
	var wg sync.WaitGroup
	var done atomic.Int64
	next := make(chan *job)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				k, err := u.Unwrap(j.wrap)
				j.key, j.ok = k, err == nil
				if n := done.Add(1); n%64 == 0 {
					rep.Report(progress.Update{Stage: "keys", Done: n, Total: int64(len(todo))})
				}
			}
		})
	}
	var err error
	for _, j := range todo {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if err != nil {
		// Nothing is kept: the keys opened so far are dropped with the jobs.
		for _, j := range todo {
			clear(j.key[:])
		}
		return err
	}
	if len(todo) > 0 {
		rep.Report(progress.Update{Stage: "keys", Done: int64(len(todo)), Total: int64(len(todo))})
	}
	for scope, o := range scopes {
		var ks []seal.Key
		for _, j := range o.jobs {
			if !j.ok {
				continue // no stanza for us in this wrap
			}
			ks = appendKey(ks, j.key)
			if j.keep {
				sealed, err := seal.Seal(&s.cacheKey, j.ad, j.key[:])
				if err != nil {
					return err
				}
				s.pending = append(s.pending, [2][]byte{j.ck, sealed})
			}
			clear(j.key[:])
		}
		if s.scope[scope] == nil {
			s.scope[scope] = map[uint32][]seal.Key{}
		}
		s.scope[scope][o.epoch] = ks
	}
	return nil
}

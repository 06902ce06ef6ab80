package vault

import (
	"crypto/ed25519"
	"encoding/binary"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
)

// DeviceKey returns this installation's device key, as the PC's owner can
// read it from the replica on their own PC: tests that rewrite a device's
// segments sign them with it.
func (v *Vault) DeviceKey() ed25519.PrivateKey { return v.devKey }

// ForcePut writes a record version the way a modified program of the
// logged-in user could: sealed, signed and queued for the vault folder, but
// without the checks emit makes. Replicas must quarantine it.
func (v *Vault) ForcePut(target string, parents []string, data []byte) (string, error) {
	var id string
	err := v.locked(func() error {
		return v.update(func(tx *bolt.Tx) error {
			_, rid, scope, _, err := recordScope(target)
			if err != nil {
				return err
			}
			ref, _ := v.r.current(scope)
			op := v.newOp(tx, KindRecordPut, target)
			op.Scope, op.Epoch, op.Parents = scope, ref.Epoch, parents
			if ks, err := v.scopeKeys(tx, scope, ref.Epoch); err == nil {
				op.Payload, _ = sealWith(&ks[0], v.recordAD(op, rid), data)
			} else {
				op.Payload = data
			}
			op.Sig = signOp(v.sess.keys.Sign, op)
			if _, err := v.ingest(tx, []*journalOp{op}); err != nil {
				return err
			}
			id = op.ID()
			return tx.Bucket(bOutbox).Put(be64(op.Seq), []byte(id))
		})
	})
	return id, err
}

// Quarantined returns the replica's quarantine: op id → reason.
func (v *Vault) Quarantined() map[string]string {
	out := map[string]string{}
	v.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bQuarantine).ForEach(func(k, val []byte) error {
			out[string(k)] = string(val)
			return nil
		})
	})
	return out
}

// Derived returns the materialised state (heads and quarantine) as text,
// for the convergence test: equal strings mean equal states.
func (v *Vault) Derived() string {
	var s []byte
	v.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bHeads, bQuarantine, bConflicts} {
			s = append(s, b...)
			s = append(s, '\n')
			tx.Bucket(b).ForEach(func(k, val []byte) error {
				s = append(s, k...)
				s = append(s, '=')
				s = append(s, val...)
				s = append(s, '\n')
				return nil
			})
		}
		return nil
	})
	v.mu.Lock()
	defer v.mu.Unlock()
	s = append(s, v.r.fingerprint()...)
	return string(s)
}

// HasVersion reports whether op is a valid version in the replica.
func (v *Vault) HasVersion(op string) bool {
	found := false
	v.db.View(func(tx *bolt.Tx) error {
		o, err := v.opByID(tx, op)
		found = err == nil && tx.Bucket(bVersions).Get(join(o.Target, op)) != nil
		return nil
	})
	return found
}

// Benchmark helpers (bench_test.go).

// Replica bucket names, for the benchmark's plain read loop that reads the
// replica file without the vault.
var (
	BucketHeads = string(bHeads)
	BucketIDs   = string(bIDs)
	BucketLog   = string(bLog)
)

// ScopeKeys returns every scope key the logged-in user holds, by scope and
// epoch ("<scope> <epoch>"), so the benchmark's plain loop can decrypt
// records with keys obtained once.
func (v *Vault) ScopeKeys() (map[string]seal.Key, error) {
	out := map[string]seal.Key{}
	err := v.locked(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			for scope, refs := range v.r.keys {
				for _, ref := range refs {
					ks, err := v.scopeKeys(tx, scope, ref.Epoch)
					if err == ErrNoAccess {
						continue
					}
					if err != nil {
						return err
					}
					out[ScopeKeyName(scope, ref.Epoch)] = ks[len(ks)-1]
				}
			}
			return nil
		})
	})
	return out, err
}

// ScopeKeyName is the key of ScopeKeys' map.
func ScopeKeyName(scope string, epoch uint32) string {
	return scope + " " + strconv.FormatUint(uint64(epoch), 10)
}

// SetSegmentHook makes every flush call fn before it writes a segment of
// device; an error stops the flush there (a full disk, a PC switched off
// between two segments). nil removes the hook.
func SetSegmentHook(fn func(device string, n uint64) error) { segmentHook = fn }

// SetPrefetch turns the parallel opening of every client's key before a
// full scan on or off (the benchmarks' reference: the path before it).
func SetPrefetch(on bool) { prefetchOff = !on }

// CachedKeys returns every scope key in this replica's key cache that the
// logged-in user can open: what their own program could take from the
// replica file on their PC.
func (v *Vault) CachedKeys() ([]seal.Key, error) {
	var out []seal.Key
	err := v.locked(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bKeyCache).ForEach(func(k, sealed []byte) error {
				// user 0x00 scope 0x00 epoch(4) 0x00 op
				user, rest, _ := strings.Cut(string(k), "\x00")
				scope, rest, _ := strings.Cut(rest, "\x00")
				if user != v.sess.user || len(rest) < 5 {
					return nil
				}
				ad := seal.AD{Vault: v.id, Kind: "keycache", ID: user, Scope: scope, Epoch: binary.BigEndian.Uint32([]byte(rest[:4])), Version: rest[5:]}
				if plain, err := seal.Open(&v.sess.cacheKey, ad, sealed); err == nil && len(plain) == 32 {
					out = append(out, seal.Key(plain))
				}
				return nil
			})
		})
	})
	return out, err
}

// OpensHead reports whether k opens the sealed payload of target's first
// head, whatever the roster says.
func (v *Vault) OpensHead(target string, k seal.Key) (bool, error) {
	ok := false
	err := v.locked(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			head, _, _ := strings.Cut(string(tx.Bucket(bHeads).Get([]byte(target))), "\x00")
			op, err := v.opByID(tx, head)
			if err != nil {
				return err
			}
			_, id, _ := cutKind(op.Target)
			_, err = seal.Open(&k, v.recordAD(op, id), op.Payload)
			ok = err == nil
			return nil
		})
	})
	return ok, err
}

// SetLateReplayHook sets a function called each time a late op is judged
// by a replayed history (fromSnapshot: started from a kept roster) rather
// than by the current roster.
func SetLateReplayHook(fn func(fromSnapshot bool)) { lateReplayHook = fn }

// SetImportChunk sets how many ops an import transaction applies at
// least, returning the old value.
func SetImportChunk(n int) int { old := importChunkOps; importChunkOps = n; return old }

// SetLateShortcuts turns the late-op shortcuts on or off (off: every late
// op replays the control history from the first op, as before them).
func SetLateShortcuts(on bool) { lateNoShortcut = !on }

// VerifyOpSigsFloor checks ops' signatures on every core against their
// authors' keys found among ops (benchmarks' floor); it returns the number
// of ops.
func VerifyOpSigsFloor(ops []*journal.Op) int {
	floorKeys.learn(ops)
	preverify(ops, floorKeys).release()
	return len(ops)
}

var floorKeys = candidateKeys{}

// SetPackEvery sets after how many new segments this device packs its
// segments, returning the old value.
func SetPackEvery(n int) int { old := packEvery; packEvery = n; return old }

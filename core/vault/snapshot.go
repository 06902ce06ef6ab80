package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/gob"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
)

// The roster is a pure function of the valid control ops, and replaying
// tens of thousands of them (three per client) dominated Open. The replica
// therefore keeps a snapshot of it (meta key mRosterSnap, gob), written
// when the replica is closed or after a replay, and deleted in the same
// transaction as any control op that takes effect — so a snapshot that
// exists is always current, and a crash at worst costs one replay.

const mRosterSnap = "roster.snap"

// rosterSnap is the stored form; verify keys and logins are derived.
type rosterSnap struct {
	Format    int
	Vault     string
	Recovery  string
	State     *access.State
	Users     map[string]*userRecord
	Creator   map[string]string
	Keys      map[string][]keyRef
	Devices   map[string]Device
	Proposals map[string]*proposal
	LogKeys   []logKeyRecord
	Changes   changes
	Rekeyed   map[string]string
	SignKeys  map[string][]keyAt
	// Recoveries and UserRecovery: the recovery keys the vault has had and
	// whose each user's recovery copy is for (keyRef.Recovery rides in Keys).
	Recoveries   []recoveryAt
	UserRecovery map[string]string
}

// snapFormat 6 added Recoveries, UserRecovery and keyRef.Recovery (5 Rekeyed and
// SignKeys, 4 Changes, 3 LogKeys): older snapshots are replayed once.
const snapFormat = 6

func (r *roster) snapshot() ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(rosterSnap{Format: snapFormat, Vault: r.vault, Recovery: r.recovery, State: r.st,
		Users: r.users, Creator: r.creator, Keys: r.keys, Devices: r.devices, Proposals: r.proposals, LogKeys: r.logKeys, Changes: r.changes, Rekeyed: r.rekeyed, SignKeys: r.signKeys,
		Recoveries: r.recoveries, UserRecovery: r.userRecovery})
	return b.Bytes(), err
}

// restoreRoster decodes a snapshot; ok is false when there is none or it
// does not decode (the caller replays instead).
func restoreRoster(tx *bolt.Tx, id string) (*roster, bool) {
	accessEpoch.Add(1) // the roster in memory is replaced (records.go)
	b := tx.Bucket(bMeta).Get([]byte(mRosterSnap))
	if b == nil {
		return nil, false
	}
	var s rosterSnap
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&s) != nil || s.Format != snapFormat || s.Vault != id || s.State == nil {
		return nil, false
	}
	r := newRoster(id)
	r.recovery, r.creator, r.keys, r.devices = s.Recovery, orEmpty(s.Creator), orEmpty(s.Keys), orEmpty(s.Devices)
	r.proposals = orEmpty(s.Proposals)
	r.logKeys = s.LogKeys
	r.changes = orEmpty(s.Changes)
	r.rekeyed = orEmpty(s.Rekeyed)
	r.signKeys = orEmpty(s.SignKeys)
	r.recoveries, r.userRecovery = s.Recoveries, orEmpty(s.UserRecovery)
	r.st = s.State
	for _, m := range []*map[string]bool{&r.st.Clients} {
		*m = orEmpty(*m)
	}
	if r.st.Users == nil {
		r.st.Users = map[string]*access.User{}
	}
	if r.st.Levels == nil {
		r.st.Levels = map[string]map[string]access.Level{}
	}
	if r.st.Handlers == nil {
		r.st.Handlers = map[string]map[string]bool{}
	}
	for id, u := range s.Users {
		if u.Public == nil {
			return nil, false
		}
		pk, err := u.Public.VerifyKey()
		if err != nil {
			return nil, false
		}
		r.users[id] = u
		r.verify[id] = ed25519.PublicKey(pk)
		r.logins[foldLogin(u.Login)] = id
	}
	return r, true
}

func orEmpty[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return M{}
	}
	return m
}

// saveSnapshot stores the current roster.
func (v *Vault) saveSnapshot(tx *bolt.Tx) error {
	b, err := v.r.snapshot()
	if err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put([]byte(mRosterSnap), b)
}

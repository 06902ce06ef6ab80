package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
)

// session is the logged-in user: their secret keys and the scope keys they
// have opened. wipe drops every reference when the vault locks.
type session struct {
	user     string
	keys     *keys.User
	cacheKey seal.Key
	unwrap   *keys.Unwrapper // of unwrapOf's identities (unwrapper)
	unwrapOf *keys.User
	scope    map[string]map[uint32][]seal.Key
	pending  [][2][]byte // key cache entries to write
}

func (s *session) wipe() {
	if s == nil {
		return
	}
	clear(s.cacheKey[:])
	for _, m := range s.scope {
		for _, ks := range m {
			for i := range ks {
				clear(ks[i][:])
			}
		}
	}
	s.scope, s.keys, s.unwrap, s.unwrapOf = nil, nil, nil, nil
}

// unwrapper returns the Unwrapper of the session's current identities
// (they change with a password change), which keeps the stanza position
// that matched last across the session's unwraps. Under v.mu.
func (s *session) unwrapper() *keys.Unwrapper {
	if s.unwrap == nil || s.unwrapOf != s.keys {
		s.unwrap, s.unwrapOf = keys.NewUnwrapper(s.keys.Identities()...), s.keys
	}
	return s.unwrap
}

// Account is a user as the login screen and user management show them.
type Account struct {
	ID          string `json:"id"`
	Login       string `json:"login"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Default     string `json:"default"`
	Handler     bool   `json:"handler"`
	Disabled    bool   `json:"disabled"`
	Fingerprint string `json:"fingerprint"`
	// RecoveryPending: a new recovery key was issued since this user's keys
	// were made, and the earlier sheet still opens them until they log in
	// once with their password (recovery.go). Never set for a disabled user.
	RecoveryPending bool `json:"recoveryPending,omitempty"`
}

// Accounts lists the vault's users by login name. The roster is public
// inside the vault folder (names, roles and public keys), so no login is
// needed to list it.
func (v *Vault) Accounts() []Account {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]Account, 0, len(v.r.users))
	for _, u := range v.r.users {
		out = append(out, Account{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role),
			Default: string(u.Default), Handler: u.Role == access.Handler || u.Handler, Disabled: u.Disabled,
			Fingerprint: keys.Fingerprint(*u.Public), RecoveryPending: v.r.recoveryPending(u)})
	}
	sortAccounts(out)
	return out
}

// User returns the logged-in user's id, or "" when locked.
func (v *Vault) User() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return ""
	}
	return v.sess.user
}

// failure is the stored failed-login record of a user.
type failure struct {
	Count int   `json:"count"`
	Last  int64 `json:"last"` // unix ms
}

// delay is the wait after n consecutive failures: 3 are free, then 2 s,
// doubling, at most 5 minutes.
func delay(n int) time.Duration {
	if n < 3 {
		return 0
	}
	d := 2 * time.Second << min(n-3, 8)
	return min(d, 5*time.Minute)
}

// Login opens the user's keys with their password and starts a session.
// Errors: ErrWrongPassword (unknown login or wrong password, not told
// apart), *ThrottledError while a delay after failures runs, and the
// access error when the user is disabled.
func (v *Vault) Login(login string, password []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	u := v.r.users[v.r.logins[foldLogin(login)]]
	if u == nil {
		return ErrWrongPassword
	}
	if err := v.throttled(u.ID); err != nil {
		return err
	}
	k, err := keys.OpenUser(u.Sealed, password)
	// The KDF's memory (256 MB at the default work factor) is garbage now:
	// return it before the index is built, or the heap's goal stays sized
	// by it while the index grows into it.
	debug.FreeOSMemory()
	if errors.Is(err, keys.ErrWrongPassword) {
		v.recordFailure(u.ID)
		return ErrWrongPassword
	}
	if err != nil {
		return fmt.Errorf("%w: user secrets", ErrCorruptReplica)
	}
	if err := v.start(u, k); err != nil {
		return err
	}
	// A new recovery key was issued since this user's keys were made: new
	// keys now, while the vault has the password (recovery.go).
	if err := v.rekeyOnLogin(password); err != nil {
		v.sess.wipe()
		v.sess = nil
		accessEpoch.Add(1)
		return err
	}
	return nil
}

func (v *Vault) throttled(user string) error {
	var f failure
	v.db.View(func(tx *bolt.Tx) error {
		json.Unmarshal(tx.Bucket(bFailures).Get([]byte(user)), &f)
		return nil
	})
	if wait := time.UnixMilli(f.Last).Add(delay(f.Count)).Sub(v.opt.now()); wait > 0 {
		return &ThrottledError{Wait: wait}
	}
	return nil
}

func (v *Vault) recordFailure(user string) {
	v.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bFailures)
		var f failure
		json.Unmarshal(b.Get([]byte(user)), &f)
		f.Count++
		f.Last = v.opt.now().UnixMilli()
		out, _ := json.Marshal(f)
		return b.Put([]byte(user), out)
	})
}

// cacheKey seals a user's entries in the replica's key cache: only the
// user's current identity derives it (docs/vault-format.md §6, key cache).
func cacheKey(vault string, k *keys.User) seal.Key {
	return sha256.Sum256([]byte("kinko/keycache/v1\x00" + vault + "\x00" + k.Enc.String()))
}

// start begins a session for u with keys k, after checking k belongs to u.
func (v *Vault) start(u *userRecord, k *keys.User) error {
	pub := k.Public()
	if pub.Recipient != u.Public.Recipient || string(pub.SignKey) != string(u.Public.SignKey) {
		return fmt.Errorf("%w: user keys do not match the roster", ErrCorruptReplica)
	}
	if u.Disabled {
		return ErrDisabled
	}
	v.flushLogLocked() // queued entries belong to whoever was here before
	v.sess.wipe()
	accessEpoch.Add(1)
	v.sess = &session{user: u.ID, keys: k, cacheKey: cacheKey(v.id, k), scope: map[string]map[uint32][]seal.Key{}}
	v.logSess = nil
	return v.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bFailures).Delete([]byte(u.ID)); err != nil {
			return err
		}
		if err := v.registerDevice(tx); err != nil {
			return err
		}
		// Ops no checkpoint covers yet (the last session ended in a crash,
		// or failed logins were logged while locked): vouch for them now.
		if u64(tx.Bucket(bMeta).Get([]byte(mSinceCP))) > 0 {
			return v.checkpoint(tx, audit.ReasonRecover)
		}
		return nil
	})
}

// ErrDisabled: the user was disabled by an administrator.
var ErrDisabled = errors.New("vault: user disabled")

// Lock ends the session and forgets every key it opened.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.flushLogLocked()
	v.closeLog(audit.ReasonClose)
	v.logSess = nil
	v.sess.wipe()
	v.sess = nil
	accessEpoch.Add(1)
}

func keychainAccount(vault, user string) string { return vault + "/" + user }

// Remember lets the logged-in user log in on this PC without a password:
// a random key goes to the OS keychain (a key only, never data), and the
// user's secrets are sealed under it in the replica.
func (v *Vault) Remember(kc keychain.Keychain) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return ErrLocked
	}
	var k seal.Key
	if _, err := rand.Read(k[:]); err != nil {
		return err
	}
	plain, err := keys.MarshalSecrets(v.sess.keys)
	if err != nil {
		return err
	}
	sealed, err := seal.Seal(&k, seal.AD{Vault: v.id, Kind: "remember", ID: v.sess.user}, plain)
	clear(plain)
	if err != nil {
		return err
	}
	if err := kc.Set(keychain.Service, keychainAccount(v.id, v.sess.user), base64.StdEncoding.EncodeToString(k[:])); err != nil {
		return err
	}
	return v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bRemember).Put([]byte(v.sess.user), sealed) })
}

// Forget removes "remember me" for user on this PC.
func (v *Vault) Forget(kc keychain.Keychain, user string) error {
	if err := kc.Delete(keychain.Service, keychainAccount(v.id, user)); err != nil {
		return err
	}
	return v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bRemember).Delete([]byte(user)) })
}

// Remembered reports whether user chose "remember me" on this PC.
func (v *Vault) Remembered(user string) bool {
	found := false
	v.db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bRemember).Get([]byte(user)) != nil
		return nil
	})
	return found
}

// LoginRemembered logs user in with the key kept in the OS keychain.
// Errors: ErrNotFound when nothing is remembered (or the keychain lost it),
// and when a new recovery key was issued since the user's keys were made:
// the remembered copy is dropped and the user logs in with their password,
// which gives them new keys (recovery.go).
func (v *Vault) LoginRemembered(kc keychain.Keychain, user string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	u := v.r.users[user]
	if u == nil {
		return ErrNotFound
	}
	if v.r.recoveryPending(u) {
		v.Forget(kc, user) // best effort: the password login re-keys either way
		return ErrNotFound
	}
	var sealed []byte
	v.db.View(func(tx *bolt.Tx) error {
		sealed = append([]byte(nil), tx.Bucket(bRemember).Get([]byte(user))...)
		return nil
	})
	enc, err := kc.Get(keychain.Service, keychainAccount(v.id, user))
	if len(sealed) == 0 || err != nil {
		return ErrNotFound
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(raw) != 32 {
		return ErrNotFound
	}
	var k seal.Key
	copy(k[:], raw)
	plain, err := seal.Open(&k, seal.AD{Vault: v.id, Kind: "remember", ID: user}, sealed)
	clear(k[:])
	if err != nil {
		return ErrNotFound
	}
	ku, err := keys.UnmarshalSecrets(plain)
	clear(plain)
	if err != nil {
		return ErrNotFound
	}
	return v.start(u, ku)
}

// recoveryRecipient parses the vault's recovery recipient.
func (v *Vault) recoveryRecipient() (age.Recipient, error) {
	r, err := age.ParseX25519Recipient(v.r.recovery)
	if err != nil {
		return nil, fmt.Errorf("%w: recovery recipient", ErrCorruptReplica)
	}
	return r, nil
}

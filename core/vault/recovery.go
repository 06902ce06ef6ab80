package vault

import (
	"fmt"
	"slices"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
)

// A new recovery key (回復キーの再発行).
//
// The recovery key is a recipient of every scope key and of every user's
// recovery copy (their keys sealed to it). When a sheet is lost or seen by
// someone it should not be, a 責任者 issues a new one (RotateRecovery): a
// recovery.rotate op names the new recipient, and from that op on scope
// keys and recovery copies are made for it. What the old key opened stays
// in the journal, which is append-only, so the point is that it opens
// nothing current:
//
//   - Scope keys. Each key reference remembers the recovery recipient it was
//     wrapped to (keyRef.Recovery: the newest recovery op in its causal
//     past, so a key wrapped on a PC that had not seen the new key counts
//     as wrapped to the old one, whatever its time). A scope whose current
//     key was wrapped to a replaced recipient is due for rotation
//     (rotationDue): the 責任者 rotates at once every scope they are a
//     member of; any other member may start one new epoch of it
//     (checkScopeKey), and the next one who seals data in it does
//     (writeKey) — a My Number scope of a client the 責任者 does not handle
//     is rotated by its next handler.
//   - Users' keys. A recovery copy sealed to the old key opens that user's
//     keys, and through them every current scope key wrapped to the user.
//     So each user gets new keys, sealed under the same password and to
//     the new recovery key, exactly as at a password change (rekey): the
//     責任者 at once (they give their password to issue the key), everyone
//     else at their next login with a password, when the vault has it.
//     Until then Accounts marks them RecoveryPending and the old sheet
//     still opens their keys; a disabled user is not listed, since every
//     scope they left was rotated away from their keys.

// recoveryAt is a recovery key the vault has had: its recipient and the op
// (device, seq) that named it.
type recoveryAt struct {
	Recipient string
	Device    string
	Seq       uint64
}

// recoveryFor returns the recovery recipient the author of op made its
// keys for: that of the newest recovery.rotate in op's causal past, or ""
// for vault.init's. Causal, not by time, so the result is the same on every
// replica and an op that did not see a new key never counts as made for it.
func (r *roster) recoveryFor(op *journal.Op) string {
	for i := len(r.recoveries) - 1; i > 0; i-- {
		if rc := r.recoveries[i]; journal.Before(&journal.Op{Device: rc.Device, Seq: rc.Seq}, op) {
			return rc.Recipient
		}
	}
	return ""
}

// staleRecovery reports whether tag (a keyRef's or user's recovery
// recipient, "" for vault.init's) is not the vault's current recovery key.
func (r *roster) staleRecovery(tag string) bool {
	if len(r.recoveries) <= 1 {
		return false // never replaced: every tag is vault.init's
	}
	return tag != r.recovery
}

// recoveryDue reports whether a key of scope's current epoch was wrapped to
// a replaced recovery key.
func (r *roster) recoveryDue(scope string) bool {
	cur, ok := r.current(scope)
	if !ok {
		return false
	}
	for _, ref := range r.keys[scope] {
		if ref.Epoch == cur.Epoch && r.staleRecovery(ref.Recovery) {
			return true
		}
	}
	return false
}

// recoveryPending reports whether u's recovery copy was sealed to a
// replaced recovery key. Disabled users are not pending: they can neither
// log in nor hold a current key.
func (r *roster) recoveryPending(u *userRecord) bool {
	return u != nil && !u.Disabled && r.staleRecovery(r.userRecovery[u.ID])
}

// userRecoveryKey returns the recovery recipient user's recovery copy was
// sealed to.
func (r *roster) userRecoveryKey(user string) string {
	if tag := r.userRecovery[user]; tag != "" || len(r.recoveries) == 0 {
		return tag
	}
	return r.recoveries[0].Recipient
}

// checkRecoveryRotate: an enabled 責任者 names a new recovery recipient,
// one the vault never had (going back to an earlier key would make what
// was wrapped to it count as current again).
func (r *roster) checkRecoveryRotate(op *journal.Op) error {
	p, err := decode[recoveryRotate](op.Payload)
	if err != nil {
		return err
	}
	if r.recovery == "" || op.Target != r.vault {
		return ErrInvalidOp
	}
	if _, err := age.ParseX25519Recipient(p.Recipient); err != nil {
		return ErrInvalidOp
	}
	if slices.ContainsFunc(r.recoveries, func(rc recoveryAt) bool { return rc.Recipient == p.Recipient }) {
		return ErrInvalidOp
	}
	return access.Decide(r.st, op.Author, access.ManageUsers, "", "")
}

// RotateRecovery issues a new recovery key (責任者 only). keep receives it
// before the vault starts using it, to write or show the new recovery sheet
// once (never to store it): if keep fails, nothing changes and the old key
// stays in effect; if the vault fails after keep, the error says so and the
// sheet kept is not in effect. The logged-in 責任者 gives their password
// again: it is checked, and their own keys are made anew under it for the
// new key (as at a password change), which starts a new epoch of every
// scope they are a member of, wrapped to the members and the new recovery
// key. Other scopes are left due for rotation, and other users get new
// keys at their next login (see the top of this file). Errors: ErrLocked,
// ErrWrongPassword, the access error for someone who is not an enabled
// 責任者, keep's error.
func (v *Vault) RotateRecovery(password []byte, keep func(*keys.Recovery) error) error {
	return v.locked(func() error {
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		u := v.r.users[v.sess.user]
		if _, err := keys.OpenUser(u.Sealed, password); err != nil {
			return ErrWrongPassword
		}
		next, err := keys.NewRecovery()
		if err != nil {
			return err
		}
		// The sheet first: a key the vault uses and nobody has would be
		// worse than a sheet whose key never took effect.
		if err := keep(next); err != nil {
			return err
		}
		err = v.rekey(v.sess.keys, u.ID, password, func(tx *bolt.Tx) error {
			return v.control(tx, KindRecoveryRotate, v.id, recoveryRotate{Recipient: next.Recipient().String()})
		})
		if err != nil {
			return fmt.Errorf("%w (the new recovery sheet is not in effect)", err)
		}
		// Entries from now on go in a session whose key is wrapped to the
		// new recovery key and the new audit epoch's log key.
		v.flushLogLocked()
		v.logSess = nil
		return nil
	})
}

// rekeyOnLogin gives the user who just logged in with password new keys
// when their recovery copy was sealed to a replaced recovery key, so the
// old sheet stops opening them. The caller holds v.mu and has started the
// session.
func (v *Vault) rekeyOnLogin(password []byte) error {
	u := v.r.users[v.sess.user]
	if !v.r.recoveryPending(u) {
		return nil
	}
	return v.rekey(v.sess.keys, u.ID, password, nil)
}

package vault

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"filippo.io/age"
	"fmt"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/password"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/seal"
)

// NewUser describes a user to create. Password is wiped by the caller.
type NewUser struct {
	Login    string
	Name     string
	Password []byte
	Role     access.Role
	Default  access.Level // level on clients without an explicit one; "" = access.DefaultLevel(Role)
	Handler  bool         // an administrator who also handles My Numbers
}

// validate checks n before its keys are made, office being the vault's
// name. An empty Default becomes the role's default (開示不能 for a 監査);
// a level the role does not allow is refused like the op would be.
func (n *NewUser) validate(office string) error {
	if strings.TrimSpace(n.Login) == "" || strings.ContainsAny(n.Login, "/\x00") || strings.TrimSpace(n.Name) == "" {
		return fmt.Errorf("%w: login or name", ErrInvalidOp)
	}
	if !n.Role.Valid() {
		return fmt.Errorf("%w: role", ErrInvalidOp)
	}
	if n.Default == "" {
		n.Default = access.DefaultLevel(n.Role)
	}
	if !n.Default.Valid() {
		return fmt.Errorf("%w: level", ErrInvalidOp)
	}
	if !n.Role.Allows(n.Default) {
		return &access.DeniedError{Action: access.ManageUsers, Reason: access.ReasonRoleLevel}
	}
	return checkPassword(n.Password, n.Login, n.Name, office)
}

// checkPassword refuses a new password that is too short or too easy to
// guess (password.Check) with an error matching ErrWeakPassword and holding
// the *password.WeakError that says why. personal are the user's login and
// name and the office's name, which an attacker tries first.
func checkPassword(p []byte, personal ...string) error {
	if err := password.Check(p, personal...); err != nil {
		return fmt.Errorf("%w: %w", ErrWeakPassword, err)
	}
	return nil
}

// checkUserPassword is checkPassword for an existing user. The caller holds
// v.mu and no bbolt transaction (it reads the vault's name).
func (v *Vault) checkUserPassword(user string, p []byte) error {
	var personal []string
	if u := v.r.users[user]; u != nil {
		personal = append(personal, u.Login, u.Name)
	}
	return checkPassword(p, append(personal, v.Name())...)
}

func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// sealNewUser makes keys for n and the user.add payload.
func sealNewUser(n *NewUser, id string, opt *keys.Options, rec age.Recipient) (*keys.User, userRecord, error) {
	k, err := keys.NewUser()
	if err != nil {
		return nil, userRecord{}, err
	}
	sealed, err := keys.SealUser(k, n.Password, opt)
	if err != nil {
		return nil, userRecord{}, err
	}
	recSealed, err := keys.SealUserTo(k, rec)
	if err != nil {
		return nil, userRecord{}, err
	}
	pub := k.Public()
	handler := n.Handler && n.Role == access.Admin
	return k, userRecord{ID: id, Login: strings.TrimSpace(n.Login), Name: strings.TrimSpace(n.Name), Role: n.Role,
		Default: n.Default, Handler: handler, Public: &pub, Sealed: sealed, Recovery: recSealed}, nil
}

// Create makes a new vault in folder (which must not already hold one),
// with admin as its first 責任者, and a replica of it on this PC. It returns
// the open, logged-in vault and the recovery key, which the caller shows
// once on the recovery sheet and never stores.
func Create(folder, name string, admin NewUser, opt Options) (*Vault, *keys.Recovery, error) {
	admin.Role = access.Admin
	if err := admin.validate(name); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, nil, fmt.Errorf("%w: vault name", ErrInvalidOp)
	}
	recovery, err := keys.NewRecovery()
	if err != nil {
		return nil, nil, err
	}
	uid := newID()
	k, rec, err := sealNewUser(&admin, uid, opt.Keys, recovery.Recipient())
	if err != nil {
		return nil, nil, err
	}
	id := VaultID(k.Sign.Public().(ed25519.PublicKey))
	f, err := journal.CreateFolder(folder, journal.Header{Kind: "kinko-vault", Format: journal.Format, Vault: id, Name: strings.TrimSpace(name), Created: opt.now().UTC()})
	if err != nil {
		return nil, nil, err
	}
	devKey, device, err := journal.NewDeviceKey()
	if err != nil {
		return nil, nil, err
	}
	db, err := openReplica(opt, id)
	if err != nil {
		return nil, nil, err
	}
	if err := initReplica(db, id, devKey, folder, strings.TrimSpace(name)); err != nil {
		db.Close()
		return nil, nil, err
	}
	v := &Vault{opt: opt, db: db, id: id, device: device, devKey: devKey, path: folder, clock: journal.NewClock(opt.now), r: newRoster(id), folder: f}
	v.sess = &session{user: uid, keys: k, scope: map[string]map[uint32][]seal.Key{}}
	err = v.update(func(tx *bolt.Tx) error {
		if err := v.control(tx, KindUserAdd, uid, rec); err != nil {
			return err
		}
		if err := v.control(tx, KindVaultInit, id, vaultInit{Vault: id, Name: strings.TrimSpace(name), Recovery: recovery.Recipient().String()}); err != nil {
			return err
		}
		for _, scope := range []string{access.ScopeOffice, access.ScopeAudit} {
			if err := v.newScopeKey(tx, v.r, v.r.st, scope, 1); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = v.writeSummary()
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	// Start the session properly (key cache, device registration).
	if err := v.start(v.r.users[uid], k); err != nil {
		v.Close()
		return nil, nil, err
	}
	if _, err := v.Sync(nil); err != nil && !errors.Is(err, journal.ErrUnavailable) {
		v.Close()
		return nil, nil, err
	}
	return v, recovery, nil
}

func (v *Vault) writeSummary() error {
	return writeSummary(v.opt.DataDir, Summary{ID: v.id, Name: v.Name(), Folder: v.path})
}

// newScopeKey generates a scope key for epoch and publishes it wrapped to
// the scope's members in st plus the recovery key.
func (v *Vault) newScopeKey(tx *bolt.Tx, r *roster, st *access.State, scope string, epoch uint32) error {
	k, err := seal.NewKey()
	if err != nil {
		return err
	}
	defer clear(k[:])
	wrapped, err := v.wrapFor(r, st, scope, k)
	if err != nil {
		return err
	}
	op, err := v.controlOp(tx, KindScopeKey, scope, scopeKeyRecord{Scope: scope, Epoch: epoch, Wrapped: wrapped})
	if err != nil {
		return err
	}
	if err := v.keepNewKey(tx, scope, epoch, op.ID(), k); err != nil {
		return err
	}
	if scope == access.ScopeAudit {
		return v.newLogKey(tx, &k, epoch)
	}
	return nil
}

// Join makes a replica on this PC of the vault in folder (a NAS share, or a
// folder restored from a backup) and imports its journal. Users then log in
// with their own passwords. Joining a vault this PC already has opens the
// existing replica.
func Join(folder string, opt Options) (*Vault, error) {
	return JoinContext(context.Background(), folder, opt, nil)
}

// JoinContext is Join reporting the import's progress to rep (stage
// "import", in segments) and stopping when ctx is done. The import
// commits in bounded transactions that advance the cursor (sync.go), so a
// join cut short — cancelled, the program killed, the PC switched off —
// keeps what it imported, and joining again carries on from there
// (joinresume.go).
func JoinContext(ctx context.Context, folder string, opt Options, rep progress.Reporter) (*Vault, error) {
	f, err := journal.OpenFolder(folder)
	if err != nil {
		return nil, err
	}
	h := f.Header()
	if unfinishedJoin(opt, h.Vault) {
		if v, err := resumeJoin(ctx, h.Vault, opt, rep); err == nil {
			return v, nil
		} else if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		os.RemoveAll(replicaDir(opt.DataDir, h.Vault)) // nothing of this PC's own in it: join again
	}
	if v, err := Open(h.Vault, opt); err == nil {
		return v, nil
	} else if !errors.Is(err, ErrNoReplica) {
		return nil, err
	}
	devKey, device, err := journal.NewDeviceKey()
	if err != nil {
		return nil, err
	}
	db, err := openReplica(opt, h.Vault)
	if err != nil {
		return nil, err
	}
	if err := initReplica(db, h.Vault, devKey, folder, h.Name); err != nil {
		db.Close()
		os.RemoveAll(replicaDir(opt.DataDir, h.Vault))
		return nil, err
	}
	v := &Vault{opt: opt, db: db, id: h.Vault, device: device, devKey: devKey, path: folder, clock: journal.NewClock(opt.now), r: newRoster(h.Vault), folder: f}
	return v, v.finishJoin(ctx, rep)
}

// finishJoin imports the journal into a joining replica and writes its
// summary. Cut short by ctx, the replica stays for the next join to carry
// on; any other failure removes it.
func (v *Vault) finishJoin(ctx context.Context, rep progress.Reporter) error {
	v.joining = true
	_, err := v.SyncContext(ctx, rep)
	v.joining = false
	if err == nil && v.r.recovery == "" {
		err = fmt.Errorf("%w: the journal has no valid founding ops", journal.ErrCorrupt)
	}
	if err != nil {
		v.db.Close()
		if ctx.Err() == nil {
			os.RemoveAll(replicaDir(v.opt.DataDir, v.id))
		}
		return err
	}
	return v.writeSummary()
}

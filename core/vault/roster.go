package vault

import (
	"cmp"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
)

// roster is the state built from the control ops: users and their keys,
// clients, levels, designations, scope key epochs and devices. It is held in
// memory, rebuilt at Open from the control ops, and replayed up to a
// position to check an op that arrived late.
type roster struct {
	vault     string
	recovery  string // age recipient of the current recovery key: vault.init's, or the last recovery.rotate's
	st        *access.State
	users     map[string]*userRecord
	verify    map[string]ed25519.PublicKey
	logins    map[string]string // folded login → user id
	creator   map[string]string // client id → user who created it
	keys      map[string][]keyRef
	devices   map[string]Device
	proposals map[string]*proposal // erasure proposals by id
	logKeys   []logKeyRecord       // the access log's keys, in the order they took effect
	changes   changes              // valid changes of users' standing, by user (causal.go)
	rekeyed   map[string]string    // user → pos of their newest user.passwd (new keys)
	signKeys  map[string][]keyAt   // user → every signing key they had, in position order
	// recoveries are the recovery keys the vault has had: vault.init's,
	// then each recovery.rotate's, in position order (recovery.go).
	recoveries []recoveryAt
	// userRecovery is, per user, the recovery recipient their recovery
	// copy (user.add, user.passwd) was sealed to; "" for vault.init's.
	userRecovery map[string]string
}

// keyAt is a signing key a user had from position Pos on.
type keyAt struct {
	Pos string
	Key ed25519.PublicKey
}

// keyAtPos returns, of a user's signing keys, the one in effect at
// position p (an op's pos): the access log's checkpoints are judged by the
// key of their own time (the first key for a time before the user was
// added: the time is the signer's claim, and the chain is what proves).
func keyAtPos(keys []keyAt, p []byte) ed25519.PublicKey {
	if len(keys) == 0 {
		return nil
	}
	key := keys[0].Key
	for _, k := range keys {
		if k.Pos >= string(p) {
			break
		}
		key = k.Key
	}
	return key
}

// keyRef points at a scope.key op: the wrapped key lives in bLog.
type keyRef struct {
	Epoch   uint32
	Op      string
	Pos     string   // pos(op), for a deterministic order
	Holders []string // the scope's members when it was published: whom it was wrapped to
	// Recovery is the recovery recipient it was wrapped to ("" for
	// vault.init's): the newest one in the op's causal past (recoveryFor).
	Recovery string
	// Slot is the key's index among a scope.keys op's keys (0 for a
	// scope.key op).
	Slot int
}

func newRoster(vault string) *roster {
	return &roster{
		vault:     vault,
		st:        access.NewState(),
		users:     map[string]*userRecord{},
		verify:    map[string]ed25519.PublicKey{},
		logins:    map[string]string{},
		creator:   map[string]string{},
		keys:      map[string][]keyRef{},
		devices:   map[string]Device{},
		proposals: map[string]*proposal{},
		changes:   changes{},
		rekeyed:   map[string]string{},
		signKeys:  map[string][]keyAt{},

		userRecovery: map[string]string{},
	}
}

// clone copies r so that apply on the copy leaves r as it was (apply
// replaces users' records rather than changing them).
func (r *roster) clone() *roster {
	c := *r
	c.st = r.st.Clone()
	c.users, c.verify, c.logins = maps.Clone(r.users), maps.Clone(r.verify), maps.Clone(r.logins)
	c.creator, c.keys, c.devices = maps.Clone(r.creator), maps.Clone(r.keys), maps.Clone(r.devices)
	c.proposals, c.changes, c.rekeyed = maps.Clone(r.proposals), maps.Clone(r.changes), maps.Clone(r.rekeyed)
	c.signKeys, c.userRecovery = maps.Clone(r.signKeys), maps.Clone(r.userRecovery)
	c.recoveries = slices.Clip(r.recoveries)
	c.logKeys = slices.Clone(r.logKeys)
	return &c
}

// VaultID derives a vault's id from its founding administrator's signing
// key, so the header's id authenticates who may write the first op: nobody
// can plant another "first administrator" in the journal.
func VaultID(founder ed25519.PublicKey) string {
	sum := sha256.Sum256(append([]byte("kinko/vault-id/v1\x00"), founder...))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:10]))
}

func foldLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// eligible reports whether u may be designated a My Number handler: a
// 事務取扱担当者, or a 責任者 whom another administrator marked as one.
func eligible(u *userRecord) bool {
	return u != nil && !u.Disabled && (u.Role == access.Handler || (u.Role == access.Admin && u.Handler))
}

// current returns the newest key reference of a scope (highest epoch, then
// latest op), and false when the scope has no key.
func (r *roster) current(scope string) (keyRef, bool) {
	refs := r.keys[scope]
	if len(refs) == 0 {
		return keyRef{}, false
	}
	return refs[len(refs)-1], true
}

// rotationDue reports whether someone who received scope's current key is
// no longer a member, or the current key was wrapped to a recovery key the
// vault has replaced: the next data sealed in the scope needs a new epoch
// first (a revocation by a 責任者 who may not hold the key, or a new
// recovery key issued by one who is not a member, leaves it due).
func (r *roster) rotationDue(scope string) bool {
	cur, ok := r.current(scope)
	if !ok {
		return false
	}
	if r.recoveryDue(scope) {
		return true
	}
	now := access.Members(r.st, scope)
	for _, ref := range r.keys[scope] {
		if ref.Epoch != cur.Epoch {
			continue
		}
		for _, u := range ref.Holders {
			if !slices.Contains(now, u) {
				return true
			}
		}
	}
	return false
}

// verifyOp checks op's signature against its author's key. The founding
// administrator's user.add is self-signed: its key is in its own payload and
// must match the vault id.
func (r *roster) verifyOp(op *journal.Op) string {
	pub, ok := r.verify[op.Author]
	if !ok && op.Kind == KindUserAdd && len(r.users) == 0 {
		u, err := decode[userRecord](op.Payload)
		if err != nil || u.Public == nil || u.ID != op.Author {
			return ReasonInvalid
		}
		pk, err := u.Public.VerifyKey()
		if err != nil || VaultID(pk) != r.vault {
			return ReasonDenied
		}
		pub, ok = pk, true
	}
	if !ok {
		return ReasonUnknownAuthor
	}
	if !sigHolds(pub, op) {
		return ReasonBadSignature
	}
	return ""
}

// check decides whether op may be applied to r, returning "" or a
// quarantine reason. It assumes the signature was verified.
func (r *roster) check(op *journal.Op) string {
	reason, _ := r.checkWait(op)
	return reason
}

// checkWait is check that also names, for a pending op, what it waits for
// (a wait key, waits.go).
func (r *roster) checkWait(op *journal.Op) (reason, wait string) {
	if err := r.checkErr(op); err != nil {
		var denied *access.DeniedError
		if errors.Is(err, errPending) || errors.As(err, &denied) &&
			(denied.Reason == access.ReasonUnknownClient || denied.Reason == access.ReasonUnknownUser || denied.Reason == access.ReasonUnknownTarget) {
			return ReasonPending, awaited(op, err)
		}
		if errors.Is(err, access.ErrDenied) {
			return ReasonDenied, ""
		}
		return ReasonInvalid, ""
	}
	return "", ""
}

// checkErr is check with the reason as an error, for local ops whose caller
// wants to know why.
func (r *roster) checkErr(op *journal.Op) error {
	d := func(act access.Action, client, target string) error {
		return access.Decide(r.st, op.Author, act, client, target)
	}
	switch op.Kind {
	case KindUserAdd:
		u, err := decode[userRecord](op.Payload)
		if err != nil {
			return err
		}
		if u.Public == nil || len(u.Sealed) == 0 || !u.Role.Valid() || !u.Default.Valid() || u.ID == "" || u.Login == "" {
			return ErrInvalidOp
		}
		if _, dup := r.users[u.ID]; dup {
			return ErrExists
		}
		if _, dup := r.logins[foldLogin(u.Login)]; dup {
			return ErrExists
		}
		if len(r.users) == 0 {
			if u.Role != access.Admin || u.ID != op.Author {
				return denied(access.ReasonNotAdmin)
			}
			return nil
		}
		return access.DecideUser(r.st, op.Author, access.User{ID: u.ID, Name: u.Name, Role: u.Role, Default: u.Default})
	case KindVaultInit:
		v, err := decode[vaultInit](op.Payload)
		if err != nil {
			return err
		}
		if r.recovery != "" || v.Vault != r.vault || v.Recovery == "" {
			return ErrInvalidOp
		}
		return d(access.ManageUsers, "", op.Author)
	case KindUserUpdate:
		u, err := decode[userRecord](op.Payload)
		if err != nil {
			return err
		}
		old, ok := r.users[u.ID]
		if !ok {
			return waitFor(waitUser(u.ID))
		}
		if !u.Role.Valid() || !u.Default.Valid() {
			return ErrInvalidOp
		}
		// Nobody marks themselves a My Number handler: "even the head of
		// the office cannot see it" unless another administrator says so.
		if u.Handler && !old.Handler && u.ID == op.Author {
			return denied(access.ReasonSelfGrant)
		}
		return access.DecideUser(r.st, op.Author, access.User{ID: u.ID, Name: u.Name, Role: u.Role, Disabled: u.Disabled, Default: u.Default})
	case KindUserPasswd:
		p, err := decode[passwdRecord](op.Payload)
		if err != nil {
			return err
		}
		if len(p.Sealed) == 0 || len(p.Recovery) == 0 || p.Public == nil {
			return ErrInvalidOp
		}
		if _, err := p.Public.VerifyKey(); err != nil {
			return ErrInvalidOp
		}
		if _, err := p.Public.AgeRecipient(); err != nil {
			return ErrInvalidOp
		}
		return d(access.ChangeOwnPassword, "", p.ID)
	case KindDeviceAdd:
		dv, err := decode[deviceRecord](op.Payload)
		if err != nil {
			return err
		}
		// Only the device itself registers itself (its ops come only in
		// segments its key signed), with the key its id derives from.
		if dv.ID != op.Device || journal.DeviceID(dv.SignKey) != dv.ID {
			return ErrInvalidOp
		}
		if _, dup := r.devices[dv.ID]; dup {
			return ErrExists // the first registration stays
		}
		if u := r.st.Users[op.Author]; u == nil || u.Disabled {
			return denied(access.ReasonDisabled)
		}
		return nil
	case KindClientCreate:
		c, err := decode[clientRecord](op.Payload)
		if err != nil {
			return err
		}
		// The id is derived from this very op: no other op can create the
		// same client, whatever time it claims.
		if c.ID != clientID(op) || op.Target != c.ID {
			return ErrInvalidOp
		}
		if _, dup := r.st.Clients[c.ID]; dup {
			return ErrExists
		}
		// The handlers are the users eligible to handle numbers; the My
		// Number key is made by one of them (checkScopeKey).
		for _, h := range c.Handlers {
			if !eligible(r.users[h]) {
				return denied(access.ReasonTargetRole)
			}
		}
		if err := d(access.ClientCreate, "", ""); err != nil {
			return err
		}
		if len(c.Levels) == 0 && !c.OwnerOnly {
			return nil
		}
		// Levels and the mark are judged as if set right after creation.
		st := r.st.Clone()
		st.Clients[c.ID] = c.OwnerOnly
		if c.OwnerOnly {
			if err := access.Decide(st, op.Author, access.SetOwnerOnly, c.ID, ""); err != nil {
				return err
			}
		}
		for _, u := range slices.Sorted(maps.Keys(c.Levels)) {
			if r.users[u] == nil {
				return waitFor(waitUser(u))
			}
			if !c.Levels[u].Valid() {
				return ErrInvalidOp
			}
			if err := access.DecideLevel(st, op.Author, c.ID, u, c.Levels[u]); err != nil {
				return err
			}
		}
		return nil
	case KindOwnerOnly:
		c, err := decode[clientRecord](op.Payload)
		if err != nil {
			return err
		}
		if _, ok := r.st.Clients[c.ID]; !ok {
			return waitFor(waitClient(c.ID))
		}
		return d(access.SetOwnerOnly, c.ID, "")
	case KindLevel:
		l, err := decode[levelRecord](op.Payload)
		if err != nil {
			return err
		}
		if l.Level != "" && !l.Level.Valid() {
			return ErrInvalidOp
		}
		if _, ok := r.st.Clients[l.Client]; !ok {
			return waitFor(waitClient(l.Client))
		}
		if r.users[l.User] == nil {
			return waitFor(waitUser(l.User))
		}
		return access.DecideLevel(r.st, op.Author, l.Client, l.User, l.Level)
	case KindMyNumberAdd:
		l, err := decode[levelRecord](op.Payload)
		if err != nil {
			return err
		}
		if r.users[l.User] == nil {
			return waitFor(waitUser(l.User))
		}
		if !eligible(r.users[l.User]) {
			return denied(access.ReasonTargetRole)
		}
		return d(access.GrantMyNumber, l.Client, l.User)
	case KindMyNumberDrop:
		l, err := decode[levelRecord](op.Payload)
		if err != nil {
			return err
		}
		return d(access.RevokeMyNumber, l.Client, l.User)
	case KindScopeKey:
		k, err := decode[scopeKeyRecord](op.Payload)
		if err != nil {
			return err
		}
		if k.Scope != op.Target || len(k.Wrapped) == 0 {
			return ErrInvalidOp
		}
		return r.checkScopeKey(op, k.Scope, k.Epoch)
	case KindScopeKeys:
		return r.checkScopeKeys(op)
	case KindRecoveryRotate:
		return r.checkRecoveryRotate(op)
	case KindErasurePropose, KindErasureApprove:
		return r.checkErasure(op)
	case KindBlobErase:
		e, err := decode[blobErase](op.Payload)
		if err != nil {
			return err
		}
		if e.ID == "" || e.ID != op.Target {
			return ErrInvalidOp
		}
		// Erasure is approved by a 責任者; destroying data needs no key.
		return d(access.ManageUsers, "", "")
	case KindRecordPut, KindRecordDelete:
		return r.checkRecord(op)
	case KindLogKey:
		k, err := decode[logKeyRecord](op.Payload)
		if err != nil {
			return err
		}
		if k.Epoch == 0 || len(k.Sealed) == 0 {
			return ErrInvalidOp
		}
		if _, err := age.ParseX25519Recipient(k.Recipient); err != nil {
			return ErrInvalidOp
		}
		cur, ok := r.current(access.ScopeAudit)
		if !ok || k.Epoch > cur.Epoch {
			return waitFor(waitEpoch(access.ScopeAudit, k.Epoch))
		}
		// A 監査 whose keys change (a password change, a new recovery key)
		// starts a new audit epoch (checkScopeKey) and gives it its log key:
		// the first one of the current epoch, nothing more.
		if d(access.ReadAudit, "", "") == nil && slices.Contains(access.Members(r.st, access.ScopeAudit), op.Author) &&
			k.Epoch == cur.Epoch && !slices.ContainsFunc(r.logKeys, func(l logKeyRecord) bool { return l.Epoch == k.Epoch }) {
			return nil
		}
		return d(access.ManageUsers, "", "")
	case audit.KindSession, audit.KindEntry, audit.KindCheckpoint:
		// The access log changes no state; core/audit's verifier judges it.
		return nil
	}
	return ErrInvalidOp
}

// checkScopeKey: who may publish a scope key. Epochs count up by exactly
// one: a scope's first key is epoch 1, a rotation is the current epoch + 1
// and a re-wrap (a grant) repeats the current epoch; nothing else is
// accepted, so no author can push an epoch to the end of its range. Only a
// member of the scope makes or wraps its key — whoever generates a key
// keeps it — so a My Number key comes only from a handler of that client,
// never from a creator or 責任者 who is not one. Beyond that: a client's
// first key comes from its creator or a 責任者, later ones from a 責任者
// (levels); office and audit keys from a 責任者; any member whose keys
// changed (a password change) after the current key was made starts one
// new epoch for their new keys; and any member starts one new epoch of a
// scope whose current key was wrapped to a replaced recovery key.
func (r *roster) checkScopeKey(op *journal.Op, scope string, epoch uint32) error {
	k := scopeKeyRef{Scope: scope, Epoch: epoch}
	if k.Epoch == 0 {
		return ErrInvalidOp
	}
	kind, client, err := access.ParseScope(k.Scope)
	if err != nil {
		return ErrInvalidOp
	}
	if client != "" {
		if _, ok := r.st.Clients[client]; !ok {
			return waitFor(waitClient(client))
		}
	}
	cur, has := r.current(k.Scope)
	switch {
	case !has && k.Epoch == 1:
	case has && k.Epoch == cur.Epoch:
	case has && cur.Epoch < math.MaxUint32 && k.Epoch == cur.Epoch+1:
	default:
		return ErrInvalidOp
	}
	if !slices.Contains(access.Members(r.st, k.Scope), op.Author) {
		if kind == access.KindMyNumber {
			return denied(access.ReasonNotHandler)
		}
		return denied(access.ReasonLevelHidden)
	}
	switch {
	case kind == access.KindMyNumber:
		return nil
	case kind == access.KindClient && !has && r.creator[client] == op.Author:
		return nil
	case access.Decide(r.st, op.Author, access.ManageUsers, "", "") == nil:
		return nil
	case has && k.Epoch == cur.Epoch+1 && r.rekeyed[op.Author] > cur.Pos:
		// A member whose keys changed after the current key was wrapped
		// (a password change) starts a new epoch for their new keys, once.
		return nil
	case has && k.Epoch == cur.Epoch+1 && r.recoveryDue(k.Scope):
		// The current key was wrapped to a replaced recovery key: any
		// member starts the next epoch, once (recovery.go).
		return nil
	}
	return denied(access.ReasonNotAdmin)
}

// checkScopeKeys: a scope.keys op publishes the first keys (epoch 1) of
// client and My Number scopes without keys, all with the same members —
// the wrap is one age file, so each member can open every key in it — and
// is accepted only if each entry would be as a scope.key op of its own
// (checkScopeKey): only members publish, a client's first key comes from
// its creator or a 責任者, a My Number key only from a handler of that
// client. One entry refused refuses the op; a client not yet received
// holds it. Office and audit keys are never batched.
func (r *roster) checkScopeKeys(op *journal.Op) error {
	k, err := decode[scopeKeysRecord](op.Payload)
	if err != nil {
		return err
	}
	if len(k.Keys) == 0 || len(k.Keys) > keys.MaxScopeKeys || len(k.Wrapped) == 0 || op.Target != k.Keys[0].Scope {
		return ErrInvalidOp
	}
	seen := make(map[string]bool, len(k.Keys))
	var members []string
	for i, e := range k.Keys {
		kind, _, err := access.ParseScope(e.Scope)
		if err != nil || (kind != access.KindClient && kind != access.KindMyNumber) || e.Epoch != 1 || seen[e.Scope] {
			return ErrInvalidOp
		}
		seen[e.Scope] = true
		if err := r.checkScopeKey(op, e.Scope, e.Epoch); err != nil {
			return err
		}
		if _, has := r.current(e.Scope); has {
			return ErrInvalidOp // first keys only: a re-wrap is a scope.key op
		}
		m := access.Members(r.st, e.Scope)
		if i == 0 {
			members = m
		} else if !slices.Equal(m, members) {
			return ErrInvalidOp
		}
	}
	return nil
}

func (r *roster) checkRecord(op *journal.Op) error {
	kind, id, scope, client, err := recordScope(op.Target)
	if err != nil {
		return err
	}
	if scope != op.Scope {
		return ErrInvalidOp
	}
	if op.Epoch == 0 {
		return ErrInvalidOp
	}
	if cur, ok := r.current(scope); !ok || op.Epoch > cur.Epoch {
		return waitFor(waitEpoch(scope, op.Epoch)) // the client or the key epoch has not arrived yet
	}
	if op.Kind == KindRecordPut && len(op.Payload) == 0 {
		return ErrInvalidOp
	}
	switch kind {
	case "mynumber":
		return access.Decide(r.st, op.Author, access.MyNumberEdit, client, "")
	case "office":
		if backupAnyone(id) { // a plan's last success: any enabled user (backupkeys.go)
			return access.Decide(r.st, op.Author, access.ChangeOwnPassword, "", op.Author)
		}
		return access.Decide(r.st, op.Author, access.ManageUsers, "", "")
	}
	return access.Decide(r.st, op.Author, access.ClientEdit, client, "")
}

// apply records the effect of a valid control op. Record ops have no
// effect on the roster.
func (r *roster) apply(op *journal.Op) {
	accessEpoch.Add(1) // what CanRead answers may change (records.go)
	r.changes.add(op)
	switch op.Kind {
	case KindVaultInit:
		v, _ := decode[vaultInit](op.Payload)
		r.recovery = v.Recovery
		r.recoveries = append(slices.Clip(r.recoveries), recoveryAt{Recipient: v.Recovery, Device: op.Device, Seq: op.Seq})
	case KindRecoveryRotate:
		p, _ := decode[recoveryRotate](op.Payload)
		r.recovery = p.Recipient
		r.recoveries = append(slices.Clip(r.recoveries), recoveryAt{Recipient: p.Recipient, Device: op.Device, Seq: op.Seq})
	case KindUserAdd:
		u, _ := decode[userRecord](op.Payload)
		pk, _ := u.Public.VerifyKey()
		r.users[u.ID] = &u
		r.userRecovery[u.ID] = r.recoveryFor(op)
		r.verify[u.ID] = pk
		r.signKeys[u.ID] = []keyAt{{Pos: string(pos(op)), Key: pk}}
		r.logins[foldLogin(u.Login)] = u.ID
		r.st.Users[u.ID] = &access.User{ID: u.ID, Name: u.Name, Role: u.Role, Disabled: u.Disabled, Default: u.Default}
	case KindUserUpdate:
		u, _ := decode[userRecord](op.Payload)
		old := r.users[u.ID]
		nu := *old
		nu.Name, nu.Role, nu.Default, nu.Handler, nu.Disabled = u.Name, u.Role, u.Default, u.Handler, u.Disabled
		r.users[u.ID] = &nu
		r.st.Users[u.ID] = &access.User{ID: u.ID, Name: u.Name, Role: u.Role, Disabled: u.Disabled, Default: u.Default}
	case KindUserPasswd:
		// New keys: ops after this one are signed with the new key, and
		// scope keys are wrapped to the new recipient.
		p, _ := decode[passwdRecord](op.Payload)
		nu := *r.users[p.ID]
		nu.Sealed, nu.Recovery, nu.Public = p.Sealed, p.Recovery, p.Public
		r.users[p.ID] = &nu
		r.verify[p.ID], _ = p.Public.VerifyKey()
		r.rekeyed[p.ID] = string(pos(op))
		r.userRecovery[p.ID] = r.recoveryFor(op)
		r.signKeys[p.ID] = append(slices.Clip(r.signKeys[p.ID]), keyAt{Pos: string(pos(op)), Key: r.verify[p.ID]})
	case KindLogKey:
		k, _ := decode[logKeyRecord](op.Payload)
		r.logKeys = append(r.logKeys, k)
	case KindDeviceAdd:
		dv, _ := decode[deviceRecord](op.Payload)
		r.devices[dv.ID] = Device{ID: dv.ID, Name: dv.Name, OSUser: dv.OSUser, OS: dv.OS, AddedBy: op.Author, Added: op.Time.Wall}
	case KindClientCreate:
		c, _ := decode[clientRecord](op.Payload)
		r.st.Clients[c.ID] = c.OwnerOnly
		r.creator[c.ID] = op.Author
		for u, l := range c.Levels {
			if r.st.Levels[u] == nil {
				r.st.Levels[u] = map[string]access.Level{}
			}
			r.st.Levels[u][c.ID] = l
		}
		if len(c.Handlers) > 0 {
			m := map[string]bool{}
			for _, h := range c.Handlers {
				m[h] = true
			}
			r.st.Handlers[c.ID] = m
		}
	case KindOwnerOnly:
		c, _ := decode[clientRecord](op.Payload)
		r.st.Clients[c.ID] = c.OwnerOnly
	case KindLevel:
		l, _ := decode[levelRecord](op.Payload)
		m := r.st.Levels[l.User]
		if m == nil {
			m = map[string]access.Level{}
			r.st.Levels[l.User] = m
		}
		if l.Level == "" {
			delete(m, l.Client) // back to the user's default
		} else {
			m[l.Client] = l.Level
		}
	case KindMyNumberAdd, KindMyNumberDrop:
		l, _ := decode[levelRecord](op.Payload)
		m := r.st.Handlers[l.Client]
		if m == nil {
			m = map[string]bool{}
			r.st.Handlers[l.Client] = m
		}
		if op.Kind == KindMyNumberAdd {
			m[l.User] = true
		} else {
			delete(m, l.User)
		}
	case KindErasurePropose, KindErasureApprove:
		r.applyErasure(op)
	case KindScopeKey:
		// Only the scope and epoch matter here: leaving out the wrapped key
		// (hundreds of bytes of base64 per op) makes Open much cheaper.
		k, _ := decode[scopeKeyRef](op.Payload)
		r.addKeyRef(op, k, 0, string(pos(op)), r.recoveryFor(op))
	case KindScopeKeys:
		k, _ := decode[scopeKeysRefs](op.Payload)
		p, rec := string(pos(op)), r.recoveryFor(op)
		for i, e := range k.Keys {
			r.addKeyRef(op, e, i, p, rec)
		}
	}
}

// addKeyRef records that op (at position p) published the key k, at slot
// of its keys, wrapped to the scope's members now and the recovery key rec.
func (r *roster) addKeyRef(op *journal.Op, k scopeKeyRef, slot int, p, rec string) {
	refs := append(slices.Clip(r.keys[k.Scope]), keyRef{Epoch: k.Epoch, Op: op.ID(), Pos: p, Holders: access.Members(r.st, k.Scope),
		Recovery: rec, Slot: slot})
	// Sorted by epoch, then position, whatever the arrival order: the
	// last is the key new versions are sealed with.
	slices.SortFunc(refs, func(a, b keyRef) int {
		if a.Epoch != b.Epoch {
			return cmp.Compare(a.Epoch, b.Epoch)
		}
		return strings.Compare(a.Pos, b.Pos)
	})
	r.keys[k.Scope] = refs
}

// scopeKeysRefs is the part of a scopeKeysRecord payload the roster keeps.
type scopeKeysRefs struct {
	Keys []scopeKeyRef `json:"keys"`
}

// scopeKeyRef is the part of a scopeKeyRecord payload the roster keeps.
type scopeKeyRef struct {
	Scope string `json:"scope"`
	Epoch uint32 `json:"epoch"`
}

// fingerprint renders the roster deterministically, for tests that compare
// replicas.
func (r *roster) fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "recovery %s %d\n", r.recovery, len(r.recoveries))
	ids := make([]string, 0, len(r.users))
	for id := range r.users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u := r.users[id]
		fmt.Fprintf(&b, "user %s %s %s %v %v %q\n", id, u.Role, u.Default, u.Handler, u.Disabled, r.userRecovery[id])
	}
	scopes := make([]string, 0, len(r.keys))
	for s := range r.keys {
		scopes = append(scopes, s)
	}
	slices.Sort(scopes)
	for _, s := range scopes {
		for _, k := range r.keys[s] {
			fmt.Fprintf(&b, "scope %s %d %s %q\n", s, k.Epoch, k.Op, k.Recovery)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(r.st.Clients)) {
		fmt.Fprintf(&b, "client %s %v %v\n", c, r.st.Clients[c], r.st.Handlers[c])
		for _, u := range ids {
			fmt.Fprintf(&b, " %s=%s", u, r.st.Level(u, c))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// errPending: the op refers to a user, client or key epoch this replica has
// not received yet. It is held (quarantined as "pending") and checked again
// when that arrives: checkErr returns it through waitFor, naming what the
// op waits for (waits.go).
var errPending = errors.New("vault: op depends on ops not yet received")

func denied(reason string) error { return &access.DeniedError{Reason: reason} }

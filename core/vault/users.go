package vault

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/progress"
)

func sortAccounts(a []Account) {
	sort.Slice(a, func(i, j int) bool { return a[i].Login < a[j].Login })
}

// locked runs fn with the vault mutex held and a session present.
func (v *Vault) locked(fn func() error) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return ErrLocked
	}
	return fn()
}

// decide asks access.Decide for the logged-in user.
func (v *Vault) decide(act access.Action, client, target string) error {
	return access.Decide(v.r.st, v.sess.user, act, client, target)
}

// AddUser creates a user (責任者 only) and wraps to them the keys of every
// scope their role and default level admit. It returns the new user's id.
func (v *Vault) AddUser(n NewUser) (string, error) {
	var id string
	err := v.locked(func() error {
		if err := n.validate(v.Name()); err != nil {
			return err
		}
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		if _, dup := v.r.logins[foldLogin(n.Login)]; dup {
			return ErrExists
		}
		rec, err := v.recoveryRecipient()
		if err != nil {
			return err
		}
		id = newID()
		_, u, err := sealNewUser(&n, id, v.opt.Keys, rec)
		if err != nil {
			return err
		}
		return v.update(func(tx *bolt.Tx) error {
			before := v.r.st.Clone()
			if err := v.control(tx, KindUserAdd, id, u); err != nil {
				return err
			}
			return v.refreshScopes(tx, before)
		})
	})
	return id, err
}

// UserChange is an edit of a user by a 責任者. Handler marks a 責任者 who
// also handles My Numbers; nobody can set it on themselves.
type UserChange struct {
	Name     string
	Role     access.Role
	Default  access.Level
	Handler  bool
	Disabled bool
}

// UpdateUser changes a user's name, role, default level, handler flag or
// disabled state. Rights withdrawn rotate the affected scope keys and
// re-seal those scopes' records, so the user cannot read what is written
// afterwards.
func (v *Vault) UpdateUser(id string, c UserChange) error {
	return v.locked(func() error {
		old := v.r.users[id]
		if old == nil {
			return ErrNotFound
		}
		if strings.TrimSpace(c.Name) == "" || !c.Role.Valid() || !c.Default.Valid() {
			return fmt.Errorf("%w: user change", ErrInvalidOp)
		}
		u := userRecord{ID: id, Login: old.Login, Name: strings.TrimSpace(c.Name), Role: c.Role, Default: c.Default,
			Handler: c.Handler && c.Role == access.Admin, Disabled: c.Disabled}
		return v.update(func(tx *bolt.Tx) error {
			before := v.r.st.Clone()
			if err := v.control(tx, KindUserUpdate, id, u); err != nil {
				return err
			}
			return v.refreshScopes(tx, before)
		})
	})
}

// SetLevel sets a user's level on one client (責任者 only); an empty level
// removes the explicit setting, so the user's default applies again.
func (v *Vault) SetLevel(user, client string, level access.Level) error {
	return v.changeScopes(KindLevel, client, levelRecord{User: user, Client: client, Level: level})
}

// SetOwnerOnly marks a client 所長のみ (only 責任者 see it) or clears the mark.
func (v *Vault) SetOwnerOnly(client string, ownerOnly bool) error {
	return v.changeScopes(KindOwnerOnly, client, clientRecord{ID: client, OwnerOnly: ownerOnly})
}

// GrantMyNumber designates user as a My Number handler for client. Only a
// handler of that client can: they hold the key ("even the head of the
// office cannot see it" unless a handler lets them).
func (v *Vault) GrantMyNumber(user, client string) error {
	return v.changeScopes(KindMyNumberAdd, client, levelRecord{User: user, Client: client})
}

// RevokeMyNumber withdraws a designation; the client's My Number key is
// rotated and its records re-sealed when the revoker holds the key.
func (v *Vault) RevokeMyNumber(user, client string) error {
	return v.changeScopes(KindMyNumberDrop, client, levelRecord{User: user, Client: client})
}

func (v *Vault) changeScopes(kind, client string, payload any) error {
	return v.locked(func() error {
		if _, ok := v.r.st.Clients[client]; !ok {
			return ErrNotFound
		}
		return v.update(func(tx *bolt.Tx) error {
			before := v.r.st.Clone()
			if err := v.control(tx, kind, client, payload); err != nil {
				return err
			}
			return v.refreshScopes(tx, before)
		})
	})
}

// refreshScopes brings every scope key in line with the roster after a
// change: scopes that gained members get the current key re-wrapped to
// them; scopes that lost members get a new epoch, and their records are
// re-sealed under it when the session can open them.
func (v *Vault) refreshScopes(tx *bolt.Tx, before *access.State) error {
	return v.refreshScopesContext(context.Background(), nil, tx, before)
}

// refreshScopesContext is refreshScopes reporting to rep (stage "keys":
// scopes done of those to do) and stopping with ctx's error.
func (v *Vault) refreshScopesContext(ctx context.Context, rep progress.Reporter, tx *bolt.Tx, before *access.State) error {
	rep = progress.OrNoop(rep)
	type change struct {
		scope    string
		was, now []string
	}
	var todo []change
	for scope := range v.r.keys {
		was, now := access.Members(before, scope), access.Members(v.r.st, scope)
		if slices.Equal(was, now) {
			continue
		}
		// Only a member of the scope may hold its key, so only a member
		// re-wraps or rotates it. Otherwise a removal leaves the rotation
		// due: the next member to seal data in the scope rotates first
		// (writeKey); an addition waits for that member's next wrap.
		if !slices.Contains(now, v.sess.user) {
			continue
		}
		todo = append(todo, change{scope, was, now})
	}
	slices.SortFunc(todo, func(a, b change) int { return strings.Compare(a.scope, b.scope) })
	for i, c := range todo {
		if i%16 == 0 {
			rep.Report(progress.Update{Stage: "keys", Done: int64(i), Total: int64(len(todo))})
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		scope, was, now := c.scope, c.was, c.now
		ref, _ := v.r.current(scope)
		removed := slices.ContainsFunc(was, func(u string) bool { return !slices.Contains(now, u) })
		if !removed {
			ks, err := v.scopeKeys(tx, scope, ref.Epoch)
			if err != nil {
				return err
			}
			wrapped, err := v.wrapFor(v.r, v.r.st, scope, ks[len(ks)-1])
			if err != nil {
				return err
			}
			if err := v.control(tx, KindScopeKey, scope, scopeKeyRecord{Scope: scope, Epoch: ref.Epoch, Wrapped: wrapped}); err != nil {
				return err
			}
			continue
		}
		_, oldErr := v.scopeKeys(tx, scope, ref.Epoch)
		if err := v.newScopeKey(tx, v.r, v.r.st, scope, ref.Epoch+1); err != nil {
			return err
		}
		if oldErr == nil {
			if err := v.reseal(tx, scope); err != nil {
				return err
			}
		}
	}
	if len(todo) > 0 {
		rep.Report(progress.Update{Stage: "keys", Done: int64(len(todo)), Total: int64(len(todo))})
	}
	return nil
}

// scopeTargets lists the records of scope this replica holds.
func scopeTargets(tx *bolt.Tx, scope string) []string {
	kind, client, err := access.ParseScope(scope)
	if err != nil {
		return nil
	}
	var prefixes []string
	switch kind {
	case "client":
		prefixes = []string{"client/" + client, "person/" + client + "/", "share/" + client + "/"}
	case "mynumber":
		prefixes = []string{"mynumber/" + client + "/"}
	case "office":
		prefixes = []string{"office/"}
	}
	var out []string
	c := tx.Bucket(bHeads).Cursor()
	for _, p := range prefixes {
		for k, _ := c.Seek([]byte(p)); k != nil && strings.HasPrefix(string(k), p); k, _ = c.Next() {
			if kind == "client" && p == "client/"+client && string(k) != p {
				continue
			}
			out = append(out, string(k))
		}
	}
	return out
}

// reseal writes a new version, under the scope's current key, of every
// record of scope that has a single head. Conflicted records are re-sealed
// when someone resolves them.
func (v *Vault) reseal(tx *bolt.Tx, scope string) error {
	if _, _, err := access.ParseScope(scope); err != nil {
		return err
	}
	type item struct {
		target string
		head   string
	}
	var items []item
	hb := tx.Bucket(bHeads)
	for _, t := range scopeTargets(tx, scope) {
		if hs := splitIDs(hb.Get([]byte(t))); len(hs) == 1 {
			items = append(items, item{t, hs[0]})
		}
	}
	for _, it := range items {
		op, err := v.opByID(tx, it.head)
		if err != nil {
			return err
		}
		if op.Kind == KindRecordDelete {
			continue
		}
		ver, err := v.open(tx, op)
		if err != nil {
			return err
		}
		if _, err := v.sealedOp(tx, KindRecordPut, it.target, []string{it.head}, ver.Data); err != nil {
			return err
		}
	}
	return nil
}

// NewClient describes a client to create. Levels and OwnerOnly take effect
// with the creation itself, so the client's first key is never wrapped to
// someone hidden from it (setting them needs a 責任者).
type NewClient struct {
	OwnerOnly bool
	Levels    map[string]access.Level // user id → level on this client
	// Data is the client's first record; Build, when set, makes it from
	// the client's id (which the vault assigns).
	Data  []byte
	Build func(id string) ([]byte, error)
}

// CreateClient registers a client and returns its id, which is derived
// from the creating op (clientID) so that no other op can ever create the
// same client. It publishes the client's key (epoch 1, wrapped to the
// members its levels give) and writes the first record version. The My
// Number key is made by a handler when the first number is stored
// (writeKey), never with the client: one op less per client, and never by
// a creator who is not a handler. Errors: access errors, ErrInvalidOp.
func (v *Vault) CreateClient(c NewClient) (string, error) {
	var id string
	err := v.locked(func() error {
		return v.update(func(tx *bolt.Tx) (err error) {
			id, err = v.createClient(tx, c, nil)
			return err
		})
	})
	return id, err
}

// createClient writes the client.create op; in a batch b its key and
// first record are queued for the batch's scope.keys op, else written now.
func (v *Vault) createClient(tx *bolt.Tx, c NewClient, b *Batch) (string, error) {
	if err := v.decide(access.ClientCreate, "", ""); err != nil {
		return "", err
	}
	var handlers []string
	for _, u := range v.r.users {
		if eligible(u) {
			handlers = append(handlers, u.ID)
		}
	}
	slices.Sort(handlers)
	op := v.newOp(tx, KindClientCreate, "")
	id := clientID(op)
	op.Target = id
	payload, err := json.Marshal(clientRecord{ID: id, OwnerOnly: c.OwnerOnly, Handlers: handlers, Levels: c.Levels})
	if err != nil {
		return "", err
	}
	op.Payload = payload
	if err := v.emit(tx, op); err != nil {
		return "", err
	}
	data := c.Data
	if c.Build != nil {
		if data, err = c.Build(id); err != nil {
			return "", err
		}
	}
	if b != nil {
		return id, b.addKey(access.ClientScope(id), "client/"+id, data)
	}
	if err := v.newScopeKey(tx, v.r, v.r.st, access.ClientScope(id), 1); err != nil {
		return "", err
	}
	_, err = v.sealedOp(tx, KindRecordPut, "client/"+id, nil, data)
	return id, err
}

// clientID derives a client's id from the op that creates it: 16
// characters of lowercase base32, like every other id.
func clientID(op *journal.Op) string {
	sum := sha256.Sum256([]byte("kinko/client-id/v1\x00" + op.ID()))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:10]))
}

// ChangePassword re-seals the logged-in user's keys under a new password.
// The old password is checked first.
func (v *Vault) ChangePassword(old, new []byte) error {
	return v.locked(func() error {
		u := v.r.users[v.sess.user]
		if _, err := keys.OpenUser(u.Sealed, old); err != nil {
			return ErrWrongPassword
		}
		return v.setPassword(v.sess.keys, u.ID, new)
	})
}

func (v *Vault) setPassword(k *keys.User, user string, password []byte) error {
	if err := v.checkUserPassword(user, password); err != nil {
		return err
	}
	return v.rekey(k, user, password, nil)
}

// rekey makes new keys for user (whose keys k the session holds), sealed
// under password and to the vault's recovery key, and starts a new epoch
// of every scope the user is in. A password change and a reset call it
// with the new password; a new recovery key with the same one
// (recovery.go). first, if not nil, writes ops before the user.passwd in
// the same transaction (the recovery.rotate whose key the copy is for).
func (v *Vault) rekey(k *keys.User, user string, password []byte, first func(tx *bolt.Tx) error) error {
	// New keys, so that neither an earlier sealed file nor a leaked old
	// password opens anything current. The old identities travel along in
	// the new file (keys.User.Previous): earlier epochs were wrapped to them.
	nk, err := keys.NewUser()
	if err != nil {
		return err
	}
	nk.Previous = append([]*age.X25519Identity{k.Enc}, k.Previous...)
	sealed, err := keys.SealUser(nk, password, v.opt.Keys)
	if err != nil {
		return err
	}
	pub := nk.Public()
	old := v.sess.keys
	err = v.update(func(tx *bolt.Tx) error {
		if first != nil {
			if err := first(tx); err != nil {
				return err
			}
		}
		// The recovery key as it stands after first.
		rec, err := v.recoveryRecipient()
		if err != nil {
			return err
		}
		recovery, err := keys.SealUserTo(nk, rec)
		if err != nil {
			return err
		}
		// Signed with the keys being replaced, which prove who asks.
		if err := v.control(tx, KindUserPasswd, user, passwdRecord{ID: user, Sealed: sealed, Recovery: recovery, Public: &pub}); err != nil {
			return err
		}
		v.sess.keys = nk
		v.sess.cacheKey = cacheKey(v.id, nk)
		if err := tx.Bucket(bRemember).Delete([]byte(user)); err != nil {
			return err // a remembered copy holds the old keys
		}
		// Every scope the user is in gets a new epoch wrapped to the new
		// recipient: current keys were wrapped to the old one.
		for _, scope := range slices.Sorted(maps.Keys(v.r.keys)) {
			if !slices.Contains(access.Members(v.r.st, scope), user) {
				continue
			}
			ref, _ := v.r.current(scope)
			if err := v.newScopeKey(tx, v.r, v.r.st, scope, ref.Epoch+1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		v.sess.keys = old
		v.sess.cacheKey = cacheKey(v.id, old)
	}
	return err
}

// ResetPassword is the forgotten-password path: with the vault's recovery
// key, the user's keys are opened from their recovery copy, re-sealed under
// a new password (and to the current recovery key) and the user is logged
// in. The key must be the one the copy was sealed to: the current one, or,
// for a user who has not logged in since a new key was issued, the earlier
// one — which opens that copy anyway. Errors: ErrWrongPassword when the
// recovery key is not this vault's (not told apart from an unknown login);
// ErrRecoveryOutdated when it is the current key and the user's copy is
// still sealed to an earlier one.
func (v *Vault) ResetPassword(login string, recovery *keys.Recovery, password []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	u := v.r.users[v.r.logins[foldLogin(login)]]
	if u == nil {
		return ErrWrongPassword
	}
	if given := recovery.Recipient().String(); given != v.r.userRecoveryKey(u.ID) {
		if given == v.r.recovery {
			return ErrRecoveryOutdated
		}
		return ErrWrongPassword
	}
	if err := v.checkUserPassword(u.ID, password); err != nil {
		return err
	}
	k, err := keys.OpenUserWith(u.Recovery, recovery.Identity())
	if err != nil {
		return ErrWrongPassword
	}
	if err := v.start(u, k); err != nil {
		return err
	}
	return v.setPassword(k, u.ID, password)
}

// Matrix is the user management screen's table: every user's effective
// level on every client, the 所長のみ marks and the My Number handlers.
type Matrix struct {
	Users    []Account                    `json:"users"`
	Clients  []MatrixClient               `json:"clients"`
	Levels   map[string]map[string]string `json:"levels"`   // user → client → effective level
	Explicit map[string]map[string]string `json:"explicit"` // user → client → level set for that client
	Handlers map[string][]string          `json:"handlers"` // client → designated handlers
}

// MatrixClient is one client column: id and 所長のみ.
type MatrixClient struct {
	ID        string `json:"id"`
	OwnerOnly bool   `json:"ownerOnly"`
}

// Matrix returns the access matrix (責任者 only).
func (v *Vault) Matrix() (*Matrix, error) {
	v.mu.Lock()
	if v.sess == nil {
		v.mu.Unlock()
		return nil, ErrLocked
	}
	if err := v.decide(access.ManageUsers, "", ""); err != nil {
		v.mu.Unlock()
		return nil, err
	}
	st := v.r.st.Clone()
	v.mu.Unlock()
	m := &Matrix{Users: v.Accounts(), Levels: map[string]map[string]string{}, Explicit: map[string]map[string]string{}, Handlers: map[string][]string{}}
	for id, owner := range st.Clients {
		m.Clients = append(m.Clients, MatrixClient{ID: id, OwnerOnly: owner})
		var hs []string
		for u, ok := range st.Handlers[id] {
			if ok {
				hs = append(hs, u)
			}
		}
		slices.Sort(hs)
		m.Handlers[id] = hs
	}
	slices.SortFunc(m.Clients, func(a, b MatrixClient) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range m.Users {
		lv, ex := map[string]string{}, map[string]string{}
		for _, c := range m.Clients {
			lv[c.ID] = string(st.Level(u.ID, c.ID))
			if l, ok := st.Levels[u.ID][c.ID]; ok {
				ex[c.ID] = string(l)
			}
		}
		m.Levels[u.ID], m.Explicit[u.ID] = lv, ex
	}
	return m, nil
}

package vault

import (
	"context"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/progress"
)

// Bulk changes of access, for offices with hundreds to thousands of
// clients: the user management screen's "set this level on the selected
// clients" and "what new clients get". Each is one write transaction — all
// of it or none — made of the same signed access.level (and user.update)
// ops a single change writes, so every replica judges each op exactly as it
// judges SetLevel's: a member of staff's own program that writes such ops
// gets none of them applied. The scope keys are brought in line once, after
// all the ops, so each affected scope is re-keyed (or re-wrapped) once.
//
// At 10,000 clients a change takes seconds (a new key and the client's
// records sealed again for each client a user leaves): the Context forms
// report progress — stage "levels" (ops written, of the clients changing),
// then "keys" (client scopes re-keyed or re-wrapped, of those whose members
// change) — and stop when ctx ends, with ctx's error and nothing changed
// (the transaction is not committed).

// SetLevels sets user's level on each of clients (責任者 only); an empty
// level removes the explicit settings, so the user's default applies again.
// Clients whose explicit setting already is level are left alone; the
// clients changed are returned, sorted. An unknown user or client refuses
// the whole change (ErrNotFound), as does any refusal of one of the ops.
func (v *Vault) SetLevels(user string, clients []string, level access.Level) ([]string, error) {
	return v.SetLevelsContext(context.Background(), nil, user, clients, level)
}

// SetLevelsContext is SetLevels with progress and cancel (rep may be nil).
func (v *Vault) SetLevelsContext(ctx context.Context, rep progress.Reporter, user string, clients []string, level access.Level) ([]string, error) {
	var changed []string
	err := v.locked(func() error {
		if level != "" && !level.Valid() {
			return fmt.Errorf("%w: level %q", ErrInvalidOp, level)
		}
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		if v.r.users[user] == nil {
			return ErrNotFound
		}
		set := v.r.st.Levels[user]
		for _, c := range clients {
			if _, ok := v.r.st.Clients[c]; !ok {
				return fmt.Errorf("%w: client %s", ErrNotFound, c)
			}
			cur, explicit := set[c]
			if (level == "" && !explicit) || (level != "" && explicit && cur == level) {
				continue
			}
			changed = append(changed, c)
		}
		slices.Sort(changed)
		changed = slices.Compact(changed)
		return v.levelOps(ctx, rep, user, changed, level, nil)
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}

// SetDefaultLevel sets the level user gets on clients without an explicit
// setting — every client registered from now on, and, unless keep, the
// existing clients without one (責任者 only). With keep, those existing
// clients get the user's present default as an explicit setting in the
// same transaction, so only new clients see the change; the clients pinned
// so are returned, sorted. A 責任者's level is 編集 on every client
// whatever is set, so nothing is pinned for one.
func (v *Vault) SetDefaultLevel(user string, level access.Level, keep bool) ([]string, error) {
	return v.SetDefaultLevelContext(context.Background(), nil, user, level, keep)
}

// SetDefaultLevelContext is SetDefaultLevel with progress and cancel (rep
// may be nil).
func (v *Vault) SetDefaultLevelContext(ctx context.Context, rep progress.Reporter, user string, level access.Level, keep bool) ([]string, error) {
	var pinned []string
	err := v.locked(func() error {
		if !level.Valid() {
			return fmt.Errorf("%w: level %q", ErrInvalidOp, level)
		}
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		old := v.r.users[user]
		if old == nil {
			return ErrNotFound
		}
		was := old.Default
		if !old.Role.Allows(was) {
			was = access.Hidden // what State.Level reads for it
		}
		if keep && was != level && old.Role != access.Admin {
			set := v.r.st.Levels[user]
			for c := range v.r.st.Clients {
				if _, explicit := set[c]; !explicit {
					pinned = append(pinned, c)
				}
			}
			slices.Sort(pinned)
		}
		u := userRecord{ID: user, Login: old.Login, Name: old.Name, Role: old.Role, Default: level, Handler: old.Handler, Disabled: old.Disabled}
		return v.levelOps(ctx, rep, user, pinned, was, &u)
	})
	if err != nil {
		return nil, err
	}
	return pinned, nil
}

// levelOps writes, in one transaction, an access.level op setting user's
// level on each of clients, then the user.update u if not nil, and brings
// the scope keys in line once. ctx ending rolls it all back.
func (v *Vault) levelOps(ctx context.Context, rep progress.Reporter, user string, clients []string, level access.Level, u *userRecord) error {
	if len(clients) == 0 && u == nil {
		return nil
	}
	rep = progress.OrNoop(rep)
	return v.update(func(tx *bolt.Tx) error {
		before := v.r.st.Clone()
		for i, c := range clients {
			if i%64 == 0 {
				rep.Report(progress.Update{Stage: "levels", Done: int64(i), Total: int64(len(clients))})
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := v.control(tx, KindLevel, c, levelRecord{User: user, Client: c, Level: level}); err != nil {
				return err
			}
		}
		if u != nil {
			if err := v.control(tx, KindUserUpdate, user, *u); err != nil {
				return err
			}
		}
		if len(clients) > 0 {
			rep.Report(progress.Update{Stage: "levels", Done: int64(len(clients)), Total: int64(len(clients))})
		}
		return v.refreshScopesContext(ctx, rep, tx, before)
	})
}

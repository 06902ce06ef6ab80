package app

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// Bulk changes of access (user management at office scale): a level on
// many clients at once, and what new clients get. The window and the CLI
// both make them through Session, which writes one grant (or revoke) entry
// per client whose setting changed, marked "bulk" — the same entry a
// single change writes — so the log answers who changed which client's
// access however it was changed. A refused or failed change writes one
// entry per client asked for, with the result; a change that changes
// nothing, or that was cancelled (nothing changed), writes one entry about
// the user.

// BulkResult is what a bulk change did: the clients whose setting changed
// (for a default kept for existing clients, the clients pinned at the
// earlier default), sorted by id.
type BulkResult struct {
	Changed []string `json:"changed"`
}

// levelCode is the one-letter form of a level in MatrixView.
var levelCode = map[string]byte{string(access.Edit): 'e', string(access.Read): 'r', string(access.Hidden): 'h'}

// LevelAction is the log action of a level change: revoke for 開示不能.
func LevelAction(level string) audit.Action {
	if level == string(access.Hidden) {
		return audit.Revoke
	}
	return audit.Grant
}

// bulkEntries writes the entries of a bulk level change of user: one per
// client in changed on success, one per client asked for on failure, one
// about the user when nothing changed. detail ends each entry's Detail.
func (s Session) bulkEntries(off *office.Office, user string, asked, changed []string, level, detail string, err error) error {
	clients := changed
	if err != nil {
		clients = asked
	}
	base := "user=" + user + " level=" + cmp.Or(level, "default") + " " + detail
	if errors.Is(err, context.Canceled) {
		return s.Trace(audit.Entry{Action: LevelAction(level), Target: "user/" + user, Detail: base + " asked=" + strconv.Itoa(len(asked)) + " changed=0"}, err)
	}
	if len(clients) == 0 {
		return s.Trace(audit.Entry{Action: LevelAction(level), Target: "user/" + user, Detail: base + " changed=0"}, err)
	}
	var first error
	for _, c := range clients {
		e := ClientEntry(off, LevelAction(level), c)
		e.Detail = base
		if terr := s.Trace(e, err); terr != nil && first == nil {
			first = terr
		}
	}
	return first
}

// SetLevels sets user's level ("edit", "read", "hidden"; "" for back to
// the default) on clients in one change, and logs it. off labels the
// entries with the clients' names (nil: none).
func (s Session) SetLevels(off *office.Office, user string, clients []string, level string) (BulkResult, error) {
	return s.SetLevelsContext(context.Background(), nil, off, user, clients, level)
}

// SetLevelsContext is SetLevels with progress (vault.SetLevelsContext's
// stages) and cancel: cancelled, nothing changes and one entry says so.
func (s Session) SetLevelsContext(ctx context.Context, rep progress.Reporter, off *office.Office, user string, clients []string, level string) (BulkResult, error) {
	asked := slices.Compact(slices.Sorted(slices.Values(clients)))
	changed, err := s.Vault.SetLevelsContext(ctx, rep, user, asked, access.Level(level))
	return BulkResult{Changed: nonNil(changed)}, s.bulkEntries(off, user, asked, changed, level, "bulk", err)
}

// SetDefaultLevel sets the level user gets on clients without a setting of
// their own — every client registered from now on; with keep, the existing
// clients keep their level (pinned in the same change). It logs a user.edit
// entry, and a grant entry per client pinned.
func (s Session) SetDefaultLevel(off *office.Office, user, level string, keep bool) (BulkResult, error) {
	return s.SetDefaultLevelContext(context.Background(), nil, off, user, level, keep)
}

// SetDefaultLevelContext is SetDefaultLevel with progress and cancel.
func (s Session) SetDefaultLevelContext(ctx context.Context, rep progress.Reporter, off *office.Office, user, level string, keep bool) (BulkResult, error) {
	name, was := "", ""
	for _, a := range s.Vault.Accounts() {
		if a.ID == user {
			name, was = a.Name, a.Default
			if !access.Role(a.Role).Allows(access.Level(was)) {
				was = string(access.Hidden) // as the vault reads it
			}
		}
	}
	pinned, err := s.Vault.SetDefaultLevelContext(ctx, rep, user, access.Level(level), keep)
	detail := "default=" + level + " keep=" + strconv.FormatBool(keep) + " pinned=" + strconv.Itoa(len(pinned))
	if terr := s.Trace(audit.Entry{Action: audit.UserEdit, Target: "user/" + user, Label: name, Detail: detail}, err); terr != nil || len(pinned) == 0 {
		return BulkResult{Changed: nonNil(pinned)}, terr
	}
	// The pinned clients keep the earlier default as a setting of their own.
	return BulkResult{Changed: pinned}, s.bulkEntries(off, user, nil, pinned, was, "bulk pinned", nil)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MatrixView is the users × clients table, compact enough for 10,000
// clients: the clients once, sorted by id, with their names, 所長のみ marks
// and My Number handlers; per user one letter per client, in that order.
type MatrixView struct {
	Users   []vault.Account    `json:"users"`
	Clients []MatrixClientView `json:"clients"`
	// Levels is each user's effective level on each client: "e" 編集,
	// "r" 閲覧のみ, "h" 開示不能.
	Levels map[string]string `json:"levels"`
	// Explicit is the level set for that client in the same letters, "-"
	// where none is (the user's default applies).
	Explicit map[string]string `json:"explicit"`
}

// MatrixClientView is one client of the matrix.
type MatrixClientView struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"` // "" when the session cannot read it
	OwnerOnly bool     `json:"ownerOnly"`
	Handlers  []string `json:"handlers,omitempty"` // designated My Number handlers
}

// matrixView compacts m, naming the clients with names.
func matrixView(m *vault.Matrix, names map[string]string) *MatrixView {
	out := &MatrixView{Users: m.Users, Clients: make([]MatrixClientView, len(m.Clients)), Levels: map[string]string{}, Explicit: map[string]string{}}
	for i, c := range m.Clients {
		out.Clients[i] = MatrixClientView{ID: c.ID, Name: names[c.ID], OwnerOnly: c.OwnerOnly, Handlers: m.Handlers[c.ID]}
	}
	for _, u := range m.Users {
		lv, ex := make([]byte, len(m.Clients)), make([]byte, len(m.Clients))
		for i, c := range m.Clients {
			lv[i] = cmp.Or(levelCode[m.Levels[u.ID][c.ID]], 'h')
			ex[i] = cmp.Or(levelCode[m.Explicit[u.ID][c.ID]], '-')
		}
		out.Levels[u.ID], out.Explicit[u.ID] = string(lv), string(ex)
	}
	return out
}

// SetLevels sets a user's level on many clients at once ("" returns them
// to the user's default level): one change, one entry per client changed.
func (s *VaultService) SetLevels(user string, clients []string, level string) (BulkResult, error) {
	return s.setLevels(context.Background(), nil, user, clients, level)
}

// SetLevelsStart is SetLevels as a job ("access.levels": progress in
// stages "levels" then "keys", and cancel, which changes nothing). At
// thousands of clients a change takes seconds. The result (in job:done) is
// the BulkResult.
func (s *VaultService) SetLevelsStart(user string, clients []string, level string) (string, error) {
	return s.a.Jobs.Start(context.Background(), "access.levels", func(ctx context.Context, r progress.Reporter) (any, error) {
		return s.setLevels(ctx, r, user, clients, level)
	}), nil
}

func (s *VaultService) setLevels(ctx context.Context, r progress.Reporter, user string, clients []string, level string) (BulkResult, error) {
	var res BulkResult
	off, _ := s.office()
	err := s.withVault(func(v *vault.Vault) error {
		var err error
		res, err = Session{Vault: v}.SetLevelsContext(ctx, r, off, user, clients, level)
		return err
	})
	return res, err
}

// SetDefaultLevel sets what new clients give a user (their default level);
// keep leaves the existing clients at the level they have now.
func (s *VaultService) SetDefaultLevel(user, level string, keep bool) (BulkResult, error) {
	return s.setDefaultLevel(context.Background(), nil, user, level, keep)
}

// SetDefaultLevelStart is SetDefaultLevel as a job ("access.default",
// like SetLevelsStart).
func (s *VaultService) SetDefaultLevelStart(user, level string, keep bool) (string, error) {
	return s.a.Jobs.Start(context.Background(), "access.default", func(ctx context.Context, r progress.Reporter) (any, error) {
		return s.setDefaultLevel(ctx, r, user, level, keep)
	}), nil
}

func (s *VaultService) setDefaultLevel(ctx context.Context, r progress.Reporter, user, level string, keep bool) (BulkResult, error) {
	var res BulkResult
	off, _ := s.office()
	err := s.withVault(func(v *vault.Vault) error {
		var err error
		res, err = Session{Vault: v}.SetDefaultLevelContext(ctx, r, off, user, level, keep)
		return err
	})
	return res, err
}

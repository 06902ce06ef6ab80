package app

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// Events of the vault service.
const (
	// EventVaultState carries a VaultState whenever the phase changes
	// (opened, logged in, locked by idle time or by the OS session).
	EventVaultState = "vault:state"
	// EventVaultSync carries a vault.Status after each background sync.
	EventVaultSync = "vault:sync"
	// EventLoginProgress carries a progress.Update while a login builds the
	// session's search index: stage "keys" (the first login on a PC that
	// joined opens every client's key) then "records".
	EventLoginProgress = "vault:login"
)

// Phases of VaultState.
const (
	PhaseSetup  = "setup"  // no vault on this PC: the first-run wizard
	PhaseChoose = "choose" // several vaults: pick one
	PhaseLocked = "locked" // a vault is open, nobody is logged in
	PhaseOpen   = "open"   // a user is logged in
)

// VaultState is what the shell needs to decide which screen to show.
type VaultState struct {
	Phase       string          `json:"phase"`
	Known       []vault.Summary `json:"known"`
	Vault       *vault.Summary  `json:"vault,omitempty"`
	User        *vault.Account  `json:"user,omitempty"`
	Accounts    []vault.Account `json:"accounts"`   // for the login screen
	Remembered  []string        `json:"remembered"` // user ids with "remember me" on this PC
	Keychain    bool            `json:"keychain"`   // whether "remember me" can work here
	IdleMinutes int             `json:"idleMinutes"`
	// SuggestedFolder is where the wizard proposes to create a vault.
	SuggestedFolder string `json:"suggestedFolder"`
	// DemoPassword is set when the open vault is the demo vault (invented
	// data only), so the login screen can show it.
	DemoPassword string `json:"demoPassword,omitempty"`
	// DemoID is the demo vault's id when this PC has one, so the picker
	// can mark it among Known.
	DemoID string `json:"demoId,omitempty"`
}

// VaultService is the bound service of the vault area: first run, login,
// lock, users and levels, sync status. One vault is open at a time.
type VaultService struct {
	a *App

	mu       sync.Mutex
	v        *vault.Vault
	stopSync context.CancelFunc
	touched  time.Time
	off      *office.Office // the logged-in session's clients, people and index
	offUser  string
	// building is the login's index build under way (buildOffice), nil
	// when none: until it is done nothing else builds one (a second build
	// beside it doubled a login's time and memory), and what syncs change
	// meanwhile is kept for it.
	building *officeBuild
	builds   atomic.Int64 // indexes built from every record, for tests

	loginMu     sync.Mutex
	loginCancel context.CancelFunc // of the login building its index, if any
}

func (s *VaultService) opts() vault.Options {
	return vault.Options{DataDir: s.a.opt.DataDir, Keys: s.a.opt.Keys, Now: s.a.opt.Now}
}

func (s *VaultService) now() time.Time {
	if s.a.opt.Now != nil {
		return s.a.opt.Now()
	}
	return time.Now()
}

// State returns the current phase. At start it opens the office's vault
// when this PC has exactly one. The demo vault is never opened by itself:
// with only the demo on the PC the start screen is the first-run wizard
// again (create, join, or try the demo), so trying the demo never keeps
// the office from creating its real vault.
func (s *VaultService) State() (VaultState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v == nil {
		known, err := vault.Known(s.a.opt.DataDir)
		if err != nil {
			return VaultState{}, Err(err)
		}
		if real := WithoutDemo(s.a.opt.DataDir, known); len(real) == 1 {
			if err := s.openLocked(real[0].ID); err != nil {
				return VaultState{}, Err(err)
			}
		}
	}
	return s.stateLocked(), nil
}

func (s *VaultService) stateLocked() VaultState {
	st := VaultState{Phase: PhaseSetup, Accounts: []vault.Account{}, Remembered: []string{},
		Keychain: s.a.keychain != nil && s.a.keychain.Available(), IdleMinutes: int(s.a.opt.IdleLock / time.Minute),
		SuggestedFolder: suggestedFolder()}
	st.Known, _ = vault.Known(s.a.opt.DataDir)
	if st.Known == nil {
		st.Known = []vault.Summary{}
	}
	for _, k := range st.Known {
		if k.Folder == demoFolder(s.a.opt.DataDir) {
			st.DemoID = k.ID
		}
	}
	if s.v == nil {
		if len(WithoutDemo(s.a.opt.DataDir, st.Known)) > 0 {
			st.Phase = PhaseChoose
		}
		return st
	}
	st.Vault = &vault.Summary{ID: s.v.ID(), Name: s.v.Name(), Folder: s.v.Folder()}
	if s.v.Folder() == demoFolder(s.a.opt.DataDir) {
		st.DemoPassword = office.DemoPassword
	}
	st.Accounts = s.v.Accounts()
	st.Phase = PhaseLocked
	for _, acc := range st.Accounts {
		if s.v.Remembered(acc.ID) {
			st.Remembered = append(st.Remembered, acc.ID)
		}
		if acc.ID == s.v.User() {
			acc := acc
			st.User = &acc
			st.Phase = PhaseOpen
		}
	}
	return st
}

// openLocked opens vault id and starts its background sync.
func (s *VaultService) openLocked(id string) error {
	v, err := vault.Open(id, s.opts())
	if err != nil {
		return err
	}
	s.attach(v)
	return nil
}

func (s *VaultService) attach(v *vault.Vault) {
	s.v = v
	ctx, cancel := context.WithCancel(context.Background())
	s.stopSync = cancel
	go v.AutoSync(ctx, s.a.opt.SyncInterval, func(res vault.SyncResult, _ error) {
		s.a.emit(EventVaultSync, v.Status())
		s.a.share.sweepDue() // expired outgoing copies, hourly
		s.afterSync(v, res)
	})
}

// afterSync follows a sync of v: one that imported ops may bring users,
// clients or people from another PC, or change this user's rights. The
// search index is updated from what the sync changed (a few records cost
// a few reads, access-log entries nothing); only a sync that rebuilt the
// replica or erased data, or an update that fails, reloads it whole.
func (s *VaultService) afterSync(v *vault.Vault, res vault.SyncResult) {
	if res.Imported == 0 {
		return
	}
	s.mu.Lock()
	if b := s.building; s.v == v && b != nil {
		// The login's build may have read these records before the sync
		// changed them: it applies the changes when its scan is done.
		b.full = b.full || res.Rebuilt || res.Erased
		b.changed = append(b.changed, res.Changed...)
	} else if s.v == v && s.off != nil && s.offUser == v.User() {
		if res.Rebuilt || res.Erased || s.off.Update(res.Changed) != nil {
			s.syncOfficeLocked(true)
		}
	}
	s.mu.Unlock()
	s.changed()
}

// syncFor is a sync another service makes (a log verify): the session's
// search index follows what it imported, as it follows the poll's, and
// ctx stops it between import transactions.
func (s *VaultService) syncFor(ctx context.Context, v *vault.Vault) (vault.SyncResult, error) {
	res, err := v.SyncContext(ctx, nil)
	s.afterSync(v, res)
	return res, err
}

// Open switches to another vault of this PC (the launcher's choice).
func (s *VaultService) Open(id string) (VaultState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
	if err := s.openLocked(id); err != nil {
		return VaultState{}, Err(err)
	}
	return s.stateLocked(), nil
}

func (s *VaultService) closeLocked() {
	if s.v == nil {
		return
	}
	s.stopSync()
	s.a.auto.poke()
	s.v.Close()
	s.v, s.off, s.offUser = nil, nil, ""
}

// close is the shutdown hook.
func (s *VaultService) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
}

// CreateRequest is the first-run wizard's "create a vault here".
type CreateRequest struct {
	Folder   string `json:"folder"`
	Name     string `json:"name"`
	Login    string `json:"login"`
	UserName string `json:"userName"`
	Password string `json:"password"`
	Handler  bool   `json:"handler"` // the first 責任者 also handles My Numbers
}

// Create makes a new vault with its first 責任者, logs them in and returns
// the recovery sheet, which is shown once and never stored.
func (s *VaultService) Create(req CreateRequest) (*RecoverySheet, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, rec, err := vault.Create(req.Folder, req.Name, vault.NewUser{Login: req.Login, Name: req.UserName, Password: []byte(req.Password), Handler: req.Handler}, s.opts())
	if err != nil {
		return nil, Err(err)
	}
	s.closeLocked()
	s.attach(v)
	s.touched = s.now()
	// s.mu is held: the entry goes through the new vault's Session directly.
	Session{Vault: v}.Trace(audit.Entry{Action: audit.VaultCreate, Label: v.Name()}, nil)
	sheet, err := NewRecoverySheet(v.Name(), v.ID(), s.now(), rec)
	if err != nil {
		return nil, Err(err)
	}
	s.a.emit(EventVaultState, s.stateLocked())
	return sheet, nil
}

// Join makes a replica of the vault in folder (a NAS share) on this PC.
func (s *VaultService) Join(folder string) (VaultState, error) {
	return s.join(context.Background(), folder, nil)
}

// JoinStart joins the vault in folder as a job ("vault.join": progress in
// segments read, and cancel). A join of a big vault reads every op the
// office ever wrote; cancelled, it keeps what it imported and joining
// again carries on from there. The result (in job:done) is the VaultState.
func (s *VaultService) JoinStart(folder string) (string, error) {
	return s.a.Jobs.Start(context.Background(), "vault.join", func(ctx context.Context, r progress.Reporter) (any, error) {
		return s.join(ctx, folder, r)
	}), nil
}

func (s *VaultService) join(ctx context.Context, folder string, r progress.Reporter) (VaultState, error) {
	// The import runs without s.mu: the window keeps answering meanwhile.
	v, err := vault.JoinContext(ctx, folder, s.opts(), r)
	if err != nil {
		return VaultState{}, Err(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
	s.attach(v)
	// Nobody is logged in yet: the entry has no user.
	Session{Vault: v}.Trace(audit.Entry{Action: audit.VaultJoin, Label: v.Name()}, nil)
	return s.stateLocked(), nil
}

// withVault runs fn on the open vault; ErrNoReplica when none is open.
func (s *VaultService) withVault(fn func(v *vault.Vault) error) error {
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	if v == nil {
		return Err(vault.ErrNoReplica)
	}
	s.Touch()
	return Err(fn(v))
}

// Login logs a user in with their password; remember keeps a key in the OS
// keychain so this PC can log them in without it next time.
func (s *VaultService) Login(login, password string, remember bool) (VaultState, error) {
	var st VaultState
	b := s.beginBuild()
	err := s.withVault(func(v *vault.Vault) error {
		if err := (Session{Vault: v}).Login(login, []byte(password), ""); err != nil {
			return err
		}
		if remember {
			if err := v.Remember(s.a.keychain); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.endBuild(b)
		return st, err
	}
	if err := s.buildOffice(b); err != nil {
		return s.lock("login_canceled"), Err(err)
	}
	return s.changed(), nil
}

// LoginRemembered logs in a user who chose "remember me" on this PC.
func (s *VaultService) LoginRemembered(user string) (VaultState, error) {
	b := s.beginBuild()
	err := s.withVault(func(v *vault.Vault) error { return v.LoginRemembered(s.a.keychain, user) })
	if err != nil {
		s.endBuild(b)
		s.trace(audit.Entry{Action: audit.LoginFailed, Login: user, Detail: "remembered"}, err)
		return VaultState{}, err
	}
	s.trace(audit.Entry{Action: audit.Login, Detail: "remembered"}, nil)
	if err := s.buildOffice(b); err != nil {
		return s.lock("login_canceled"), Err(err)
	}
	return s.changed(), nil
}

// beginBuild marks a login's index build as under way from before the
// session starts (the KDF takes a second or two): a sync or a call in
// between would otherwise find no index and build one of its own beside
// the login's (twice the time and memory; the bench saw it). endBuild ends
// the mark; buildOffice ends it itself.
func (s *VaultService) beginBuild() *officeBuild {
	b := &officeBuild{done: make(chan struct{})}
	s.mu.Lock()
	s.building = b
	s.mu.Unlock()
	return b
}

func (s *VaultService) endBuild(b *officeBuild) {
	s.mu.Lock()
	if s.building == b {
		s.building = nil
	}
	s.mu.Unlock()
	close(b.done)
}

// buildOffice builds the session's search index right after a login,
// reporting EventLoginProgress; CancelLogin stops it, and the login then
// ends locked with context.Canceled (job.canceled). Any other failure
// leaves the index to the next call that needs it, as before.
func (s *VaultService) buildOffice(b *officeBuild) error {
	defer s.endBuild(b)
	if loginHook != nil {
		loginHook("session")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.loginMu.Lock()
	s.loginCancel = cancel
	s.loginMu.Unlock()
	defer func() {
		s.loginMu.Lock()
		s.loginCancel = nil
		s.loginMu.Unlock()
	}()
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	if v == nil || v.User() == "" {
		return nil
	}
	user := v.User()
	rep := progress.Throttle(progress.Func(func(u progress.Update) { s.a.emit(EventLoginProgress, u) }), 100*time.Millisecond)
	off := office.New(v)
	s.builds.Add(1)
	err := off.LoadCtx(ctx, rep)
	rep.Close()
	if ctx.Err() != nil {
		return context.Canceled
	}
	if loginHook != nil {
		loginHook("scanned")
	}
	if err == nil {
		s.mu.Lock()
		if s.v == v && v.User() == user {
			s.building = nil
			switch {
			case b.full:
				s.off, s.offUser = nil, ""
				s.syncOfficeLocked(true)
			case off.Update(b.changed) != nil:
				s.syncOfficeLocked(true)
			default:
				s.off, s.offUser = off, user
			}
		}
		s.mu.Unlock()
	}
	return nil
}

// officeBuild is a login's index build under way: done is closed when it
// ends; changed and full are what syncs brought meanwhile (targets to
// read again; a rebuild or erasure: everything).
type officeBuild struct {
	done    chan struct{}
	changed []string
	full    bool
}

// loginHook, when set (tests), runs during a login: at "session" once the
// vault's session has started and before the index build, at "scanned"
// once the build has read every record and before it applies what syncs
// changed meanwhile.
var loginHook func(stage string)

// CancelLogin stops a login that is still building its search index (the
// first login on a PC that joined the vault opens every client's key) and
// leaves the vault locked: the login form comes back. It does nothing when
// no login is under way.
func (s *VaultService) CancelLogin() {
	s.loginMu.Lock()
	if s.loginCancel != nil {
		s.loginCancel()
	}
	s.loginMu.Unlock()
}

// Forget removes "remember me" for user on this PC.
func (s *VaultService) Forget(user string) (VaultState, error) {
	err := s.withVault(func(v *vault.Vault) error { return v.Forget(s.a.keychain, user) })
	if err := s.trace(audit.Entry{Action: audit.Settings, Target: "user/" + user, Detail: "forget_remembered"}, err); err != nil {
		return VaultState{}, err
	}
	return s.changed(), nil
}

// Lock ends the session: every key in memory is dropped.
func (s *VaultService) Lock() VaultState { return s.lock("") }

// lock locks with the reason in the log: "" (the user), "idle" or "os".
func (s *VaultService) lock(why string) VaultState {
	s.mu.Lock()
	if s.v != nil && s.v.User() != "" {
		s.v.Log(audit.Entry{Action: audit.Lock, Detail: why, Result: audit.ResultOK})
	}
	if s.v != nil {
		s.v.Lock()
	}
	s.mu.Unlock()
	return s.changed()
}

func (s *VaultService) changed() VaultState {
	s.mu.Lock()
	st := s.stateLocked()
	s.syncOfficeLocked(false)
	s.mu.Unlock()
	s.a.auto.poke() // backups start at login and stop at lock
	s.a.share.sweepDue()
	s.a.emit(EventVaultState, st)
	return st
}

// syncOfficeLocked keeps the session's office (and its search index of
// decrypted names) in step with the login: built at login, rebuilt when
// reload (a sync brought changes), dropped at lock.
func (s *VaultService) syncOfficeLocked(reload bool) {
	if s.v == nil || s.v.User() == "" {
		s.off, s.offUser = nil, ""
		s.a.clients.pending.drop() // parsed files hold names: not kept past a lock
		s.a.logs.drop()            // the decrypted log and its session keys
		return
	}
	if s.off != nil && s.offUser == s.v.User() && !reload {
		return
	}
	if s.building != nil {
		return // the login's build: office waits for it
	}
	off := office.New(s.v)
	s.builds.Add(1)
	if off.Load() == nil {
		s.off, s.offUser = off, s.v.User()
	}
}

// office returns the logged-in session's office, or vault.ErrLocked.
func (s *VaultService) office() (*office.Office, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.building != nil && s.off == nil {
		b := s.building
		s.mu.Unlock()
		<-b.done
		s.mu.Lock()
	}
	s.syncOfficeLocked(false)
	if s.off == nil {
		return nil, vault.ErrLocked
	}
	s.touched = s.now()
	return s.off, nil
}

// Touch records user activity for the idle lock. The UI calls it on input
// (at most every few seconds); every other call of this service counts too.
func (s *VaultService) Touch() {
	s.mu.Lock()
	s.touched = s.now()
	s.mu.Unlock()
}

// checkIdle locks the vault after IdleLock without activity or when the
// OS session is locked. The app calls it on a timer.
func (s *VaultService) checkIdle(osLocked bool) {
	s.mu.Lock()
	v := s.v
	idle := s.a.opt.IdleLock > 0 && s.now().Sub(s.touched) >= s.a.opt.IdleLock
	s.mu.Unlock()
	if v != nil && v.User() != "" && (idle || osLocked) {
		why := "idle"
		if osLocked {
			why = "os"
		}
		s.lock(why)
	}
}

// ChangePassword changes the logged-in user's password.
func (s *VaultService) ChangePassword(old, new string) error {
	return s.trace(audit.Entry{Action: audit.Password}, s.withVault(func(v *vault.Vault) error { return v.ChangePassword([]byte(old), []byte(new)) }))
}

// ResetPassword is the forgotten-password path with the recovery sheet.
func (s *VaultService) ResetPassword(login, recoveryKey, newPassword string) (VaultState, error) {
	// A mistyped key is an attempt too: it is logged like a wrong one.
	rec, err := keys.ParseRecovery(recoveryKey)
	if err == nil {
		err = s.withVault(func(v *vault.Vault) error { return v.ResetPassword(login, rec, []byte(newPassword)) })
	}
	if err := s.trace(audit.Entry{Action: audit.Password, Login: login, Detail: "recovery"}, err); err != nil {
		return VaultState{}, err
	}
	return s.changed(), nil
}

// Status is the sync status screen.
func (s *VaultService) Status() (vault.Status, error) {
	var st vault.Status
	err := s.withVault(func(v *vault.Vault) error { st = v.Status(); return nil })
	return st, err
}

// SyncNow syncs at once ("今すぐ同期").
func (s *VaultService) SyncNow() (vault.Status, error) {
	var st vault.Status
	err := s.withVault(func(v *vault.Vault) error {
		res, err := v.Sync(nil)
		st = v.Status()
		s.afterSync(v, res)
		return err
	})
	return st, s.trace(audit.Entry{Action: audit.VaultSync}, err)
}

// Verify starts a job that checks the whole vault; its result is a
// vault.Report.
func (s *VaultService) Verify() (string, error) {
	var id string
	err := s.withVault(func(v *vault.Vault) error {
		id = s.a.Jobs.Start(context.Background(), "vault.verify", func(ctx context.Context, r progress.Reporter) (any, error) {
			rpt, err := v.Verify(ctx, r)
			e := audit.Entry{Action: audit.VaultVerify}
			if rpt != nil {
				e.Detail = "problems=" + strconv.Itoa(len(rpt.Problems))
			}
			return rpt, Session{Vault: v}.Trace(e, err)
		})
		return nil
	})
	return id, err
}

// NewUserRequest is the form of "ユーザーを追加".
type NewUserRequest struct {
	Login    string `json:"login"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Default  string `json:"default"`
	Handler  bool   `json:"handler"`
}

// AddUser creates a user (責任者 only) and returns their id.
func (s *VaultService) AddUser(req NewUserRequest) (string, error) {
	var id string
	err := s.withVault(func(v *vault.Vault) error {
		var err error
		id, err = v.AddUser(vault.NewUser{Login: req.Login, Name: req.Name, Password: []byte(req.Password),
			Role: access.Role(req.Role), Default: access.Level(req.Default), Handler: req.Handler})
		return err
	})
	return id, s.trace(audit.Entry{Action: audit.UserAdd, Target: "user/" + id, Label: req.Name + "（" + req.Login + "）", Detail: "role=" + req.Role}, err)
}

// UserChangeRequest is an edit of a user in user management.
type UserChangeRequest struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Default  string `json:"default"`
	Handler  bool   `json:"handler"`
	Disabled bool   `json:"disabled"`
}

// UpdateUser changes a user (責任者 only).
func (s *VaultService) UpdateUser(id string, c UserChangeRequest) error {
	err := s.withVault(func(v *vault.Vault) error {
		return v.UpdateUser(id, vault.UserChange{Name: c.Name, Role: access.Role(c.Role), Default: access.Level(c.Default), Handler: c.Handler, Disabled: c.Disabled})
	})
	detail := "role=" + c.Role + " default=" + c.Default
	if c.Disabled {
		detail += " disabled"
	}
	return s.trace(audit.Entry{Action: audit.UserEdit, Target: "user/" + id, Label: c.Name, Detail: detail}, err)
}

// Matrix returns the access matrix (責任者 only).
func (s *VaultService) Matrix() (*MatrixView, error) {
	var m *vault.Matrix
	if err := s.withVault(func(v *vault.Vault) error {
		var err error
		m, err = v.Matrix()
		return err
	}); err != nil {
		return nil, err
	}
	off, err := s.office()
	if err != nil {
		return nil, Err(err)
	}
	// The session's office already holds the names it decrypted for search.
	return matrixView(m, off.ClientNames()), nil
}

// SetLevel sets a user's level on a client: "edit", "read" or "hidden";
// "" returns the cell to the user's default level.
func (s *VaultService) SetLevel(user, client, level string) error {
	e := s.clientEntry(audit.Grant, client)
	e.Detail = "user=" + user + " level=" + cmp.Or(level, "default")
	if level == string(access.Hidden) {
		e.Action = audit.Revoke
	}
	return s.trace(e, s.withVault(func(v *vault.Vault) error { return v.SetLevel(user, client, access.Level(level)) }))
}

// SetOwnerOnly marks a client 所長のみ or clears the mark.
func (s *VaultService) SetOwnerOnly(client string, ownerOnly bool) error {
	e := s.clientEntry(audit.Settings, client)
	e.Detail = "owner_only=" + strconv.FormatBool(ownerOnly)
	return s.trace(e, s.withVault(func(v *vault.Vault) error { return v.SetOwnerOnly(client, ownerOnly) }))
}

// GrantMyNumber designates a My Number handler for a client.
func (s *VaultService) GrantMyNumber(user, client string) error {
	e := s.clientEntry(audit.Grant, client)
	e.Detail = "user=" + user + " mynumber"
	return s.trace(e, s.withVault(func(v *vault.Vault) error { return v.GrantMyNumber(user, client) }))
}

// RevokeMyNumber withdraws a designation.
func (s *VaultService) RevokeMyNumber(user, client string) error {
	e := s.clientEntry(audit.Revoke, client)
	e.Detail = "user=" + user + " mynumber"
	return s.trace(e, s.withVault(func(v *vault.Vault) error { return v.RevokeMyNumber(user, client) }))
}

// CreateClient adds a client with just a name (a corporation), so levels
// can be set from user management; the clients area completes it.
func (s *VaultService) CreateClient(name string, ownerOnly bool) (string, error) {
	off, err := s.office()
	if err != nil {
		return "", Err(err)
	}
	id, err := off.CreateClient(records.Client{Kind: records.KindCorporation, Name: strings.TrimSpace(name)}, ownerOnly)
	e := s.clientEntry(audit.ClientCreate, id)
	e.Label = strings.TrimSpace(name)
	return id, s.trace(e, err)
}

// ConflictView is a record edited on two PCs from the same version.
type ConflictView struct {
	Target   string            `json:"target"`
	Label    string            `json:"label"` // the record's name as the user knows it
	Versions []ConflictVersion `json:"versions"`
}

// ConflictVersion is one of the competing versions, as the user compares
// them: who, on which PC, when, and the content as text.
type ConflictVersion struct {
	Op      string `json:"op"`
	Author  string `json:"author"` // user name
	Device  string `json:"device"` // PC name
	Time    int64  `json:"time"`   // unix ms
	Deleted bool   `json:"deleted"`
	Text    string `json:"text"`
}

// Conflicts lists the records in conflict that the user can open.
func (s *VaultService) Conflicts() ([]ConflictView, error) {
	out := []ConflictView{}
	err := s.withVault(func(v *vault.Vault) error {
		recs, err := v.Conflicts()
		names := map[string]string{}
		for _, a := range v.Accounts() {
			names[a.ID] = a.Name
		}
		pcs := map[string]string{}
		for _, d := range v.Status().Devices {
			pcs[d.ID] = d.Name
		}
		for _, r := range recs {
			cv := ConflictView{Target: r.Target}
			for _, ver := range r.Versions {
				var c records.Client
				if cv.Label == "" && json.Unmarshal(ver.Data, &c) == nil {
					cv.Label = c.Name
				}
				cv.Versions = append(cv.Versions, ConflictVersion{Op: ver.Op, Author: names[ver.Author], Device: pcs[ver.Device],
					Time: ver.Time, Deleted: ver.Deleted, Text: string(ver.Data)})
			}
			out = append(out, cv)
		}
		return err
	})
	return out, err
}

// ResolveConflict keeps the version keep of target: a new version with
// its content whose parents are all the heads.
func (s *VaultService) ResolveConflict(target, keep string) error {
	return s.trace(audit.Entry{Action: audit.Conflict, Target: target, Detail: "keep=" + keep}, s.resolveConflict(target, keep))
}

func (s *VaultService) resolveConflict(target, keep string) error {
	return s.withVault(func(v *vault.Vault) error {
		r, err := v.Get(target)
		if err != nil {
			return err
		}
		for _, ver := range r.Versions {
			if ver.Op == keep {
				if ver.Deleted {
					_, err = v.Delete(target, r.Heads())
				} else {
					_, err = v.Put(target, r.Heads(), ver.Data)
				}
				return err
			}
		}
		return vault.ErrNotFound
	})
}

func systemKeychain() keychain.Keychain {
	if kc := keychain.System(); kc.Available() {
		return kc
	}
	return unavailableKeychain{}
}

// unavailableKeychain is used where the OS has no keychain: "remember me"
// is then offered as unavailable rather than kept in a weaker place.
type unavailableKeychain struct{}

func (unavailableKeychain) Get(string, string) (string, error) { return "", keychain.ErrUnavailable }
func (unavailableKeychain) Set(string, string, string) error   { return keychain.ErrUnavailable }
func (unavailableKeychain) Delete(string, string) error        { return nil }
func (unavailableKeychain) Available() bool                    { return false }

// suggestedFolder proposes Documents/KinkoVault in the user's home (a
// solo office keeps the vault on its own disk; a NAS path is typed over it).
func suggestedFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return filepath.Join(home, "Documents", "KinkoVault")
	}
	return filepath.Join(home, "KinkoVault")
}

package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// Backups is the logic of the バックアップ area on one open vault, shared
// by the window (BackupService) and the command line (kinko backup): the
// same plans, passwords, runs, history and log entries through Session.
type Backups struct {
	Session  Session
	DataDir  string
	Keychain keychain.Keychain // nil: none (the password is unwrapped per run)
	Now      func() time.Time  // nil: time.Now
	// AfterSync, if set, is told what a sync the backup makes imported
	// (the window's search index follows it, as it follows the poll's).
	AfterSync func(vault.SyncResult)
}

// sync syncs the vault for a backup run, and tells AfterSync.
func (b *Backups) sync() (vault.SyncResult, error) {
	res, err := b.v().Sync(nil)
	if b.AfterSync != nil {
		b.AfterSync(res)
	}
	return res, err
}

// Errors of the area (codes in errors.go).
var (
	// ErrBackupNoDestination: the plan's destination is not attached (a
	// USB drive unplugged, a NAS unreachable).
	ErrBackupNoDestination = errors.New("app: backup destination absent")
	// ErrBackupNoPlan: no such plan (or not one of this PC's).
	ErrBackupNoPlan = errors.New("app: no such backup plan")
	// ErrBackupInvalidPlan: a plan without a name, a source or a destination.
	ErrBackupInvalidPlan = errors.New("app: backup plan incomplete")
	// ErrBackupNoSource: a source folder does not exist.
	ErrBackupNoSource = errors.New("app: backup source folder missing")
	// ErrBackupRunning: the plan already has a run or job going.
	ErrBackupRunning = errors.New("app: backup already running")
	// ErrBackupOtherVault: the destination belongs to another vault.
	ErrBackupOtherVault = errors.New("app: destination of another vault")
	// ErrBackupNoPassword: nobody on this PC can open the destination's
	// password yet (no administrator has connected it here).
	ErrBackupNoPassword = errors.New("app: backup password not available")
)

// BackupVerifyResult is what a verify job found.
type BackupVerifyResult struct {
	Snapshots int            `json:"snapshots"`
	Files     int64          `json:"files"`
	Bytes     int64          `json:"bytes"`
	Damaged   []BackupDamage `json:"damaged"`
}

// BackupDamage is one damaged file a verify found (bit rot).
type BackupDamage struct {
	Snapshot string `json:"snapshot"`
	Source   string `json:"source"`
	Path     string `json:"path"`
	Reason   string `json:"reason"`
}

type assessment struct {
	Total, Changed, Added, Removed, HighEntropy, Renamed int
	Flagged                                              bool
	Reasons                                              []string
}

type destMarker struct {
	ID, Vault, Label, VolumeID string
	Created                    time.Time
}

// destRecord is office/backup/dest/<id>: the repository password wrapped
// to Recipients (a hash of the 責任者' and the recovery key's recipients).
type destRecord struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Wrapped    []byte `json:"wrapped"`
	Recipients string `json:"recipients"`
}

// stateRecord is office/backup/state/<plan>: what every PC shows of a
// plan's runs.
type stateRecord struct {
	LastRun     time.Time   `json:"lastRun"`
	LastSuccess time.Time   `json:"lastSuccess"`
	Result      string      `json:"result"`
	Snapshot    string      `json:"snapshot,omitempty"`
	Flag        *BackupFlag `json:"flag,omitempty"`
}

// Files of a destination folder.
const (
	passwordFile   = "repo-password.age"
	historyMax     = 500
	verifySample   = 0.02
	backupHostUser = "kinko"
)

func (b *Backups) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Backups) v() *vault.Vault { return b.Session.Vault }

// dir is this PC's folder of the vault's backup state (history, caches,
// the last checked copy of this PC's plans).
func (b *Backups) dir() string { return filepath.Join(b.DataDir, "backup", b.v().ID()) }

func (b *Backups) trace(e audit.Entry, err error) error { return b.Session.Trace(e, err) }

func (b *Backups) admin() error {
	v := b.v()
	if user := v.User(); user == "" {
		return vault.ErrLocked
	} else if !v.IsAdmin(user) {
		return &access.DeniedError{Action: access.ManageUsers, Reason: access.ReasonNotAdmin}
	}
	return nil
}

func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// deviceName is this PC's name as the roster has it.
func (b *Backups) deviceName(id string) string {
	for _, d := range b.v().Devices() {
		if d.ID == id {
			return d.Name
		}
	}
	return ""
}

// writeJSON writes v to path atomically (temp file, fsync, rename).
// jsonFiles serialises this process's reads and writes of the area's
// local JSON files: on Windows a read that meets the rename of a new
// version fails (the history, read by the window while a run adds to it).
var jsonFiles sync.Mutex

func writeJSON(path string, v any) error {
	jsonFiles.Lock()
	defer jsonFiles.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return outfile.WriteSecret(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(v)
	})
}

// writeJSONChanged is writeJSON unless the file already holds v: the
// scheduler and the window ask for the plans every few seconds, and an
// unchanged list is not rewritten each time.
func writeJSONChanged(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	jsonFiles.Lock()
	old, err := os.ReadFile(path)
	jsonFiles.Unlock()
	if err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return writeJSON(path, v)
}

func readJSON(path string, v any) error {
	jsonFiles.Lock()
	data, err := os.ReadFile(path)
	jsonFiles.Unlock()
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// Plans returns every PC's plans, this PC's first (Mine). With a session
// they are read from the vault — only versions an enabled 責任者 wrote —
// and this PC's are kept in the data folder; without one (a run while
// nobody is logged in) this PC's last checked plans are returned.
func (b *Backups) Plans() ([]BackupPlan, error) {
	v := b.v()
	if v.User() == "" {
		var mine []BackupPlan
		if err := readJSON(filepath.Join(b.dir(), "plans.json"), &mine); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		for i := range mine {
			mine[i].Mine = true
		}
		return mine, nil
	}
	recs, err := v.AdminRecords(vault.BackupPlanPrefix)
	if err != nil {
		return nil, err
	}
	var out, mine []BackupPlan
	for _, r := range recs {
		var p BackupPlan
		if json.Unmarshal(r.Versions[0].Data, &p) != nil || p.ID != strings.TrimPrefix(r.Target, vault.BackupPlanPrefix) {
			continue
		}
		p.State, p.Purges = BackupPlanState{}, nil
		p.Mine = p.Device == v.Device()
		if p.Mine {
			mine = append(mine, p)
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, c BackupPlan) int {
		if a.Mine != c.Mine {
			if a.Mine {
				return -1
			}
			return 1
		}
		return strings.Compare(a.DeviceName+a.Name, c.DeviceName+c.Name)
	})
	if mine == nil {
		mine = []BackupPlan{}
	}
	if err := writeJSONChanged(filepath.Join(b.dir(), "plans.json"), mine); err != nil {
		return nil, err
	}
	return out, nil
}

// plan returns this PC's plan id (mine) or any PC's (!mine).
func (b *Backups) plan(id string, mine bool) (*BackupPlan, error) {
	ps, err := b.Plans()
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id && (ps[i].Mine || !mine) {
			return &ps[i], nil
		}
	}
	return nil, ErrBackupNoPlan
}

// keychainAccount names a destination's password in the OS keychain.
func (b *Backups) keychainAccount(dest string) string { return b.v().ID() + "/backup/" + dest }

// recipients is a digest of whom a password is wrapped to now.
func (b *Backups) recipients() (string, error) {
	rs, err := b.v().AdminRecipients()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, r := range rs {
		if s, ok := r.(interface{ String() string }); ok {
			h.Write([]byte(s.String() + "\n"))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

func (b *Backups) destRecord(id string) (*destRecord, []string, error) {
	recs, err := b.v().AdminRecords(vault.BackupDestPrefix + id)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range recs {
		if r.Target != vault.BackupDestPrefix+id || r.Conflict() {
			continue
		}
		var d destRecord
		if json.Unmarshal(r.Versions[0].Data, &d) == nil {
			return &d, r.Heads(), nil
		}
	}
	return nil, nil, vault.ErrNotFound
}

// password returns destination dest's repository password: from the OS
// keychain (kept there when this PC connected it, so runs work whoever is
// logged in), else unwrapped with the session's key from the vault's copy
// or from the destination's repo-password.age — and kept.
func (b *Backups) password(dest, path string) (string, error) {
	if b.Keychain != nil {
		if pw, err := b.Keychain.Get(keychain.Service, b.keychainAccount(dest)); err == nil && pw != "" {
			return pw, nil
		}
	}
	v := b.v()
	if v.User() == "" {
		return "", ErrBackupNoPassword
	}
	var wrapped []byte
	if d, _, err := b.destRecord(dest); err == nil {
		wrapped = d.Wrapped
	} else if path != "" {
		wrapped, _ = os.ReadFile(filepath.Join(path, passwordFile))
	}
	if wrapped == nil {
		return "", ErrBackupNoPassword
	}
	pw, err := v.OpenAgeFile(wrapped)
	if errors.Is(err, vault.ErrNotRecipient) {
		return "", ErrBackupNoPassword
	}
	if err != nil {
		return "", err
	}
	b.keep(dest, string(pw))
	return string(pw), nil
}

// keep stores a password in the keychain (best effort: without one, each
// run unwraps it with the session's key).
func (b *Backups) keep(dest, pw string) {
	if b.Keychain != nil && b.Keychain.Available() {
		b.Keychain.Set(keychain.Service, b.keychainAccount(dest), pw)
	}
}

// present reports whether p's destination is attached: its folder holds
// the marker of p's destination id — where it was last found, else on
// another drive (a USB drive that got another letter), and then p's path
// is where it is now.
func present(p *BackupPlan) bool {
	if p.Dest.ID == "" {
		return false
	}
	if p.Dest.Path != "" {
		if m, err := readMarker(p.Dest.Path); err == nil && m.ID == p.Dest.ID {
			return true
		}
	}
	if path, ok := locate(p.Dest.ID, p.Dest.Path); ok {
		p.Dest.Path = path
		return true
	}
	return false
}

// OpenRepo opens p's repository (this PC's cache folder per destination).
// Errors: ErrBackupNoDestination, ErrBackupNoPassword, backup's.
func (b *Backups) OpenRepo(ctx context.Context, p *BackupPlan) (*backup.Repo, error) {
	if !present(p) {
		return nil, ErrBackupNoDestination
	}
	pw, err := b.password(p.Dest.ID, p.Dest.Path)
	if err != nil {
		return nil, err
	}
	r, err := backup.Open(ctx, p.Dest.Path, pw, backup.Options{CacheDir: b.cacheDir(p.Dest.ID), Host: b.v().Device(), User: backupHostUser})
	if errors.Is(err, backup.ErrWrongPassword) && b.Keychain != nil {
		b.Keychain.Delete(keychain.Service, b.keychainAccount(p.Dest.ID)) // a stale copy: unwrap again next time
	}
	return r, err
}

// connectDest prepares p's destination folder: a new one gets a
// repository, a password of 32 random bytes (64 hex characters) wrapped
// to the 責任者 and the recovery key (repo-password.age and the vault),
// and its marker; one that holds a destination already (another PC's, or
// re-added) is connected by unwrapping its password. Administrators only.
func (b *Backups) connectDest(ctx context.Context, p *BackupPlan) error {
	path := p.Dest.Path
	v := b.v()
	m, err := readMarker(path)
	if errors.Is(err, backup.ErrBadMarker) {
		return err // damaged: never overwritten by a new destination
	}
	if err == nil {
		if m.Vault != "" && m.Vault != v.ID() {
			return ErrBackupOtherVault
		}
		p.Dest.ID = m.ID
		if p.Dest.Label == "" {
			p.Dest.Label = m.Label
		}
		wrapped, err := os.ReadFile(filepath.Join(path, passwordFile))
		if err != nil {
			return backup.ErrNoRepository
		}
		pw, err := v.OpenAgeFile(wrapped)
		if err != nil {
			if d, _, derr := b.destRecord(m.ID); derr == nil {
				pw, err = v.OpenAgeFile(d.Wrapped)
			}
		}
		if err != nil {
			if errors.Is(err, vault.ErrNotRecipient) {
				return ErrBackupNoPassword
			}
			return err
		}
		r, err := backup.Open(ctx, path, string(pw), backup.Options{CacheDir: b.cacheDir(m.ID), Host: v.Device(), User: backupHostUser})
		if err != nil {
			return err
		}
		r.Close(ctx)
		b.keep(m.ID, string(pw))
		if _, _, err := b.destRecord(m.ID); errors.Is(err, vault.ErrNotFound) {
			return b.saveDest(m.ID, p.Dest.Label, pw, path)
		}
		return nil
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return ErrBackupNoDestination
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	pw := hex.EncodeToString(raw[:])
	clear(raw[:])
	if err := backup.Create(ctx, path, pw); err != nil {
		return err
	}
	nm, err := newMarker(path, v.ID(), p.Dest.Label)
	if err != nil {
		return err
	}
	id := nm.ID
	if err := b.saveDest(id, p.Dest.Label, []byte(pw), path); err != nil {
		return err
	}
	if err := writeMarker(path, nm); err != nil {
		return err
	}
	p.Dest.ID, p.Dest.VolumeID = id, nm.VolumeID
	b.keep(id, pw)
	return nil
}

// saveDest wraps pw to the 責任者 and the recovery key and writes it to
// the vault's record and, when path is given, to path/repo-password.age.
func (b *Backups) saveDest(id, label string, pw []byte, path string) error {
	v := b.v()
	wrapped, err := v.SealToAdmins(pw)
	if err != nil {
		return err
	}
	rcpt, err := b.recipients()
	if err != nil {
		return err
	}
	if path != "" {
		if err := outfile.Write(filepath.Join(path, passwordFile), 0o600, func(w io.Writer) error { _, err := w.Write(wrapped); return err }); err != nil {
			return err
		}
	}
	data, _ := json.Marshal(destRecord{ID: id, Label: label, Wrapped: wrapped, Recipients: rcpt})
	var parents []string
	if _, heads, err := b.destRecord(id); err == nil {
		parents = heads
	}
	_, err = v.Put(vault.BackupDestPrefix+id, parents, data)
	return err
}

// Rewrap wraps every destination's password again when the 責任者 (or the
// recovery key) changed since it was wrapped: the next administrator
// session does it, for the destinations whose password it can open (its
// own stanza, or this PC's keychain). It returns how many were re-wrapped.
func (b *Backups) Rewrap() (int, error) {
	v := b.v()
	if !v.IsAdmin(v.User()) {
		return 0, nil
	}
	rcpt, err := b.recipients()
	if err != nil {
		return 0, err
	}
	recs, err := v.AdminRecords(vault.BackupDestPrefix)
	if err != nil {
		return 0, err
	}
	var plans []BackupPlan // read only when a password needs re-wrapping
	n := 0
	for _, r := range recs {
		var d destRecord
		if r.Conflict() || json.Unmarshal(r.Versions[0].Data, &d) != nil || d.Recipients == rcpt {
			continue
		}
		pw, err := v.OpenAgeFile(d.Wrapped)
		if err != nil && b.Keychain != nil {
			var s string
			if s, err = b.Keychain.Get(keychain.Service, b.keychainAccount(d.ID)); err == nil {
				pw = []byte(s)
			}
		}
		if err != nil {
			continue // another 責任者's session will
		}
		if plans == nil {
			plans, _ = b.Plans()
		}
		path := ""
		for _, p := range plans {
			if p.Mine && p.Dest.ID == d.ID && present(&p) {
				path = p.Dest.Path
			}
		}
		if err := b.saveDest(d.ID, d.Label, pw, path); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// SavePlan adds or changes one of this PC's plans (administrators).
func (b *Backups) SavePlan(ctx context.Context, p BackupPlan) (BackupPlan, error) {
	e := audit.Entry{Action: audit.Settings, Target: "backup/plan/" + p.ID, Label: p.Name, Detail: "backup.plan.save"}
	out, err := b.savePlan(ctx, p)
	e.Target = "backup/plan/" + out.ID
	return out, b.trace(e, err)
}

func (b *Backups) savePlan(ctx context.Context, p BackupPlan) (BackupPlan, error) {
	if err := b.admin(); err != nil {
		return p, err
	}
	v := b.v()
	p.Name = strings.TrimSpace(p.Name)
	p.Dest.Path = strings.TrimSpace(p.Dest.Path)
	if p.Name == "" || p.Dest.Path == "" || (len(p.Sources) == 0 && !p.Vault) {
		return p, ErrBackupInvalidPlan
	}
	for i, s := range p.Sources {
		s.Path = filepath.Clean(strings.TrimSpace(s.Path))
		if fi, err := os.Stat(s.Path); err != nil || !fi.IsDir() {
			return p, &sourceError{path: s.Path}
		}
		p.Sources[i] = s
	}
	var parents []string
	if p.ID == "" {
		p.ID = randomID(8)
	} else {
		old, err := b.plan(p.ID, true)
		if err != nil {
			return p, err
		}
		if rec, err := v.Get(vault.BackupPlanPrefix + p.ID); err == nil {
			parents = rec.Heads()
		}
		if old.Dest.Path != p.Dest.Path || old.Dest.ID != p.Dest.ID {
			p.Dest.ID = ""
		}
	}
	if p.Dest.ID == "" || !present(&p) {
		if err := b.connectDest(ctx, &p); err != nil {
			return p, err
		}
	}
	if p.Dest.Label == "" {
		p.Dest.Label = filepath.Base(p.Dest.Path)
	}
	p.Device, p.DeviceName, p.Mine = v.Device(), b.deviceName(v.Device()), true
	if p.Schedule.QuietSeconds == 0 && p.Schedule.Watch {
		p.Schedule.QuietSeconds = 60
	}
	if p.Sources == nil {
		p.Sources = []BackupSource{}
	}
	if p.Excludes == nil {
		p.Excludes = []string{}
	}
	stored := p
	stored.State, stored.Purges, stored.Mine, stored.Dest.Present = BackupPlanState{}, nil, false, false
	data, _ := json.Marshal(stored)
	if _, err := v.Put(vault.BackupPlanPrefix+p.ID, parents, data); err != nil {
		return p, err
	}
	if _, err := b.Plans(); err != nil { // this PC's copy
		return p, err
	}
	p.Dest.Present = present(&p)
	return p, nil
}

// sourceError: a source folder that does not exist (the path is the
// user's own input, shown back to them).
type sourceError struct{ path string }

func (e *sourceError) Error() string { return "app: backup source missing" }
func (e *sourceError) Unwrap() error { return ErrBackupNoSource }

// DeletePlan removes one of this PC's plans (administrators); the
// destination's repository is kept.
func (b *Backups) DeletePlan(id string) error {
	e := audit.Entry{Action: audit.Settings, Target: "backup/plan/" + id, Detail: "backup.plan.delete"}
	err := b.admin()
	if err == nil {
		var p *BackupPlan
		if p, err = b.plan(id, true); err == nil {
			e.Label = p.Name
			var rec *vault.Record
			if rec, err = b.v().Get(vault.BackupPlanPrefix + id); err == nil {
				_, err = b.v().Delete(vault.BackupPlanPrefix+id, rec.Heads())
			}
			var left []BackupPlan
			if err == nil {
				left, err = b.Plans()
			}
			if err == nil && !slices.ContainsFunc(left, func(o BackupPlan) bool { return o.Mine && o.Dest.ID == p.Dest.ID }) {
				// No plan of this PC uses the destination any more: its
				// connection config and metadata cache go too (best effort:
				// the plan is gone either way; the config holds no password).
				_ = os.RemoveAll(b.cacheDir(p.Dest.ID))
			}
		}
	}
	return b.trace(e, err)
}

// cacheDir is this PC's Kopia connection and metadata cache for one
// destination.
func (b *Backups) cacheDir(dest string) string { return filepath.Join(b.dir(), "cache", dest) }

// state reads plan id's shared state (zero when none or unreadable).
func (b *Backups) state(id string) (stateRecord, []string) {
	var st stateRecord
	v := b.v()
	if v.User() == "" {
		readJSON(filepath.Join(b.dir(), "state-"+id+".json"), &st)
		return st, nil
	}
	rec, err := v.Get(vault.BackupStatePrefix + id)
	if err != nil {
		readJSON(filepath.Join(b.dir(), "state-"+id+".json"), &st)
		return st, nil
	}
	for _, ver := range rec.Versions { // two PCs' runs at once: the newest
		var s stateRecord
		if json.Unmarshal(ver.Data, &s) == nil && !s.LastRun.Before(st.LastRun) {
			st = s
		}
	}
	var local stateRecord
	if readJSON(filepath.Join(b.dir(), "state-"+id+".json"), &local) == nil && local.LastRun.After(st.LastRun) {
		st = local
	}
	return st, rec.Heads()
}

// saveState keeps st on this PC and, with a session, in the vault.
func (b *Backups) saveState(id string, st stateRecord) error {
	if err := writeJSON(filepath.Join(b.dir(), "state-"+id+".json"), st); err != nil {
		return err
	}
	v := b.v()
	if v.User() == "" {
		return nil // written to the vault by the next session's Overview
	}
	_, heads := b.state(id)
	data, _ := json.Marshal(st)
	_, err := v.Put(vault.BackupStatePrefix+id, heads, data)
	return err
}

// syncStates writes this PC's newer local states to the vault (runs that
// happened while nobody was logged in).
func (b *Backups) syncStates(plans []BackupPlan) {
	v := b.v()
	if v.User() == "" {
		return
	}
	for _, p := range plans {
		if !p.Mine {
			continue
		}
		var local stateRecord
		if readJSON(filepath.Join(b.dir(), "state-"+p.ID+".json"), &local) != nil {
			continue
		}
		rec, err := v.Get(vault.BackupStatePrefix + p.ID)
		var heads []string
		if err == nil {
			heads = rec.Heads()
			var s stateRecord
			if len(rec.Versions) == 1 && json.Unmarshal(rec.Versions[0].Data, &s) == nil && !local.LastRun.After(s.LastRun) && (local.Flag == nil) == (s.Flag == nil) {
				continue
			}
		}
		data, _ := json.Marshal(local)
		v.Put(vault.BackupStatePrefix+p.ID, heads, data)
	}
}

// History lists plan id's runs on this PC, newest first.
func (b *Backups) History(id string) ([]BackupRun, error) {
	var runs []BackupRun
	if err := readJSON(b.historyFile(id), &runs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if runs == nil {
		runs = []BackupRun{}
	}
	return runs, nil
}

func (b *Backups) historyFile(id string) string { return filepath.Join(b.dir(), "history-"+id+".json") }

func (b *Backups) addHistory(id string, run BackupRun) error {
	runs, _ := b.History(id)
	runs = append([]BackupRun{run}, runs...)
	if len(runs) > historyMax {
		runs = runs[:historyMax]
	}
	return writeJSON(b.historyFile(id), runs)
}

// Level is the warning level after days without a success (-1: never).
func Level(days int) string {
	switch {
	case days < 0 || days >= 14:
		return BackupAlert
	case days >= 7:
		return BackupWarning
	case days >= 2:
		return BackupNotice
	}
	return BackupOK
}

var levelRank = map[string]int{BackupNone: 0, BackupOK: 1, BackupNotice: 2, BackupWarning: 3, BackupAlert: 4}

func worse(a, c string) string {
	if levelRank[c] > levelRank[a] {
		return c
	}
	return a
}

// fill sets a plan's State from its shared state and this PC's history.
func (b *Backups) fill(p *BackupPlan) {
	st, _ := b.state(p.ID)
	ps := BackupPlanState{LastRun: st.LastRun, LastSuccess: st.LastSuccess, Result: st.Result, Flag: st.Flag, DaysSince: -1}
	if p.Mine {
		if runs, _ := b.History(p.ID); len(runs) > 0 {
			last := runs[0]
			if last.At.After(ps.LastRun) {
				ps.LastRun, ps.Result = last.At, last.Result
			}
			ps.Error = last.Error
			for _, r := range runs {
				if succeeded(r.Result) {
					if r.At.After(ps.LastSuccess) {
						ps.LastSuccess = r.At
					}
					break
				}
			}
		}
		p.Dest.Present = present(p)
	}
	if p.Vault && p.Dest.ID != "" && b.v().User() != "" {
		if es, err := pendingPurges(b.v(), p.Dest.ID); err == nil {
			for _, e := range es {
				p.Purges = append(p.Purges, e.ID)
			}
		}
	}
	if !ps.LastSuccess.IsZero() {
		ps.DaysSince = int(b.now().Sub(ps.LastSuccess) / (24 * time.Hour))
		if ps.DaysSince < 0 {
			ps.DaysSince = 0
		}
	}
	ps.Level = Level(ps.DaysSince)
	p.State = ps
}

func succeeded(result string) bool {
	return result == "ok" || result == "incomplete" || result == "flagged"
}

// Overview returns the plans with their states and the warning levels.
func (b *Backups) Overview() (BackupOverview, error) {
	v := b.v()
	plans, err := b.Plans()
	if err != nil {
		return BackupOverview{}, err
	}
	b.syncStates(plans)
	b.Rewrap()
	o := BackupOverview{Plans: plans, Device: v.Device(), DeviceName: b.deviceName(v.Device()), Level: BackupNone, Office: BackupNone, DaysSince: -1}
	o.CanManage = v.User() != "" && v.IsAdmin(v.User())
	for i := range o.Plans {
		p := &o.Plans[i]
		b.fill(p)
		if p.Mine {
			if levelRank[p.State.Level] > levelRank[o.Level] {
				o.DaysSince = p.State.DaysSince
			}
			o.Level = worse(o.Level, p.State.Level)
		}
		if o.CanManage {
			o.Office = worse(o.Office, p.State.Level)
		}
	}
	if o.Plans == nil {
		o.Plans = []BackupPlan{}
	}
	return o, nil
}

// Run runs plan id once: a snapshot of each source, then a sample verify,
// the ransomware guard against each source's previous snapshot (a flag
// pauses pruning), pruning and quick maintenance; the run goes to this
// PC's history, the shared state and the access log (backup.run).
// changed: per source path the folders the watcher saw change (nil: scan
// everything).
func (b *Backups) Run(ctx context.Context, id string, changed map[string][]string, rep progress.Reporter) (*BackupRun, error) {
	rep = progress.OrNoop(rep)
	p, err := b.plan(id, true)
	if err != nil {
		return nil, b.trace(audit.Entry{Action: audit.BackupRun, Target: "backup/plan/" + id}, err)
	}
	start := b.now()
	run := &BackupRun{At: start}
	e := audit.Entry{Action: audit.BackupRun, Target: "backup/plan/" + id, Label: p.Dest.Label}
	runErr := b.run(ctx, p, changed, rep, run)
	run.Millis = b.now().Sub(start).Milliseconds()
	switch {
	case runErr == nil && run.Flagged:
		run.Result = "flagged"
	case runErr == nil:
		run.Result = "ok"
	case errors.Is(runErr, backup.ErrIncomplete):
		run.Result = "incomplete"
	case ctx.Err() != nil:
		run.Result = "canceled"
	default:
		run.Result = "failed"
	}
	if runErr != nil && run.Result != "incomplete" {
		run.Error = ToError(runErr)
	}
	b.addHistory(id, *run)
	st, _ := b.state(id)
	st.LastRun, st.Result = run.At, run.Result
	if succeeded(run.Result) {
		st.LastSuccess, st.Snapshot = run.At, run.Snapshot
	}
	if f := b.localFlag(id); f != nil {
		st.Flag = f
	}
	b.saveState(id, st)
	nSources := len(p.Sources)
	if p.Vault {
		nSources++
	}
	e.Detail = "sources=" + strconv.Itoa(nSources) + " files=" + strconv.FormatInt(run.Files, 10) + " bytes=" + strconv.FormatInt(run.Bytes, 10) + " written=" + strconv.FormatInt(run.Written, 10)
	if len(run.Errors) > 0 {
		e.Detail += " unreadable=" + strconv.Itoa(len(run.Errors))
	}
	if run.Flagged {
		e.Detail += " flagged"
	}
	return run, b.trace(e, runErr)
}

// sources are the folders of plan p, the vault folder first.
func (b *Backups) sources(p *BackupPlan) []backup.Source {
	var out []backup.Source
	tags := func(kind string) map[string]string {
		return map[string]string{"kinko:plan": p.ID, "kinko:kind": kind}
	}
	// The defaults are repeated: in core/backup as of 37430c2 a source's
	// own excludes replace the defaults instead of adding to them.
	excludes := func(more ...string) []string {
		return slices.Concat(backup.DefaultExcludes, p.Excludes, more)
	}
	if p.Vault {
		out = append(out, backup.Source{Path: b.v().Folder(), Excludes: excludes(), Tags: tags("vault")})
	}
	for _, s := range p.Sources {
		out = append(out, backup.Source{Path: s.Path, Excludes: excludes(s.Excludes...), Tags: tags("folder")})
	}
	return out
}

func (b *Backups) run(ctx context.Context, p *BackupPlan, changed map[string][]string, rep progress.Reporter, run *BackupRun) error {
	r, err := b.OpenRepo(ctx, p)
	if err != nil {
		return err
	}
	defer r.Close(context.WithoutCancel(ctx))
	witness := ""
	if p.Vault && b.v().User() != "" {
		// The folder gets what this PC has committed (an erasure's
		// approval, say) before it is backed up, and the log's witness is
		// taken of that folder now, before its snapshot. The witness is
		// extra evidence, never a condition of the run; a folder that
		// cannot be reached fails its own snapshot below.
		if dir, err := b.prepareWitness(); err == nil {
			witness = dir
		} else {
			_, _ = b.sync()
		}
	}
	var incomplete bool
	var snaps []*backup.Snapshot
	for _, src := range b.sources(p) {
		src.Changed = changed[src.Path] // nil: scan everything
		s, err := r.Snapshot(ctx, src, rep)
		if s != nil {
			run.Files += s.Files
			run.Bytes += s.Bytes
			run.Written += s.Written
			run.Errors = append(run.Errors, s.Errors...)
			run.Snapshot = s.ID
			snaps = append(snaps, s)
		}
		if errors.Is(err, backup.ErrIncomplete) {
			incomplete = true
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
	if witness != "" {
		_ = b.storeWitness(ctx, r, p, witness) // extra evidence, as above
	}
	// The ransomware guard: each source against its previous snapshot.
	all, err := r.Snapshots(ctx)
	if err != nil {
		return err
	}
	local := b.localFlag(p.ID)
	for _, s := range snaps {
		prev := previousOf(all, s)
		if prev == nil {
			continue
		}
		a, err := stepAssess(ctx, r, prev.ID, s.ID)
		if err != nil {
			return err
		}
		if a != nil && a.Flagged {
			run.Flagged = true
			if local == nil {
				good := prev
				for _, o := range all {
					if a.LastGood != "" && o.ID == a.LastGood {
						good = o
					}
				}
				local = &BackupFlag{Snapshot: s.ID, At: s.Start, Changed: a.Changed + a.Added + a.Removed, Total: a.Total, HighEntropy: a.HighEntropy,
					Renamed: a.Renamed + a.Moved, LastGood: good.ID, LastGoodTime: good.Start}
			}
		}
	}
	if run.Flagged {
		if err := b.setLocalFlag(p.ID, local); err != nil {
			return err
		}
	}
	if _, err := stepVerify(ctx, r, verifySample, rep); err != nil {
		return err
	}
	if b.localFlag(p.ID) == nil { // a flag pauses pruning until cleared
		if err := stepPrune(ctx, r); err != nil {
			return err
		}
	}
	if err := stepMaintain(ctx, r); err != nil {
		return err
	}
	if incomplete {
		return backup.ErrIncomplete
	}
	return nil
}

// previousOf is the newest snapshot of s's source (host and path) before s.
func previousOf(all []*backup.Snapshot, s *backup.Snapshot) *backup.Snapshot {
	var best *backup.Snapshot
	for _, o := range all {
		if o.ID == s.ID || o.Host != s.Host || o.Path != s.Path || !o.Start.Before(s.Start) {
			continue
		}
		if best == nil || o.Start.After(best.Start) {
			best = o
		}
	}
	return best
}

func (b *Backups) localFlag(id string) *BackupFlag {
	var f *BackupFlag
	if readJSON(filepath.Join(b.dir(), "flag-"+id+".json"), &f) != nil {
		return nil
	}
	return f
}

func (b *Backups) setLocalFlag(id string, f *BackupFlag) error {
	path := filepath.Join(b.dir(), "flag-"+id+".json")
	if f == nil {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	return writeJSON(path, f)
}

// ClearFlag accepts plan id's flagged run as genuine (administrators).
func (b *Backups) ClearFlag(id string) error {
	e := audit.Entry{Action: audit.Settings, Target: "backup/plan/" + id, Detail: "backup.flag.clear"}
	err := b.admin()
	if err == nil {
		var p *BackupPlan
		if p, err = b.plan(id, false); err == nil {
			e.Label = p.Name
			if p.Mine {
				err = b.setLocalFlag(id, nil)
			}
			if err == nil {
				st, _ := b.state(id)
				st.Flag = nil
				err = b.saveState(id, st)
			}
		}
	}
	return b.trace(e, err)
}

// withRepo runs fn on the repository of plan id (any PC's).
func (b *Backups) withRepo(ctx context.Context, id string, fn func(p *BackupPlan, r *backup.Repo) error) error {
	p, err := b.plan(id, false)
	if err != nil {
		return err
	}
	r, err := b.OpenRepo(ctx, p)
	if err != nil {
		return err
	}
	defer r.Close(context.WithoutCancel(ctx))
	return fn(p, r)
}

// Snapshots lists the snapshots at plan id's destination, newest first.
func (b *Backups) Snapshots(ctx context.Context, id string) ([]BackupSnapshot, error) {
	flag := b.localFlag(id)
	if flag == nil {
		st, _ := b.state(id)
		flag = st.Flag
	}
	out := []BackupSnapshot{}
	err := b.withRepo(ctx, id, func(_ *BackupPlan, r *backup.Repo) error {
		all, err := r.Snapshots(ctx)
		for _, s := range all {
			if s.Tags[tagKind] == kindWitness {
				continue // the log's witness, not a folder anyone restores
			}
			out = append(out, BackupSnapshot{ID: s.ID, Source: s.Path, Host: s.Host, At: s.Start, Files: s.Files, Bytes: s.Bytes,
				Partial: s.Reason != "", Flagged: flag != nil && flag.Snapshot == s.ID})
		}
		return err
	})
	return out, err
}

// Browse lists folder dir of a snapshot.
func (b *Backups) Browse(ctx context.Context, id, snapshot, dir string) ([]BackupEntry, error) {
	var out []BackupEntry
	err := b.withRepo(ctx, id, func(_ *BackupPlan, r *backup.Repo) (err error) {
		out, err = listEntries(ctx, r, snapshot, dir)
		return err
	})
	return out, err
}

// Restore restores path ("" for all) of a snapshot of plan id to target,
// which must not exist. The entry (backup.restore) is on disk before any
// data leaves the repository; a failure after it gets an entry of its own.
func (b *Backups) Restore(ctx context.Context, id, snapshot, path, target string, rep progress.Reporter) (*backup.RestoreResult, error) {
	e := audit.Entry{Action: audit.BackupRestore, Target: "backup/plan/" + id, Detail: "snapshot=" + snapshot + " path=/" + strings.TrimPrefix(path, "/") + " to=" + target}
	p, err := b.plan(id, false)
	if err == nil {
		e.Label = p.Dest.Label
		if b.v().User() == "" {
			err = vault.ErrLocked
		} else if !p.Mine {
			err = b.admin() // another PC's folders: administrators only
		}
	}
	if err == nil && target == "" {
		err = ErrBackupInvalidPlan
	}
	if err == nil {
		if _, serr := os.Lstat(target); serr == nil {
			err = backup.ErrTargetExists
		}
	}
	var r *backup.Repo
	if err == nil {
		r, err = b.OpenRepo(ctx, p)
	}
	if err != nil {
		return nil, b.trace(e, err)
	}
	defer r.Close(context.WithoutCancel(ctx))
	// Logged (synced to disk) before a byte is written out: no entry, no data.
	if err := b.trace(e, nil); err != nil {
		return nil, err
	}
	// A place the user typed may name a folder that does not exist yet:
	// it is made, as a save dialog's new folder would be.
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		e.Detail += " failed"
		return nil, b.trace(e, err)
	}
	res, err := r.Restore(ctx, snapshot, path, target, rep)
	if err != nil {
		e.Detail += " failed"
		return nil, b.trace(e, err)
	}
	return res, nil
}

// Verify reads back plan id's repository (full: everything; else a
// sample) and names damaged files.
func (b *Backups) Verify(ctx context.Context, id string, full bool, rep progress.Reporter) (*BackupVerifyResult, error) {
	e := audit.Entry{Action: audit.BackupRun, Target: "backup/plan/" + id, Detail: "verify"}
	frac := verifySample
	if full {
		frac, e.Detail = 1, "verify full"
	}
	var res *BackupVerifyResult
	err := b.withRepo(ctx, id, func(p *BackupPlan, r *backup.Repo) (err error) {
		e.Label = p.Dest.Label
		res, err = stepVerify(ctx, r, frac, rep)
		return err
	})
	if res != nil {
		e.Detail += " damaged=" + strconv.Itoa(len(res.Damaged))
	}
	return res, b.trace(e, err)
}

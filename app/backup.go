package app

import (
	"context"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// The バックアップ area. Plans are per PC (paths differ per PC) and are
// stored in the vault so every PC lists them; each PC runs only its own.
// A destination is a USB drive or a NAS folder holding a Kopia repository
// (core/backup), recognised by its marker and volume id, not its drive
// letter. The repository password is 32 random bytes, age-encrypted to the
// vault's administrators and the recovery key, stored beside the
// repository (repo-password.age) and in the vault.
//
// Every run and every restore is in the access log (backup.run,
// backup.restore) through the one session layer the CLI shares.

// Job kinds of the area (translated under jobs.kind.<kind>).
const (
	JobBackupRun     = "backup.run"
	JobBackupRestore = "backup.restore"
	JobBackupVerify  = "backup.verify"
)

// EventBackupState carries a BackupOverview whenever a run starts or
// ends, a destination is attached or removed, or a warning level changes.
const EventBackupState = "backup:state"

// Warning levels of a plan (and of the whole PC: the worst of its plans).
const (
	BackupNone    = "none"    // no plan on this PC
	BackupOK      = "ok"      // backed up within a day
	BackupNotice  = "notice"  // 2–6 days since the last success
	BackupWarning = "warning" // 7–13 days
	BackupAlert   = "alert"   // 14 days or more, or never
)

// BackupOverview is the area's main view and the status bar's source.
type BackupOverview struct {
	// Plans are every PC's plans, this PC's first.
	Plans []BackupPlan `json:"plans"`
	// Device is this PC's device id; DeviceName its name.
	Device     string `json:"device"`
	DeviceName string `json:"deviceName"`
	// CanManage: the user is an administrator (責任者) and may add or change
	// plans and destinations. Anyone logged in may run, browse and restore
	// what their PC's plans back up.
	CanManage bool `json:"canManage"`
	// Level and DaysSince are the worst of this PC's plans, for the status
	// bar; for an administrator, Office is the worst of every PC's plans.
	Level     string `json:"level"`
	DaysSince int    `json:"daysSince"`
	Office    string `json:"office"`
}

// BackupPlan is what one PC backs up where, and when.
type BackupPlan struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Device     string `json:"device"`
	DeviceName string `json:"deviceName"`
	Mine       bool   `json:"mine"` // this PC's plan: it runs here
	// Vault: the vault folder is one of the sources.
	Vault    bool            `json:"vault"`
	Sources  []BackupSource  `json:"sources"`
	Excludes []string        `json:"excludes"` // on top of the defaults
	Dest     BackupDest      `json:"dest"`
	Schedule BackupSchedule  `json:"schedule"`
	State    BackupPlanState `json:"state"`
	// Purges are erasures (廃棄) not yet purged from this destination.
	Purges []string `json:"purges,omitempty"`
}

// BackupSource is one folder of a plan.
type BackupSource struct {
	Path     string   `json:"path"`
	Excludes []string `json:"excludes"`
}

// BackupDest is a plan's destination.
type BackupDest struct {
	ID       string `json:"id"`       // the marker's destination id
	Path     string `json:"path"`     // where it was last found on this PC
	Label    string `json:"label"`    // e.g. "USB（BUFFALO）" or "NAS 共有フォルダ"
	VolumeID string `json:"volumeId"` // the volume's serial, when the OS has one
	Present  bool   `json:"present"`  // attached now (this PC's plans only)
}

// BackupSchedule is when a plan runs.
type BackupSchedule struct {
	// Watch: run after files change (debounced, QuietSeconds of no change).
	Watch        bool `json:"watch"`
	QuietSeconds int  `json:"quietSeconds"`
	// Daily: run once a day at this time ("18:30", Japan time); "" none.
	Daily string `json:"daily"`
}

// BackupPlanState is what the area shows of a plan's runs.
type BackupPlanState struct {
	LastRun     time.Time   `json:"lastRun" ts_type:"string"`
	LastSuccess time.Time   `json:"lastSuccess" ts_type:"string"`
	NextRun     time.Time   `json:"nextRun" ts_type:"string"`
	DaysSince   int         `json:"daysSince"` // -1: never backed up
	Level       string      `json:"level"`
	Result      string      `json:"result"` // "", ok, incomplete, failed, canceled, flagged
	Error       *Error      `json:"error,omitempty"`
	Running     string      `json:"running,omitempty"` // job id of a running job
	Flag        *BackupFlag `json:"flag,omitempty"`
}

// BackupFlag is the ransomware guard's finding about a run: pruning is
// paused until an administrator clears it.
type BackupFlag struct {
	Snapshot     string    `json:"snapshot"`
	At           time.Time `json:"at" ts_type:"string"`
	Changed      int       `json:"changed"` // files changed in the run
	Total        int       `json:"total"`   // files in the source
	HighEntropy  int       `json:"highEntropy"`
	Renamed      int       `json:"renamed"`
	LastGood     string    `json:"lastGood"` // the last snapshot before it
	LastGoodTime time.Time `json:"lastGoodTime" ts_type:"string"`
}

// BackupRun is one run in a plan's history.
type BackupRun struct {
	At       time.Time          `json:"at" ts_type:"string"`
	Millis   int64              `json:"millis"`
	Result   string             `json:"result"`
	Files    int64              `json:"files"`
	Bytes    int64              `json:"bytes"`
	Written  int64              `json:"written"`
	Errors   []backup.FileError `json:"errors,omitempty"` // locked files by name
	Error    *Error             `json:"error,omitempty"`
	Snapshot string             `json:"snapshot,omitempty"`
	Flagged  bool               `json:"flagged,omitempty"`
}

// BackupSnapshot is one snapshot in the restore browser.
type BackupSnapshot struct {
	ID      string    `json:"id"`
	Source  string    `json:"source"` // the folder it is of
	Host    string    `json:"host"`
	At      time.Time `json:"at" ts_type:"string"`
	Files   int64     `json:"files"`
	Bytes   int64     `json:"bytes"`
	Partial bool      `json:"partial"` // some files could not be read
	Flagged bool      `json:"flagged"` // the ransomware guard flagged it
}

// BackupEntry is one file or folder of a snapshot.
type BackupEntry struct {
	Name     string    `json:"name"`
	Dir      bool      `json:"dir"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified" ts_type:"string"`
}

// BackupService is the bound service of the バックアップ area. Its logic
// is Backups (backupsvc.go), which the CLI shares.
type BackupService struct {
	vs *VaultService

	mu      sync.Mutex
	running map[string]string // plan id → job id of its run, restore or verify
}

// backups is the area's logic on the open vault, in the window's session.
func (b *BackupService) backups() (*Backups, error) {
	s := b.vs
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	if v == nil {
		return nil, vault.ErrNoReplica
	}
	return &Backups{Session: Session{Vault: v}, DataDir: s.a.opt.DataDir, Keychain: s.a.keychain, Now: s.a.opt.Now,
		AfterSync: func(res vault.SyncResult) { s.a.vault.afterSync(v, res) }}, nil
}

// bound is backups for a bound method the user called: it counts as
// activity for the idle lock. The scheduler and the polled Overview use
// backups, so background runs never keep an idle vault from locking.
func (b *BackupService) bound() (*Backups, error) {
	b.vs.Touch()
	return b.backups()
}

// plans returns every PC's plans (checked: written by an enabled 責任者),
// this PC's first.
func (b *BackupService) plans() ([]BackupPlan, error) {
	bs, err := b.backups()
	if err != nil {
		return nil, err
	}
	return bs.Plans()
}

// openRepo opens plan p's repository (the password from this PC's
// keychain, else unwrapped with the session's key).
func (b *BackupService) openRepo(ctx context.Context, p *BackupPlan) (*backup.Repo, error) {
	bs, err := b.backups()
	if err != nil {
		return nil, err
	}
	return bs.OpenRepo(ctx, p)
}

// run is one run of this PC's plan id, logged (backup.run) and recorded;
// changed: per source path the watcher's changed folders (nil: a full
// scan). One run per plan at a time: ErrBackupRunning.
func (b *BackupService) run(ctx context.Context, id string, changed map[string][]string, rep progress.Reporter) (*BackupRun, error) {
	bs, err := b.backups()
	if err != nil {
		return nil, err
	}
	if !b.claim(id, "run") {
		return nil, ErrBackupRunning
	}
	defer b.release(id, "run")
	b.emitState()
	defer b.emitState()
	return bs.Run(ctx, id, changed, rep)
}

// claim marks plan id busy with job (a job id, or "run" for a run not
// started as a job); false when it is busy already.
func (b *BackupService) claim(id, job string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running == nil {
		b.running = map[string]string{}
	}
	if cur, busy := b.running[id]; busy && cur != job {
		return false
	}
	b.running[id] = job
	return true
}

func (b *BackupService) release(id, job string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running[id] == job {
		delete(b.running, id)
	}
}

// emitState sends the overview to the window (EventBackupState).
func (b *BackupService) emitState() {
	if o, err := b.Overview(); err == nil {
		b.vs.a.emit(EventBackupState, o)
	}
}

// Overview returns the plans and warning levels.
func (b *BackupService) Overview() (BackupOverview, error) {
	bs, err := b.backups()
	if err != nil {
		return BackupOverview{}, Err(err)
	}
	o, err := bs.Overview()
	if err != nil {
		return o, Err(err)
	}
	b.mu.Lock()
	for i := range o.Plans {
		if job, ok := b.running[o.Plans[i].ID]; ok && o.Plans[i].Mine {
			o.Plans[i].State.Running = job
		}
	}
	b.mu.Unlock()
	return o, nil
}

// ChooseFolder shows the OS folder dialog (purpose "source",
// "destination" or "restore", for its title in lang); "" when cancelled.
func (b *BackupService) ChooseFolder(purpose, lang string) (string, error) {
	a := b.vs.a
	if a.opt.Dialogs == nil {
		return "", &Error{Code: CodeInternal}
	}
	switch purpose {
	case "source", "destination", "restore":
	default:
		return "", &Error{Code: CodeUsage}
	}
	b.vs.Touch()
	return a.opt.Dialogs.ChooseFolder(FolderDialog{Title: a.t(lang, "backupFolder."+purpose), Purpose: purpose})
}

// SavePlan adds or changes one of this PC's plans (administrators). A new
// destination gets its repository, marker and wrapped password here.
func (b *BackupService) SavePlan(p BackupPlan) (BackupPlan, error) {
	bs, err := b.bound()
	if err != nil {
		return p, Err(err)
	}
	out, err := bs.SavePlan(context.Background(), p)
	if err != nil {
		return p, err
	}
	b.emitState()
	return out, nil
}

// DeletePlan removes one of this PC's plans (administrators); the
// destination's repository is kept.
func (b *BackupService) DeletePlan(id string) error {
	bs, err := b.bound()
	if err != nil {
		return Err(err)
	}
	if err := bs.DeletePlan(id); err != nil {
		return err
	}
	b.emitState()
	return nil
}

// start runs fn as a job of kind for plan id, one job per plan at a time.
func (b *BackupService) start(id, kind string, fn JobFunc) (string, error) {
	if !b.claim(id, kind+"…") {
		return "", Err(ErrBackupRunning)
	}
	ready := make(chan struct{})
	var job string
	job = b.vs.a.Jobs.Start(context.Background(), kind, func(ctx context.Context, r progress.Reporter) (any, error) {
		<-ready
		defer func() {
			b.release(id, job)
			b.emitState()
		}()
		return fn(ctx, r)
	})
	b.mu.Lock()
	b.running[id] = job
	b.mu.Unlock()
	close(ready)
	b.emitState()
	return job, nil
}

// RunNow starts a run of plan id: a job of kind backup.run.
func (b *BackupService) RunNow(id string) (string, error) {
	bs, err := b.bound()
	if err != nil {
		return "", Err(err)
	}
	if _, err := bs.plan(id, true); err != nil {
		return "", bs.trace(audit.Entry{Action: audit.BackupRun, Target: "backup/plan/" + id}, err)
	}
	return b.start(id, JobBackupRun, func(ctx context.Context, r progress.Reporter) (any, error) {
		return bs.Run(ctx, id, nil, r)
	})
}

// History lists plan id's runs on this PC, newest first.
func (b *BackupService) History(id string) ([]BackupRun, error) {
	bs, err := b.bound()
	if err != nil {
		return nil, Err(err)
	}
	runs, err := bs.History(id)
	return runs, Err(err)
}

// Snapshots lists the snapshots at plan id's destination, newest first.
func (b *BackupService) Snapshots(id string) ([]BackupSnapshot, error) {
	bs, err := b.bound()
	if err != nil {
		return nil, Err(err)
	}
	out, err := bs.Snapshots(context.Background(), id)
	return out, Err(err)
}

// Browse lists folder dir ("" for the top) of a snapshot.
func (b *BackupService) Browse(id, snapshot, dir string) ([]BackupEntry, error) {
	bs, err := b.bound()
	if err != nil {
		return nil, Err(err)
	}
	out, err := bs.Browse(context.Background(), id, snapshot, dir)
	return out, Err(err)
}

// Restore restores path ("" for all) of a snapshot to target, which must
// not exist yet: a job of kind backup.restore, logged before any data
// leaves the repository.
func (b *BackupService) Restore(id, snapshot, path, target string) (string, error) {
	bs, err := b.bound()
	if err != nil {
		return "", Err(err)
	}
	return b.start(id, JobBackupRestore, func(ctx context.Context, r progress.Reporter) (any, error) {
		return bs.Restore(ctx, id, snapshot, path, target, r)
	})
}

// Verify reads back plan id's repository (full: everything; else a
// sample): a job of kind backup.verify whose result lists damaged files.
func (b *BackupService) Verify(id string, full bool) (string, error) {
	bs, err := b.bound()
	if err != nil {
		return "", Err(err)
	}
	return b.start(id, JobBackupVerify, func(ctx context.Context, r progress.Reporter) (any, error) {
		res, err := bs.Verify(ctx, id, full, r)
		if isDamaged(err) {
			return res, nil // the result names the damaged files; the entry has backup.damaged
		}
		return res, err
	})
}

// ClearFlag accepts a flagged run as genuine (administrators): pruning
// resumes.
func (b *BackupService) ClearFlag(id string) error {
	bs, err := b.bound()
	if err != nil {
		return Err(err)
	}
	if err := bs.ClearFlag(id); err != nil {
		return err
	}
	b.emitState()
	return nil
}

package app

import (
	"errors"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
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

// BackupService is the bound service of the バックアップ area.
type BackupService struct {
	vs *VaultService
}

var errNotBuilt = errors.New("app: not built yet")

// Overview returns the plans and warning levels.
func (b *BackupService) Overview() (BackupOverview, error) { return BackupOverview{}, Err(errNotBuilt) }

// ChooseFolder shows the OS folder dialog (purpose "source",
// "destination" or "restore", for its title in lang); "" when cancelled.
func (b *BackupService) ChooseFolder(purpose, lang string) (string, error) {
	return "", Err(errNotBuilt)
}

// SavePlan adds or changes one of this PC's plans (administrators). A new
// destination gets its repository, marker and wrapped password here.
func (b *BackupService) SavePlan(p BackupPlan) (BackupPlan, error) { return p, Err(errNotBuilt) }

// DeletePlan removes one of this PC's plans (administrators); the
// destination's repository is kept.
func (b *BackupService) DeletePlan(id string) error { return Err(errNotBuilt) }

// RunNow starts a run of plan id: a job of kind backup.run.
func (b *BackupService) RunNow(id string) (string, error) { return "", Err(errNotBuilt) }

// History lists plan id's runs on this PC, newest first.
func (b *BackupService) History(id string) ([]BackupRun, error) { return nil, Err(errNotBuilt) }

// Snapshots lists the snapshots at plan id's destination, newest first.
func (b *BackupService) Snapshots(id string) ([]BackupSnapshot, error) { return nil, Err(errNotBuilt) }

// Browse lists folder dir ("" for the top) of a snapshot.
func (b *BackupService) Browse(id, snapshot, dir string) ([]BackupEntry, error) {
	return nil, Err(errNotBuilt)
}

// Restore restores path ("" for all) of a snapshot to target, which must
// not exist yet: a job of kind backup.restore, logged before any data
// leaves the repository.
func (b *BackupService) Restore(id, snapshot, path, target string) (string, error) {
	return "", Err(errNotBuilt)
}

// Verify reads back plan id's repository (full: everything; else a
// sample): a job of kind backup.verify whose result lists damaged files.
func (b *BackupService) Verify(id string, full bool) (string, error) { return "", Err(errNotBuilt) }

// ClearFlag accepts a flagged run as genuine (administrators): pruning
// resumes.
func (b *BackupService) ClearFlag(id string) error { return Err(errNotBuilt) }

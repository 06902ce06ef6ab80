package app

import (
	"context"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
)

// App wires the bound services of one window (or one browser test server)
// together and owns their lifecycle.
type App struct {
	Jobs     *JobRegistry
	opt      Options
	keychain keychain.Keychain
	system   *System
	jobs     *Jobs
	vault    *VaultService
	clients  *ClientsService
	numbers  *MyNumberService
	reports  *ReportsService
	logs     *LogService
	backup   *BackupService
	share    *ShareService
	auto     *autoBackup
	autoDone chan struct{}
	stop     context.CancelFunc
	once     sync.Once
}

// Options configures New. A zero Options is not valid: Emitter and DataDir
// are required; the rest have production defaults.
type Options struct {
	Emitter Emitter
	DataDir string
	// ProgressInterval is the minimum time between two progress events of
	// one job; 0 means 100 ms.
	ProgressInterval time.Duration
	// Keys sets the scrypt cost of new password seals; nil is age's
	// default. Only tests and the browser test server lower it.
	Keys *keys.Options
	// Keychain keeps "remember me" keys; nil means the OS keychain, or
	// none where the OS has none.
	Keychain keychain.Keychain
	// SyncInterval is how often the vault folder is polled (0: 5 s).
	SyncInterval time.Duration
	// IdleLock locks the vault after this long without activity (0: 10
	// minutes; negative: never, for tests).
	IdleLock time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Catalog has the words of reports the app writes (the window's
	// locales); nil writes message keys.
	Catalog *i18n.Catalog
	// Dialogs asks where to save exports and reports (nil: saving fails).
	Dialogs Dialogs
	// LogReadJobOps is how many new log ops make reading them into the
	// log viewer a job with progress and cancel ("log.open") rather than a
	// plain call (0: 200,000, about a second's worth).
	LogReadJobOps int
	// BackupPoll is how often the backup scheduler looks for its
	// destinations and due runs (0: 10 s; negative: no automatic backups,
	// for tests of other parts).
	BackupPoll time.Duration
	// BackupRoots are where destinations are looked for by their marker
	// besides where they were last seen (nil: backup.CandidateRoots, the
	// drives and mounts of removable media).
	BackupRoots []string
}

// New builds the services. Nothing is opened or started until Startup.
func New(o Options) *App {
	if o.ProgressInterval == 0 {
		o.ProgressInterval = 100 * time.Millisecond
	}
	if o.LogReadJobOps == 0 {
		o.LogReadJobOps = 200_000
	}
	if o.SyncInterval == 0 {
		o.SyncInterval = 5 * time.Second
	}
	if o.IdleLock == 0 {
		o.IdleLock = 10 * time.Minute
	}
	reg := NewJobRegistry(o.Emitter, o.ProgressInterval)
	a := &App{Jobs: reg, opt: o, keychain: o.Keychain, system: &System{dataDir: o.DataDir}, jobs: &Jobs{reg: reg}}
	a.vault = &VaultService{a: a}
	a.clients = &ClientsService{vs: a.vault}
	a.numbers = &MyNumberService{vs: a.vault}
	a.reports = &ReportsService{vs: a.vault}
	a.logs = &LogService{vs: a.vault}
	a.backup = &BackupService{vs: a.vault}
	a.share = &ShareService{vs: a.vault}
	a.auto = newAutoBackup(a)
	return a
}

// Services returns the structs to bind into the window, one per UI area.
func (a *App) Services() []any {
	return []any{a.system, a.jobs, a.vault, a.clients, a.numbers, a.reports, a.logs, a.backup, a.share}
}

// Vault returns the vault service (for the CLI and tests).
func (a *App) Vault() *VaultService { return a.vault }

// Startup is the Wails OnStartup hook (after the emitter is attached): it
// starts the idle and OS-session lock watch. The keychain is probed here,
// not in New, because probing may start a D-Bus conversation.
func (a *App) Startup(context.Context) {
	a.once.Do(func() {
		if a.keychain == nil {
			a.keychain = systemKeychain()
		}
		ctx, cancel := context.WithCancel(context.Background())
		a.stop = cancel
		go a.watchLock(ctx)
		// Automatic backups run while a user is logged in (backupauto.go).
		a.autoDone = make(chan struct{})
		go func() {
			defer close(a.autoDone)
			a.auto.loop(ctx)
		}()
	})
}

// watchLock checks idle time and the OS session every few seconds.
func (a *App) watchLock(ctx context.Context) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.vault.checkIdle(sessionLocked())
		}
	}
}

// Shutdown is the Wails OnShutdown hook: stop jobs cleanly, then close the
// vault (its outbox is durable and is written by the next sync).
func (a *App) Shutdown(context.Context) {
	a.Jobs.Shutdown()
	if a.stop != nil {
		a.stop()
		<-a.autoDone // no run outlives the vault
	}
	a.vault.close()
}

func (a *App) emit(name string, data any) {
	if a.opt.Emitter != nil {
		a.opt.Emitter.Emit(name, data)
	}
}

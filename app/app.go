package app

import (
	"context"
	"time"
)

// App wires the bound services of one window (or one browser test server)
// together and owns their lifecycle.
type App struct {
	Jobs   *JobRegistry
	system *System
	jobs   *Jobs
}

// Options configures New. A zero Options is not valid: Emitter and DataDir
// are required.
type Options struct {
	Emitter Emitter
	DataDir string
	// ProgressInterval is the minimum time between two progress events of
	// one job; 0 means 100 ms.
	ProgressInterval time.Duration
}

// New builds the services. Nothing is opened or started until Startup.
func New(o Options) *App {
	if o.ProgressInterval == 0 {
		o.ProgressInterval = 100 * time.Millisecond
	}
	reg := NewJobRegistry(o.Emitter, o.ProgressInterval)
	return &App{Jobs: reg, system: &System{dataDir: o.DataDir}, jobs: &Jobs{reg: reg}}
}

// Services returns the structs to bind into the window, one per UI area.
func (a *App) Services() []any {
	return []any{a.system, a.jobs}
}

// Shutdown is the Wails OnShutdown hook: stop jobs cleanly before exit.
func (a *App) Shutdown(context.Context) {
	a.Jobs.Shutdown()
}

package app

import (
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
)

// CheckIdle runs one tick of the lock watch, for tests.
func CheckIdle(a *App, osLocked bool) { a.vault.checkIdle(osLocked) }

// Clients and Numbers return the bound services, for tests.
func Clients(a *App) *ClientsService  { return a.clients }
func Numbers(a *App) *MyNumberService { return a.numbers }

// WatchCapture records the capture protection switches of a's My Number
// service (the Windows call cannot run here).
func WatchCapture(a *App, set func(on bool)) { a.numbers.capture.set = set }

// Reports returns the bound reports service, for tests.
func Reports(a *App) *ReportsService { return a.reports }

// LogEntries returns the access log as the logged-in 責任者 reads it.
func LogEntries(a *App) ([]audit.Entry, error) {
	var out []audit.Entry
	err := a.vault.withVault(func(v *vault.Vault) error {
		_, err := v.LogEntries(func(e *audit.Entry) error { out = append(out, *e); return nil })
		return err
	})
	return out, err
}

// Logs returns the bound access-log service, for tests.
func Logs(a *App) *LogService { return a.logs }

// SessionOffice returns the logged-in session's office (its search index):
// a reload replaces it, an update from a sync keeps it.
func SessionOffice(a *App) *office.Office {
	a.vault.mu.Lock()
	defer a.vault.mu.Unlock()
	return a.vault.off
}

// IndexBuilds returns how many search indexes a has built from every
// record (a login's, and reloads).
func IndexBuilds(a *App) int64 { return a.vault.builds.Load() }

// SetLoginHook sets the hook a login runs at its stages ("session": the
// vault's session started, the index not yet built; "scanned": the build
// has read every record); nil removes it.
func SetLoginHook(f func(stage string)) { loginHook = f }

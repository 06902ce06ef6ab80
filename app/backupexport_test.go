package app

import (
	"context"

	"github.com/kinko-jp/kinko/core/progress"
)

// Backup returns the bound backup service, for tests.
func Backup(a *App) *BackupService { return a.backup }

// BackupRunOnce is the internal run h-auto's scheduler calls.
func BackupRunOnce(a *App, id string, changed map[string][]string) (*BackupRun, error) {
	return a.backup.run(context.Background(), id, changed, progress.Noop)
}

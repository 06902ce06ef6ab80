//go:build !kinko_backup_merged

package app

// This file stands in for the parts of core/backup that the h-integrity
// (Verify, Prune, Maintain, Assess, ErrDamaged), h-watch (markers, volume
// ids) and h-engine (List, Source.Changed, ErrDestinationGone) branches
// add, so this branch builds before they are merged. backupsteps.go
// (build tag kinko_backup_merged) has the real calls: once the three
// branches are in, delete this file and the tags.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/progress"
)

const markerFile = "kinko-backup.json"

func stepVerify(ctx context.Context, r *backup.Repo, fraction float64, rep progress.Reporter) (*BackupVerifyResult, error) {
	return &BackupVerifyResult{}, nil
}

func stepMaintain(ctx context.Context, r *backup.Repo, full bool) error { return nil }

func stepPrune(ctx context.Context, r *backup.Repo) error { return nil }

func stepAssess(ctx context.Context, r *backup.Repo, prev, cur string) (*assessment, error) {
	return &assessment{}, nil
}

func listEntries(ctx context.Context, r *backup.Repo, id, dir string) ([]BackupEntry, error) {
	return nil, errNotBuilt
}

func withChanged(src *backup.Source, dirs []string) {}

func isDestinationGone(err error) bool { return false }

func isDamaged(err error) bool { return false }

func writeMarker(dest string, m destMarker) error {
	return outfile.Write(filepath.Join(dest, markerFile), 0o644, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(map[string]any{"format": 1, "id": m.ID, "vault": m.Vault, "label": m.Label, "volumeId": m.VolumeID, "created": m.Created})
	})
}

func readMarker(dest string) (*destMarker, error) {
	b, err := os.ReadFile(filepath.Join(dest, markerFile))
	if err != nil {
		return nil, errNoMarker
	}
	var m struct {
		ID, Vault, Label, VolumeID string
		Created                    time.Time
	}
	if json.Unmarshal(b, &m) != nil || m.ID == "" {
		return nil, errNoMarker
	}
	return &destMarker{ID: m.ID, Vault: m.Vault, Label: m.Label, VolumeID: m.VolumeID, Created: m.Created}, nil
}

func volumeID(path string) string { return "" }

var errNoMarker = errors.New("app: no backup marker")

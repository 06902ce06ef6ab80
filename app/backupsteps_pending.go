//go:build !kinko_backup_marker

package app

// This file stands in for the markers and volume ids of core/backup that
// the h-watch branch adds (WriteMarker, ReadMarker, VolumeID), in the
// contract's format, so this branch builds before it is merged. Once it
// is, delete this file and the build tag of backupmarker.go.

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/outfile"
)

const markerFile = "kinko-backup.json"

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

var errNoMarker = os.ErrNotExist

// locate finds destination id elsewhere than hint (h-watch: the drives
// D: to Z:, /media/…); the stand-in knows no other place.
func locate(id, hint string) (string, bool) { return "", false }

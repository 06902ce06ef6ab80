//go:build kinko_backup_marker

package app

import "github.com/kinko-jp/kinko/core/backup"

// Markers and volume ids (core/backup, from the h-watch branch).

func writeMarker(dest string, m destMarker) error {
	return backup.WriteMarker(dest, backup.Marker{Format: 1, ID: m.ID, Vault: m.Vault, Label: m.Label, VolumeID: m.VolumeID, Created: m.Created})
}

func readMarker(dest string) (*destMarker, error) {
	m, err := backup.ReadMarker(dest)
	if err != nil {
		return nil, err
	}
	return &destMarker{ID: m.ID, Vault: m.Vault, Label: m.Label, VolumeID: m.VolumeID, Created: m.Created}, nil
}

func volumeID(path string) string { return backup.VolumeID(path) }

// locate finds destination id: hint first, then the candidate roots.
func locate(id, hint string) (string, bool) { return backup.Locate(id, hint) }

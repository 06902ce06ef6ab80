//go:build kinko_backup_merged

package app

import "github.com/kinko-jp/kinko/core/backup"

// locateDest finds destination id by its marker: where it was last seen
// (hint), else on the drives and mounts of removable media.
func locateDest(id, hint string) (string, bool) { return backup.Locate(id, hint) }

// candidateRoots are where removable drives and mounts appear.
func candidateRoots() []string { return backup.CandidateRoots() }

package app

import "time"

// BackupDestInfo is what a destination folder holds, read without a vault
// (the new-PC restore): its marker and the snapshots' sources, once the
// recovery key has opened it.
type BackupDestInfo struct {
	ID      string           `json:"id"`
	Label   string           `json:"label"`
	Vault   string           `json:"vault"` // the vault id it backs up
	Created time.Time        `json:"created" ts_type:"string"`
	Latest  []BackupSnapshot `json:"latest"` // newest snapshot per source (after Unlock)
}

// InspectDestination reads the marker of a destination folder (no login
// needed): the first step of the new-PC restore.
func (b *BackupService) InspectDestination(path string) (BackupDestInfo, error) {
	return BackupDestInfo{}, Err(errNotBuilt)
}

// RestoreNewPC is the guided restore on a new PC with only the installer,
// the destination and the recovery sheet: recovery (as typed from the
// sheet) opens the repository password; the newest vault snapshot is
// restored to vaultTarget (then every recorded erasure is re-applied
// before anyone can read) and each other folder to the place chosen in
// folders (source path → target; omitted: not restored). A job of kind
// backup.restore.
func (b *BackupService) RestoreNewPC(path, recovery, vaultTarget string, folders map[string]string) (string, error) {
	return "", Err(errNotBuilt)
}

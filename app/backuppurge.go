package app

import "time"

// BackupPurge is where an erasure (廃棄) stands at one destination: the
// 廃棄記録 shows "purged on …" or "pending" per destination.
type BackupPurge struct {
	Dest    string    `json:"dest"`
	Label   string    `json:"label"`
	Purged  time.Time `json:"purged" ts_type:"string"` // zero while pending
	Pending bool      `json:"pending"`
}

// Purges returns erasure id's state at every destination of every plan.
func (b *BackupService) Purges(erasure string) ([]BackupPurge, error) { return nil, Err(errNotBuilt) }

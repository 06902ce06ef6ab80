package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

// Erasure reaches the backups. When a My Number's 廃棄 is approved, its
// blobs (the number, the scans: blobs/<id> in the vault folder) are
// removed from every snapshot of every repository of this PC's plans that
// back up the vault (backup.Repo.Purge rewrites the snapshots without
// them and drops their content). A destination that is absent gets the
// purge when it is next attached: the scheduler purges before it runs.
// Each purge is recorded in the vault (office/backup.purge.<dest>.<erasure>,
// a record any user's PC may write), so every PC's 廃棄記録 shows, per
// destination, "purged on …" or "pending"; and the destination keeps the
// list of purged blobs (erasures.json) so that a whole-vault restore on a
// new PC re-applies every erasure before anyone can read.

// ErasuresFile lists, at a destination, every erasure purged from it.
const ErasuresFile = "erasures.json"

// purgePrefix is the vault record of a purge: office/backup.purge.<dest>.<erasure>.
const purgePrefix = "office/backup.purge."

// BackupPurge is where an erasure (廃棄) stands at one destination: the
// 廃棄記録 shows "purged on …" or "pending" per destination.
type BackupPurge struct {
	Dest    string    `json:"dest"`
	Label   string    `json:"label"`
	Purged  time.Time `json:"purged" ts_type:"string"` // zero while pending
	Pending bool      `json:"pending"`
}

// purgeRecord is the vault record of one erasure purged at one destination.
type purgeRecord struct {
	Dest    string    `json:"dest"`
	Erasure string    `json:"erasure"`
	At      time.Time `json:"at"`
	Device  string    `json:"device"` // the PC that purged
}

// ErasedBlobs is erasures.json: the erasures purged from a destination
// and their blobs.
type ErasedBlobs struct {
	Erasures []ErasedEntry `json:"erasures"`
}

// ErasedEntry is one erasure in erasures.json.
type ErasedEntry struct {
	Erasure  string    `json:"erasure"`
	Blobs    []string  `json:"blobs"`
	Approved time.Time `json:"approved"`
	Purged   time.Time `json:"purged"`
}

// Blobs lists every blob id in e.
func (e *ErasedBlobs) Blobs() []string {
	var out []string
	for _, x := range e.Erasures {
		out = append(out, x.Blobs...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ReadErasedBlobs reads a destination's erasures.json (none: empty).
func ReadErasedBlobs(dest string) (*ErasedBlobs, error) {
	var e ErasedBlobs
	b, err := os.ReadFile(filepath.Join(dest, ErasuresFile))
	if errors.Is(err, os.ErrNotExist) {
		return &e, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

func purgeTarget(dest, erasure string) string { return purgePrefix + dest + "." + erasure }

// purged returns the purge records in v by target.
func purged(v *vault.Vault) (map[string]purgeRecord, error) {
	recs, err := v.List(purgePrefix)
	if err != nil {
		return nil, err
	}
	out := map[string]purgeRecord{}
	for _, r := range recs {
		for _, ver := range r.Versions {
			var pr purgeRecord
			if json.Unmarshal(ver.Data, &pr) == nil && !ver.Deleted {
				out[r.Target] = pr
			}
		}
	}
	return out, nil
}

// approvedErasures are v's approved erasures (the 廃棄記録).
func approvedErasures(v *vault.Vault) ([]vault.Erasure, error) {
	es, err := v.Erasures()
	return slices.DeleteFunc(es, func(e vault.Erasure) bool { return e.ApprovedAt == 0 }), err
}

// pendingPurges are the approved erasures not yet purged at destination
// dest.
func pendingPurges(v *vault.Vault, dest string) ([]vault.Erasure, error) {
	es, err := approvedErasures(v)
	if err != nil {
		return nil, err
	}
	done, err := purged(v)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(es, func(e vault.Erasure) bool {
		_, ok := done[purgeTarget(dest, e.ID)]
		return ok
	}), nil
}

// purgeDest purges every pending erasure from p's repository at path
// (the plan backs up the vault and its destination is attached there),
// writes the destination's erasures.json and records the purges. It
// returns how many erasures it purged: the scheduler then backs the vault
// up at once, so that the newest snapshot holds the approvals too (a
// restore of it erases the records' remaining versions, not only their
// blobs).
func (b *BackupService) purgeDest(ctx context.Context, p *BackupPlan, path string) (int, error) {
	if !p.Vault {
		return 0, nil
	}
	v, _ := b.vs.a.auto.session()
	if v == nil {
		return 0, vault.ErrLocked
	}
	pending, err := pendingPurges(v, p.Dest.ID)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	var names, ids []string
	for _, e := range pending {
		ids = append(ids, e.ID)
		for _, bl := range e.Blobs {
			names = append(names, bl.ID)
		}
	}
	entry := audit.Entry{Action: audit.BackupRun, Target: "backup/" + p.ID, Label: p.Dest.Label,
		Detail: "purge dest=" + p.Dest.ID + " erasures=" + strings.Join(ids, ",")}
	sess := Session{Vault: v}
	r, err := b.openRepo(ctx, p)
	if err != nil {
		return 0, sess.Trace(entry, err)
	}
	_, err = r.Purge(ctx, names)
	r.Close(context.WithoutCancel(ctx))
	if err != nil {
		return 0, sess.Trace(entry, err)
	}
	now := b.vs.now()
	// The destination's own list first: a restore from it re-applies the
	// erasures even if the vault's record never reaches another PC.
	list, err := ReadErasedBlobs(path)
	if err != nil {
		list = &ErasedBlobs{} // a damaged list is rewritten whole below from the vault
		if all, aerr := approvedErasures(v); aerr == nil {
			pending = all
		}
	}
	for _, e := range pending {
		if slices.ContainsFunc(list.Erasures, func(x ErasedEntry) bool { return x.Erasure == e.ID }) {
			continue
		}
		blobs := make([]string, len(e.Blobs))
		for i, bl := range e.Blobs {
			blobs[i] = bl.ID
		}
		list.Erasures = append(list.Erasures, ErasedEntry{Erasure: e.ID, Blobs: blobs, Approved: time.UnixMilli(e.ApprovedAt), Purged: now})
	}
	raw, _ := json.MarshalIndent(list, "", "  ")
	if err := writeFileAtomic(filepath.Join(path, ErasuresFile), raw); err != nil {
		return 0, sess.Trace(entry, err)
	}
	for _, id := range ids {
		rec, _ := json.Marshal(purgeRecord{Dest: p.Dest.ID, Erasure: id, At: now, Device: v.Device()})
		if _, err := v.Put(purgeTarget(p.Dest.ID, id), nil, rec); err != nil && !errors.Is(err, vault.ErrExists) {
			return 0, sess.Trace(entry, err)
		}
	}
	return len(ids), sess.Trace(entry, nil)
}

// Purges returns erasure id's state at every destination of every plan:
// purged (with when) or pending.
func (b *BackupService) Purges(erasure string) ([]BackupPurge, error) {
	out := []BackupPurge{}
	err := b.vs.withVault(func(v *vault.Vault) error {
		plans, err := b.plans()
		if err != nil {
			return err
		}
		done, err := purged(v)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, p := range plans {
			if !p.Vault || seen[p.Dest.ID] {
				continue
			}
			seen[p.Dest.ID] = true
			bp := BackupPurge{Dest: p.Dest.ID, Label: p.Dest.Label, Pending: true}
			if r, ok := done[purgeTarget(p.Dest.ID, erasure)]; ok {
				bp.Purged, bp.Pending = r.At, false
			}
			out = append(out, bp)
		}
		return nil
	})
	return out, err
}

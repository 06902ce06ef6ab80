package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/vault"
)

// The log keeps its witness: after each run that backs up the vault, the
// newest signed checkpoint of every device (vault.Witnesses) is stored in
// the repository as a small snapshot of its own (tags kinko:kind=witness,
// kinko:vault=<vault id>, kinko:plan), encrypted and authenticated like the rest. `log verify`
// opens the backups it can reach and requires the folder to still hold
// what each stored: a solo office whose log was cut short in the vault
// folder (an insider deleting segments, or putting back an older copy)
// learns it from its backup, which is named as the witness.

// Tags of a witness snapshot.
const (
	tagKind        = "kinko:kind"
	tagVault       = "kinko:vault"
	tagPlan        = "kinko:plan"
	kindWitness    = "witness"
	witnessFile    = "witness.json"
	witnessPrefix  = "backup/" // a backup's name as a witness: backup/<destination id>
	witnessTimeout = 2 * time.Minute
)

// witnessDoc is witness.json.
type witnessDoc struct {
	Vault     string          `json:"vault"`
	At        time.Time       `json:"at"`
	Witnesses []audit.Witness `json:"witnesses"`
}

// prepareWitness writes a checkpoint of this PC's session, syncs the vault
// folder and writes the newest checkpoints of every device into this PC's
// witness folder, which it returns. A run calls it before it backs up the
// vault folder, so the folder in the snapshot holds at least what the
// witness names: a vault restored from that snapshot is never "shorter"
// than its own backup's witness.
func (b *Backups) prepareWitness() (string, error) {
	v := b.v()
	if v.User() == "" {
		return "", vault.ErrLocked
	}
	if err := v.Checkpoint(); err != nil {
		return "", err
	}
	if _, err := b.sync(); err != nil {
		return "", err
	}
	ws, err := v.Witnesses()
	if err != nil {
		return "", err
	}
	doc, err := json.Marshal(witnessDoc{Vault: v.ID(), At: b.now(), Witnesses: ws})
	if err != nil {
		return "", err
	}
	dir := filepath.Join(b.DataDir, "backup", "witness", v.ID())
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, writeBytes(filepath.Join(dir, witnessFile), doc)
}

// storeWitness stores the witness prepareWitness wrote in r, the open
// repository of plan p, as a small snapshot of its own; the run calls it
// once the vault folder's snapshot is saved.
func (b *Backups) storeWitness(ctx context.Context, r *backup.Repo, p *BackupPlan, dir string) error {
	_, err := r.Snapshot(ctx, backup.Source{Path: dir, Tags: map[string]string{tagKind: kindWitness, tagVault: b.v().ID(), tagPlan: p.ID}}, nil)
	return err
}

// logWitnesses is Backups.LogWitnesses in the window's session.
func (b *BackupService) logWitnesses(ctx context.Context, v *vault.Vault) (map[string][]audit.Witness, map[string]string) {
	bs, err := b.backups()
	if err != nil {
		return nil, nil
	}
	return bs.LogWitnesses(ctx, b.vs.a.opt.BackupRoots)
}

// LogWitnesses reads the newest witness of the session's vault stored in
// every backup of it this PC can reach now, by backup (backup/<destination
// id>), with the destinations' labels for the names: the destinations of
// the plans, and — since a log cut short may have lost the plans too —
// any attached destination of the vault found by its marker under roots
// (nil: the drives and mounts of removable media). Backups that cannot be
// opened are left out: a witness is extra evidence, never a condition.
func (b *Backups) LogWitnesses(ctx context.Context, roots []string) (map[string][]audit.Witness, map[string]string) {
	out, labels := map[string][]audit.Witness{}, map[string]string{}
	v := b.v()
	plans, _ := b.Plans()
	for _, d := range destinationsOf(v.ID(), roots) {
		plans = append(plans, BackupPlan{Vault: true, Dest: d})
	}
	ctx, cancel := context.WithTimeout(ctx, witnessTimeout)
	defer cancel()
	for i := range plans {
		p := &plans[i]
		key := witnessPrefix + p.Dest.ID
		if !p.Vault || out[key] != nil {
			continue
		}
		path, ok := locate(p.Dest.ID, p.Dest.Path)
		if !ok {
			continue
		}
		p.Dest.Path = path
		ws, err := b.readWitness(ctx, p, v.ID())
		if err == nil && len(ws) > 0 {
			out[key], labels[key] = ws, p.Dest.Label
		}
	}
	return out, labels
}

// readWitness restores the newest witness of vault id from p's repository.
func (b *Backups) readWitness(ctx context.Context, p *BackupPlan, id string) ([]audit.Witness, error) {
	r, err := b.OpenRepo(ctx, p)
	if err != nil {
		return nil, err
	}
	defer r.Close(context.WithoutCancel(ctx))
	snaps, err := r.Snapshots(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range snaps { // newest first
		if s.Tags[tagKind] != kindWitness || s.Tags[tagVault] != id {
			continue
		}
		tmp, err := os.MkdirTemp(b.DataDir, ".witness-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		target := filepath.Join(tmp, witnessFile)
		if _, err := r.Restore(ctx, s.ID, witnessFile, target, nil); err != nil {
			return nil, err
		}
		raw, err := os.ReadFile(target)
		if err != nil {
			return nil, err
		}
		var doc witnessDoc
		if err := json.Unmarshal(raw, &doc); err != nil || doc.Vault != id {
			return nil, backup.ErrNoSnapshot
		}
		return doc.Witnesses, nil
	}
	return nil, nil
}

// destinationsOf lists the destinations of vault id attached now: a
// marker naming the vault at one of roots (nil: the OS's removable drives
// and mounts) or in a folder just under one.
func destinationsOf(id string, roots []string) []BackupDest {
	if roots == nil {
		roots = backup.CandidateRoots()
	}
	var out []BackupDest
	seen := map[string]bool{}
	look := func(dir string) {
		if m, err := readMarker(dir); err == nil && m.Vault == id && !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, BackupDest{ID: m.ID, Path: dir, Label: m.Label, VolumeID: m.VolumeID, Present: true})
		}
	}
	for _, r := range roots {
		look(r)
		entries, _ := os.ReadDir(r)
		for _, e := range entries {
			if e.IsDir() {
				look(filepath.Join(r, e.Name()))
			}
		}
	}
	return out
}

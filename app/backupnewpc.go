package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// The new-PC restore: a PC with only the installer, the destination (a
// USB drive or NAS folder) and the recovery sheet gets the vault and the
// office's folders back. The recovery key opens repo-password.age beside
// the repository; the newest snapshot of the vault folder is restored to
// a staging folder beside the target; every recorded erasure is deleted
// from it (the blobs the destination's erasures.json lists and those of
// every erasure approval the restored journal holds) and only then is it
// renamed into place, so no one can open a vault that still holds an
// erased number. The chosen folders follow, and the vault is joined on
// this PC: its users log in with their own passwords.

// RepoPasswordFile is the repository password, age-encrypted to the
// vault's administrators and the recovery key, beside the repository.
const RepoPasswordFile = "repo-password.age"

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
	m, err := readMarker(path)
	if err != nil {
		return BackupDestInfo{}, Err(err)
	}
	return BackupDestInfo{ID: m.ID, Label: m.Label, Vault: m.Vault, Created: m.Created, Latest: []BackupSnapshot{}}, nil
}

// NewPCResult is what a new-PC restore did.
type NewPCResult struct {
	Vault    string            `json:"vault"`    // the restored vault folder
	Snapshot string            `json:"snapshot"` // the vault snapshot restored
	Erased   int               `json:"erased"`   // erased blobs deleted again
	Folders  map[string]string `json:"folders"`  // source → where it was restored
	Files    int64             `json:"files"`
	Bytes    int64             `json:"bytes"`
}

// RestoreNewPC is the guided restore on a new PC with only the installer,
// the destination and the recovery sheet: recovery (as typed from the
// sheet) opens the repository password; the newest vault snapshot is
// restored to vaultTarget (then every recorded erasure is re-applied
// before anyone can read) and each other folder to the place chosen in
// folders (source path → target; omitted: not restored). A job of kind
// backup.restore; when it ends the vault is joined on this PC (the login
// screen).
func (b *BackupService) RestoreNewPC(path, recovery, vaultTarget string, folders map[string]string) (string, error) {
	rec, err := keys.ParseRecovery(recovery)
	if err != nil {
		return "", Err(err)
	}
	id := b.vs.a.Jobs.Start(context.Background(), JobBackupRestore, func(ctx context.Context, r progress.Reporter) (any, error) {
		res, err := RestoreFromDestination(ctx, path, rec, b.vs.a.opt.DataDir, vaultTarget, folders, r)
		if err != nil {
			return nil, Err(err)
		}
		if _, err := b.vs.Join(res.Vault); err != nil {
			return res, err
		}
		b.vs.withVault(func(v *vault.Vault) error { return TraceNewPC(Session{Vault: v}, path, res) })
		return res, nil
	})
	return id, nil
}

// TraceNewPC logs a new-PC restore in the restored vault (nobody is
// logged in yet: the entry has no user).
func TraceNewPC(s Session, dest string, res *NewPCResult) error {
	return s.Trace(audit.Entry{Action: audit.BackupRestore, Target: "backup/newpc", Label: dest,
		Detail: "snapshot=" + res.Snapshot + " erased=" + strconv.Itoa(res.Erased) + " folders=" + strconv.Itoa(len(res.Folders)) + " bytes=" + strconv.FormatInt(res.Bytes, 10)}, nil)
}

// OpenDestination opens the repository at dest with the recovery key
// (the new-PC restore; `kinko backup recover`), with its cache under
// dataDir.
func OpenDestination(ctx context.Context, dest string, rec *keys.Recovery, dataDir string) (*backup.Repo, *destMarker, error) {
	m, err := readMarker(dest)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(filepath.Join(dest, RepoPasswordFile))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rd, err := age.Decrypt(f, rec.Identity())
	if err != nil {
		return nil, nil, keys.ErrNotRecipient
	}
	pw, err := io.ReadAll(io.LimitReader(rd, 4096))
	if err != nil {
		return nil, nil, keys.ErrNotRecipient
	}
	host, _ := os.Hostname()
	r, err := backup.Open(ctx, dest, strings.TrimSpace(string(pw)), backup.Options{CacheDir: filepath.Join(dataDir, "backup", "cache", m.ID), Host: host})
	clear(pw)
	return r, m, err
}

// isVaultSnapshot tells a snapshot of the vault folder (kinko:kind=vault)
// from the others.
func isVaultSnapshot(s *backup.Snapshot) bool { return s.Tags[tagKind] == "vault" }

// RestoreFromDestination restores the newest vault snapshot at dest to
// vaultTarget with every recorded erasure re-applied, and each folder of
// folders (source path → target) from its newest snapshot. Neither
// vaultTarget nor a folder target may exist (backup.ErrTargetExists).
// The caller then joins the vault (vault.Join).
func RestoreFromDestination(ctx context.Context, dest string, rec *keys.Recovery, dataDir, vaultTarget string, folders map[string]string, rep progress.Reporter) (*NewPCResult, error) {
	rep = progress.OrNoop(rep)
	if _, err := os.Lstat(vaultTarget); err == nil {
		return nil, backup.ErrTargetExists
	}
	for _, t := range folders {
		if _, err := os.Lstat(t); err == nil {
			return nil, backup.ErrTargetExists
		}
	}
	r, _, err := OpenDestination(ctx, dest, rec, dataDir)
	if err != nil {
		return nil, err
	}
	defer r.Close(context.WithoutCancel(ctx))
	snaps, err := r.Snapshots(ctx)
	if err != nil {
		return nil, err
	}
	var vs *backup.Snapshot
	newest := map[string]*backup.Snapshot{} // by source path, newest first
	for _, s := range snaps {
		if vs == nil && isVaultSnapshot(s) {
			vs = s
		}
		if newest[s.Path] == nil {
			newest[s.Path] = s
		}
	}
	if vs == nil {
		return nil, backup.ErrNoSnapshot
	}
	res := &NewPCResult{Vault: vaultTarget, Snapshot: vs.ID, Folders: map[string]string{}}
	// The vault goes to a staging folder first: nothing can open it until
	// the erasures are applied again.
	if err := os.MkdirAll(filepath.Dir(vaultTarget), 0o700); err != nil {
		return nil, err
	}
	staging := vaultTarget + ".restoring"
	os.RemoveAll(staging) // an interrupted earlier attempt
	rr, err := r.Restore(ctx, vs.ID, "", staging, rep)
	if err != nil {
		return nil, err
	}
	res.Files, res.Bytes = rr.Files, rr.Bytes
	erased, err := reapplyErasures(dest, staging)
	if err != nil {
		os.RemoveAll(staging)
		return nil, err
	}
	res.Erased = erased
	if err := os.Rename(staging, vaultTarget); err != nil {
		os.RemoveAll(staging)
		return nil, err
	}
	for src, target := range folders {
		s := newest[src]
		if s == nil {
			return res, backup.ErrNoSnapshot
		}
		fr, err := r.Restore(ctx, s.ID, "", target, rep)
		if err != nil {
			return res, err
		}
		res.Folders[src] = target
		res.Files += fr.Files
		res.Bytes += fr.Bytes
	}
	return res, nil
}

// reapplyErasures deletes from the restored vault folder every blob an
// erasure removed: those the destination's erasures.json lists and those
// of every approval in the restored journal. It returns how many blob
// files it deleted.
func reapplyErasures(dest, folder string) (int, error) {
	list, err := ReadErasedBlobs(dest)
	if err != nil {
		return 0, err
	}
	ids := list.Blobs()
	fromJournal, err := vault.ApprovedErasureBlobs(folder)
	if err != nil {
		return 0, err
	}
	ids = append(ids, fromJournal...)
	f, err := journal.OpenFolder(folder)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := os.Stat(filepath.Join(folder, "blobs", id)); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := f.DeleteBlob(id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

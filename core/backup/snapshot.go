package backup

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/fs/localfs"
	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/manifest"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
	"github.com/kopia/kopia/snapshot/snapshotfs"
	"github.com/kopia/kopia/snapshot/upload"

	"github.com/kinko-jp/kinko/core/progress"
)

// Source is one folder to back up.
type Source struct {
	// Path is the folder on this PC.
	Path string
	// Excludes are extra ignore patterns (gitignore syntax) on top of
	// DefaultExcludes.
	Excludes []string
	// Tags are stored with the snapshot (the plan and source ids).
	Tags map[string]string
	// Changed lists folders (slash paths relative to Path; "" = the top)
	// in which the watcher saw changes since the previous complete
	// snapshot of this source started. nil = unknown: scan everything.
	// Non-nil: folders not listed, not on the way to a listed one and held
	// by the previous snapshot are taken from it without being listed
	// (overlay.go). Pass nil after Excludes changed: a reused folder keeps
	// what the previous rules let in.
	Changed []string
}

// FileError is a file a run could not read, by its path in the source
// (slash-separated) and why: a stable code, one of ReasonLocked,
// ReasonDenied, ReasonVanished, ReasonChanging, ReasonIO.
type FileError struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Snapshot describes one snapshot.
type Snapshot struct {
	ID     string            `json:"id"`
	Host   string            `json:"host"`
	Path   string            `json:"path"`
	Start  time.Time         `json:"start"`
	End    time.Time         `json:"end"`
	Files  int64             `json:"files"`
	Dirs   int64             `json:"dirs"`
	Bytes  int64             `json:"bytes"` // total size of the files
	Tags   map[string]string `json:"tags,omitempty"`
	Reason string            `json:"incomplete,omitempty"`
	// Run-only figures (zero when listed):
	Written int64       `json:"written"` // bytes written to the destination
	Hashed  int64       `json:"hashed"`  // bytes read and hashed
	Cached  int64       `json:"cached"`  // files not re-read (unchanged)
	Retried int64       `json:"retried"` // files re-read because they changed while read
	Errors  []FileError `json:"errors,omitempty"`
}

// ErrIncomplete: the run could not read some files (Snapshot.Errors); the
// snapshot of everything else was saved.
var ErrIncomplete = errors.New("backup: some files could not be read")

// Snapshot backs up src and returns the new snapshot. Progress: stage
// "backup.upload", bytes read or found unchanged, of the previous
// snapshot's size (0 on a first run).
//
// With src.Changed set, only the named folders are listed from disk
// (overlay.go). A file that changes while it is read is read again, up to
// retries times (retry.go); files that cannot be read are listed in Errors
// with a stable Reason and ErrIncomplete is returned with the snapshot.
// Cancelling ctx returns ctx.Err(); a destination that disappears returns
// ErrDestinationGone (watchdog.go); neither saves a snapshot.
func (r *Repo) Snapshot(ctx context.Context, src Source, rep progress.Reporter) (*Snapshot, error) {
	rep = progress.OrNoop(rep)
	wctx, stop := r.watchdog(ctx)
	defer stop()
	out, err := r.snapshot(wctx, src, rep)
	if err = r.runErr(ctx, wctx, err); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return out, ErrIncomplete
	}
	return out, nil
}

// snapshot runs the passes of one run in one write session.
func (r *Repo) snapshot(ctx context.Context, src Source, rep progress.Reporter) (*Snapshot, error) {
	ent, err := localfs.NewEntry(src.Path)
	if err != nil {
		return nil, err
	}
	root, ok := ent.(fs.Directory)
	if !ok {
		return nil, fmt.Errorf("backup: not a folder: %w", ErrNoPath)
	}
	si := snapshot.SourceInfo{Host: r.opt.Host, UserName: r.opt.User, Path: src.Path}
	var written atomic.Int64
	var out *Snapshot
	err = repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{
		Purpose:  "kinko backup",
		OnUpload: func(n int64) { written.Add(n) },
	}, func(ctx context.Context, w repo.RepositoryWriter) error {
		var err error
		out, err = r.passes(ctx, w, si, src, root, rep)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.Written = written.Load()
	return out, nil
}

// passes uploads src (the first pass, informed by src.Changed), then
// re-reads files that changed while they were read, and saves the
// manifest.
func (r *Repo) passes(ctx context.Context, w repo.RepositoryWriter, si snapshot.SourceInfo, src Source, root fs.Directory, rep progress.Reporter) (*Snapshot, error) {
	if err := ensurePolicy(ctx, w, si, src); err != nil {
		return nil, err
	}
	tree, err := policy.TreeForSource(ctx, w, si)
	if err != nil {
		return nil, err
	}
	prev, err := previous(ctx, w, si)
	if err != nil {
		return nil, err
	}
	pr := newUploadProgress(rep, prev)
	var plan *changePlan
	if src.Changed != nil {
		plan = newPlan(src.Changed)
	}
	man, err := uploadOnce(ctx, w, overlay(root, plan, rootDir(w, prev)), tree, si, prev, pr)
	if err != nil {
		return nil, err
	}
	man, retried, err := r.settle(ctx, w, src.Path, root, tree, man, pr)
	if err != nil {
		return nil, err
	}
	man.Tags = src.Tags
	id, err := snapshot.SaveSnapshot(ctx, w, man)
	if err != nil {
		return nil, err
	}
	man.ID = id
	out := describe(man)
	out.Hashed = pr.hashed.Load()
	out.Cached = pr.cached.Load()
	out.Retried = retried
	out.Errors = pr.errors()
	return out, nil
}

// uploadOnce runs Kopia's uploader over dir; a cancelled run is an error
// (ctx's), never a manifest.
func uploadOnce(ctx context.Context, w repo.RepositoryWriter, dir fs.Directory, tree *policy.Tree, si snapshot.SourceInfo, prev *snapshot.Manifest, pr *uploadProgress) (*snapshot.Manifest, error) {
	u := upload.NewUploader(w)
	u.Progress = pr
	stop := context.AfterFunc(ctx, u.Cancel)
	defer stop()
	var prevs []*snapshot.Manifest
	if prev != nil {
		prevs = append(prevs, prev)
	}
	man, err := u.Upload(ctx, dir, tree, si, prevs...)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if man.IncompleteReason != "" {
		return nil, fmt.Errorf("backup: upload %s", man.IncompleteReason)
	}
	return man, nil
}

// rootDir is the root folder of m, or nil.
func rootDir(rep repo.Repository, m *snapshot.Manifest) fs.Directory {
	if m == nil || m.RootEntry == nil {
		return nil
	}
	d, _ := snapshotfs.EntryFromDirEntry(rep, m.RootEntry).(fs.Directory)
	return d
}

// ensurePolicy writes the office policy and src's excludes.
func ensurePolicy(ctx context.Context, w repo.RepositoryWriter, si snapshot.SourceInfo, src Source) error {
	if err := setPolicy(ctx, w, OfficeRetention); err != nil {
		return err
	}
	return policy.SetPolicy(ctx, w, si, &policy.Policy{FilesPolicy: policy.FilesPolicy{IgnoreRules: src.Excludes}})
}

// previous returns the newest complete snapshot of si (nil when there is
// none), for the uploader to reuse unchanged files without reading them
// and the overlay to reuse unchanged folders without listing them.
func previous(ctx context.Context, rep repo.Repository, si snapshot.SourceInfo) (*snapshot.Manifest, error) {
	mans, err := snapshot.ListSnapshots(ctx, rep, si)
	if err != nil {
		return nil, err
	}
	var best *snapshot.Manifest
	for _, m := range mans {
		if m.IncompleteReason == "" && (best == nil || m.StartTime.After(best.StartTime)) {
			best = m
		}
	}
	return best, nil
}

func describe(m *snapshot.Manifest) *Snapshot {
	s := &Snapshot{
		ID: string(m.ID), Host: m.Source.Host, Path: m.Source.Path,
		Start: m.StartTime.ToTime(), End: m.EndTime.ToTime(), Tags: m.Tags, Reason: m.IncompleteReason,
		Files: int64(m.Stats.TotalFileCount), Dirs: int64(m.Stats.TotalDirectoryCount), Bytes: m.Stats.TotalFileSize,
	}
	if m.RootEntry != nil && m.RootEntry.DirSummary != nil {
		s.Files, s.Dirs, s.Bytes = m.RootEntry.DirSummary.TotalFileCount, m.RootEntry.DirSummary.TotalDirCount, m.RootEntry.DirSummary.TotalFileSize
	}
	return s
}

// Snapshots lists every snapshot in the repository (every PC's), newest
// first.
func (r *Repo) Snapshots(ctx context.Context) ([]*Snapshot, error) {
	ids, err := snapshot.ListSnapshotManifests(ctx, r.rep, nil, nil)
	if err != nil {
		return nil, err
	}
	mans, err := snapshot.LoadSnapshots(ctx, r.rep, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Snapshot, 0, len(mans))
	for _, m := range mans {
		out = append(out, describe(m))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.After(out[j].Start) })
	return out, nil
}

func (r *Repo) load(ctx context.Context, id string) (*snapshot.Manifest, error) {
	m, err := snapshot.LoadSnapshot(ctx, r.rep, manifest.ID(id))
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNoSnapshot, id)
	}
	return m, nil
}

// ErrNoSnapshot: no snapshot has the given id.
var ErrNoSnapshot = errors.New("backup: no such snapshot")

package backup

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopia/kopia/fs/localfs"
	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/manifest"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
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
}

// FileError is a file a run could not read, by its path in the source
// (slash-separated) and why, in lowercase English.
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
	Bytes  int64             `json:"bytes"`   // total size of the files
	Tags   map[string]string `json:"tags,omitempty"`
	Reason string            `json:"incomplete,omitempty"`
	// Run-only figures (zero when listed):
	Written int64       `json:"written"` // bytes written to the destination
	Hashed  int64       `json:"hashed"`  // bytes read and hashed
	Cached  int64       `json:"cached"`  // files not re-read (unchanged)
	Errors  []FileError `json:"errors,omitempty"`
}

// ErrIncomplete: the run could not read some files (Snapshot.Errors); the
// snapshot of everything else was saved.
var ErrIncomplete = errors.New("backup: some files could not be read")

// Snapshot backs up src and returns the new snapshot. Progress: stage
// "backup.scan"/"backup.upload" with bytes hashed of the total size.
// Files that cannot be read are listed in Errors and ErrIncomplete is
// returned with the snapshot.
func (r *Repo) Snapshot(ctx context.Context, src Source, rep progress.Reporter) (*Snapshot, error) {
	rep = progress.OrNoop(rep)
	ent, err := localfs.NewEntry(src.Path)
	if err != nil {
		return nil, err
	}
	si := snapshot.SourceInfo{Host: r.opt.Host, UserName: r.opt.User, Path: src.Path}
	var written atomic.Int64
	var out *Snapshot
	err = repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{
		Purpose:  "kinko backup",
		OnUpload: func(n int64) { written.Add(n) },
	}, func(ctx context.Context, w repo.RepositoryWriter) error {
		if err := ensurePolicy(ctx, w, si, src); err != nil {
			return err
		}
		tree, err := policy.TreeForSource(ctx, w, si)
		if err != nil {
			return err
		}
		prev, err := previous(ctx, w, si)
		if err != nil {
			return err
		}
		u := upload.NewUploader(w)
		pr := &uploadProgress{rep: rep}
		u.Progress = pr
		stop := context.AfterFunc(ctx, u.Cancel)
		defer stop()
		man, err := u.Upload(ctx, ent, tree, si, prev...)
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		man.Tags = src.Tags
		id, err := snapshot.SaveSnapshot(ctx, w, man)
		if err != nil {
			return err
		}
		man.ID = id
		out = describe(man)
		out.Hashed = pr.hashed.Load()
		out.Cached = int64(man.Stats.CachedFiles)
		out.Errors = pr.errors()
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Written = written.Load()
	if len(out.Errors) > 0 {
		return out, ErrIncomplete
	}
	return out, nil
}

// ensurePolicy writes the office policy and src's excludes.
func ensurePolicy(ctx context.Context, w repo.RepositoryWriter, si snapshot.SourceInfo, src Source) error {
	if err := setPolicy(ctx, w, OfficeRetention); err != nil {
		return err
	}
	return policy.SetPolicy(ctx, w, si, &policy.Policy{FilesPolicy: policy.FilesPolicy{IgnoreRules: src.Excludes}})
}

// previous returns the newest complete snapshot of si, for the uploader
// to reuse unchanged files without reading them.
func previous(ctx context.Context, rep repo.Repository, si snapshot.SourceInfo) ([]*snapshot.Manifest, error) {
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
	if best == nil {
		return nil, nil
	}
	return []*snapshot.Manifest{best}, nil
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

// uploadProgress turns the uploader's callbacks into progress updates and
// collects the files it could not read.
type uploadProgress struct {
	upload.NullUploadProgress
	rep    progress.Reporter
	hashed atomic.Int64
	mu     sync.Mutex
	errs   []FileError
}

func (p *uploadProgress) Enabled() bool { return true }

func (p *uploadProgress) HashedBytes(n int64) {
	p.rep.Report(progress.Update{Stage: "backup.upload", Done: p.hashed.Add(n)})
}

func (p *uploadProgress) Error(path string, err error, ignored bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, FileError{Path: path, Reason: err.Error()})
}

func (p *uploadProgress) errors() []FileError {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]FileError(nil), p.errs...)
}

package backup

import (
	"context"
	"errors"
	"math"
	"os"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/snapshot/restore"
	"github.com/kopia/kopia/snapshot/snapshotfs"

	"github.com/kinko-jp/kinko/core/progress"
)

// ErrTargetExists: a restore was pointed at a place that already holds
// something; restores never overwrite silently.
var ErrTargetExists = errors.New("backup: restore target exists")

// ErrNoPath: the snapshot holds nothing at the given path.
var ErrNoPath = errors.New("backup: no such path in the snapshot")

// RestoreResult says what a restore wrote.
type RestoreResult struct {
	Files int64 `json:"files"`
	Dirs  int64 `json:"dirs"`
	Bytes int64 `json:"bytes"`
}

// Restore writes the entry at rel (slash-separated inside the snapshot;
// "" for all of it) of snapshot id to target, which must not exist yet
// (ErrTargetExists). Files are written atomically (temp file and rename).
// Progress: stage "backup.restore", bytes of the total size.
func (r *Repo) Restore(ctx context.Context, id, rel, target string, rep progress.Reporter) (*RestoreResult, error) {
	rep = progress.OrNoop(rep)
	if _, err := os.Lstat(target); err == nil {
		return nil, ErrTargetExists
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	m, err := r.load(ctx, id)
	if err != nil {
		return nil, err
	}
	root, err := snapshotfs.SnapshotRoot(r.rep, m)
	if err != nil {
		return nil, err
	}
	ent, err := findEntry(ctx, root, rel)
	if err != nil {
		return nil, err
	}
	var total int64
	if d, ok := ent.(fs.DirectoryWithSummary); ok {
		if s, err := d.Summary(ctx); err == nil && s != nil {
			total = s.TotalFileSize
		}
	} else {
		total = ent.Size()
	}
	out := &restore.FilesystemOutput{TargetPath: target, WriteFilesAtomically: true}
	if err := out.Init(ctx); err != nil {
		return nil, err
	}
	st, err := restore.Entry(ctx, r.rep, out, ent, restore.Options{
		RestoreDirEntryAtDepth: math.MaxInt32,
		ProgressCallback: func(ctx context.Context, s restore.Stats) {
			rep.Report(progress.Update{Stage: "backup.restore", Done: s.RestoredTotalFileSize, Total: total})
		},
	})
	if err != nil {
		return nil, err
	}
	return &RestoreResult{Files: int64(st.RestoredFileCount), Dirs: int64(st.RestoredDirCount), Bytes: st.RestoredTotalFileSize}, nil
}

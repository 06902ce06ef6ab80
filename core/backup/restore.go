package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"

	kfs "github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/snapshot/restore"
	"github.com/kopia/kopia/snapshot/snapshotfs"

	"github.com/kinko-jp/kinko/core/progress"
)

// ErrTargetExists: a restore was pointed at a place that already holds
// something; restores never overwrite silently.
var ErrTargetExists = errors.New("backup: restore target exists")

// ErrNoPath: the snapshot holds nothing at the given path.
var ErrNoPath = errors.New("backup: no such path in the snapshot")

// partInfix names the folder (or file) a restore writes before it is
// complete: "<target>.kinko-part-<random>", beside the target so the last
// step is a rename on one volume.
const partInfix = ".kinko-part-"

// RestoreResult says what a restore wrote.
type RestoreResult struct {
	Files int64 `json:"files"`
	Dirs  int64 `json:"dirs"`
	Bytes int64 `json:"bytes"`
}

// Restore writes the entry at rel (slash-separated inside the snapshot;
// "" for all of it) of snapshot id to target, which must not exist yet
// (ErrTargetExists). Everything is written to a sibling part folder,
// fsynced, and renamed to target only when complete: a cancelled
// (ctx.Err()) or failed restore (ErrDestinationGone when the drive went
// away) leaves nothing at target and removes the part. Progress: stage "backup.restore", bytes of the total size.
//
// The data is read through a connection without a local cache
// (Repo.uncached), so a restore does not copy the repository to this PC.
func (r *Repo) Restore(ctx context.Context, id, rel, target string, rep progress.Reporter) (*RestoreResult, error) {
	rep = progress.OrNoop(rep)
	if err := absent(target); err != nil {
		return nil, err
	}
	m, err := r.load(ctx, id)
	if err != nil {
		return nil, err
	}
	rd, err := r.uncached(ctx)
	if err != nil {
		return nil, err
	}
	defer r.closeUncached(context.WithoutCancel(ctx), rd)
	root, err := snapshotfs.SnapshotRoot(rd, m)
	if err != nil {
		return nil, err
	}
	ent, err := findEntry(ctx, root, rel)
	if err != nil {
		return nil, err
	}
	part, err := partName(target)
	if err != nil {
		return nil, err
	}
	res, err := restoreTo(ctx, rd, ent, part, rep)
	if err == nil {
		err = syncTree(part)
	}
	if err == nil {
		err = finish(part, target)
	}
	if err != nil {
		removeTree(part)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if r.gone() {
			return nil, ErrDestinationGone
		}
		return nil, err
	}
	return res, nil
}

// absent returns ErrTargetExists when something is at target.
func absent(target string) error {
	if _, err := os.Lstat(target); err == nil {
		return ErrTargetExists
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// partName returns a fresh part name for target.
func partName(target string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Clean(target) + partInfix + hex.EncodeToString(b[:]), nil
}

// finish renames the complete part to target, unless something appeared
// there meanwhile (a rename would replace a file silently).
func finish(part, target string) error {
	if err := absent(target); err != nil {
		return err
	}
	return os.Rename(part, target)
}

// restoreTo writes ent to dst with Kopia's restore. Files are written
// straight into dst (the part folder: no temporary file per file); on
// Linux they are not fsynced one by one but the caller syncs the whole
// part at once (syncTree) before renaming it into place; elsewhere each
// is fsynced as written (flushEach).
func restoreTo(ctx context.Context, rd repo.Repository, ent kfs.Entry, dst string, rep progress.Reporter) (*RestoreResult, error) {
	total := ent.Size()
	if d, ok := ent.(kfs.DirectoryWithSummary); ok {
		if s, err := d.Summary(ctx); err == nil && s != nil {
			total = s.TotalFileSize
		}
	}
	out := &cancellableOutput{FilesystemOutput: &restore.FilesystemOutput{TargetPath: dst, FlushFiles: flushEach}}
	if err := out.Init(ctx); err != nil {
		return nil, err
	}
	cancel := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { close(cancel) })
	defer stop()
	st, err := restore.Entry(ctx, rd, out, ent, restore.Options{
		RestoreDirEntryAtDepth: math.MaxInt32,
		Cancel:                 cancel,
		ProgressCallback: func(ctx context.Context, s restore.Stats) {
			rep.Report(progress.Update{Stage: "backup.restore", Done: s.RestoredTotalFileSize, Total: total})
		},
	})
	if err == nil {
		err = ctx.Err() // Kopia stops quietly on Cancel
	}
	if err != nil {
		return nil, err
	}
	return &RestoreResult{Files: int64(st.RestoredFileCount), Dirs: int64(st.RestoredDirCount), Bytes: st.RestoredTotalFileSize}, nil
}

// cancellableOutput is Kopia's filesystem output whose file reads stop
// when the restore's context ends, so a cancel does not wait for a large
// file to finish.
type cancellableOutput struct {
	*restore.FilesystemOutput
}

// WriteFile writes f, reading it through a reader that checks ctx.
func (o *cancellableOutput) WriteFile(ctx context.Context, rel string, f kfs.File, cb restore.FileWriteProgress) error {
	return o.FilesystemOutput.WriteFile(ctx, rel, ctxFile{File: f, ctx: ctx}, cb)
}

// ctxFile opens readers that fail once ctx ends.
type ctxFile struct {
	kfs.File
	ctx context.Context
}

// Open opens the snapshot file.
func (f ctxFile) Open(ctx context.Context) (kfs.Reader, error) {
	rd, err := f.File.Open(ctx)
	if err != nil {
		return nil, err
	}
	return ctxReader{Reader: rd, ctx: f.ctx}, nil
}

// ctxReader is a kfs.Reader that returns ctx's error once it ends.
type ctxReader struct {
	kfs.Reader
	ctx context.Context
}

// Read reads unless the restore was cancelled.
func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.Reader.Read(p)
}

// removeTree removes path and everything under it. When os.RemoveAll
// fails (Wine lacks the delete it uses first), entries are removed one by
// one, deepest first.
func removeTree(path string) {
	if os.RemoveAll(path) == nil {
		return
	}
	var all []string
	filepath.WalkDir(path, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			all = append(all, p)
		}
		return nil
	})
	sort.Sort(sort.Reverse(sort.StringSlice(all)))
	for _, p := range all {
		os.Remove(p)
	}
}

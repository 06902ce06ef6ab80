package backup

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/repo/content"
	"github.com/kopia/kopia/repo/content/indexblob"
	"github.com/kopia/kopia/repo/maintenance"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
	"github.com/kopia/kopia/snapshot/snapshotfs"
	"github.com/kopia/kopia/snapshot/snapshotgc"
)

// ErrBusy: a backup is being written to this repository (by another PC
// or process), or maintenance is running in this process; Purge did not
// drop content. Try again later (the app keeps the purge pending).
var ErrBusy = errors.New("backup: the repository is busy")

// activeWriterWindow: a write session whose marker is younger than this
// is taken as a backup in progress. Kopia's uploader commits its session
// at every checkpoint (45 minutes) and starts a new one, so a live
// session's marker is never older.
const activeWriterWindow = 2 * time.Hour

// PurgeResult says what Purge changed: how many snapshots were rewritten
// and how many file entries were removed (a file kept unchanged in many
// snapshots counts once).
type PurgeResult struct {
	Rewritten int `json:"rewritten"`
	Removed   int `json:"removed"`
}

// Purge makes an erasure reach the backups: every snapshot of every
// source that holds a file (not a folder) whose base name is in names
// (vault blobs are blobs/<id>) is rewritten without it, the old manifests
// are deleted, and the content no snapshot references any more is
// dropped from the repository at once. Afterwards no snapshot yields the
// files and no pack file on the destination holds their content.
//
// Dropping at once means Kopia's safety margins are off
// (maintenance.SafetyNone): they exist so that garbage collection can run
// while other clients write snapshots. Here the app is the only Kopia
// client of the destination, and Purge refuses with ErrBusy while any
// write session is younger than activeWriterWindow; the remaining risk
// is a run stalled for longer than that which then resumes — its
// snapshot would miss content, which the next Verify reports. Another
// connection kept open across the purge must reopen (its index is
// stale). Purge is idempotent: a purge interrupted (unplugged) is
// finished by calling it again.
func (r *Repo) Purge(ctx context.Context, names []string) (*PurgeResult, error) {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	res, err := r.rewriteWithout(ctx, set)
	if err != nil {
		return nil, err
	}
	if err := r.dropUnreferenced(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// rewriteWithout rewrites every snapshot without the files named in set.
func (r *Repo) rewriteWithout(ctx context.Context, set map[string]bool) (*PurgeResult, error) {
	res := &PurgeResult{}
	var removed atomic.Int64
	err := repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "kinko purge"},
		func(ctx context.Context, w repo.RepositoryWriter) error {
			rw, err := snapshotfs.NewDirRewriter(ctx, w, snapshotfs.DirRewriterOptions{
				RewriteEntry: func(_ context.Context, _ string, e *snapshot.DirEntry) (*snapshot.DirEntry, error) {
					if e.Type != snapshot.EntryTypeDirectory && set[e.Name] {
						removed.Add(1)
						return nil, nil
					}
					return e, nil
				},
				// A folder that cannot be read may hold the files: fail
				// rather than keep it (Verify names such folders).
				OnDirectoryReadFailure: snapshotfs.RewriteFail,
			})
			if err != nil {
				return err
			}
			defer rw.Close(ctx)
			res.Rewritten, err = rewriteAll(ctx, w, rw)
			return err
		})
	res.Removed = int(removed.Load())
	return res, err
}

// rewriteAll passes every snapshot through rw and replaces the changed
// ones (new manifest saved, old one deleted).
func rewriteAll(ctx context.Context, w repo.RepositoryWriter, rw *snapshotfs.DirRewriter) (int, error) {
	ids, err := snapshot.ListSnapshotManifests(ctx, w, nil, nil)
	if err != nil {
		return 0, err
	}
	mans, err := snapshot.LoadSnapshots(ctx, w, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, group := range snapshot.GroupBySource(mans) {
		tree, err := policy.TreeForSource(ctx, w, group[0].Source)
		if err != nil {
			return n, err
		}
		comp := tree.EffectivePolicy().MetadataCompressionPolicy.MetadataCompressor()
		for _, m := range group {
			changed, err := rw.RewriteSnapshotManifest(ctx, m, comp)
			if err != nil {
				return n, err
			}
			if !changed {
				continue
			}
			if err := snapshot.UpdateSnapshot(ctx, w, m); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// dropUnreferenced removes every content no snapshot references from
// the repository now, under Kopia's maintenance lock and as the
// maintenance owner.
func (r *Repo) dropUnreferenced(ctx context.Context) error {
	return r.exclusive(ctx, maintenance.ModeFull, func(ctx context.Context, w repo.DirectRepositoryWriter, rp maintenance.RunParameters) error {
		if err := othersWriting(ctx, w); err != nil {
			return err
		}
		return dropNow(ctx, w, rp.MaintenanceStartTime)
	})
}

// othersWriting returns ErrBusy when the repository has a recent write
// session: a backup in progress on another PC, or in another process of
// this one (the CLI beside the window). This session has written no pack
// yet, so it has no marker. A run that crashed leaves its marker behind;
// the purge then waits activeWriterWindow.
func othersWriting(ctx context.Context, w repo.DirectRepositoryWriter) error {
	sessions, err := w.ContentManager().ListActiveSessions(ctx)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if w.Time().Sub(s.CheckpointTime) < activeWriterWindow {
			return ErrBusy
		}
	}
	return nil
}

// dropNow is garbage collection without safety margins, in an order
// that leaves no copy behind: mark unreferenced content deleted; drop
// deleted content from the index; move the live content out of every
// pack file that also holds anything else (Kopia's own full maintenance
// may copy deleted content into new packs, and a pack's own index still
// lists what the repository index forgot); delete the pack files no
// index entry references.
func dropNow(ctx context.Context, w repo.DirectRepositoryWriter, start time.Time) error {
	if err := snapshotgc.Run(ctx, w, true, maintenance.SafetyNone, start); err != nil {
		return err
	}
	_, err := w.ContentManager().CompactIndexes(ctx, indexblob.CompactOptions{
		AllIndexes:                       true,
		DropDeletedBefore:                w.Time().Add(time.Second),
		DisableEventualConsistencySafety: true,
	})
	if err != nil {
		return err
	}
	if err := evacuate(ctx, w); err != nil {
		return err
	}
	_, err = maintenance.DeleteUnreferencedPacks(ctx, w, maintenance.DeleteUnreferencedPacksOptions{
		NotAfterTime: w.Time(),
	}, maintenance.SafetyNone)
	return err
}

// evacuate rewrites into new packs the live content of every pack file
// that holds dead content, so those packs end up referenced by nothing
// and the next deletion of unreferenced packs removes them.
func evacuate(ctx context.Context, w repo.DirectRepositoryWriter) error {
	cm := w.ContentManager()
	var live []content.ID
	for _, prefix := range content.PackBlobIDPrefixes {
		err := w.BlobReader().ListBlobs(ctx, prefix, func(m blob.Metadata) error {
			ids, dirty, err := packContents(ctx, cm, m)
			if dirty {
				live = append(live, ids...)
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	for _, id := range live {
		if err := cm.RewriteContent(ctx, id); err != nil {
			return err
		}
	}
	return cm.Flush(ctx)
}

// packContents reads pack m's own index and returns the contents the
// repository index places there as live, and whether the pack holds
// content the index does not place there at all (dropped, or a stale
// copy). Content marked deleted but still indexed makes no pack dirty:
// it is dropped later, and only then may its pack go. A pack of another
// PC's backup in progress holds nothing the index places there, so
// nothing of it is rewritten.
func packContents(ctx context.Context, cm *content.WriteManager, m blob.Metadata) (live []content.ID, dirty bool, err error) {
	infos, err := cm.RecoverIndexFromPackBlob(ctx, m.BlobID, m.Length, false)
	if err != nil {
		return nil, false, err
	}
	for _, pi := range infos {
		ci, err := cm.ContentInfo(ctx, pi.ContentID)
		switch {
		case err != nil || ci.PackBlobID != m.BlobID:
			dirty = true // forgotten by the index, or a stale copy
		case !ci.Deleted:
			live = append(live, pi.ContentID)
		}
	}
	return live, dirty, nil
}

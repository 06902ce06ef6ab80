package backup

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/repo/content"
	"github.com/kopia/kopia/repo/maintenance"
	"github.com/kopia/kopia/repo/manifest"
	"github.com/kopia/kopia/repo/object"
	"github.com/kopia/kopia/snapshot"
)

// NoMaintenanceSafety makes Maintain collect garbage at once (as Purge
// does) for the rest of the test, so a test can see the repository
// shrink without waiting Kopia's safety day.
func NoMaintenanceSafety(t *testing.T) {
	old := maintenanceSafety
	maintenanceSafety = maintenance.SafetyNone
	t.Cleanup(func() { maintenanceSafety = old })
}

// Backdate replaces snapshot id with copies of it started at each of
// times (a history of days the test cannot wait for) and returns their
// ids.
func Backdate(ctx context.Context, r *Repo, id string, times []time.Time) ([]string, error) {
	m, err := r.load(ctx, id)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "test backdate"},
		func(ctx context.Context, w repo.RepositoryWriter) error {
			for _, at := range times {
				c := m.Clone()
				c.ID = ""
				c.StartTime = fs.UTCTimestampFromTime(at)
				c.EndTime = fs.UTCTimestampFromTime(at.Add(time.Minute))
				nid, err := snapshot.SaveSnapshot(ctx, w, c)
				if err != nil {
					return err
				}
				ids = append(ids, string(nid))
			}
			return w.DeleteManifest(ctx, manifest.ID(id))
		})
	return ids, err
}

// Forget deletes snapshot id's manifest (its content stays until
// maintenance collects it).
func Forget(ctx context.Context, r *Repo, id string) error {
	return repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "test forget"},
		func(ctx context.Context, w repo.RepositoryWriter) error {
			return w.DeleteManifest(ctx, manifest.ID(id))
		})
}

// ContentCounts counts the index's live and deleted contents.
func ContentCounts(ctx context.Context, r *Repo) (live, deleted int, err error) {
	dr, err := r.direct()
	if err != nil {
		return 0, 0, err
	}
	err = dr.ContentReader().IterateContents(ctx, content.IterateOptions{IncludeDeleted: true}, func(ci content.Info) error {
		if ci.Deleted {
			deleted++
		} else {
			live++
		}
		return nil
	})
	return live, deleted, err
}

// Plaintexts decrypts every content of the index (deleted ones included)
// and passes its plaintext to see. With packs, it first checks every pack
// file's own index, so content dropped from the index but still in a
// pack (or in a pack of a backup in progress) is returned as an error.
func Plaintexts(ctx context.Context, r *Repo, packs bool, see func([]byte)) (n int, err error) {
	dr, err := r.direct()
	if err != nil {
		return 0, err
	}
	err = repo.DirectWriteSession(ctx, dr, repo.WriteSessionOptions{Purpose: "test plaintexts"},
		func(ctx context.Context, w repo.DirectRepositoryWriter) error {
			cm := w.ContentManager()
			if packs {
				if err := leftovers(ctx, w); err != nil {
					return err
				}
			}
			return cm.IterateContents(ctx, content.IterateOptions{IncludeDeleted: true}, func(ci content.Info) error {
				b, err := cm.GetContent(ctx, ci.ContentID)
				if err != nil {
					return err
				}
				n++
				see(b)
				return nil
			})
		})
	return n, err
}

// leftovers fails when a pack file lists a content that the index does
// not place at that pack.
func leftovers(ctx context.Context, w repo.DirectRepositoryWriter) error {
	cm := w.ContentManager()
	for _, prefix := range content.PackBlobIDPrefixes {
		err := w.BlobReader().ListBlobs(ctx, prefix, func(m blob.Metadata) error {
			infos, err := cm.RecoverIndexFromPackBlob(ctx, m.BlobID, m.Length, false)
			if err != nil {
				return err
			}
			for _, pi := range infos {
				ci, err := cm.ContentInfo(ctx, pi.ContentID)
				if err != nil || ci.PackBlobID != m.BlobID {
					return fmt.Errorf("pack %s holds content %s the index does not place there (%v)", m.BlobID, pi.ContentID, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// HoldSession starts a write session on r and writes 21 MiB of random
// data, more than a pack holds, so a pack and the session's marker are on
// the destination: a backup in progress. release commits it.
func HoldSession(ctx context.Context, r *Repo) (release func() error, err error) {
	dr, err := r.direct()
	if err != nil {
		return nil, err
	}
	wctx, w, err := dr.NewDirectWriter(ctx, repo.WriteSessionOptions{Purpose: "test hold"})
	if err != nil {
		return nil, err
	}
	ow := w.NewObjectWriter(wctx, object.WriterOptions{})
	buf := make([]byte, 1<<20)
	for range 21 {
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		if _, err := ow.Write(buf); err != nil {
			return nil, err
		}
	}
	return func() error {
		if _, err := ow.Result(); err != nil {
			return err
		}
		ow.Close()
		if err := w.Flush(wctx); err != nil {
			return err
		}
		return w.Close(wctx)
	}, nil
}

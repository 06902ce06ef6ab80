package backup

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"path"
	"sort"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/repo/content"
	"github.com/kopia/kopia/repo/object"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/snapshotfs"

	"github.com/kinko-jp/kinko/core/progress"
)

// ErrDamaged: Verify found content that is missing or does not decrypt
// (bit rot, a truncated or deleted pack file); the report names the
// affected files.
var ErrDamaged = errors.New("backup: the repository is damaged")

// Reasons a file is damaged (Damage.Reason), stable codes the app
// translates.
const (
	// DamageMissing: a pack file holding the file's content is gone.
	DamageMissing = "missing"
	// DamageTruncated: a pack file is shorter than the index says.
	DamageTruncated = "truncated"
	// DamageCorrupt: the content does not decrypt (its authentication
	// fails): bits changed on the destination.
	DamageCorrupt = "corrupt"
	// DamageFolder: a folder listing cannot be read, so nothing under it
	// can be restored from this snapshot.
	DamageFolder = "folder_unreadable"
)

// Damage is one damaged file (or folder) of one snapshot. Path is
// slash-separated inside the snapshot.
type Damage struct {
	Snapshot string `json:"snapshot"`
	Source   string `json:"source"`
	Path     string `json:"path"`
	Reason   string `json:"reason"`
}

// VerifyReport says what Verify looked at. Files and Bytes count the
// distinct files read back in full (a file kept unchanged in many
// snapshots is read once); Checked counts the distinct files whose pack
// files were checked to exist at their full length (all of them).
type VerifyReport struct {
	Snapshots int      `json:"snapshots"`
	Checked   int64    `json:"checked"`
	Files     int64    `json:"files"`
	Bytes     int64    `json:"bytes"`
	Damaged   []Damage `json:"damaged,omitempty"`
}

// Verify checks every snapshot in the repository. For every distinct file
// and folder it checks that the pack files holding its content exist and
// are long enough (cheap: the index and a listing of the destination);
// it reads back and decrypts a random fraction of the files in full
// (fraction 1: all, the monthly and on-demand full verify; 0.02: the
// sample after every run). Progress: stage "backup.verify", bytes read of
// the sample's size.
//
// Damaged files are listed by snapshot, source and path, and ErrDamaged
// is returned with the report. Caveat: content this PC read within
// Kopia's data-cache sweep age (10 minutes) may be served from the local
// cache (which is authenticated), so a flip made on the destination
// after such a read is found by the next verify, not this one.
func (r *Repo) Verify(ctx context.Context, fraction float64, rep progress.Reporter) (*VerifyReport, error) {
	rep = progress.OrNoop(rep)
	mans, err := r.allSnapshots(ctx)
	if err != nil {
		return nil, err
	}
	v := &verifier{r: r, objects: map[object.ID]int64{}, seenDirs: map[object.ID]bool{}, bad: map[object.ID]string{}}
	out := &VerifyReport{Snapshots: len(mans)}
	for _, m := range mans {
		if err := v.collect(ctx, m); err != nil {
			return nil, err
		}
	}
	if err := v.checkPacks(ctx); err != nil {
		return nil, err
	}
	out.Checked = int64(len(v.objects))
	if err := v.readSample(ctx, fraction, out, rep); err != nil {
		return nil, err
	}
	if len(v.bad) == 0 && v.badDirs == 0 {
		return out, nil
	}
	if err := v.nameAll(ctx, mans, out); err != nil {
		return nil, err
	}
	return out, ErrDamaged
}

// allSnapshots loads every snapshot manifest of every source.
func (r *Repo) allSnapshots(ctx context.Context) ([]*snapshot.Manifest, error) {
	ids, err := snapshot.ListSnapshotManifests(ctx, r.rep, nil, nil)
	if err != nil {
		return nil, err
	}
	return snapshot.LoadSnapshots(ctx, r.rep, ids)
}

// verifier holds one Verify run's state: the distinct file objects of all
// snapshots with their sizes, the folders already walked, and what was
// found damaged.
type verifier struct {
	r        *Repo
	objects  map[object.ID]int64 // file objects
	seenDirs map[object.ID]bool  // folder objects
	bad      map[object.ID]string
	badDirs  int // folders that could not be listed
}

// visitFunc sees a file or folder (broken false) or a folder that cannot
// be listed (broken true) with its slash path in the snapshot.
type visitFunc func(e fs.Entry, p string, broken bool)

// collect walks snapshot m and records its file objects. A folder whose
// object was walked already (unchanged between snapshots) is skipped.
func (v *verifier) collect(ctx context.Context, m *snapshot.Manifest) error {
	root, err := snapshotfs.SnapshotRoot(v.r.rep, m)
	if err != nil {
		return err
	}
	return v.walk(ctx, root, "", func(e fs.Entry, _ string, broken bool) {
		switch {
		case broken:
			v.badDirs++
		case !e.IsDir():
			v.objects[oidOf(e)] = e.Size()
		}
	}, true)
}

// walk calls visit for every file and folder under e (itself included)
// and again for every folder that cannot be listed. skipSeen skips
// folders walked before (marking them in seenDirs). Only ctx errors stop
// the walk.
func (v *verifier) walk(ctx context.Context, e fs.Entry, p string, visit visitFunc, skipSeen bool) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	d, ok := e.(fs.Directory)
	if !ok {
		if oidOf(e) != (object.ID{}) {
			visit(e, p, false)
		}
		return nil
	}
	if skipSeen {
		if v.seenDirs[oidOf(e)] {
			return nil
		}
		v.seenDirs[oidOf(e)] = true
	}
	visit(e, p, false)
	err := fs.IterateEntries(ctx, d, func(ctx context.Context, c fs.Entry) error {
		return v.walk(ctx, c, path.Join(p, c.Name()), visit, skipSeen)
	})
	if err != nil && ctx.Err() == nil {
		visit(e, p, true)
		return nil
	}
	return err
}

// oidOf is the object id of a snapshot entry.
func oidOf(e fs.Entry) object.ID {
	if h, ok := e.(object.HasObjectID); ok {
		return h.ObjectID()
	}
	return object.ID{}
}

// checkPacks checks, for every file and folder object, that each of its
// contents is in the index and that its pack file exists and is long
// enough. (A folder listing may still be served from this PC's metadata
// cache; its packs on the destination are checked here.)
func (v *verifier) checkPacks(ctx context.Context) error {
	dr, err := v.r.direct()
	if err != nil {
		return err
	}
	sizes := map[blob.ID]int64{}
	for _, prefix := range content.PackBlobIDPrefixes {
		err := dr.BlobReader().ListBlobs(ctx, prefix, func(m blob.Metadata) error {
			sizes[m.BlobID] = m.Length
			return nil
		})
		if err != nil {
			return err
		}
	}
	for oid := range v.objects {
		v.checkObject(ctx, oid, sizes)
	}
	for oid := range v.seenDirs {
		v.checkObject(ctx, oid, sizes)
	}
	return ctx.Err()
}

// checkObject records oid as damaged when its packs are unusable.
func (v *verifier) checkObject(ctx context.Context, oid object.ID, sizes map[blob.ID]int64) {
	if ctx.Err() != nil {
		return
	}
	if reason := v.packReason(ctx, oid, sizes); reason != "" {
		v.bad[oid] = reason
	}
}

// packReason returns why oid's packs are unusable, or "".
func (v *verifier) packReason(ctx context.Context, oid object.ID, sizes map[blob.ID]int64) string {
	cids, err := v.r.rep.VerifyObject(ctx, oid)
	if err != nil {
		return reasonOf(err)
	}
	for _, cid := range cids {
		ci, err := v.r.rep.ContentInfo(ctx, cid)
		if err != nil {
			return reasonOf(err)
		}
		n, ok := sizes[ci.PackBlobID]
		switch {
		case !ok:
			return DamageMissing
		case int64(ci.PackOffset)+int64(ci.PackedLength) > n:
			return DamageTruncated
		}
	}
	return ""
}

// reasonOf maps a read error to a damage reason.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, blob.ErrBlobNotFound), errors.Is(err, content.ErrContentNotFound):
		return DamageMissing
	case errors.Is(err, blob.ErrInvalidRange):
		return DamageTruncated
	}
	return DamageCorrupt
}

// readSample reads back a fraction of the file objects not already found
// damaged, in full.
func (v *verifier) readSample(ctx context.Context, fraction float64, out *VerifyReport, rep progress.Reporter) error {
	var pick []object.ID
	var total int64
	for oid, size := range v.objects {
		if _, bad := v.bad[oid]; !bad && (fraction >= 1 || rand.Float64() < fraction) {
			pick = append(pick, oid)
			total += size
		}
	}
	rep.Report(progress.Update{Stage: "backup.verify", Total: total})
	for _, oid := range pick {
		n, err := v.read(ctx, oid)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			v.bad[oid] = reasonOf(err)
		}
		out.Files++
		out.Bytes += n
		rep.Report(progress.Update{Stage: "backup.verify", Done: out.Bytes, Total: total})
	}
	return nil
}

// read reads object oid to its end, decrypting and authenticating every
// content on the way.
func (v *verifier) read(ctx context.Context, oid object.ID) (int64, error) {
	rd, err := v.r.rep.OpenObject(ctx, oid)
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	return io.Copy(io.Discard, rd)
}

// nameAll lists the damaged files and folders of every snapshot, sorted
// by snapshot and path.
func (v *verifier) nameAll(ctx context.Context, mans []*snapshot.Manifest, out *VerifyReport) error {
	for _, m := range mans {
		if err := v.name(ctx, m, out); err != nil {
			return err
		}
	}
	sort.Slice(out.Damaged, func(i, j int) bool {
		a, b := out.Damaged[i], out.Damaged[j]
		if a.Snapshot != b.Snapshot {
			return a.Snapshot < b.Snapshot
		}
		return a.Path < b.Path
	})
	return nil
}

// name walks snapshot m again and lists every damaged file and folder in
// it (a folder once, with the first reason found).
func (v *verifier) name(ctx context.Context, m *snapshot.Manifest, out *VerifyReport) error {
	root, err := snapshotfs.SnapshotRoot(v.r.rep, m)
	if err != nil {
		return err
	}
	named := map[string]bool{}
	return v.walk(ctx, root, "", func(e fs.Entry, p string, broken bool) {
		reason, ok := v.bad[oidOf(e)]
		if broken {
			reason, ok = DamageFolder, true
		}
		if ok && !named[p] {
			named[p] = true
			out.Damaged = append(out.Damaged, Damage{Snapshot: string(m.ID), Source: m.Source.Path, Path: p, Reason: reason})
		}
	}, false)
}

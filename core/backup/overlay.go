package backup

import (
	"context"
	"path"
	"strings"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/snapshot"
)

// A watcher-informed run (Source.Changed non-nil) uploads an overlay of
// the source instead of the folder itself: a folder the watcher named, or
// one on the way to it, is listed from disk (it may have gained or lost
// children); any other folder that the previous snapshot holds is taken
// from it as it is, without being listed or opened. A quiet day's run thus
// lists a few folders, not the whole tree.
//
// A folder the previous snapshot lacks (created or moved in since) is read
// from disk with everything under it; a folder whose previous copy has
// files that could not be read (locked, vanished) is read again so they
// get another chance. The caller collects Changed from the moment the
// previous run started, so a file written during that run is listed.

// changePlan says which folders of a source are read from disk.
type changePlan struct {
	listed map[string]bool // the watcher's folders
	ways   map[string]bool // their ancestors, listed to reach them
}

// newPlan makes the plan of changed (slash paths relative to the source,
// "" or "." for the top).
func newPlan(changed []string) *changePlan {
	p := &changePlan{listed: map[string]bool{}, ways: map[string]bool{}}
	for _, c := range changed {
		c = cleanRel(c)
		p.listed[c] = true
		for c != "" {
			c = parentRel(c)
			p.ways[c] = true
		}
	}
	return p
}

// read reports whether the folder rel is listed from disk.
func (p *changePlan) read(rel string) bool { return p.listed[rel] || p.ways[rel] }

// cleanRel turns a slash path into the form the plan uses ("" for the top).
func cleanRel(rel string) string {
	return strings.Trim(path.Clean("/"+strings.ReplaceAll(rel, `\`, "/")), "/")
}

// parentRel is rel's parent folder ("" for the top).
func parentRel(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

// joinRel is dir/name, or name when dir is the top.
func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// dirReadHook, when set (tests), is called with every folder of the
// source the overlay lists from disk.
var dirReadHook func(rel string)

// overlay returns the entry to upload for the source folder local: local
// itself when there is no plan or nothing to reuse, else the overlay.
func overlay(local fs.Directory, plan *changePlan, prev fs.Directory) fs.Directory {
	if plan == nil || prev == nil {
		return &diskDir{Directory: local, rel: "", plan: nil}
	}
	return child(local, "", plan, prev)
}

// child decides how the folder rel (local, listed in its parent) is
// uploaded: reused from prev, or read from disk.
func child(local fs.Directory, rel string, plan *changePlan, prev fs.Directory) fs.Directory {
	if plan == nil || prev == nil || plan.read(rel) {
		return &diskDir{Directory: local, rel: rel, plan: plan, prev: prev}
	}
	de := reusable(prev)
	if de == nil {
		return &diskDir{Directory: local, rel: rel, plan: plan, prev: prev}
	}
	return &reusedDir{Directory: local, de: de}
}

// reusable returns the previous snapshot's entry of a folder that can be
// taken as it is: nil when it had unreadable files.
func reusable(prev fs.Directory) *snapshot.DirEntry {
	h, ok := prev.(snapshot.HasDirEntry)
	if !ok {
		return nil
	}
	de := h.DirEntry()
	if de == nil || de.DirSummary == nil || de.DirSummary.FatalErrorCount > 0 {
		return nil
	}
	return de
}

// diskDir is a folder listed from disk. With a plan, its sub-folders are
// themselves diskDirs or reusedDirs; without one (a full scan or a folder
// new since the previous snapshot) everything under it is read.
type diskDir struct {
	fs.Directory
	rel  string
	plan *changePlan
	prev fs.Directory // the same folder in the previous snapshot, or nil
}

// Iterate lists the folder from disk and wraps its sub-folders.
func (d *diskDir) Iterate(ctx context.Context) (fs.DirectoryIterator, error) {
	if dirReadHook != nil {
		dirReadHook(d.rel)
	}
	it, err := d.Directory.Iterate(ctx)
	if err != nil {
		return nil, err
	}
	return &diskIter{DirectoryIterator: it, d: d}, nil
}

// Child finds name on disk and wraps it as Iterate does.
func (d *diskDir) Child(ctx context.Context, name string) (fs.Entry, error) {
	e, err := d.Directory.Child(ctx, name)
	if err != nil {
		return nil, err
	}
	return d.wrap(ctx, e), nil
}

// wrap turns a sub-folder e into a diskDir or reusedDir.
func (d *diskDir) wrap(ctx context.Context, e fs.Entry) fs.Entry {
	sub, ok := e.(fs.Directory)
	if !ok {
		return e
	}
	rel := joinRel(d.rel, e.Name())
	var prev fs.Directory
	if d.prev != nil {
		if p, err := d.prev.Child(ctx, e.Name()); err == nil {
			prev, _ = p.(fs.Directory)
		}
	}
	return child(sub, rel, d.plan, prev)
}

// diskIter wraps the sub-folders a diskDir lists.
type diskIter struct {
	fs.DirectoryIterator
	d *diskDir
}

// Next returns the next entry, a sub-folder wrapped.
func (it *diskIter) Next(ctx context.Context) (fs.Entry, error) {
	e, err := it.DirectoryIterator.Next(ctx)
	if e == nil || err != nil {
		return e, err
	}
	return it.d.wrap(ctx, e), nil
}

// reusedDir is a folder taken from the previous snapshot: Kopia's
// uploader takes its entry (DirEntryOrNil) instead of listing it. The
// entry keeps the folder's own metadata from its parent's listing and the
// previous contents and summary.
type reusedDir struct {
	fs.Directory
	de *snapshot.DirEntry
}

// DirEntryOrNil returns the previous snapshot's entry with the folder's
// current name, mode and time.
func (d *reusedDir) DirEntryOrNil(context.Context) (*snapshot.DirEntry, error) {
	de := d.de.Clone()
	de.Name = d.Name()
	de.Permissions = snapshot.Permissions(d.Mode() & fs.ModBits)
	de.ModTime = fs.UTCTimestampFromTime(d.ModTime())
	de.FileSize = de.DirSummary.TotalFileSize
	return de, nil
}

// Iterate would list the folder from disk; the uploader never calls it
// (DirEntryOrNil answers first), and a test hook would see it if it did.
func (d *reusedDir) Iterate(ctx context.Context) (fs.DirectoryIterator, error) {
	if dirReadHook != nil {
		dirReadHook("reused:" + d.Name())
	}
	return d.Directory.Iterate(ctx)
}

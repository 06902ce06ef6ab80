package backup

import (
	"context"
	"sort"
	"time"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/snapshot/snapshotfs"
)

// Entry is one file or folder of a snapshot, as the restore browser
// shows it.
type Entry struct {
	Name     string    `json:"name"`
	Dir      bool      `json:"dir"`
	Size     int64     `json:"size"` // a folder's: all files under it
	Modified time.Time `json:"modified"`
}

// List returns the folder dir (slash-separated, "" for the top) of
// snapshot id: folders first, then files, each by name. ErrNoSnapshot,
// or ErrNoPath when dir is not a folder of it.
func (r *Repo) List(ctx context.Context, id, dir string) ([]Entry, error) {
	m, err := r.load(ctx, id)
	if err != nil {
		return nil, err
	}
	root, err := snapshotfs.SnapshotRoot(r.rep, m)
	if err != nil {
		return nil, err
	}
	e, err := findEntry(ctx, root, dir)
	if err != nil {
		return nil, err
	}
	d, ok := e.(fs.Directory)
	if !ok {
		return nil, ErrNoPath
	}
	var out []Entry
	err = fs.IterateEntries(ctx, d, func(_ context.Context, c fs.Entry) error {
		out = append(out, Entry{Name: c.Name(), Dir: c.IsDir(), Size: c.Size(), Modified: c.ModTime()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

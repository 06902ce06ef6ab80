package backup

import (
	"context"
	"errors"
	"io"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/kopia/kopia/fs"
	"github.com/kopia/kopia/repo/object"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/snapshotfs"
)

// Thresholds of the ransomware guard. Ransomware encrypts many files in
// one go: their content changes, turns into random-looking bytes, and
// is often renamed (".locked", ".encrypted"). An office's ordinary day
// edits a few percent of its files, so:
const (
	// MassChangeShare: a run that changed, removed or renamed at least
	// this share of the previous snapshot's files changed "at once"
	// (a normal day is well under 10%). Files moved with their content
	// unchanged do not count.
	MassChangeShare = 0.20
	// HighEntropyShare: at least this share of the sampled changed or
	// added files look encrypted. Office text (CSV, text, databases)
	// sits far below; encrypted data at 8 bits per byte.
	HighEntropyShare = 0.50
	// HighEntropyBits: Shannon entropy per byte above which a sample looks
	// encrypted or compressed. Compressed types (NeverCompress) are not
	// sampled, since a ZIP is as random as an encrypted file.
	HighEntropyBits = 7.5
	// MassRenameShare: at least this share of the previous snapshot's
	// files were renamed (the same folder with a new extension, or a
	// removed and an added file of the same size).
	MassRenameShare = 0.20
	// MinGuardFiles: sources with fewer files are not flagged for their
	// share of changes alone (editing 3 of 10 files is an ordinary day).
	MinGuardFiles = 20
	// entropySample is how much of a file's start is read to measure
	// entropy; files shorter than minEntropySample are not judged (too
	// few bytes for a stable estimate).
	entropySample    = 64 << 10
	minEntropySample = 1 << 10
	// maxEntropySamples caps the files read per assessment.
	maxEntropySamples = 2000
)

// Reasons of an assessment, stable codes the app translates.
const (
	ReasonMassChange  = "mass_change"
	ReasonHighEntropy = "high_entropy"
	ReasonMassRename  = "mass_rename"
)

// ErrOtherSource: Assess was given snapshots of two different sources.
var ErrOtherSource = errors.New("backup: the snapshots are of different sources")

// Assessment compares a snapshot with the previous one of its source.
// Total counts the previous snapshot's files; Changed the files at the
// same path with other content; Added and Removed the others; Moved the
// added files with the content of a removed one; Renamed the other added
// files matched to removed ones; HighEntropy the sampled changed or
// added files that look encrypted (of Sampled). Reasons lists every
// threshold crossed; Flagged is set when the changes are massive and
// either look encrypted or renamed, and then LastGood names prev, the
// newest snapshot known from before the event.
type Assessment struct {
	Total       int      `json:"total"`
	Changed     int      `json:"changed"`
	Added       int      `json:"added"`
	Removed     int      `json:"removed"`
	Renamed     int      `json:"renamed"`
	Moved       int      `json:"moved"`
	HighEntropy int      `json:"highEntropy"`
	Sampled     int      `json:"sampled"`
	Flagged     bool     `json:"flagged"`
	Reasons     []string `json:"reasons,omitempty"`
	LastGood    string   `json:"lastGood,omitempty"`
}

// Assess compares snapshot cur with prev (both of one source; otherwise
// ErrOtherSource, ErrNoSnapshot for an unknown id). It reads the folder
// listings of both and the first 64 KiB of up to maxEntropySamples
// changed or added files. The app pauses pruning while a run is flagged
// and tells the user LastGood.
func (r *Repo) Assess(ctx context.Context, prev, cur string) (*Assessment, error) {
	pm, before, err := r.files(ctx, prev)
	if err != nil {
		return nil, err
	}
	cm, after, err := r.files(ctx, cur)
	if err != nil {
		return nil, err
	}
	if pm.Source != cm.Source {
		return nil, ErrOtherSource
	}
	a, touched := compare(before, after)
	if err := r.sampleEntropy(ctx, after, touched, a); err != nil {
		return nil, err
	}
	a.judge()
	if a.Flagged {
		a.LastGood = prev
	}
	return a, nil
}

// fileRef is a file of a snapshot: its entry and content object.
type fileRef struct {
	entry fs.Entry
	oid   object.ID
}

// files loads snapshot id and lists every file in it by slash path.
func (r *Repo) files(ctx context.Context, id string) (*snapshot.Manifest, map[string]fileRef, error) {
	m, err := r.load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	root, err := snapshotfs.SnapshotRoot(r.rep, m)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]fileRef{}
	var walk func(e fs.Entry, p string) error
	walk = func(e fs.Entry, p string) error {
		d, ok := e.(fs.Directory)
		if !ok {
			out[p] = fileRef{entry: e, oid: oidOf(e)}
			return nil
		}
		return fs.IterateEntries(ctx, d, func(ctx context.Context, c fs.Entry) error {
			return walk(c, path.Join(p, c.Name()))
		})
	}
	return m, out, walk(root, "")
}

// compare counts what changed from before to after and returns the paths
// (in after) of the changed and added files.
func compare(before, after map[string]fileRef) (*Assessment, []string) {
	a := &Assessment{Total: len(before)}
	var touched, added, removed []string
	for p, f := range after {
		old, ok := before[p]
		switch {
		case !ok:
			added = append(added, p)
		case old.oid != f.oid:
			a.Changed++
			touched = append(touched, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			removed = append(removed, p)
		}
	}
	slices.Sort(touched) // deterministic sample and matching
	slices.Sort(added)
	slices.Sort(removed)
	a.Added, a.Removed = len(added), len(removed)
	a.Renamed, a.Moved = renames(before, after, removed, added)
	return a, append(touched, added...)
}

// renames matches added files to removed ones. An added file with the
// content of a removed one was moved (a reorganisation, not an attack).
// Otherwise it was renamed when in the same folder with an extension
// added or changed ("決算.csv" → "決算.csv.locked" or "決算.locked"), or
// else of the same size. Each removed file matches once.
func renames(before, after map[string]fileRef, removed, added []string) (renamed, moved int) {
	byOID := map[object.ID][]string{}
	byName := map[string][]string{} // removed path and its stem → removed paths
	bySize := map[int64][]string{}
	for _, p := range removed {
		f := before[p]
		byOID[f.oid] = append(byOID[f.oid], p)
		byName[p] = append(byName[p], p)
		byName[stem(p)] = append(byName[stem(p)], p)
		bySize[f.entry.Size()] = append(bySize[f.entry.Size()], p)
	}
	used := map[string]bool{}
	take := func(cands []string) bool {
		for _, c := range cands {
			if !used[c] {
				used[c] = true
				return true
			}
		}
		return false
	}
	var rest []string
	for _, p := range added {
		if take(byOID[after[p].oid]) {
			moved++
		} else {
			rest = append(rest, p)
		}
	}
	for _, p := range rest {
		if take(byName[stem(p)]) || take(byName[stem(stem(p))]) || take(bySize[after[p].entry.Size()]) {
			renamed++
		}
	}
	return renamed, moved
}

// stem is p without its last extension.
func stem(p string) string {
	return strings.TrimSuffix(p, path.Ext(p))
}

// sampleEntropy measures the entropy of the start of touched files in
// after whose extension is not a compressed type. A file that cannot be
// read is not sampled; only ctx errors stop it.
func (r *Repo) sampleEntropy(ctx context.Context, after map[string]fileRef, touched []string, a *Assessment) error {
	for _, p := range touched {
		if a.Sampled >= maxEntropySamples {
			break
		}
		if slices.Contains(NeverCompress, strings.ToLower(path.Ext(p))) {
			continue
		}
		h, n, err := r.entropy(ctx, after[p].entry)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil || n < minEntropySample {
			continue // unreadable (Verify reports it) or too short to judge
		}
		a.Sampled++
		if h > HighEntropyBits {
			a.HighEntropy++
		}
	}
	return nil
}

// entropy reads up to entropySample bytes of e and returns their Shannon
// entropy in bits per byte and how many bytes were read.
func (r *Repo) entropy(ctx context.Context, e fs.Entry) (float64, int, error) {
	f, ok := e.(fs.File)
	if !ok {
		return 0, 0, nil
	}
	rd, err := f.Open(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer rd.Close()
	buf := make([]byte, entropySample)
	n, err := io.ReadFull(rd, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, 0, err
	}
	return shannon(buf[:n]), n, nil
}

// shannon is the Shannon entropy of b in bits per byte.
func shannon(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(b))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// judge sets Reasons and Flagged from the counts.
func (a *Assessment) judge() {
	if a.Total < MinGuardFiles {
		return
	}
	total := float64(a.Total)
	if float64(a.Changed+a.Removed-a.Moved) >= MassChangeShare*total {
		a.Reasons = append(a.Reasons, ReasonMassChange)
	}
	if a.Sampled > 0 && float64(a.HighEntropy) >= HighEntropyShare*float64(a.Sampled) {
		a.Reasons = append(a.Reasons, ReasonHighEntropy)
	}
	if float64(a.Renamed) >= MassRenameShare*total {
		a.Reasons = append(a.Reasons, ReasonMassRename)
	}
	a.Flagged = slices.Contains(a.Reasons, ReasonMassChange) && len(a.Reasons) > 1
}

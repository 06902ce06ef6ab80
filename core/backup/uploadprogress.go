package backup

import (
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/upload"

	"github.com/kinko-jp/kinko/core/progress"
)

// uploadProgress turns the uploader's callbacks into progress updates,
// collects the files it could not read (by path, with a reason code) and
// the files it read, which retry.go checks for changes.
type uploadProgress struct {
	upload.NullUploadProgress
	rep    progress.Reporter
	total  int64 // the previous snapshot's size: the estimate of the run's
	done   atomic.Int64
	hashed atomic.Int64
	cached atomic.Int64
	mu     sync.Mutex
	errs   map[string]string // path → reason
	read   []string          // files read (not reused) in the current pass
}

// newUploadProgress reports to rep, with prev's size as the total.
func newUploadProgress(rep progress.Reporter, prev *snapshot.Manifest) *uploadProgress {
	p := &uploadProgress{rep: rep, errs: map[string]string{}}
	if prev != nil && prev.RootEntry != nil && prev.RootEntry.DirSummary != nil {
		p.total = prev.RootEntry.DirSummary.TotalFileSize
	}
	return p
}

// Enabled is false so that Kopia's estimator does not walk the whole
// source alongside the upload (it would list every folder the overlay
// reuses); the total comes from the previous snapshot instead.
func (p *uploadProgress) Enabled() bool { return false }

// HashedBytes counts bytes read and reports.
func (p *uploadProgress) HashedBytes(n int64) {
	p.hashed.Add(n)
	p.report(p.done.Add(n))
}

// CachedFile counts a file reused unchanged and reports its size as done.
func (p *uploadProgress) CachedFile(_ string, size int64) {
	p.cached.Add(1)
	p.report(p.done.Add(size))
}

func (p *uploadProgress) report(done int64) {
	p.rep.Report(progress.Update{Stage: "backup.upload", Done: done, Total: max(p.total, done)})
}

// openHook, when set (tests), is called with a file's path just before
// Kopia opens it to read.
var openHook func(rel string)

// HashingFile notes a file the pass reads.
func (p *uploadProgress) HashingFile(path string) {
	if openHook != nil {
		openHook(path)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.read = append(p.read, path)
}

// FinishedFile clears an earlier pass's error of a file read now.
func (p *uploadProgress) FinishedFile(path string, err error) {
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.errs, path)
}

// Error records a file or folder that could not be read, with its reason.
func (p *uploadProgress) Error(path string, err error, _ bool) {
	p.fail(path, reason(err))
}

func (p *uploadProgress) fail(path, why string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs[path] = why
}

// pass returns the files read since the last call and starts a new pass.
func (p *uploadProgress) pass() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.read
	p.read = nil
	return r
}

// errors lists the unreadable files by path.
func (p *uploadProgress) errors() []FileError {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]FileError, 0, len(p.errs))
	for path, why := range p.errs {
		out = append(out, FileError{Path: path, Reason: why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

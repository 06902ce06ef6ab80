package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/progress"
)

// Event names the UI subscribes to.
const (
	EventJobProgress = "job:progress"
	EventJobDone     = "job:done"
)

// JobFunc is the work of a long job. It must return promptly with ctx.Err()
// once ctx is cancelled, and report progress through r.
type JobFunc func(ctx context.Context, r progress.Reporter) (result any, err error)

// JobStatus is the end state of a job.
type JobStatus string

// The end states of a job.
const (
	JobRunning  JobStatus = "running"
	JobOK       JobStatus = "ok"
	JobFailed   JobStatus = "failed"
	JobCanceled JobStatus = "canceled"
)

// JobInfo describes a job to the UI. Kind is a stable identifier
// ("backup.run") that the UI translates under "jobs.kind.<kind>".
type JobInfo struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Status   JobStatus       `json:"status"`
	Progress progress.Update `json:"progress"`
	Started  time.Time       `json:"started" ts_type:"string"`
}

// JobProgressEvent is the payload of EventJobProgress.
type JobProgressEvent struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	progress.Update
}

// JobDoneEvent is the payload of EventJobDone.
type JobDoneEvent struct {
	ID     string    `json:"id"`
	Kind   string    `json:"kind"`
	Status JobStatus `json:"status"`
	Error  *Error    `json:"error,omitempty"`
	Result any       `json:"result,omitempty"`
}

// JobRegistry runs long jobs (backup, restore, packages, imports,
// verification) and tracks them until they end. Services start jobs with
// Start; the window reaches the registry only through the bound Jobs service.
type JobRegistry struct {
	emit     Emitter
	interval time.Duration

	mu   sync.Mutex
	jobs map[string]*job
	wg   sync.WaitGroup
}

type job struct {
	info   JobInfo
	cancel context.CancelFunc
}

// NewJobRegistry returns a registry that emits through emit, throttling
// progress events to one per interval per job (the UI needs no more than ~10
// a second).
func NewJobRegistry(emit Emitter, interval time.Duration) *JobRegistry {
	return &JobRegistry{emit: emit, interval: interval, jobs: map[string]*job{}}
}

// Start runs fn in its own goroutine under a cancellable child of ctx and
// returns the job id at once. Progress goes to EventJobProgress (throttled);
// the end goes to EventJobDone with the result or a mapped error.
func (j *JobRegistry) Start(ctx context.Context, kind string, fn JobFunc) string {
	id := newJobID()
	ctx, cancel := context.WithCancel(ctx)
	jb := &job{info: JobInfo{ID: id, Kind: kind, Status: JobRunning, Started: time.Now()}, cancel: cancel}

	j.mu.Lock()
	j.jobs[id] = jb
	j.mu.Unlock()

	rep := progress.Throttle(progress.Func(func(u progress.Update) {
		j.mu.Lock()
		jb.info.Progress = u
		j.mu.Unlock()
		j.emit.Emit(EventJobProgress, JobProgressEvent{ID: id, Kind: kind, Update: u})
	}), j.interval)

	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		defer cancel()
		result, err := fn(ctx, rep)
		rep.Close() // the last progress event comes before the done event
		done := JobDoneEvent{ID: id, Kind: kind, Status: JobOK, Result: result}
		switch {
		case err != nil && ctx.Err() != nil:
			done.Status, done.Error, done.Result = JobCanceled, ToError(context.Canceled), nil
			if e := ToError(err); e.Code == "import.partial" {
				done.Error = e // what the cancelled import kept
			}
		case err != nil:
			done.Status, done.Error, done.Result = JobFailed, ToError(err), nil
		}
		j.mu.Lock()
		delete(j.jobs, id)
		j.mu.Unlock()
		j.emit.Emit(EventJobDone, done)
		// A long job (an import of 100,000 people, a join, a log verify)
		// leaves hundreds of MB of garbage the runtime would keep for a
		// while; the poll's sync that follows an import would then grow on
		// top of it (the process peaked at 480 MB instead of 340 MB).
		// Collected and given back now, after the done event, so the job's
		// time does not include it.
		debug.FreeOSMemory()
	}()
	return id
}

// Cancel asks the job with the given id to stop. The job ends with status
// "canceled" shortly after; ErrJobNotFound when no such job is running.
func (j *JobRegistry) Cancel(id string) error {
	j.mu.Lock()
	jb, ok := j.jobs[id]
	j.mu.Unlock()
	if !ok {
		return ErrJobNotFound
	}
	jb.cancel()
	return nil
}

// List returns the running jobs, oldest first.
func (j *JobRegistry) List() []JobInfo {
	j.mu.Lock()
	defer j.mu.Unlock()
	list := make([]JobInfo, 0, len(j.jobs))
	for _, jb := range j.jobs {
		list = append(list, jb.info)
	}
	sort.Slice(list, func(a, b int) bool { return list[a].Started.Before(list[b].Started) })
	return list
}

// Shutdown cancels every running job and waits for them to end; called when
// the window closes or a CLI verb ends, so no job is cut off half-way
// through a write.
func (j *JobRegistry) Shutdown() {
	j.mu.Lock()
	for _, jb := range j.jobs {
		jb.cancel()
	}
	j.mu.Unlock()
	j.wg.Wait()
}

func newJobID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// Jobs is the bound service of the jobs area: the window can list running
// jobs (after a reload) and cancel one. Starting a job belongs to the service
// of the area that owns the work.
type Jobs struct {
	reg *JobRegistry
}

// CancelJob asks a running job to stop; it then ends with status "canceled".
// Error code job.not_found when no such job is running.
func (s *Jobs) CancelJob(id string) error {
	return Err(s.reg.Cancel(id))
}

// ListJobs returns the running jobs, oldest first, so a window that reloads
// can show their progress again.
func (s *Jobs) ListJobs() []JobInfo {
	return s.reg.List()
}

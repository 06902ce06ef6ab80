package progress

import (
	"sync"
	"time"
)

// Throttled forwards at most one update per interval to the next Reporter,
// so a job that reports on every block does not flood the UI with events.
//
// It never loses what matters: the first update, every change of stage and
// every finishing update (Done == Total) pass at once, and an update held back
// by the interval is delivered when the interval ends (trailing edge) or on
// Close, whichever comes first. Updates are delivered in order.
type Throttled struct {
	next     Reporter
	interval time.Duration

	mu      sync.Mutex
	last    time.Time // when the last update was forwarded
	stage   string
	started bool
	pending *Update
	timer   *time.Timer
	closed  bool
	sending sync.Mutex // keeps forwarded updates in order
}

// Throttle wraps next so that it receives at most one update per interval
// (apart from the always-forwarded ones described on Throttled). The caller
// must Close the result when the job ends to flush a held-back update and
// stop its timer.
func Throttle(next Reporter, interval time.Duration) *Throttled {
	return &Throttled{next: OrNoop(next), interval: interval}
}

// Report forwards u now, holds it for the trailing edge, or replaces an
// update already held back.
func (t *Throttled) Report(u Update) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	now := time.Now()
	urgent := !t.started || u.Stage != t.stage || u.Finished()
	if urgent || now.Sub(t.last) >= t.interval {
		t.started, t.stage, t.last = true, u.Stage, now
		t.pending = nil
		if t.timer != nil {
			t.timer.Stop()
			t.timer = nil
		}
		t.forwardLocked(u)
		return
	}
	t.pending = &u
	if t.timer == nil {
		t.timer = time.AfterFunc(t.interval-now.Sub(t.last), t.flush)
	}
	t.mu.Unlock()
}

// forwardLocked releases t.mu and then delivers u, keeping order with
// t.sending so a slow receiver cannot see updates swapped.
func (t *Throttled) forwardLocked(u Update) {
	t.sending.Lock()
	t.mu.Unlock()
	defer t.sending.Unlock()
	t.next.Report(u)
}

func (t *Throttled) flush() {
	t.mu.Lock()
	t.timer = nil
	if t.pending == nil {
		t.mu.Unlock()
		return
	}
	u := *t.pending
	t.pending = nil
	t.last = time.Now()
	t.forwardLocked(u)
}

// Close delivers a held-back update, if any, and stops the throttle; later
// reports are dropped. It is safe to call more than once.
func (t *Throttled) Close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	if t.pending == nil {
		t.mu.Unlock()
		return
	}
	u := *t.pending
	t.pending = nil
	t.forwardLocked(u)
}

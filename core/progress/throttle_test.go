package progress_test

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinko-jp/kinko/core/progress"
)

type recorder struct {
	mu  sync.Mutex
	got []progress.Update
}

func (r *recorder) Report(u progress.Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, u)
}

func (r *recorder) updates() []progress.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]progress.Update(nil), r.got...)
}

// step reports u after waiting wait on the bubble's fake clock.
type step struct {
	wait time.Duration
	u    progress.Update
}

func TestThrottle(t *testing.T) {
	u := func(stage string, done, total int64) progress.Update {
		return progress.Update{Stage: stage, Done: done, Total: total}
	}
	tests := []struct {
		name  string
		steps []step
		close bool
		want  []progress.Update
	}{
		{
			name:  "burst keeps first and trailing",
			steps: []step{{0, u("scan", 1, 100)}, {time.Millisecond, u("scan", 2, 100)}, {time.Millisecond, u("scan", 3, 100)}},
			want:  []progress.Update{u("scan", 1, 100), u("scan", 3, 100)},
		},
		{
			name:  "stage change and finish pass at once",
			steps: []step{{0, u("scan", 1, 0)}, {time.Millisecond, u("copy", 1, 10)}, {time.Millisecond, u("copy", 10, 10)}},
			want:  []progress.Update{u("scan", 1, 0), u("copy", 1, 10), u("copy", 10, 10)},
		},
		{
			name:  "spaced updates all pass",
			steps: []step{{0, u("scan", 1, 5)}, {200 * time.Millisecond, u("scan", 2, 5)}, {200 * time.Millisecond, u("scan", 3, 5)}},
			want:  []progress.Update{u("scan", 1, 5), u("scan", 2, 5), u("scan", 3, 5)},
		},
		{
			name:  "close flushes held update before the interval ends",
			steps: []step{{0, u("scan", 1, 5)}, {time.Millisecond, u("scan", 2, 5)}},
			close: true,
			want:  []progress.Update{u("scan", 1, 5), u("scan", 2, 5)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := &recorder{}
				th := progress.Throttle(rec, 100*time.Millisecond)
				for _, s := range tc.steps {
					time.Sleep(s.wait) // fake clock inside the bubble
					th.Report(s.u)
				}
				if tc.close {
					th.Close()
				} else {
					time.Sleep(time.Second)
					synctest.Wait()
					th.Close()
				}
				got := rec.updates()
				if len(got) != len(tc.want) {
					t.Fatalf("got %d updates %v, want %v", len(got), got, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Errorf("update %d = %v, want %v", i, got[i], tc.want[i])
					}
				}
			})
		})
	}
}

func TestThrottleDropsAfterClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		th := progress.Throttle(rec, time.Second)
		th.Report(progress.Update{Stage: "a", Done: 1})
		th.Close()
		th.Close()
		th.Report(progress.Update{Stage: "b", Done: 1})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := rec.updates(); len(got) != 1 || got[0].Stage != "a" {
			t.Fatalf("got %v, want only the update before Close", got)
		}
	})
}

func TestOrNoop(t *testing.T) {
	progress.OrNoop(nil).Report(progress.Update{Stage: "x"}) // must not panic
	rec := &recorder{}
	progress.OrNoop(rec).Report(progress.Update{Stage: "x"})
	if len(rec.updates()) != 1 {
		t.Fatal("OrNoop dropped a non-nil reporter")
	}
}

func BenchmarkThrottledReport(b *testing.B) {
	th := progress.Throttle(progress.Noop, 100*time.Millisecond)
	defer th.Close()
	for i := 0; b.Loop(); i++ {
		th.Report(progress.Update{Stage: "copy", Done: int64(i), Total: 1 << 40})
	}
}

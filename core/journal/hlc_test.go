package journal_test

import (
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
)

// fakeTime returns the times in seq one by one, repeating the last.
func fakeTime(seq ...time.Time) func() time.Time {
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := seq[0]
		if len(seq) > 1 {
			seq = seq[1:]
		}
		return t
	}
}

func TestClock(t *testing.T) {
	base := testTime
	tests := []struct {
		name    string
		times   []time.Time
		observe *journal.HLC // observed before the first Now
	}{
		{"forward", []time.Time{base, base.Add(time.Millisecond), base.Add(2 * time.Millisecond)}, nil},
		{"same millisecond", []time.Time{base, base, base}, nil},
		{"clock goes backwards", []time.Time{base, base.Add(-time.Hour), base.Add(-time.Minute), base.Add(-time.Second)}, nil},
		{"observe future", []time.Time{base, base}, &journal.HLC{Wall: base.Add(time.Hour).UnixMilli(), Logical: 7}},
		{"observe past", []time.Time{base, base}, &journal.HLC{Wall: base.Add(-time.Hour).UnixMilli()}},
		{"observe max logical", []time.Time{base}, &journal.HLC{Wall: base.UnixMilli(), Logical: 1<<32 - 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := journal.NewClock(fakeTime(tt.times...))
			var last journal.HLC
			if tt.observe != nil {
				c.Observe(*tt.observe)
				last = *tt.observe
			}
			for i := range len(tt.times) + 2 {
				now := c.Now()
				if now.Compare(last) <= 0 {
					t.Fatalf("Now #%d = %+v, not after %+v", i, now, last)
				}
				last = now
			}
		})
	}

	t.Run("concurrent", func(t *testing.T) {
		c := journal.NewClock(fakeTime(base))
		var (
			mu   sync.Mutex
			seen = map[journal.HLC]bool{}
			wg   sync.WaitGroup
		)
		for range 8 {
			wg.Go(func() {
				for range 100 {
					now := c.Now()
					c.Observe(now)
					mu.Lock()
					if seen[now] {
						t.Errorf("duplicate time %+v", now)
					}
					seen[now] = true
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	})

	t.Run("nil uses time.Now", func(t *testing.T) {
		now := journal.NewClock(nil).Now()
		if d := time.Since(now.Time()); d < 0 || d > time.Minute {
			t.Errorf("Now() = %v, far from time.Now", now.Time())
		}
	})
}

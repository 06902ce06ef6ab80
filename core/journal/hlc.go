package journal

import (
	"cmp"
	"math"
	"sync"
	"time"
)

// HLC is a hybrid logical clock timestamp: physical time in milliseconds plus
// a counter that orders events within (or despite) the same millisecond. Ops
// carry one as Op.Time; Less orders ops by it first. Two PCs whose clocks
// disagree still produce times that respect causality: a device that has seen
// an op always stamps its next op later.
type HLC struct {
	Wall    int64  // unix milliseconds
	Logical uint32 // counter within Wall
}

// Compare returns -1, 0 or +1 as a is before, equal to or after b: by Wall,
// then by Logical.
func (a HLC) Compare(b HLC) int {
	if c := cmp.Compare(a.Wall, b.Wall); c != 0 {
		return c
	}
	return cmp.Compare(a.Logical, b.Logical)
}

// Time returns the wall-clock part as a time.Time, for display.
func (a HLC) Time() time.Time { return time.UnixMilli(a.Wall) }

// Clock issues HLC times for one device. The sync loop calls Observe with the
// time of every op it imports and the writer calls Now for every new op, so
// a new op is always later than everything this device has seen. It is safe
// for concurrent use.
//
// Observe accepts any time, also one far in the future from a PC whose clock
// is wrong; every later op of this device is then stamped after it. Callers
// that want to refuse absurd times must check before calling Observe.
type Clock struct {
	now func() time.Time

	mu   sync.Mutex
	last HLC
}

// NewClock returns a Clock that reads physical time from now; nil means
// time.Now. Tests pass a fake clock.
func NewClock(now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now}
}

// Now returns a time later than every time this Clock has issued or
// observed. If the physical clock went backwards, Wall stays where it was and
// Logical counts up.
func (c *Clock) Now() HLC {
	pt := c.now().UnixMilli()
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case pt > c.last.Wall:
		c.last = HLC{Wall: pt}
	case c.last.Logical == math.MaxUint32:
		// 4 billion events in one millisecond: borrow the next millisecond.
		c.last = HLC{Wall: c.last.Wall + 1}
	default:
		c.last.Logical++
	}
	return c.last
}

// Observe merges a time seen on another device's op, so that the next Now is
// later than t.
func (c *Clock) Observe(t HLC) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Compare(c.last) > 0 {
		c.last = t
	}
}

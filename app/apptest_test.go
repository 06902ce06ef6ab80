package app_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app/i18n"
)

// recorder is an app.Emitter that keeps every event, for tests that check
// what the window would have been told.
type recorder struct {
	mu     sync.Mutex
	events []event
	cond   *sync.Cond // broadcast on every event; created by next
}

type event struct {
	name string
	data any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{name, data})
	if r.cond != nil {
		r.cond.Broadcast()
	}
}

// next blocks until an event named name has been emitted after the first
// skip of them, and returns it; it fails the test after 30 s.
func (r *recorder) next(t *testing.T, name string, skip int) any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cond == nil {
		r.cond = sync.NewCond(&r.mu)
	}
	expired := false
	timer := time.AfterFunc(30*time.Second, func() {
		r.mu.Lock()
		expired = true
		r.cond.Broadcast()
		r.mu.Unlock()
	})
	defer timer.Stop()
	for {
		seen := 0
		for _, e := range r.events {
			if e.name == name {
				if seen == skip {
					return e.data
				}
				seen++
			}
		}
		if expired {
			t.Fatalf("no %s event", name)
		}
		r.cond.Wait()
	}
}

func (r *recorder) named(name string) []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []any
	for _, e := range r.events {
		if e.name == name {
			out = append(out, e.data)
		}
	}
	return out
}

// catalog loads the real message files the GUI and CLI ship.
func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(os.DirFS("../frontend/src/locales"), ".")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

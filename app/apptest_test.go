package app_test

import (
	"os"
	"sync"
	"testing"

	"github.com/kinko-jp/kinko/app/i18n"
)

// recorder is an app.Emitter that keeps every event, for tests that check
// what the window would have been told.
type recorder struct {
	mu     sync.Mutex
	events []event
}

type event struct {
	name string
	data any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{name, data})
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

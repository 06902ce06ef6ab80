package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Emitter sends named events to the UI. Services depend on this interface,
// not on the Wails runtime, so Go tests can record events and the browser
// test server can stream them.
type Emitter interface {
	Emit(name string, data any)
}

// WailsEmitter emits through the Wails runtime once the window has started.
// Events emitted before Attach are dropped: there is no window to show them.
type WailsEmitter struct {
	mu  sync.RWMutex
	ctx context.Context
}

// Attach is called from the Wails OnStartup hook with the runtime context.
func (w *WailsEmitter) Attach(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx = ctx
}

// Emit implements Emitter.
func (w *WailsEmitter) Emit(name string, data any) {
	w.mu.RLock()
	ctx := w.ctx
	w.mu.RUnlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, data)
	}
}

// Do runs fn with the runtime context once the window has started (for
// window operations such as bringing it to the front); before that it does
// nothing.
func (w *WailsEmitter) Do(fn func(ctx context.Context)) {
	w.mu.RLock()
	ctx := w.ctx
	w.mu.RUnlock()
	if ctx != nil {
		fn(ctx)
	}
}

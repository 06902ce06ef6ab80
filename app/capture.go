package app

import "sync"

// While a My Number is on screen the window is excluded from screen
// capture (DESIGN §9): Reveal turns the protection on, Conceal (the window
// calls it when the number is re-masked) turns it off once no number is
// shown. Wails v2 only has ContentProtection as a start-up option, so the
// Windows call is made directly (capture_windows.go); elsewhere there is no
// such protection and the calls do nothing.
type captureGuard struct {
	mu    sync.Mutex
	shown int
	set   func(on bool) // nil: setCaptureProtection
}

func (g *captureGuard) apply(on bool) {
	if g.set != nil {
		g.set(on)
		return
	}
	setCaptureProtection(on)
}

func (g *captureGuard) reveal() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shown++
	if g.shown == 1 {
		g.apply(true)
	}
}

func (g *captureGuard) conceal() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shown == 0 {
		return
	}
	g.shown--
	if g.shown == 0 {
		g.apply(false)
	}
}

package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// ErrDestinationGone: the destination disappeared during a run (a USB
// drive unplugged, a NAS gone); the run was cancelled and saved nothing.
// The next run, once it is back, starts afresh.
var ErrDestinationGone = errors.New("backup: the destination disappeared")

// watchInterval is how often a run checks that its destination is there.
var watchInterval = 500 * time.Millisecond

// watchdog returns a context that is cancelled (cause ErrDestinationGone)
// when the repository folder stops being there, and the function that
// stops watching.
func (r *Repo) watchdog(ctx context.Context) (context.Context, func()) {
	wctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(watchInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-wctx.Done():
				return
			case <-t.C:
				if r.gone() {
					cancel(ErrDestinationGone)
					return
				}
			}
		}
	}()
	return wctx, func() { close(done); cancel(nil) }
}

// gone reports whether the repository folder is missing or unreadable.
func (r *Repo) gone() bool {
	st, err := os.Stat(filepath.Join(r.dir, RepositoryDir))
	return err != nil || !st.IsDir()
}

// runErr is the error a job returns: the caller's cancellation as
// ctx.Err(), a vanished destination (seen by the watchdog, or by a failed
// write) as ErrDestinationGone, else err.
func (r *Repo) runErr(ctx, wctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(context.Cause(wctx), ErrDestinationGone) || r.gone() {
		return ErrDestinationGone
	}
	return err
}

package vault

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// AutoSync runs Sync every interval until ctx ends, and sooner when the
// journal folder reports a change. File-system events are only a hint:
// over SMB they are late, partial or missing, so the poll is what makes
// sync reliable. after is called with each result (from AutoSync's
// goroutine); it must not block for long.
func (v *Vault) AutoSync(ctx context.Context, interval time.Duration, after func(SyncResult, error)) {
	hint := make(chan struct{}, 1)
	w, err := fsnotify.NewWatcher()
	if err == nil {
		defer w.Close()
		go forwardHints(ctx, w, hint)
	}
	watched := map[string]bool{}
	watch := func() {
		if w == nil {
			return
		}
		dirs := []string{filepath.Join(v.path, "journal")}
		if f := v.folderNow(); f != nil {
			if devs, err := f.Devices(); err == nil {
				for _, d := range devs {
					dirs = append(dirs, filepath.Join(v.path, "journal", d))
				}
			}
		}
		for _, d := range dirs {
			if !watched[d] && w.Add(d) == nil {
				watched[d] = true
			}
		}
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		watch()
		res, err := v.Sync(nil)
		if after != nil {
			after(res, err)
		}
		if err != nil {
			clear(watched) // the folder may come back as a new mount
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-hint:
			// Let a burst of events (a segment's temp file, then its
			// rename) settle before reading.
			select {
			case <-ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

func forwardHints(ctx context.Context, w *fsnotify.Watcher, hint chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-w.Events:
			if !ok {
				return
			}
			select {
			case hint <- struct{}{}:
			default:
			}
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
		}
	}
}

func (v *Vault) folderNow() interface{ Devices() ([]string, error) } {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.folder == nil {
		return nil
	}
	return v.folder
}

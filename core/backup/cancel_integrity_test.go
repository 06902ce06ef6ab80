package backup_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/progress"
)

// Every integrity call stops on a cancelled context, and the repository
// is intact afterwards; a verify cancelled in the middle stops there.
func TestIntegrityCancel(t *testing.T) {
	f, names, _ := damageFixture(t)
	r := f.open(t)
	list, err := r.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func(ctx context.Context) error{
		"verify":   func(ctx context.Context) error { _, err := r.Verify(ctx, 1, nil); return err },
		"prune":    func(ctx context.Context) error { _, err := r.Prune(ctx); return err },
		"maintain": func(ctx context.Context) error { return r.Maintain(ctx, true) },
		"purge":    func(ctx context.Context) error { _, err := r.Purge(ctx, []string{"1月.pdf"}); return err },
		"assess":   func(ctx context.Context) error { _, err := r.Assess(ctx, list[1].ID, list[0].ID); return err },
	}
	for name, call := range calls {
		if err := call(cancelled); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", name, err)
		}
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var reads int
	_, err = r.Verify(ctx, 1, progress.Func(func(u progress.Update) {
		if u.Done > 0 {
			reads++
			stop()
		}
	}))
	if !errors.Is(err, context.Canceled) || reads != 1 {
		t.Fatalf("verify cancelled mid-way: %v after %d reads", err, reads)
	}
	rep, err := r.Verify(context.Background(), 1, nil)
	if err != nil || rep.Files != int64(len(names)+1) {
		t.Fatalf("verify after cancels: %v %+v", err, rep)
	}
}

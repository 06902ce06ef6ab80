package vault_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// A join cancelled midway keeps the chunks it committed (each moved the
// cursor in its own transaction) and is not listed; joining again carries
// on from there instead of reading the folder from the start, and ends in
// the same state as the PC that wrote it.
func TestJoinCancelledResumes(t *testing.T) {
	defer vault.SetImportChunk(vault.SetImportChunk(8))
	o := newOffice(t)
	a, _ := o.create()
	var clients []string
	for i := range 12 {
		clients = append(clients, newClient(t, a, "顧問先"+string(rune('A'+i))))
		sync(t, a) // a segment each
	}

	ctx, cancel := context.WithCancel(context.Background())
	var first progress.Update
	rep := progress.Func(func(u progress.Update) {
		if first.Total == 0 {
			first = u
		}
		if u.Done > 0 {
			cancel()
		}
	})
	_, err := vault.JoinContext(ctx, o.folder, o.opts("b"), rep)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled join: %v", err)
	}
	if known, _ := vault.Known(o.opts("b").DataDir); len(known) != 0 {
		t.Fatalf("a cancelled join is listed: %v", known)
	}
	if _, err := os.Stat(filepath.Join(o.opts("b").DataDir, "vaults", a.ID(), "replica.db")); err != nil {
		t.Fatalf("the cancelled join's replica is gone: %v", err)
	}

	var again progress.Update
	b, err := vault.JoinContext(context.Background(), o.folder, o.opts("b"), progress.Func(func(u progress.Update) {
		if again.Total == 0 {
			again = u
		}
	}))
	if err != nil {
		t.Fatalf("join again: %v", err)
	}
	o.cleanup(b, "b")
	if first.Total == 0 || again.Total >= first.Total {
		t.Errorf("joining again read %d segments, the first join had %d to read: not carried on", again.Total, first.Total)
	}
	login(t, b, "shocho")
	for _, c := range clients {
		get(t, b, "client/"+c)
	}
	if a.Derived() != b.Derived() {
		t.Errorf("replicas differ:\n%s\n---\n%s", a.Derived(), b.Derived())
	}
}

// A batch longer than a segment (continues) is split over several import
// transactions while joining; cancelled inside it, the join keeps half the
// batch (nobody sees the replica yet) and joining again completes it.
func TestJoinCancelledInsideBatch(t *testing.T) {
	defer vault.SetImportChunk(vault.SetImportChunk(100))
	o := newOffice(t)
	a, _ := o.create()
	c := newClient(t, a, "顧問先")
	must(t, a.Batch(func(w *vault.Batch) error {
		for i := range 1100 {
			if _, err := w.Put(fmt.Sprintf("person/%s/p%04d", c, i), nil, []byte("社員")); err != nil {
				return err
			}
		}
		return nil
	}))
	sync(t, a)

	ctx, cancel := context.WithCancel(context.Background())
	imported := 0
	_, err := vault.JoinContext(ctx, o.folder, o.opts("b"), progress.Func(func(u progress.Update) {
		if u.Done > 0 && imported == 0 {
			imported = int(u.Done)
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled join: %v", err)
	}
	b, err := vault.Join(o.folder, o.opts("b"))
	if err != nil {
		t.Fatalf("join again: %v", err)
	}
	o.cleanup(b, "b")
	login(t, b, "shocho")
	list, err := b.List("person/" + c + "/")
	must(t, err)
	if len(list) != 1100 {
		t.Errorf("after joining again: %d people, want 1100", len(list))
	}
	if a.Derived() != b.Derived() {
		t.Errorf("replicas differ")
	}
}

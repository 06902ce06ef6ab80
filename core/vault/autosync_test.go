package vault_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/vault"
)

// TestAutoSyncHint: with a poll interval far longer than the test, a new
// segment from another PC still arrives, through the real fsnotify event
// on the journal folder.
func TestAutoSyncHint(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	login(t, b, "shocho")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan vault.SyncResult, 16)
	go b.AutoSync(ctx, time.Hour, func(r vault.SyncResult, err error) {
		if err == nil {
			got <- r
		}
	})
	<-got // the first, immediate sync: the watches are set before it
	c1 := newClient(t, a, "from a")
	_, err := a.Sync(nil)
	must(t, err)
	deadline := time.After(10 * time.Second)
	for imported := false; !imported; {
		select {
		case r := <-got:
			imported = r.Imported > 0
		case <-deadline:
			t.Fatal("no sync after the journal folder changed")
		}
	}
	if got := get(t, b, "client/"+c1); got != "from a" {
		t.Fatalf("b sees %q", got)
	}
}

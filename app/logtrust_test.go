package app_test

import (
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
)

// TestLogTrustInViewer: the viewer's entries carry their trust. Entries
// a checkpoint covers are verified; the newest are pending until this
// PC's next checkpoint, and then the viewer's index settles them — also
// those of a read that was cancelled half way.
func TestLogTrustInViewer(t *testing.T) {
	ls, _, view := cancelledRead(t, views)
	if _, err := ls.Open(); err != nil {
		t.Fatal(err)
	}
	count := func(tr audit.Trust) int {
		t.Helper()
		page, err := ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.ClientView}, Trust: []audit.Trust{tr}}})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	verified, pending := count(audit.TrustVerified), count(audit.TrustPending)
	if verified+pending != views || pending == 0 || pending > audit.CheckpointEvery || count(audit.TrustUnverifiable) != 0 {
		t.Fatalf("%d views: %d verified, %d pending", views, verified, pending)
	}
	// More work: the next interval checkpoints cover the pending ones.
	for range 2 * audit.CheckpointEvery {
		view()
	}
	if n := count(audit.TrustVerified); n < views {
		t.Fatalf("after two more checkpoints: %d of the first %d views verified", n, views)
	}
	page, err := ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.ClientView}}, Limit: 1, NewestFirst: true})
	if err != nil || page.Entries[0].Trust != audit.TrustPending {
		t.Fatalf("the newest view: %+v %v", page, err)
	}
}

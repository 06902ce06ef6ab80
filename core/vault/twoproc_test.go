package vault_test

import (
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/vault"
)

// TestTwoProcesses: two real processes with two device ids edit the same
// records on one vault folder at the same time. Every acknowledged version
// must reach both replicas (zero lost updates) and concurrent edits must be
// surfaced as conflicts, not dropped.
func TestTwoProcesses(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	var shared []string
	for range 5 {
		shared = append(shared, newClient(t, a, "start"))
	}
	_, err := a.Sync(nil)
	must(t, err)
	rounds := "40"
	ids := "KINKO_SHARED=" + strings.Join(shared, " ")
	c1, s1 := startChild(t, o, "p1", "editor", "p1", "KINKO_ROUNDS="+rounds, ids)
	c2, s2 := startChild(t, o, "p2", "editor", "p2", "KINKO_ROUNDS="+rounds, ids)
	done := make(chan map[string]string, 2)
	go func() { done <- acks(s1) }()
	go func() { done <- acks(s2) }()
	acked := <-done
	for op, target := range <-done {
		acked[op] = target
	}
	if err := c1.Wait(); err != nil {
		t.Fatalf("child 1: %v", err)
	}
	if err := c2.Wait(); err != nil {
		t.Fatalf("child 2: %v", err)
	}
	sync(t, a)
	for _, pc := range []string{"p1", "p2"} {
		v, err := vault.Open(a.ID(), o.opts(pc))
		must(t, err)
		o.cleanup(v, pc)
		_, err = v.Sync(nil)
		must(t, err)
	}
	sync(t, a)
	if len(acked) < 40 {
		t.Fatalf("only %d acknowledged edits", len(acked))
	}
	for op := range acked {
		if !a.HasVersion(op) {
			t.Fatalf("acknowledged version %s lost", op)
		}
	}
	if q := a.Quarantined(); len(q) != 0 {
		t.Fatalf("quarantined: %v", q)
	}
	t.Logf("%d acknowledged edits, %d records in conflict", len(acked), a.Status().Conflicts)
}

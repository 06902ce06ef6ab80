package vault_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// replays counts late ops judged by a replayed history, and how many of
// those replays started from a kept roster.
func replays(t *testing.T) (full, fromSnap *int) {
	full, fromSnap = new(int), new(int)
	vault.SetLateReplayHook(func(snap bool) {
		if snap {
			*fromSnap++
		} else {
			*full++
		}
	})
	t.Cleanup(func() { vault.SetLateReplayHook(nil) })
	return full, fromSnap
}

// Two PCs writing records at once: the other PC's ops arrive late, with no
// control op in effect after them, so they are judged by the current
// roster without any replay; with a control op after them the replay
// starts from the roster kept at the last late op. Every replica, and one
// that joins at the end and receives everything at once, agrees.
func TestLateOpsJudgedWithoutReplay(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c1 := newClient(t, a, "c1")
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, a, b)
	full, fromSnap := replays(t)

	for i := range 3 {
		if _, err := a.Put(fmt.Sprintf("office/a-note-%d", i), nil, []byte{byte('a' + i)}); err != nil {
			t.Fatal(err)
		}
		o.now = o.now.Add(time.Second)
		if _, err := b.Put(fmt.Sprintf("office/b-note-%d", i), nil, []byte{byte('a' + i)}); err != nil {
			t.Fatal(err)
		}
		o.now = o.now.Add(time.Second)
		sync(t, a, b)
	}
	if *full+*fromSnap != 0 {
		t.Errorf("records written on two PCs at once: %d full and %d partial replays, want none", *full, *fromSnap)
	}

	// b creates a client after a's record: a's record is judged by a
	// replayed roster, the next by one started from the kept roster.
	for i := range 3 {
		if _, err := a.Put(fmt.Sprintf("person/%s/p%d", c1, i), nil, []byte{byte('x' + i)}); err != nil {
			t.Fatal(err)
		}
		o.now = o.now.Add(time.Second)
		newClient(t, b, "made on b")
		o.now = o.now.Add(time.Second)
		if _, err := b.Sync(nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Sync(nil); err != nil {
			t.Fatal(err)
		}
	}
	if *full == 0 || *fromSnap == 0 {
		t.Errorf("late ops before a control op: %d full and %d partial replays, want both", *full, *fromSnap)
	}
	sync(t, a, b)
	c := o.join("c")
	for _, v := range []*vault.Vault{a, b, c} {
		if q := v.Quarantined(); len(q) != 0 {
			t.Errorf("replica %s quarantined %v", v.Device(), q)
		}
	}
	if a.Derived() != b.Derived() || a.Derived() != c.Derived() {
		t.Errorf("replicas differ:\n%s\n---\n%s\n---\n%s", a.Derived(), b.Derived(), c.Derived())
	}
}

// A late op that a control op positioned after it does affect: an
// insider's record dated before its client was created. At its own
// position the client has no key yet, so it is held, on every replica —
// judged by the current roster (where the client exists) it would be
// applied, so the shortcut must not be taken here.
func TestLateOpBeforeClientCreateHeld(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	o.now = o.now.Add(time.Minute)
	x := newClient(t, a, "x")
	o.now = o.now.Add(time.Minute)
	newClient(t, a, "later")
	sync(t, a)
	full, fromSnap := replays(t)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	create := in.last(vault.KindClientCreate, map[string]any{"id": x})
	early := in.record("client/"+x, access.ClientScope(x), 1, nil, create, "before the client existed")
	in.write(early)

	all := judged(t, o, "b", map[string]string{early.ID(): vault.ReasonPending}, a)
	if *full+*fromSnap == 0 {
		t.Error("the late op was judged without replaying the roster at its position")
	}
	for _, v := range all {
		if v.HasVersion(early.ID()) {
			t.Errorf("replica %s applied a record dated before its client", v.Device())
		}
	}
}

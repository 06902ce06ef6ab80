package vault_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
)

// Held ops (waits.go): ops waiting for something the replica has not
// received are judged again when that arrives, and at no other import.

// writer writes ops into a vault folder as a program of one's own would,
// through the journal package: one device of its own, each op signed with
// the key of the user it claims as author (an insider's own, or a
// stranger's who is no user at all).
type writer struct {
	tb     testing.TB
	folder *journal.Folder
	author string
	k      *keys.User
	device string
	devKey ed25519.PrivateKey
	seq    uint64
	seg    uint64
	prev   [32]byte
}

// newWriter starts a new device writing as author with the keys k.
func newWriter(tb testing.TB, folder, author string, k *keys.User) *writer {
	tb.Helper()
	f, err := journal.OpenFolder(folder)
	if err != nil {
		tb.Fatal(err)
	}
	w := &writer{tb: tb, folder: f, author: author, k: k}
	if w.devKey, w.device, err = journal.NewDeviceKey(); err != nil {
		tb.Fatal(err)
	}
	return w
}

// userWriter logs in as login the way the insider kit does (the user's
// key file from the journal, opened with the password) and starts a new
// device of that user.
func userWriter(tb testing.TB, folder, login, password string) *writer {
	tb.Helper()
	f, err := journal.OpenFolder(folder)
	if err != nil {
		tb.Fatal(err)
	}
	devices, err := f.Devices()
	if err != nil {
		tb.Fatal(err)
	}
	var id string
	var sealed []byte
	for _, d := range devices {
		segs, _, _ := f.ReadChain(d, 0, [32]byte{}, 0)
		for _, s := range segs {
			for _, op := range s.Ops {
				var u struct {
					ID     string `json:"id"`
					Login  string `json:"login"`
					Sealed []byte `json:"sealed"`
				}
				if op.Kind == vault.KindUserAdd && json.Unmarshal(op.Payload, &u) == nil && u.Login == login {
					id, sealed = u.ID, u.Sealed
				}
			}
		}
	}
	k, err := keys.OpenUser(sealed, []byte(password))
	if err != nil {
		tb.Fatalf("open the key file of %s: %v", login, err)
	}
	return newWriter(tb, folder, id, k)
}

// stranger is a writer whose author is no user of the vault.
func stranger(tb testing.TB, folder string) *writer {
	tb.Helper()
	k, err := keys.NewUser()
	if err != nil {
		tb.Fatal(err)
	}
	id, err := journal.NewVaultID() // any 16 characters nobody was given
	if err != nil {
		tb.Fatal(err)
	}
	return newWriter(tb, folder, id, k)
}

// op starts the device's next op, dated at (wall, logical).
func (w *writer) op(kind, target string, wall int64, logical uint32) *journal.Op {
	w.seq++
	return &journal.Op{Device: w.device, Seq: w.seq, Time: journal.HLC{Wall: wall, Logical: logical}, Author: w.author, Kind: kind, Target: target}
}

// record is op for a record version with an opaque payload: replicas do
// not open payloads to judge an op.
func (w *writer) record(target string, epoch uint32, wall int64, logical uint32) *journal.Op {
	op := w.op(vault.KindRecordPut, target, wall, logical)
	_, id, _ := strings.Cut(target, "/")
	client, _, _ := strings.Cut(id, "/")
	op.Scope, op.Epoch, op.Payload = access.ClientScope(client), epoch, []byte("opaque")
	return op
}

// control is op with a JSON payload.
func (w *writer) control(kind, target string, wall int64, logical uint32, payload any) *journal.Op {
	op := w.op(kind, target, wall, logical)
	var err error
	if op.Payload, err = json.Marshal(payload); err != nil {
		w.tb.Fatal(err)
	}
	return op
}

// write signs ops and writes them as the device's next segments, at most
// 1,000 ops each.
func (w *writer) write(ops ...*journal.Op) {
	w.tb.Helper()
	for _, op := range ops {
		op.Sig = seal.Sign(w.k.Sign, "kinko/op/v2", op.SigningBytes())
	}
	for len(ops) > 0 {
		n := min(len(ops), 1000)
		w.seg++
		s := &journal.Segment{Vault: w.folder.Header().Vault, Device: w.device, Number: w.seg, Prev: w.prev, Ops: ops[:n]}
		if err := s.Sign(w.devKey); err != nil {
			w.tb.Fatal(err)
		}
		h, err := w.folder.WriteSegment(s)
		if err != nil {
			w.tb.Fatal(err)
		}
		w.prev, ops = h, ops[n:]
	}
}

// writeJunk writes n ops that wait for what will never come, in equal
// parts: ops of the insider in that name an op nobody wrote, record ops
// and levels for clients that do not exist, a level for a user who does
// not exist, and ops of a stranger (no user's user.add). They are dated
// at, in each device's order.
func writeJunk(tb testing.TB, folder string, in *writer, n int, client string, at time.Time) {
	tb.Helper()
	ghost, err := journal.NewVaultID() // a device id nobody writes under
	if err != nil {
		tb.Fatal(err)
	}
	st := stranger(tb, folder)
	wall := at.UnixMilli()
	var mine, theirs []*journal.Op
	for i := range n {
		l := uint32(i)
		switch i % 5 {
		case 0: // names an op nobody wrote
			op := in.record("client/"+client, 1, wall, l)
			op.Deps = []journal.Dep{{Device: ghost, Seq: uint64(i + 1)}}
			mine = append(mine, op)
		case 1: // a record of a client that does not exist
			fake := fmt.Sprintf("nosuchclient%04d", i%10000)
			mine = append(mine, in.record("client/"+fake, 1, wall, l))
		case 2: // a level on a client that does not exist
			fake := fmt.Sprintf("nosuchclient%04d", i%10000)
			mine = append(mine, in.control(vault.KindLevel, fake, wall, l, map[string]any{"user": in.author, "client": fake, "level": "edit"}))
		case 3: // a level for a user who does not exist
			mine = append(mine, in.control(vault.KindLevel, client, wall, l, map[string]any{"user": fmt.Sprintf("nosuchuser%06d", i), "client": client, "level": "read"}))
		case 4: // a stranger's edit
			theirs = append(theirs, st.record("client/"+client, 1, wall, l))
		}
	}
	in.write(mine...)
	st.write(theirs...)
}

// TestHeldOpsWaitForWhatTheyNeed: 2,000 junk ops written once are held,
// and an import that brings one honest op judges none of them again; ops
// held for ops that do arrive are judged again then, and only they, in
// every arrival order.
func TestHeldOpsWaitForWhatTheyNeed(t *testing.T) {
	const junk = 2000
	o := newOffice(t)
	o.tampered = true // the junk is reported by Verify, on purpose
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	c1 := newClient(t, a, "v1")
	b := o.join("b")
	sync(t, a, b)

	// The junk is dated after everything so far (its author is a user
	// there) and before the honest ops that follow.
	in := userWriter(t, o.folder, "tanaka", "tanaka-pw-X7c9k2")
	writeJunk(t, o.folder, in, junk, c1, o.now.Add(30*time.Second))
	o.now = o.now.Add(time.Minute)
	before := b.Rejudged()
	res, err := b.Sync(nil)
	must(t, err)
	if res.Imported < junk {
		t.Fatalf("junk import: %+v", res)
	}
	held := checkHeld(t, b)
	if held < junk {
		t.Fatalf("%d ops held after importing %d junk ops", held, junk)
	}

	// One honest edit: the import judges it and none of the junk.
	r, err := a.Get("client/" + c1)
	must(t, err)
	_, err = a.Put("client/"+c1, r.Heads(), []byte("v2"))
	must(t, err)
	sync(t, a)
	res, err = b.Sync(nil)
	must(t, err)
	if res.Imported == 0 || res.Quarantined != 0 {
		t.Fatalf("honest import: %+v", res)
	}
	if n := b.Rejudged() - before; n != 0 {
		t.Errorf("importing one honest op judged %d held ops again, want 0", n)
	}
	login(t, b, "shocho")
	if got := get(t, b, "client/"+c1); got != "v2" {
		t.Errorf("client/%s = %q on b", c1, got)
	}

	// An edit that names an op of another device of the insider, not
	// written yet, and a client created by an op that itself waits for
	// an op not written yet: held until those arrive, then applied.
	later := o.now.Add(time.Minute).UnixMilli()
	mine, err := seal.NewKey()
	must(t, err)
	heads, err := a.Get("client/" + c1)
	must(t, err)
	g := userWriter(t, o.folder, "tanaka", "tanaka-pw-X7c9k2") // its op arrives last
	maker := userWriter(t, o.folder, "tanaka", "tanaka-pw-X7c9k2")
	editor := userWriter(t, o.folder, "tanaka", "tanaka-pw-X7c9k2")
	edit := editor.record("client/"+c1, 1, later, 10)
	edit.Parents = heads.Heads()
	edit.Deps = []journal.Dep{{Device: g.device, Seq: 1}}
	create := maker.control(vault.KindClientCreate, "", later, 1, nil)
	create.Deps = []journal.Dep{{Device: g.device, Seq: 1}}
	c2 := vault.ClientIDOf(create)
	create.Target = c2
	create.Payload, _ = json.Marshal(map[string]any{"id": c2})
	scope := access.ClientScope(c2)
	wrapped, err := keys.WrapScopeKey(mine, maker.k.Enc.Recipient())
	must(t, err)
	key := maker.control(vault.KindScopeKey, scope, later, 2, map[string]any{"scope": scope, "epoch": 1, "wrapped": wrapped})
	rec := editor.record("client/"+c2, 1, later, 11)
	rec.Deps = []journal.Dep{{Device: maker.device, Seq: 2}}
	editor.write(edit, rec)
	maker.write(create, key)
	sync(t, a, b)
	for _, op := range []*journal.Op{edit, create, key, rec} {
		if b.HasVersion(op.ID()) || b.Quarantined()[op.ID()] != vault.ReasonPending {
			t.Errorf("op %s (%s) is not held: %q", op.ID(), op.Kind, b.Quarantined()[op.ID()])
		}
	}
	before = b.Rejudged()
	g.write(g.record("person/"+c1+"/p1", 1, later, 0))
	sync(t, b)
	if n := b.Rejudged() - before; n != 4 {
		t.Errorf("the op they wait for woke %d held ops, want the 4 waiting for it and for what it let in", n)
	}
	if !b.HasVersion(edit.ID()) || !b.HasVersion(rec.ID()) {
		t.Errorf("ops held for what arrived are not applied: quarantine %q, %q", b.Quarantined()[edit.ID()], b.Quarantined()[rec.ID()])
	}

	// Every arrival order ends in the same state.
	c := o.join("c")
	all := []*vault.Vault{a, b, c}
	sync(t, all...)
	want := a.Derived()
	for _, v := range all {
		if !v.HasVersion(edit.ID()) || !v.HasVersion(rec.ID()) {
			t.Errorf("replica %s did not apply the ops whose wait ended", v.Device())
		}
		if got := v.Derived(); got != want {
			t.Errorf("replicas %s and %s differ", a.Device(), v.Device())
		}
		if n := checkHeld(t, v); n != held {
			t.Errorf("replica %s holds %d ops, b held %d", v.Device(), n, held)
		}
	}
}

// checkHeld checks v's index of held ops and returns how many it holds.
func checkHeld(t *testing.T, v *vault.Vault) int {
	t.Helper()
	n, err := v.CheckHeld()
	if err != nil {
		t.Fatalf("replica %s: %v", v.Device(), err)
	}
	return n
}

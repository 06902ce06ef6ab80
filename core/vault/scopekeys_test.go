package vault_test

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
)

// scope.keys: a batch publishes its new clients' first keys in one age
// file per recipient set. These tests play staff members running their
// own program: a forged scope.keys op gives nobody a key a scope.key op
// could not, and an honest one reaches exactly the scopes' members.

type batchEntry struct {
	Scope string `json:"scope"`
	Epoch uint32 `json:"epoch"`
}

// batchKeys unwraps, from a scope.keys op, the keys of scope at epoch the
// insider is a recipient of.
func (in *insider) batchKeys(op *journal.Op, scope string, epoch uint32) []seal.Key {
	var rec struct {
		Keys    []batchEntry `json:"keys"`
		Wrapped []byte       `json:"wrapped"`
	}
	if json.Unmarshal(op.Payload, &rec) != nil {
		return nil
	}
	ks, err := keys.UnwrapScopeKeys(rec.Wrapped, len(rec.Keys), in.k.Enc)
	if err != nil {
		return nil
	}
	var out []seal.Key
	for i, e := range rec.Keys {
		if e.Scope == scope && e.Epoch == epoch {
			out = append(out, ks[i])
		}
	}
	return out
}

// scopeKeysOp forges a scope.keys op with fresh keys for entries, wrapped
// to recipients (the insider always among them).
func (in *insider) scopeKeysOp(before *journal.Op, to []*insider, entries ...batchEntry) *journal.Op {
	in.t.Helper()
	ks := make([]seal.Key, len(entries))
	for i := range ks {
		k, err := seal.NewKey()
		must(in.t, err)
		ks[i] = k
	}
	recipients := []age.Recipient{in.recipient()}
	for _, o := range to {
		recipients = append(recipients, o.recipient())
	}
	wrapped, err := keys.WrapScopeKeys(ks, recipients...)
	must(in.t, err)
	return in.control(vault.KindScopeKeys, entries[0].Scope, before, map[string]any{"keys": entries, "wrapped": wrapped})
}

// forgedClient is a client.create of the insider's own, with the id the
// vault derives from the op.
func (in *insider) forgedClient() (*journal.Op, string) {
	op := in.next(vault.KindClientCreate, "", nil)
	sum := sha256.Sum256([]byte("kinko/client-id/v1\x00" + op.ID()))
	id := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:10]))
	op.Target = id
	b, err := json.Marshal(map[string]any{"id": id})
	must(in.t, err)
	op.Payload = b
	return op, id
}

// TestInsiderScopeKeys: a forged scope.keys op is refused whole if any of
// its entries would be refused as a scope.key op — a staff member who is
// no handler makes no My Number key, hidden behind a valid entry or not;
// nobody re-publishes a scope's key in a batch — and a handler may not
// wrap a My Number key together with a client key to the client's wider
// membership. The client's number, stored afterwards, stays unreadable to
// the staff member and readable to the handler.
func TestInsiderScopeKeys(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	tanaka := addUser(t, a, "tanaka", access.Staff, access.Edit)
	hana := addUser(t, a, "hana", access.Handler, access.Edit)
	c1 := newClient(t, a, "client one")
	c2 := createClient(t, a, vault.NewClient{Levels: map[string]access.Level{tanaka: access.Hidden}, Data: []byte("hidden from tanaka")})
	must(t, a.GrantMyNumber(hana, c1))
	sync(t, a)

	staff := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	handler := newInsider(t, o, "hana", "hana-pw-X7c9k2")
	number := access.MyNumberScope(c1)
	// No number is stored yet: c1's My Number scope has no key, and the
	// first to make one would hold every number sealed under it.
	alone := staff.scopeKeysOp(nil, nil, batchEntry{number, 1})
	own, ownID := staff.forgedClient()
	behind := staff.scopeKeysOp(nil, nil, batchEntry{access.ClientScope(ownID), 1}, batchEntry{number, 1})
	rewrap := staff.scopeKeysOp(nil, nil, batchEntry{access.ClientScope(c2), 1})
	hOwn, hID := handler.forgedClient()
	mixed := handler.scopeKeysOp(nil, []*insider{staff}, batchEntry{access.ClientScope(hID), 1}, batchEntry{number, 1})
	// Dated after everything honest, in the order written.
	for i, op := range []*journal.Op{alone, own, behind, rewrap, hOwn, mixed} {
		op.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6 + int64(i)}
	}
	staff.write(alone, own, behind, rewrap)
	handler.write(hOwn, mixed)

	all := judged(t, o, "b", map[string]string{
		alone.ID():  vault.ReasonDenied,
		behind.ID(): vault.ReasonDenied,
		rewrap.ID(): vault.ReasonDenied,
		mixed.ID():  vault.ReasonInvalid,
	}, a)
	if q := all[0].Quarantined(); q[own.ID()] != "" || q[hOwn.ID()] != "" {
		t.Fatalf("the insiders' own clients were refused: %q %q", q[own.ID()], q[hOwn.ID()])
	}
	for _, v := range all {
		login(t, v, "shocho")
	}
	id, err := all[1].Put("mynumber/"+c1+"/p1", nil, []byte("stored after the forgeries"))
	must(t, err)
	sync(t, all...)
	if staff.canRead(id) {
		t.Fatal("a staff member who is no handler can read a My Number")
	}
	if !handler.canRead(id) {
		t.Fatal("the designated handler cannot read the number (the test could not tell)")
	}
	for _, v := range all {
		if got := get(t, v, "mynumber/"+c1+"/p1"); got != "stored after the forgeries" {
			t.Errorf("replica %s: %q", v.Device(), got)
		}
	}
}

// TestBatchScopeKeys: a batch publishes its clients' first keys in one
// scope.keys op per recipient set; each key reaches the members of its
// client and no one else, on this PC and on one that joins.
func TestBatchScopeKeys(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	tanaka := addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "sato", access.Staff, access.Read)
	var open, hidden []string
	must(t, a.Batch(func(b *vault.Batch) error {
		for i := range 6 {
			c := vault.NewClient{Data: []byte("client")}
			if i%2 == 1 {
				c.Levels = map[string]access.Level{tanaka: access.Hidden}
			}
			id, err := b.CreateClient(c)
			if err != nil {
				return err
			}
			if i%2 == 1 {
				hidden = append(hidden, id)
			} else {
				open = append(open, id)
			}
		}
		// A record of a client created in the batch: its key comes first.
		_, err := b.Put("person/"+open[0]+"/p1", nil, []byte("a person"))
		return err
	}))
	sync(t, a)
	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	batches := 0
	for _, op := range in.ops() {
		if op.Kind == vault.KindScopeKeys {
			batches++
		}
		if op.Kind == vault.KindScopeKey && strings.HasPrefix(op.Target, "client:") {
			t.Errorf("a client key of the batch was published alone: %s", op.Target)
		}
	}
	if batches != 2 {
		t.Errorf("%d scope.keys ops, want 2 (one per recipient set)", batches)
	}
	for _, c := range open {
		if _, ok := in.scopeKey(access.ClientScope(c), 1); !ok {
			t.Errorf("tanaka lacks the key of client %s open to them", c)
		}
	}
	for _, c := range hidden {
		if _, ok := in.scopeKey(access.ClientScope(c), 1); ok {
			t.Errorf("tanaka holds the key of client %s hidden from them", c)
		}
	}
	b := o.join("b")
	login(t, b, "sato")
	for _, c := range append(open, hidden...) {
		if got := get(t, b, "client/"+c); got != "client" {
			t.Errorf("sato on the joined PC reads client %s as %q", c, got)
		}
	}
	if got := get(t, b, "person/"+open[0]+"/p1"); got != "a person" {
		t.Errorf("person: %q", got)
	}
	if q := b.Quarantined(); len(q) != 0 {
		t.Errorf("the joined PC quarantined the batch: %v", q)
	}
}

// TestBatchRecordsSignedTogether: a batch signs its new records a few
// hundred at a time on every core; they are applied in order, a record
// put twice is refused as existing, an edit of one queued a moment ago
// sees it, and another PC receives the whole batch with nothing held.
func TestBatchRecordsSignedTogether(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	var client, first, edited string
	const n = 1300 // more than two signing groups
	must(t, a.Batch(func(b *vault.Batch) error {
		var err error
		if client, err = b.CreateClient(vault.NewClient{Data: []byte("client")}); err != nil {
			return err
		}
		for i := range n {
			id, err := b.Put(fmt.Sprintf("person/%s/p%04d", client, i), nil, fmt.Appendf(nil, "person %d", i))
			if err != nil {
				return err
			}
			if i == 0 {
				first = id
			}
		}
		if _, err := b.Put("person/"+client+"/p0001", nil, []byte("again")); !errors.Is(err, vault.ErrExists) {
			return fmt.Errorf("a record put twice: %v", err)
		}
		edited, err = b.Put("person/"+client+"/p0000", []string{first}, []byte("person 0, edited"))
		return err
	}))
	if edited == "" {
		t.Fatal("no edit")
	}
	b := o.join("b")
	login(t, b, "shocho")
	for _, v := range []*vault.Vault{a, b} {
		if got := get(t, v, "person/"+client+"/p0000"); got != "person 0, edited" {
			t.Errorf("replica %s: %q", v.Device(), got)
		}
		if got := get(t, v, fmt.Sprintf("person/%s/p%04d", client, n-1)); got != fmt.Sprintf("person %d", n-1) {
			t.Errorf("replica %s: %q", v.Device(), got)
		}
		recs, err := v.List("person/" + client + "/")
		must(t, err)
		if len(recs) != n {
			t.Errorf("replica %s lists %d people, want %d", v.Device(), len(recs), n)
		}
		if q := v.Quarantined(); len(q) != 0 {
			t.Errorf("replica %s quarantined %v", v.Device(), q)
		}
	}
}

package vault_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// A member's first login on a joined PC opens every client's key at once
// and keeps them in the PC's key cache. When a 責任者 then withdraws the
// member's access, the key is rotated and the client's records are sealed
// again: neither the cache, nor the session, nor anything the member's own
// program can take from the replica opens a record written after that.
func TestKeyCacheAfterRevocation(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	sato := addUser(t, a, "sato", access.Staff, access.Edit)
	c := newClient(t, a, `{"name":"株式会社サンプル"}`)
	other := newClient(t, a, `{"name":"株式会社ミドリ"}`)
	must(t, func() error { _, err := a.Put("person/"+c+"/p1", nil, []byte(`{"name":"山田 花子"}`)); return err }())
	b := o.join("b")
	login(t, b, "sato")
	n := 0
	must(t, b.Scan("client/", func(string, []byte) error { n++; return nil }))
	if n != 2 {
		t.Fatalf("sato reads %d clients at first login, want 2", n)
	}
	cached, err := b.CachedKeys()
	must(t, err)
	if len(cached) < 2 {
		t.Fatalf("the first login cached %d client keys", len(cached))
	}
	b.Lock()

	must(t, a.SetLevel(sato, c, access.Hidden))
	must(t, func() error { _, err := a.Put("person/"+c+"/p2", nil, []byte(`{"name":"鈴木 一郎"}`)); return err }())
	sync(t, a, b)

	login(t, b, "sato")
	var seen []string
	must(t, b.Scan("person/", func(target string, _ []byte) error { seen = append(seen, target); return nil }))
	if len(seen) != 0 {
		t.Fatalf("sato still reads %v", seen)
	}
	if _, err := b.Get("person/" + c + "/p2"); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("get after revocation: %v", err)
	}
	if got := get(t, b, "client/"+other); !strings.Contains(got, "ミドリ") {
		t.Fatalf("the other client: %s", got)
	}
	// Past the roster: every key the session holds and every key in the
	// replica's cache sato can open.
	held, err := b.ScopeKeys()
	must(t, err)
	cached, err = b.CachedKeys()
	must(t, err)
	for name, k := range held {
		cached = append(cached, k)
		if strings.HasPrefix(name, access.ClientScope(c)+" ") && !strings.HasSuffix(name, " 1") {
			t.Fatalf("sato holds %s", name)
		}
	}
	for _, target := range []string{"person/" + c + "/p2", "person/" + c + "/p1", "client/" + c} {
		for _, k := range cached {
			if ok, err := b.OpensHead(target, k); err != nil || ok {
				t.Fatalf("a key sato holds opens %s after the revocation (%v)", target, err)
			}
		}
	}
}

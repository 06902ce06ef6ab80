package vault_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/vault"
)

func TestCreateEditReopen(t *testing.T) {
	o := newOffice(t)
	v, rec := o.create()
	if rec == nil || rec.String() == "" {
		t.Fatal("no recovery key")
	}
	c1 := newClient(t, v, `{"name":"株式会社サンプル"}`)
	if got := get(t, v, "client/"+c1); got != `{"name":"株式会社サンプル"}` {
		t.Fatalf("got %q", got)
	}
	r, _ := v.Get("client/" + c1)
	if _, err := v.Put("client/"+c1, r.Heads(), []byte(`{"name":"株式会社サンプル商事"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Put("client/"+c1, r.Heads(), []byte(`x`)); !errors.Is(err, vault.ErrStale) {
		t.Fatalf("edit from a stale parent: %v, want ErrStale", err)
	}
	if _, err := v.Put("client/"+c1, nil, []byte(`x`)); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("create over an existing record: %v, want ErrExists", err)
	}
	id := v.ID()
	must(t, v.Close())

	re, err := vault.Open(id, o.opts("a"))
	must(t, err)
	o.cleanup(re, "a")
	if _, err := re.Get("client/" + c1); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("read before login: %v, want ErrLocked", err)
	}
	login(t, re, "shocho")
	if got := get(t, re, "client/"+c1); got != `{"name":"株式会社サンプル商事"}` {
		t.Fatalf("after reopen got %q", got)
	}
	if st := re.Status(); st.Outbox == 0 {
		t.Fatalf("edits not yet synced must wait in the outbox: %+v", st)
	}
	_, err = re.Sync(nil)
	must(t, err)
	st := re.Status()
	if st.Outbox != 0 || st.Name != "山田税理士事務所" || len(st.Devices) != 1 || st.Devices[0].Name != "a" || st.Devices[0].LastOp != o.now.UnixMilli() {
		t.Fatalf("status %+v", st)
	}
}

func TestWrongPasswordAndThrottle(t *testing.T) {
	o := newOffice(t)
	v, _ := o.create()
	v.Lock()
	for i := range 3 {
		if err := v.Login("shocho", []byte("wrong password")); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// The fourth attempt must wait, even with the right password.
	var th *vault.ThrottledError
	if err := v.Login("shocho", []byte(adminPass)); !errors.As(err, &th) || th.Wait <= 0 {
		t.Fatalf("after 3 failures: %v, want ThrottledError", err)
	}
	o.now = o.now.Add(th.Wait)
	must(t, v.Login("shocho", []byte(adminPass)))
	if err := v.Login("nobody", []byte(adminPass)); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("unknown login: %v, want ErrWrongPassword (not told apart)", err)
	}
}

func TestTwoPCsConflictAndResolve(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "sato", access.Handler, access.Edit)
	c1 := newClient(t, a, "v1")
	b := o.join("b")
	sync(t, a, b)
	login(t, b, "sato")
	if got := get(t, b, "client/"+c1); got != "v1" {
		t.Fatalf("b sees %q", got)
	}
	ra, _ := a.Get("client/" + c1)
	rb, _ := b.Get("client/" + c1)
	_, err := a.Put("client/"+c1, ra.Heads(), []byte("edit on a"))
	must(t, err)
	_, err = b.Put("client/"+c1, rb.Heads(), []byte("edit on b"))
	must(t, err)
	sync(t, a, b)
	for _, v := range []*vault.Vault{a, b} {
		r, err := v.Get("client/" + c1)
		must(t, err)
		if !r.Conflict() {
			t.Fatalf("%s: concurrent edits must be a conflict", v.Device())
		}
		var data []string
		for _, ver := range r.Versions {
			data = append(data, string(ver.Data))
		}
		slices.Sort(data)
		if !slices.Equal(data, []string{"edit on a", "edit on b"}) {
			t.Fatalf("%s: both versions must be kept, got %q", v.Device(), data)
		}
		cs, err := v.Conflicts()
		must(t, err)
		if len(cs) != 1 || v.Status().Conflicts != 1 {
			t.Fatalf("%s: conflicts %d / status %d", v.Device(), len(cs), v.Status().Conflicts)
		}
	}
	r, _ := b.Get("client/" + c1)
	_, err = b.Put("client/"+c1, r.Heads(), []byte("merged"))
	must(t, err)
	sync(t, a, b)
	for _, v := range []*vault.Vault{a, b} {
		if got := get(t, v, "client/"+c1); got != "merged" {
			t.Fatalf("%s after resolve: %q", v.Device(), got)
		}
	}
}

func TestFolderUnreachable(t *testing.T) {
	o := newOffice(t)
	v, _ := o.create()
	moved := o.folder + ".away"
	must(t, renameDir(o.folder, moved))
	// The NAS is gone: edits are acknowledged locally and wait in the outbox.
	c1 := newClient(t, v, "offline edit")
	if _, err := v.Sync(nil); !errors.Is(err, journal.ErrUnavailable) {
		t.Fatalf("sync without folder: %v", err)
	}
	st := v.Status()
	if st.Reachable || st.Outbox == 0 {
		t.Fatalf("status while away: %+v", st)
	}
	must(t, renameDir(moved, o.folder))
	res, err := v.Sync(nil)
	must(t, err)
	if res.Written == 0 || v.Status().Outbox != 0 {
		t.Fatalf("outbox not flushed: %+v", res)
	}
	b := o.join("b")
	login(t, b, "shocho")
	if got := get(t, b, "client/"+c1); got != "offline edit" {
		t.Fatalf("other PC sees %q", got)
	}
}

func TestRememberMe(t *testing.T) {
	o := newOffice(t)
	v, _ := o.create()
	kc := keychain.NewMemory()
	must(t, v.Remember(kc))
	user := v.User()
	v.Lock()
	if !v.Remembered(user) {
		t.Fatal("not remembered")
	}
	must(t, v.LoginRemembered(kc, user))
	newClient(t, v, "x")
	must(t, v.Forget(kc, user))
	v.Lock()
	if err := v.LoginRemembered(kc, user); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("after Forget: %v", err)
	}
}

func TestPasswordChangeAndRecovery(t *testing.T) {
	o := newOffice(t)
	v, rec := o.create()
	must(t, v.ChangePassword([]byte(adminPass), []byte("a new long password")))
	v.Lock()
	if err := v.Login("shocho", []byte(adminPass)); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("old password still works: %v", err)
	}
	must(t, v.Login("shocho", []byte("a new long password")))
	if err := v.ChangePassword([]byte("a new long password"), []byte("short")); !errors.Is(err, vault.ErrWeakPassword) {
		t.Fatalf("short password: %v", err)
	}
	v.Lock()
	// Forgotten password: the recovery sheet lets the user set a new one.
	must(t, v.ResetPassword("shocho", rec, []byte("recovered password 1")))
	if v.User() == "" {
		t.Fatal("reset must log the user in")
	}
	v.Lock()
	must(t, v.Login("shocho", []byte("recovered password 1")))
	// Another vault's recovery key is refused.
	o2 := newOffice(t)
	_, other := o2.create()
	v.Lock()
	if err := v.ResetPassword("shocho", other, []byte("recovered password 2")); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("foreign recovery key: %v", err)
	}
}

var _ = time.Second

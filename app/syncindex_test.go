package app_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// names returns the names of the hits of the window's search for q.
func names(t *testing.T, a *app.App, q string) map[string]string {
	t.Helper()
	hits, err := app.Clients(a).Search(q, 50)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, h := range hits {
		out[h.Name] = h.ClientName
	}
	return out
}

// pollUntil syncs PC b as its poll does until ok holds: besides the sync
// the test asks for, the background sync may be woken by the folder's
// file events and import first; both go through the same update.
func pollUntil(t *testing.T, b *app.App, what string, ok func() bool) {
	t.Helper()
	for range 100 {
		if _, err := b.Vault().SyncNow(); err != nil {
			t.Fatal(err)
		}
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("PC b's search never saw %s", what)
}

// joinedApp is the app of a PC that joins the vault in nas, with login
// logged in.
func joinedApp(t *testing.T, dataDir string, clk *clock, nas, login, password string) *app.App {
	t.Helper()
	b, _ := newVaultApp(t, dataDir, clk)
	if _, err := b.Vault().Join(nas); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Vault().Login(login, password, false); err != nil {
		t.Fatal(err)
	}
	return b
}

// Two PCs: what PC a writes reaches PC b's search box through PC b's
// poll, which updates the session's index from the sync's changed targets
// instead of building a new one (it did, from every record, after every
// sync that imported anything).
func TestPollUpdatesSearchIndex(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	nas := filepath.Join(dir, "nas")
	a, _ := newVaultApp(t, filepath.Join(dir, "pc-a"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: nas, Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	sato, err := a.Vault().AddUser(app.NewUserRequest{Login: "sato", Name: "佐藤", Password: "sato-pw-X7c9k2", Role: "staff", Default: "edit"})
	if err != nil {
		t.Fatal(err)
	}
	ca := app.Clients(a)
	first, err := ca.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Kana: "さんぷる"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ca.SavePerson(records.Person{ClientID: first, Roles: []records.PersonRole{records.RoleEmployee}, Name: "山田 花子", Kana: "ヤマダ ハナコ"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	leaving, err := ca.SavePerson(records.Person{ClientID: first, Roles: []records.PersonRole{records.RoleEmployee}, Name: "田中 次郎", Kana: "タナカ ジロウ"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := ca.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社ヒミツ", Kana: "ひみつ"}, false, []string{sato})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}

	b := joinedApp(t, filepath.Join(dir, "pc-b"), clk, nas, "sato", "sato-pw-X7c9k2")
	if _, ok := names(t, b, "サンプル")["株式会社サンプル"]; !ok {
		t.Fatalf("PC b before: %v", names(t, b, "サンプル"))
	}
	if got := names(t, b, "ヒミツ"); len(got) != 0 {
		t.Fatalf("a client hidden from sato is found: %v", got)
	}
	built := app.SessionOffice(b)

	// PC a: a new client, a renamed one, a new person, a deleted person.
	clk.add(time.Minute)
	if _, err := ca.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社ミドリ", Kana: "みどり"}, false, nil); err != nil {
		t.Fatal(err)
	}
	cv, err := ca.Client(first)
	if err != nil {
		t.Fatal(err)
	}
	cv.Client.Name, cv.Client.Kana = "株式会社アオバ", "あおば"
	if err := ca.UpdateClient(cv.Client, cv.Versions); err != nil {
		t.Fatal(err)
	}
	if _, err := ca.SavePerson(records.Person{ClientID: first, Roles: []records.PersonRole{records.RoleEmployee}, Name: "鈴木 一郎", Kana: "スズキ イチロウ"}, nil); err != nil {
		t.Fatal(err)
	}
	pv, err := ca.Person(first, leaving)
	if err != nil {
		t.Fatal(err)
	}
	if err := ca.DeletePerson(first, leaving, pv.Versions); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	pollUntil(t, b, "PC a's changes", func() bool { return len(names(t, b, "ミドリ")) == 1 })
	if got := names(t, b, "アオバ"); len(got) != 3 { // the client and its two people
		t.Fatalf("renamed client: %v", got)
	}
	if got := names(t, b, "サンプル"); len(got) != 0 {
		t.Fatalf("the old name is still found: %v", got)
	}
	if got := names(t, b, "スズキ"); got["鈴木 一郎"] != "株式会社アオバ" {
		t.Fatalf("new person: %v", got)
	}
	if got := names(t, b, "ヤマダ"); got["山田 花子"] != "株式会社アオバ" {
		t.Fatalf("a renamed client's person keeps the old client name: %v", got)
	}
	if got := names(t, b, "タナカ"); len(got) != 0 {
		t.Fatalf("deleted person still found: %v", got)
	}

	// Access-log entries only: PC a reads a client (one entry), PC b imports it.
	clk.add(time.Minute)
	if _, err := ca.Client(first); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	if app.SessionOffice(b) != built {
		t.Fatal("PC b's poll built a new index instead of updating the one from login")
	}

	// Access: sato is given the hidden client, then loses it again. PC a
	// has seen PC b's ops (sato's login), as its poll brings them. (A level
	// op that sorts before an op PC b wrote meanwhile makes PC b's replica
	// replay; its index is then reloaded whole, so no check of that here.)
	for _, step := range []struct {
		level string
		found int
	}{{"read", 1}, {"hidden", 0}} {
		clk.add(time.Minute)
		if _, err := a.Vault().SyncNow(); err != nil {
			t.Fatal(err)
		}
		if err := a.Vault().SetLevel(sato, hidden, step.level); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Vault().SyncNow(); err != nil {
			t.Fatal(err)
		}
		pollUntil(t, b, "sato's level "+step.level, func() bool { return len(names(t, b, "ヒミツ")) == step.found })
	}
}

// canceler cancels the login at its first progress report.
type canceler struct {
	recorder
	a        *app.App
	progress int
}

func (c *canceler) Emit(name string, data any) {
	c.recorder.Emit(name, data)
	if name == app.EventLoginProgress && c.a != nil {
		c.progress++
		c.a.Vault().CancelLogin()
	}
}

// A login shows its progress while it builds the search index, and
// cancelling it brings the login form back: the vault is locked again,
// the lock logged, and the error is job.canceled.
func TestLoginProgressAndCancel(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	em := &canceler{}
	a := app.New(app.Options{Emitter: em, DataDir: filepath.Join(dir, "pc"), Keys: fastAppKeys, Now: clk.now,
		SyncInterval: time.Hour, IdleLock: 10 * time.Minute})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Clients(a).CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false, nil); err != nil {
		t.Fatal(err)
	}
	a.Vault().Lock()
	if _, err := a.Vault().Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if n := len(em.named(app.EventLoginProgress)); n == 0 {
		t.Fatal("no login progress")
	}
	a.Vault().Lock()
	em.a = a
	st, err := a.Vault().Login("yamada", "yamada-pw-X7c9k2", false)
	if code(err) != "job.canceled" || st.Phase != app.PhaseLocked || em.progress == 0 {
		t.Fatalf("cancelled login: %s, %v (%d reports)", st.Phase, err, em.progress)
	}
	if st, _ := a.Vault().State(); st.Phase != app.PhaseLocked {
		t.Fatalf("after cancel: %s", st.Phase)
	}
	em.a = nil
	if _, err := a.Vault().Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	entries, err := app.LogEntries(a)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Detail == "login_canceled"
	}
	if !found {
		t.Fatal("the cancelled login's lock is not in the log")
	}
	if hits, err := app.Clients(a).Search("サンプル", 10); err != nil || len(hits) != 1 {
		t.Fatalf("search after login: %v, %v", hits, err)
	}
}

var fastAppKeys = &keys.Options{WorkFactor: 10}

// A sync that imports while a login builds the search index (the other
// PC wrote since this one last logged in: the usual case) does not start
// a second build beside it — which doubled a login's time and memory — and
// what it brought is in the index the login ends with: whether the sync
// comes right after the session starts, before the build has begun, or
// once the build has read every record.
func TestSyncDuringLoginIndexBuild(t *testing.T) {
	for _, stage := range []string{"session", "scanned"} {
		t.Run(stage, func(t *testing.T) { testSyncDuringLogin(t, stage) })
	}
}

func testSyncDuringLogin(t *testing.T, stage string) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	nas := filepath.Join(dir, "nas")
	a, _ := newVaultApp(t, filepath.Join(dir, "pc-a"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: nas, Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	ca := app.Clients(a)
	first, err := ca.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Kana: "さんぷる"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	b := joinedApp(t, filepath.Join(dir, "pc-b"), clk, nas, "yamada", "yamada-pw-X7c9k2")
	b.Vault().Lock()

	// PC b logs in. At the stage, PC a adds a client and renames one, and
	// PC b's poll imports that (the hook: the window's poll, at that
	// moment) before the login ends.
	imported := 0
	app.SetLoginHook(func(at string) {
		if at != stage {
			return
		}
		clk.add(time.Minute)
		if _, err := ca.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社ミドリ", Kana: "みどり"}, false, nil); err != nil {
			t.Error(err)
		}
		cv, err := ca.Client(first)
		if err != nil {
			t.Error(err)
			return
		}
		cv.Client.Name, cv.Client.Kana = "株式会社アオバ", "あおば"
		if err := ca.UpdateClient(cv.Client, cv.Versions); err != nil {
			t.Error(err)
		}
		if _, err := a.Vault().SyncNow(); err != nil {
			t.Error(err)
		}
		before, err := b.Vault().Status()
		if err != nil {
			t.Error(err)
		}
		after, err := b.Vault().SyncNow()
		if err != nil {
			t.Error(err)
		}
		imported = after.Ops - before.Ops
	})
	t.Cleanup(func() { app.SetLoginHook(nil) })
	builds := app.IndexBuilds(b)
	if _, err := b.Vault().Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	app.SetLoginHook(nil)
	if imported <= 0 {
		t.Fatalf("the sync during the login imported %d ops: the test does not test", imported)
	}
	if n := app.IndexBuilds(b) - builds; n != 1 {
		t.Fatalf("%d indexes built for one login", n)
	}
	if got := names(t, b, "ミドリ"); len(got) != 1 {
		t.Fatalf("the client the sync brought is not found: %v", got)
	}
	if got := names(t, b, "アオバ"); len(got) != 1 {
		t.Fatalf("the renamed client: %v", got)
	}
	if got := names(t, b, "サンプル"); len(got) != 0 {
		t.Fatalf("the old name is still found: %v", got)
	}
	if app.IndexBuilds(b)-builds != 1 {
		t.Fatal("the searches built another index")
	}
}

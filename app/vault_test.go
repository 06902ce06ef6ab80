package app_test

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// clock is a settable clock for the idle lock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newVaultApp(t *testing.T, dataDir string, clk *clock) (*app.App, *recorder) {
	t.Helper()
	rec := &recorder{}
	a := app.New(app.Options{Emitter: rec, DataDir: dataDir, Keys: &keys.Options{WorkFactor: 10},
		Keychain: keychain.NewMemory(), Now: clk.now, SyncInterval: time.Hour, IdleLock: 10 * time.Minute})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	return a, rec
}

func code(err error) string {
	var e *app.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestVaultServiceLifecycle walks the screens of the first run as the
// window does: setup → create (recovery sheet) → open → idle lock → wrong
// password → login; then a second PC joins and sees the users.
func TestVaultServiceLifecycle(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, rec := newVaultApp(t, filepath.Join(dir, "pc-a"), clk)
	v := a.Vault()

	st, err := v.State()
	if err != nil || st.Phase != app.PhaseSetup || st.SuggestedFolder == "" {
		t.Fatalf("first state: %+v, %v", st, err)
	}
	if _, err := v.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: "short"}); code(err) != "vault.weak_password" {
		t.Fatalf("weak password: %v", err)
	}
	sheet, err := v.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet.Groups) < 10 || !strings.HasPrefix(sheet.QRSVG, "<svg") || !strings.HasPrefix(sheet.Key, "AGE-SECRET-KEY-1") {
		t.Fatalf("recovery sheet incomplete: %d groups", len(sheet.Groups))
	}
	if _, err := keys.ParseRecovery(strings.Join(sheet.Groups, " ")); err != nil {
		t.Fatalf("the printed groups do not type back: %v", err)
	}
	if st, _ := v.State(); st.Phase != app.PhaseOpen || st.User == nil || st.User.Login != "yamada" {
		t.Fatalf("after create: %+v", st)
	}
	if len(rec.named(app.EventVaultState)) == 0 {
		t.Fatal("no vault:state event")
	}

	// Idle: nothing for ten minutes locks the vault.
	clk.add(9 * time.Minute)
	app.CheckIdle(a, false)
	if st, _ := v.State(); st.Phase != app.PhaseOpen {
		t.Fatal("locked too early")
	}
	clk.add(time.Minute)
	app.CheckIdle(a, false)
	if st, _ := v.State(); st.Phase != app.PhaseLocked {
		t.Fatalf("not locked after 10 idle minutes: %s", st.Phase)
	}
	if _, err := v.Status(); err != nil {
		t.Fatalf("status needs no login: %v", err)
	}
	if _, err := v.Matrix(); code(err) != "vault.locked" {
		t.Fatalf("matrix while locked: %v", err)
	}
	if _, err := v.Login("yamada", "wrong password", false); code(err) != "vault.wrong_password" {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := v.Login("yamada", "yamada-pw-X7c9k2", true); err != nil {
		t.Fatal(err)
	}
	// The OS session lock locks at once.
	app.CheckIdle(a, true)
	st, _ = v.State()
	if st.Phase != app.PhaseLocked || len(st.Remembered) != 1 {
		t.Fatalf("after OS lock: %+v", st)
	}
	if _, err := v.LoginRemembered(st.Remembered[0]); err != nil {
		t.Fatalf("remembered login: %v", err)
	}

	if _, err := v.AddUser(app.NewUserRequest{Login: "sato", Name: "佐藤", Password: "sato-pw-X7c9k2", Role: "handler", Default: "edit"}); err != nil {
		t.Fatal(err)
	}
	id, err := v.CreateClient("株式会社サンプル", false)
	if err != nil {
		t.Fatal(err)
	}
	if cv, err := app.Clients(a).Client(id); err != nil || cv.Client.ID != id || cv.Client.Kind == "" {
		t.Fatalf("a client added from user management is a whole client: %+v, %v", cv, err)
	}
	m, err := v.Matrix()
	if err != nil || len(m.Clients) != 1 || m.Clients[0].ID != id || m.Clients[0].Name != "株式会社サンプル" || len(m.Users) != 2 {
		t.Fatalf("matrix: %+v, %v", m, err)
	}
	if _, err := v.SyncNow(); err != nil {
		t.Fatal(err)
	}

	b, _ := newVaultApp(t, filepath.Join(dir, "pc-b"), clk)
	st2, err := b.Vault().Join(filepath.Join(dir, "nas"))
	if err != nil || st2.Phase != app.PhaseLocked || len(st2.Accounts) != 2 {
		t.Fatalf("join: %+v, %v", st2, err)
	}
	if _, err := b.Vault().Login("sato", "sato-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if err := b.Vault().SetLevel(st2.Accounts[0].ID, id, "read"); code(err) != "access.not_admin" {
		t.Fatalf("staff setting a level: %v", err)
	}
}

// The backup scheduler's polls are not activity: an idle vault still locks
// after ten minutes while the scheduler looks for plans every few
// milliseconds (it did not, when each poll counted as a touch).
func TestIdleLockWhileSchedulerPolls(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a := app.New(app.Options{Emitter: &recorder{}, DataDir: filepath.Join(dir, "pc"), Keys: &keys.Options{WorkFactor: 10},
		Keychain: keychain.NewMemory(), Now: clk.now, SyncInterval: time.Hour, IdleLock: 10 * time.Minute, BackupPoll: 5 * time.Millisecond})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	v := a.Vault()
	if _, err := v.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2"}); err != nil {
		t.Fatal(err)
	}
	clk.add(10 * time.Minute)
	time.Sleep(100 * time.Millisecond) // many polls, all after the clock moved
	app.CheckIdle(a, false)
	if st, _ := v.State(); st.Phase != app.PhaseLocked {
		t.Fatalf("not locked after 10 idle minutes while the scheduler polls: %s", st.Phase)
	}
}

package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The kit: real vault folders and real bbolt replicas in wintest.TempDir(t). Every
// replica a test opens is closed, re-opened, consistency-checked and the
// vault verified on cleanup, so every test is also an integrity test.

var fastKeys = &keys.Options{WorkFactor: 10}

const adminPass = "correct horse battery"

type office struct {
	t      *testing.T
	folder string
	now    time.Time

	tampered bool // the test damaged the journal on purpose: skip the final verify
	open     []*vault.Vault
}

func newOffice(t *testing.T) *office {
	t.Helper()
	return &office{t: t, folder: filepath.Join(wintest.TempDir(t), "NAS", "Kinko"), now: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
}

// opts returns the options of one PC (its own data folder).
func (o *office) opts(pc string) vault.Options {
	dir := filepath.Join(filepath.Dir(filepath.Dir(o.folder)), "pc-"+pc)
	return vault.Options{DataDir: dir, Keys: fastKeys, PCName: pc, OSUser: "user-" + pc, Now: func() time.Time { return o.now }}
}

// create makes the vault on PC "a" with 責任者 "shocho" and returns it logged in.
func (o *office) create() (*vault.Vault, *keys.Recovery) {
	o.t.Helper()
	v, rec, err := vault.Create(o.folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true}, o.opts("a"))
	if err != nil {
		o.t.Fatalf("Create: %v", err)
	}
	o.cleanup(v, "a")
	o.open = append(o.open, v)
	return v, rec
}

// join joins the vault from PC pc, after the PCs already in the office
// have written their outboxes to the vault folder.
func (o *office) join(pc string) *vault.Vault {
	o.t.Helper()
	for _, v := range o.open {
		v.Sync(nil)
	}
	v, err := vault.Join(o.folder, o.opts(pc))
	if err != nil {
		o.t.Fatalf("Join %s: %v", pc, err)
	}
	o.cleanup(v, pc)
	o.open = append(o.open, v)
	return v
}

// cleanup closes v at the end of the test, re-opens its replica, runs
// bbolt's consistency check on it, checks its index of held ops and
// verifies the vault folder.
func (o *office) cleanup(v *vault.Vault, pc string) {
	t := o.t
	id := v.ID()
	t.Cleanup(func() {
		v.Close()
		path := filepath.Join(o.opts(pc).DataDir, "vaults", id, "replica.db")
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			t.Errorf("reopen replica of %s: %v", pc, err)
			return
		}
		db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				t.Errorf("bbolt check of %s: %v", pc, err)
			}
			return nil
		})
		db.Close()
		if _, err := os.Stat(o.folder); err != nil {
			return // the test removed the folder on purpose
		}
		re, err := vault.Open(id, o.opts(pc))
		if err != nil {
			t.Errorf("re-open %s: %v", pc, err)
			return
		}
		defer re.Close()
		if _, err := re.CheckHeld(); err != nil {
			t.Errorf("held ops of %s: %v", pc, err)
		}
		if !t.Failed() && !o.tampered {
			rpt, err := re.Verify(context.Background(), nil)
			if err != nil {
				t.Errorf("verify from %s: %v", pc, err)
			} else if !rpt.OK() {
				t.Errorf("verify from %s: %+v", pc, rpt.Problems)
			}
		}
	})
}

// newClient creates a client whose first record is data and returns the
// id the vault assigned to it.
func newClient(t *testing.T, v *vault.Vault, data string) string {
	t.Helper()
	return createClient(t, v, vault.NewClient{Data: []byte(data)})
}

// newOwnerOnlyClient is newClient for a client marked 所長のみ.
func newOwnerOnlyClient(t *testing.T, v *vault.Vault, data string) string {
	t.Helper()
	return createClient(t, v, vault.NewClient{OwnerOnly: true, Data: []byte(data)})
}

func createClient(t *testing.T, v *vault.Vault, c vault.NewClient) string {
	t.Helper()
	id, err := v.CreateClient(c)
	if err != nil {
		t.Fatalf("CreateClient: %v", err)
	}
	return id
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sync(t *testing.T, vs ...*vault.Vault) {
	t.Helper()
	for range 2 {
		for _, v := range vs {
			if _, err := v.Sync(nil); err != nil {
				t.Fatalf("sync %s: %v", v.Device(), err)
			}
		}
	}
}

func addUser(t *testing.T, v *vault.Vault, login string, role access.Role, def access.Level) string {
	t.Helper()
	id, err := v.AddUser(vault.NewUser{Login: login, Name: login + " さん", Password: []byte(login + "-pw-X7c9k2"), Role: role, Default: def})
	if err != nil {
		t.Fatalf("AddUser %s: %v", login, err)
	}
	return id
}

func login(t *testing.T, v *vault.Vault, who string) {
	t.Helper()
	pw := who + "-pw-X7c9k2"
	if who == "shocho" {
		pw = adminPass
	}
	v.Lock()
	if err := v.Login(who, []byte(pw)); err != nil {
		t.Fatalf("login %s: %v", who, err)
	}
}

func get(t *testing.T, v *vault.Vault, target string) string {
	t.Helper()
	r, err := v.Get(target)
	if err != nil {
		t.Fatalf("get %s: %v", target, err)
	}
	if r.Conflict() {
		t.Fatalf("get %s: unexpected conflict", target)
	}
	return string(r.Versions[0].Data)
}

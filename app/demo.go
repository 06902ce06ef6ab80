package app

import (
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
)

// The demo vault: a separate vault in the data folder with invented
// clients, people and My Numbers (all marked 【サンプル】), so a newcomer can
// try every screen without real data. Its password is public.

// DemoLogin is the demo vault's user.
const DemoLogin = "demo"

func demoFolder(dataDir string) string { return filepath.Join(dataDir, "demo-vault") }

// WithoutDemo is known (the vaults of the PC whose data folder is dataDir)
// without the demo vault: the office's vaults, which the window opens by
// itself at start and a CLI verb uses without --vault.
func WithoutDemo(dataDir string, known []vault.Summary) []vault.Summary {
	out := make([]vault.Summary, 0, len(known))
	for _, k := range known {
		if k.Folder != demoFolder(dataDir) {
			out = append(out, k)
		}
	}
	return out
}

// CreateDemo creates (or reopens) the demo vault, logs in and fills it.
func (s *VaultService) CreateDemo() (VaultState, error) {
	v, err := OpenDemo(s.opts(), s.now, DoorWindow)
	if err != nil {
		return VaultState{}, Err(err)
	}
	s.mu.Lock()
	s.closeLocked()
	s.attach(v)
	s.touched = s.now()
	s.mu.Unlock()
	return s.changed(), nil
}

// LeaveDemo ends the demo: it locks and closes the demo vault and returns
// to the start screen — the first-run wizard when the PC has no office
// vault yet, else the vault picker. The demo vault stays on the PC (the
// wizard's demo button reopens it). Any other vault is left alone.
func (s *VaultService) LeaveDemo() (VaultState, error) {
	s.mu.Lock()
	demo := s.v != nil && s.v.Folder() == demoFolder(s.a.opt.DataDir)
	s.mu.Unlock()
	if !demo {
		return s.changed(), nil
	}
	s.lock("")
	s.mu.Lock()
	s.closeLocked()
	s.mu.Unlock()
	return s.changed(), nil
}

// OpenDemo opens the demo vault of opt.DataDir, creating and seeding it
// the first time, and returns it logged in (the GUI's button and `kinko
// demo` share it, each with its door). It writes one entry: the login, or
// the demo vault's creation.
func OpenDemo(opt vault.Options, now func() time.Time, door Door) (*vault.Vault, error) {
	folder := demoFolder(opt.DataDir)
	known, _ := vault.Known(opt.DataDir)
	for _, k := range known {
		if k.Folder == folder {
			v, err := vault.Open(k.ID, opt)
			if err != nil {
				return nil, err
			}
			if err := (Session{Vault: v, Door: door}).Login(DemoLogin, []byte(office.DemoPassword), "demo"); err != nil {
				v.Close()
				return nil, err
			}
			return v, nil
		}
	}
	v, _, err := vault.Create(folder, "【デモ】サンプル税理士事務所", vault.NewUser{Login: DemoLogin, Name: "デモ 利用者",
		Password: []byte(office.DemoPassword), Handler: true}, opt)
	if err != nil {
		return nil, err
	}
	t := now()
	today, _ := mynumber.NewDate(t.Year(), t.Month(), t.Day())
	err = office.Seed(office.New(v), today)
	if err := (Session{Vault: v, Door: door}).Trace(audit.Entry{Action: audit.VaultCreate, Label: v.Name(), Detail: "demo"}, err); err != nil {
		v.Close()
		return nil, err
	}
	v.Sync(nil)
	return v, nil
}

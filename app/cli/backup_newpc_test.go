package cli_test

import (
	"os"
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

// jobEvents keeps the jobs that ended.
type jobEvents struct {
	mu   sync.Mutex
	done map[string]app.JobDoneEvent
}

func (e *jobEvents) Emit(name string, data any) {
	if d, ok := data.(app.JobDoneEvent); ok && name == app.EventJobDone {
		e.mu.Lock()
		e.done[d.ID] = d
		e.mu.Unlock()
	}
}

func (e *jobEvents) wait(t *testing.T, id string) app.JobDoneEvent {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		e.mu.Lock()
		d, ok := e.done[id]
		e.mu.Unlock()
		if ok {
			return d
		}
	}
	t.Fatalf("job %s did not end", id)
	return app.JobDoneEvent{}
}

// officeBackup makes a vault (責任者 shocho) on PC dir/pc-office, a
// folder and one backup run of both to dir/usb/kinko, and closes the
// PC. It returns the destination, the folder and the recovery key.
func officeBackup(t *testing.T, dir string) (dest, src, key string) {
	t.Helper()
	src = filepath.Join(dir, "事務所データ")
	if err := os.MkdirAll(filepath.Join(src, "会計"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "会計", "仕訳.csv"), []byte("日付,金額\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest = filepath.Join(dir, "usb", "kinko")
	ev := &jobEvents{done: map[string]app.JobDoneEvent{}}
	a := app.New(app.Options{Emitter: ev, DataDir: filepath.Join(dir, "pc-office"), Keys: &keys.Options{WorkFactor: 10}, Keychain: keychain.NewMemory(),
		SyncInterval: time.Hour, IdleLock: -1, BackupPoll: -1})
	a.Startup(t.Context())
	defer a.Shutdown(t.Context())
	sheet, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "shocho", UserName: "山田 太郎", Password: "shocho-pw-X7c9k2-1"})
	if err != nil {
		t.Fatal(err)
	}
	bs := a.Services()[7].(*app.BackupService)
	p, err := bs.SavePlan(app.BackupPlan{Name: "毎日", Vault: true, Sources: []app.BackupSource{{Path: src}}, Dest: app.BackupDest{Path: dest, Label: "USB"}})
	if err != nil {
		t.Fatal(err)
	}
	job, err := bs.RunNow(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := ev.wait(t, job); d.Status != app.JobOK {
		t.Fatalf("run: %+v", d.Error)
	}
	return dest, src, sheet.Key
}

// TestBackupRecover: `kinko backup recover` on a new PC restores the
// vault and a folder from the destination with the recovery key read from
// a file (never argv), joins the vault, and its 責任者 logs in; a wrong
// key restores nothing.
func TestBackupRecover(t *testing.T) {
	dir := wintest.TempDir(t)
	dest, src, key := officeBackup(t, dir)

	home := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-new"), "KINKO_LANG": "ja"}
	target := filepath.Join(dir, "新PC", "金庫")
	folder := filepath.Join(dir, "新PC", "データ")
	other, _ := keys.NewRecovery()
	wrong := writeFile(t, dir, other.String())
	if _, errOut, code := run(t, home, "backup", "recover", "--from", dest, "--to", target, "--recovery-file", wrong); code == app.ExitOK {
		t.Fatalf("a wrong key: %s", errOut)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("a wrong key left %s: %v", target, err)
	}
	out, errOut, code := run(t, with(home, "KINKO_RECOVERY_KEY", key), "backup", "recover", "--from", dest, "--to", target, "--folder", src+"="+folder)
	if code != app.ExitOK || !strings.Contains(out, "山田税理士事務所") || !strings.Contains(out, folder) {
		t.Fatalf("recover: %d %s %s", code, out, errOut)
	}
	if strings.Contains(out+errOut, key) {
		t.Fatal("the recovery key was printed")
	}
	if b, err := os.ReadFile(filepath.Join(folder, "会計", "仕訳.csv")); err != nil || string(b) != "日付,金額\n" {
		t.Fatalf("restored folder: %q %v", b, err)
	}
	if out, errOut, code := run(t, with(home, "KINKO_PASSWORD", "shocho-pw-X7c9k2-1"), "log", "verify", "--as", "shocho"); code != app.ExitOK {
		t.Fatalf("login after the restore: %s %s", out, errOut)
	}
}

package app_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The window joins as a job: progress events of kind vault.join, stage
// import, and the joined vault's state as the job's result.
func TestJoinStartJob(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, _ := newVaultApp(t, filepath.Join(dir, "pc-a"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}

	b, rec := newVaultApp(t, filepath.Join(dir, "pc-b"), clk)
	job, err := b.Vault().JoinStart(filepath.Join(dir, "nas"))
	if err != nil {
		t.Fatal(err)
	}
	st, ok := waitJob(t, rec, job).(app.VaultState)
	if !ok || st.Phase != app.PhaseLocked || len(st.Accounts) != 1 {
		t.Fatalf("join job result: %#v", st)
	}
	var imports int
	for _, e := range rec.named(app.EventJobProgress) {
		if p := e.(app.JobProgressEvent); p.ID == job && p.Kind == "vault.join" && p.Stage == "import" {
			imports++
		}
	}
	if imports == 0 {
		t.Error("no import progress from the join job")
	}
	if now, err := b.Vault().State(); err != nil || now.Phase != app.PhaseLocked {
		t.Fatalf("after the join job: %+v, %v", now, err)
	}
	if _, err := b.Vault().Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
}

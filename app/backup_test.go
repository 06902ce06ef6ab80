package app_test

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/internal/treehash"
	"github.com/kinko-jp/kinko/internal/wintest"
)

const backupPW = "yamada-pw-X7c9k2"

// backupOffice is a vault with a 責任者 logged in on pc-a, a folder of
// office files and an empty destination folder.
type backupOffice struct {
	dir, src, dest string
	a              *app.App
	rec            *recorder
	kc             keychain.Keychain
	clk            *clock
	poll           time.Duration // the backup scheduler's (0: off)
}

func newBackupOffice(t *testing.T) *backupOffice {
	t.Helper()
	o := &backupOffice{dir: wintest.TempDir(t), kc: keychain.NewMemory(), clk: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	o.src = filepath.Join(o.dir, "事務所データ")
	o.dest = filepath.Join(o.dir, "usb", "kinko")
	writeTree(t, o.src, map[string]string{"会計/仕訳.csv": "日付,金額\n2026-04-01,1000\n", "申告書/山田.pdf": strings.Repeat("pdf", 1000), "Thumbs.db": "x"})
	o.a, o.rec = o.newApp(t, "pc-a")
	if _, err := o.a.Vault().Create(app.CreateRequest{Folder: filepath.Join(o.dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: backupPW}); err != nil {
		t.Fatal(err)
	}
	return o
}

func (o *backupOffice) newApp(t *testing.T, pc string) (*app.App, *recorder) {
	return o.newAppWith(t, pc, o.kc)
}

// newAppWith is another PC with its own OS keychain.
func (o *backupOffice) newAppWith(t *testing.T, pc string, kc keychain.Keychain) (*app.App, *recorder) {
	rec := &recorder{}
	a := app.New(app.Options{Emitter: rec, DataDir: filepath.Join(o.dir, pc), Keys: &keys.Options{WorkFactor: 10},
		Keychain: kc, Now: o.clk.now, SyncInterval: time.Hour, IdleLock: -1, Catalog: nil, BackupPoll: cmp.Or(o.poll, -1), BackupRoots: []string{filepath.Join(o.dir, "usb")},
		Dialogs: app.FolderDialogs{Dir: filepath.Join(o.dir, "saved"), Folders: filepath.Join(o.dir, "folders.json")}})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	return a, rec
}

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// hashTree maps each file's slash path under root to its SHA-256.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out, err := treehash.Sums(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (o *backupOffice) plan(t *testing.T) app.BackupPlan {
	t.Helper()
	p, err := app.Backup(o.a).SavePlan(app.BackupPlan{Name: "毎日のバックアップ", Vault: true, Sources: []app.BackupSource{{Path: o.src}},
		Dest: app.BackupDest{Path: o.dest, Label: "USB（BUFFALO）"}, Schedule: app.BackupSchedule{Daily: "18:30"}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func entriesOf(t *testing.T, a *app.App, action audit.Action) []audit.Entry {
	t.Helper()
	es, err := app.LogEntries(a)
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Entry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestBackupRunAndRestore: a plan with a new destination gets a
// repository, a wrapped 64-hex password beside it, a marker; a run backs
// up the vault folder and the office folder, is in the history, the
// shared state and the log; a restore is byte-identical and logged.
func TestBackupRunAndRestore(t *testing.T) {
	o := newBackupOffice(t)
	p := o.plan(t)
	if p.ID == "" || p.Dest.ID == "" || !p.Mine || !p.Dest.Present {
		t.Fatalf("saved plan: %+v", p)
	}
	wrapped, err := os.ReadFile(filepath.Join(o.dest, "repo-password.age"))
	if err != nil || !bytes.HasPrefix(wrapped, []byte("age-encryption.org/v1")) {
		t.Fatalf("repo-password.age: %v", err)
	}
	st, _ := o.a.Vault().State()
	pw, err := o.kc.Get(keychain.Service, st.Vault.ID+"/backup/"+p.Dest.ID)
	if err != nil || len(pw) != 64 || bytes.Contains(wrapped, []byte(pw)) {
		t.Fatalf("keychain password: %d chars, %v", len(pw), err)
	}
	ov, err := app.Backup(o.a).Overview()
	if err != nil || len(ov.Plans) != 1 || ov.Level != app.BackupAlert || ov.DaysSince != -1 || !ov.CanManage {
		t.Fatalf("overview before any run: %+v %v", ov, err)
	}

	run, err := app.BackupRunOnce(o.a, p.ID, nil)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if run.Result != "ok" || run.Files < 3 || run.Written == 0 || run.Snapshot == "" {
		t.Fatalf("run: %+v", run)
	}
	states := o.rec.named(app.EventBackupState)
	if len(states) < 2 || states[len(states)-1].(app.BackupOverview).Level != app.BackupOK {
		t.Fatalf("backup:state events: %d", len(states))
	}
	hist, _ := app.Backup(o.a).History(p.ID)
	if len(hist) != 1 || hist[0].Result != "ok" {
		t.Fatalf("history: %+v", hist)
	}
	ov, _ = app.Backup(o.a).Overview()
	if ov.Level != app.BackupOK || ov.DaysSince != 0 || ov.Plans[0].State.LastSuccess.IsZero() {
		t.Fatalf("overview after a run: %+v", ov)
	}
	runs := entriesOf(t, o.a, audit.BackupRun)
	if len(runs) != 1 || runs[0].Result != audit.ResultOK || runs[0].Label != "USB（BUFFALO）" || !strings.Contains(runs[0].Detail, "sources=2") {
		t.Fatalf("backup.run entries: %+v", runs)
	}

	snaps, err := app.Backup(o.a).Snapshots(p.ID)
	if err != nil || len(snaps) != 2 {
		t.Fatalf("snapshots: %+v %v", snaps, err)
	}
	var folder app.BackupSnapshot
	for _, s := range snaps {
		if s.Source == o.src {
			folder = s
		}
	}
	top, err := app.Backup(o.a).Browse(p.ID, folder.ID, "")
	if err != nil || len(top) != 2 || top[0].Name != "会計" || !top[0].Dir {
		t.Fatalf("browse the top: %+v %v", top, err)
	}
	sub, err := app.Backup(o.a).Browse(p.ID, folder.ID, "申告書")
	if err != nil || len(sub) != 1 || sub[0].Name != "山田.pdf" || sub[0].Size != 3000 {
		t.Fatalf("browse a folder: %+v %v", sub, err)
	}
	target := filepath.Join(o.dir, "復元先")
	job, err := app.Backup(o.a).Restore(p.ID, folder.ID, "", target)
	if err != nil {
		t.Fatal(err)
	}
	done := o.rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent)
	if done.ID != job || done.Status != app.JobOK {
		t.Fatalf("restore job: %+v", done)
	}
	want := hashTree(t, o.src)
	delete(want, "Thumbs.db") // a default exclude
	if d := treehash.Diff(want, hashTree(t, target)); d != nil {
		t.Fatalf("differ after restore: %v", d)
	}
	rs := entriesOf(t, o.a, audit.BackupRestore)
	if len(rs) != 1 || rs[0].Result != audit.ResultOK || !strings.Contains(rs[0].Detail, "snapshot="+folder.ID) {
		t.Fatalf("backup.restore entries: %+v", rs)
	}
	// Never over an existing folder: refused, logged, nothing written.
	if _, err := app.Backup(o.a).Restore(p.ID, folder.ID, "", target); err != nil {
		t.Fatal(err)
	}
	done = o.rec.next(t, app.EventJobDone, 1).(app.JobDoneEvent)
	if done.Error == nil || done.Error.Code != "backup.target_exists" {
		t.Fatalf("restore over a folder: %+v", done)
	}
	// One file into a folder that does not exist yet: the folder is made.
	one := filepath.Join(o.dir, "新しいフォルダ", "山田.pdf")
	if _, err := app.Backup(o.a).Restore(p.ID, folder.ID, "申告書/山田.pdf", one); err != nil {
		t.Fatal(err)
	}
	done = o.rec.next(t, app.EventJobDone, 2).(app.JobDoneEvent)
	if done.Status != app.JobOK {
		t.Fatalf("restore into a new folder: %+v", done)
	}
	if fi, err := os.Stat(one); err != nil || fi.Size() != 3000 {
		t.Fatalf("restored file: %v %v", fi, err)
	}
}

// TestBackupOtherPCAndRewrap: a 責任者 added later cannot open the
// password until an administrator session re-wraps it; after that, on
// another PC with its own keychain, they connect the existing destination
// by unwrapping repo-password.age, and runs from both PCs share the
// repository. Staff may run but not change plans; a run while nobody is
// logged in uses this PC's copy of its plans and the keychain.
func TestBackupOtherPCAndRewrap(t *testing.T) {
	o := newBackupOffice(t)
	p := o.plan(t)
	vs := o.a.Vault()
	if _, err := vs.AddUser(app.NewUserRequest{Login: "jimu", Name: "事務", Password: "jimu-pw-X7c9k2", Role: "admin", Default: "edit"}); err != nil {
		t.Fatal(err)
	}
	if _, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(o.dest, "repo-password.age"))
	if _, err := app.Backup(o.a).Overview(); err != nil { // the administrator session re-wraps
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(o.dest, "repo-password.age"))
	if bytes.Equal(before, after) {
		t.Fatal("repo-password.age was not re-wrapped for the new 責任者")
	}
	if _, err := vs.SyncNow(); err != nil {
		t.Fatal(err)
	}

	b, _ := o.newAppWith(t, "pc-b", keychain.NewMemory())
	if _, err := b.Vault().Join(filepath.Join(o.dir, "nas")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Vault().Login("jimu", "jimu-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	ov, err := app.Backup(b).Overview()
	if err != nil || len(ov.Plans) != 1 || ov.Plans[0].Mine || ov.Plans[0].ID != p.ID || ov.Office != app.BackupAlert {
		t.Fatalf("pc-b sees pc-a's plan: %+v %v", ov, err)
	}
	src := filepath.Join(o.dir, "pc-b-files")
	writeTree(t, src, map[string]string{"見積/2026.xlsx": "xlsx"})
	pb, err := app.Backup(b).SavePlan(app.BackupPlan{Name: "PC-B", Sources: []app.BackupSource{{Path: src}}, Dest: app.BackupDest{Path: o.dest}})
	if err != nil {
		t.Fatalf("connect the existing destination: %v", err)
	}
	if pb.Dest.ID != p.Dest.ID || pb.Dest.Label != "USB（BUFFALO）" {
		t.Fatalf("pc-b's destination: %+v, want %s", pb.Dest, p.Dest.ID)
	}
	if run, err := app.BackupRunOnce(b, pb.ID, nil); err != nil || run.Result != "ok" {
		t.Fatalf("run on pc-b: %+v %v", run, err)
	}
	if _, err := app.BackupRunOnce(b, p.ID, nil); code(err) != "backup.no_plan" {
		t.Fatalf("pc-b runs pc-a's plan: %v", err)
	}

	// Staff: runs yes, plans no (refused and logged).
	vs.Lock()
	if _, err := vs.Login("suzuki", "suzuki-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Backup(o.a).SavePlan(p); code(err) != "access.not_admin" {
		t.Fatalf("staff saving a plan: %v", err)
	}
	if err := app.Backup(o.a).DeletePlan(p.ID); code(err) != "access.not_admin" {
		t.Fatalf("staff deleting a plan: %v", err)
	}
	if run, err := app.BackupRunOnce(o.a, p.ID, nil); err != nil || run.Result != "ok" {
		t.Fatalf("staff run: %+v %v", run, err)
	}
	// Nobody logged in: this PC's plans and the keychain.
	vs.Lock()
	o.clk.add(3 * 24 * time.Hour)
	if run, err := app.BackupRunOnce(o.a, p.ID, nil); err != nil || run.Result != "ok" {
		t.Fatalf("run while locked: %+v %v", run, err)
	}
	if _, err := vs.Login("yamada", backupPW, false); err != nil {
		t.Fatal(err)
	}
	ov, _ = app.Backup(o.a).Overview()
	if ov.Level != app.BackupOK || ov.Plans[0].State.DaysSince != 0 {
		t.Fatalf("after the locked run: %+v", ov.Plans[0].State)
	}
	denied := 0
	for _, e := range entriesOf(t, o.a, audit.Settings) {
		if e.Result == audit.ResultDenied && strings.HasPrefix(e.Target, "backup/plan/") {
			denied++
		}
	}
	if denied != 2 {
		t.Errorf("%d refused plan changes logged, want 2", denied)
	}
	// The 責任者 deletes the plan: this PC's cache of its destination goes.
	caches, _ := filepath.Glob(filepath.Join(o.dir, "pc-a", "backup", "*", "cache", p.Dest.ID))
	if len(caches) != 1 {
		t.Fatalf("the destination's cache on pc-a: %v", caches)
	}
	if err := app.Backup(o.a).DeletePlan(p.ID); err != nil {
		t.Fatal(err)
	}
	// (Wine cannot delete with POSIX semantics, which os.RemoveAll uses.)
	if _, err := os.Stat(caches[0]); !os.IsNotExist(err) && !wintest.UnderWine() {
		t.Fatalf("cache left after the plan was deleted: %v", err)
	}
}

// TestBackupUnreadableAndAbsent: a file the run cannot read is named in
// the run's errors (result incomplete, still a success for the days
// count); an absent destination is a failed run with its code, no loop.
func TestBackupUnreadableAndAbsent(t *testing.T) {
	o := newBackupOffice(t)
	p := o.plan(t)
	locked := filepath.Join(o.src, "会計", "弥生.db")
	writeTree(t, o.src, map[string]string{"会計/弥生.db": "db"})
	if os.Getuid() != 0 && runtime.GOOS != "windows" {
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(locked, 0o644) })
		run, err := app.BackupRunOnce(o.a, p.ID, nil)
		if code(err) != "backup.incomplete" || run.Result != "incomplete" || len(run.Errors) != 1 || !strings.HasSuffix(filepath.ToSlash(run.Errors[0].Path), "会計/弥生.db") {
			t.Fatalf("run with an unreadable file: %+v %v", run, err)
		}
		if ov, _ := app.Backup(o.a).Overview(); ov.Level != app.BackupOK {
			t.Fatalf("an incomplete run counts as backed up: %+v", ov.Plans[0].State)
		}
		os.Chmod(locked, 0o644)
	}
	if err := os.Rename(filepath.Dir(o.dest), filepath.Join(o.dir, "unplugged")); err != nil {
		t.Fatal(err)
	}
	run, err := app.BackupRunOnce(o.a, p.ID, nil)
	if code(err) != "backup.no_destination" || run != nil && run.Result != "failed" {
		t.Fatalf("run without the destination: %+v %v", run, err)
	}
	hist, _ := app.Backup(o.a).History(p.ID)
	if len(hist) == 0 || hist[0].Result != "failed" || hist[0].Error == nil || hist[0].Error.Code != "backup.no_destination" {
		t.Fatalf("history: %+v", hist)
	}
	ov, _ := app.Backup(o.a).Overview()
	if ov.Plans[0].Dest.Present {
		t.Fatal("an absent destination shown as present")
	}
}

// TestBackupRansomwareDrill: 30% of the office's files encrypted in place
// (random bytes) and renamed; the next run is flagged, pruning pauses, the
// area names the last good snapshot on every PC, that snapshot restores
// the files as they were, and clearing the flag is for 責任者.
func TestBackupRansomwareDrill(t *testing.T) {
	o := newBackupOffice(t)
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("顧客%02d/試算表.csv", i)] = strings.Repeat(fmt.Sprintf("勘定科目,%d,金額\n", i), 200)
	}
	writeTree(t, o.src, files)
	p := o.plan(t)
	if run, err := app.BackupRunOnce(o.a, p.ID, nil); err != nil || run.Flagged {
		t.Fatalf("first run: %+v %v", run, err)
	}
	before := hashTree(t, o.src)
	n := 0
	for name := range files {
		if n == 12 {
			break
		}
		path := filepath.Join(o.src, filepath.FromSlash(name))
		junk := make([]byte, 8<<10)
		rand.Read(junk)
		os.WriteFile(path+".locked", junk, 0o644)
		os.Remove(path)
		n++
	}
	o.clk.add(time.Hour)
	run, err := app.BackupRunOnce(o.a, p.ID, nil)
	if err != nil || !run.Flagged || run.Result != "flagged" {
		t.Fatalf("the encrypted run: %+v %v", run, err)
	}
	ov, _ := app.Backup(o.a).Overview()
	flag := ov.Plans[0].State.Flag
	if flag == nil || flag.LastGood == "" || flag.Snapshot == flag.LastGood {
		t.Fatalf("no flag with the last good snapshot: %+v", ov.Plans[0].State)
	}
	snaps, _ := app.Backup(o.a).Snapshots(p.ID)
	flagged := 0
	for _, s := range snaps {
		if s.Flagged {
			flagged++
		}
	}
	if flagged != 1 {
		t.Errorf("%d snapshots shown flagged", flagged)
	}
	target := filepath.Join(o.dir, "last-good")
	if _, err := app.Backup(o.a).Restore(p.ID, flag.LastGood, "", target); err != nil {
		t.Fatal(err)
	}
	if d := o.rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent); d.Status != app.JobOK {
		t.Fatalf("restore of the last good snapshot: %+v", d)
	}
	delete(before, "Thumbs.db")
	if d := treehash.Diff(before, hashTree(t, target)); d != nil {
		t.Errorf("not restored as they were: %v", d)
	}
	if err := app.Backup(o.a).ClearFlag(p.ID); err != nil {
		t.Fatal(err)
	}
	if ov, _ := app.Backup(o.a).Overview(); ov.Plans[0].State.Flag != nil {
		t.Fatal("the flag stays after ClearFlag")
	}
}

// TestBackupChooseFolder: the folder question goes to the Dialogs (the
// browser test server answers it from a JSON file the suite rewrites);
// a purpose it lacks is a cancel, an unknown purpose a usage error.
func TestBackupChooseFolder(t *testing.T) {
	o := newBackupOffice(t)
	b := app.Backup(o.a)
	if got, err := b.ChooseFolder("destination", "ja"); got != "" || err != nil {
		t.Fatalf("no answers yet: %q %v", got, err)
	}
	os.WriteFile(filepath.Join(o.dir, "folders.json"), []byte(`{"destination": "E:\\Kinko", "source": "/home/事務所"}`), 0o644)
	if got, _ := b.ChooseFolder("destination", "ja"); got != `E:\Kinko` {
		t.Errorf("destination: %q", got)
	}
	if got, _ := b.ChooseFolder("source", "en"); got != "/home/事務所" {
		t.Errorf("source: %q", got)
	}
	if got, err := b.ChooseFolder("restore", "ja"); got != "" || err != nil {
		t.Errorf("restore (cancelled): %q %v", got, err)
	}
	if _, err := b.ChooseFolder("anything", "ja"); code(err) != app.CodeUsage {
		t.Errorf("unknown purpose: %v", err)
	}
}

// TestBackupRunWithChanges: a run told by the watcher which folders
// changed (the scheduler's) backs up the change and keeps the rest.
func TestBackupRunWithChanges(t *testing.T) {
	o := newBackupOffice(t)
	p := o.plan(t)
	if _, err := app.BackupRunOnce(o.a, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	writeTree(t, o.src, map[string]string{"会計/仕訳.csv": "日付,金額\n2026-04-02,2000\n"})
	run, err := app.BackupRunOnce(o.a, p.ID, map[string][]string{o.src: {"会計"}})
	if err != nil || run.Result != "ok" {
		t.Fatalf("watcher-informed run: %+v %v", run, err)
	}
	snaps, _ := app.Backup(o.a).Snapshots(p.ID)
	target := filepath.Join(o.dir, "restored")
	for _, s := range snaps {
		if s.Source == o.src {
			if _, err := app.Backup(o.a).Restore(p.ID, s.ID, "", target); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if d := o.rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent); d.Status != app.JobOK {
		t.Fatalf("restore: %+v", d)
	}
	want := hashTree(t, o.src)
	delete(want, "Thumbs.db")
	if d := treehash.Diff(want, hashTree(t, target)); d != nil {
		t.Fatalf("not the newest content: %v", d)
	}
}

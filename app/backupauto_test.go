package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// autoPoll is how often the scheduler looks in these tests.
const autoPoll = 50 * time.Millisecond

// newAutoOffice is newBackupOffice with the backup scheduler on (poll:
// autoPoll) and a 責任者 who also handles My Numbers; the recovery key is
// kept for the new-PC restore.
func newAutoOffice(t *testing.T, poll time.Duration) (*backupOffice, string) {
	t.Helper()
	o := &backupOffice{dir: wintest.TempDir(t), kc: keychain.NewMemory(), poll: poll,
		clk: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}} // 18:00 in Japan
	o.src = filepath.Join(o.dir, "事務所データ")
	o.dest = filepath.Join(o.dir, "usb", "kinko")
	writeTree(t, o.src, map[string]string{"会計/仕訳.csv": "日付,金額\n2026-04-01,1000\n", "申告書/山田.pdf": strings.Repeat("pdf", 1000)})
	o.a, o.rec = o.newApp(t, "pc-a")
	sheet, err := o.a.Vault().Create(app.CreateRequest{Folder: filepath.Join(o.dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: backupPW, Handler: true})
	if err != nil {
		t.Fatal(err)
	}
	return o, sheet.Key
}

// acquireNumber stores a person's My Number and returns the client and
// person ids.
func acquireNumber(t *testing.T, a *app.App, name string) (string, string) {
	t.Helper()
	cs, ns := app.Clients(a), app.Numbers(a)
	id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社" + name}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := cs.SavePerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: name}, nil)
	if err != nil {
		t.Fatal(err)
	}
	today, _ := mynumber.NewDate(2026, time.April, 1)
	_, err = ns.Acquire(app.AcquireRequest{Client: id, Person: pid, Number: "123456789018", Confirm: "123456789018",
		Purposes: []mynumber.Purpose{mynumber.PurposeDependentsDeclaration},
		Verification: mynumber.Verification{NumberDoc: mynumber.DocNotificationCard, IdentityDocs: []mynumber.Doc{mynumber.DocDriversLicense},
			Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}})
	if err != nil {
		t.Fatal(err)
	}
	return id, pid
}

// erase proposes and approves the 廃棄 of a person's number and returns
// the erasure id and its blobs with their contents' hashes, read from the
// vault folder before the approval.
func erase(t *testing.T, o *backupOffice, client, person string) (string, map[string]string) {
	t.Helper()
	ns := app.Numbers(o.a)
	pr, err := ns.ProposeErasure(client, person, "retention", nil)
	if err != nil {
		t.Fatal(err)
	}
	es, err := ns.Erasures()
	if err != nil {
		t.Fatal(err)
	}
	blobs := map[string]string{}
	for _, e := range es {
		if e.ID == pr {
			for _, b := range e.Blobs {
				raw, err := os.ReadFile(filepath.Join(o.dir, "nas", "blobs", b.ID))
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(raw)
				blobs[b.ID] = hex.EncodeToString(sum[:])
			}
		}
	}
	if len(blobs) == 0 {
		t.Fatal("the erasure lists no blob")
	}
	if err := ns.ApproveErasure(pr); err != nil {
		t.Fatal(err)
	}
	return pr, blobs
}

// waitFor polls cond until it holds (2 minutes at most: slow lanes).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func historyLen(t *testing.T, a *app.App, id string) int {
	t.Helper()
	h, err := app.Backup(a).History(id)
	if err != nil {
		t.Fatal(err)
	}
	return len(h)
}

// restoreAll restores every snapshot of plan p to its own folder under
// root and returns the folders.
func restoreAll(t *testing.T, o *backupOffice, p app.BackupPlan, root string) []string {
	t.Helper()
	snaps, err := app.Backup(o.a).Snapshots(p.ID)
	if err != nil || len(snaps) == 0 {
		t.Fatalf("snapshots: %v %v", snaps, err)
	}
	var out []string
	for _, s := range snaps {
		target := filepath.Join(root, s.ID)
		restore(t, o, p.ID, s.ID, "", target)
		out = append(out, target)
	}
	return out
}

// restore restores path of a snapshot of plan id to target, once the
// scheduler has let go of the plan.
func restore(t *testing.T, o *backupOffice, id, snap, path, target string) {
	t.Helper()
	for {
		job, err := app.Backup(o.a).Restore(id, snap, path, target)
		if code(err) == "backup.running" {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		done := jobDone(t, o.rec, job)
		if done.Status == app.JobOK {
			return
		}
		if done.Error == nil || done.Error.Code != "backup.running" {
			t.Fatalf("restore: %+v", done.Error)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitJob waits for job to end well.
func waitJob(t *testing.T, rec *recorder, job string) any {
	t.Helper()
	done := jobDone(t, rec, job)
	if done.Status != app.JobOK {
		t.Fatalf("job %s: %+v", job, done.Error)
	}
	return done.Result
}

// jobDone waits for job to end.
func jobDone(t *testing.T, rec *recorder, job string) app.JobDoneEvent {
	t.Helper()
	var done app.JobDoneEvent
	waitFor(t, "job "+job, func() bool {
		for _, e := range rec.named(app.EventJobDone) {
			if d := e.(app.JobDoneEvent); d.ID == job {
				done = d
				return true
			}
		}
		return false
	})
	return done
}

// noBlob fails when a file under any of roots has the name or the
// content of one of blobs.
func noBlob(t *testing.T, roots []string, blobs map[string]string) {
	t.Helper()
	for _, root := range roots {
		for rel, sum := range hashTree(t, root) {
			if _, named := blobs[filepath.Base(rel)]; named || slices.Contains(mapValues(blobs), sum) {
				t.Fatalf("the erased blob is still in a snapshot: %s", rel)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestBackupErasurePurge: an approved 廃棄 reaches the attached
// destination (no snapshot yields the blob; erasures.json lists it; the
// 廃棄記録 says purged) and the absent one shows pending until it is
// attached again, when the scheduler purges it first.
func TestBackupErasurePurge(t *testing.T) {
	o, _ := newAutoOffice(t, autoPoll)
	client, person := acquireNumber(t, o.a, "山田 花子")
	p := o.plan(t)
	dest2 := filepath.Join(o.dir, "nas2", "kinko")
	p2, err := app.Backup(o.a).SavePlan(app.BackupPlan{Name: "NAS", Vault: true, Dest: app.BackupDest{Path: dest2, Label: "NAS 共有フォルダ"}})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first runs", func() bool { return historyLen(t, o.a, p.ID) > 0 && historyLen(t, o.a, p2.ID) > 0 })
	// The NAS share goes away.
	away := dest2 + ".away"
	if err := os.Rename(dest2, away); err != nil {
		t.Fatal(err)
	}
	erasure, blobs := erase(t, o, client, person)
	bs := app.Backup(o.a)
	waitFor(t, "the purge of the USB drive", func() bool {
		ps, err := bs.Purges(erasure)
		return err == nil && len(ps) == 2 && slices.ContainsFunc(ps, func(x app.BackupPurge) bool { return x.Dest == p.Dest.ID && !x.Pending })
	})
	ps, _ := bs.Purges(erasure)
	for _, x := range ps {
		if x.Dest == p2.Dest.ID && (!x.Pending || !x.Purged.IsZero()) {
			t.Fatalf("the absent NAS is not pending: %+v", x)
		}
		if x.Dest == p.Dest.ID && (x.Purged.IsZero() || x.Label != "USB（BUFFALO）") {
			t.Fatalf("the USB drive's purge: %+v", x)
		}
	}
	list, err := app.ReadErasedBlobs(o.dest)
	if err != nil || len(list.Erasures) != 1 || list.Erasures[0].Erasure != erasure {
		t.Fatalf("erasures.json: %+v %v", list, err)
	}
	for id := range blobs {
		if !slices.Contains(list.Blobs(), id) {
			t.Fatalf("erasures.json misses blob %s", id)
		}
	}
	noBlob(t, restoreAll(t, o, p, filepath.Join(o.dir, "check-usb")), blobs)
	if es := entriesOf(t, o.a, audit.BackupRun); !slices.ContainsFunc(es, func(e audit.Entry) bool {
		return strings.Contains(e.Detail, "purge") && strings.Contains(e.Detail, erasure) && e.Result == audit.ResultOK
	}) {
		t.Fatalf("no purge entry: %+v", es)
	}

	// The NAS comes back while a member of staff is logged in: purged
	// before anything else, by the staff member's session.
	if _, err := o.a.Vault().AddUser(app.NewUserRequest{Login: "sato", Name: "佐藤", Password: "sato-pw-X7c9k2-1", Role: "staff", Default: "edit"}); err != nil {
		t.Fatal(err)
	}
	o.a.Vault().Lock()
	if _, err := o.a.Vault().Login("sato", "sato-pw-X7c9k2-1", false); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(away, dest2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the purge of the NAS", func() bool {
		ps, err := bs.Purges(erasure)
		return err == nil && !slices.ContainsFunc(ps, func(x app.BackupPurge) bool { return x.Pending })
	})
	noBlob(t, restoreAll(t, o, p2, filepath.Join(o.dir, "check-nas")), blobs)
}

// TestBackupWitnessSoloOffice: a solo office backs up; an insider cuts
// the PC's log short in the vault folder; `log verify` names the backup
// as the witness of the rollback.
func TestBackupWitnessSoloOffice(t *testing.T) {
	o, _ := newAutoOffice(t, autoPoll)
	p := o.plan(t)
	waitFor(t, "the first run and its witness", func() bool {
		// The witness is stored within the run; the snapshot list leaves
		// it out (the vault and the folder only).
		runs, err := app.Backup(o.a).History(p.ID)
		snaps, serr := app.Backup(o.a).Snapshots(p.ID)
		return err == nil && serr == nil && len(runs) > 0 && runs[0].Result == "ok" && len(snaps) == 2
	})
	ls := app.Logs(o.a)
	job, err := ls.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if v := waitJob(t, o.rec, job).(*app.LogVerifyView); !v.Report.OK() {
		t.Fatalf("a sound log: %+v", v.Report.Problems)
	}
	// The insider deletes the PC's newest log segments in the folder and
	// the PC's replica (a reinstall), which would write them back; the
	// office sets the PC up again from the folder.
	dev, err := os.ReadDir(filepath.Join(o.dir, "nas", "journal"))
	if err != nil || len(dev) != 1 {
		t.Fatalf("journal devices: %v %v", dev, err)
	}
	o.a.Shutdown(t.Context())
	segs, _ := filepath.Glob(filepath.Join(o.dir, "nas", "journal", dev[0].Name(), "*.seg"))
	slices.Sort(segs)
	for _, s := range segs[len(segs)/2:] {
		if err := os.Remove(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := wintest.RemoveAll(filepath.Join(o.dir, "pc-a")); err != nil {
		t.Fatal(err)
	}
	o.a, o.rec = o.newApp(t, "pc-a")
	if _, err := o.a.Vault().Join(filepath.Join(o.dir, "nas")); err != nil {
		t.Fatal(err)
	}
	if _, err := o.a.Vault().Login("yamada", backupPW, false); err != nil {
		t.Fatal(err)
	}
	ls = app.Logs(o.a)
	job, err = ls.Verify()
	if err != nil {
		t.Fatal(err)
	}
	v := waitJob(t, o.rec, job).(*app.LogVerifyView)
	witness := "backup/" + p.Dest.ID
	if !slices.ContainsFunc(v.Report.Problems, func(pr audit.Problem) bool {
		return pr.Kind == audit.ProblemRollback && pr.Witness == witness && pr.Device == dev[0].Name()
	}) {
		t.Fatalf("the cut log is not reported with the backup as witness: %+v", v.Report.Problems)
	}
	if v.Names.Devices[witness] != "USB（BUFFALO）" {
		t.Fatalf("the witness's name: %q", v.Names.Devices[witness])
	}

}

// TestBackupRestoreNewPC: the office backs up; a number is erased (and
// purged); a new PC with only the destination and the recovery key
// restores the vault and the office folder, the vault opens and its
// 責任者 logs in, and the erased number's blob is nowhere.
func TestBackupRestoreNewPC(t *testing.T) {
	o, key := newAutoOffice(t, autoPoll)
	client, person := acquireNumber(t, o.a, "山田 花子")
	p := o.plan(t)
	waitFor(t, "the first run", func() bool { return historyLen(t, o.a, p.ID) > 0 })
	erasure, blobs := erase(t, o, client, person)
	waitFor(t, "the purge", func() bool {
		ps, err := app.Backup(o.a).Purges(erasure)
		return err == nil && len(ps) == 1 && !ps[0].Pending
	})
	// A run follows the purge: the newest snapshot holds the approval.
	waitFor(t, "the run after the purge", func() bool { return historyLen(t, o.a, p.ID) >= 2 })
	st, _ := o.a.Vault().State()
	o.a.Shutdown(t.Context()) // the office PC is gone

	// A new PC: its own data folder and keychain, the USB drive, the sheet.
	b, rec := o.newAppWith(t, "pc-new", keychain.NewMemory())
	bs := app.Backup(b)
	info, err := bs.InspectDestination(o.dest)
	if err != nil || info.Vault != st.Vault.ID || info.Label != "USB（BUFFALO）" || info.ID != p.Dest.ID {
		t.Fatalf("inspect: %+v %v", info, err)
	}
	target := filepath.Join(o.dir, "新PC", "金庫")
	folder := filepath.Join(o.dir, "新PC", "事務所データ")
	// A wrong key opens nothing and writes nothing.
	other, err := keys.NewRecovery()
	if err != nil {
		t.Fatal(err)
	}
	job, err := bs.RestoreNewPC(o.dest, other.String(), target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if done := jobDone(t, rec, job); done.Status == app.JobOK {
		t.Fatal("a wrong recovery key restored")
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("a failed restore left %s: %v", target, err)
	}
	if _, err := bs.RestoreNewPC(o.dest, "not a key", target, nil); err == nil {
		t.Fatal("a mistyped key was accepted")
	}

	job, err = bs.RestoreNewPC(o.dest, key, target, map[string]string{o.src: folder})
	if err != nil {
		t.Fatal(err)
	}
	res := waitJob(t, rec, job).(*app.NewPCResult)
	if res.Vault != target || res.Folders[o.src] != folder {
		t.Fatalf("result: %+v", res)
	}
	vs, err := b.Vault().State()
	if err != nil || vs.Phase != app.PhaseLocked || vs.Vault == nil || vs.Vault.ID != st.Vault.ID {
		t.Fatalf("after the restore: %+v %v", vs, err)
	}
	if _, err := b.Vault().Login("yamada", backupPW, false); err != nil {
		t.Fatalf("login on the new PC: %v", err)
	}
	if info, err := app.Numbers(b).Info(client, person); err == nil && info != nil {
		t.Fatalf("the erased number is back: %+v", info)
	}
	noBlob(t, []string{target}, blobs)
	want, got := hashTree(t, o.src), hashTree(t, folder)
	if len(got) != len(want) {
		t.Fatalf("folder restored %d files, want %d", len(got), len(want))
	}
	for k, h := range want {
		if got[k] != h {
			t.Errorf("%s differs after the restore", k)
		}
	}
	if es := entriesOf(t, b, audit.BackupRestore); !slices.ContainsFunc(es, func(e audit.Entry) bool { return e.Target == "backup/newpc" }) {
		t.Fatalf("no restore entry: %+v", es)
	}
}

// overview is the backup overview (the status bar's source).
func overview(t *testing.T, a *app.App) app.BackupOverview {
	t.Helper()
	ov, err := app.Backup(a).Overview()
	if err != nil || len(ov.Plans) == 0 {
		t.Fatalf("overview: %+v %v", ov, err)
	}
	return ov
}

// stateLevels are the levels EventBackupState carried so far.
func stateLevels(rec *recorder) []string {
	var out []string
	for _, e := range rec.named(app.EventBackupState) {
		out = append(out, e.(app.BackupOverview).Level)
	}
	return out
}

// TestBackupScheduler: the scheduler runs a plan by itself — at once
// when it never ran, after real file changes (fsnotify, taking only the
// changed folders), not while the drive is away (no failing runs, the
// level escalating in EventBackupState), catching up when it is attached
// again, and at the daily time with nothing changed (Japan time, an
// injected clock).
func TestBackupScheduler(t *testing.T) {
	o, _ := newAutoOffice(t, autoPoll)
	bs := app.Backup(o.a)
	p, err := bs.SavePlan(app.BackupPlan{Name: "自動", Vault: true, Sources: []app.BackupSource{{Path: o.src}},
		Dest: app.BackupDest{Path: o.dest, Label: "USB（BUFFALO）"}, Schedule: app.BackupSchedule{Watch: true, QuietSeconds: 1, Daily: "18:30"}})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first run", func() bool { return historyLen(t, o.a, p.ID) == 1 })

	// A change: the watcher reports it after a quiet second; runs that
	// changes start are at least 15 minutes apart.
	o.clk.add(20 * time.Minute)
	writeTree(t, o.src, map[string]string{"会計/2026年12月/請求書.xlsx": "new"})
	waitFor(t, "the run after a change", func() bool { return historyLen(t, o.a, p.ID) == 2 })
	if h, _ := bs.History(p.ID); h[0].Result != "ok" {
		t.Fatalf("run after a change: %+v", h[0])
	}
	// The first run's own log entries changed the vault folder too, and
	// may start that run before the watcher has reported the new folder:
	// then the change is the next run's, 15 minutes on.
	newest := func() (app.BackupSnapshot, bool) {
		snaps, err := bs.Snapshots(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(snaps, func(s app.BackupSnapshot) bool { return s.Source == o.src })
		es, _ := bs.Browse(p.ID, snaps[i].ID, "会計")
		return snaps[i], slices.ContainsFunc(es, func(e app.BackupEntry) bool { return e.Name == "2026年12月" })
	}
	snap, ok := newest()
	if !ok {
		o.clk.add(20 * time.Minute)
		waitFor(t, "the run that takes the change", func() bool { return historyLen(t, o.a, p.ID) == 3 })
		snap, _ = newest()
	}
	base := historyLen(t, o.a, p.ID) // 2, or 3 after the race above
	got := filepath.Join(o.dir, "check")
	restore(t, o, p.ID, snap.ID, "会計/2026年12月", got)
	if b, err := os.ReadFile(filepath.Join(got, "請求書.xlsx")); err != nil || string(b) != "new" {
		t.Fatalf("the changed file in the newest snapshot: %q %v", b, err)
	}

	// The drive goes away: changes and days pass, no run is tried.
	away := o.dest + ".away"
	if err := os.Rename(o.dest, away); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the drive shown absent", func() bool { return !overview(t, o.a).Plans[0].Dest.Present })
	writeTree(t, o.src, map[string]string{"申告書/田中.pdf": "pdf"})
	o.clk.add(3 * 24 * time.Hour)
	waitFor(t, "the notice level", func() bool { return slices.Contains(stateLevels(o.rec), app.BackupNotice) })
	o.clk.add(5 * 24 * time.Hour)
	waitFor(t, "the warning level", func() bool { return slices.Contains(stateLevels(o.rec), app.BackupWarning) })
	time.Sleep(1500 * time.Millisecond) // the watcher's quiet second and many polls
	if n := historyLen(t, o.a, p.ID); n != base {
		t.Fatalf("%d runs while the drive was away, want none", n-base)
	}
	if ov := overview(t, o.a); ov.Level != app.BackupWarning || ov.DaysSince != 8 {
		t.Fatalf("overview while away: level %s, %d days", ov.Level, ov.DaysSince)
	}

	// Attached again: it catches up at once.
	if err := os.Rename(away, o.dest); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the catch-up run", func() bool { return historyLen(t, o.a, p.ID) == base+1 })
	waitFor(t, "the ok level", func() bool { return overview(t, o.a).Level == app.BackupOK })
	if h, _ := bs.History(p.ID); h[0].Result != "ok" {
		t.Fatalf("catch-up run: %+v", h[0])
	}

	// The daily time (18:30 in Japan) passes with nothing changed: one run.
	now := o.clk.now().In(time.FixedZone("JST", 9*3600))
	next := time.Date(now.Year(), now.Month(), now.Day(), 18, 31, 0, 0, now.Location())
	if !next.After(now) {
		next = next.AddDate(0, 0, 1)
	}
	o.clk.add(next.Sub(now))
	waitFor(t, "the daily run", func() bool { return historyLen(t, o.a, p.ID) == base+2 })
	o.clk.add(10 * time.Minute)
	time.Sleep(500 * time.Millisecond)
	if n := historyLen(t, o.a, p.ID); n != base+2 {
		t.Fatalf("%d runs after the daily one, want none", n-base-2)
	}

	// Locked: nothing runs, however much is due; the next login catches up.
	o.a.Vault().Lock()
	writeTree(t, o.src, map[string]string{"申告書/佐藤.pdf": "pdf"})
	o.clk.add(2 * 24 * time.Hour)
	time.Sleep(1500 * time.Millisecond)
	if n := historyLen(t, o.a, p.ID); n != base+2 {
		t.Fatalf("%d runs while locked, want none", n-base-2)
	}
	if _, err := o.a.Vault().Login("yamada", backupPW, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the run after the login", func() bool { return historyLen(t, o.a, p.ID) == base+3 })
}

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

// waitFor polls cond until it holds (30 s at most).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
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
		job, err := app.Backup(o.a).Restore(p.ID, s.ID, "", target)
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, o.rec, job)
		out = append(out, target)
	}
	return out
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

	// The NAS comes back: purged before anything else.
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
		snaps, err := app.Backup(o.a).Snapshots(p.ID)
		return err == nil && len(snaps) == 3 // the vault, the folder, the witness
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
	if err := os.RemoveAll(filepath.Join(o.dir, "pc-a")); err != nil {
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

package app_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// notLogged are the bound methods that write no entry, each with why. Any
// other method of a bound service must be run by TestEveryBoundMethodLogs
// and write its entry: a method added later fails the test until it is
// either logged or listed here.
var notLogged = map[string]string{
	"System.Info":                      "the version and the data folder: no vault data",
	"Jobs.ListJobs":                    "the running jobs' kinds and progress: no vault data",
	"Jobs.CancelJob":                   "the job it stops writes its own entry, with result job.canceled",
	"VaultService.State":               "the phase and the public roster (login screen); opening a replica reads no record",
	"VaultService.Open":                "switches to another replica of this PC; nobody is logged in, nothing is read",
	"VaultService.Touch":               "activity for the idle lock",
	"VaultService.CancelLogin":         "the login it stops ends with a lock, logged with detail login_canceled",
	"VaultService.Status":              "the sync status bar, polled; a sync the user asks for is SyncNow",
	"VaultService.Matrix":              "a listing (users × clients levels); changes to it are logged",
	"VaultService.Conflicts":           "a listing of records in conflict the user may open; resolving one is logged",
	"VaultService.HeldChanges":         "a listing of held edits (who, when, which record), never their content; opening one is logged",
	"ClientsService.Search":            "searching is not logged (a search box would flood the log)",
	"ClientsService.Clients":           "listing is not logged",
	"ClientsService.CodeConflicts":     "a listing of client codes several clients share, over the same clients as Clients",
	"ClientsService.People":            "listing is not logged",
	"ClientsService.Person":            "a person inside a client's file, whose opening is logged (client.view)",
	"ClientsService.ImportPreview":     "parses a file; nothing is written or handed out until ImportCommit, which is logged",
	"MyNumberService.Info":             "the masked number record: no digits leave",
	"MyNumberService.Conceal":          "the window masked a number again",
	"MyNumberService.Erasures":         "a listing of proposals and the 廃棄記録; proposing and approving are logged",
	"MyNumberService.Choices":          "fixed lists of codes",
	"MyNumberService.Retention":        "a listing of masked numbers and their dates",
	"MyNumberService.FilingCandidates": "a listing of masked numbers; the export itself is logged",
	"LogService.Query":                 "reads the session's index: the session's first read of the log is logged (log.view)",
	"LogService.Stats":                 "as Query",
	"LogService.Touched":               "as Query",
	"LogService.Reviews":               "as Query",
	"BackupService.Overview":           "the plans and their warning levels: no vault data",
	"BackupService.History":            "this PC's list of runs (sizes and results)",
	"BackupService.Snapshots":          "a listing of snapshots (dates and sizes); restoring one is logged",
	"BackupService.Browse":             "a listing of a snapshot's folder; restoring from it is logged",
	"BackupService.ChooseFolder":       "the OS folder dialog; the plan or restore it is for is logged",
	"BackupService.Purges":             "a listing of where an erasure was purged (dates only); the purge itself is in the 廃棄記録",
	"BackupService.InspectDestination": "reads a destination's marker (its id, label and date) before any vault exists on this PC",
	"BackupService.RestoreNewPC":       "runs before this PC has a vault; its backup.restore entry goes into the restored vault when it is joined (TestBackupRestoreNewPC checks it)",
	"ShareService.ChooseFiles":         "the OS file dialog; the package the files go into is logged",
	"ShareService.ChooseFolder":        "the OS folder dialog; the package or the opening it is for is logged",
	"ShareService.ChoosePackage":       "the OS file dialog; opening the package is logged",
	"ShareService.Collect":             "lists the names and sizes of files on this PC: no vault data",
	"ShareService.Scan":                "searches files on this PC for the create form; the create is logged with what the scan found",
	"ShareService.Envelopes":           "a listing of envelopes (dates, counts); making and revoking one are logged",
	"ShareService.Register":            "a listing of the register; sending, opening and receiving are logged",
	"ShareService.PassphraseShown":     "switches the screen-capture protection on",
	"ShareService.PassphraseHidden":    "switches the screen-capture protection off",
}

// boundCase runs one bound method (and what it needs first) and names the
// entries that must follow, in order.
type boundCase struct {
	method string   // "VaultService.Login"
	on     *app.App // nil: the main PC's app
	do     func() error
	want   []audit.Action
}

// TestEveryBoundMethodLogs calls every method of every service bound into
// the window (app.Services, found by reflection) that does something, and
// checks that it wrote its entry — refusals and failures included. The
// read-only methods are listed in notLogged with the reason.
func TestEveryBoundMethodLogs(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
	recs := map[*app.App]*recorder{}
	newApp := func(name string) *app.App {
		rec := &recorder{}
		a := app.New(app.Options{Emitter: rec, DataDir: filepath.Join(dir, name), Keys: &keys.Options{WorkFactor: 10},
			Keychain: keychain.NewMemory(), Now: clk.now, SyncInterval: time.Hour, IdleLock: -1, Catalog: catalog(t),
			Dialogs: app.FolderDialogs{Dir: filepath.Join(dir, "saved")}})
		a.Startup(t.Context())
		t.Cleanup(func() { a.Shutdown(t.Context()) })
		recs[a] = rec
		return a
	}
	a := newApp("pc-a")
	vs, cs, ns, rs, ls := a.Vault(), app.Clients(a), app.Numbers(a), app.Reports(a), app.Logs(a)
	password := "yamada-pw-X7c9k2"
	sheet, err := vs.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "記録事務所", Login: "yamada", UserName: "山田", Password: password, Handler: true})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := vs.State()
	me := st.User.ID
	client, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Code: "S-1"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	today, _ := mynumber.NewDate(2026, time.April, 1)
	acquire := func(name string) (string, error) {
		id, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RoleEmployee}, Name: name}, nil)
		if err != nil {
			return "", err
		}
		_, err = ns.Acquire(app.AcquireRequest{Client: client, Person: id, Number: "123456789018", Confirm: "123456789018",
			Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Role: "employee",
			Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}})
		return id, err
	}
	person, err := acquire("山田 花子")
	if err != nil {
		t.Fatal(err)
	}
	staff, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"})
	if err != nil {
		t.Fatal(err)
	}
	job := func(on *app.App, id string, err error) error {
		if err != nil {
			return err
		}
		for k := 0; ; k++ {
			if d := recs[on].next(t, app.EventJobDone, k).(app.JobDoneEvent); d.ID == id {
				if d.Error != nil {
					return d.Error
				}
				return nil
			}
		}
	}
	relogin := func() error { _, err := vs.Login("yamada", password, false); return err }
	var proposal, plan, envelope string
	var shared *app.ShareCreated
	b, c, d, e := newApp("pc-b"), newApp("pc-c"), newApp("pc-d"), newApp("pc-e")

	cases := []boundCase{
		// Those that open another vault, on PCs of their own.
		{method: "VaultService.Create", on: b, want: []audit.Action{audit.VaultCreate}, do: func() error {
			_, err := b.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas-b"), Name: "別の事務所", Login: "yamada", UserName: "山田", Password: password})
			return err
		}},
		{method: "VaultService.Join", on: c, want: []audit.Action{audit.VaultJoin}, do: func() error {
			if _, err := vs.SyncNow(); err != nil {
				return err
			}
			_, err := c.Vault().Join(filepath.Join(dir, "nas"))
			return err
		}},
		// The window's join: the same join as a job (progress, cancel).
		{method: "VaultService.JoinStart", on: e, want: []audit.Action{audit.VaultJoin}, do: func() error {
			id, err := e.Vault().JoinStart(filepath.Join(dir, "nas"))
			return job(e, id, err)
		}},
		{method: "VaultService.CreateDemo", on: d, want: []audit.Action{audit.VaultCreate}, do: func() error { _, err := d.Vault().CreateDemo(); return err }},
		// Leaving locks the demo (its lock entry); the demo is opened
		// again (a login) so the entries can be read.
		{method: "VaultService.LeaveDemo", on: d, want: []audit.Action{audit.Lock, audit.Login}, do: func() error {
			if _, err := d.Vault().LeaveDemo(); err != nil {
				return err
			}
			_, err := d.Vault().CreateDemo()
			return err
		}},

		{method: "VaultService.Lock", want: []audit.Action{audit.Lock}, do: func() error { vs.Lock(); return nil }},
		{method: "VaultService.Login", want: []audit.Action{audit.Lock, audit.Login}, do: func() error { vs.Lock(); return relogin() }},
		{method: "VaultService.Login", want: []audit.Action{audit.Lock, audit.LoginFailed}, do: func() error {
			vs.Lock()
			_, err := vs.Login("yamada", "not-the-password", false)
			return err
		}},
		{method: "VaultService.LoginRemembered", want: []audit.Action{audit.Lock, audit.Login, audit.Lock, audit.Login}, do: func() error {
			vs.Lock()
			if _, err := vs.Login("yamada", password, true); err != nil {
				return err
			}
			vs.Lock()
			_, err := vs.LoginRemembered(me)
			return err
		}},
		{method: "VaultService.Forget", want: []audit.Action{audit.Settings}, do: func() error { _, err := vs.Forget(me); return err }},
		{method: "VaultService.ChangePassword", want: []audit.Action{audit.Password}, do: func() error {
			return vs.ChangePassword("not-the-password", "another-password-1")
		}},
		{method: "VaultService.SyncNow", want: []audit.Action{audit.VaultSync}, do: func() error { _, err := vs.SyncNow(); return err }},
		{method: "VaultService.Verify", want: []audit.Action{audit.VaultVerify}, do: func() error { id, err := vs.Verify(); return job(a, id, err) }},
		{method: "VaultService.AddUser", want: []audit.Action{audit.UserAdd}, do: func() error {
			_, err := vs.AddUser(app.NewUserRequest{Login: "tanaka", Name: "田中", Password: "tanaka-pw-X7c9k2", Role: "staff", Default: "read"})
			return err
		}},
		{method: "VaultService.UpdateUser", want: []audit.Action{audit.UserEdit}, do: func() error {
			return vs.UpdateUser(staff, app.UserChangeRequest{Name: "鈴木 花子", Role: "staff", Default: "read"})
		}},
		{method: "VaultService.SetLevel", want: []audit.Action{audit.Grant}, do: func() error { return vs.SetLevel(staff, client, "edit") }},
		{method: "VaultService.SetLevels", want: []audit.Action{audit.Revoke}, do: func() error { _, err := vs.SetLevels(staff, []string{client}, "hidden"); return err }},
		{method: "VaultService.SetDefaultLevel", want: []audit.Action{audit.UserEdit}, do: func() error {
			_, err := vs.SetDefaultLevel(staff, "hidden", true) // the one client has a setting: nothing pinned
			return err
		}},
		// The window's bulk changes: the same changes as jobs (progress, cancel).
		{method: "VaultService.SetLevelsStart", want: []audit.Action{audit.Grant}, do: func() error {
			id, err := vs.SetLevelsStart(staff, []string{client}, "edit")
			return job(a, id, err)
		}},
		{method: "VaultService.SetDefaultLevelStart", want: []audit.Action{audit.UserEdit}, do: func() error {
			id, err := vs.SetDefaultLevelStart(staff, "read", true) // the one client has a setting: nothing pinned
			return job(a, id, err)
		}},
		{method: "VaultService.SetOwnerOnly", want: []audit.Action{audit.Settings}, do: func() error { return vs.SetOwnerOnly(client, false) }},
		{method: "VaultService.GrantMyNumber", want: []audit.Action{audit.Grant}, do: func() error { return vs.GrantMyNumber(staff, client) }},
		{method: "VaultService.RevokeMyNumber", want: []audit.Action{audit.Revoke}, do: func() error { return vs.RevokeMyNumber(staff, client) }},
		{method: "VaultService.CreateClient", want: []audit.Action{audit.ClientCreate}, do: func() error { _, err := vs.CreateClient("株式会社あおば", false); return err }},
		{method: "VaultService.ResolveConflict", want: []audit.Action{audit.Conflict}, do: func() error { return vs.ResolveConflict("client/"+client, "no-such-op") }},
		{method: "VaultService.HeldChange", want: []audit.Action{audit.ClientView}, do: func() error { _, err := vs.HeldChange("no-such-op"); return err }},
		{method: "VaultService.Reapply", want: []audit.Action{audit.ClientEdit}, do: func() error { _, err := vs.Reapply("no-such-op"); return err }},

		{method: "ClientsService.Client", want: []audit.Action{audit.ClientView}, do: func() error { _, err := cs.Client(client); return err }},
		{method: "ClientsService.CreateClient", want: []audit.Action{audit.ClientCreate}, do: func() error {
			_, err := cs.CreateClient(records.Client{Kind: records.KindIndividual, Name: "新規 顧客"}, false, nil)
			return err
		}},
		{method: "ClientsService.UpdateClient", want: []audit.Action{audit.ClientView, audit.ClientEdit}, do: func() error {
			v, err := cs.Client(client)
			if err != nil {
				return err
			}
			v.Client.Notes = "memo"
			return cs.UpdateClient(v.Client, v.Versions)
		}},
		{method: "ClientsService.SavePerson", want: []audit.Action{audit.PersonCreate}, do: func() error {
			_, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RolePayee}, Name: "支払 一郎"}, nil)
			return err
		}},
		{method: "ClientsService.DeletePerson", want: []audit.Action{audit.PersonCreate, audit.PersonDelete}, do: func() error {
			id, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RolePayee}, Name: "削除 二郎"}, nil)
			if err != nil {
				return err
			}
			p, err := cs.Person(client, id)
			if err != nil {
				return err
			}
			return cs.DeletePerson(client, id, p.Versions)
		}},
		{method: "ClientsService.ImportCommit", want: []audit.Action{audit.Import}, do: func() error {
			p, err := cs.ImportPreview("clients", "clients.csv", []byte("顧問先コード,名称\nI-1,株式会社いろは\n"), "auto", nil)
			if err != nil {
				return err
			}
			id, err := cs.ImportCommit(p.Token, false, nil)
			return job(a, id, err)
		}},
		{method: "ClientsService.SaveExport", want: []audit.Action{audit.Export}, do: func() error {
			_, err := cs.SaveExport("clients", "csv", "utf-8-bom", "ja")
			return err
		}},

		{method: "MyNumberService.Acquire", want: []audit.Action{audit.PersonCreate, audit.NumberAcquire}, do: func() error {
			_, err := acquire("取得 三郎")
			return err
		}},
		{method: "MyNumberService.Reveal", want: []audit.Action{audit.NumberReveal}, do: func() error {
			_, err := ns.Reveal(client, person, "withholding_slip")
			return err
		}},
		{method: "MyNumberService.Copied", want: []audit.Action{audit.NumberCopy}, do: func() error { return ns.Copied(client, person, "withholding_slip") }},
		{method: "MyNumberService.SaveFiling", want: []audit.Action{audit.FilingExport}, do: func() error {
			_, err := ns.SaveFiling(office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip}, "shift_jis", "ja")
			return err
		}},
		{method: "MyNumberService.ProposeErasure", want: []audit.Action{audit.ErasePropose}, do: func() error {
			var err error
			proposal, err = ns.ProposeErasure(client, person, "retention", nil)
			return err
		}},
		{method: "MyNumberService.ApproveErasure", want: []audit.Action{audit.EraseApprove}, do: func() error { return ns.ApproveErasure(proposal) }},

		{method: "ReportsService.Ledger", want: []audit.Action{audit.ReportView}, do: func() error { _, err := rs.Ledger(); return err }},
		{method: "ReportsService.Printed", want: []audit.Action{audit.Print}, do: func() error { return rs.Printed("erasures") }},
		{method: "ReportsService.SaveLedger", want: []audit.Action{audit.ReportSave}, do: func() error {
			_, err := rs.SaveLedger("csv", "utf-8-bom", "ja")
			return err
		}},

		// The log is read once per session: each case starts one.
		{method: "LogService.Open", want: []audit.Action{audit.Lock, audit.Login, audit.LogView}, do: func() error {
			vs.Lock()
			if err := relogin(); err != nil {
				return err
			}
			_, err := ls.Open()
			return err
		}},
		{method: "LogService.SaveReport", want: []audit.Action{audit.Lock, audit.Login, audit.LogView, audit.LogExport}, do: func() error {
			vs.Lock()
			if err := relogin(); err != nil {
				return err
			}
			_, err := ls.SaveReport(audit.Filter{}, nil, "csv", "utf-8-bom", "ja")
			return err
		}},
		{method: "LogService.Verify", want: []audit.Action{audit.LogVerify}, do: func() error { id, err := ls.Verify(); return job(a, id, err) }},
		{method: "LogService.ConfirmReview", want: []audit.Action{audit.LogReview}, do: func() error { return ls.ConfirmReview("2026-10", "確認しました") }},

		// The backup area: a plan, a run, a verify, a restore.
		{method: "BackupService.SavePlan", want: []audit.Action{audit.Settings}, do: func() error {
			src := filepath.Join(dir, "files")
			writeTree(t, src, map[string]string{"a.txt": "a"})
			p, err := app.Backup(a).SavePlan(app.BackupPlan{Name: "毎日", Sources: []app.BackupSource{{Path: src}}, Dest: app.BackupDest{Path: filepath.Join(dir, "usb")}})
			plan = p.ID
			return err
		}},
		{method: "BackupService.RunNow", want: []audit.Action{audit.BackupRun}, do: func() error { id, err := app.Backup(a).RunNow(plan); return job(a, id, err) }},
		{method: "BackupService.Verify", want: []audit.Action{audit.BackupRun}, do: func() error { id, err := app.Backup(a).Verify(plan, true); return job(a, id, err) }},
		{method: "BackupService.Restore", want: []audit.Action{audit.BackupRestore}, do: func() error {
			snaps, err := app.Backup(a).Snapshots(plan)
			if err != nil || len(snaps) == 0 {
				return fmt.Errorf("snapshots: %v", err)
			}
			id, err := app.Backup(a).Restore(plan, snaps[0].ID, "", filepath.Join(dir, "restored"))
			return job(a, id, err)
		}},
		{method: "BackupService.ClearFlag", want: []audit.Action{audit.Settings}, do: func() error { return app.Backup(a).ClearFlag(plan) }},
		{method: "BackupService.DeletePlan", want: []audit.Action{audit.Settings}, do: func() error { return app.Backup(a).DeletePlan(plan) }},

		// The 共有 area: recipients, a package made and opened, an
		// envelope made and revoked, the package saved again.
		{method: "ShareService.Recipients", want: []audit.Action{audit.ClientView}, do: func() error {
			_, err := app.Share(a, 10, dir).Recipients(client)
			return err
		}},
		{method: "ShareService.Create", want: []audit.Action{audit.ShareCreate}, do: func() error {
			writeTree(t, filepath.Join(dir, "send"), map[string]string{"決算書.txt": "決算書\n"})
			id, err := app.Share(a, 10, dir).Create(app.ShareCreateRequest{Client: client, Person: person, Paths: []string{filepath.Join(dir, "send")},
				Purpose: "確認", Expires: "+7d", Output: filepath.Join(dir, "share-out")})
			if err != nil {
				return err
			}
			for k := 0; ; k++ {
				if d := recs[a].next(t, app.EventJobDone, k).(app.JobDoneEvent); d.ID == id {
					if d.Error != nil {
						return d.Error
					}
					shared = d.Result.(*app.ShareCreated)
					return nil
				}
			}
		}},
		{method: "ShareService.Open", want: []audit.Action{audit.ShareOpen}, do: func() error {
			id, err := app.Share(a, 10, dir).Open(app.ShareOpenRequest{Path: shared.Files[0], Passphrase: shared.Passphrase, Target: filepath.Join(dir, "share-in")})
			return job(a, id, err)
		}},
		{method: "ShareService.SaveCopy", want: []audit.Action{audit.ShareCreate}, do: func() error {
			_, err := app.Share(a, 10, dir).SaveCopy(client, shared.ID)
			return err
		}},
		{method: "ShareService.CreateEnvelope", want: []audit.Action{audit.ShareEnvelope}, do: func() error {
			env, err := app.Share(a, 10, dir).CreateEnvelope(app.ShareEnvelopeRequest{Client: client, Person: person})
			envelope = env.ID
			return err
		}},
		{method: "ShareService.RevokeEnvelope", want: []audit.Action{audit.ShareEnvelope}, do: func() error {
			return app.Share(a, 10, dir).RevokeEnvelope(client, envelope)
		}},

		// A new recovery key: the reset below uses its sheet.
		{method: "VaultService.RotateRecovery", want: []audit.Action{audit.RecoveryRotate}, do: func() error {
			s, err := vs.RotateRecovery(password)
			if err == nil {
				sheet = s
			}
			return err
		}},
		// Last: it changes the password the others log in with.
		{method: "VaultService.ResetPassword", want: []audit.Action{audit.Lock, audit.Password}, do: func() error {
			vs.Lock()
			password = "yamada-pw-X7c9k2-2"
			_, err := vs.ResetPassword("yamada", sheet.Key, password)
			return err
		}},
	}

	ran := map[string]bool{}
	for _, bc := range cases {
		on := cmpOr(bc.on, a)
		if st, _ := on.Vault().State(); st.Phase == app.PhaseLocked {
			if _, err := on.Vault().Login("yamada", password, false); err != nil {
				t.Fatalf("%s: log in first: %v", bc.method, err)
			}
		}
		seen := map[string]bool{}
		before, _ := app.LogEntries(on)
		for _, e := range before {
			seen[e.Op] = true
		}
		err := bc.do()
		want := bc.want
		// Entries are read by a 責任者: after a lock, log in again (an
		// entry of its own).
		if st, _ := on.Vault().State(); st.Phase == app.PhaseLocked {
			if _, err := on.Vault().Login("yamada", password, false); err != nil {
				t.Fatalf("%s: log in again: %v", bc.method, err)
			}
			want = append(slices.Clone(want), audit.Login)
		}
		es, lerr := app.LogEntries(on)
		if lerr != nil {
			t.Fatalf("%s: %v (the call: %v)", bc.method, lerr, err)
		}
		// This PC's entries only: the other PCs' arrive with syncs, at any
		// time.
		status, _ := on.Vault().Status()
		self := ""
		for _, d := range status.Devices {
			if d.Self {
				self = d.ID
			}
		}
		var got []audit.Action
		for _, e := range es {
			if !seen[e.Op] && e.Device == self {
				got = append(got, e.Action)
				if e.Result == "" || e.Device == "" || e.Time == 0 {
					t.Errorf("%s: incomplete entry %+v", bc.method, e)
				}
				if strings.Contains(e.Login+e.Label+e.Detail, "123456789018") || strings.Contains(e.Login+e.Label+e.Detail, "password") {
					t.Errorf("%s: a number or a password in the log", bc.method)
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s (error %v) wrote %v, want %v", bc.method, err, got, want)
		}
		ran[bc.method] = true
	}

	// Every method of every bound service was run or is listed as a read.
	for _, svc := range a.Services() {
		typ := reflect.TypeOf(svc)
		for i := range typ.NumMethod() {
			name := typ.Elem().Name() + "." + typ.Method(i).Name
			_, read := notLogged[name]
			switch {
			case !ran[name] && !read:
				t.Errorf("bound method %s is neither run here (and its entry checked) nor listed in notLogged with a reason", name)
			case ran[name] && read:
				t.Errorf("bound method %s is listed in notLogged but logs", name)
			}
		}
	}
}

func cmpOr(x, y *app.App) *app.App {
	if x != nil {
		return x
	}
	return y
}

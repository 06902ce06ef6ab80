package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/report/reporttest"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestLogService walks the アクセスログ area: open, filter, who touched a
// record, charts, a monthly review, verification and an incident report.
func TestLogService(t *testing.T) {
	saved := wintest.TempDir(t)
	a, client, person, rec := reportsAppRec(t, app.FolderDialogs{Dir: saved})
	cs, ns, ls := app.Clients(a), app.Numbers(a), app.Logs(a)
	for range 3 {
		if _, err := cs.Client(client); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ns.Reveal(client, person, "withholding_slip"); err != nil {
		t.Fatal(err)
	}
	sum, err := ls.Open()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Entries < 6 || sum.Names.Clients[client] != "株式会社サンプル" || len(sum.Names.Devices) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if n := sum.Names.Persons[person]; !strings.HasSuffix(n, "（株式会社サンプル）") || sum.Names.PersonClient[person] != client {
		t.Fatalf("the person is named from the log: %q %q", n, sum.Names.PersonClient[person])
	}
	page, err := ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.ClientView}}, Limit: 10, NewestFirst: true})
	if err != nil || page.Total != 3 || len(page.Entries) != 3 || page.Entries[0].Label != "株式会社サンプル" {
		t.Fatalf("views: %+v %v", page, err)
	}
	touched, err := ls.Touched(audit.Filter{Persons: []string{person}})
	if err != nil || len(touched) != 1 || touched[0].N < 2 { // acquired, revealed
		t.Fatalf("touched %+v %v", touched, err)
	}
	st, err := ls.Stats(audit.Filter{})
	if err != nil || len(st.Reveals) != 1 || st.Reveals[0].Key != "withholding_slip" {
		t.Fatalf("stats %+v %v", st, err)
	}
	// A new entry after opening shows up on the next call.
	cs.Client(client)
	page, _ = ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.ClientView}}, Limit: 10})
	if page.Total != 4 {
		t.Fatalf("after another view: %d", page.Total)
	}
	if err := ls.ConfirmReview("2026-10", "異常なし"); err != nil {
		t.Fatal(err)
	}
	reviews, err := ls.Reviews()
	if err != nil || len(reviews) != 1 || reviews[0].Month != "2026-10" || reviews[0].Note != "異常なし" {
		t.Fatalf("reviews %+v %v", reviews, err)
	}
	if err := ls.ConfirmReview("october", ""); err == nil {
		t.Fatal("a malformed month was accepted")
	}
	path, err := ls.SaveReport(audit.Filter{}, &audit.Subject{Kind: audit.SubjectClient, ID: client}, "pdf", "", "ja")
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := os.ReadFile(path)
	text := strings.Join(strings.Fields(reporttest.Text(t, pdf)), "")
	if !strings.Contains(text, "株式会社サンプル") || strings.Contains(text, "123456789018") {
		t.Fatal("the incident report's content")
	}
	// Verification as a job: the report arrives in job:done.
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	id, err := ls.Verify()
	if err != nil {
		t.Fatal(err)
	}
	done := rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent)
	if done.ID != id || done.Status != app.JobOK {
		t.Fatalf("verify job %+v", done)
	}
	if v := done.Result.(*app.LogVerifyView); !v.Report.OK() || v.Report.Entries == 0 {
		t.Fatalf("verify %+v", v.Report)
	}
	// Staff may not read it.
	if _, err := a.Vault().AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"}); err != nil {
		t.Fatal(err)
	}
	a.Vault().Lock()
	if _, err := a.Vault().Login("suzuki", "suzuki-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if _, err := ls.Open(); code(err) != "access.not_auditor" {
		t.Fatalf("staff opening the log: %v", err)
	}
}

// TestLogOpenAsJob: a large backlog of entries is read into the viewer as
// the job "log.open", with progress the window shows; Open waits for it
// and the next Open, with little new, reads at once.
func TestLogOpenAsJob(t *testing.T) {
	rec := &recorder{}
	a, cs, id := logApp(t, rec)
	for range 30 {
		if _, err := cs.Client(id); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := app.Logs(a).Open()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Entries < 31 {
		t.Fatalf("%d entries", sum.Entries)
	}
	done := rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent)
	if done.Kind != "log.open" || done.Status != app.JobOK {
		t.Fatalf("the read as a job: %+v", done)
	}
	var last app.JobProgressEvent
	for _, e := range rec.named(app.EventJobProgress) {
		if p := e.(app.JobProgressEvent); p.Kind == "log.open" {
			last = p
		}
	}
	if last.Stage != "read" || last.Total < 31 || last.Done == 0 {
		t.Fatalf("progress %+v", last)
	}
	if _, err := app.Logs(a).Open(); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.named(app.EventJobDone)); n != 1 {
		t.Fatalf("a second opening with little new started a job: %d jobs", n)
	}
}

// cancelOnProgress cancels the first "log.open" job as soon as it reports
// progress (the reader checks for it right after reporting), and records
// every event.
type cancelOnProgress struct {
	recorder
	a    *app.App
	done bool
}

func (c *cancelOnProgress) Emit(name string, data any) {
	if p, ok := data.(app.JobProgressEvent); ok && p.Kind == "log.open" && p.Done > 0 && !c.done {
		c.done = true
		c.a.Jobs.Cancel(p.ID)
	}
	c.recorder.Emit(name, data)
}

// views is how many client views cancelledRead logs: enough entries for
// the viewer to read them as a job it can cancel.
const views = 1500

// cancelledRead logs n views of a client and opens the viewer, cancelling
// the read at its first progress: the viewer is left half read. view logs
// one more view of the client.
func cancelledRead(t *testing.T, n int) (ls *app.LogService, em *cancelOnProgress, view func()) {
	t.Helper()
	em = &cancelOnProgress{}
	a, cs, id := logApp(t, em)
	em.a = a
	view = func() {
		t.Helper()
		if _, err := cs.Client(id); err != nil {
			t.Fatal(err)
		}
	}
	for range n {
		view()
	}
	ls = app.Logs(a)
	if _, err := ls.Open(); code(err) != app.CodeCanceled {
		t.Fatalf("a cancelled read: %v", err)
	}
	return ls, em, view
}

// TestLogOpenCancelled: cancelling the read of a large log ends Open with
// job.canceled; opening again goes on from where it stopped, and every
// entry is in the index exactly once.
func TestLogOpenCancelled(t *testing.T) {
	ls, em, _ := cancelledRead(t, views)
	if done := em.next(t, app.EventJobDone, 0).(app.JobDoneEvent); done.Status != app.JobCanceled {
		t.Fatalf("the job: %+v", done)
	}
	if _, err := ls.Open(); err != nil {
		t.Fatal(err)
	}
	page, err := ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.ClientView}}})
	if err != nil || page.Total != views {
		t.Fatalf("client views after a cancelled and a full read: %d %v", page.Total, err)
	}
}

// logApp is an app on a new vault with one client, whose log is read as a
// job from 20 new ops on, with every progress event passed on at once.
func logApp(t *testing.T, em app.Emitter) (*app.App, *app.ClientsService, string) {
	t.Helper()
	dir := wintest.TempDir(t)
	a := app.New(app.Options{Emitter: em, DataDir: filepath.Join(dir, "pc"), Keys: &keys.Options{WorkFactor: 10},
		Keychain: keychain.NewMemory(), SyncInterval: time.Hour, IdleLock: -1, ProgressInterval: time.Nanosecond, LogReadJobOps: 20})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2"}); err != nil {
		t.Fatal(err)
	}
	cs := app.Clients(a)
	id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a, cs, id
}

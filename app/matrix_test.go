package app_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// A bulk change from the window: one change, one entry per client whose
// setting changed (the same grant/revoke entry a single change writes,
// marked bulk, labelled with the client's name), so the log answers who
// changed which client's access; the matrix shows it in its compact form.
func TestSetLevelsWindow(t *testing.T) {
	a, first, _ := reportsApp(t, app.FolderDialogs{Dir: wintest.TempDir(t)})
	vs, cs := a.Vault(), app.Clients(a)
	staff, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{first}
	for _, n := range []string{"株式会社あおば", "さくら商事"} {
		id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: n}, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	before := len(entriesOf(t, a, audit.Revoke))
	res, err := vs.SetLevels(staff, []string{ids[2], ids[1], ids[1]}, "hidden")
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(ids[1:]))
	if !slices.Equal(res.Changed, want) {
		t.Fatalf("changed %v, want %v", res.Changed, want)
	}
	es := entriesOf(t, a, audit.Revoke)[before:]
	var got []string
	for _, e := range es {
		if e.Result != audit.ResultOK || !strings.Contains(e.Detail, "user="+staff+" level=hidden bulk") || e.Label == "" {
			t.Errorf("entry %+v", e)
		}
		got = append(got, e.Client)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("entries for %v, want one per changed client %v", got, want)
	}

	m, err := vs.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, c := range m.Clients {
		pos[c.ID] = i
	}
	if lv := m.Levels[staff]; lv[pos[ids[0]]] != 'r' || lv[pos[ids[1]]] != 'h' || lv[pos[ids[2]]] != 'h' {
		t.Errorf("levels %q", lv)
	}
	if ex := m.Explicit[staff]; ex[pos[ids[0]]] != '-' || ex[pos[ids[1]]] != 'h' {
		t.Errorf("explicit %q", ex)
	}

	// What new clients get, keeping the existing ones as they are.
	edits := len(entriesOf(t, a, audit.UserEdit))
	grants := len(entriesOf(t, a, audit.Grant))
	res, err = vs.SetDefaultLevel(staff, "edit", true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{ids[0]}) {
		t.Errorf("pinned %v", res.Changed)
	}
	if ue := entriesOf(t, a, audit.UserEdit)[edits:]; len(ue) != 1 || ue[0].Target != "user/"+staff || !strings.Contains(ue[0].Detail, "default=edit keep=true pinned=1") {
		t.Errorf("user entry %+v", ue)
	}
	if ge := entriesOf(t, a, audit.Grant)[grants:]; len(ge) != 1 || ge[0].Client != ids[0] || !strings.Contains(ge[0].Detail, "level=read bulk pinned") {
		t.Errorf("pinned entries %+v", ge)
	}
}

// A refused bulk change writes one denied entry per client asked for, and
// changes nothing.
func TestSetLevelsRefusedLogged(t *testing.T) {
	a, client, _ := reportsApp(t, app.FolderDialogs{Dir: wintest.TempDir(t)})
	vs := a.Vault()
	staff, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"})
	if err != nil {
		t.Fatal(err)
	}
	vs.Lock()
	if _, err := vs.Login("suzuki", "suzuki-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if _, err := vs.SetLevels(staff, []string{client}, "edit"); code(err) != "access.not_admin" {
		t.Fatalf("staff bulk change: %v", err)
	}
	vs.Lock()
	if _, err := vs.Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	es := entriesOf(t, a, audit.Grant)
	if len(es) == 0 {
		t.Fatal("no entry")
	}
	if e := es[len(es)-1]; e.Result != audit.ResultDenied || e.Client != client {
		t.Errorf("entry %+v", e)
	}
}

// jobCanceler cancels the first job of kind it sees progress from.
type jobCanceler struct {
	recorder
	a    *app.App
	kind string
	done bool
}

func (c *jobCanceler) Emit(name string, data any) {
	c.recorder.Emit(name, data)
	if p, ok := data.(app.JobProgressEvent); ok && name == app.EventJobProgress && p.Kind == c.kind && !c.done && c.a != nil {
		c.done = true
		c.a.Jobs.Cancel(p.ID)
	}
}

// The window's bulk change is a job ("access.levels"): progress in stages
// levels then keys, the BulkResult at the end; cancelled, it changes
// nothing and writes one entry about the user saying so (not one per
// client asked for).
func TestSetLevelsJob(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	em := &jobCanceler{kind: "access.levels"}
	a := app.New(app.Options{Emitter: em, DataDir: filepath.Join(dir, "pc"), Keys: fastAppKeys, Keychain: keychain.NewMemory(), Now: clk.now,
		SyncInterval: time.Hour, IdleLock: -1})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	vs, cs := a.Vault(), app.Clients(a)
	if _, err := vs.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	staff, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "edit"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range []string{"株式会社あおば", "さくら商事", "みどり工業"} {
		id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: n}, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	unchanged := func(when string) {
		t.Helper()
		m, err := vs.Matrix()
		if err != nil {
			t.Fatal(err)
		}
		if ex := m.Explicit[staff]; strings.Trim(ex, "-") != "" {
			t.Fatalf("%s: settings %q", when, ex)
		}
	}

	// Cancelled at its first progress report.
	em.a = a
	revokes := len(entriesOf(t, a, audit.Revoke))
	job, err := vs.SetLevelsStart(staff, ids, "hidden")
	if err != nil {
		t.Fatal(err)
	}
	if d := jobDone(t, &em.recorder, job); d.Status != app.JobCanceled {
		t.Fatalf("cancelled job: %+v", d)
	}
	unchanged("after the cancel")
	es := entriesOf(t, a, audit.Revoke)[revokes:]
	if len(es) != 1 || es[0].Target != "user/"+staff || es[0].Result == audit.ResultOK || !strings.Contains(es[0].Detail, "asked=3 changed=0") {
		t.Fatalf("entries of the cancelled change: %+v", es)
	}

	// Then to the end.
	job, err = vs.SetLevelsStart(staff, ids, "hidden")
	if err != nil {
		t.Fatal(err)
	}
	res, ok := waitJob(t, &em.recorder, job).(app.BulkResult)
	if !ok || len(res.Changed) != 3 {
		t.Fatalf("job result %#v", res)
	}
	var stages []string
	for _, e := range em.named(app.EventJobProgress) {
		if p := e.(app.JobProgressEvent); p.ID == job && (len(stages) == 0 || stages[len(stages)-1] != p.Stage) {
			stages = append(stages, p.Stage)
		}
	}
	if !slices.Equal(stages, []string{"levels", "keys"}) {
		t.Errorf("stages %v", stages)
	}
	if n := len(entriesOf(t, a, audit.Revoke)) - revokes; n != 1+3 {
		t.Errorf("%d entries, want the cancel's and one per client", n)
	}

	// What new clients get, as a job too.
	job, err = vs.SetDefaultLevelStart(staff, "read", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := waitJob(t, &em.recorder, job).(app.BulkResult); !ok {
		t.Fatal("default level job: no BulkResult")
	}
	st, err := vs.State()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range st.Accounts {
		if u.ID == staff && u.Default != "read" {
			t.Errorf("default %q", u.Default)
		}
	}
}

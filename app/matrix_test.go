package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
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

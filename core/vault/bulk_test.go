package vault_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// scopeKeyOps counts the scope.key ops of each scope at each epoch.
func scopeKeyOps(t *testing.T, o *office) map[string]map[uint32]int {
	out := map[string]map[uint32]int{}
	for _, op := range folderOps(t, o) {
		var k struct {
			Scope string `json:"scope"`
			Epoch uint32 `json:"epoch"`
		}
		if op.Kind != vault.KindScopeKey || json.Unmarshal(op.Payload, &k) != nil {
			continue
		}
		if out[k.Scope] == nil {
			out[k.Scope] = map[uint32]int{}
		}
		out[k.Scope][k.Epoch]++
	}
	return out
}

// bulkOffice is a vault with a member of staff, tanaka (default def), and
// n clients, written to the vault folder.
func bulkOffice(t *testing.T, def access.Level, n int) (*office, *vault.Vault, string, []string) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, def)
	var cs []string
	for i := range n {
		cs = append(cs, newClient(t, a, "client "+string(rune('A'+i))))
	}
	sync(t, a)
	return o, a, staff, cs
}

// A level set on many clients at once: one transaction, only the clients
// whose setting changes, each scope that lost a member re-keyed once, and
// the member really locked out; back to the default the same way.
func TestSetLevelsBulk(t *testing.T) {
	o, a, staff, cs := bulkOffice(t, access.Edit, 5)
	before := scopeKeyOps(t, o)

	pick := []string{cs[3], cs[0], cs[2], cs[0]} // unsorted, one twice
	changed, err := a.SetLevels(staff, pick, access.Hidden)
	must(t, err)
	want := slices.Sorted(slices.Values([]string{cs[0], cs[2], cs[3]}))
	if !slices.Equal(changed, want) {
		t.Fatalf("changed %v, want %v", changed, want)
	}
	sync(t, a)
	after := scopeKeyOps(t, o)
	for i, c := range cs {
		scope := access.ClientScope(c)
		hidden := slices.Contains(want, c)
		if n := after[scope][2] - before[scope][2]; (hidden && n != 1) || (!hidden && n != 0) {
			t.Errorf("client %d: %d new keys at epoch 2, want one for each hidden client and none otherwise", i, n)
		}
		if after[scope][3] != 0 {
			t.Errorf("client %d re-keyed twice", i)
		}
	}

	// The same change again changes nothing and writes nothing.
	n := len(folderOps(t, o))
	if again, err := a.SetLevels(staff, pick, access.Hidden); err != nil || len(again) != 0 {
		t.Fatalf("repeat: %v, %v", again, err)
	}
	sync(t, a)
	if m := len(folderOps(t, o)); m != n {
		t.Errorf("a change that changes nothing wrote %d ops", m-n)
	}

	b := o.join("b")
	login(t, b, "tanaka")
	for i, c := range cs {
		_, err := b.Get("client/" + c)
		if hidden := slices.Contains(want, c); hidden != errors.Is(err, vault.ErrNoAccess) {
			t.Errorf("client %d: tanaka reads it: %v (hidden %v)", i, err, hidden)
		}
	}

	// Back to the default (編集) for the clients that have a setting.
	changed, err = a.SetLevels(staff, cs, "")
	must(t, err)
	if !slices.Equal(changed, want) {
		t.Fatalf("back to default changed %v, want %v", changed, want)
	}
	m, err := a.Matrix()
	must(t, err)
	for _, c := range cs {
		if m.Levels[staff][c] != string(access.Edit) || m.Explicit[staff][c] != "" {
			t.Errorf("client %s: level %q explicit %q", c, m.Levels[staff][c], m.Explicit[staff][c])
		}
	}
	sync(t, a, b)
	b.Lock()
	login(t, b, "tanaka")
	for _, c := range cs {
		if _, err := b.Get("client/" + c); err != nil {
			t.Errorf("after back to default: %v", err)
		}
	}
}

// Bad input and refusals change nothing: an unknown client or level, a
// level the user's role does not allow on one of the clients, a caller who
// is not a 責任者.
func TestSetLevelsAllOrNothing(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Read)
	kansa := addUser(t, a, "kansa", access.Auditor, access.Hidden)
	c1, c2 := newClient(t, a, "one"), newClient(t, a, "two")
	b := o.join("b")
	login(t, b, "tanaka")
	sync(t, a, b)
	n := len(folderOps(t, o))

	if _, err := a.SetLevels(staff, []string{c1, "nosuchclient"}, access.Edit); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("unknown client: %v", err)
	}
	if _, err := a.SetLevels("nosuchuser", []string{c1}, access.Edit); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := a.SetLevels(staff, []string{c1}, "owner"); !errors.Is(err, vault.ErrInvalidOp) {
		t.Errorf("unknown level: %v", err)
	}
	var de *access.DeniedError
	if _, err := a.SetLevels(kansa, []string{c1, c2}, access.Read); !errors.As(err, &de) || de.Reason != access.ReasonRoleLevel {
		t.Errorf("auditor given read: %v", err)
	}
	if _, err := a.SetDefaultLevel(kansa, access.Edit, true); !errors.Is(err, access.ErrDenied) {
		t.Errorf("auditor default edit: %v", err)
	}

	if _, err := b.SetLevels(staff, []string{c1, c2}, access.Edit); !errors.Is(err, access.ErrDenied) {
		t.Errorf("staff bulk change of their own level: %v", err)
	}
	if _, err := b.SetDefaultLevel(staff, access.Edit, false); !errors.Is(err, access.ErrDenied) {
		t.Errorf("staff change of their own default: %v", err)
	}
	sync(t, a, b)
	if m := len(folderOps(t, o)); m != n {
		t.Errorf("refused changes wrote %d ops", m-n)
	}
	m, err := a.Matrix()
	must(t, err)
	if m.Levels[staff][c1] != string(access.Read) || m.Levels[kansa][c1] != string(access.Hidden) {
		t.Errorf("levels changed: %v %v", m.Levels[staff], m.Levels[kansa])
	}
}

// What new clients get: the default, for new clients only (keep) or for
// every client without a setting.
func TestSetDefaultLevel(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Read)
	c1, c2 := newClient(t, a, "one"), newClient(t, a, "two")
	_, err := a.SetLevels(staff, []string{c2}, access.Hidden)
	must(t, err)

	pinned, err := a.SetDefaultLevel(staff, access.Edit, true)
	must(t, err)
	if !slices.Equal(pinned, []string{c1}) {
		t.Fatalf("pinned %v, want only the client without a setting", pinned)
	}
	c3 := newClient(t, a, "three")
	m, err := a.Matrix()
	must(t, err)
	if got := []string{m.Levels[staff][c1], m.Levels[staff][c2], m.Levels[staff][c3]}; !slices.Equal(got, []string{"read", "hidden", "edit"}) {
		t.Errorf("keep: levels %v, want read (as before), hidden (set), edit (new)", got)
	}
	if acc := accountOf(a, staff); acc.Default != string(access.Edit) {
		t.Errorf("default %q", acc.Default)
	}

	// Without keep, the clients without a setting follow the default.
	must(t, errOnly(a.SetLevels(staff, []string{c1}, "")))
	pinned, err = a.SetDefaultLevel(staff, access.Hidden, false)
	must(t, err)
	if len(pinned) != 0 {
		t.Errorf("pinned %v without keep", pinned)
	}
	m, err = a.Matrix()
	must(t, err)
	if got := []string{m.Levels[staff][c1], m.Levels[staff][c2], m.Levels[staff][c3]}; !slices.Equal(got, []string{"hidden", "hidden", "hidden"}) {
		t.Errorf("no keep: levels %v", got)
	}
	sync(t, a)
	b := o.join("b")
	login(t, b, "tanaka")
	if _, err := b.Get("client/" + c3); !errors.Is(err, vault.ErrNoAccess) {
		t.Errorf("tanaka still reads a client hidden by the default: %v", err)
	}
}

func accountOf(v *vault.Vault, id string) vault.Account {
	for _, a := range v.Accounts() {
		if a.ID == id {
			return a
		}
	}
	return vault.Account{}
}

func errOnly[T any](_ T, err error) error { return err }

// A member of staff's own program writes, in one segment, the ops a bulk
// change is made of — its own level raised on many clients hidden from it,
// and its own default raised — signed with its own key: no replica applies
// any of them, and the staff member holds no key of those clients.
func TestInsiderBulkLevels(t *testing.T) {
	o, a, staff, cs := bulkOffice(t, access.Hidden, 4)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	var ops []*journal.Op
	hostile := map[string]string{}
	for _, c := range cs {
		op := in.control(vault.KindLevel, c, nil, map[string]any{"user": staff, "client": c, "level": "edit"})
		ops = append(ops, op)
	}
	up := in.control(vault.KindUserUpdate, staff, nil, map[string]any{"id": staff, "login": "tanaka", "name": "tanaka さん", "role": "staff", "default": "edit"})
	ops = append(ops, up)
	for i, op := range ops { // dated now, after everything
		op.Time = journal.HLC{Wall: o.now.Add(time.Hour).UnixMilli(), Logical: uint32(i)}
	}
	in.write(ops...)
	for _, op := range ops {
		hostile[op.ID()] = vault.ReasonDenied
	}

	all := judged(t, o, "b", hostile, a)
	for _, v := range all {
		login(t, v, "shocho")
		m, err := v.Matrix()
		must(t, err)
		for _, c := range cs {
			if m.Levels[staff][c] != string(access.Hidden) {
				t.Errorf("replica %s: tanaka's level on a client: %q", v.Device(), m.Levels[staff][c])
			}
		}
	}
	for _, c := range cs {
		if ks := in.scopeKeys(access.ClientScope(c), 1); len(ks) != 0 {
			t.Error("the staff member holds a client's key")
		}
	}
	// A 責任者's honest change after the hostile ops still works.
	changed, err := all[0].SetLevels(staff, cs[:2], access.Read)
	must(t, err)
	if len(changed) != 2 {
		t.Errorf("changed %v", changed)
	}
}

// BenchmarkBulkLevels times the bulk changes on an office of 1,000 clients
// (created in one batch): hiding them all from a user (1,000 level ops, each
// scope re-keyed and its record re-sealed once) and a default kept for the
// existing clients (1,000 pins, no re-key). Reported per client.
func BenchmarkBulkLevels(b *testing.B) {
	const n = 1000
	for b.Loop() {
		b.StopTimer()
		dir := wintest.TempDir(b)
		a, _, err := vault.Create(filepath.Join(dir, "NAS"), "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true},
			vault.Options{DataDir: filepath.Join(dir, "pc-a"), Keys: fastKeys})
		if err != nil {
			b.Fatal(err)
		}
		staff, _ := a.AddUser(vault.NewUser{Login: "tanaka", Name: "tanaka", Password: []byte("tanaka-pw-X7c9k2"), Role: access.Staff, Default: access.Read})
		var cs []string
		if err := a.Batch(func(bt *vault.Batch) error {
			for i := range n {
				id, err := bt.CreateClient(vault.NewClient{Data: []byte(fmt.Sprint("client ", i))})
				if err != nil {
					return err
				}
				cs = append(cs, id)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if _, err := a.SetLevels(staff, cs, access.Hidden); err != nil {
			b.Fatal(err)
		}
		hide := time.Since(t0)
		t0 = time.Now()
		if _, err := a.SetLevels(staff, cs, ""); err != nil {
			b.Fatal(err)
		}
		back := time.Since(t0)
		t0 = time.Now()
		if _, err := a.SetDefaultLevel(staff, access.Edit, true); err != nil {
			b.Fatal(err)
		}
		keep := time.Since(t0)
		b.ReportMetric(float64(hide.Microseconds())/n, "µs/client-hide")
		b.ReportMetric(float64(back.Microseconds())/n, "µs/client-back")
		b.ReportMetric(float64(keep.Microseconds())/n, "µs/client-pin")
		a.Close()
	}
}

// cancelAt cancels its context at the first report of a stage, and keeps
// every report.
type cancelAt struct {
	stage   string
	cancel  context.CancelFunc
	reports []progress.Update
}

func (c *cancelAt) Report(u progress.Update) {
	c.reports = append(c.reports, u)
	if u.Stage == c.stage {
		c.cancel()
	}
}

// A bulk change reports its stages ("levels", then "keys", each ending at
// its total), and a change cancelled in either stage changes nothing: no
// level, no key, no op in the vault folder; the same change then goes
// through, and another PC sees the client hidden from the member.
func TestSetLevelsProgressAndCancel(t *testing.T) {
	o, a, staff, cs := bulkOffice(t, access.Edit, 5)
	ops := len(folderOps(t, o))
	keys := scopeKeyOps(t, o)
	for _, stage := range []string{"levels", "keys"} {
		ctx, cancel := context.WithCancel(t.Context())
		rep := &cancelAt{stage: stage, cancel: cancel}
		changed, err := a.SetLevelsContext(ctx, rep, staff, cs, access.Hidden)
		cancel()
		if !errors.Is(err, context.Canceled) || changed != nil {
			t.Fatalf("cancelled at %q: %v, %v", stage, changed, err)
		}
		m, err := a.Matrix()
		must(t, err)
		for _, c := range cs {
			if m.Explicit[staff][c] != "" || m.Levels[staff][c] != string(access.Edit) {
				t.Fatalf("cancelled at %q: client %s has %q (explicit %q)", stage, c, m.Levels[staff][c], m.Explicit[staff][c])
			}
		}
		sync(t, a)
		if n := len(folderOps(t, o)); n != ops {
			t.Fatalf("cancelled at %q: %d ops reached the vault folder", stage, n-ops)
		}
		if got := scopeKeyOps(t, o); !maps.EqualFunc(got, keys, maps.Equal) {
			t.Fatalf("cancelled at %q: scope keys changed", stage)
		}
	}

	rep := &cancelAt{stage: "none"}
	changed, err := a.SetLevelsContext(t.Context(), rep, staff, cs, access.Hidden)
	must(t, err)
	if len(changed) != len(cs) {
		t.Fatalf("changed %d of %d", len(changed), len(cs))
	}
	var stages []string
	last := map[string]progress.Update{}
	for _, u := range rep.reports {
		if len(stages) == 0 || stages[len(stages)-1] != u.Stage {
			stages = append(stages, u.Stage)
		}
		last[u.Stage] = u
	}
	if !slices.Equal(stages, []string{"levels", "keys"}) {
		t.Fatalf("stages %v", stages)
	}
	for s, u := range last {
		if u.Done != u.Total || u.Total != int64(len(cs)) {
			t.Errorf("stage %s ended at %d of %d", s, u.Done, u.Total)
		}
	}
	sync(t, a)
	b := o.join("b")
	login(t, b, "tanaka")
	for _, c := range cs {
		if _, err := b.Get("client/" + c); !errors.Is(err, vault.ErrNoAccess) {
			t.Errorf("client %s after the change: %v", c, err)
		}
	}
}

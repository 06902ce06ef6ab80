package office_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// staffPC syncs a and joins its vault from a second PC, where the staff
// member "suzuki" logs in and the office's index is built.
func staffPC(t *testing.T, a *vault.Vault) (*vault.Vault, *office.Office) {
	t.Helper()
	_, err := a.Sync(nil)
	must(t, err)
	b, err := vault.Join(a.Folder(), vault.Options{DataDir: filepath.Join(filepath.Dir(filepath.Dir(a.Folder())), "pc-b"), Keys: &keys.Options{WorkFactor: 10}})
	must(t, err)
	t.Cleanup(func() { b.Close() })
	must(t, b.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	ob := office.New(b)
	must(t, ob.Load())
	return b, ob
}

// The search box keeps the vault's answer of which clients the user may
// read between keystrokes; a level withdrawn on another PC must still
// hide the client at the first search after the sync brought it, with
// nothing done to the index (neither Load nor Update).
func TestSearchFollowsAccessBetweenKeystrokes(t *testing.T) {
	a, staff := newVault(t)
	oa := office.New(a)
	id, err := oa.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Kana: "サンプル"}, false)
	must(t, err)
	b, ob := staffPC(t, a)
	if hits := ob.Search("サンプル", 10); len(hits) != 1 {
		t.Fatalf("before: %d hits", len(hits))
	}
	must(t, a.SetLevel(staff, id, access.Hidden))
	_, err = a.Sync(nil)
	must(t, err)
	res, err := b.Sync(nil)
	must(t, err)
	if res.Imported == 0 {
		t.Fatal("nothing imported")
	}
	if hits := ob.Search("サンプル", 10); len(hits) != 0 {
		t.Fatalf("a client hidden from the user is still found: %+v", hits)
	}
	b.Lock()
	if hits := ob.Search("サ", 10); len(hits) != 0 {
		t.Fatalf("found while locked: %+v", hits)
	}
}

// Update after a sync that granted, then withdrew, a client: the scope's
// new key epoch is in Changed, and the client's file is read again (found
// with its people once granted, dropped from the index once withdrawn).
func TestUpdateFollowsScopeChanges(t *testing.T) {
	a, staff := newVault(t)
	oa := office.New(a)
	id, err := oa.CreateClientWith(records.Client{Kind: records.KindCorporation, Name: "株式会社ヒミツ", Kana: "ヒミツ"},
		vault.NewClient{Levels: map[string]access.Level{staff: access.Hidden}})
	must(t, err)
	_, err = oa.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "田中 一郎", Kana: "タナカ イチロウ"}, nil)
	must(t, err)
	b, ob := staffPC(t, a)
	for _, step := range []struct {
		level access.Level
		found int
	}{{access.Read, 2}, {access.Hidden, 0}} {
		// PC a has seen what PC b wrote (its polls bring it), so the level
		// makes PC b replay nothing.
		_, err = b.Sync(nil)
		must(t, err)
		_, err = a.Sync(nil)
		must(t, err)
		must(t, a.SetLevel(staff, id, step.level))
		if step.level == access.Hidden {
			// The next write rotates the key and seals the file again.
			_, err := oa.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "田中 二郎", Kana: "タナカ ジロウ"}, nil)
			must(t, err)
		}
		_, err = a.Sync(nil)
		must(t, err)
		res, err := b.Sync(nil)
		must(t, err)
		if res.Rebuilt || !slices.Contains(res.Changed, access.ClientScope(id)) {
			t.Fatalf("level %s: %+v", step.level, res)
		}
		must(t, ob.Update(res.Changed))
		hits := ob.Search("ヒミツ", 10)
		if step.level == access.Hidden {
			hits = append(hits, ob.Search("タナカ", 10)...)
		}
		if len(hits) != step.found {
			t.Fatalf("level %s: %d hits", step.level, len(hits))
		}
		if names := ob.ClientNames(); (names[id] != "") != (step.found > 0) {
			t.Fatalf("level %s: client names %v", step.level, names)
		}
	}
}

package office_test

import (
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// The search box keeps the vault's answer of which clients the user may
// read between keystrokes; a level withdrawn on another PC must still
// hide the client at the first search after the sync brought it, with
// nothing done to the index (neither Load nor Update).
func TestSearchFollowsAccessBetweenKeystrokes(t *testing.T) {
	a, staff := newVault(t)
	oa := office.New(a)
	id, err := oa.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Kana: "サンプル"}, false)
	must(t, err)
	_, err = a.Sync(nil)
	must(t, err)
	b, err := vault.Join(a.Folder(), vault.Options{DataDir: filepath.Join(filepath.Dir(filepath.Dir(a.Folder())), "pc-b"), Keys: &keys.Options{WorkFactor: 10}})
	must(t, err)
	t.Cleanup(func() { b.Close() })
	must(t, b.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	ob := office.New(b)
	must(t, ob.Load())
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

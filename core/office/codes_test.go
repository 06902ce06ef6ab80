package office_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// importCSV parses and imports a clients file on o, as the window does.
func importCSV(t *testing.T, o *office.Office, csv string) error {
	t.Helper()
	codes, err := o.CodeIndex()
	must(t, err)
	p, err := office.Parse(office.ImportClients, strings.NewReader(csv), jtext.UTF8, nil, codes)
	must(t, err)
	if len(p.Errors) > 0 {
		return office.ErrRowsInvalid
	}
	_, err = o.Import(context.Background(), p, nil)
	return err
}

// TestCodeConflicts: two PCs that have not synced import the same client
// code. Each import is valid where it ran; after the sync the office has
// two clients with one code. Both PCs report it, an edit cannot give a
// third client that code, and once one of the two gets another code the
// conflict is gone on both. A list exported meanwhile cannot be imported,
// and the error names the code and both rows.
func TestCodeConflicts(t *testing.T) {
	dir := wintest.TempDir(t)
	folder := filepath.Join(dir, "nas")
	opts := func(pc string) vault.Options {
		return vault.Options{DataDir: filepath.Join(dir, pc), Keys: &keys.Options{WorkFactor: 10}}
	}
	a, _, err := vault.Create(folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("shocho-pw-X7c9k2"), Handler: true}, opts("pc-a"))
	must(t, err)
	t.Cleanup(func() { a.Close() })
	_, err = a.Sync(nil)
	must(t, err)
	b, err := vault.Join(folder, opts("pc-b"))
	must(t, err)
	t.Cleanup(func() { b.Close() })
	must(t, b.Login("shocho", []byte("shocho-pw-X7c9k2")))
	oa, ob := office.New(a), office.New(b)

	// The same code on both PCs, neither having seen the other's.
	must(t, importCSV(t, oa, "顧問先コード,名称\nK-100,株式会社あおば\nK-101,株式会社みどり\n"))
	must(t, importCSV(t, ob, "顧問先コード,名称\nk-100,株式会社そら\n"))
	for range 2 {
		for _, v := range []*vault.Vault{a, b} {
			_, err := v.Sync(nil)
			must(t, err)
		}
	}
	for name, o := range map[string]*office.Office{"a": oa, "b": ob} {
		list, err := o.CodeConflicts()
		must(t, err)
		if len(list) != 1 || !strings.EqualFold(list[0].Code, "K-100") || len(list[0].Clients) != 2 ||
			list[0].Clients[0].Name != "株式会社あおば" || list[0].Clients[1].Name != "株式会社そら" {
			t.Fatalf("code conflicts on PC %s: %+v", name, list)
		}
	}

	// A person naming the shared code could belong to either client: the
	// row is refused, naming the code.
	codes, err := oa.CodeIndex()
	must(t, err)
	pp, err := office.Parse(office.ImportPeople, strings.NewReader("顧問先コード,氏名,役割\nk-100,鈴木 一郎,役員\nK-101,佐藤 花子,役員\n"), jtext.UTF8, nil, codes)
	must(t, err)
	if len(pp.Errors) != 1 || pp.Errors[0].Code != office.CodeAmbiguousClient || pp.Errors[0].Value != "k-100" {
		t.Fatalf("a person of a shared code: %+v", pp.Errors)
	}

	// An edit cannot give another client a code that is taken.
	var midori records.Client
	cs, err := oa.Clients()
	must(t, err)
	for _, c := range cs {
		if c.Name == "株式会社みどり" {
			midori = c
		}
	}
	cur, err := oa.Client(midori.ID)
	must(t, err)
	taken := cur.Value
	taken.Code = "k-100"
	var te *office.CodeTakenError
	if err := oa.UpdateClient(taken, cur.Versions); !errors.As(err, &te) || !errors.Is(err, office.ErrCodeTaken) || te.Code == "" {
		t.Fatalf("giving a client a taken code: %v", err)
	}
	if _, err := oa.CreateClient(records.Client{Kind: records.KindCorporation, Name: "新規", Code: "K-101"}, false); !errors.Is(err, office.ErrCodeTaken) {
		t.Fatalf("creating a client with a taken code: %v", err)
	}

	// A list exported now holds the code twice; importing it names the
	// code and both rows.
	var out bytes.Buffer
	_, _, err = oa.Export(&out, office.ImportClients, jtext.UTF8, false)
	must(t, err)
	p, err := office.Parse(office.ImportClients, bytes.NewReader(out.Bytes()), jtext.UTF8, nil, map[string]string{})
	must(t, err)
	if len(p.Errors) != 1 || p.Errors[0].Code != office.CodeDuplicate || !strings.EqualFold(p.Errors[0].Value, "K-100") ||
		p.Errors[0].First == 0 || p.Errors[0].First >= p.Errors[0].Row {
		t.Fatalf("import of an exported list with a code twice: %+v", p.Errors)
	}

	// Resolved on PC b: the client b imported gets another code, keeping
	// its other fields; the edit of a client that keeps its shared code is
	// allowed (only a new code is checked).
	cs, err = ob.Clients()
	must(t, err)
	for _, c := range cs {
		if c.Name == "株式会社そら" {
			cur, err := ob.Client(c.ID)
			must(t, err)
			same := cur.Value
			same.Notes = "コードは次で直す"
			must(t, ob.UpdateClient(same, cur.Versions))
			cur, err = ob.Client(c.ID)
			must(t, err)
			fixed := cur.Value
			fixed.Code = "K-102"
			must(t, ob.UpdateClient(fixed, cur.Versions))
		}
	}
	for range 2 {
		for _, v := range []*vault.Vault{b, a} {
			_, err := v.Sync(nil)
			must(t, err)
		}
	}
	for name, o := range map[string]*office.Office{"a": oa, "b": ob} {
		if list, err := o.CodeConflicts(); err != nil || len(list) != 0 {
			t.Fatalf("code conflicts on PC %s after the rename: %+v, %v", name, list, err)
		}
	}
}

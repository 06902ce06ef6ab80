// Package officefix builds, once per machine, an office of app-shaped
// records for benchmarks: 10,000 clients and 100,000 people (records the
// app reads: records.Client and records.Person JSON), written with the
// vault's batch, in a data folder the app can open as it is. Tests and
// benchmarks only.
package officefix

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// Sizes of the office.
const (
	Clients   = 10_000
	PerClient = 10
	Records   = Clients * (1 + PerClient)
	Login     = "shocho"
	Password  = "shocho-pw-X7c9k2"
	version   = "v1" // bump when the content changes
)

// Keys is the scrypt work factor of the fixture's users (a real login's
// KDF costs about a second more).
var Keys = &keys.Options{WorkFactor: 10}

// Fixture is a built office: DataDir holds the replica of vault ID.
type Fixture struct {
	DataDir, ID string
}

// Options returns the vault options of the fixture's PC.
func (f *Fixture) Options() vault.Options {
	return vault.Options{DataDir: f.DataDir, Keys: Keys, PCName: "a", OSUser: "user-a"}
}

var (
	family = [][2]string{{"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"},
		{"伊藤", "イトウ"}, {"渡辺", "ワタナベ"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
		{"吉田", "ヨシダ"}, {"山本", "ヤマモト"}, {"斎藤", "サイトウ"}, {"松本", "マツモト"}, {"井上", "イノウエ"},
		{"木村", "キムラ"}, {"林", "ハヤシ"}, {"清水", "シミズ"}, {"山崎", "ヤマザキ"}, {"森", "モリ"}}
	given = [][2]string{{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"美咲", "ミサキ"}, {"健太", "ケンタ"},
		{"由美", "ユミ"}, {"大輔", "ダイスケ"}, {"陽子", "ヨウコ"}, {"翔", "ショウ"}, {"さくら", "サクラ"}, {"浩二", "コウジ"}}
	trades = [][2]string{{"商事", "ショウジ"}, {"工業", "コウギョウ"}, {"建設", "ケンセツ"}, {"不動産", "フドウサン"}, {"運輸", "ウンユ"},
		{"食品", "ショクヒン"}, {"電機", "デンキ"}, {"薬局", "ヤッキョク"}, {"設計", "セッケイ"}, {"印刷", "インサツ"}, {"農園", "ノウエン"}}
)

// Open opens the fixture's replica with its 責任者 logged in.
func (f *Fixture) Open() (*vault.Vault, error) {
	v, err := vault.Open(f.ID, f.Options())
	if err != nil {
		return nil, err
	}
	if err := v.Login(Login, []byte(Password)); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// Client is client i's record (its id is the one the vault assigns).
func Client(i int, id string) records.Client {
	f, t := family[i%len(family)], trades[(i/len(family))%len(trades)]
	return records.Client{ID: id, Code: fmt.Sprintf("C-%05d", i), Kind: records.KindCorporation,
		Name: fmt.Sprintf("株式会社%s%s%d", f[0], t[0], i), Kana: fmt.Sprintf("カブシキガイシャ　%s%s", f[1], t[1]),
		Address: fmt.Sprintf("東京都千代田区丸の内%d-%d-%d", i%9+1, i%17+1, i%23+1), Phone: fmt.Sprintf("03-%04d-%04d", i%10000, (i*7)%10000),
		FiscalMonth: i%12 + 1}
}

// Person is person j of client i.
func Person(i, j int, client string) records.Person {
	f, g := family[(i+j)%len(family)], given[(i*3+j)%len(given)]
	birth, _ := records.ParseDate(fmt.Sprintf("%d-%02d-%02d", 1950+(i+j)%60, j%12+1, i%28+1))
	return records.Person{ID: fmt.Sprintf("p%02d", j), ClientID: client, Roles: []records.PersonRole{records.RoleEmployee},
		Name: f[0] + " " + g[0], Kana: f[1] + " " + g[1], Birth: &birth, Address: fmt.Sprintf("東京都世田谷区桜新町%d-%d", i%5+1, j+1)}
}

// Build returns the fixture under root, building it if it is not there yet.
func Build(root string) (*Fixture, error) {
	dir := filepath.Join(root, "office-"+version)
	f := &Fixture{DataDir: filepath.Join(dir, "pc-a")}
	ready := filepath.Join(dir, "ready")
	if id, err := os.ReadFile(ready); err == nil {
		f.ID = strings.TrimSpace(string(id))
		return f, nil
	}
	if err := wintest.RemoveAll(dir); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "building office fixture in %s (once) ...\n", dir)
	v, _, err := vault.Create(filepath.Join(dir, "NAS", "Kinko"), "山田税理士事務所",
		vault.NewUser{Login: Login, Name: "山田 太郎", Password: []byte(Password), Handler: true}, f.Options())
	if err != nil {
		return nil, err
	}
	f.ID = v.ID()
	const batch = 500
	for lo := 0; lo < Clients && err == nil; lo += batch {
		err = v.Batch(func(w *vault.Batch) error {
			for i := lo; i < min(lo+batch, Clients); i++ {
				id, err := w.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) {
					c := Client(i, id)
					return json.Marshal(&c)
				}})
				if err != nil {
					return err
				}
				for j := range PerClient {
					p := Person(i, j, id)
					data, _ := json.Marshal(&p)
					if _, err := w.Put(records.PersonTarget(id, p.ID), nil, data); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	if err == nil {
		_, err = v.Sync(nil)
	}
	if cerr := v.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return f, os.WriteFile(ready, []byte(f.ID+"\n"), 0o644)
}

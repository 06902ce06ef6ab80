package office_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// BenchmarkImportPeople100k: the target — importing 100,000 people
// from a Shift_JIS CSV in under 60 s: decode, map, normalise and validate
// every row, then seal, sign and write them all in one vault batch, and
// rebuild the search index. 1,000 clients receive 100 people each.
//
//	go test ./core/office -run '^$' -bench ImportPeople100k -benchtime 1x
func BenchmarkImportPeople100k(b *testing.B) {
	surnames := []string{"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"}
	kana := []string{"ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ"}
	given := []string{"太郎", "花子", "一郎", "美咲", "健"}
	givenKana := []string{"タロウ", "ハナコ", "イチロウ", "ミサキ", "ケン"}
	var csv bytes.Buffer
	csv.WriteString("顧問先コード,氏名,フリガナ,役割,生年月日,入社日\r\n")
	for i := range 100_000 {
		s, g := i%len(surnames), (i/len(surnames))%len(given)
		fmt.Fprintf(&csv, "C-%04d,%s %s,%s %s,従業員,昭和%d年%d月%d日,2010-04-01\r\n",
			i%1000, surnames[s], given[g], kana[s], givenKana[g], 40+i%20, 1+i%12, 1+i%28)
	}
	file, err := japanese.ShiftJIS.NewEncoder().Bytes(csv.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(file)))
	for range b.N {
		b.StopTimer()
		dir := wintest.TempDir(b)
		v, _, err := vault.Create(filepath.Join(dir, "nas"), "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("shocho-pw-X7c9k2"), Handler: true},
			vault.Options{DataDir: filepath.Join(dir, "pc"), Keys: &keys.Options{WorkFactor: 10}})
		if err != nil {
			b.Fatal(err)
		}
		err = v.Batch(func(bt *vault.Batch) error {
			for c := range 1000 {
				build := func(id string) ([]byte, error) {
					return fmt.Appendf(nil, `{"id":%q,"kind":"corporation","name":"株式会社%d","code":"C-%04d"}`, id, c, c), nil
				}
				if _, err := bt.CreateClient(vault.NewClient{Build: build}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		o := office.New(v)
		codes, err := o.CodeIndex()
		if err != nil || len(codes) != 1000 {
			b.Fatalf("codes: %d, %v", len(codes), err)
		}
		b.StartTimer()
		p, err := office.Parse(office.ImportPeople, bytes.NewReader(file), jtext.ShiftJIS, nil, codes)
		if err != nil || len(p.Errors) != 0 {
			b.Fatalf("parse: %v %+v", err, p.Errors[:min(len(p.Errors), 3)])
		}
		n, err := o.Import(context.Background(), p, nil)
		if err != nil || n != 100_000 {
			b.Fatalf("import: %d, %v", n, err)
		}
		b.StopTimer()
		v.Close()
	}
}

// BenchmarkParseXLSX100k: reading the same 100,000 people from an Excel
// workbook (birth dates as Excel dates) — the part that differs from the
// CSV import; the commit is the same.
//
//	go test ./core/office -run '^$' -bench ParseXLSX100k -benchtime 1x
func BenchmarkParseXLSX100k(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.SetRow("A1", []any{"顧問先コード", "氏名", "フリガナ", "役割", "生年月日", "入社日"})
	for i := range 100_000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		birth := time.Date(1965+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		sw.SetRow(cell, []any{fmt.Sprintf("C-%04d", i%1000), "山田 太郎", "ヤマダ タロウ", "従業員", excelize.Cell{StyleID: dateStyle, Value: birth}, "2010-04-01"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := f.WriteTo(&file); err != nil {
		b.Fatal(err)
	}
	f.Close()
	codes := map[string]string{}
	for c := range 1000 {
		codes[fmt.Sprintf("C-%04d", c)] = fmt.Sprintf("c%04d", c)
	}
	b.SetBytes(int64(file.Len()))
	for range b.N {
		p, err := office.ParseXLSX(office.ImportPeople, bytes.NewReader(file.Bytes()), nil, codes)
		if err != nil || len(p.Errors) != 0 || p.Rows != 100_000 {
			b.Fatalf("parse: %v", err)
		}
	}
}

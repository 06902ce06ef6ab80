package scan_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinko-jp/kinko/core/share/scan"
)

// benchCSV is a payroll-like CSV of about size bytes, Japanese text and
// amounts, with a valid number every 10,000 lines.
func benchCSV(b *testing.B, size int) []byte {
	var buf bytes.Buffer
	n := individual(b, 1)
	for i := 0; buf.Len() < size; i++ {
		num := "—"
		if i%10000 == 9999 {
			num = n
		}
		fmt.Fprintf(&buf, "%d,山田 太郎,ヤマダ タロウ,2026-01-%02d,%d,%d,%s,東京都千代田区1-2-3\r\n", i, i%28+1, 250000+i%1000, 12000+i%500, num)
	}
	return buf.Bytes()
}

func benchScan(b *testing.B, name string, data []byte) {
	dir := tempDir(b)
	f := writeFile(b, dir, name, data)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := scan.Files(context.Background(), []scan.File{f}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCSV(b *testing.B) { benchScan(b, "a.csv", benchCSV(b, 64<<20)) }

func BenchmarkBinary(b *testing.B) {
	data := bytes.Repeat([]byte{0xFF, 0xD8, 0, 1, 2, 3, 4, 5}, 8<<20)
	benchScan(b, "a.jpg", data)
}

func BenchmarkXLSX(b *testing.B) {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for r := 1; r <= 100000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{r, "山田 太郎", 250000 + r, fmt.Sprintf("備考%d", r%100), 1.5 * float64(r)}); err != nil {
			b.Fatal(err)
		}
	}
	sw.Flush()
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		b.Fatal(err)
	}
	benchScan(b, "a.xlsx", buf.Bytes())
}

func BenchmarkPDF(b *testing.B) {
	var pages [][]string
	for p := range 200 {
		var lines []string
		for l := range 35 {
			lines = append(lines, fmt.Sprintf("%d 行目 山田 太郎 金額 %d 円 東京都千代田区", l, p*1000+l))
		}
		pages = append(pages, lines)
	}
	benchScan(b, "a.pdf", gopdfDoc(b, false, pages...))
}

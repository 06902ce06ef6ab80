// Command sharescanbench builds the mixed folder bench/sharescan.sh scans
// and times the My Number scan of outgoing files (core/share/scan) on it.
//
//	sharescanbench gen <dir> <bytes> [seed]   write the folder (csv in UTF-8 and
//	                                          Shift_JIS, xlsx, docx, pdf, zip, binary)
//	sharescanbench scan <dir>                 scan every file under dir, print one line
//
// The numbers planted in the folder are generated with valid check digits
// (a few per file type); they are never printed.
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/share/scan"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: sharescanbench gen <dir> <bytes> [seed] | scan <dir>")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		size, _ := strconv.ParseInt(os.Args[3], 10, 64)
		seed := uint64(1)
		if len(os.Args) > 4 {
			seed, _ = strconv.ParseUint(os.Args[4], 10, 64)
		}
		err = gen(os.Args[2], size, seed)
	case "scan":
		err = run(os.Args[2])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sharescanbench:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	var files []scan.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, scan.File{Path: p, Name: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := scan.Files(context.Background(), files, nil)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	reasons := map[string]int{}
	for _, u := range res.Unscanned {
		reasons[u.Reason]++
	}
	fmt.Printf("files %d bytes %d seconds %.2f MB/s %.1f individual %d corporate %d unscanned %v heap-sys-MB %d\n",
		len(res.Files), res.Bytes, secs, float64(res.Bytes)/1e6/secs, res.Individual, res.Corporate, reasons, ms.HeapSys>>20)
	return nil
}

type generator struct {
	r   *rand.Rand
	dir string
}

func (g *generator) number() string {
	base := make([]byte, 11)
	for i := range base {
		base[i] = byte('0' + g.r.IntN(10))
	}
	c, _ := mynumber.IndividualCheckDigit(string(base))
	return string(base) + strconv.Itoa(c)
}

var names = []string{"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健", "伊藤 さくら"}

// csvText is about size bytes of payroll-like CSV with one number.
func (g *generator) csvText(size int) []byte {
	var b bytes.Buffer
	plant := g.r.IntN(max(1, size/100))
	for i := 0; b.Len() < size; i++ {
		num := ""
		if plant >= 0 && b.Len() >= plant*100 {
			num, plant = g.number(), -1
		}
		fmt.Fprintf(&b, "%d,%s,2026-%02d-%02d,%d,%d,%s,東京都千代田区%d-%d\r\n",
			i, names[i%len(names)], i%12+1, i%28+1, 200000+g.r.IntN(300000), 10000+g.r.IntN(9000), num, i%9+1, i%30+1)
	}
	return b.Bytes()
}

func (g *generator) write(name string, data []byte) error {
	p := filepath.Join(g.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func gen(dir string, size int64, seed uint64) error {
	g := &generator{r: rand.New(rand.NewPCG(seed, 2026)), dir: dir}
	// Shares of the folder by bytes.
	type part struct {
		share float64
		each  int64
		make  func(i int, each int64) (string, []byte, error)
	}
	parts := []part{
		{0.30, 16 << 20, func(i int, each int64) (string, []byte, error) {
			data := g.csvText(int(each))
			if i%2 == 1 {
				sj, err := japanese.ShiftJIS.NewEncoder().Bytes(data)
				return fmt.Sprintf("給与/sjis-%03d.csv", i), sj, err
			}
			return fmt.Sprintf("給与/utf8-%03d.csv", i), data, nil
		}},
		{0.15, 4 << 20, func(i int, each int64) (string, []byte, error) {
			data, err := g.xlsx(each)
			return fmt.Sprintf("台帳/book-%03d.xlsx", i), data, err
		}},
		{0.05, 2 << 20, func(i int, each int64) (string, []byte, error) {
			data, err := g.docx(each)
			return fmt.Sprintf("文書/doc-%03d.docx", i), data, err
		}},
		{0.10, 4 << 20, func(i int, each int64) (string, []byte, error) {
			data, err := g.pdf(each)
			return fmt.Sprintf("申告/report-%03d.pdf", i), data, err
		}},
		{0.05, 16 << 20, func(i int, each int64) (string, []byte, error) {
			data, err := zipOf("a.csv", g.csvText(int(each*2)), "b.csv", g.csvText(int(each*2))) // CSV compresses about 4:1
			return fmt.Sprintf("送付/pack-%03d.zip", i), data, err
		}},
		{0.35, 32 << 20, func(i int, each int64) (string, []byte, error) {
			data := make([]byte, each)
			for k := 0; k+8 <= len(data); k += 8 {
				v := g.r.Uint64()
				for j := range 8 {
					data[k+j] = byte(v >> (8 * j))
				}
			}
			copy(data, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0})
			return fmt.Sprintf("写真/img-%03d.jpg", i), data, nil
		}},
	}
	for _, p := range parts {
		want := int64(float64(size) * p.share)
		for i, done := 0, int64(0); done < want; i++ {
			name, data, err := p.make(i, min(p.each, want-done))
			if err != nil {
				return err
			}
			if err := g.write(name, data); err != nil {
				return err
			}
			done += int64(len(data))
		}
	}
	return nil
}

func (g *generator) xlsx(size int64) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	// About 25 compressed bytes a row.
	rows := int(size / 25)
	plant := g.r.IntN(rows) + 1
	for r := 1; r <= rows; r++ {
		note := fmt.Sprintf("備考%d", r%50)
		if r == plant {
			note = g.number()
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{r, names[r%len(names)], 200000 + g.r.IntN(300000), note, float64(r) * 1.25}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = x.Write(&b)
	return b.Bytes(), err
}

func (g *generator) docx(size int64) ([]byte, error) {
	var body strings.Builder
	plant := g.r.IntN(int(size/40) + 1)
	for i := 0; int64(body.Len()) < size*15; i++ { // this XML compresses about 15:1
		text := fmt.Sprintf("%d. %s様 ご依頼の件につき、令和8年分の資料をお送りします。金額 %d 円", i, names[i%len(names)], g.r.IntN(1000000))
		if i == plant {
			text += " 番号 " + g.number()
		}
		fmt.Fprintf(&body, `<w:p><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>%s</w:t></w:r></w:p>`, text)
	}
	return zipOf(
		"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body.String()+`</w:body></w:document>`),
	)
}

var fontData []byte

func (g *generator) pdf(size int64) ([]byte, error) {
	if fontData == nil {
		gz, err := os.ReadFile("core/report/font/ipaexg.ttf.gz")
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return nil, err
		}
		if fontData, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := pdf.AddTTFFontData("ipaexg", fontData); err != nil {
		return nil, err
	}
	if err := pdf.SetFont("ipaexg", "", 9); err != nil {
		return nil, err
	}
	// About 2.5 KB a page of text plus the font subset.
	pages := int(size / 2500)
	plant := g.r.IntN(pages)
	for p := 0; p < pages; p++ {
		pdf.AddPage()
		for l := 0; l < 60; l++ {
			pdf.SetXY(40, 40+float64(l)*12)
			text := fmt.Sprintf("%d-%d %s 源泉徴収 支払金額 %d 円 源泉徴収税額 %d 円", p+1, l+1, names[l%len(names)], g.r.IntN(5000000), g.r.IntN(200000))
			if p == plant && l == 30 {
				text += " 個人番号 " + g.number()
			}
			if err := pdf.Cell(nil, text); err != nil {
				return nil, err
			}
		}
	}
	var b bytes.Buffer
	err := pdf.Write(&b)
	return b.Bytes(), err
}

func zipOf(entries ...any) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i].(string))
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(entries[i+1].([]byte)); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return b.Bytes(), err
}

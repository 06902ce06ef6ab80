package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The office folder. Everything is derived from the seed and the file's
// path, so two runs with the same seed and size write the same bytes.

const (
	pageSize = 8192
	fullSize = 2 << 30 // the "about 2 GB"
)

var (
	day0 = time.Date(2026, 11, 30, 18, 0, 0, 0, time.Local)
	day1 = day0.Add(24 * time.Hour)
)

// rng is a per-purpose random source: PCG for choices, ChaCha8 for bulk
// bytes (it has a fast Read).
type rng struct {
	*rand.Rand
	cc *rand.ChaCha8
}

func newRNG(seed uint64, parts ...string) *rng {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var s [32]byte
	copy(s[:], h.Sum(nil))
	cc := rand.NewChaCha8(s)
	return &rng{Rand: rand.New(rand.NewPCG(binary.LittleEndian.Uint64(s[:8]), binary.LittleEndian.Uint64(s[8:16]))), cc: cc}
}

// between returns a size in [lo, hi), log-uniform: many small, few large.
func (r *rng) between(lo, hi int) int {
	return int(float64(lo) * math.Pow(float64(hi)/float64(lo), r.Float64()))
}

// ---- Japanese text ----

var (
	surnames  = []string{"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "松本", "井上", "木村", "斎藤", "清水", "山口", "森", "池田"}
	givens    = []string{"太郎", "花子", "一郎", "美咲", "健太", "由美", "翔", "陽子", "大輔", "恵", "誠", "直子", "拓也", "さくら", "浩二", "和子"}
	companies = []string{"商事", "工業", "建設", "製作所", "不動産", "運輸", "食品", "電機", "興業", "物産", "設計事務所", "クリニック", "薬局", "農園", "印刷"}
	accounts  = []string{"現金", "普通預金", "当座預金", "売掛金", "買掛金", "未払金", "預り金", "売上高", "仕入高", "給料手当", "法定福利費", "地代家賃", "旅費交通費", "通信費", "消耗品費", "水道光熱費", "租税公課", "減価償却費", "支払手数料", "接待交際費", "会議費", "雑費", "受取利息", "支払利息"}
	memos     = []string{"月分", "振込", "口座振替", "現金払い", "請求書", "領収書あり", "立替精算", "源泉徴収", "前受金充当", "分割払い", "年会費", "事務用品", "交通費精算", "家賃", "電気料金", "カード決済"}
	sentences = []string{
		"決算書の確認をお願いします。", "先月分の領収書を受け取りました。", "源泉徴収票の再発行を依頼済み。",
		"消費税の申告期限は来月末です。", "インボイス登録番号を確認すること。", "減価償却資産の明細を更新しました。",
		"社長より電話あり、折り返し要。", "年末調整の書類が未着です。", "固定資産台帳と照合済み。",
		"預金残高が通帳と一致しません。", "役員報酬の変更について相談あり。", "電子帳簿保存法の対応を説明した。",
	}
)

func (r *rng) pick(s []string) string { return s[r.IntN(len(s))] }

func (r *rng) person() string { return r.pick(surnames) + " " + r.pick(givens) }

func (r *rng) company() string {
	return "株式会社" + r.pick(surnames) + r.pick(companies)
}

// journalRow is one line of a journal CSV (or one record in a database).
func (r *rng) journalRow(b []byte, n int) []byte {
	d := day0.AddDate(0, 0, -r.IntN(365))
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ',')
	b = d.AppendFormat(b, "2006/01/02")
	b = append(b, ',')
	b = append(b, r.pick(accounts)...)
	b = append(b, ',')
	b = append(b, r.pick(accounts)...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.IntN(2_000_000)+100), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.IntN(200_000)), 10)
	b = append(b, ',')
	if r.IntN(2) == 0 {
		b = append(b, r.company()...)
	} else {
		b = append(b, r.person()...)
	}
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d.Month()), 10)
	b = append(b, "月 "...)
	b = append(b, r.pick(memos)...)
	b = append(b, '\n')
	return b
}

func (r *rng) csv(size int) []byte {
	b := make([]byte, 0, size+256)
	b = append(b, "番号,日付,借方科目,貸方科目,金額,消費税,摘要\n"...)
	for n := 1; len(b) < size; n++ {
		b = r.journalRow(b, n)
	}
	return b
}

func (r *rng) text(size int) []byte {
	b := make([]byte, 0, size+256)
	for len(b) < size {
		b = day0.AddDate(0, 0, -r.IntN(365)).AppendFormat(b, "2006年1月2日 ")
		b = append(b, r.person()...)
		b = append(b, "：\n"...)
		for i := r.IntN(4) + 1; i > 0; i-- {
			b = append(b, r.pick(sentences)...)
		}
		b = append(b, "\n\n"...)
	}
	return b
}

// packed is an already-compressed document: a format header and random
// bytes (xlsx/docx are zip files; a scanned PDF is mostly JPEG).
func (r *rng) packed(ext string, size int) []byte {
	b := make([]byte, size)
	r.cc.Read(b)
	var head string
	switch ext {
	case ".pdf":
		head = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
	default:
		head = "PK\x03\x04\x14\x00\x06\x00\x08\x00"
	}
	copy(b, head)
	return b
}

// fileBody is what a small file holds, by extension.
func fileBody(seed uint64, rel string, size int) []byte {
	r := newRNG(seed, "file", rel)
	switch ext := strings.ToLower(filepath.Ext(rel)); ext {
	case ".csv":
		return r.csv(size)
	case ".txt":
		return r.text(size)
	default:
		return r.packed(ext, size)
	}
}

// ---- databases: fixed-size pages of records ----

// dbPage fills p (pageSize bytes) as page no of a database at version lsn:
// a header (magic, page number, LSN, checksum), length-prefixed journal
// records up to about three quarters of the page, then free space.
func dbPage(p []byte, seed uint64, name string, no uint32, lsn uint64) {
	clear(p)
	r := newRNG(seed, "page", name, strconv.FormatUint(uint64(no), 10), strconv.FormatUint(lsn, 10))
	copy(p, "KDBP")
	binary.LittleEndian.PutUint32(p[4:], no)
	binary.LittleEndian.PutUint64(p[8:], lsn)
	off := 32
	limit := pageSize * 3 / 4
	var rec []byte
	for n := int(no) * 40; off < limit; n++ {
		rec = r.journalRow(rec[:0], n)
		if off+2+len(rec) > limit {
			break
		}
		binary.LittleEndian.PutUint16(p[off:], uint16(len(rec)))
		copy(p[off+2:], rec)
		off += 2 + len(rec)
	}
	binary.LittleEndian.PutUint32(p[16:], crc32.ChecksumIEEE(p[32:]))
}

func writeDB(path string, seed uint64, name string, pages int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	buf := make([]byte, 256*pageSize)
	for i := 0; i < pages; {
		n := min(256, pages-i)
		for j := 0; j < n; j++ {
			dbPage(buf[j*pageSize:(j+1)*pageSize], seed, name, uint32(i+j), 1)
		}
		if _, err := f.Write(buf[:n*pageSize]); err != nil {
			f.Close()
			return err
		}
		i += n
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Chtimes(path, day0, day0)
}

// ---- the folder ----

type plan struct {
	files map[string]int // rel path → size
	dbs   map[string]int // rel path → pages
}

// layout decides every file of the day-0 folder for total bytes.
func layout(seed uint64, total int64) *plan {
	p := &plan{files: map[string]int{}, dbs: map[string]int{}}
	scale := float64(total) / fullSize
	// A few databases: 500, 300 and 200 MB at 2 GB, half the folder.
	for i, mb := range []float64{500, 300, 200} {
		pages := int(mb * scale * (1 << 20) / pageSize)
		if pages < 16 {
			pages = 16
		}
		name := []string{"会計データ/弥生会計_2026.db", "会計データ/給与計算.db", "会計データ/顧客管理.mdb"}[i]
		p.dbs[name] = pages
	}
	var used int64
	for _, pages := range p.dbs {
		used += int64(pages) * pageSize
	}
	r := newRNG(seed, "layout")
	add := func(rel string, size int) {
		p.files[rel] = size
		used += int64(size)
	}
	add("事務所共通/報酬規程.docx", 80_000)
	add("事務所共通/申告スケジュール.xlsx", 120_000)
	add("事務所共通/Thumbs.db", 20_000)
	for c := 1; used < total; c++ {
		var client string
		if c%3 == 0 {
			client = fmt.Sprintf("顧客/%04d_%s", c, strings.ReplaceAll(r.person(), " ", ""))
		} else {
			client = fmt.Sprintf("顧客/%04d_%s", c, r.company())
		}
		add(client+"/基本情報.txt", r.between(2_000, 20_000))
		for _, year := range []string{"2025年度", "2026年度"} {
			d := client + "/" + year
			add(d+"/決算書.pdf", r.between(150_000, 1_200_000))
			add(d+"/申告書控.pdf", r.between(100_000, 600_000))
			add(d+"/仕訳帳.csv", r.between(40_000, 600_000))
			add(d+"/総勘定元帳.csv", r.between(40_000, 400_000))
			add(d+"/打合せメモ.txt", r.between(2_000, 30_000))
			add(d+"/年末調整.docx", r.between(20_000, 150_000))
			for m := 1; m <= 12; m += 1 + r.IntN(3) {
				add(fmt.Sprintf("%s/試算表/試算表_%02d月.xlsx", d, m), r.between(25_000, 250_000))
			}
			for s := 1; s <= 2+r.IntN(10); s++ {
				add(fmt.Sprintf("%s/領収書スキャン/scan_%04d.pdf", d, s), r.between(60_000, 500_000))
			}
		}
		if c%25 == 0 { // an Office lock file and a temp file: excluded
			add(client+"/2026年度/試算表/~$試算表_01月.xlsx", 165)
			add(client+"/2026年度/作業中.tmp", 4_000)
		}
	}
	return p
}

func generate(dir string, seed uint64, total int64) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists", dir)
	}
	p := layout(seed, total)
	for rel, pages := range p.dbs {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := writeDB(path, seed, rel, pages); err != nil {
			return err
		}
	}
	for _, rel := range sortedKeys(p.files) {
		if err := writeFile(dir, rel, fileBody(seed, rel, p.files[rel]), day0); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(dir, rel string, b []byte, mtime time.Time) error {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, mtime, mtime)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ---- the next day ----

type mutation struct {
	// Dirs are the folders (slash paths relative to the source) in which
	// something changed: what a watcher would report.
	Dirs                     []string `json:"-"`
	DBPages, DBAppended      int
	Changed, Added, Deleted  int
	ChangedBytes, AddedBytes int64
}

// mutate applies a working day to dir: in each database 32 pages edited in
// place, 16 appended and the header page; about 3% of the CSV and xlsx
// files changed (journals get rows inserted, spreadsheets are rewritten);
// a few files added and a few deleted. Changed files get day 1's time.
func mutate(dir string, seed uint64) (*mutation, error) {
	r := newRNG(seed, "day1")
	var m mutation
	var files, dbs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "会計データ/") {
			dbs = append(dbs, rel)
		} else {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	sort.Strings(dbs)
	dirs := map[string]bool{}
	touch := func(rel string) { dirs[path.Dir(rel)] = true }
	page := make([]byte, pageSize)
	for _, rel := range dbs {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return nil, err
		}
		st, _ := f.Stat()
		pages := int(st.Size() / pageSize)
		edit := []int{0}
		for i := 0; i < 32; i++ {
			edit = append(edit, 1+r.IntN(pages-1))
		}
		for i := 0; i < 16; i++ {
			edit = append(edit, pages+i)
		}
		for _, no := range edit {
			dbPage(page, seed, rel, uint32(no), 2)
			if _, err := f.WriteAt(page, int64(no)*pageSize); err != nil {
				f.Close()
				return nil, err
			}
		}
		m.DBPages += 33
		m.DBAppended += 16
		if err := f.Close(); err != nil {
			return nil, err
		}
		if err := os.Chtimes(path, day1, day1); err != nil {
			return nil, err
		}
		touch(rel)
	}
	var live []string
	for _, rel := range files {
		ext := strings.ToLower(filepath.Ext(rel))
		if (ext != ".csv" && ext != ".xlsx") || strings.HasPrefix(filepath.Base(rel), "~$") {
			live = append(live, rel)
			continue
		}
		live = append(live, rel)
		if r.IntN(100) >= 3 {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var b []byte
		if ext == ".csv" { // rows inserted in the middle and appended
			cut := len(old) / 2
			for cut < len(old) && old[cut-1] != '\n' {
				cut++
			}
			b = append(b, old[:cut]...)
			for i := 0; i < 20; i++ {
				b = r.journalRow(b, 900000+i)
			}
			b = append(b, old[cut:]...)
			for i := 0; i < 20; i++ {
				b = r.journalRow(b, 910000+i)
			}
		} else { // a saved spreadsheet: a whole new zip
			b = newRNG(seed, "day1", rel).packed(ext, len(old)+r.IntN(8_000))
		}
		if err := writeFile(dir, rel, b, day1); err != nil {
			return nil, err
		}
		touch(rel)
		m.Changed++
		m.ChangedBytes += int64(len(b))
	}
	// Add 0.3% (at least 5) new scans and spreadsheets; delete 0.2% (at least 3).
	nAdd, nDel := max(5, len(live)*3/1000), max(3, len(live)*2/1000)
	for i := 0; i < nAdd; i++ {
		base := live[r.IntN(len(live))]
		dir2 := filepath.ToSlash(filepath.Dir(base))
		var rel string
		var size int
		if i%2 == 0 {
			rel, size = fmt.Sprintf("%s/新規スキャン_%03d.pdf", dir2, i), r.between(60_000, 500_000)
		} else {
			rel, size = fmt.Sprintf("%s/新規_見積書_%03d.xlsx", dir2, i), r.between(25_000, 250_000)
		}
		b := fileBody(seed+1, rel, size)
		if err := writeFile(dir, rel, b, day1); err != nil {
			return nil, err
		}
		touch(rel)
		m.Added++
		m.AddedBytes += int64(len(b))
	}
	for i := 0; i < nDel; i++ {
		j := r.IntN(len(live))
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(live[j]))); err != nil {
			return nil, err
		}
		touch(live[j])
		live = append(live[:j], live[j+1:]...)
		m.Deleted++
	}
	for d := range dirs {
		if d == "." {
			d = ""
		}
		m.Dirs = append(m.Dirs, d)
	}
	sort.Strings(m.Dirs)
	return &m, nil
}

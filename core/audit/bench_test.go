package audit_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
)

// The benchmark log: 1,000,000 entries over two years by 10 users on 3
// PCs about 10,000 clients with 3 people each, mostly on working days in
// office hours. bench/README.md ("Access log: queries") has the numbers.
const (
	benchEntries = 1_000_000
	benchUsers   = 10
	benchDevices = 3
	benchClients = 10_000
	benchPeople  = 3
)

var benchStart = time.Date(2024, 12, 1, 0, 0, 0, 0, jst)

var (
	surnames = []string{"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "斎藤", "松本", "井上", "木村"}
	given    = []string{"太郎", "花子", "一郎", "次郎", "美咲", "翔太", "陽菜", "健一", "由美", "大輔"}
	shops    = []string{"株式会社%sハウス", "%s商店", "有限会社%s工務店", "%s会計事務所", "合同会社%sデザイン", "%s歯科医院"}
	kana     = []string{"ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ", "アオバ", "ミドリ", "サクラ", "ヒカリ"}
	purposes = []string{"withholding_slip", "payment_record", "salary_report", "dependents_declaration", "social_insurance", "employment_insurance", "tax_return", "other_tax_filing"}
)

// benchAction is the mix of actions: cumulative weights out of 1000.
var benchActions = []struct {
	a audit.Action
	w int
}{
	{audit.ClientView, 450}, {audit.PersonEdit, 550}, {audit.ClientEdit, 630}, {audit.NumberReveal, 710}, {audit.NumberCopy, 730},
	{audit.Login, 810}, {audit.Lock, 870}, {audit.Logout, 910}, {audit.Export, 930}, {audit.Print, 940}, {audit.PersonCreate, 970},
	{audit.NumberAcquire, 980}, {audit.LoginFailed, 990}, {audit.ReportView, 1000},
}

// benchLog generates the benchmark log in time order, calling fn with each
// entry (fn may keep it).
func benchLog(fn func(e *audit.Entry)) {
	r := rand.New(rand.NewPCG(1, 2))
	clients := make([]string, benchClients)
	labels := make([][]string, benchClients) // the client's, then its people's
	for c := range clients {
		clients[c] = fmt.Sprintf("c%05d", c)
		name := fmt.Sprintf(shops[c%len(shops)], kana[r.IntN(len(kana))])
		if c%3 == 0 {
			name = surnames[r.IntN(len(surnames))] + " " + given[r.IntN(len(given))]
		}
		labels[c] = []string{name}
		for range benchPeople {
			labels[c] = append(labels[c], surnames[r.IntN(len(surnames))]+" "+given[r.IntN(len(given))]+"（"+name+"）")
		}
	}
	users := make([]string, benchUsers)
	for u := range users {
		users[u] = fmt.Sprintf("u%02d", u)
	}
	seqs := make([]int, benchDevices)
	devices := []string{"dev-jimu01", "dev-jimu02", "dev-shocho"}
	// About 10.5 office hours on each of the ~626 days that are not a
	// Sunday in two years: an entry every 23 s on average.
	const step = 23 * time.Second
	t := benchStart.Add(8*time.Hour + 30*time.Minute)
	var e audit.Entry
	for range benchEntries {
		// Office hours on working days, with the odd late evening.
		t = t.Add(time.Duration(r.Int64N(int64(2 * step))))
		if h := t.Hour(); h >= 19 && r.IntN(20) != 0 || h >= 23 || h < 8 || t.Weekday() == time.Sunday {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 8, 30, 0, 0, jst)
		}
		u := r.IntN(benchUsers)
		d := u % benchDevices
		seqs[d]++
		w := r.IntN(1000)
		a := benchActions[0].a
		for _, x := range benchActions {
			if w < x.w {
				a = x.a
				break
			}
		}
		c := r.IntN(benchClients)
		e = audit.Entry{Time: t.UnixMilli(), User: users[u], Device: devices[d], Op: devices[d] + "." + strconv.Itoa(seqs[d]), Action: a, Result: audit.ResultOK}
		switch a {
		case audit.ClientView, audit.ClientEdit:
			e.Client, e.Target, e.Label = clients[c], "client/"+clients[c], labels[c][0]
		case audit.PersonEdit, audit.PersonCreate, audit.NumberReveal, audit.NumberCopy, audit.NumberAcquire:
			p := r.IntN(benchPeople)
			kind := "person/"
			if a != audit.PersonEdit && a != audit.PersonCreate {
				kind = "mynumber/"
				e.Purpose = purposes[r.IntN(len(purposes))]
			}
			e.Client, e.Person, e.Label = clients[c], clients[c]+"p"+strconv.Itoa(p), labels[c][1+p] // person ids are unique, as newID makes them
			e.Target = kind + e.Client + "/" + e.Person
		case audit.Export, audit.Print:
			e.Detail = "rows=" + strconv.Itoa(1+r.IntN(300))
		case audit.LoginFailed:
			e.User, e.Login, e.Result = "", fmt.Sprintf("user%02d", u), "vault.wrong_password"
		}
		if r.IntN(100) == 0 {
			e.Result = audit.ResultDenied
		}
		fn(&e)
	}
}

var benchIndex = sync.OnceValue(func() *audit.Index {
	x := audit.NewIndex()
	benchLog(x.Add)
	return x
})

// BenchmarkQuery1M: typical viewer queries over a million entries, one
// page of 50 and the total. Target: < 200 ms each.
func BenchmarkQuery1M(b *testing.B) {
	x := benchIndex()
	month := time.Date(2025, 6, 1, 0, 0, 0, 0, jst)
	queries := []struct {
		name string
		f    audit.Filter
	}{
		{"user+month", audit.Filter{Users: []string{"u03"}, From: month.UnixMilli(), To: month.AddDate(0, 1, 0).UnixMilli()}},
		{"client", audit.Filter{Clients: []string{"c01234"}}},
		{"reveal+purpose", audit.Filter{Actions: []audit.Action{audit.NumberReveal}, Purposes: []string{"tax_return"}}},
		{"text", audit.Filter{Text: "ﾔﾏﾀﾞ"}},
		{"text+user", audit.Filter{Text: "やまだ", Users: []string{"u07"}}},
		{"sensitive+year", audit.Filter{Sensitive: true, From: month.UnixMilli(), To: month.AddDate(1, 0, 0).UnixMilli()}},
		{"all", audit.Filter{}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var total int
			for b.Loop() {
				_, total = x.Query(q.f, 0, 50, true)
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
	b.Run("touched/client", func(b *testing.B) {
		for b.Loop() {
			x.Touched(audit.Filter{Clients: []string{"c01234"}})
		}
	})
	b.Run("stats/month", func(b *testing.B) {
		f := audit.Filter{From: month.UnixMilli(), To: month.AddDate(0, 1, 0).UnixMilli()}
		for b.Loop() {
			x.Stats(f)
		}
	})
	b.Run("labels", func(b *testing.B) {
		// The viewer's names of 10,000 clients and 30,000 people, read
		// newest first until each is found: one pass per opening of the
		// area, nearly the whole log when some people are rarely touched.
		var n int
		for b.Loop() {
			l := x.Labels()
			n = len(l.Clients) + len(l.Persons)
		}
		b.ReportMetric(float64(n), "names")
	})
	b.Run("stats/all", func(b *testing.B) {
		var findings int
		for b.Loop() {
			findings = len(x.Stats(audit.Filter{}).Unusual)
		}
		b.ReportMetric(float64(findings), "findings")
	})
}

// BenchmarkIndexAdd1M: building the index from a million entries (as
// they come from vault.LogEntries), and the heap it keeps (MB/index).
func BenchmarkIndexAdd1M(b *testing.B) {
	entries := make([]audit.Entry, 0, benchEntries)
	benchLog(func(e *audit.Entry) { entries = append(entries, *e) })
	var heap float64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		x := audit.NewIndex()
		for i := range entries {
			x.Add(&entries[i])
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / 1e6
		runtime.KeepAlive(x)
		b.StartTimer()
	}
	b.ReportMetric(heap, "MB/index")
}

package audit_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
)

var jst = time.FixedZone("JST", 9*60*60)

// at is a time in Japan ("2026-11-24 09:00") as unix ms.
func at(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, jst)
	if err != nil {
		tm, err = time.ParseInLocation("2006-01-02 15:04", s, jst)
	}
	if err != nil {
		t.Fatal(err)
	}
	return tm.UnixMilli()
}

// log builds entries and an index from them, numbering each device's ops.
type log struct {
	t       testing.TB
	seq     map[string]int
	entries []audit.Entry
}

func newLog(t testing.TB) *log { return &log{t: t, seq: map[string]int{}} }

// add appends e at time when; its op id is "<device>.<n>".
func (l *log) add(when string, e audit.Entry) string {
	l.t.Helper()
	e.Time = at(l.t, when)
	l.seq[e.Device]++
	e.Op = e.Device + "." + strconv.Itoa(l.seq[e.Device])
	if e.Result == "" {
		e.Result = audit.ResultOK
	}
	l.entries = append(l.entries, e)
	return e.Op
}

func (l *log) index() *audit.Index {
	x := audit.NewIndex()
	for i := range l.entries {
		x.Add(&l.entries[i])
	}
	return x
}

// The office of the tests: 佐藤 (u-sato) on PC d1, 鈴木 (u-suzuki) on d2,
// 田中 (u-tanaka); clients c1 株式会社あおば with 山田 太郎 (p1), c2
// ヤマダ商店 with 佐藤 花子 (p2).
func office(t testing.TB) *log {
	l := newLog(t)
	l.add("2026-11-24 09:00", audit.Entry{User: "u-sato", Device: "d1", Action: audit.Login})
	l.add("2026-11-24 09:05", audit.Entry{User: "u-sato", Device: "d1", Action: audit.ClientView, Target: "client/c1", Client: "c1", Label: "株式会社あおば"})
	l.add("2026-11-24 09:10", audit.Entry{User: "u-sato", Device: "d1", Action: audit.NumberReveal, Target: "mynumber/c1/p1", Client: "c1", Person: "p1",
		Label: "山田 太郎（株式会社あおば）", Purpose: "withholding_slip"})
	l.add("2026-11-24 09:20", audit.Entry{User: "u-suzuki", Device: "d2", Action: audit.ClientView, Target: "client/c2", Client: "c2", Label: "ヤマダ商店"})
	l.add("2026-11-24 09:30", audit.Entry{User: "u-suzuki", Device: "d2", Action: audit.NumberReveal, Target: "mynumber/c2/p2", Client: "c2", Person: "p2",
		Label: "佐藤 花子（ヤマダ商店）", Purpose: "tax_return", Result: audit.ResultDenied})
	l.add("2026-11-24 10:00", audit.Entry{Device: "d2", Action: audit.LoginFailed, Login: "tanaka", Result: "vault.wrong_password"})
	l.add("2026-11-24 11:00", audit.Entry{User: "u-sato", Device: "d1", Action: audit.Export, Detail: "rows=12"})
	l.add("2026-11-25 14:00", audit.Entry{User: "u-tanaka", Device: "d1", Action: audit.PersonEdit, Target: "person/c1/p1", Client: "c1", Person: "p1", Label: "山田 太郎（株式会社あおば）"})
	l.add("2026-11-25 15:00", audit.Entry{User: "u-sato", Device: "d1", Action: audit.NumberCopy, Target: "mynumber/c1/p1", Client: "c1", Person: "p1",
		Label: "山田 太郎（株式会社あおば）", Purpose: "withholding_slip"})
	l.add("2026-11-26 09:00", audit.Entry{User: "u-suzuki", Device: "d2", Action: audit.Logout})
	return l
}

func ops(es []audit.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Op
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func equal[T comparable](t testing.TB, what string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

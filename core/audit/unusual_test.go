package audit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
)

// found is a finding without its op ids.
type found struct {
	code, who string // who: the user, or the login name of failed logins
	n         int
	from, to  string
}

// series adds n entries like e, the first at start (a time in Japan) and
// then every step.
func (l *log) series(start string, n int, step time.Duration, e audit.Entry) []string {
	l.t.Helper()
	t0 := time.UnixMilli(at(l.t, start)).In(jst)
	var ops []string
	for i := range n {
		ops = append(ops, l.add(t0.Add(time.Duration(i)*step).Format("2006-01-02 15:04:05"), e))
	}
	return ops
}

func reveal(user string) audit.Entry {
	return audit.Entry{User: user, Device: "d-" + user, Action: audit.NumberReveal, Client: "c1", Person: "p1", Target: "mynumber/c1/p1", Purpose: "tax_return"}
}

func view(user string) audit.Entry {
	return audit.Entry{User: user, Device: "d-" + user, Action: audit.ClientView, Client: "c1", Target: "client/c1"}
}

func failed(login string) audit.Entry {
	return audit.Entry{Device: "d1", Action: audit.LoginFailed, Login: login, Result: "vault.wrong_password"}
}

func TestUnusual(t *testing.T) {
	const tue = "2026-11-24" // an ordinary working day
	tests := []struct {
		name  string
		build func(l *log)
		want  []found
	}{
		{"burst: 10 reveals in 9 minutes", func(l *log) {
			l.series(tue+" 10:00", 10, time.Minute, reveal("u1"))
		}, []found{{audit.FindingBurst, "u1", 10, tue + " 10:00:00", tue + " 10:09:00"}}},
		{"no burst: 10 reveals over 10.5 minutes", func(l *log) {
			l.series(tue+" 10:00", 10, 70*time.Second, reveal("u1"))
		}, nil},
		{"no burst: 9 reveals in a minute", func(l *log) {
			l.series(tue+" 10:00", 9, 5*time.Second, reveal("u1"))
		}, nil},
		{"no burst: 10 reveals by two users", func(l *log) {
			l.series(tue+" 10:00", 5, time.Minute, reveal("u1"))
			l.series(tue+" 10:00:30", 5, time.Minute, reveal("u2"))
		}, nil},
		{"no burst: 30 client views", func(l *log) {
			l.series(tue+" 10:00", 30, 10*time.Second, view("u1"))
		}, nil},
		{"burst: copies, exports and prints count together", func(l *log) {
			l.series(tue+" 10:00", 4, time.Minute, audit.Entry{User: "u1", Device: "d1", Action: audit.NumberCopy})
			l.series(tue+" 10:00:30", 3, time.Minute, audit.Entry{User: "u1", Device: "d1", Action: audit.Export, Detail: "rows=3"})
			l.series(tue+" 10:00:45", 3, time.Minute, audit.Entry{User: "u1", Device: "d1", Action: audit.Print})
		}, []found{{audit.FindingBurst, "u1", 10, tue + " 10:00:00", tue + " 10:03:00"}}},
		{"burst: a long run is one finding", func(l *log) {
			l.series(tue+" 10:00", 25, time.Minute, reveal("u1"))
		}, []found{{audit.FindingBurst, "u1", 25, tue + " 10:00:00", tue + " 10:24:00"}}},
		{"burst: two runs an hour apart are two findings", func(l *log) {
			l.series(tue+" 10:00", 10, 30*time.Second, reveal("u1"))
			l.series(tue+" 11:00", 12, 30*time.Second, reveal("u1"))
		}, []found{{audit.FindingBurst, "u1", 10, tue + " 10:00:00", tue + " 10:04:30"}, {audit.FindingBurst, "u1", 12, tue + " 11:00:00", tue + " 11:05:30"}}},
		{"burst: only the entries inside a window", func(l *log) {
			l.add(tue+" 09:00", reveal("u1")) // alone, an hour before
			l.series(tue+" 10:00", 10, time.Minute, reveal("u1"))
			l.add(tue+" 10:30", reveal("u1")) // alone, 21 minutes after
		}, []found{{audit.FindingBurst, "u1", 10, tue + " 10:00:00", tue + " 10:09:00"}}},

		{"night: late evening and early morning are one night", func(l *log) {
			l.add(tue+" 23:30", view("u1"))
			l.add("2026-11-25 01:00", view("u1"))
			l.add("2026-11-25 05:59:59", view("u1"))
		}, []found{{audit.FindingNight, "u1", 3, tue + " 23:30:00", "2026-11-25 05:59:59"}}},
		{"night: two nights, two users", func(l *log) {
			l.add(tue+" 22:00", view("u1"))
			l.add(tue+" 22:10", view("u2"))
			l.add("2026-11-25 22:00", view("u1"))
		}, []found{{audit.FindingNight, "u1", 1, tue + " 22:00:00", tue + " 22:00:00"}, {audit.FindingNight, "u2", 1, tue + " 22:10:00", tue + " 22:10:00"},
			{audit.FindingNight, "u1", 1, "2026-11-25 22:00:00", "2026-11-25 22:00:00"}}},
		{"no night: 06:00 to 21:59", func(l *log) {
			l.add(tue+" 06:00", view("u1"))
			l.add(tue+" 21:59:59", view("u1"))
		}, nil},
		{"no night: the idle lock, logging out, a failed login", func(l *log) {
			l.add(tue+" 23:00", audit.Entry{User: "u1", Device: "d1", Action: audit.Lock})
			l.add(tue+" 23:01", audit.Entry{User: "u1", Device: "d1", Action: audit.Logout})
			l.add(tue+" 23:02", failed("u1"))
		}, nil},

		{"holiday: a Saturday", func(l *log) {
			l.add("2026-11-28 10:00", view("u1"))
			l.add("2026-11-28 15:00", reveal("u1"))
		}, []found{{audit.FindingHoliday, "u1", 2, "2026-11-28 10:00:00", "2026-11-28 15:00:00"}}},
		{"holiday: a national holiday on a Monday (勤労感謝の日)", func(l *log) {
			l.add("2026-11-23 10:00", view("u1"))
		}, []found{{audit.FindingHoliday, "u1", 1, "2026-11-23 10:00:00", "2026-11-23 10:00:00"}}},
		{"holiday: a substitute holiday (振替休日)", func(l *log) {
			l.add("2026-05-06 10:00", view("u1"))
		}, []found{{audit.FindingHoliday, "u1", 1, "2026-05-06 10:00:00", "2026-05-06 10:00:00"}}},
		{"holiday: Saturday and Sunday are two days", func(l *log) {
			l.add("2026-11-28 10:00", view("u1"))
			l.add("2026-11-29 10:00", view("u1"))
		}, []found{{audit.FindingHoliday, "u1", 1, "2026-11-28 10:00:00", "2026-11-28 10:00:00"}, {audit.FindingHoliday, "u1", 1, "2026-11-29 10:00:00", "2026-11-29 10:00:00"}}},
		{"holiday and night: Saturday night", func(l *log) {
			l.add("2026-11-28 23:00", view("u1"))
		}, []found{{audit.FindingHoliday, "u1", 1, "2026-11-28 23:00:00", "2026-11-28 23:00:00"}, {audit.FindingNight, "u1", 1, "2026-11-28 23:00:00", "2026-11-28 23:00:00"}}},
		{"no holiday: a working day", func(l *log) {
			l.add("2026-11-27 10:00", view("u1")) // Friday
			l.add("2026-11-30 10:00", view("u1")) // Monday
		}, nil},

		{"failed logins: 5 in 14 minutes", func(l *log) {
			l.series(tue+" 10:00", 5, 210*time.Second, failed("tanaka"))
		}, []found{{audit.FindingFailedLogins, "tanaka", 5, tue + " 10:00:00", tue + " 10:14:00"}}},
		{"no failed logins: 5 over 16 minutes", func(l *log) {
			l.series(tue+" 10:00", 5, 4*time.Minute, failed("tanaka"))
		}, nil},
		{"no failed logins: 4", func(l *log) {
			l.series(tue+" 10:00", 4, time.Second, failed("tanaka"))
		}, nil},
		{"no failed logins: two login names", func(l *log) {
			l.series(tue+" 10:00", 3, time.Second, failed("tanaka"))
			l.series(tue+" 10:01", 3, time.Second, failed("sato"))
		}, nil},

		{"large export", func(l *log) {
			l.add(tue+" 10:00", audit.Entry{User: "u1", Device: "d1", Action: audit.Export, Detail: fmt.Sprintf("rows=%d", audit.LargeExportRows)})
			l.add(tue+" 11:00", audit.Entry{User: "u2", Device: "d2", Action: audit.Print, Detail: "rows=1000 purposes=tax_return"})
		}, []found{{audit.FindingLargeExport, "u1", 1, tue + " 10:00:00", tue + " 10:00:00"}, {audit.FindingLargeExport, "u2", 1, tue + " 11:00:00", tue + " 11:00:00"}}},
		{"no large export: fewer rows, or an import", func(l *log) {
			l.add(tue+" 10:00", audit.Entry{User: "u1", Device: "d1", Action: audit.Export, Detail: fmt.Sprintf("rows=%d", audit.LargeExportRows-1)})
			l.add(tue+" 11:00", audit.Entry{User: "u1", Device: "d1", Action: audit.Import, Detail: "rows=100000"})
			l.add(tue+" 12:00", audit.Entry{User: "u1", Device: "d1", Action: audit.Export, Detail: "rows=many"})
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLog(t)
			tt.build(l)
			x := l.index()
			got := x.Stats(audit.Filter{}).Unusual
			if len(got) != len(tt.want) {
				t.Fatalf("%d findings, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, f := range got {
				w := tt.want[i]
				who := f.User
				if f.Code == audit.FindingFailedLogins {
					who = f.Login
				}
				if f.Code != w.code || who != w.who || f.N != w.n || f.From != at(t, w.from) || f.To != at(t, w.to) {
					t.Errorf("finding %d: got %s %q %d %s–%s, want %+v", i, f.Code, who, f.N,
						time.UnixMilli(f.From).In(jst).Format(time.DateTime), time.UnixMilli(f.To).In(jst).Format(time.DateTime), w)
				}
				// Its ops are entries of the log, in time order, and the
				// filter on them finds each.
				if len(f.Ops) != min(f.N, audit.MaxFindingOps) {
					t.Errorf("finding %d lists %d ops of %d", i, len(f.Ops), f.N)
				}
				var prev int64
				for _, op := range f.Ops {
					e := byOp(t, l, op)
					if e.Time < prev || e.Time < f.From || e.Time > f.To {
						t.Errorf("op %s out of the finding's window", op)
					}
					prev = e.Time
				}
			}
		})
	}
}

func byOp(t *testing.T, l *log, op string) audit.Entry {
	t.Helper()
	for _, e := range l.entries {
		if e.Op == op {
			return e
		}
	}
	t.Fatalf("no entry %s", op)
	return audit.Entry{}
}

// TestUnusualOpsBounded: a finding counts every entry but lists at most
// MaxFindingOps of them.
func TestUnusualOpsBounded(t *testing.T) {
	l := newLog(t)
	ops := l.series("2026-11-24 10:00", 3*audit.MaxFindingOps/2, time.Second, reveal("u1"))
	got := l.index().Stats(audit.Filter{}).Unusual
	if len(got) != 1 || got[0].N != len(ops) || len(got[0].Ops) != audit.MaxFindingOps {
		t.Fatalf("%+v", got)
	}
	equal(t, "ops", got[0].Ops, ops[:audit.MaxFindingOps])
}

// TestUnusualFollowsTheFilter: only the entries a filter selects are looked
// at.
func TestUnusualFollowsTheFilter(t *testing.T) {
	l := newLog(t)
	l.series("2026-11-24 10:00", 10, time.Minute, reveal("u1"))
	l.add("2026-11-28 10:00", view("u2"))
	x := l.index()
	if got := x.Stats(audit.Filter{Users: []string{"u2"}}).Unusual; len(got) != 1 || got[0].Code != audit.FindingHoliday {
		t.Fatalf("u2: %+v", got)
	}
	if got := x.Stats(audit.Filter{Users: []string{"u1"}}).Unusual; len(got) != 1 || got[0].Code != audit.FindingBurst {
		t.Fatalf("u1: %+v", got)
	}
	if got := x.Stats(audit.Filter{To: at(t, "2026-11-24 10:05")}).Unusual; len(got) != 0 {
		t.Fatalf("half the burst: %+v", got)
	}
}

package audit

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unusual activity: what the viewer highlights and the printed report
// lists for the 責任者 to look at. The rules only point at entries; they
// decide nothing and block nothing.

// Codes of findings. Stable: the window translates them under
// audit.unusual.<code> with dots as underscores.
const (
	FindingBurst        = "burst"        // many sensitive actions by one user in a short time
	FindingNight        = "night"        // a user's work at night (locking and logging out are not work)
	FindingHoliday      = "holiday"      // a user's work on a weekend or a national holiday (holiday.go)
	FindingFailedLogins = "login.failed" // repeated failed logins under one login name
	FindingLargeExport  = "export.large" // one export or print of many rows
)

// Thresholds of the rules.
const (
	// BurstCount sensitive actions (Action.Sensitive: reveals, copies,
	// exports, prints, …) by one user whose first and last are less than
	// BurstWindow apart make a burst.
	BurstCount  = 10
	BurstWindow = 10 * time.Minute
	// FailedLoginCount failed logins under one login name less than
	// FailedLoginWindow apart from first to last.
	FailedLoginCount  = 5
	FailedLoginWindow = 15 * time.Minute
	// Night is from NightFrom:00 to NightUntil:00 in Japan.
	NightFrom  = 22
	NightUntil = 6
	// LargeExportRows or more rows ("rows=N" in the entry's detail) in one
	// sensitive action.
	LargeExportRows = 500
	// MaxFindingOps bounds the ops a finding lists (its count has them all).
	MaxFindingOps = 100
)

// Finding is a piece of unusual activity: which rule, by whom, when, and
// the entries it is based on, so the viewer can jump to them.
type Finding struct {
	Code  string `json:"code"`
	User  string `json:"user,omitempty"`  // user id; "" for failed logins
	Login string `json:"login,omitempty"` // login.failed: the login name tried
	From  int64  `json:"from"`            // time of the first entry (unix ms)
	To    int64  `json:"to"`              // time of the last entry
	N     int    `json:"n"`               // entries
	// Ops are the entries' op ids, oldest first: all of them, or the first
	// MaxFindingOps.
	Ops []string `json:"ops"`
}

// group gathers the entries of one finding.
type group struct {
	key      int64 // night: the day it began; holiday: the day
	from, to int64
	n        int
	ps       []int
}

func (g *group) add(i int, t int64) {
	if g.n == 0 {
		g.from = t
	}
	g.n++
	g.to = t
	if len(g.ps) < MaxFindingOps {
		g.ps = append(g.ps, i)
	}
}

// detector applies the rules to the entries Stats counts, fed in time
// order under the index's read lock.
type detector struct {
	x         *Index
	sensitive []bool  // per action id
	offHours  []bool  // per action id: counts as work at night or on a holiday
	failed    []bool  // per action id: login.failed
	rows      []int   // per detail id: its "rows=N", -1 for none
	bursts    [][]int // per user id: positions of sensitive entries
	attempts  [][]int // per login id: positions of failed logins
	night     []*group
	holiday   []*group
	offDay    map[int64]bool
	out       []Finding
}

func newDetector(x *Index) *detector {
	actions := x.dicts[cAction].strs
	d := &detector{x: x, sensitive: make([]bool, len(actions)), offHours: make([]bool, len(actions)), failed: make([]bool, len(actions)),
		bursts: make([][]int, len(x.dicts[cUser].strs)), attempts: make([][]int, len(x.dicts[cLogin].strs)),
		night: make([]*group, len(x.dicts[cUser].strs)), holiday: make([]*group, len(x.dicts[cUser].strs)), offDay: map[int64]bool{}}
	for id, s := range actions {
		a := Action(s)
		d.sensitive[id] = a.Sensitive()
		d.failed[id] = a == LoginFailed
		// Locking (often the idle lock) and logging out are not work.
		d.offHours[id] = a != LoginFailed && a != Lock && a != Logout
	}
	d.rows = make([]int, len(x.dicts[cDetail].strs))
	for id, s := range x.dicts[cDetail].strs {
		d.rows[id] = rowsIn(s)
	}
	return d
}

// rowsIn reads "rows=N" from an entry's detail (space-separated key=value
// pairs); -1 when there is none.
func rowsIn(detail string) int {
	for _, f := range strings.Fields(detail) {
		if v, ok := strings.CutPrefix(f, "rows="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return -1
}

func (d *detector) add(i int) {
	x := d.x
	t, u, a := x.times[i], x.cols[cUser][i], x.cols[cAction][i]
	if d.sensitive[a] {
		d.bursts[u] = append(d.bursts[u], i)
		if d.rows[x.cols[cDetail][i]] >= LargeExportRows {
			d.emit(FindingLargeExport, &group{from: t, to: t, n: 1, ps: []int{i}}, u)
		}
	}
	if d.failed[a] {
		l := x.cols[cLogin][i]
		d.attempts[l] = append(d.attempts[l], i)
	}
	if !d.offHours[a] || u == 0 {
		return
	}
	if h := jstHour(t); h >= NightFrom || h < NightUntil {
		d.group(FindingNight, d.night, u, jstDay(t-NightUntil*hourMs), i, t)
	}
	day := jstDay(t)
	off, ok := d.offDay[day]
	if !ok {
		date := dayDate(day)
		off = date.Weekday() == time.Saturday || date.Weekday() == time.Sunday || holiday(date.Year(), date.Month(), date.Day())
		d.offDay[day] = off
	}
	if off {
		d.group(FindingHoliday, d.holiday, u, day, i, t)
	}
}

// group adds entry i to user u's open group of the rule, closing the open
// one when key moved on.
func (d *detector) group(code string, open []*group, u uint32, key int64, i int, t int64) {
	g := open[u]
	if g != nil && g.key != key {
		d.emit(code, g, u)
		g = nil
	}
	if g == nil {
		g = &group{key: key}
		open[u] = g
	}
	g.add(i, t)
}

func (d *detector) emit(code string, g *group, u uint32) {
	f := Finding{Code: code, User: d.x.dicts[cUser].strs[u], From: g.from, To: g.to, N: g.n, Ops: make([]string, len(g.ps))}
	for k, i := range g.ps {
		f.Ops[k] = d.x.op(i)
	}
	d.out = append(d.out, f)
}

// findings closes the open groups, applies the window rules and returns
// every finding, oldest first.
func (d *detector) findings() []Finding {
	for u := range d.night {
		if g := d.night[u]; g != nil {
			d.emit(FindingNight, g, uint32(u))
		}
		if g := d.holiday[u]; g != nil {
			d.emit(FindingHoliday, g, uint32(u))
		}
	}
	for u, ps := range d.bursts {
		for _, g := range d.windows(ps, BurstCount, BurstWindow) {
			d.emit(FindingBurst, g, uint32(u))
		}
	}
	for l, ps := range d.attempts {
		for _, g := range d.windows(ps, FailedLoginCount, FailedLoginWindow) {
			d.emit(FindingFailedLogins, g, d.x.cols[cUser][g.ps[0]])
			d.out[len(d.out)-1].Login = d.x.dicts[cLogin].strs[l]
		}
	}
	slices.SortStableFunc(d.out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Code, b.Code), cmp.Compare(a.User, b.User))
	})
	return d.out
}

// windows finds the runs of entries (positions ps, in time order) in which
// at least n lie less than window apart from first to last; a run ends
// where the next entry is a whole window later.
func (d *detector) windows(ps []int, n int, window time.Duration) []*group {
	if len(ps) < n {
		return nil
	}
	w := window.Milliseconds()
	t := func(k int) int64 { return d.x.times[ps[k]] }
	flagged := make([]bool, len(ps))
	marked := -1 // flagged[..marked] are set
	for i, j := 0, 0; i < len(ps); i++ {
		for t(i)-t(j) >= w {
			j++
		}
		if i-j+1 >= n {
			for k := max(j, marked+1); k <= i; k++ {
				flagged[k] = true
			}
			marked = i
		}
	}
	var out []*group
	var g *group
	for k := range ps {
		if !flagged[k] {
			g = nil
			continue
		}
		if g != nil && t(k)-g.to >= w {
			g = nil
		}
		if g == nil {
			g = &group{}
			out = append(out, g)
		}
		g.add(ps[k], t(k))
	}
	return out
}

package audit

import (
	"cmp"
	"slices"
	"time"

	"github.com/kinko-jp/kinko/core/jst"
)

// Days and hours are counted in the office's time zone, Japan Standard
// Time. Japan has kept UTC+9 without daylight saving since 1951, so a
// fixed zone is exact and needs no tzdata (time.LoadLocation fails on a
// Windows PC without it).
var japan = jst.Zone

const (
	jstOffset = 9 * int64(time.Hour/time.Millisecond)
	dayMs     = 24 * int64(time.Hour/time.Millisecond)
	hourMs    = int64(time.Hour / time.Millisecond)
)

// jstDay is the number of the day (days since 1970-01-01) that ms falls on
// in Japan.
func jstDay(ms int64) int64 { return floorDiv(ms+jstOffset, dayMs) }

// jstHour is the hour of the day (0–23) of ms in Japan.
func jstHour(ms int64) int { return int((ms + jstOffset - jstDay(ms)*dayMs) / hourMs) }

// dayDate is the calendar date of a day number.
func dayDate(day int64) time.Time { return time.UnixMilli(day * dayMs).UTC() }

// dayString writes a day number as "2026-11-22".
func dayString(day int64) string { return dayDate(day).Format(time.DateOnly) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Count is a number of entries under a key: an action code, a user id, a
// purpose code.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// DayCount is how many entries one user wrote on one day.
type DayCount struct {
	Day  string `json:"day"`  // "2026-11-22", in Japan
	User string `json:"user"` // user id; "" for entries written while locked
	N    int    `json:"n"`
}

// Stats sums the entries a Filter selects, for the viewer's charts and the
// printed report.
type Stats struct {
	Total    int        `json:"total"`
	First    int64      `json:"first"` // time of the oldest entry counted (unix ms); 0 when none
	Last     int64      `json:"last"`
	ByAction []Count    `json:"byAction"` // most frequent first
	ByUser   []Count    `json:"byUser"`   // most frequent first
	Daily    []DayCount `json:"daily"`    // per user per day, by day then user
	// Reveals counts My Numbers shown or copied (mynumber.reveal,
	// mynumber.copy) per purpose code, most frequent first.
	Reveals []Count   `json:"reveals"`
	Hours   [24]int   `json:"hours"`   // entries per hour of the day, in Japan
	Unusual []Finding `json:"unusual"` // see Finding; oldest first
}

// Stats sums the entries f selects and looks for unusual activity among
// them (see Finding).
func (x *Index) Stats(f Filter) *Stats {
	x.mu.RLock()
	defer x.mu.RUnlock()
	st := &Stats{}
	byAction := make([]int, len(x.dicts[cAction].strs))
	byUser := make([]int, len(x.dicts[cUser].strs))
	reveals := make([]int, len(x.dicts[cPurpose].strs))
	isReveal := make([]bool, len(byAction))
	for id, a := range x.dicts[cAction].strs {
		isReveal[id] = Action(a) == NumberReveal || Action(a) == NumberCopy
	}
	day, today := int64(0), make([]int, len(byUser))
	flush := func() {
		for u, n := range today {
			if n > 0 {
				st.Daily = append(st.Daily, DayCount{Day: dayString(day), User: x.dicts[cUser].strs[u], N: n})
				today[u] = 0
			}
		}
	}
	users, actions, purposes := x.cols[cUser], x.cols[cAction], x.cols[cPurpose]
	d := newDetector(x)
	x.each(&f, false, func(i int) bool {
		t := x.times[i]
		if st.Total == 0 {
			st.First = t
		}
		st.Total++
		st.Last = t
		u, a := users[i], actions[i]
		byAction[a]++
		byUser[u]++
		if isReveal[a] {
			reveals[purposes[i]]++
		}
		st.Hours[jstHour(t)]++
		if dd := jstDay(t); dd != day {
			flush()
			day = dd
		}
		today[u]++
		d.add(i)
		return true
	})
	flush()
	slices.SortStableFunc(st.Daily, func(a, b DayCount) int { return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.User, b.User)) })
	st.ByAction = counts(byAction, x.dicts[cAction].strs)
	st.ByUser = counts(byUser, x.dicts[cUser].strs)
	st.Reveals = counts(reveals, x.dicts[cPurpose].strs)
	st.Unusual = d.findings()
	return st
}

// counts lists the non-zero counts under their keys, most first.
func counts(ns []int, keys []string) []Count {
	var out []Count
	for id, n := range ns {
		if n > 0 {
			out = append(out, Count{Key: keys[id], N: n})
		}
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return out
}

// Toucher is one user's dealings with the entries of a record: the
// per-record view's answer to "who touched this record".
type Toucher struct {
	User    string  `json:"user"` // user id; "" for entries written while locked
	N       int     `json:"n"`
	First   int64   `json:"first"` // unix ms
	Last    int64   `json:"last"`
	Actions []Count `json:"actions"` // most frequent first
}

// Touched lists who wrote the entries f selects — typically a Filter on
// one client, person or target — most recent first.
func (x *Index) Touched(f Filter) []Toucher {
	x.mu.RLock()
	defer x.mu.RUnlock()
	type acc struct {
		t       Toucher
		actions map[uint32]int
	}
	by := map[uint32]*acc{}
	x.each(&f, false, func(i int) bool {
		u := x.cols[cUser][i]
		a := by[u]
		if a == nil {
			a = &acc{t: Toucher{User: x.dicts[cUser].strs[u], First: x.times[i]}, actions: map[uint32]int{}}
			by[u] = a
		}
		a.t.N++
		a.t.Last = x.times[i]
		a.actions[x.cols[cAction][i]]++
		return true
	})
	out := make([]Toucher, 0, len(by))
	for _, a := range by {
		ns := make([]int, len(x.dicts[cAction].strs))
		for id, n := range a.actions {
			ns[id] = n
		}
		a.t.Actions = counts(ns, x.dicts[cAction].strs)
		out = append(out, a.t)
	}
	slices.SortFunc(out, func(a, b Toucher) int { return cmp.Or(cmp.Compare(b.Last, a.Last), cmp.Compare(a.User, b.User)) })
	return out
}

package audit

import (
	"sort"
	"strings"

	"github.com/kinko-jp/kinko/core/jtext"
)

// Filter selects entries. Every field that is set must match: within a
// list, any of its values; an empty list or zero value matches all. The
// per-record view ("who touched this record") is a Filter on Clients,
// Persons or Targets.
type Filter struct {
	Users    []string `json:"users,omitempty"` // user ids; "" selects entries written while locked (failed logins)
	Devices  []string `json:"devices,omitempty"`
	Actions  []Action `json:"actions,omitempty"`
	Purposes []string `json:"purposes,omitempty"` // mynumber.Purpose codes
	Clients  []string `json:"clients,omitempty"`
	Persons  []string `json:"persons,omitempty"`
	Targets  []string `json:"targets,omitempty"` // record ids: client/<c>, person/<c>/<p>, mynumber/<c>/<p>
	Results  []string `json:"results,omitempty"` // ResultOK, ResultDenied or error codes
	// From and To bound the entries' time, unix ms, From included and To
	// not; 0 leaves that side open.
	From int64 `json:"from,omitempty"`
	To   int64 `json:"to,omitempty"`
	// Text is looked for in the label, the detail and the login name,
	// folded with jtext.Fold on both sides: ﾔﾏﾀﾞ and やまだ find ヤマダ.
	Text string `json:"text,omitempty"`
	// Sensitive keeps only the actions that take personal information out
	// of its masked form or out of the vault (Action.Sensitive).
	Sensitive bool `json:"sensitive,omitempty"`
	// Trust keeps the entries in any of these states (an entry added
	// without one, by code other than the log reader, has "").
	Trust []Trust `json:"trust,omitempty"`
}

// colTest passes the entries whose id in col is true in ok.
type colTest struct {
	col []uint32
	ok  []bool
}

// matcher is a compiled Filter over positions lo..hi of the index.
type matcher struct {
	lo, hi int
	none   bool // some list has no known value: nothing matches
	tests  []colTest
	text   []colTest // any of these passes
}

func (m *matcher) ok(i int) bool {
	for _, t := range m.tests {
		if !t.ok[t.col[i]] {
			return false
		}
	}
	if m.text == nil {
		return true
	}
	for _, t := range m.text {
		if t.ok[t.col[i]] {
			return true
		}
	}
	return false
}

// match compiles f; the caller holds the read lock.
func (x *Index) match(f *Filter) matcher {
	m := matcher{hi: len(x.times)}
	if f.From != 0 {
		m.lo = sort.Search(len(x.times), func(j int) bool { return x.times[j] >= f.From })
	}
	if f.To != 0 {
		m.hi = sort.Search(len(x.times), func(j int) bool { return x.times[j] >= f.To })
	}
	if m.hi <= m.lo {
		m.none = true
		return m
	}
	// The likeliest to reject come first.
	lists := []struct {
		c    int
		vals []string
	}{{cTarget, f.Targets}, {cPerson, f.Persons}, {cClient, f.Clients}, {cUser, f.Users},
		{cPurpose, f.Purposes}, {cAction, actionStrings(f.Actions)}, {cDevice, f.Devices}, {cResult, f.Results},
		{cTrust, trustStrings(f.Trust)}}
	for _, l := range lists {
		if len(l.vals) == 0 {
			continue
		}
		ok, found := x.dicts[l.c].lookup(l.vals)
		if !found {
			m.none = true
			return m
		}
		m.tests = append(m.tests, colTest{x.cols[l.c], ok})
	}
	if f.Sensitive {
		d := &x.dicts[cAction]
		ok := make([]bool, len(d.strs))
		for id, a := range d.strs {
			ok[id] = Action(a).Sensitive()
		}
		m.tests = append(m.tests, colTest{x.cols[cAction], ok})
	}
	if q := jtext.Fold(f.Text); q != "" {
		for _, c := range textCols {
			d := &x.dicts[c]
			ok := make([]bool, len(d.folds))
			any := false
			for id, k := range d.folds {
				if id > 0 && strings.Contains(k, q) {
					ok[id], any = true, true
				}
			}
			if any {
				m.text = append(m.text, colTest{x.cols[c], ok})
			}
		}
		if m.text == nil {
			m.none = true
		}
	}
	return m
}

func actionStrings(as []Action) []string {
	if len(as) == 0 {
		return nil
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}

func trustStrings(ts []Trust) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

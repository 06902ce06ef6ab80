package audit

import (
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kinko-jp/kinko/core/jtext"
)

// The query index holds the access log in memory by columns, for the log
// viewer, its charts and the exports. Every string field is interned: a
// column holds a small id per entry and a dictionary maps ids back to
// strings, so a million entries take about 75 MB, and a filter turns into
// one lookup table per column: a filtered scan of a million entries takes
// a few milliseconds (bench/README.md, "Access log: queries").

// Columns of the index; each has its own dictionary.
const (
	cUser = iota
	cDevice
	cAction
	cClient
	cPerson
	cPurpose
	cResult
	cTarget
	cLogin
	cLabel
	cDetail
	cTrust // changes after Add: Settle
	nCols
)

// Text search looks in these columns.
var textCols = [...]int{cLabel, cDetail, cLogin}

// dict interns one column's strings; id 0 is "".
type dict struct {
	ids   map[string]uint32
	strs  []string
	folds []string // jtext.Fold of strs, for the columns searched by text
}

func (d *dict) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := d.ids[s]; ok {
		return id
	}
	// A copy, so an interned string never pins a larger buffer.
	s = strings.Clone(s)
	id := uint32(len(d.strs))
	d.ids[s] = id
	d.strs = append(d.strs, s)
	if d.folds != nil {
		d.folds = append(d.folds, jtext.Fold(s))
	}
	return id
}

// lookup returns a table that is true for the ids of vals, and whether
// any of vals is known.
func (d *dict) lookup(vals []string) ([]bool, bool) {
	ok := make([]bool, len(d.strs))
	found := false
	for _, v := range vals {
		if id, in := d.ids[v]; in {
			ok[id], found = true, true
		}
	}
	return ok, found
}

// oddOp marks a seqs value that indexes Index.odd rather than holding the
// op's sequence number.
const oddOp = 1 << 63

// Index is the access log in memory, ordered by time, for the viewer: the
// app builds it by passing every entry vault.LogEntries delivers to Add,
// then queries it. Entries hold no My Number (see Entry), so neither does
// the index.
//
// An Index is safe for one writer and many readers at once: Add takes a
// write lock, the queries a read lock. The zero Index is not ready; use
// NewIndex.
type Index struct {
	mu    sync.RWMutex
	dicts [nCols]dict
	cols  [nCols][]uint32
	times []int64
	seqs  []uint64 // an op id "device.seq" as seq; anything else as oddOp|index into odd
	odd   []string
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	x := &Index{}
	for c := range x.dicts {
		x.dicts[c] = dict{ids: map[string]uint32{"": 0}, strs: []string{""}}
	}
	for _, c := range textCols {
		x.dicts[c].folds = []string{""}
	}
	return x
}

// Add files e, which may be reused afterwards. vault.LogEntries delivers
// entries in time order and Add appends those in constant time; an entry
// older than the newest (one synced late from another PC) is inserted in
// its place, which costs a copy of the columns. Add does not look for
// duplicates: add each entry once, or build a new index.
func (x *Index) Add(e *Entry) {
	vals := [nCols]string{e.User, e.Device, string(e.Action), e.Client, e.Person, e.Purpose, e.Result, e.Target, e.Login, e.Label, e.Detail, string(e.Trust)}
	x.mu.Lock()
	defer x.mu.Unlock()
	n := len(x.times)
	if n == 0 || e.Time >= x.times[n-1] {
		for c := range nCols {
			x.cols[c] = append(x.cols[c], x.dicts[c].intern(vals[c]))
		}
		x.times = append(x.times, e.Time)
		x.seqs = append(x.seqs, x.opCode(e.Op, e.Device))
		return
	}
	i := sort.Search(n, func(j int) bool { return x.times[j] > e.Time })
	for c := range nCols {
		x.cols[c] = slices.Insert(x.cols[c], i, x.dicts[c].intern(vals[c]))
	}
	x.times = slices.Insert(x.times, i, e.Time)
	x.seqs = slices.Insert(x.seqs, i, x.opCode(e.Op, e.Device))
}

// opCode stores an op id: "device.seq" as seq, anything else in odd.
func (x *Index) opCode(op, device string) uint64 {
	if n := len(device); n > 0 && len(op) > n+1 && op[n] == '.' && op[:n] == device && op[n+1] != '0' {
		if seq, err := strconv.ParseUint(op[n+1:], 10, 63); err == nil {
			return seq
		}
	}
	x.odd = append(x.odd, strings.Clone(op))
	return oddOp | uint64(len(x.odd)-1)
}

// Len returns the number of entries in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.times)
}

func (x *Index) str(c, i int) string { return x.dicts[c].strs[x.cols[c][i]] }

func (x *Index) op(i int) string {
	s := x.seqs[i]
	if s&oddOp != 0 {
		return x.odd[s&^oddOp]
	}
	return x.str(cDevice, i) + "." + strconv.FormatUint(s, 10)
}

// entry rebuilds the entry at position i. Its strings are shared with the
// index.
func (x *Index) entry(i int) Entry {
	return Entry{
		Time: x.times[i], User: x.str(cUser, i), Device: x.str(cDevice, i), Op: x.op(i),
		Action: Action(x.str(cAction, i)), Login: x.str(cLogin, i), Target: x.str(cTarget, i),
		Client: x.str(cClient, i), Person: x.str(cPerson, i), Label: x.str(cLabel, i),
		Purpose: x.str(cPurpose, i), Result: x.str(cResult, i), Detail: x.str(cDetail, i),
		Trust: Trust(x.str(cTrust, i)),
	}
}

// Settle gives entries added earlier their new trust (what
// vault.LogStats.Settled lists after a read). An entry is found by its
// time, device and Seq; one the index does not hold is skipped.
func (x *Index) Settle(ss []Settled) {
	if len(ss) == 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, s := range ss {
		dev, ok := x.dicts[cDevice].ids[s.Device]
		if !ok {
			continue
		}
		i := sort.Search(len(x.times), func(j int) bool { return x.times[j] >= s.Time })
		for ; i < len(x.times) && x.times[i] == s.Time; i++ {
			if x.cols[cDevice][i] == dev && x.seqs[i] == s.Seq {
				x.cols[cTrust][i] = x.dicts[cTrust].intern(string(s.Trust))
				break
			}
		}
	}
}

// each calls fn with the position of every entry f selects, oldest first
// (newest first if backwards), until fn returns false. The caller holds
// the read lock.
func (x *Index) each(f *Filter, backwards bool, fn func(i int) bool) {
	m := x.match(f)
	if m.none {
		return
	}
	if backwards {
		for i := m.hi - 1; i >= m.lo; i-- {
			if m.ok(i) && !fn(i) {
				return
			}
		}
		return
	}
	for i := m.lo; i < m.hi; i++ {
		if m.ok(i) && !fn(i) {
			return
		}
	}
}

// Query returns the page of entries f selects that starts at offset (in
// the order asked for) and holds at most limit entries, and how many f
// selects in all. A limit of 0 or less returns the total only. The log
// viewer calls it for every page it shows; exports use Entries.
func (x *Index) Query(f Filter, offset, limit int, newestFirst bool) (entries []Entry, total int) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	offset, limit = max(offset, 0), max(limit, 0)
	end := offset + min(limit, len(x.times))
	m := x.match(&f)
	if m.none {
		return nil, 0
	}
	var page []int
	if len(m.tests) == 0 && m.text == nil {
		// Only a time range: the page is known without a scan.
		total = m.hi - m.lo
		for k := offset; k < min(end, total); k++ {
			if newestFirst {
				page = append(page, m.hi-1-k)
			} else {
				page = append(page, m.lo+k)
			}
		}
	} else {
		x.each(&f, newestFirst, func(i int) bool {
			if total >= offset && total < end {
				page = append(page, i)
			}
			total++
			return true
		})
	}
	entries = make([]Entry, len(page))
	for k, i := range page {
		entries[k] = x.entry(i)
	}
	return entries, total
}

// Entries yields the entries f selects, oldest first, for exports. The
// index stays read-locked until the loop ends, so the loop's body must not
// call Add (it would wait for ever).
func (x *Index) Entries(f Filter) iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		x.mu.RLock()
		defer x.mu.RUnlock()
		x.each(&f, false, func(i int) bool { return yield(x.entry(i)) })
	}
}

// Values lists what the log holds, sorted, for the viewer's filter menus.
type Values struct {
	Users    []string `json:"users"`
	Devices  []string `json:"devices"`
	Actions  []Action `json:"actions"`
	Purposes []string `json:"purposes"`
	Clients  []string `json:"clients"`
	Persons  []string `json:"persons"`
	Results  []string `json:"results"`
}

// Values returns every user, device, action, purpose, client, person and
// result seen so far (without "").
func (x *Index) Values() Values {
	x.mu.RLock()
	defer x.mu.RUnlock()
	list := func(c int) []string {
		out := slices.Clone(x.dicts[c].strs[1:])
		slices.Sort(out)
		return out
	}
	v := Values{Users: list(cUser), Devices: list(cDevice), Purposes: list(cPurpose), Clients: list(cClient), Persons: list(cPerson), Results: list(cResult)}
	for _, a := range list(cAction) {
		v.Actions = append(v.Actions, Action(a))
	}
	return v
}

// Labels names the records of the log: the newest label it holds for
// every client (from entries about the client's file) and every person
// ("name（client）"), and each person's client. A reader who may not open
// those records still sees names rather than ids.
type Labels struct {
	Clients      map[string]string `json:"clients"`
	Persons      map[string]string `json:"persons"`
	PersonClient map[string]string `json:"personClient"`
}

// Labels reads each entry at most once, newest first, and stops when every
// name is found.
func (x *Index) Labels() Labels {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := Labels{Clients: map[string]string{}, Persons: map[string]string{}, PersonClient: map[string]string{}}
	cd, pd, td := &x.dicts[cClient], &x.dicts[cPerson], &x.dicts[cTarget]
	clientTarget := make([]bool, len(td.strs))
	for id, s := range td.strs {
		clientTarget[id] = strings.HasPrefix(s, "client/")
	}
	haveC, haveP := make([]bool, len(cd.strs)), make([]bool, len(pd.strs))
	wantC, wantP := len(cd.strs)-1, len(pd.strs)-1
	for i := len(x.times) - 1; i >= 0 && (wantC > 0 || wantP > 0); i-- {
		l := x.cols[cLabel][i]
		if l == 0 {
			continue
		}
		if p := x.cols[cPerson][i]; p != 0 {
			if !haveP[p] {
				haveP[p] = true
				wantP--
				out.Persons[pd.strs[p]] = x.dicts[cLabel].strs[l]
				out.PersonClient[pd.strs[p]] = cd.strs[x.cols[cClient][i]]
			}
			continue
		}
		if c := x.cols[cClient][i]; c != 0 && !haveC[c] && clientTarget[x.cols[cTarget][i]] {
			haveC[c] = true
			wantC--
			out.Clients[cd.strs[c]] = x.dicts[cLabel].strs[l]
		}
	}
	return out
}

package records

import (
	"container/heap"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match says how well a Hit matched its query. Lower is better.
type Match int

// Match classes, best first.
const (
	// MatchExact: the whole query (terms joined) equals the name, the
	// reading or the code, with or without a legal form (株式会社).
	MatchExact Match = iota
	// MatchPrefix: a name, reading or code starts with the whole query.
	MatchPrefix
	// MatchSubstring: every term occurs in the name, reading or code.
	MatchSubstring
	// MatchOther: some term matched only the phone, address or Extra.
	MatchOther
)

// Hit is one search result: the indexed Doc and how it matched.
type Hit struct {
	Doc
	Match Match
}

// DefaultLimit is the number of hits Search returns when limit ≤ 0.
const DefaultLimit = 50

// Bounds on a query, so that a pasted page of text cannot make a keystroke
// slow: longer queries are cut, further terms ignored.
const (
	maxQueryRunes = 256
	maxTerms      = 16
)

// AllowAll is an allow function for Search that lets every client through,
// for callers (tests, an administrator's tools) that filter elsewhere.
func AllowAll(clientID string) bool { return true }

// Search returns up to limit documents (DefaultLimit if limit ≤ 0) matching
// every space-separated term of q, best first: by Match, then clients before
// persons, then by reading (documents without one last), then by name.
//
// Terms and documents are compared after jtext.Fold, so width, hiragana or
// katakana, case and spacing do not matter ("ﾔﾏﾀﾞ" and "やまだ" find 山田
// whose reading is ヤマダ; the client code matches regardless of case). A
// term made of digits and hyphens also matches phone numbers by their digits
// alone ("03-1234" finds 0312345678). An empty query finds nothing.
//
// allow is asked once per client of a matching document and must return
// false for every client the user may not see (開示不能): their documents
// never appear. A nil allow lets nothing through (fail closed); pass
// AllowAll to disable filtering. allow runs under the index's read lock and
// must not call Put or Remove.
func (ix *Index) Search(q string, limit int, allow func(clientID string) bool) []Hit {
	return ix.search(q, limit, allow, 0, false)
}

// SearchCached is Search keeping allow's answers from one call to the next
// while gen stays the same: the caller promises allow answers the same for
// one gen (the vault's access epoch), so a keystroke that meets thousands
// of clients does not ask about each again.
func (ix *Index) SearchCached(q string, limit int, gen uint64, allow func(clientID string) bool) []Hit {
	return ix.search(q, limit, allow, gen, true)
}

func (ix *Index) search(q string, limit int, allow func(clientID string) bool, gen uint64, cached bool) []Hit {
	if allow == nil {
		return nil
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	terms, whole := parseQuery(q)
	if len(terms) == 0 {
		return nil
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()

	// The term with the fewest candidates drives the scan.
	var driver term
	best := -1
	for _, t := range terms {
		n := ix.count(t)
		if n == 0 {
			return nil
		}
		if best < 0 || n < best {
			driver, best = t, n
		}
	}

	// A posting list of a one- or two-rune term is exact, not a superset,
	// so such a driver needs no substring check.
	check := terms
	if driver.alt == "" && utf8.RuneCountInString(driver.key) <= 2 {
		check = slices.DeleteFunc(slices.Clone(terms), func(t term) bool { return t == driver })
	}
	const unknown, yes, no = 0, 1, 2
	var allowed []uint8
	if cached {
		allowed = ix.takeAllowed(gen)
		defer ix.keepAllowed(gen, allowed)
	} else {
		allowed = make([]uint8, len(ix.clientIDs))
	}
	h := make(hitHeap, 0, min(limit, best))
	for _, slot := range ix.candidates(driver) {
		e := &ix.slots[slot]
		if !e.live() || !e.matchesAll(check) {
			continue
		}
		if allowed[e.client] == unknown {
			allowed[e.client] = no
			if allow(e.doc.ClientID) {
				allowed[e.client] = yes
			}
		}
		if allowed[e.client] != yes {
			continue
		}
		c := scored{e: e, match: e.rank(whole, terms)}
		switch {
		case len(h) < limit:
			heap.Push(&h, c)
		case c.better(h[0]):
			h[0] = c
			heap.Fix(&h, 0)
		}
	}

	slices.SortFunc(h, func(a, b scored) int {
		if a.better(b) {
			return -1
		}
		return 1
	})
	hits := make([]Hit, len(h))
	for i, c := range h {
		hits[i] = Hit{Doc: c.e.doc, Match: c.match}
	}
	return hits
}

// takeAllowed returns the answers kept for gen (to the caller alone, for
// as long as its search runs), grown to every client the index knows, or
// a new slice. Under the read lock.
func (ix *Index) takeAllowed(gen uint64) []uint8 {
	ix.amu.Lock()
	a := ix.allowed
	if ix.allowGen != gen {
		a = nil
	}
	ix.allowed = nil
	ix.amu.Unlock()
	if n := len(ix.clientIDs); len(a) < n {
		a = append(a, make([]uint8, n-len(a))...)
	}
	return a
}

// keepAllowed keeps a for the next search of gen.
func (ix *Index) keepAllowed(gen uint64, a []uint8) {
	ix.amu.Lock()
	ix.allowed, ix.allowGen = a, gen
	ix.amu.Unlock()
}

// term is one folded query term; alt, when set, is its digits-only form,
// tried too so that "03-1234" matches a phone stored as 0312345678.
type term struct {
	key, alt string
}

// parseQuery splits q on whitespace, folds each term and drops empty and
// repeated ones. whole is the terms joined, for exact and prefix ranking.
func parseQuery(q string) (terms []term, whole string) {
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	var b strings.Builder
	for _, f := range strings.FieldsFunc(q, unicode.IsSpace) {
		k := foldKey(f)
		if k == "" || slices.ContainsFunc(terms, func(t term) bool { return t.key == k }) {
			continue
		}
		if len(terms) == maxTerms {
			break
		}
		terms = append(terms, term{key: k, alt: phoneAlt(k)})
		b.WriteString(k)
	}
	return terms, b.String()
}

// phoneAlt returns the digits of a term that looks like part of a phone
// number (digits with hyphens, parentheses or '+'), or "".
func phoneAlt(k string) string {
	hasDigit, hasOther := false, false
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c >= '0' && c <= '9':
			hasDigit = true
		case c == '-', c == '(', c == ')', c == '+':
			hasOther = true
		default:
			return ""
		}
	}
	if !hasDigit || !hasOther {
		return ""
	}
	return digitsOf(k)
}

// count returns the number of candidates(t) without decoding them.
func (ix *Index) count(t term) int {
	n := ix.postings(t.key).len()
	if t.alt != "" {
		n += ix.postings(t.alt).len()
	}
	return n
}

// candidates returns the slots that may contain t (a superset), in
// increasing order.
func (ix *Index) candidates(t term) []uint32 {
	c := ix.postings(t.key).slots()
	if t.alt == "" {
		return c
	}
	return mergeUnion(c, ix.postings(t.alt).slots())
}

// postings returns the shortest posting list among key's bigrams (its rune
// for a one-rune key), or nil when some bigram occurs in no document.
func (ix *Index) postings(key string) *posting {
	first, size := utf8.DecodeRuneInString(key)
	if size == len(key) {
		return ix.posts[uint64(first)]
	}
	var best *posting
	prev := first
	for _, r := range key[size:] {
		p := ix.posts[uint64(prev)<<32|uint64(r)]
		if p == nil {
			return nil
		}
		if best == nil || p.n < best.n {
			best = p
		}
		prev = r
	}
	return best
}

func mergeUnion(a, b []uint32) []uint32 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]uint32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

func (e *entry) matchesAll(terms []term) bool {
	for _, t := range terms {
		if !strings.Contains(e.keys, t.key) && (t.alt == "" || !strings.Contains(e.keys, t.alt)) {
			return false
		}
	}
	return true
}

// rank classifies a document that matched every term.
func (e *entry) rank(whole string, terms []term) Match {
	primary := e.primary()
	for _, k := range primary {
		if k == whole {
			return MatchExact
		}
	}
	for _, k := range primary {
		if k != "" && strings.HasPrefix(k, whole) {
			return MatchPrefix
		}
	}
	for _, t := range terms {
		found := false
		for _, k := range primary[:3] {
			if strings.Contains(k, t.key) {
				found = true
				break
			}
		}
		if !found {
			return MatchOther
		}
	}
	return MatchSubstring
}

// scored is a matching document with its rank.
type scored struct {
	e     *entry
	match Match
}

// better reports whether c sorts before d in the results.
func (c scored) better(d scored) bool {
	if c.match != d.match {
		return c.match < d.match
	}
	if cc, dc := c.e.doc.Kind == DocClient, d.e.doc.Kind == DocClient; cc != dc {
		return cc
	}
	if ck, dk := c.e.kana(), d.e.kana(); ck != dk {
		if ck == "" || dk == "" {
			return dk == ""
		}
		return ck < dk
	}
	if cn, dn := c.e.name(), d.e.name(); cn != dn {
		return cn < dn
	}
	return c.e.doc.Target < d.e.doc.Target
}

// hitHeap keeps the best limit hits with the worst on top.
type hitHeap []scored

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[j].better(h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

package password

import (
	"math"
	"sort"
)

// The estimate works in guesses (float64), capped at capGuesses: anything
// above is strong, and the cap keeps products finite. Only +, *, / and
// comparisons are used, in the same order as the frontend's copy, so both
// reach the same verdict.
const capGuesses = 1e30

// match is one pattern found in the password: runes [i, j).
type match struct {
	i, j    int
	kind    Reason
	guesses float64
}

func capped(g float64) float64 { return min(g, capGuesses) }

// pow10 and factorial are tables, not math.Pow, so that both checkers get
// the same bits.
var pow10, factorial = func() ([MaxAnalysed + 1]float64, [MaxAnalysed + 1]float64) {
	var p, f [MaxAnalysed + 1]float64
	p[0], f[0] = 1, 1
	for i := 1; i <= MaxAnalysed; i++ {
		p[i] = capped(p[i-1] * 10)
		f[i] = capped(f[i-1] * float64(i))
	}
	return p, f
}()

// normalise reads full-width ASCII as half-width (ｐａｓｓ１ → pass1) and the
// ideographic space as a space. Case is kept: the matchers that care lower
// it themselves.
func normalise(rs []rune) []rune {
	out := make([]rune, len(rs))
	for k, r := range rs {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		out[k] = r
	}
	return out
}

func lower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// estimate returns whether the password needs fewer than minGuesses
// guesses, and if so the reason to tell its owner.
func estimate(pw []rune, dicts []dictionary) (Reason, bool) {
	e := &estimator{dicts: dicts, memo: map[string]float64{}}
	orig := normalise(pw)
	defer clear(orig)
	guesses, ms, all := e.run(orig)
	if guesses >= minGuesses {
		return "", false
	}
	return reason(ms, all), true
}

type estimator struct {
	dicts []dictionary
	memo  map[string]float64 // repeat chunk → its guesses
}

// run finds every match in orig and returns the fewest guesses, the matches
// of the cheapest cover and all matches found.
func (e *estimator) run(orig []rune) (float64, []match, []match) {
	n := len(orig)
	all := e.matches(orig)
	// Every match needs at least 50 guesses unless it is the whole password
	// (zxcvbn's floor: a tiny piece of a longer password is not free).
	for k := range all {
		if all[k].i > 0 || all[k].j < n {
			all[k].guesses = max(all[k].guesses, 50)
		}
		all[k].guesses = capped(max(all[k].guesses, 1))
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].j < all[b].j })

	// best[j][l]: fewest guesses to cover orig[:j] with l pieces; from[j][l]
	// the last piece (a match index, or -1-i for characters orig[i:j]).
	inf := math.Inf(1)
	best := make([][]float64, n+1)
	from := make([][]int, n+1)
	for j := range best {
		best[j] = make([]float64, n+1)
		from[j] = make([]int, n+1)
		for l := range best[j] {
			best[j][l] = inf
		}
	}
	best[0][0] = 1
	next := 0
	for j := 1; j <= n; j++ {
		for ; next < len(all) && all[next].j == j; next++ {
			m := all[next]
			for l := 1; l <= m.i+1; l++ {
				if g := capped(best[m.i][l-1] * m.guesses); g < best[j][l] {
					best[j][l], from[j][l] = g, next
				}
			}
		}
		for i := 0; i < j; i++ {
			for l := 1; l <= i+1; l++ {
				if g := capped(best[i][l-1] * pow10[j-i]); g < best[j][l] {
					best[j][l], from[j][l] = g, -1-i
				}
			}
		}
	}
	total, pieces := inf, 0
	for l := 1; l <= n; l++ {
		if g := capped(best[n][l] * factorial[l]); g < total {
			total, pieces = g, l
		}
	}
	var cover []match
	for j, l := n, pieces; l > 0; l-- {
		f := from[j][l]
		if f >= 0 {
			cover = append(cover, all[f])
			j = all[f].i
		} else {
			j = -1 - f
		}
	}
	return total, cover, all
}

// guesses is the estimate of a repeated chunk, remembered per chunk.
func (e *estimator) guesses(chunk []rune) float64 {
	key := string(chunk)
	if g, ok := e.memo[key]; ok {
		return g
	}
	g, _, _ := e.run(chunk)
	e.memo[key] = g
	return g
}

// matches runs every matcher, in a fixed order (the tie-break).
func (e *estimator) matches(orig []rune) []match {
	var ms []match
	ms = e.dictionaryMatches(ms, orig)
	for _, g := range keyboards {
		ms = g.walks(ms, orig)
	}
	ms = e.repeatMatches(ms, orig)
	ms = sequenceMatches(ms, orig)
	ms = dateMatches(ms, orig)
	return ms
}

// reason names the biggest pattern of the cheapest cover; on equal size the
// order of Reasons wins, then the earlier one. The user's own words win
// whatever their size: leaving them out is the advice that helps most. A
// common password that is also a run or a keyboard walk ("1234567890",
// "qwertyuiop") is reported as the run or the walk, which says more.
func reason(cover, all []match) Reason {
	var top *match
	for k := range cover {
		m := &cover[k]
		if top == nil || m.j-m.i > top.j-top.i ||
			m.j-m.i == top.j-top.i && (rank(m.kind) < rank(top.kind) || rank(m.kind) == rank(top.kind) && m.i < top.i) {
			top = m
		}
	}
	if top == nil {
		return Common
	}
	for _, m := range cover {
		if m.kind == Personal {
			return Personal
		}
	}
	if top.kind == Common {
		for _, kind := range []Reason{Sequence, Keyboard} {
			for _, m := range all {
				if m.i == top.i && m.j == top.j && m.kind == kind {
					return kind
				}
			}
		}
	}
	return top.kind
}

func rank(r Reason) int {
	for k, x := range Reasons() {
		if x == r {
			return k
		}
	}
	return len(Reasons())
}

// nCk is the binomial coefficient as a float, computed as zxcvbn does.
func nCk(n, k int) float64 {
	if k > n {
		return 0
	}
	if k == 0 {
		return 1
	}
	r := 1.0
	for d := 1; d <= k; d++ {
		r *= float64(n)
		r /= float64(d)
		n--
	}
	return r
}

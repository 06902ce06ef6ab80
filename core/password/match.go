package password

// leet maps the look-alike characters people put in words (p@ssw0rd) to
// the letter they stand for.
var leet = map[rune]rune{'4': 'a', '@': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't'}

// dictionaryMatches finds every piece of at least two characters that is a
// word of a dictionary, as typed (in any case) or with look-alikes.
func (e *estimator) dictionaryMatches(ms []match, orig []rune) []match {
	n := len(orig)
	low := make([]rune, n)
	unleet := make([]rune, n)
	for k, r := range orig {
		low[k] = lower(r)
		unleet[k] = low[k]
		if l, ok := leet[low[k]]; ok {
			unleet[k] = l
		}
	}
	defer clear(low)
	defer clear(unleet)
	var buf []byte
	lookup := func(d dictionary, rs []rune) (int, bool) {
		buf = buf[:0]
		for _, r := range rs {
			buf = append(buf, string(r)...)
		}
		rank, ok := d.rank[string(buf)]
		return rank, ok
	}
	defer func() { clear(buf[:cap(buf)]) }()
	for _, d := range e.dicts {
		for i := 0; i < n; i++ {
			for j := i + 2; j <= min(n, i+d.longest); j++ {
				if rank, ok := lookup(d, low[i:j]); ok {
					ms = append(ms, match{i, j, d.kind, float64(rank) * upperVariations(orig[i:j])})
					continue
				}
				subs := 0
				for k := i; k < j; k++ {
					if unleet[k] != low[k] {
						subs++
					}
				}
				if subs == 0 || subs == j-i {
					continue
				}
				if rank, ok := lookup(d, unleet[i:j]); ok {
					ms = append(ms, match{i, j, d.kind, float64(rank) * upperVariations(orig[i:j]) * float64(subs+1)})
				}
			}
		}
	}
	return ms
}

// upperVariations is how many ways of capitalising a word an attacker tries
// before this one: 1 for lower case, 2 for Capitalised, lasT or ALL CAPS,
// more for mixed case (zxcvbn's rule).
func upperVariations(w []rune) float64 {
	upper, lowerCase := 0, 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= 'a' && r <= 'z':
			lowerCase++
		}
	}
	if upper == 0 {
		return 1
	}
	isUpper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	first := isUpper(w[0]) && upper == 1
	last := isUpper(w[len(w)-1]) && upper == 1
	if first || last || lowerCase == 0 {
		return 2
	}
	v := 0.0
	for k := 1; k <= min(upper, lowerCase); k++ {
		v += nCk(upper+lowerCase, k)
	}
	return v
}

// repeatMatches finds a piece repeated right after itself: a character at
// least three times (aaaa), a longer chunk at least twice (abcabc,
// passwordpassword). It costs the chunk's own guesses times the count.
func (e *estimator) repeatMatches(ms []match, orig []rune) []match {
	n := len(orig)
	for i := 0; i < n; i++ {
		for size := 1; i+2*size <= n; size++ {
			count := 1
			for i+(count+1)*size <= n && same(orig[i:i+size], orig[i+count*size:i+(count+1)*size]) {
				count++
			}
			if count < 2 || size == 1 && count < 3 || periodic(orig[i:i+size]) {
				continue // aaaa is a repeat of a, not of aa
			}
			g := e.guesses(orig[i:i+size]) * float64(count)
			ms = append(ms, match{i, i + count*size, Sequence, g})
		}
	}
	return ms
}

// periodic reports whether chunk is itself a smaller chunk repeated.
func periodic(chunk []rune) bool {
	for p := 1; p < len(chunk); p++ {
		if len(chunk)%p == 0 && same(chunk[p:], chunk[:len(chunk)-p]) {
			return true
		}
	}
	return false
}

func same(a, b []rune) bool {
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// class is the kind of character a run stays within: 1 lower-case letter,
// 2 upper-case letter, 3 digit, 0 other.
func class(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return 1
	case r >= 'A' && r <= 'Z':
		return 2
	case r >= '0' && r <= '9':
		return 3
	}
	return 0
}

// step is the difference between neighbours in a run; 0 comes after 9
// (1234567890) and before it going down.
func step(a, b rune) int {
	switch {
	case a == '9' && b == '0':
		return 1
	case a == '0' && b == '9':
		return -1
	}
	return int(b - a)
}

// sequenceMatches finds runs of three or more letters or digits with the
// same step of 1 to 5 up or down: abcdef, 13579, 9876, zyx.
func sequenceMatches(ms []match, orig []rune) []match {
	n := len(orig)
	for i := 0; i+2 < n; {
		c := class(orig[i])
		d := step(orig[i], orig[i+1])
		if c == 0 || class(orig[i+1]) != c || d == 0 || d > 5 || d < -5 {
			i++
			continue
		}
		j := i + 2
		for j < n && class(orig[j]) == c && step(orig[j-1], orig[j]) == d {
			j++
		}
		if j-i < 3 {
			i++
			continue
		}
		base := 26.0
		switch orig[i] {
		case 'a', 'A', 'z', 'Z', '0', '1', '9':
			base = 4
		default:
			if c == 3 {
				base = 10
			}
		}
		if d < 0 {
			base *= 2
		}
		ms = append(ms, match{i, j, Sequence, base * float64(j-i)})
		i = j - 1
	}
	return ms
}

// referenceYear is the year dates are measured from. It is fixed, not the
// clock's year, so that a verdict never changes by itself.
const referenceYear = 2025

func digits(rs []rune) (int, bool) {
	v := 0
	for _, r := range rs {
		if r < '0' || r > '9' {
			return 0, false
		}
		v = v*10 + int(r-'0')
	}
	return v, true
}

func yearSpace(y int) float64 {
	d := y - referenceYear
	if d < 0 {
		d = -d
	}
	return float64(max(d, 20))
}

func validDay(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

func validYear(y int) bool { return y >= 1900 && y <= 2099 }

// dateMatches finds years (1900–2099), month-day pairs (0412) and dates in
// six (850412, 120485) or eight digits (19850412, 04121985, 12041985).
func dateMatches(ms []match, orig []rune) []match {
	n := len(orig)
	for i := 0; i < n; i++ {
		if i+4 <= n {
			if v, ok := digits(orig[i : i+4]); ok {
				if validYear(v) {
					ms = append(ms, match{i, i + 4, Date, yearSpace(v)})
				}
				if validDay(v/100, v%100) {
					ms = append(ms, match{i, i + 4, Date, 366})
				}
			}
		}
		if i+6 <= n {
			if v, ok := digits(orig[i : i+6]); ok {
				a, b, c := v/10000, v/100%100, v%100
				if validDay(b, c) || validDay(a, b) || validDay(b, a) {
					ms = append(ms, match{i, i + 6, Date, 365 * 100})
				}
			}
		}
		if i+8 <= n {
			if v, ok := digits(orig[i : i+8]); ok {
				g := 0.0
				try := func(y, m, d int) {
					if validYear(y) && validDay(m, d) && (g == 0 || 365*yearSpace(y) < g) {
						g = 365 * yearSpace(y)
					}
				}
				try(v/10000, v/100%100, v%100)       // yyyymmdd
				try(v%10000, v/1000000, v/10000%100) // mmddyyyy
				try(v%10000, v/10000%100, v/1000000) // ddmmyyyy
				if g > 0 {
					ms = append(ms, match{i, i + 8, Date, g})
				}
			}
		}
	}
	return ms
}

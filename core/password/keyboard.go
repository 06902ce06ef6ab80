package password

// keyboard is a layout as a graph: where each character's key is, and
// whether typing it needs Shift. Rows are staggered by half a key, so a key
// touches two keys above and two below (q sits below 1 and 2, a below q and
// w).
type keyboard struct {
	key    map[rune]keyPos
	keys   float64 // number of keys: where a walk can start
	degree float64 // average number of neighbours
}

type keyPos struct {
	row, col int
	shifted  bool
}

// row is one row of keys: the characters without and with Shift (a space
// for none), and the column of the first key. Column c of row r sits at
// c + r/2 key widths from the left.
type row struct {
	start          int
	plain, shifted string
}

// keyboards are the layouts walks are looked for on: the US layout and the
// Japanese JIS layout most office PCs in Japan have (@ [ : ] ¥ ろ where the
// US layout has [ ] ; ' \).
var keyboards = []*keyboard{
	newKeyboard([]row{
		{0, "`1234567890-=", "~!@#$%^&*()_+"},
		{1, "qwertyuiop[]\\", "QWERTYUIOP{}|"},
		{1, "asdfghjkl;'", "ASDFGHJKL:\""},
		{1, "zxcvbnm,./", "ZXCVBNM<>?"},
	}),
	newKeyboard([]row{
		{1, "1234567890-^¥", "!\"#$%&'() =~|"},
		{1, "qwertyuiop@[", "QWERTYUIOP`{"},
		{1, "asdfghjkl;:]", "ASDFGHJKL+*}"},
		{1, "zxcvbnm,./\\", "ZXCVBNM<>?_"},
	}),
}

func newKeyboard(rows []row) *keyboard {
	k := &keyboard{key: map[rune]keyPos{}}
	type cell struct{ row, col int }
	cells := map[cell]bool{}
	for r, rw := range rows {
		plain, shifted := []rune(rw.plain), []rune(rw.shifted)
		for c, ch := range plain {
			pos := keyPos{row: r, col: rw.start + c}
			cells[cell{pos.row, pos.col}] = true
			if _, dup := k.key[ch]; !dup {
				k.key[ch] = pos
			}
			if s := shifted[c]; s != ' ' {
				if _, dup := k.key[s]; !dup {
					k.key[s] = keyPos{row: r, col: rw.start + c, shifted: true}
				}
			}
		}
	}
	edges := 0
	for c := range cells {
		for _, d := range directions {
			if cells[cell{c.row + d.row, c.col + d.col}] {
				edges++
			}
		}
	}
	k.keys = float64(len(cells))
	k.degree = float64(edges) / k.keys
	return k
}

// directions are the six neighbours of a key on a staggered layout: left,
// right, up-left, up-right, down-left, down-right.
var directions = []struct{ row, col int }{{0, -1}, {0, 1}, {-1, 0}, {-1, 1}, {1, -1}, {1, 0}}

// direction returns which neighbour b is of a (an index into directions),
// or -1.
func direction(a, b keyPos) int {
	for k, d := range directions {
		if b.row == a.row+d.row && b.col == a.col+d.col {
			return k
		}
	}
	return -1
}

// walks finds runs of three or more characters each typed on a key next to
// the previous one: qwerty, asdf, 1qaz, zaq1, poiu. A walk costs more the
// longer it is and the more often it turns, and more if it mixes Shift
// (zxcvbn's spatial estimate).
func (k *keyboard) walks(ms []match, orig []rune) []match {
	n := len(orig)
	for i := 0; i < n-1; {
		j, turns, shifted, last := i+1, 0, 0, -1
		prev, ok := k.key[orig[i]]
		if ok && prev.shifted {
			shifted++
		}
		for ok && j < n {
			cur, found := k.key[orig[j]]
			if !found {
				break
			}
			d := direction(prev, cur)
			if d < 0 {
				break
			}
			if d != last {
				turns++
				last = d
			}
			if cur.shifted {
				shifted++
			}
			prev = cur
			j++
		}
		if j-i >= 3 {
			ms = append(ms, match{i, j, Keyboard, k.guesses(j-i, turns, shifted)})
			i = j // orig[j-1] and orig[j] are not neighbours
			continue
		}
		i++
	}
	return ms
}

func (k *keyboard) guesses(length, turns, shifted int) float64 {
	g := 0.0
	for i := 2; i <= length; i++ {
		for t := 1; t <= min(turns, i-1); t++ {
			p := k.keys
			for range t {
				p *= k.degree
			}
			g += nCk(i-1, t-1) * p
		}
	}
	if shifted > 0 {
		unshifted := length - shifted
		if unshifted == 0 {
			g *= 2
		} else {
			v := 0.0
			for s := 1; s <= min(shifted, unshifted); s++ {
				v += nCk(shifted+unshifted, s)
			}
			g *= v
		}
	}
	return g
}

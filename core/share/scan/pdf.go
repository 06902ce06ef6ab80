package scan

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"io"
	"slices"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// pdfObj is an object's value; for a stream, its dictionary and raw data.
type pdfObj struct {
	v      any
	stream []byte
	isStm  bool
}

type pdfDoc struct {
	s       *scanner
	data    []byte
	objs    map[int]*pdfObj
	fonts   map[any]*pdfFont
	trailer []pdfDict
	decoded int // bytes of text decoded
}

var errNoFilter = errors.New("scan: unsupported PDF filter")

// pdf searches the text a PDF carries, page by page. An encrypted PDF is
// reported as such; a PDF (or a page of one) that shows no text it can
// decode but has images is reported as no_text.
func (s *scanner) pdf(w where, data []byte) error {
	d := &pdfDoc{s: s, data: data, objs: map[int]*pdfObj{}, fonts: map[any]*pdfFont{}}
	d.parseObjects()
	if d.encrypted() {
		s.unscanned(w, ReasonEncrypted)
		return nil
	}
	d.objectStreams()
	pages := d.pages()
	if len(pages) == 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		return errCorrupt
	}
	var hs []hit
	anyText := false
	var blind []int // pages with images or undecodable text and no text
	for i, pg := range pages {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		ex := &textExtract{d: d}
		ex.content(d.contents(pg.dict), pg.resources, 0)
		if ex.chars > 0 {
			anyText = true
		} else if ex.images || ex.undecodable {
			blind = append(blind, i+1)
		}
		for _, h := range ex.hits(&hs) {
			s.found(w, Finding{Kind: h.kind, Page: i + 1})
		}
	}
	if !anyText {
		s.unscanned(w, ReasonNoText)
		return nil
	}
	for _, p := range blind {
		s.res.Unscanned = append(s.res.Unscanned, Unscanned{File: w.file, Inner: w.inner, Reason: ReasonNoText, Page: p})
	}
	return nil
}

// parseObjects finds every "n g obj … endobj" in the file (later
// definitions replace earlier ones, as incremental updates do) and the
// trailers. The cross-reference table is not needed for that.
func (d *pdfDoc) parseObjects() {
	b := d.data
	p := 0
	for {
		if d.s.ctx.Err() != nil {
			return
		}
		i := bytes.Index(b[p:], []byte("obj"))
		if i < 0 {
			break
		}
		i += p
		p = i + 3
		if p < len(b) && !isWS(b[p]) && !isDelim(b[p]) {
			continue // "objstm", "object", …
		}
		onum, ok := objHeader(b, i)
		if !ok {
			continue
		}
		l := &lexer{b: b, p: p}
		v := l.value(0)
		o := &pdfObj{v: v}
		save := l.p
		if t := l.next(); t.kind == tKeyword && string(t.b) == "stream" {
			start := l.p
			if start < len(b) && b[start] == '\r' {
				start++
			}
			if start < len(b) && b[start] == '\n' {
				start++
			}
			end := -1
			if dict, ok := v.(pdfDict); ok {
				if n, ok := num(dict["Length"]); ok && n >= 0 && start+int(n) <= len(b) {
					rest := b[start+int(n):]
					k := 0
					for k < len(rest) && k < 4 && isWS(rest[k]) {
						k++
					}
					if bytes.HasPrefix(rest[k:], []byte("endstream")) {
						end = start + int(n)
					}
				}
			}
			if end < 0 {
				k := bytes.Index(b[start:], []byte("endstream"))
				if k < 0 {
					k = len(b) - start
				}
				end = start + k
				for end > start && (b[end-1] == '\n' || b[end-1] == '\r') {
					end--
				}
			}
			o.stream, o.isStm = b[start:end], true
			p = end
		} else {
			l.p = save
			p = max(p, l.p)
		}
		d.objs[onum] = o
	}
	for p := 0; ; {
		i := bytes.Index(b[p:], []byte("trailer"))
		if i < 0 {
			break
		}
		l := &lexer{b: b, p: p + i + 7}
		if t, ok := l.value(0).(pdfDict); ok {
			d.trailer = append(d.trailer, t)
		}
		p += i + 7
	}
	// Cross-reference streams carry the trailer's keys.
	for _, o := range d.objs {
		if dict, ok := o.v.(pdfDict); ok && dict["Type"] == pdfName("XRef") {
			d.trailer = append(d.trailer, dict)
		}
	}
}

// objHeader reads "num gen " backwards from the "obj" at i.
func objHeader(b []byte, i int) (int, bool) {
	j := i
	skip := func() {
		for j > 0 && isWS(b[j-1]) {
			j--
		}
	}
	digits := func() (int, bool) {
		e := j
		for j > 0 && b[j-1] >= '0' && b[j-1] <= '9' {
			j--
		}
		if j == e || e-j > 10 {
			return 0, false
		}
		n, err := strconv.Atoi(string(b[j:e]))
		return n, err == nil
	}
	skip()
	if j == i {
		return 0, false
	}
	if _, ok := digits(); !ok {
		return 0, false
	}
	e := j
	skip()
	if j == e {
		return 0, false
	}
	return digits()
}

func (d *pdfDoc) encrypted() bool {
	for _, t := range d.trailer {
		if _, ok := t["Encrypt"]; ok {
			return true
		}
	}
	return false
}

// objectStreams adds the objects compressed in object streams.
func (d *pdfDoc) objectStreams() {
	var stms []int
	for n, o := range d.objs {
		if dict, ok := o.v.(pdfDict); ok && o.isStm && dict["Type"] == pdfName("ObjStm") {
			stms = append(stms, n)
		}
	}
	sort.Ints(stms)
	for _, n := range stms {
		o := d.objs[n]
		dict := o.v.(pdfDict)
		data, err := d.decode(dict, o.stream)
		if err != nil {
			continue
		}
		count, _ := num(d.resolve(dict["N"]))
		first, _ := num(d.resolve(dict["First"]))
		if first <= 0 || int(first) > len(data) || count <= 0 {
			continue
		}
		hl := &lexer{b: data[:int(first)]}
		for range int(min(count, 1e6)) {
			t1, t2 := hl.next(), hl.next()
			if t1.kind != tNum || t2.kind != tNum {
				break
			}
			on, _ := strconv.Atoi(string(t1.b))
			off, _ := strconv.Atoi(string(t2.b))
			if _, ok := d.objs[on]; ok || int(first)+off >= len(data) || off < 0 {
				continue
			}
			l := &lexer{b: data, p: int(first) + off}
			d.objs[on] = &pdfObj{v: l.value(0)}
		}
	}
}

// resolve follows references (a few levels).
func (d *pdfDoc) resolve(v any) any {
	for range 8 {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		o := d.objs[r.num]
		if o == nil {
			return nil
		}
		v = o.v
	}
	return nil
}

func (d *pdfDoc) dict(v any) pdfDict {
	dict, _ := d.resolve(v).(pdfDict)
	return dict
}

// streamOf returns the decoded data of the stream v refers to.
func (d *pdfDoc) streamOf(v any) ([]byte, pdfDict, error) {
	r, ok := v.(pdfRef)
	if !ok {
		return nil, nil, errCorrupt
	}
	o := d.objs[r.num]
	if o == nil || !o.isStm {
		return nil, nil, errCorrupt
	}
	dict, _ := o.v.(pdfDict)
	data, err := d.decode(dict, o.stream)
	return data, dict, err
}

// decode applies a stream's filters, within the decompression budget.
func (d *pdfDoc) decode(dict pdfDict, raw []byte) ([]byte, error) {
	var filters []any
	switch f := d.resolve(dict["Filter"]).(type) {
	case pdfName:
		filters = []any{f}
	case pdfArray:
		filters = f
	}
	data := raw
	for _, f := range filters {
		var r io.Reader
		switch d.resolve(f) {
		case pdfName("FlateDecode"), pdfName("Fl"):
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			r = zr
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			l := &lexer{b: append(append([]byte{'<'}, data...), '>')}
			data = l.hex()
			continue
		case pdfName("ASCII85Decode"), pdfName("A85"):
			src := bytes.TrimSuffix(bytes.TrimSpace(data), []byte("~>"))
			r = ascii85.NewDecoder(bytes.NewReader(src))
		default:
			return nil, errNoFilter
		}
		var buf bytes.Buffer
		buf.Grow(min(4*len(data)+512, memLimit))
		_, err := buf.ReadFrom(&budgetReader{d.s, r})
		out := buf.Bytes()
		if err != nil && len(out) == 0 {
			return nil, err
		}
		if errors.Is(err, errTooLarge) {
			return nil, err
		}
		data = out // a damaged end still gives the text before it
	}
	return data, nil
}

type pdfPage struct {
	dict      pdfDict
	resources pdfDict
}

// pages walks the page tree from the catalog, in order, with inherited
// resources. Without a usable tree, every page object in object order.
func (d *pdfDoc) pages() []pdfPage {
	var root pdfDict
	for _, t := range d.trailer {
		if r := d.dict(t["Root"]); r != nil {
			root = r
		}
	}
	if root == nil {
		for _, n := range d.sortedObjs() {
			if dict, ok := d.objs[n].v.(pdfDict); ok && dict["Type"] == pdfName("Catalog") {
				root = dict
				break
			}
		}
	}
	var out []pdfPage
	seen := map[pdfRef]bool{}
	var walk func(v any, res pdfDict, depth int)
	walk = func(v any, res pdfDict, depth int) {
		if r, ok := v.(pdfRef); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		node := d.dict(v)
		if node == nil || depth > 64 || len(out) > 1e6 {
			return
		}
		if r := d.dict(node["Resources"]); r != nil {
			res = r
		}
		kids, isTree := d.resolve(node["Kids"]).(pdfArray)
		if node["Type"] == pdfName("Pages") || isTree {
			for _, k := range kids {
				walk(k, res, depth+1)
			}
			return
		}
		out = append(out, pdfPage{node, res})
	}
	if root != nil {
		walk(root["Pages"], nil, 0)
	}
	if len(out) > 0 {
		return out
	}
	for _, n := range d.sortedObjs() {
		if dict, ok := d.objs[n].v.(pdfDict); ok && dict["Type"] == pdfName("Page") {
			out = append(out, pdfPage{dict, d.dict(dict["Resources"])})
		}
	}
	return out
}

func (d *pdfDoc) sortedObjs() []int {
	ns := make([]int, 0, len(d.objs))
	for n := range d.objs {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}

// contents returns a page's content streams, decoded and joined.
func (d *pdfDoc) contents(page pdfDict) []byte {
	var refs []any
	switch c := page["Contents"].(type) {
	case pdfRef:
		if a, ok := d.resolve(c).(pdfArray); ok {
			refs = a
		} else {
			refs = []any{c}
		}
	case pdfArray:
		refs = c
	}
	var out []byte
	for _, r := range refs {
		data, _, err := d.streamOf(r)
		if err != nil {
			continue
		}
		out = append(out, data...)
		out = append(out, '\n')
	}
	return out
}

// pdfFont turns the bytes of a shown string into text.
type pdfFont struct {
	cmap    *cmap
	twoByte bool // a composite (Type0) font: 2-byte codes
	ok      bool // its text can be decoded
}

func (d *pdfDoc) font(res pdfDict, name string) *pdfFont {
	fonts := d.dict(res["Font"])
	ref := fonts[name]
	if f, ok := d.fonts[ref]; ok && ref != nil {
		if _, isRef := ref.(pdfRef); isRef {
			return f
		}
	}
	fd := d.dict(ref)
	f := &pdfFont{}
	if fd == nil {
		return f
	}
	f.twoByte = fd["Subtype"] == pdfName("Type0")
	if tu, ok := fd["ToUnicode"]; ok {
		if data, _, err := d.streamOf(tu); err == nil {
			f.cmap = parseCMap(data)
		}
	}
	switch {
	case f.cmap != nil:
		f.ok = true
	case !f.twoByte:
		f.ok = true // a simple font: standard or WinAnsi encoding, digits are ASCII
	}
	if _, isRef := ref.(pdfRef); isRef {
		d.fonts[ref] = f
	}
	return f
}

// cmap is a ToUnicode CMap.
type cmap struct {
	lens   []int  // code lengths of the codespace ranges, shortest first
	dense  []rune // code → rune for codes below 65536 that map to one rune (0: see single)
	single map[uint32][]rune
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi uint32
	n      int    // code length
	dst    []rune // first destination (the last rune increments)
	arr    [][]rune
}

func parseCMap(data []byte) *cmap {
	c := &cmap{single: map[uint32][]rune{}}
	l := &lexer{b: data}
	var ops []token
	hexes := func() [][]byte { // the string operands since the last keyword
		var out [][]byte
		for _, t := range ops {
			if t.kind == tStr {
				out = append(out, t.b)
			}
		}
		return out
	}
	for {
		t := l.next()
		if t.kind == tEOF {
			break
		}
		if t.kind == tArrOpen {
			// bfrange with an array of destinations: keep them together.
			var arr [][]byte
			for {
				u := l.next()
				if u.kind == tArrClose || u.kind == tEOF {
					break
				}
				if u.kind == tStr {
					arr = append(arr, u.b)
				}
			}
			h := hexes()
			if len(h) >= 2 {
				c.addRanges(h[:len(h)-2]) // the triples before this one
				lo, n := codeOf(h[len(h)-2])
				hi, _ := codeOf(h[len(h)-1])
				r := cmapRange{lo: lo, hi: hi, n: n}
				for _, a := range arr {
					r.arr = append(r.arr, utf16Runes(a))
				}
				c.ranges = append(c.ranges, r)
			}
			ops = ops[:0]
			continue
		}
		if t.kind != tKeyword {
			ops = append(ops, t)
			continue
		}
		h := hexes()
		switch string(t.b) {
		case "endcodespacerange":
			for i := 0; i+1 < len(h); i += 2 {
				c.addLen(len(h[i]))
			}
		case "endbfchar":
			for i := 0; i+1 < len(h); i += 2 {
				code, n := codeOf(h[i])
				c.addLen(n)
				c.single[code] = utf16Runes(h[i+1])
			}
		case "endbfrange":
			c.addRanges(h)
		}
		ops = ops[:0]
	}
	if len(c.single) == 0 && len(c.ranges) == 0 {
		return nil
	}
	if len(c.lens) == 0 {
		c.lens = []int{2}
	}
	sort.Ints(c.lens)
	for code, r := range c.single {
		if code < 1<<16 && len(r) == 1 && r[0] != 0 {
			if int(code) >= len(c.dense) {
				c.dense = append(c.dense, make([]rune, int(code)+1-len(c.dense))...)
			}
			c.dense[code] = r[0]
		}
	}
	return c
}

// addRanges adds bfrange triples lo hi dst.
func (c *cmap) addRanges(h [][]byte) {
	for i := 0; i+2 < len(h); i += 3 {
		lo, n := codeOf(h[i])
		hi, _ := codeOf(h[i+1])
		c.addLen(n)
		dst := utf16Runes(h[i+2])
		if lo == hi {
			c.single[lo] = dst
		} else if hi > lo && len(dst) > 0 {
			c.ranges = append(c.ranges, cmapRange{lo: lo, hi: hi, n: n, dst: dst})
		}
	}
}

func (c *cmap) addLen(n int) {
	if n < 1 || n > 4 {
		return
	}
	for _, m := range c.lens {
		if m == n {
			return
		}
	}
	c.lens = append(c.lens, n)
}

func codeOf(b []byte) (uint32, int) {
	var v uint32
	for _, x := range b[:min(len(b), 4)] {
		v = v<<8 | uint32(x)
	}
	return v, len(b)
}

func utf16Runes(b []byte) []rune {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	if len(b) == 1 {
		return []rune{rune(b[0])}
	}
	return utf16.Decode(u)
}

// lookup maps a code of n bytes; nil when the CMap has none.
func (c *cmap) lookup(code uint32, n int) []rune {
	if r, ok := c.single[code]; ok {
		return r
	}
	for _, rg := range c.ranges {
		if rg.n == n && code >= rg.lo && code <= rg.hi {
			off := code - rg.lo
			if rg.arr != nil {
				if int(off) < len(rg.arr) {
					return rg.arr[off]
				}
				return nil
			}
			out := append([]rune(nil), rg.dst...)
			out[len(out)-1] += rune(off)
			return out
		}
	}
	return nil
}

// textExtract turns content streams into text: one line per text line
// (a new line where the text position moves down), shown strings joined.
type textExtract struct {
	d           *pdfDoc
	text        []byte
	chars       int
	images      bool
	undecodable bool
	x, y        float64 // where the current text line starts
	shownY      float64 // the line of the text shown last
	moved       bool    // the text position was set since the last show
	breaks      []int   // offsets in text where a moved show joined its line
}

// hits searches the page's text twice: with the strings shown on one line
// joined as they are (a number drawn in pieces) and with a space where a
// string was placed apart from the one before (a number in a table cell
// next to another cell with digits). Numbers found both ways count once.
func (e *textExtract) hits(hs *[]hit) []hit {
	*hs = hits(e.text, *hs)
	if len(e.breaks) == 0 {
		return *hs
	}
	out := append([]hit(nil), *hs...)
	seen := map[int]bool{}
	for _, h := range out {
		seen[h.start] = true
	}
	spaced := make([]byte, 0, len(e.text)+len(e.breaks))
	prev := 0
	for _, b := range e.breaks {
		spaced = append(spaced, e.text[prev:b]...)
		spaced = append(spaced, ' ')
		prev = b
	}
	spaced = append(spaced, e.text[prev:]...)
	for _, h := range hits(spaced, nil) {
		// Back to an offset in text: minus the spaces inserted before it.
		start := h.start
		for i, b := range e.breaks {
			if b+i < h.start {
				start--
			}
		}
		if !seen[start] {
			seen[start] = true
			out = append(out, hit{start: start, kind: h.kind})
		}
	}
	slices.SortStableFunc(out, func(a, b hit) int { return a.start - b.start })
	return out
}

func (e *textExtract) newline() {
	if len(e.text) > 0 && e.text[len(e.text)-1] != '\n' {
		e.text = append(e.text, '\n')
	}
}

func (e *textExtract) show(f *pdfFont, s []byte) {
	// Text on another line than the text before it starts a new line;
	// text on the same line (however many operators it took) is joined.
	if d := e.y - e.shownY; d > 0.5 || d < -0.5 {
		e.newline()
		e.shownY = e.y
	} else if e.moved && len(e.text) > 0 && e.text[len(e.text)-1] != '\n' {
		e.breaks = append(e.breaks, len(e.text))
	}
	e.moved = false
	if f == nil || !f.ok {
		if len(s) > 0 {
			e.undecodable = true
		}
		return
	}
	if f.cmap == nil {
		for _, c := range s {
			e.text = utf8.AppendRune(e.text, rune(c))
			e.chars++
		}
		return
	}
	for i := 0; i < len(s); {
		var r []rune
		n := 0
		for _, m := range f.cmap.lens {
			if i+m > len(s) {
				break
			}
			code, _ := codeOf(s[i : i+m])
			if int(code) < len(f.cmap.dense) && f.cmap.dense[code] != 0 {
				e.text = utf8.AppendRune(e.text, f.cmap.dense[code])
				e.chars++
				n, r = m, nil
				break
			}
			if r = f.cmap.lookup(code, m); r != nil {
				n = m
				break
			}
		}
		if n == 0 {
			n = 1
			if f.twoByte {
				n = 2
			}
			e.undecodable = true
		}
		for _, x := range r {
			e.text = utf8.AppendRune(e.text, x)
			e.chars++
		}
		i += n
	}
}

// content interprets a content stream with its resources. depth limits
// form XObjects inside form XObjects.
func (e *textExtract) content(data []byte, res pdfDict, depth int) {
	l := &lexer{b: data, useArena: true}
	var ops []token
	var arr []token
	inArr := false
	var font *pdfFont
	for {
		t := l.next()
		if t.kind == tEOF {
			return
		}
		switch t.kind {
		case tArrOpen:
			inArr, arr = true, arr[:0]
			continue
		case tArrClose:
			inArr = false
			ops = append(ops, token{kind: tArrOpen})
			continue
		case tDictOpen, tDictClose:
			continue
		}
		if inArr {
			arr = append(arr, t)
			continue
		}
		if t.kind != tKeyword {
			ops = append(ops, t)
			if len(ops) > 16 {
				ops = ops[len(ops)-16:]
			}
			continue
		}
		opnum := func(back int) float64 {
			if len(ops) < back {
				return 0
			}
			f, _ := strconv.ParseFloat(string(ops[len(ops)-back].b), 64)
			return f
		}
		lastStr := func() []byte {
			if len(ops) > 0 && ops[len(ops)-1].kind == tStr {
				return ops[len(ops)-1].b
			}
			return nil
		}
		switch string(t.b) {
		case "BT":
			e.x, e.y, e.moved = 0, 0, true
		case "T*":
			e.y -= 1000 // an unknown leading: a new line anyway
		case "Tf":
			if len(ops) >= 2 && ops[len(ops)-2].kind == tName {
				font = e.d.font(res, string(ops[len(ops)-2].b))
			}
		case "Td", "TD":
			e.x += opnum(2)
			e.y += opnum(1)
			e.moved = true
		case "Tm":
			e.x, e.y, e.moved = opnum(2), opnum(1), true
		case "Tj":
			e.show(font, lastStr())
		case "'", "\"":
			e.y -= 1000
			e.show(font, lastStr())
		case "TJ":
			for _, a := range arr {
				switch a.kind {
				case tStr:
					e.show(font, a.b)
				case tNum:
					if f, _ := strconv.ParseFloat(string(a.b), 64); f < -200 {
						e.text = append(e.text, ' ')
					}
				}
			}
			arr = arr[:0]
		case "Do":
			if len(ops) > 0 && ops[len(ops)-1].kind == tName {
				e.xobject(res, string(ops[len(ops)-1].b), depth)
			}
		case "BI":
			e.images = true
			// Skip the inline image's data: up to "EI" after whitespace.
			if k := bytes.Index(l.b[l.p:], []byte("ID")); k >= 0 {
				l.p += k + 3
				for l.p < len(l.b) {
					k := bytes.Index(l.b[l.p:], []byte("EI"))
					if k < 0 {
						l.p = len(l.b)
						break
					}
					l.p += k + 2
					if isWS(l.b[l.p-3]) && (l.p == len(l.b) || isWS(l.b[l.p])) {
						break
					}
				}
			}
		}
		ops = ops[:0]
		if !inArr {
			l.reset()
		}
	}
}

func (e *textExtract) xobject(res pdfDict, name string, depth int) {
	xo := e.d.dict(res["XObject"])
	ref := xo[name]
	r, ok := ref.(pdfRef)
	if !ok {
		return
	}
	o := e.d.objs[r.num]
	if o == nil || !o.isStm {
		return
	}
	dict, _ := o.v.(pdfDict)
	switch dict["Subtype"] {
	case pdfName("Image"):
		e.images = true
	case pdfName("Form"):
		if depth >= 8 {
			return
		}
		data, err := e.d.decode(dict, o.stream)
		if err != nil {
			e.undecodable = true
			return
		}
		sub := res
		if r := e.d.dict(dict["Resources"]); r != nil {
			sub = r
		}
		e.newline()
		e.content(data, sub, depth+1)
		e.newline()
	}
}

package scan

import (
	"bytes"
	"strconv"
)

// A small PDF lexer and object parser: enough of ISO 32000 to find the
// pages, their content streams and fonts, and the text they show.

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tName
	tStr // literal or hex string, decoded
	tDictOpen
	tDictClose
	tArrOpen
	tArrClose
	tKeyword
)

type token struct {
	kind tokKind
	b    []byte // the number, name (without '/'), decoded string or keyword
}

type lexer struct {
	b []byte
	p int
	// arena holds decoded strings when set (content streams): tokens
	// point into it until reset. Without it every string is allocated.
	arena    []byte
	useArena bool
}

// reset lets the arena be reused: tokens read so far become invalid.
func (l *lexer) reset() { l.arena = l.arena[:0] }

func isWS(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipWS() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		if isWS(c) {
			l.p++
			continue
		}
		if c == '%' {
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
			continue
		}
		return
	}
}

func (l *lexer) next() token {
	l.skipWS()
	if l.p >= len(l.b) {
		return token{kind: tEOF}
	}
	c := l.b[l.p]
	switch c {
	case '(':
		return token{tStr, l.literal()}
	case '<':
		if l.p+1 < len(l.b) && l.b[l.p+1] == '<' {
			l.p += 2
			return token{kind: tDictOpen}
		}
		return token{tStr, l.hex()}
	case '>':
		l.p++
		if l.p < len(l.b) && l.b[l.p] == '>' {
			l.p++
			return token{kind: tDictClose}
		}
		return l.next() // stray '>'
	case '[':
		l.p++
		return token{kind: tArrOpen}
	case ']':
		l.p++
		return token{kind: tArrClose}
	case '{', '}', ')':
		l.p++
		return token{tKeyword, l.b[l.p-1 : l.p]}
	case '/':
		l.p++
		s := l.p
		for l.p < len(l.b) && !isWS(l.b[l.p]) && !isDelim(l.b[l.p]) {
			l.p++
		}
		name := l.b[s:l.p]
		if bytes.IndexByte(name, '#') >= 0 {
			name = unhashName(name)
		}
		return token{tName, name}
	}
	s := l.p
	for l.p < len(l.b) && !isWS(l.b[l.p]) && !isDelim(l.b[l.p]) {
		l.p++
	}
	w := l.b[s:l.p]
	if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
		return token{tNum, w}
	}
	return token{tKeyword, w}
}

func unhashName(n []byte) []byte {
	out := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if n[i] == '#' && i+2 < len(n) {
			if v, err := strconv.ParseUint(string(n[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, n[i])
	}
	return out
}

// literal reads a (string) at l.p, decoding escapes.
func (l *lexer) literal() []byte {
	l.p++ // (
	var out []byte
	start := len(l.arena)
	if l.useArena {
		out = l.arena
		defer func() { l.arena = out }()
	}
	depth := 1
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out[start:len(out):len(out)]
			}
		case '\\':
			if l.p >= len(l.b) {
				return out[start:len(out):len(out)]
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.p < len(l.b) && l.b[l.p] == '\n' {
					l.p++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out[start:len(out):len(out)]
}

// hex reads a <hex string> at l.p.
func (l *lexer) hex() []byte {
	l.p++ // <
	var out []byte
	start := len(l.arena)
	if l.useArena {
		out = l.arena
		defer func() { l.arena = out }()
	}
	hi, have := byte(0), false
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		var v byte
		switch {
		case c == '>':
			if have {
				out = append(out, hi<<4)
			}
			return out[start:len(out):len(out)]
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if have {
			out = append(out, hi<<4|v)
			have = false
		} else {
			hi, have = v, true
		}
	}
	return out[start:len(out):len(out)]
}

// PDF object values.
type (
	pdfName  string
	pdfRef   struct{ num, gen int }
	pdfDict  map[string]any
	pdfArray []any
	pdfStr   []byte
	pdfKw    string
)

const maxNesting = 64

// value parses one object value at l.p.
func (l *lexer) value(depth int) any {
	t := l.next()
	return l.valueFrom(t, depth)
}

func (l *lexer) valueFrom(t token, depth int) any {
	if depth > maxNesting {
		return nil
	}
	switch t.kind {
	case tNum:
		// "num gen R"?
		save := l.p
		if isInt(t.b) {
			t2 := l.next()
			if t2.kind == tNum && isInt(t2.b) {
				t3 := l.next()
				if t3.kind == tKeyword && string(t3.b) == "R" {
					n, _ := strconv.Atoi(string(t.b))
					g, _ := strconv.Atoi(string(t2.b))
					return pdfRef{n, g}
				}
			}
			l.p = save
		}
		f, _ := strconv.ParseFloat(string(t.b), 64)
		return f
	case tName:
		return pdfName(t.b)
	case tStr:
		return pdfStr(t.b)
	case tDictOpen:
		d := pdfDict{}
		for {
			k := l.next()
			if k.kind == tDictClose || k.kind == tEOF {
				return d
			}
			if k.kind != tName {
				continue
			}
			v := l.next()
			if v.kind == tDictClose {
				return d
			}
			d[string(k.b)] = l.valueFrom(v, depth+1)
		}
	case tArrOpen:
		var a pdfArray
		for {
			v := l.next()
			if v.kind == tArrClose || v.kind == tEOF {
				return a
			}
			a = append(a, l.valueFrom(v, depth+1))
		}
	case tKeyword:
		switch string(t.b) {
		case "true":
			return true
		case "false":
			return false
		case "null":
			return nil
		}
		return pdfKw(t.b)
	}
	return nil
}

func isInt(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func num(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

package office

import "unicode/utf8"

// decodePersonFast decodes the fields of a person record the search index
// needs without encoding/json, which was a fifth of a login's index build
// at 100,000 people. It takes only the plain shape the vault writes — one
// object whose keys are lowercase ASCII and whose values are strings
// without escapes or arrays of them — and says ok only when
// encoding/json would decode the same document, without error, to the same
// personDoc (FuzzDecodePersonFast); anything else (an escape, a number, a
// nested object, invalid UTF-8, a record an insider shaped oddly) makes
// it give up, and the caller decodes with encoding/json.
func decodePersonFast(data []byte) (d personDoc, ok bool) {
	p := jsonScan{b: data}
	p.ws()
	if !p.byte('{') {
		return d, false
	}
	p.ws()
	if p.byte('}') {
		return d, p.end()
	}
	for {
		key, ok := p.str()
		if !ok || !plainKey(key) {
			return d, false
		}
		p.ws()
		if !p.byte(':') {
			return d, false
		}
		p.ws()
		var field *string
		switch string(key) {
		case "id":
			field = &d.ID
		case "client_id":
			field = &d.ClientID
		case "name":
			field = &d.Name
		case "kana":
			field = &d.Kana
		case "postal":
			field = &d.Postal
		case "address":
			field = &d.Address
		case "phone":
			field = &d.Phone
		}
		switch {
		case field == nil && p.peek() == '[':
			// A field the index does not need (roles): skipped, as
			// encoding/json skips it, once it is known to be plain.
			if !p.strArray() {
				return d, false
			}
		default:
			v, ok := p.str()
			if !ok {
				return d, false
			}
			if field != nil {
				*field = string(v)
			}
		}
		p.ws()
		if p.byte('}') {
			return d, p.end()
		}
		if !p.byte(',') {
			return d, false
		}
		p.ws()
	}
}

// plainKey: lowercase ASCII letters and '_' only, so that encoding/json's
// case-insensitive match of keys to fields is the exact match used here.
func plainKey(k []byte) bool {
	if len(k) == 0 {
		return false
	}
	for _, c := range k {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// jsonScan reads the plain JSON decodePersonFast accepts.
type jsonScan struct {
	b []byte
	i int
}

func (p *jsonScan) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonScan) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

func (p *jsonScan) byte(c byte) bool {
	if p.peek() == c && p.i < len(p.b) {
		p.i++
		return true
	}
	return false
}

// end: nothing but whitespace follows.
func (p *jsonScan) end() bool {
	p.ws()
	return p.i == len(p.b)
}

// str reads a string without escapes or control characters, in valid
// UTF-8, and returns its contents (aliasing the input).
func (p *jsonScan) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return s, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// strArray reads an array of such strings.
func (p *jsonScan) strArray() bool {
	p.i++ // '['
	p.ws()
	if p.byte(']') {
		return true
	}
	for {
		if _, ok := p.str(); !ok {
			return false
		}
		p.ws()
		if p.byte(']') {
			return true
		}
		if !p.byte(',') {
			return false
		}
		p.ws()
	}
}

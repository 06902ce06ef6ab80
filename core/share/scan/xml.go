package scan

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"
)

// maxXMLText caps the text of one element (or of a tag) kept in memory.
const maxXMLText = 16 << 20

// xmlReader is a small streaming reader for OOXML parts: it returns the
// text before each tag and the tag itself, as bytes valid until the next
// call. It does not check well-formedness (a damaged part still yields
// its text) and is much faster than encoding/xml.
type xmlReader struct {
	br   *bufio.Reader
	text []byte // raw text before the tag (entities not decoded)
	tag  []byte // between '<' and '>'
	own  []byte // the tag's buffer when it is not in br's
}

func newXMLReader(r io.Reader) *xmlReader {
	return &xmlReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next reads up to and including the next tag. At the end it returns
// io.EOF (the trailing text is in x.text).
func (x *xmlReader) next() error {
	var err error
	if x.text, err = x.until(x.text[:0], '<'); err != nil {
		return err
	}
	// The tag is usually whole in the buffer: no copy then.
	if b, err := x.br.ReadSlice('>'); err == nil {
		x.tag = b[:len(b)-1]
		if !bytes.HasPrefix(x.tag, []byte("!")) {
			return nil
		}
		x.tag = append(x.own[:0], x.tag...)
	} else if x.tag, err = x.until(append(x.own[:0], b...), '>'); err != nil {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	// Comments and CDATA may hold '>'.
	for (bytes.HasPrefix(x.tag, []byte("!--")) && !bytes.HasSuffix(x.tag, []byte("--"))) ||
		(bytes.HasPrefix(x.tag, []byte("![CDATA[")) && !bytes.HasSuffix(x.tag, []byte("]]"))) {
		x.tag = append(x.tag, '>')
		if x.tag, err = x.until(x.tag, '>'); err != nil {
			return io.ErrUnexpectedEOF
		}
	}
	return nil
}

func (x *xmlReader) until(dst []byte, delim byte) ([]byte, error) {
	for {
		b, err := x.br.ReadSlice(delim)
		if err == nil {
			return append(dst, b[:len(b)-1]...), nil
		}
		dst = append(dst, b...)
		if len(dst) > maxXMLText {
			return dst, errTooLarge
		}
		if err != bufio.ErrBufferFull {
			return dst, err
		}
	}
}

// name returns the tag's local name (no prefix) and whether it closes
// (</x>) or is empty (<x/>).
func (x *xmlReader) name() (local []byte, closing, empty bool) {
	t := x.tag
	if len(t) > 0 && t[0] == '/' {
		closing = true
		t = t[1:]
	}
	if len(t) > 0 && t[len(t)-1] == '/' {
		empty = true
		t = t[:len(t)-1]
	}
	for i, c := range t {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			t = t[:i]
			break
		}
	}
	if i := bytes.IndexByte(t, ':'); i >= 0 {
		t = t[i+1:]
	}
	return t, closing, empty
}

// attr returns the value of the attribute named name (with its prefix, if
// any) in the current tag, entities decoded.
func (x *xmlReader) attr(name string) (string, bool) {
	v, ok := x.rawAttr(name)
	if !ok {
		return "", false
	}
	return string(unescape(nil, v)), true
}

// rawAttr is attr without decoding entities or copying: the bytes are
// valid until the next call of next.
func (x *xmlReader) rawAttr(name string) ([]byte, bool) {
	t := x.tag
	for {
		i := bytes.Index(t, []byte(name))
		if i < 0 {
			return nil, false
		}
		rest := t[i+len(name):]
		before := byte(' ')
		if i > 0 {
			before = t[i-1]
		}
		if (before == ' ' || before == '\t' || before == '\n' || before == '\r') && len(rest) >= 2 && rest[0] == '=' && (rest[1] == '"' || rest[1] == '\'') {
			q := rest[1]
			rest = rest[2:]
			if j := bytes.IndexByte(rest, q); j >= 0 {
				return rest[:j], true
			}
			return nil, false
		}
		t = t[i+len(name):]
	}
}

// unescape appends s to dst with XML entities and character references
// decoded.
func unescape(dst, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		j := bytes.IndexByte(s, ';')
		if j < 0 || j > 12 {
			dst = append(dst, '&')
			s = s[1:]
			continue
		}
		ent := string(s[1:j])
		switch ent {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var v uint64
			var err error = strconv.ErrSyntax
			if len(ent) > 2 && (ent[:2] == "#x" || ent[:2] == "#X") {
				v, err = strconv.ParseUint(ent[2:], 16, 32)
			} else if len(ent) > 1 && ent[0] == '#' {
				v, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(v)) {
				dst = append(dst, s[:j+1]...)
			} else {
				dst = utf8.AppendRune(dst, rune(v))
			}
		}
		s = s[j+1:]
	}
}

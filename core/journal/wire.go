package journal

import (
	"encoding/binary"
	"math"
	"unicode/utf8"
)

// encoder appends the fixed-width big-endian fields described in doc.go.
// There is exactly one encoding of every value, so encoding is deterministic
// and decode→encode gives the same bytes.
type encoder struct{ b []byte }

func (e *encoder) u8(v byte)    { e.b = append(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.BigEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.BigEndian.AppendUint64(e.b, v) }
func (e *encoder) raw(p []byte) { e.b = append(e.b, p...) }

func (e *encoder) bytes(p []byte) {
	e.u32(uint32(len(p)))
	e.b = append(e.b, p...)
}

func (e *encoder) str(s string) {
	e.u32(uint32(len(s)))
	e.b = append(e.b, s...)
}

// decoder reads what encoder wrote. After the first failure every read
// returns a zero value and bad stays set, so callers check once at the end.
// Every length is checked against the remaining input before anything is
// allocated, so hostile input cannot make it allocate more than its own size.
type decoder struct {
	b   []byte
	off int
	bad bool
	at  int    // offset of the first failure
	ar  *arena // Folder.ScanChain's: strings interned, byte strings alias b
}

func (d *decoder) fail() {
	if !d.bad {
		d.bad, d.at = true, d.off
	}
}

func (d *decoder) remaining() int { return len(d.b) - d.off }

func (d *decoder) take(n uint64) []byte {
	if d.bad || n > uint64(d.remaining()) {
		d.fail()
		return nil
	}
	p := d.b[d.off : d.off+int(n)]
	d.off += int(n)
	return p
}

func (d *decoder) u8() byte {
	p := d.take(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (d *decoder) u32() uint32 {
	p := d.take(4)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint32(p)
}

func (d *decoder) u64() uint64 {
	p := d.take(8)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint64(p)
}

// bytes reads a length-prefixed byte string as a fresh copy (never aliasing
// the input; with an arena, aliasing it, with no room to append); empty is
// returned as nil.
func (d *decoder) bytes() []byte {
	p := d.take(uint64(d.u32()))
	if len(p) == 0 {
		return nil
	}
	if d.ar != nil {
		return p[:len(p):len(p)]
	}
	return append([]byte(nil), p...)
}

// str reads a length-prefixed string and requires valid UTF-8. field is
// which string it is, for an arena (fieldOther: none in particular).
func (d *decoder) str(field int) string {
	start := d.off
	p := d.take(uint64(d.u32()))
	if d.bad {
		return ""
	}
	var s string
	ok := true
	if d.ar != nil {
		s, ok = d.ar.str(field, p)
	} else if ok = utf8.Valid(p); ok {
		s = string(p)
	}
	if !ok {
		d.off = start
		d.fail()
		return ""
	}
	return s
}

// fitsU32 reports whether a length can be written as a uint32 prefix.
func fitsU32(n int) bool { return uint64(n) <= math.MaxUint32 }

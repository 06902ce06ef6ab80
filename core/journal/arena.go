package journal

import (
	"bytes"
	"unicode/utf8"
)

// arena is the memory Folder.ScanChain decodes segments into, reused from
// one segment to the next: the file's bytes, the ops and their deps and
// parents come from slabs, byte strings (payloads, signatures, the
// device's key) alias the file, and strings are interned. Decoding a
// million ops then allocates next to nothing, where a fresh segment costs
// several allocations per op (DecodeSegment, whose result owns its memory).
type arena struct {
	file    bytes.Buffer
	seg     Segment
	ops     []Op
	ptrs    []*Op
	enc     [][]byte
	deps    []Dep
	parents []string
	// last holds, for each string field of an op (field* below), the
	// value the previous op had: consecutive ops of a segment mostly
	// share their device, author, kind, target and scope, so a string is
	// usually the previous one, compared rather than hashed. strs interns
	// the fields that take few values (bounded: cleared when full); a
	// target or a parent that is not the previous one is allocated.
	last [nFields]string
	strs map[string]string
}

// The string fields an arena remembers the last value of (decoder.str's
// slot); fieldOther is any other string.
const (
	fieldOther = iota
	fieldVault
	fieldDevice
	fieldAuthor
	fieldKind
	fieldTarget
	fieldScope
	fieldDep // a dep's device
	nFields
)

const maxInterned = 4096

// reset starts a new segment: the slabs are empty again, and what the
// previous segment's ops held is overwritten as they are reused.
func (a *arena) reset() {
	a.ops, a.ptrs, a.enc, a.deps, a.parents = a.ops[:0], a.ptrs[:0], a.enc[:0], a.deps[:0], a.parents[:0]
}

// str returns p as a string; ok is false when p is not valid UTF-8. A value
// equal to the field's last one was checked already.
func (a *arena) str(field int, p []byte) (s string, ok bool) {
	if field != fieldOther && a.last[field] == string(p) {
		return a.last[field], true
	}
	found := false
	if field != fieldTarget && field != fieldOther {
		s, found = a.strs[string(p)]
	}
	if !found {
		if !utf8.Valid(p) {
			return "", false
		}
		s = string(p)
		if field != fieldTarget && field != fieldOther {
			if a.strs == nil || len(a.strs) >= maxInterned {
				a.strs = make(map[string]string, 64)
			}
			a.strs[s] = s
		}
	}
	if field != fieldOther {
		a.last[field] = s
	}
	return s, true
}

// op returns the next op of the segment's slab.
func (a *arena) op() *Op {
	if len(a.ops) == cap(a.ops) {
		// A new slab: the ops handed out so far keep the old one.
		a.ops = make([]Op, 0, max(2*cap(a.ops), 256))
	}
	a.ops = a.ops[:len(a.ops)+1]
	return &a.ops[len(a.ops)-1]
}

// slabTake returns n elements from *slab (deps, parents), with no room to
// append into the next op's: a new slab when it is full, whose old one the
// ops handed out so far keep.
func slabTake[T any](slab *[]T, n int) []T {
	if cap(*slab)-len(*slab) < n {
		*slab = make([]T, 0, max(2*cap(*slab), n, 256))
	}
	l := len(*slab)
	*slab = (*slab)[:l+n]
	return (*slab)[l : l+n : l+n]
}

// readAhead reads a device's segments in order on its own goroutine, one
// ahead of the caller, into two arenas taken in turn: while the caller
// works on a segment, the next is read, hashed, decoded and its signature
// checked. A segment's arena is reused once the caller asks for the one
// after it.
type readAhead struct {
	results chan readResult
	free    chan *arena
	done    chan struct{}
	exited  chan struct{}
	held    *arena // the caller's current segment's
}

type readResult struct {
	n   uint64
	s   *Segment
	h   [32]byte
	err error
	ar  *arena
}

func (f *Folder) readAhead(device string, nums []uint64) *readAhead {
	ra := &readAhead{results: make(chan readResult), free: make(chan *arena, 2), done: make(chan struct{}), exited: make(chan struct{})}
	ra.free <- &arena{}
	ra.free <- &arena{}
	go func() {
		defer close(ra.exited)
		var packs packCache // this goroutine's: a pack is read once for its segments
		for _, n := range nums {
			var ar *arena
			select {
			case ar = <-ra.free:
			case <-ra.done:
				return
			}
			s, h, err := f.readSegment(device, n, ar, &packs)
			select {
			case ra.results <- readResult{n: n, s: s, h: h, err: err, ar: ar}:
			case <-ra.done:
				return
			}
			if err != nil {
				return // the caller stops there
			}
		}
	}()
	return ra
}

// next returns segment n, the next of the numbers given to readAhead,
// with its ops' encodings; the previous segment's memory is reused from
// now on.
func (ra *readAhead) next(n uint64) (*Segment, [][]byte, [32]byte, error) {
	if ra.held != nil {
		ra.free <- ra.held
		ra.held = nil
	}
	r := <-ra.results
	if r.n != n {
		panic("journal: read ahead out of order")
	}
	ra.held = r.ar
	return r.s, r.ar.enc, r.h, r.err
}

// stop ends the reading goroutine and waits for it: it finishes the file
// it is reading, and no file of the folder stays open once ScanChain has
// returned (on Windows an open file could not be moved or replaced).
func (ra *readAhead) stop() {
	close(ra.done)
	<-ra.exited
}

// OpDecoder decodes single ops into memory it reuses, as ScanChain does
// for segments: the op Decode returns is valid until the next Decode, and
// its byte strings (payload, signature) alias b, so they last as long as
// b does. A scan that opens each record's op once and keeps nothing of it
// (the replica's record scan, inside one read transaction) then neither
// copies payloads nor allocates an op per record. The zero value is ready
// to use; it is not safe for concurrent use.
type OpDecoder struct{ ar arena }

// Decode is Op.UnmarshalBinary into the decoder's memory.
func (d *OpDecoder) Decode(b []byte) (*Op, error) {
	d.ar.reset()
	op := d.ar.op()
	if err := op.unmarshal(b, &d.ar); err != nil {
		return nil, err
	}
	return op, nil
}

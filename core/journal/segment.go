package journal

import (
	"crypto/sha256"
	"hash"
)

const (
	segMagic      = "KINKOSEG"
	segFormat     = 1
	trailerLen    = sha256.Size
	segHeaderMin  = len(segMagic) + 1 + 4 + 4 + 8 + 32 + 4
	minSegmentLen = segHeaderMin + trailerLen

	// maxSegmentSize bounds a segment file. Writers batch a few thousand
	// ops at most, and erasable data lives in blobs, so anything larger
	// is refused (ErrInvalid when writing, ErrCorrupt when reading) before it
	// is read into memory.
	maxSegmentSize = 256 << 20
)

// Segment is an immutable file holding a batch of one device's ops, linked
// to the device's previous segment by Prev. core/vault builds one from its
// outbox and calls Folder.WriteSegment; the sync loop reads them back with
// Folder.ReadChain.
type Segment struct {
	Vault  string   // vault id (the header's Vault)
	Device string   // device id; every op's Device
	Number uint64   // 1, 2, 3, ... per device
	Prev   [32]byte // Hash of the device's previous segment (zero for Number 1)
	Ops    []*Op    // all with Op.Device == Device, Seq strictly increasing by 1
}

// Encode returns the segment file described in doc.go ("Segment file"). It
// returns an error wrapping ErrInvalid for a segment DecodeSegment would
// refuse: an invalid vault or device id, Number 0, a nil op, an op of another
// device, Seq not starting at 1 or more and increasing by exactly 1, an op
// MarshalBinary refuses, or a file over the size limit (256 MiB).
func (s *Segment) Encode() ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	size := minSegmentLen + len(s.Vault) + len(s.Device)
	for _, op := range s.Ops {
		size += 4 + op.size()
	}
	if size > maxSegmentSize {
		return nil, invalid("segment too large")
	}
	e := encoder{b: make([]byte, 0, size)}
	e.raw([]byte(segMagic))
	e.u8(segFormat)
	e.str(s.Vault)
	e.str(s.Device)
	e.u64(s.Number)
	e.raw(s.Prev[:])
	e.u32(uint32(len(s.Ops)))
	for _, op := range s.Ops {
		if err := op.check(); err != nil {
			return nil, err
		}
		// Written in place: the same bytes as e.bytes(op.MarshalBinary()).
		e.u32(uint32(op.size()))
		op.encodeSigned(&e)
		e.bytes(op.Sig)
	}
	sum := sha256.Sum256(e.b)
	e.raw(sum[:])
	return e.b, nil
}

func (s *Segment) check() error {
	if !ValidDeviceID(s.Vault) {
		return invalid("segment has an invalid vault id")
	}
	if !ValidDeviceID(s.Device) {
		return invalid("segment has an invalid device id")
	}
	if s.Number == 0 {
		return invalid("segment number 0")
	}
	if !fitsU32(len(s.Ops)) {
		return invalid("too many ops")
	}
	for i, op := range s.Ops {
		if op == nil {
			return invalid("segment op %d is nil", i)
		}
		if err := checkOpInSegment(s.Device, s.Ops, i); err != "" {
			return invalid("segment op %d: %s", i, err)
		}
	}
	return nil
}

// checkOpInSegment checks ops[i] against its segment's device and its
// predecessor, returning a short reason or "".
func checkOpInSegment(device string, ops []*Op, i int) string {
	op := ops[i]
	if op.Device != device {
		return "device differs from the segment's"
	}
	if i == 0 && op.Seq == 0 {
		return "seq 0"
	}
	if i > 0 && op.Seq != ops[i-1].Seq+1 {
		return "seq not consecutive"
	}
	return ""
}

// Hash returns the SHA-256 of an encoded segment file, trailer included. The
// next segment of the same device stores it as Prev, and import cursors in
// the local replica keep it to continue ReadChain later.
func Hash(encoded []byte) [32]byte { return sha256.Sum256(encoded) }

// sums returns the SHA-256 of a segment file's body (what its trailer must
// hold) and of the whole file (its Hash) in one pass over the body: both
// hash the same bytes first, so the second goes on from a copy of the
// first's state. ReadSegment reads every segment of a folder through it.
func sums(b []byte) (body, file [32]byte) {
	n := max(len(b)-trailerLen, 0)
	d := sha256.New()
	d.Write(b[:n])
	if c, ok := d.(hash.Cloner); ok {
		if e, err := c.Clone(); err == nil {
			e.Write(b[n:])
			e.Sum(file[:0])
			d.Sum(body[:0])
			return body, file
		}
	}
	return sha256.Sum256(b[:n]), sha256.Sum256(b)
}

// DecodeSegment parses and checks a segment file. It returns an error
// wrapping ErrCorrupt for a bad magic, a size below the minimum, a trailer
// that does not match (any truncation or flipped byte), an op that does not
// decode, trailing bytes, an invalid vault or device id, Number 0, an op
// whose Device differs from the segment's, or Seq that does not increase by
// exactly 1. A well-formed segment of a newer format returns a *FormatError.
// It never panics and allocates at most in proportion to len(b). It does not
// check the segment's place in the chain; ReadChain does.
func DecodeSegment(b []byte) (*Segment, error) {
	return decodeSegment(b, nil)
}

// decodeSegment is DecodeSegment with the body's SHA-256 already computed
// (nil: not yet).
func decodeSegment(b []byte, bodySum *[32]byte) (*Segment, error) {
	if len(b) < minSegmentLen {
		return nil, corrupt("segment: too short")
	}
	if string(b[:len(segMagic)]) != segMagic {
		return nil, corrupt("segment: bad magic")
	}
	body, trailer := b[:len(b)-trailerLen], b[len(b)-trailerLen:]
	if bodySum == nil {
		sum := sha256.Sum256(body)
		bodySum = &sum
	}
	if *bodySum != [32]byte(trailer) {
		return nil, corrupt("segment: checksum mismatch")
	}
	if f := body[len(segMagic)]; f != segFormat {
		return nil, &FormatError{Found: int(f)}
	}
	d := decoder{b: body, off: len(segMagic) + 1}
	s := &Segment{}
	s.Vault = d.str()
	s.Device = d.str()
	s.Number = d.u64()
	copy(s.Prev[:], d.take(32))
	n := d.u32()
	if d.bad {
		return nil, corrupt("segment: bad header field at offset %d", d.at)
	}
	if uint64(n) > uint64(d.remaining()/(4+minOpLen)) {
		return nil, corrupt("segment: op count exceeds size")
	}
	s.Ops = make([]*Op, n)
	slab := make([]Op, n) // one allocation for the segment's ops, not n
	for i := range s.Ops {
		start := d.off
		p := d.take(uint64(d.u32()))
		if d.bad {
			return nil, corrupt("segment: op %d: bad length at offset %d", i, start)
		}
		op := &slab[i]
		if err := op.UnmarshalBinary(p); err != nil {
			return nil, corrupt("segment: op %d at offset %d", i, start)
		}
		s.Ops[i] = op
		if reason := checkOpInSegment(s.Device, s.Ops, i); reason != "" {
			return nil, corrupt("segment: op %d: %s", i, reason)
		}
	}
	if d.remaining() != 0 {
		return nil, corrupt("segment: %d trailing bytes", d.remaining())
	}
	if !ValidDeviceID(s.Vault) || !ValidDeviceID(s.Device) {
		return nil, corrupt("segment: invalid vault or device id")
	}
	if s.Number == 0 {
		return nil, corrupt("segment: number 0")
	}
	if n == 0 {
		s.Ops = nil
	}
	return s, nil
}

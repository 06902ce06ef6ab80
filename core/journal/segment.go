package journal

import (
	"crypto/ed25519"
	"crypto/sha256"
	"slices"
)

const (
	segMagic = "KINKOSEG"
	// segFormat 3 adds the flags byte (flagContinues); 2 added the device
	// key and the device's signature. Formats 1 (unsigned) and 2 (no flags)
	// were never released and are refused.
	segFormat     = 3
	trailerLen    = sha256.Size
	segHeaderMin  = len(segMagic) + 1 + 4 + 4 + ed25519.PublicKeySize + 8 + 32 + 1 + 4
	minSegmentLen = segHeaderMin + ed25519.SignatureSize + trailerLen

	// segSigContext is the Ed25519ctx context of segment signatures: it
	// keeps them apart from op signatures ("kinko/op/v2") and anything else
	// Kinko signs, even with the same key.
	segSigContext = "kinko/segment/v2"

	// maxSegmentSize bounds a segment file. Writers batch a few thousand
	// ops at most, and erasable data lives in blobs, so anything larger
	// is refused (ErrInvalid when writing, ErrCorrupt when reading) before it
	// is read into memory.
	maxSegmentSize = 256 << 20

	// flagContinues in a segment's flags byte: Segment.Continues. The
	// other bits are zero; a file with any of them set is corrupt.
	flagContinues = 0x01
)

// Segment is an immutable file holding a batch of one device's ops, linked
// to the device's previous segment by Prev and signed by the device's key.
// core/vault builds one from its outbox, signs it (Sign) and calls
// Folder.WriteSegment; the sync loop reads them back with Folder.ReadChain.
type Segment struct {
	Vault  string   // vault id (the header's Vault)
	Device string   // device id; every op's Device
	Number uint64   // 1, 2, 3, ... per device
	Prev   [32]byte // Hash of the device's previous segment (zero for Number 1)
	Ops    []*Op    // all with Op.Device == Device, Seq strictly increasing by 1

	// Continues says the last op's batch goes on in segment Number+1: the
	// writer wrote those ops in one local transaction (an import, a client
	// with its key and first version), and a flush splits a long one over
	// several segments. Readers apply a device's ops only up to the end of
	// a segment without Continues, so another PC sees a batch whole or not
	// at all, even while (or if) its writer stops between its segments.
	Continues bool

	// Key is the device's public key: DeviceID(Key) == Device. Sig is its
	// Ed25519ctx signature over the SHA-256 of the file's bytes from the
	// magic through the last op. Sign sets both; a segment DecodeSegment
	// returns has both checked. Whoever lacks the device's private key
	// (kept in that PC's replica only) cannot write a segment that reads as
	// the device's.
	Key ed25519.PublicKey
	Sig []byte
}

// Sign signs s with the device key priv, setting Key and Sig; the ops must
// not change afterwards (Encode would refuse the segment). The outbox flush
// in core/vault calls it before WriteSegment. It returns an error wrapping
// ErrInvalid if priv is not the key of s.Device (DeviceID of its public
// key) or for a segment Encode would refuse.
func (s *Segment) Sign(priv ed25519.PrivateKey) error {
	if len(priv) != ed25519.PrivateKeySize {
		return invalid("segment: not a device key")
	}
	pub := priv.Public().(ed25519.PublicKey)
	if DeviceID(pub) != s.Device {
		return invalid("segment: the key is not the device's")
	}
	e, err := s.encodeSigned(pub)
	if err != nil {
		return err
	}
	digest := sha256.Sum256(e.b)
	sig, err := priv.Sign(nil, digest[:], &ed25519.Options{Context: segSigContext})
	if err != nil {
		return invalid("segment: sign: %v", err)
	}
	s.Key, s.Sig = pub, sig
	return nil
}

// Encode returns the segment file described in doc.go ("Segment file"). It
// returns an error wrapping ErrInvalid for a segment DecodeSegment would
// refuse: an invalid vault or device id, Number 0, a nil op, an op of another
// device, Seq not starting at 1 or more and increasing by exactly 1, an op
// MarshalBinary refuses, a file over the size limit (256 MiB), or a segment
// not signed by its device's key (no Sign, or changed after it).
func (s *Segment) Encode() ([]byte, error) {
	if DeviceID(s.Key) != s.Device || len(s.Sig) != ed25519.SignatureSize {
		if err := s.check(); err != nil {
			return nil, err
		}
		return nil, invalid("segment is not signed by its device's key")
	}
	e, err := s.encodeSigned(s.Key)
	if err != nil {
		return nil, err
	}
	d := sha256.New()
	d.Write(e.b)
	var digest [32]byte
	d.Sum(digest[:0]) // Sum leaves the state as it was: the trailer goes on from here
	if !verifySegment(s.Key, digest, s.Sig) {
		return nil, invalid("segment is not signed by its device's key")
	}
	e.raw(s.Sig)
	d.Write(s.Sig)
	e.b = d.Sum(e.b)
	return e.b, nil
}

// encodeSigned encodes the bytes the device signs: magic through the last
// op, with room left for the signature and trailer.
func (s *Segment) encodeSigned(key ed25519.PublicKey) (encoder, error) {
	if err := s.check(); err != nil {
		return encoder{}, err
	}
	size := minSegmentLen + len(s.Vault) + len(s.Device)
	for _, op := range s.Ops {
		size += 4 + op.size()
	}
	if size > maxSegmentSize {
		return encoder{}, invalid("segment too large")
	}
	e := encoder{b: make([]byte, 0, size)}
	e.raw([]byte(segMagic))
	e.u8(segFormat)
	e.str(s.Vault)
	e.str(s.Device)
	e.raw(key)
	e.u64(s.Number)
	e.raw(s.Prev[:])
	var flags uint8
	if s.Continues {
		flags |= flagContinues
	}
	e.u8(flags)
	e.u32(uint32(len(s.Ops)))
	for _, op := range s.Ops {
		if err := op.check(); err != nil {
			return encoder{}, err
		}
		// Written in place: the same bytes as e.bytes(op.MarshalBinary()).
		e.u32(uint32(op.size()))
		op.encodeSigned(&e)
		e.bytes(op.Sig)
	}
	return e, nil
}

// verifySegment checks a device's signature over the SHA-256 of a
// segment's signed bytes. The device signs the digest, not the bytes: the
// reader hashes the file once anyway (sums), so checking a signature costs
// one verification whatever the segment's size.
func verifySegment(key ed25519.PublicKey, digest [32]byte, sig []byte) bool {
	return ed25519.VerifyWithOptions(key, digest[:], sig, &ed25519.Options{Context: segSigContext}) == nil
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

// segSums are the SHA-256 sums of a segment file, all taken in one pass:
// of the bytes its device signs (magic through the last op), of its body
// (what the trailer must hold) and of the whole file (its Hash).
type segSums struct{ signed, body, file [32]byte }

// sums hashes a segment file once for all three sums; ReadSegment reads
// every segment of a folder through it.
func sums(b []byte) (s segSums) {
	n := max(len(b)-trailerLen, 0)
	m := max(n-ed25519.SignatureSize, 0)
	d := sha256.New()
	d.Write(b[:m])
	d.Sum(s.signed[:0]) // Sum does not change the state: hashing goes on
	d.Write(b[m:n])
	d.Sum(s.body[:0])
	d.Write(b[n:])
	d.Sum(s.file[:0])
	return s
}

// DecodeSegment parses and checks a segment file. It returns an error
// wrapping ErrCorrupt for a bad magic, a size below the minimum, a trailer
// that does not match (any truncation or flipped byte), an op that does not
// decode, trailing bytes, an invalid vault or device id, Number 0, an op
// whose Device differs from the segment's, or Seq that does not increase by
// exactly 1. A well-formed segment of another format (a newer one, or the
// unreleased unsigned format 1) returns a *FormatError. A well-formed
// segment whose key is not its device's (DeviceID) or whose signature does
// not verify returns an error wrapping ErrForeign: someone other than the
// device wrote it. It never panics and allocates at most in proportion to
// len(b). It does not check the segment's place in the chain; ReadChain
// does.
func DecodeSegment(b []byte) (*Segment, error) {
	return decodeSegment(b, nil, nil)
}

// decodeSegment is DecodeSegment with the file's sums already computed
// (nil: not yet), into ar's memory when ar is not nil: the segment then
// aliases b and lives until ar decodes the next one, and ar.enc holds
// each op's encoding (a slice of b).
func decodeSegment(b []byte, sm *segSums, ar *arena) (*Segment, error) {
	if len(b) < len(segMagic)+1+trailerLen {
		return nil, corrupt("segment: too short")
	}
	if string(b[:len(segMagic)]) != segMagic {
		return nil, corrupt("segment: bad magic")
	}
	body, trailer := b[:len(b)-trailerLen], b[len(b)-trailerLen:]
	if sm == nil {
		all := sums(b)
		sm = &all
	}
	if sm.body != [32]byte(trailer) {
		return nil, corrupt("segment: checksum mismatch")
	}
	if f := body[len(segMagic)]; f != segFormat {
		return nil, &FormatError{Found: int(f)}
	}
	if len(b) < minSegmentLen {
		return nil, corrupt("segment: too short")
	}
	signed, sig := body[:len(body)-ed25519.SignatureSize], body[len(body)-ed25519.SignatureSize:]
	d := decoder{b: signed, off: len(segMagic) + 1, ar: ar}
	s := &Segment{}
	if ar != nil {
		ar.reset()
		s = &ar.seg
		*s = Segment{}
	}
	s.Vault = d.str(fieldVault)
	s.Device = d.str(fieldDevice)
	s.Key = ed25519.PublicKey(d.take(ed25519.PublicKeySize))
	if ar == nil {
		s.Key = append([]byte(nil), s.Key...)
	}
	s.Number = d.u64()
	copy(s.Prev[:], d.take(32))
	flags := d.u8()
	n := d.u32()
	if d.bad {
		return nil, corrupt("segment: bad header field at offset %d", d.at)
	}
	if flags&^flagContinues != 0 {
		return nil, corrupt("segment: unknown flags %#x", flags)
	}
	s.Continues = flags&flagContinues != 0
	if uint64(n) > uint64(d.remaining()/(4+minOpLen)) {
		return nil, corrupt("segment: op count exceeds size")
	}
	var slab []Op
	if ar != nil {
		ar.ptrs = slices.Grow(ar.ptrs[:0], int(n))[:n]
		s.Ops = ar.ptrs
	} else {
		s.Ops = make([]*Op, n)
		slab = make([]Op, n) // one allocation for the segment's ops, not n
	}
	for i := range s.Ops {
		start := d.off
		p := d.take(uint64(d.u32()))
		if d.bad {
			return nil, corrupt("segment: op %d: bad length at offset %d", i, start)
		}
		var op *Op
		if ar != nil {
			op = ar.op()
			ar.enc = append(ar.enc, p)
		} else {
			op = &slab[i]
		}
		if err := op.unmarshal(p, ar); err != nil {
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
	// Last, on a well-formed file: is it the device's own?
	if DeviceID(s.Key) != s.Device {
		return nil, foreign("segment: the key is not the device's")
	}
	if !verifySegment(s.Key, sm.signed, sig) {
		return nil, foreign("segment: bad device signature")
	}
	s.Sig = sig[:len(sig):len(sig)]
	if ar == nil {
		s.Sig = append([]byte(nil), sig...)
	}
	if n == 0 {
		s.Ops = nil
	}
	return s, nil
}

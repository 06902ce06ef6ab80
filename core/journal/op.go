package journal

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// opPrefix starts every encoded op and every SigningBytes: a signature over
// an op can never be mistaken for a signature over anything else Kinko signs.
const opPrefix = "kinko/op/v2\x00"

// minOpLen is the size of an encoded op with empty strings, no parents and
// no deps.
const minOpLen = len(opPrefix) + 4 + 8 + 8 + 4 + 4*4 + 4 + 4 + 4 + 4 + 4

// Dep names the newest op of one device that the author's replica held when
// it wrote an op: together, an op's Deps are the causal past it claims. The
// op's own device is implicit (every earlier op of that device).
type Dep struct {
	Device string
	Seq    uint64
}

// Op is one change in the journal. core/vault builds ops, signs
// SigningBytes with the author's key into Sig, batches them into a Segment
// and later materialises state from the ops of every device. This package
// never looks inside Payload, which is sealed by the caller.
type Op struct {
	Device  string   // device id of the writer
	Seq     uint64   // per-device op sequence: 1, 2, 3, ... without gaps across all of the device's segments
	Time    HLC      // when the op was made (Clock.Now on the writing device)
	Author  string   // user id of the author who signed it
	Kind    string   // what the op does, e.g. "record.put"
	Target  string   // the record or scope it acts on
	Scope   string   // the scope whose key seals Payload
	Epoch   uint32   // the scope key epoch
	Parents []string // op ids of the versions this op replaces
	Deps    []Dep    // the causal past: per other device, the newest seq applied; sorted by Device
	Payload []byte   // sealed by the caller; opaque here
	Sig     []byte   // the author's signature over SigningBytes(); set by the caller
}

// ID returns the op's stable identity, Device + "." + decimal Seq, used in
// Parents and wherever one op refers to another. ParseID reverses it.
func (o *Op) ID() string {
	return o.Device + "." + strconv.FormatUint(o.Seq, 10)
}

// ParseID splits an op id made by Op.ID. It is strict, so that every op has
// exactly one id: the device must be a valid device id and the sequence a
// decimal number from 1 without sign or leading zeros. Otherwise it returns
// an error wrapping ErrInvalid (a caller parsing ids read from the journal
// treats that as corrupt data).
func ParseID(id string) (device string, seq uint64, err error) {
	i := strings.LastIndexByte(id, '.')
	if i < 0 {
		return "", 0, invalid("op id has no sequence")
	}
	device, num := id[:i], id[i+1:]
	if !ValidDeviceID(device) {
		return "", 0, invalid("op id has an invalid device id")
	}
	if num == "" || num[0] == '0' {
		return "", 0, invalid("op id has an invalid sequence")
	}
	for j := 0; j < len(num); j++ {
		if num[j] < '0' || num[j] > '9' {
			return "", 0, invalid("op id has an invalid sequence")
		}
	}
	seq, perr := strconv.ParseUint(num, 10, 64)
	if perr != nil {
		return "", 0, invalid("op id sequence out of range")
	}
	return device, seq, nil
}

// SigningBytes returns the canonical encoding of every field except Sig,
// starting with the prefix "kinko/op/v1" 0x00 (see doc.go, "Op encoding").
// core/vault signs and verifies exactly these bytes. The result is a fresh
// slice and the same for equal ops on every platform; an op with invalid
// UTF-8 still gets bytes here, but MarshalBinary refuses it.
func (o *Op) SigningBytes() []byte {
	e := encoder{b: make([]byte, 0, o.size())}
	o.encodeSigned(&e)
	return e.b
}

func (o *Op) size() int {
	n := minOpLen + len(o.Device) + len(o.Author) + len(o.Kind) + len(o.Target) +
		len(o.Scope) + len(o.Payload) + len(o.Sig)
	for _, p := range o.Parents {
		n += 4 + len(p)
	}
	for _, d := range o.Deps {
		n += 4 + len(d.Device) + 8
	}
	return n
}

func (o *Op) encodeSigned(e *encoder) {
	e.raw([]byte(opPrefix))
	e.str(o.Device)
	e.u64(o.Seq)
	e.u64(uint64(o.Time.Wall))
	e.u32(o.Time.Logical)
	e.str(o.Author)
	e.str(o.Kind)
	e.str(o.Target)
	e.str(o.Scope)
	e.u32(o.Epoch)
	e.u32(uint32(len(o.Parents)))
	for _, p := range o.Parents {
		e.str(p)
	}
	e.u32(uint32(len(o.Deps)))
	for _, d := range o.Deps {
		e.str(d.Device)
		e.u64(d.Seq)
	}
	e.bytes(o.Payload)
}

// MarshalBinary returns SigningBytes followed by Sig as a length-prefixed
// byte string. Segment.Encode calls it for every op. It returns an error
// wrapping ErrInvalid when a string field is not valid UTF-8 or a field is
// too long for its 32-bit length, because UnmarshalBinary would refuse the
// result.
func (o *Op) MarshalBinary() ([]byte, error) {
	b, err := o.AppendBinary(make([]byte, 0, o.size()))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// AppendBinary appends what MarshalBinary returns to b, with the same
// errors (b is returned unchanged then). Callers that encode many ops, such
// as the access-log verifier hashing every op of a device, reuse one
// buffer instead of allocating one per op.
func (o *Op) AppendBinary(b []byte) ([]byte, error) {
	if err := o.check(); err != nil {
		return b, err
	}
	e := encoder{b: b}
	o.encodeSigned(&e)
	e.bytes(o.Sig)
	return e.b, nil
}

func (o *Op) check() error {
	for _, f := range []struct {
		name, s string
	}{{"device", o.Device}, {"author", o.Author}, {"kind", o.Kind}, {"target", o.Target}, {"scope", o.Scope}} {
		if !utf8.ValidString(f.s) || !fitsU32(len(f.s)) {
			return invalid("op %s is not valid utf-8 or too long", f.name)
		}
	}
	if !fitsU32(len(o.Parents)) || !fitsU32(len(o.Payload)) || !fitsU32(len(o.Sig)) {
		return invalid("op field too long")
	}
	for i, p := range o.Parents {
		if !utf8.ValidString(p) || !fitsU32(len(p)) {
			return invalid("op parent %d is not valid utf-8 or too long", i)
		}
	}
	if err := checkDeps(o.Device, o.Deps); err != nil {
		return err
	}
	if uint64(o.size()) > maxSegmentSize {
		return invalid("op too large")
	}
	return nil
}

// checkDeps enforces the one encoding of a causal past: valid device ids
// other than the op's own, strictly ascending, each seq at least 1.
func checkDeps(device string, deps []Dep) error {
	if !fitsU32(len(deps)) {
		return invalid("op deps too long")
	}
	for i, d := range deps {
		if !ValidDeviceID(d.Device) || d.Device == device || d.Seq == 0 {
			return invalid("op dep %d is invalid", i)
		}
		if i > 0 && deps[i-1].Device >= d.Device {
			return invalid("op deps are not sorted")
		}
	}
	return nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, strictly: a wrong
// prefix, a length beyond the remaining input, invalid UTF-8 in a string, or
// trailing bytes all return an error wrapping ErrCorrupt, and o is left
// unchanged. Empty Parents, Payload and Sig decode as nil; Payload and Sig
// never alias b. DecodeSegment calls it for every op.
func (o *Op) UnmarshalBinary(b []byte) error { return o.unmarshal(b, nil) }

// unmarshal is UnmarshalBinary, into ar's memory when ar is not nil (then
// Payload and Sig alias b).
func (o *Op) unmarshal(b []byte, ar *arena) error {
	if len(b) < len(opPrefix) || string(b[:len(opPrefix)]) != opPrefix {
		return corrupt("op: bad prefix")
	}
	d := decoder{b: b, off: len(opPrefix), ar: ar}
	var op Op
	op.Device = d.str(fieldDevice)
	op.Seq = d.u64()
	op.Time.Wall = int64(d.u64())
	op.Time.Logical = d.u32()
	op.Author = d.str(fieldAuthor)
	op.Kind = d.str(fieldKind)
	op.Target = d.str(fieldTarget)
	op.Scope = d.str(fieldScope)
	op.Epoch = d.u32()
	n := d.u32()
	if uint64(n) > uint64(d.remaining()/4) { // every parent takes at least 4 bytes
		d.fail()
	} else if n > 0 {
		if ar != nil {
			op.Parents = slabTake(&ar.parents, int(n))
		} else {
			op.Parents = make([]string, n)
		}
		for i := range op.Parents {
			op.Parents[i] = d.str(fieldOther)
		}
	}
	n = d.u32()
	if uint64(n) > uint64(d.remaining()/12) { // every dep takes at least 12 bytes
		d.fail()
	} else if n > 0 {
		if ar != nil {
			op.Deps = slabTake(&ar.deps, int(n))
		} else {
			op.Deps = make([]Dep, n)
		}
		for i := range op.Deps {
			op.Deps[i] = Dep{Device: d.str(fieldDep), Seq: d.u64()}
		}
	}
	op.Payload = d.bytes()
	op.Sig = d.bytes()
	if d.bad {
		return corrupt("op: bad field at offset %d", d.at)
	}
	if d.remaining() != 0 {
		return corrupt("op: %d trailing bytes", d.remaining())
	}
	if err := checkDeps(op.Device, op.Deps); err != nil {
		return corrupt("op: %v", err)
	}
	*o = op
	return nil
}

// DepSeq returns the newest seq of device that op's causal past holds: for
// the op's own device every earlier op, for others the Deps entry (0 when
// the device is not named).
func (o *Op) DepSeq(device string) uint64 {
	if device == o.Device {
		return o.Seq - 1
	}
	i, ok := slices.BinarySearchFunc(o.Deps, device, func(d Dep, dev string) int { return strings.Compare(d.Device, dev) })
	if !ok {
		return 0
	}
	return o.Deps[i].Seq
}

// Before reports whether op a is in the causal past b claims (a happened
// before b). Two ops neither of which is before the other are concurrent.
func Before(a, b *Op) bool { return a.Seq <= b.DepSeq(a.Device) }

// Less is the total order core/vault uses to materialise state
// deterministically: by Time, then Device, then Seq. Ops from one device
// never share a Seq, so no two distinct ops are equal under it.
func Less(a, b *Op) bool {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c < 0
	}
	if a.Device != b.Device {
		return a.Device < b.Device
	}
	return a.Seq < b.Seq
}

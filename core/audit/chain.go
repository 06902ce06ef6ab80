package audit

import (
	"crypto/sha256"
	"encoding/json"

	"github.com/kinko-jp/kinko/core/journal"
)

// Hash is a device's running chain hash: Next folds each op the device
// writes, in Seq order, into it. Two devices' views of one device agree on
// its hash at Seq s exactly when they hold the same ops 1..s.
type Hash [32]byte

// Next returns the chain hash after op: SHA-256 of the previous hash and the
// op's encoding (journal.Op.MarshalBinary, signature included).
func (h Hash) Next(op *journal.Op) (Hash, error) {
	var c chainer
	return c.next(h, op)
}

// chainer computes Next for many ops with one buffer: the verifier hashes
// every op of a folder, and an allocation per op would cost more than the
// hashing.
type chainer struct {
	buf []byte
	enc []byte // DeviceCheck.Add's op encodings
}

func (c *chainer) next(h Hash, op *journal.Op) (Hash, error) {
	b, err := op.AppendBinary(append(c.buf[:0], h[:]...))
	if err != nil {
		return h, err
	}
	c.buf = b
	return sha256.Sum256(b), nil
}

// nextEncoded is next for an op given by its encoding (as a replica
// stores it), which need not be made again.
func (c *chainer) nextEncoded(h Hash, enc []byte) Hash {
	c.buf = append(append(c.buf[:0], h[:]...), enc...)
	return sha256.Sum256(c.buf)
}

// Checkpoint is the payload of a KindCheckpoint op: the signer vouches that
// the device's ops 1..Seq have chain hash Chain, and reports the newest
// checkpoint it has seen of each other device. The op's own signature
// covers it. JSON names are a stored format.
type Checkpoint struct {
	Seq       uint64    `json:"seq"`   // the last op covered: the checkpoint op's Seq - 1
	Chain     Hash      `json:"chain"` // the chain hash after op Seq
	Reason    string    `json:"reason"`
	Witnesses []Witness `json:"witnesses,omitempty"`
}

// Reasons a checkpoint is written.
const (
	ReasonInterval = "interval" // every CheckpointEvery ops
	ReasonClose    = "close"    // the session locks or the program closes
	ReasonRecover  = "recover"  // the first login after ops no checkpoint covered (a crash)
)

// CheckpointEvery is how many ops a device writes between checkpoints.
const CheckpointEvery = 256

// Witness is one other device's checkpoint as the writer saw it.
type Witness struct {
	Device string `json:"device"`
	Seq    uint64 `json:"seq"` // the checkpoint op's Seq
	Chain  Hash   `json:"chain"`
	Covers uint64 `json:"covers"` // its Checkpoint.Seq
}

// MarshalJSON writes a hash as lowercase hex.
func (h Hash) MarshalJSON() ([]byte, error) {
	const hexdigits = "0123456789abcdef"
	b := make([]byte, 0, 2+64)
	b = append(b, '"')
	for _, c := range h {
		b = append(b, hexdigits[c>>4], hexdigits[c&15])
	}
	return append(b, '"'), nil
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (h *Hash) UnmarshalJSON(b []byte) error {
	if len(b) == 66 && b[0] == '"' && b[65] == '"' && h.setHex(b[1:65]) {
		return nil // as MarshalJSON wrote it: no escapes to undo
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil || len(s) != 64 || !h.setHex([]byte(s)) {
		return ErrFormat
	}
	return nil
}

// setHex sets h from 64 lowercase hex digits, reporting whether s was
// that (h is unchanged otherwise).
func (h *Hash) setHex(s []byte) bool {
	var out Hash
	for i := range out {
		hi, ok1 := unhex(s[2*i])
		lo, ok2 := unhex(s[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		out[i] = hi<<4 | lo
	}
	*h = out
	return true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// DecodeCheckpoint reads a checkpoint op's payload.
func DecodeCheckpoint(payload []byte) (*Checkpoint, error) {
	var c Checkpoint
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, ErrFormat
	}
	return &c, nil
}

package seal

import "errors"

// ErrOpen is returned by Open for every failure: wrong key, wrong associated
// data, a modified or truncated sealed blob, or an unknown format byte. It is
// deliberately never wrapped with details, so that nothing distinguishes one
// cause from another.
var ErrOpen = errors.New("seal: cannot open sealed data")

// ErrBadSignature is returned by Verify when a signature does not verify for
// the given public key, domain and message, including when the key or the
// signature has the wrong size or the domain is not a valid Ed25519ctx
// context.
var ErrBadSignature = errors.New("seal: bad signature")

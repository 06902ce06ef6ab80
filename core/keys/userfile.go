package keys

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"filippo.io/age"
)

const (
	// maxWorkFactor is the highest scrypt work factor (log2 N) OpenUser
	// accepts and SealUser allows: 22 is about 4 GiB of memory and several
	// seconds, far above the default, and it caps what a tampered file can
	// make a login cost.
	maxWorkFactor = 22

	// userDocVersion is the "v" of the user secrets document.
	userDocVersion = 2

	// maxUserDoc bounds the user secrets document (about 150 bytes today).
	maxUserDoc = 4 << 10
)

// Options tunes SealUser. A nil *Options means defaults.
type Options struct {
	// WorkFactor is the scrypt work factor, log2 of N, from 1 to 22. Zero
	// means age's default, 18 (about one second: the login cost). Tests pass
	// a low value such as 10 explicitly; there is no global switch.
	WorkFactor int
}

// userDoc is the user secrets document, a stored format:
//
//	{"v":2,"x25519":"AGE-SECRET-KEY-1...","ed25519Seed":"<base64 of 32 bytes>","previous":["AGE-SECRET-KEY-1...", ...]}
type userDoc struct {
	V           int      `json:"v"`
	X25519      string   `json:"x25519"`
	Ed25519Seed []byte   `json:"ed25519Seed"`
	Previous    []string `json:"previous,omitempty"` // earlier x25519 identities, newest first
}

// marshalUser returns u's secrets document. The caller clears it after use.
func marshalUser(u *User) ([]byte, error) {
	if err := u.check(); err != nil {
		return nil, err
	}
	d := userDoc{V: userDocVersion, X25519: u.Enc.String(), Ed25519Seed: u.Sign.Seed()}
	for _, p := range u.Previous {
		d.Previous = append(d.Previous, p.String())
	}
	doc, err := json.Marshal(d)
	if err != nil { // unreachable
		return nil, errors.New("keys: encoding user secrets")
	}
	return doc, nil
}

// unmarshalUser parses a secrets document strictly. Its errors never include
// json's messages, which can quote the (secret) input.
func unmarshalUser(pt []byte) (*User, error) {
	var head struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal(pt, &head); err != nil {
		return nil, fmt.Errorf("%w: secrets document is not json", ErrCorrupt)
	}
	if head.V != userDocVersion {
		return nil, fmt.Errorf("%w: unsupported secrets document version %d", ErrCorrupt, head.V)
	}
	var doc userDoc
	dec := json.NewDecoder(bytes.NewReader(pt))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: malformed secrets document", ErrCorrupt)
	}
	defer clear(doc.Ed25519Seed)
	enc, err := age.ParseX25519Identity(doc.X25519)
	if err != nil {
		return nil, fmt.Errorf("%w: malformed x25519 identity", ErrCorrupt)
	}
	if len(doc.Ed25519Seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: ed25519 seed is not %d bytes", ErrCorrupt, ed25519.SeedSize)
	}
	u := &User{Enc: enc, Sign: ed25519.NewKeyFromSeed(doc.Ed25519Seed)}
	for _, p := range doc.Previous {
		id, err := age.ParseX25519Identity(p)
		if err != nil {
			return nil, fmt.Errorf("%w: malformed previous x25519 identity", ErrCorrupt)
		}
		u.Previous = append(u.Previous, id)
	}
	return u, nil
}

// SealUser encrypts u's secrets with password as a binary age file with a
// single scrypt stanza (see the package doc for the stored format). The user
// service calls it when a user is created or changes their password; the
// result is stored in the journal. opt may be nil.
//
// It returns an error for an empty password, an incomplete user or a work
// factor outside 1..22; none of these errors contains the password or keys.
// The password is copied into an immutable string inside age and cannot be
// wiped; the caller should clear its own slice.
func SealUser(u *User, password []byte, opt *Options) ([]byte, error) {
	if len(password) == 0 {
		return nil, errors.New("keys: empty password")
	}
	wf := 0
	if opt != nil {
		wf = opt.WorkFactor
	}
	if wf < 0 || wf > maxWorkFactor {
		return nil, fmt.Errorf("keys: work factor %d outside 1..%d", wf, maxWorkFactor)
	}
	doc, err := marshalUser(u)
	if err != nil {
		return nil, err
	}
	defer clear(doc)
	r, err := age.NewScryptRecipient(string(password))
	if err != nil { // unreachable: password is not empty
		return nil, errors.New("keys: bad password")
	}
	if wf != 0 {
		r.SetWorkFactor(wf)
	}
	return encrypt(doc, r)
}

// OpenUser decrypts a file made by SealUser: the login. It accepts scrypt
// work factors up to 22.
//
// It returns ErrWrongPassword when the password does not unlock the file
// (including an empty password or a damaged scrypt stanza), and ErrCorrupt
// (wrapped) for anything else: not an age file, truncated or modified
// bytes, a file not sealed with a password, a work factor above 22, or a
// plaintext that is not a valid secrets document.
func OpenUser(sealed, password []byte) (*User, error) {
	if len(password) == 0 {
		return nil, ErrWrongPassword
	}
	id, err := age.NewScryptIdentity(string(password))
	if err != nil { // unreachable: password is not empty
		return nil, ErrWrongPassword
	}
	id.SetMaxWorkFactor(maxWorkFactor)
	pt, err := decrypt(sealed, maxUserDoc, func(nm *age.NoIdentityMatchError) error {
		if slices.Contains(nm.StanzaTypes, "scrypt") {
			return ErrWrongPassword
		}
		return fmt.Errorf("%w: not a password-protected key file", ErrCorrupt)
	}, id)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return unmarshalUser(pt)
}

// SealUserTo encrypts u's secrets (the same document as SealUser) as a
// binary age file to r, normally the vault's recovery key, so that a user who
// forgot their password can be restored (OpenUserWith). It returns an error
// for a nil recipient or an incomplete user.
func SealUserTo(u *User, r age.Recipient) ([]byte, error) {
	if r == nil {
		return nil, errors.New("keys: nil recipient")
	}
	doc, err := marshalUser(u)
	if err != nil {
		return nil, err
	}
	defer clear(doc)
	return encrypt(doc, r)
}

// OpenUserWith decrypts a file made by SealUserTo with id, normally
// Recovery.Identity(), on the forgotten-password path. It returns
// ErrNotRecipient (wrapped) when id has no stanza in the file and ErrCorrupt
// (wrapped) for malformed files or documents.
func OpenUserWith(sealed []byte, id age.Identity) (*User, error) {
	if id == nil {
		return nil, fmt.Errorf("%w: no identity", ErrNotRecipient)
	}
	pt, err := decrypt(sealed, maxUserDoc, notRecipient, id)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return unmarshalUser(pt)
}

package keys

import "errors"

// ErrWrongPassword is returned by OpenUser when the password does not unlock
// the user key file. A damaged scrypt stanza is indistinguishable from a
// wrong password and also reports ErrWrongPassword.
var ErrWrongPassword = errors.New("keys: wrong password")

// ErrCorrupt is returned (wrapped) by OpenUser, OpenUserWith and
// UnwrapScopeKey when the bytes are not a well-formed age file of the
// expected kind, fail authentication after the header, or hold a plaintext
// that is not a valid key document.
var ErrCorrupt = errors.New("keys: corrupt key file")

// ErrNotRecipient is returned (wrapped, together with age's
// *age.NoIdentityMatchError) by OpenUserWith and UnwrapScopeKey when none of
// the given identities has a stanza in the file: the user is not in the
// scope.
var ErrNotRecipient = errors.New("keys: not a recipient")

// ErrBadRecoveryKey is returned (wrapped) by ParseRecovery for input that is
// not a valid recovery key. Its message never contains the input.
var ErrBadRecoveryKey = errors.New("keys: bad recovery key")

// ErrBadPublicKey is returned (wrapped) by UserPublic.AgeRecipient and
// UserPublic.VerifyKey when a roster entry holds a malformed key.
var ErrBadPublicKey = errors.New("keys: bad public key")

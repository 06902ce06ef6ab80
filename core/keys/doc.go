// Package keys holds Kinko's key hierarchy (DESIGN.md §3), built on
// filippo.io/age. It is pure: it turns keys into bytes and back, and the
// journal and vault packages decide where those bytes are stored.
//
// # Users
//
// A User is one person's secret keys: an age X25519 identity, which receives
// scope keys, and an Ed25519 key, which signs journal operations (see
// core/seal.Sign). UserPublic is the public half published in the roster;
// Fingerprint gives a short code two PCs can compare by eye.
//
// SealUser stores a user's secrets as an age file encrypted with the user's
// password (scrypt), so the user can log in on any PC that opens the vault;
// OpenUser is the login. SealUserTo and OpenUserWith store the same secrets
// for the vault's recovery key, for the forgotten-password path.
//
// # Scopes
//
// Each scope epoch has a random 32-byte seal.Key (seal.NewKey). WrapScopeKey
// encrypts it as an age file to the recipients of the users allowed in the
// scope plus the recovery key; UnwrapScopeKey opens it with a user's (or the
// recovery key's) identity. A user outside a scope has no stanza in that
// file: the separation is cryptographic, not a UI rule.
//
// # Recovery key
//
// Recovery is an age X25519 identity created with the vault and printed once
// on the recovery sheet (Groups). ParseRecovery reads it back as a person
// re-types it.
//
// # Stored formats
//
// These formats are stored in vaults and on paper and must never change
// incompatibly; a change needs a new version number.
//
//   - User key file (SealUser): a binary (not armored) age v1 file with a
//     single scrypt stanza. Scope keys and recovery copies (SealUserTo,
//     WrapScopeKey) are binary age v1 files with X25519 stanzas.
//   - User secrets document, the plaintext of SealUser and SealUserTo: the
//     JSON object {"v":2,"x25519":"AGE-SECRET-KEY-1...","ed25519Seed":"...","previous":[...]}
//     where x25519 is the age identity string and ed25519Seed is the 32-byte
//     RFC 8032 seed in standard base64. Unknown fields and other versions are
//     rejected as ErrCorrupt.
//   - Scope key file plaintext: exactly the 32 raw key bytes.
//   - UserPublic JSON: {"recipient":"age1...","signKey":"<base64 of 32 bytes>"}.
//   - Recovery key: the age identity string "AGE-SECRET-KEY-1..." (Bech32,
//     58 data characters), printed in groups of 5.
//
// # Secrets and errors
//
// Errors match one of the sentinels with errors.Is (ErrWrongPassword,
// ErrCorrupt, ErrNotRecipient, ErrBadRecoveryKey, ErrBadPublicKey) or report
// a programming error. No key, password, seed or user input appears in an
// error message: ParseRecovery in particular never echoes what was typed.
// Tests make the password KDF fast through Options.WorkFactor, never through
// a global switch.
package keys

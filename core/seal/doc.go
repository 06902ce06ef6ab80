// Package seal holds Kinko's two record-level primitives: authenticated
// encryption of a record under a scope key, and domain-separated signatures.
// It is pure: no I/O, no global state, no logging.
//
// # Sealing records
//
// Seal encrypts a record with XChaCha20-Poly1305 under a 32-byte Key (the
// scope key of the record's scope and epoch, see DESIGN.md §3). Every sealed
// record is bound to its associated data (AD): vault id, record kind, record
// id, scope, epoch and version. A ciphertext copied into another record,
// scope, epoch or version therefore fails to open, so a person who can write
// to the vault folder cannot swap records around undetected.
//
// A sealed record is, byte for byte (a stored format that must never change;
// a new format gets a new format byte):
//
//	0x01 | nonce (24 random bytes) | ciphertext | Poly1305 tag (16 bytes)
//
// Open fails with the single error ErrOpen whatever went wrong (wrong key,
// wrong AD, a flipped or missing byte, an unknown format byte), so callers
// and error messages reveal nothing about why.
//
// # Signatures
//
// Sign and Verify use Ed25519ctx (RFC 8032) with a caller-chosen domain as the
// context string, so a signature made for one purpose (say a journal
// operation) never verifies for another (say a share package). Domains are
// constants of the calling package, 1 to 255 bytes long.
//
// # Secrets
//
// No key or plaintext ever appears in an error or panic message of this
// package.
package seal

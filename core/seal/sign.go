package seal

import "crypto/ed25519"

// maxDomain is the longest Ed25519ctx context RFC 8032 allows.
const maxDomain = 255

// validDomain reports whether domain can be an Ed25519ctx context. The empty
// context is refused: crypto/ed25519 would then fall back to plain Ed25519
// and the domain separation this package promises would be lost.
func validDomain(domain string) bool {
	return len(domain) >= 1 && len(domain) <= maxDomain
}

// Sign signs msg with priv under domain using Ed25519ctx, so the signature
// verifies only with the same domain. The journal signs each operation with
// the user's key; other packages use their own domain constant.
//
// Sign panics (with a message that contains no key material) if priv is not
// a well-formed 64-byte Ed25519 private key or domain is not 1 to 255 bytes:
// both are programming errors, since keys come from core/keys and domains
// are constants.
func Sign(priv ed25519.PrivateKey, domain string, msg []byte) []byte {
	if !validDomain(domain) {
		panic("seal: signature domain must be 1 to 255 bytes")
	}
	if len(priv) != ed25519.PrivateKeySize {
		panic("seal: bad ed25519 private key size")
	}
	sig, err := priv.Sign(nil, msg, &ed25519.Options{Context: domain})
	if err != nil {
		// Reached only for a private key whose public half does not match
		// its seed. The error text is not used: it must not leak key data.
		panic("seal: malformed ed25519 private key")
	}
	return sig
}

// Verify checks that sig is pub's Ed25519ctx signature of msg under domain.
// The journal calls it for every operation it replays. It returns nil or
// ErrBadSignature, including for a public key that is not 32 bytes, a
// signature that is not 64 bytes or an invalid domain; it never panics.
func Verify(pub ed25519.PublicKey, domain string, msg, sig []byte) error {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize || !validDomain(domain) {
		return ErrBadSignature
	}
	if err := ed25519.VerifyWithOptions(pub, msg, sig, &ed25519.Options{Context: domain}); err != nil {
		return ErrBadSignature
	}
	return nil
}

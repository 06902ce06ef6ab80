package keys

import (
	"fmt"
	"strings"
	"unicode"

	"filippo.io/age"
	"golang.org/x/text/unicode/norm"
)

const (
	// recoveryPrefix is the Bech32 prefix of an age secret key, which
	// Groups leaves off the printed sheet.
	recoveryPrefix = "AGE-SECRET-KEY-1"

	// recoveryDataLen is the length of the Bech32 data part: 32 bytes in
	// 5-bit characters (52) plus a 6-character checksum.
	recoveryDataLen = 58

	// bech32Upper is the Bech32 alphabet in uppercase.
	bech32Upper = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"

	groupLen = 5
)

// Recovery is the vault's recovery key: an age X25519 identity created with
// the vault and printed once on a recovery sheet. It is a recipient of every
// scope key and of the backups. It is a secret: String and Groups return the
// key itself, for the sheet only; never log them. Make one with NewRecovery
// or ParseRecovery; the zero Recovery is not usable.
type Recovery struct {
	id *age.X25519Identity
}

// NewRecovery generates a recovery key from crypto/rand. The vault creation
// wizard calls it once per vault. It fails only if the random source fails.
func NewRecovery() (*Recovery, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("keys: generating recovery key: %v", err)
	}
	return &Recovery{id: id}, nil
}

// ParseRecovery reads a recovery key as a person re-types it from the
// printed sheet (restore on a new PC, forgotten password). It is tolerant:
// it applies Unicode NFKC (so full-width letters, digits, spaces and hyphens
// become ASCII), ignores case, all white space (including newlines and
// U+3000), hyphens and other dashes (including ー) and invisible format
// characters, and accepts the key with or without the "AGE-SECRET-KEY-1"
// prefix, so String and the Groups joined by spaces or hyphens both parse.
// The Bech32 checksum catches typing mistakes.
//
// It returns ErrBadRecoveryKey (wrapped) for anything else. The error never
// contains the input or any part of it.
func ParseRecovery(s string) (*Recovery, error) {
	data, reason := normalizeRecovery(s)
	if reason != "" {
		return nil, fmt.Errorf("%w: %s", ErrBadRecoveryKey, reason)
	}
	// age's parse errors can quote the input, so they are dropped.
	id, err := age.ParseX25519Identity(recoveryPrefix + data)
	if err != nil {
		return nil, fmt.Errorf("%w: checksum mismatch (a character was mistyped)", ErrBadRecoveryKey)
	}
	return &Recovery{id: id}, nil
}

// normalizeRecovery returns the uppercase Bech32 data part of a typed
// recovery key, or a reason (not containing the input) why it is not one.
func normalizeRecovery(s string) (data, reason string) {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		switch {
		case unicode.IsSpace(r), unicode.Is(unicode.Dash, r), unicode.Is(unicode.Cf, r),
			r == 'ー', r == '_':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		case r > unicode.MaxASCII:
			return "", "invalid character"
		}
		b.WriteRune(r)
	}
	data = b.String()
	// The prefix is optional. Its letters are all valid Bech32 characters,
	// so it is only stripped when the input is longer than a data part.
	if rest, ok := strings.CutPrefix(data, "AGESECRETKEY"); ok && len(data) > recoveryDataLen {
		data = strings.TrimPrefix(rest, "1")
	}
	if data == "" {
		return "", "empty"
	}
	for _, r := range data {
		if !strings.ContainsRune(bech32Upper, r) {
			return "", "invalid character"
		}
	}
	if len(data) != recoveryDataLen {
		return "", "wrong length"
	}
	return data, ""
}

// String returns the recovery key as an age identity string,
// "AGE-SECRET-KEY-1...". It is the secret itself: for the recovery sheet
// (text and QR) only, never logged.
func (r *Recovery) String() string {
	return r.id.String()
}

// Groups returns the Bech32 data part of the key (String without the
// "AGE-SECRET-KEY-1" prefix) split into uppercase groups of 5 characters,
// the last one shorter, for printing on the recovery sheet so a person can
// type it back (ParseRecovery accepts the groups joined by spaces or
// hyphens). Like String, the result is the secret.
func (r *Recovery) Groups() []string {
	return chunk(strings.TrimPrefix(r.id.String(), recoveryPrefix), groupLen)
}

// Recipient returns the recovery key's public half, which the vault adds to
// every WrapScopeKey and SealUserTo call.
func (r *Recovery) Recipient() *age.X25519Recipient {
	return r.id.Recipient()
}

// Identity returns the recovery key as an age identity for UnwrapScopeKey
// and OpenUserWith on the recovery path.
func (r *Recovery) Identity() age.Identity {
	return r.id
}

// Format keeps the recovery key out of logs and error messages made with
// fmt: %v, %s and %q print a placeholder. Code that must show the key (the
// recovery sheet) calls String or Groups explicitly.
func (r *Recovery) Format(f fmt.State, verb rune) { fmt.Fprint(f, "keys.Recovery(redacted)") }

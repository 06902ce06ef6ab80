// Package keychain keeps "remember me on this PC" secrets in the operating
// system's keychain (Windows Credential Manager, macOS Keychain, the Secret
// Service on Linux) behind a small interface, with an in-memory fallback.
//
// A secret is one small value per vault and user — a wrapping key, never
// data. Windows limits a secret to 2,560 bytes, so Set refuses anything over
// MaxSecret. The vault chooses service and account (Service and "<vault
// id>/<user id>"); neither is secret.
//
// Errors never contain a secret. System maps every backend failure other
// than "not found" and "too large" to ErrUnavailable and never wraps the
// backend's error; for Set it keeps only the error's Go type, so a message
// from the OS or from D-Bus cannot carry a secret into a log or a dialog.
package keychain

import (
	"errors"
	"fmt"
)

// Service is the service name Kinko's entries are stored under.
const Service = "Kinko"

// MaxSecret is the largest secret Set accepts, in bytes. It leaves headroom
// below Windows' 2,560-byte limit for any encoding the caller adds.
const MaxSecret = 2048

// Errors of the Keychain contract. Callers match them with errors.Is.
var (
	// ErrNotFound: Get found no secret for this service and account.
	ErrNotFound = errors.New("keychain: secret not found")
	// ErrTooLarge: Set was given a secret longer than MaxSecret bytes (or
	// the OS refused it as too big).
	ErrTooLarge = errors.New("keychain: secret too large")
	// ErrUnavailable: the OS keychain failed or does not exist (no Secret
	// Service on Linux, unsupported platform, locked and not unlockable).
	// The caller falls back to asking for the password.
	ErrUnavailable = errors.New("keychain: unavailable")
)

// Keychain stores small secrets by service and account. Implementations are
// safe for concurrent use. The vault's login code is the only caller: it Sets
// a wrapping key when the user ticks "remember me", Gets it at start-up and
// Deletes it on logout, password change or when the user is disabled.
type Keychain interface {
	// Get returns the secret, or ErrNotFound, or ErrUnavailable.
	Get(service, account string) (string, error)
	// Set stores or replaces the secret. It returns ErrTooLarge when
	// len(secret) > MaxSecret, or ErrUnavailable.
	Set(service, account, secret string) error
	// Delete removes the secret. A missing secret is not an error; it
	// returns ErrUnavailable when the keychain fails.
	Delete(service, account string) error
	// Available reports whether the keychain can be used at all. The app
	// calls it to decide whether to offer "remember me on this PC".
	Available() bool
}

// checkSize returns ErrTooLarge (with the sizes, never the content) when
// secret is over MaxSecret.
func checkSize(secret string) error {
	if len(secret) > MaxSecret {
		return fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, len(secret), MaxSecret)
	}
	return nil
}

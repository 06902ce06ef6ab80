// Package opener writes the offline HTML pages a client opens with nothing
// installed: the package opener (built from typage, npm age-encryption)
// and the return envelope page. The pages are built from
// frontend/opener/ by `make opener` and committed here (opener.html,
// envelope.html), like the generated bindings; a test checks that the
// committed pages match their sources.
package opener

import (
	"errors"
	"io"
	"time"
)

// EnvelopeConfig is what an envelope page is bound to.
type EnvelopeConfig struct {
	ID        string    `json:"id"`
	Recipient string    `json:"recipient"` // age1… public key
	Office    string    `json:"office"`
	Client    string    `json:"client"`
	Person    string    `json:"person,omitempty"`
	Message   string    `json:"message,omitempty"`
	Expires   time.Time `json:"expires"`
	Lang      string    `json:"lang"` // "ja" (default) or "en"
}

// MaxEmbedded is the largest package WritePackage embeds in a
// self-opening page; larger ones go next to a plain opener.
const MaxEmbedded = 32 << 20

// WriteOpener writes the opener page, which asks for the package file.
func WriteOpener(w io.Writer, lang string) error { return errors.New("opener: not implemented yet") }

// WritePackage writes a self-opening page that embeds the size bytes of
// package pkg (at most MaxEmbedded).
func WritePackage(w io.Writer, pkg io.Reader, size int64, name, lang string) error {
	return errors.New("opener: not implemented yet")
}

// WriteEnvelope writes a return envelope page bound to cfg.
func WriteEnvelope(w io.Writer, cfg EnvelopeConfig) error {
	return errors.New("opener: not implemented yet")
}

// ExtractPackage returns the package embedded in a self-opening page (so
// Kinko opens .html packages too); ErrNoPackage when there is none.
func ExtractPackage(page io.Reader) (io.Reader, error) { return nil, ErrNoPackage }

// ErrNoPackage: the page embeds no package.
var ErrNoPackage = errors.New("opener: no package in the page")

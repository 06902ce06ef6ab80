package share

import (
	"time"

	"filippo.io/age"
)

// Item is one file to send: Path on disk, Name its path inside the package
// (slash-separated, relative). Size, SHA256 and CRC32 come from the scan
// when known (Create checks the bytes it seals against them and writes the
// CRC and sizes in the ZIP's local header); empty SHA256: Create hashes the
// file first itself.
type Item struct {
	Path   string
	Name   string
	Size   int64
	SHA256 string
	CRC32  uint32 // IEEE
}

// CreateOptions says how to seal a package.
type CreateOptions struct {
	Passphrase string
	WorkFactor int // 0: WorkFactor (tests lower it)
	// Recipients, when set, replace the passphrase: the package is
	// encrypted to them (a return package, Kind KindReturn unless the
	// manifest says otherwise).
	Recipients []age.Recipient
	// Manifest is the package's description; Create fills Format, Version,
	// Kind (KindPackage, or KindReturn with Recipients, when empty), ID
	// (when empty), Created (when zero) and Files.
	Manifest Manifest
	Armor    bool
}

// OpenOptions says how to open a package: a passphrase (packages) or
// identities (return packages: the office's envelope keys).
type OpenOptions struct {
	Passphrase string
	Identities []age.Identity
	Now        time.Time // zero: time.Now (expiry)
}

// Conflict policies of Extract.
const (
	ConflictRefuse    = ""          // ErrExists (ExistsError names the files)
	ConflictOverwrite = "overwrite" // replace existing files
	ConflictKeepBoth  = "keep_both" // "name (2).ext"
	ConflictSkip      = "skip"      // keep the existing file
)

// ExtractOptions says where and how to extract.
type ExtractOptions struct {
	Open     OpenOptions
	Conflict string
}

// ExtractResult is what Extract did.
type ExtractResult struct {
	Manifest *Manifest
	Written  []string // paths on disk
	Skipped  []string // package paths kept as they were (ConflictSkip)
}

// ExistsError lists the package paths that already exist in the target.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string { return ErrExists.Error() }
func (e *ExistsError) Unwrap() error { return ErrExists }

// PathError is an error about one file: Path is the file on disk (Collect,
// Create) or the path inside the package (Open). Err is one of the share
// errors (errors.Is works through it).
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Err.Error() + ": " + e.Path }
func (e *PathError) Unwrap() error { return e.Err }

// NewEnvelopeKey returns a new X25519 key pair for a return envelope.
func NewEnvelopeKey() (*age.X25519Identity, error) { return age.GenerateX25519Identity() }

package share

import (
	"context"
	"errors"
	"io"
	"time"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/progress"
)

// TODO(share): stubs of the engine's API; implementations land with issue 14.

var errTODO = errors.New("share: not implemented yet")

// Item is one file to send: Path on disk, Name its path inside the package
// (slash-separated, relative). Size and SHA256 come from the scan when
// known (Create checks the bytes it seals against them); empty SHA256:
// Create hashes the file first itself.
type Item struct {
	Path   string
	Name   string
	Size   int64
	SHA256 string
}

// Collect expands the chosen files and folders into Items: a folder's files
// keep its name as their first path element; hidden/temporary files
// (~$*, Thumbs.db, desktop.ini, .DS_Store) are left out; names are checked
// with SafeName. Order is stable (the chosen order, then folder walk order).
func Collect(paths []string) ([]Item, error) { return nil, errTODO }

// CreateOptions says how to seal a package.
type CreateOptions struct {
	Passphrase string
	WorkFactor int // 0: WorkFactor (tests lower it)
	// Manifest is the package's description; Create fills Format, Version,
	// Kind (KindPackage), ID (when empty), Created (when zero) and Files.
	Manifest Manifest
	Armor    bool
}

// Create seals items into w as a package, streaming. Progress in bytes.
func Create(ctx context.Context, w io.Writer, items []Item, opt CreateOptions, rep progress.Reporter) (*Manifest, error) {
	return nil, errTODO
}

// CreateFile is Create into path, written under a temporary name in the same
// folder and renamed when complete: a failure or cancel leaves nothing.
func CreateFile(ctx context.Context, path string, items []Item, opt CreateOptions, rep progress.Reporter) (*Manifest, error) {
	return nil, errTODO
}

// OpenOptions says how to open a package: a passphrase (packages) or
// identities (return packages: the office's envelope keys).
type OpenOptions struct {
	Passphrase string
	Identities []age.Identity
	Now        time.Time // zero: time.Now (expiry)
}

// Detect reports the kind of the age file at r without decrypting it:
// KindPackage for a scrypt recipient, KindReturn for X25519; ErrNotPackage
// otherwise.
func Detect(r io.Reader) (string, error) { return "", errTODO }

// Inspect decrypts and checks the manifest of the package in src (size
// bytes) without extracting anything.
func Inspect(src io.ReaderAt, size int64, opt OpenOptions) (*Manifest, error) {
	return nil, errTODO
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

// Extract opens the package in src (size bytes) and writes its files into
// dir (created if missing), checking names, hashes and expiry; nothing of
// it is left in dir unless every file checked out.
func Extract(ctx context.Context, src io.ReaderAt, size int64, dir string, opt ExtractOptions, rep progress.Reporter) (*ExtractResult, error) {
	return nil, errTODO
}

// SafeName reports whether a package path is safe to create on Windows and
// Unix: relative, no "..", no drive letters or colons, no device names
// (CON, NUL, COM1…), no trailing dots or spaces, no control characters.
func SafeName(p string) bool { return false }

// Passphrase is a generated passphrase: Text is what the opener is given
// ("sakura-mikan-…"); Kana the words as read aloud.
type Passphrase struct {
	Text string
	Kana []string
}

// NewPassphrase returns a random passphrase of at least 64 bits.
func NewPassphrase() Passphrase { return Passphrase{} }

// NormalizePassphrase is what every opener applies to what a person typed
// (width, case, separators) before trying it; the opener page does the same.
func NormalizePassphrase(s string) string { return s }

// NewEnvelopeKey returns a new X25519 key pair for a return envelope.
func NewEnvelopeKey() (*age.X25519Identity, error) { return age.GenerateX25519Identity() }

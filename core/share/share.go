package share

import (
	"errors"
	"time"
)

// The format. Stored in every package: never change a name.
const (
	FormatName    = "kinko-share"
	FormatVersion = 1
	ManifestName  = "manifest.json"
	FilesDir      = "files/"
	// WorkFactor is the scrypt work factor (log2 N) of new packages: age's
	// default, which the age command and typage both accept.
	WorkFactor = 18
	// MaxWorkFactor is the highest work factor Open accepts (typage's own
	// limit): a higher one is refused rather than computed for minutes.
	MaxWorkFactor = 20
)

// Kinds of package.
const (
	KindPackage = "package" // office → client, passphrase
	KindReturn  = "return"  // client → office, through an envelope
)

// Manifest is manifest.json, the first entry of every package's ZIP.
type Manifest struct {
	Format  string `json:"format"`  // FormatName
	Version int    `json:"version"` // FormatVersion
	Kind    string `json:"kind"`    // KindPackage or KindReturn
	ID      string `json:"id"`      // random, 16 lowercase hex digits
	Office  string `json:"office"`  // the sending (package) or receiving (return) office's name
	// Client is the client's name; Recipient the person it is for
	// (packages); Sender who made it: the office user's name (packages)
	// or the name the client typed (returns).
	Client    string     `json:"client,omitempty"`
	Recipient string     `json:"recipient,omitempty"`
	Sender    string     `json:"sender,omitempty"`
	Message   string     `json:"message,omitempty"`
	Created   time.Time  `json:"created"`
	Expires   *time.Time `json:"expires,omitempty"`  // packages: always set (the end of the chosen day, Japan time)
	Envelope  string     `json:"envelope,omitempty"` // returns: the envelope's id
	Files     []File     `json:"files"`
}

// File is one file of a package. Path is slash-separated and relative;
// its ZIP entry is FilesDir+Path.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // lowercase hex
}

// Errors. The app maps each to a stable code (share.<...>) translated in the
// window's and the command line's catalogs.
var (
	ErrPassphrase   = errors.New("share: wrong passphrase")
	ErrNoIdentity   = errors.New("share: not for any envelope of this office")
	ErrNotPackage   = errors.New("share: not a share package")
	ErrCorrupt      = errors.New("share: package damaged or altered")
	ErrTruncated    = errors.New("share: package incomplete")
	ErrExpired      = errors.New("share: package expired")
	ErrUnsafeName   = errors.New("share: unsafe file name in package")
	ErrExists       = errors.New("share: files already exist in the target folder")
	ErrWorkFactor   = errors.New("share: passphrase work factor too high")
	ErrTooNew       = errors.New("share: package made by a newer version")
	ErrChanged      = errors.New("share: a file changed while the package was made")
	ErrEmpty        = errors.New("share: no files")
	ErrSourceAbsent = errors.New("share: file to send not found")
)

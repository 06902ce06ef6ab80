package backup

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/outfile"
)

// MarkerFile is the marker's name in a destination folder.
const MarkerFile = "kinko-backup.json"

// MarkerFormat is the marker format this version writes and reads.
const MarkerFormat = 1

// maxMarker bounds what ReadMarker reads: a marker is a few hundred bytes,
// and a destination is outside input (anyone may write to a USB drive).
const maxMarker = 64 << 10

// Errors of the destination marker.
var (
	// ErrNoMarker: the folder holds no marker (not a destination, or the
	// drive is not attached).
	ErrNoMarker = errors.New("backup: no destination marker")
	// ErrBadMarker: the marker is damaged, truncated or of an unknown
	// format.
	ErrBadMarker = errors.New("backup: damaged destination marker")
)

// Marker identifies a destination by an id of its own, not by its drive
// letter or mount point, which change from one attachment to the next. It
// holds no secret: anyone who can read the drive can read it.
type Marker struct {
	Format   int       `json:"format"`   // MarkerFormat
	ID       string    `json:"id"`       // 32 lowercase hex digits (16 random bytes)
	Vault    string    `json:"vault"`    // the id of the vault whose backups these are
	Label    string    `json:"label"`    // the name the office gave the destination
	VolumeID string    `json:"volumeId"` // the volume's serial when made ("" when unknown)
	Created  time.Time `json:"created"`
}

// NewMarker returns the marker of a new destination at dest for the vault:
// a fresh random id, dest's volume serial and the current time. The app
// calls it when the office adds a destination, then WriteMarker.
func NewMarker(dest, vault, label string) (Marker, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return Marker{}, err
	}
	return Marker{
		Format:   MarkerFormat,
		ID:       hex.EncodeToString(id[:]),
		Vault:    vault,
		Label:    label,
		VolumeID: VolumeID(dest),
		Created:  time.Now().UTC().Truncate(time.Second),
	}, nil
}

// WriteMarker writes m as dest's marker, replacing any: a temporary file,
// fsynced, renamed over kinko-backup.json, then the folder fsynced where the
// system allows it, so a drive pulled out meanwhile holds the old marker or
// the new one, never a part. It refuses a marker ReadMarker would refuse
// (ErrBadMarker); file errors are outfile.ErrDiskFull or
// outfile.ErrUnavailable.
func WriteMarker(dest string, m Marker) error {
	if err := m.check(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	err = outfile.Write(filepath.Join(dest, MarkerFile), 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	syncDir(dest)
	return nil
}

// ReadMarker reads dest's marker. It returns ErrNoMarker when there is none
// (or dest itself is missing) and ErrBadMarker when it is damaged,
// truncated, has fields this version does not know or an unknown format.
// Other errors (a drive that cannot be read) are returned as they are.
func ReadMarker(dest string) (*Marker, error) {
	f, err := os.Open(filepath.Join(dest, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoMarker
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMarker+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMarker {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadMarker, maxMarker)
	}
	return parseMarker(data)
}

// parseMarker decodes a marker strictly: one JSON object of known fields.
func parseMarker(data []byte) (*Marker, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Marker
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMarker, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the marker", ErrBadMarker)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// check reports a marker that is not of this format or has no valid id.
func (m *Marker) check() error {
	if m.Format != MarkerFormat {
		return fmt.Errorf("%w: format %d", ErrBadMarker, m.Format)
	}
	if !validID(m.ID) {
		return fmt.Errorf("%w: bad id", ErrBadMarker)
	}
	if m.Created.IsZero() {
		return fmt.Errorf("%w: no creation time", ErrBadMarker)
	}
	return nil
}

// validID: 32 lowercase hex digits.
func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// syncDir makes the marker's rename durable where the system can sync a
// folder. Windows cannot open a folder for syncing (its renames are
// journaled), and some network file systems refuse: the marker itself was
// fsynced before the rename, so the error is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

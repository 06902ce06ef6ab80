package journal

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
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Format is the vault folder format this version writes and the newest it
// reads (Header.Format). It changes only when an older Kinko could no longer
// read the folder correctly.
const Format = 2

const (
	headerKind = "kinko-vault"
	headerFile = "kinko-vault.json"
	journalDir = "journal"
	blobsDir   = "blobs"
	segExt     = ".seg"
	maxHeader  = 64 << 10
)

// Header is kinko-vault.json, the public, unencrypted header of a vault
// folder (see doc.go, "Vault folder"). It holds nothing secret: the office
// name may be shown to anyone who can see the share.
type Header struct {
	Kind    string    `json:"kind"`    // always "kinko-vault"
	Format  int       `json:"format"`  // folder format, at most Format
	Vault   string    `json:"vault"`   // vault id (NewVaultID)
	Name    string    `json:"name"`    // display name chosen by the office
	Created time.Time `json:"created"` // RFC 3339, UTC, whole seconds
}

// Folder is an open vault folder: a local folder or a NAS share. core/vault
// holds one per open vault. Its methods only touch files under the root and
// are safe for concurrent use; they never create the root again once it is
// gone (an unmounted share must not turn into an empty local folder).
type Folder struct {
	root string
	hdr  Header
	// writer is the device id this installation writes as (SetWriter),
	// named in the temporary files of its blob writes.
	writer string
}

// CreateFolder makes root a new vault folder. Vault creation in core/vault
// calls it once. It creates root if needed, then journal/ and blobs/, and
// finally writes kinko-vault.json (temporary file, fsync, rename), so a
// folder without a header is never mistaken for a vault.
//
// Empty Kind, Format and Created are filled in (Created is set to now and
// truncated to whole seconds in UTC). It returns an error wrapping ErrInvalid
// for another Kind or Format or an invalid vault id, ErrExists if root
// already holds a kinko-vault.json or a journal/ folder, ErrDiskFull, or
// ErrUnavailable for other I/O errors.
func CreateFolder(root string, h Header) (*Folder, error) {
	if h.Kind == "" {
		h.Kind = headerKind
	}
	if h.Format == 0 {
		h.Format = Format
	}
	if h.Created.IsZero() {
		h.Created = time.Now()
	}
	h.Created = h.Created.UTC().Truncate(time.Second)
	if h.Kind != headerKind || h.Format != Format {
		return nil, invalid("header kind or format")
	}
	if !ValidDeviceID(h.Vault) {
		return nil, invalid("header has an invalid vault id")
	}
	if !utf8.ValidString(h.Name) {
		return nil, invalid("header name is not valid utf-8")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, ioErr("create vault folder", err)
	}
	if _, err := os.Lstat(filepath.Join(root, headerFile)); err == nil {
		return nil, &detailError{msg: "create vault folder", kind: ErrExists}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, ioErr("create vault folder", err)
	}
	// Mkdir, not MkdirAll: it fails if journal/ exists, which also stops a
	// second CreateFolder racing this one.
	if err := os.Mkdir(filepath.Join(root, journalDir), 0o755); errors.Is(err, fs.ErrExist) {
		return nil, &detailError{msg: "create vault folder", kind: ErrExists}
	} else if err != nil {
		return nil, ioErr("create vault folder", err)
	}
	if err := os.Mkdir(filepath.Join(root, blobsDir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, ioErr("create vault folder", err)
	}
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return nil, invalid("header: %v", err)
	}
	data = append(data, '\n')
	if err := writeFileAtomic(root, headerFile, "", data); errors.Is(err, errAlreadyExists) {
		return nil, &detailError{msg: "create vault folder", kind: ErrExists}
	} else if err != nil {
		return nil, ioErr("write vault header", err)
	}
	return &Folder{root: root, hdr: h}, nil
}

// OpenFolder opens an existing vault folder; core/vault calls it when a
// vault is opened and after the NAS comes back. It returns an error wrapping
// ErrUnavailable if root is missing or cannot be read (the NAS is gone),
// ErrNotVault if there is no kinko-vault.json or its kind is not
// "kinko-vault", a *FormatError (ErrFormat) if its format is newer than
// Format, and ErrCorrupt if it is not valid JSON or lacks a valid vault id or
// format. Unknown JSON fields are ignored.
func OpenFolder(root string) (*Folder, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, ioErr("open vault folder", err)
	}
	if !fi.IsDir() {
		return nil, &detailError{msg: "open vault folder: not a directory", kind: ErrNotVault}
	}
	data, err := readFileLimit(filepath.Join(root, headerFile), maxHeader)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &detailError{msg: "open vault folder: no header", kind: ErrNotVault}
	} else if errors.Is(err, errTooLarge) {
		return nil, corrupt("vault header too large")
	} else if err != nil {
		return nil, ioErr("read vault header", err)
	}
	var h Header
	if err := json.Unmarshal(data, &h); err != nil {
		// Never include the decoder's message: it may quote the file.
		return nil, corrupt("vault header is not valid json")
	}
	if h.Kind != headerKind {
		return nil, &detailError{msg: "open vault folder: header kind", kind: ErrNotVault}
	}
	if h.Format > Format || h.Format == 1 {
		// Format 1 (ops without a causal past) was never released; its
		// vaults cannot be judged by causality and are not read.
		return nil, &FormatError{Found: h.Format}
	}
	if h.Format < 1 || !ValidDeviceID(h.Vault) {
		return nil, corrupt("vault header: bad format or vault id")
	}
	return &Folder{root: root, hdr: h}, nil
}

// Root returns the folder's root path as given to CreateFolder or
// OpenFolder. It is a client's file path: never put it in a log or an error
// message shown to users.
func (f *Folder) Root() string { return f.root }

// Header returns the vault header read or written when the folder was
// opened or created.
func (f *Folder) Header() Header { return f.hdr }

// Devices returns the device ids that have a folder under journal/, sorted.
// The sync loop calls it to find devices to import. Stray files and folder
// names that are not valid device ids are ignored. It returns an error
// wrapping ErrUnavailable if journal/ cannot be read.
func (f *Folder) Devices() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(f.root, journalDir))
	if err != nil {
		return nil, ioErr("list devices", err)
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && ValidDeviceID(e.Name()) {
			ids = append(ids, e.Name())
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// Segments returns the numbers of the segments present in a device's
// folder, sorted. Temporary files of a write in progress and any name that
// is not exactly "%016d.seg" are ignored. A device without a folder has no
// segments (nil, nil). It returns an error wrapping ErrInvalid for an invalid
// device id and ErrUnavailable if the folder cannot be read.
func (f *Folder) Segments(device string) ([]uint64, error) {
	if !ValidDeviceID(device) {
		return nil, invalid("invalid device id")
	}
	nums, _, err := f.listDevice(device) // packed segments too (pack.go)
	return nums, err
}

// ReadSegment reads and decodes segment n of device, returning it with its
// Hash. It does not check that the segment belongs at that place (its
// header's device, vault and number, its Prev); ReadChain does, and the sync
// loop should use ReadChain. Errors are a *SegmentError wrapping ErrCorrupt
// or ErrFormat (the file does not decode, or is not a file but a folder),
// ErrForeign (its device did not sign it), ErrMissing (no such segment),
// ErrUnavailable (the vault folder cannot be read) or ErrInvalid (invalid
// device id or number 0).
func (f *Folder) ReadSegment(device string, n uint64) (*Segment, [32]byte, error) {
	return f.readSegment(device, n, nil, nil)
}

// readSegment is ReadSegment, into ar's memory when ar is not nil
// (decodeSegment), reading a segment whose file is gone from a pack
// holding it (pack.go), through cache when a chain walk gives one.
func (f *Folder) readSegment(device string, n uint64, ar *arena, cache *packCache) (*Segment, [32]byte, error) {
	fail := func(err error) (*Segment, [32]byte, error) {
		return nil, [32]byte{}, &SegmentError{Device: device, Number: n, Err: err}
	}
	if !ValidDeviceID(device) || n == 0 {
		return fail(invalid("invalid device id or segment number"))
	}
	var buf *bytes.Buffer
	if ar != nil {
		buf = &ar.file
	} else {
		buf = segBufs.Get().(*bytes.Buffer)
		defer func() {
			if buf.Cap() <= maxPooledSegment {
				segBufs.Put(buf)
			}
		}()
	}
	err := readFileInto(buf, filepath.Join(f.deviceDir(device), segmentName(n)), maxSegmentSize)
	data := buf.Bytes()
	if errors.Is(err, fs.ErrNotExist) {
		if err := f.present(); err != nil {
			return fail(ioErr("read segment", err))
		}
		if data, err = f.readPacked(device, n, cache); err != nil {
			return fail(err)
		}
	}
	switch {
	case errors.Is(err, errTooLarge):
		return fail(corrupt("segment file too large"))
	case errors.Is(err, errNotRegular):
		return fail(corrupt("segment is not a regular file"))
	case err != nil:
		return fail(ioErr("read segment", err))
	}
	sm := sums(data)
	s, err := decodeSegment(data, &sm, ar)
	if err != nil {
		return fail(err)
	}
	return s, sm.file, nil
}

// WriteSegment writes s as journal/<device>/<number as %016d>.seg and
// returns its Hash. The outbox flush in core/vault calls it with a segment
// of this installation's own device, signed with the device's key
// (Segment.Sign): a device writes only below its own folder.
//
// The file is written under a temporary name in the same folder, fsynced,
// closed and then moved to its final name without ever replacing an existing
// file, and the folder is fsynced (not on Windows, where the move is
// write-through). On failure the temporary file is removed and nothing is
// visible under the final name. It never recreates a vanished root.
//
// Errors are a *SegmentError wrapping ErrInvalid (Encode refused s, for
// example because it is not signed by its device's key),
// ErrSegmentExists (that number is taken: segments are immutable),
// ErrDiskFull, or ErrUnavailable (the vault folder is gone or another I/O
// error). After ErrUnavailable the segment may or may not have reached the
// share; on retry, ErrSegmentExists together with an equal Hash from
// ReadSegment means it did.
func (f *Folder) WriteSegment(s *Segment) ([32]byte, error) {
	fail := func(err error) ([32]byte, error) {
		return [32]byte{}, &SegmentError{Device: s.Device, Number: s.Number, Err: err}
	}
	data, err := s.Encode()
	if err != nil {
		return fail(err)
	}
	if s.Vault != f.hdr.Vault {
		return fail(invalid("segment of another vault"))
	}
	if err := f.present(); err != nil {
		return fail(ioErr("write segment", err))
	}
	dir := f.deviceDir(s.Device)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fail(ioErr("write segment", err))
	}
	name := segmentName(s.Number)
	if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
		return fail(&detailError{msg: "write segment", kind: ErrSegmentExists})
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fail(ioErr("write segment", err))
	}
	if err := writeFileAtomic(dir, name, s.Device, data); errors.Is(err, errAlreadyExists) {
		return fail(&detailError{msg: "write segment", kind: ErrSegmentExists})
	} else if err != nil {
		return fail(ioErr("write segment", err))
	}
	return Hash(data), nil
}

// quarantineInfix follows the segment name in the name of a file set aside
// by Quarantine; 16 random hex digits follow it.
const quarantineInfix = ".quarantined-"

// Quarantine sets segment n of device aside: the file is renamed, in the
// same folder and without replacing anything, to
// "<n as %016d>.seg.quarantined-<16 hex>", a name readers ignore, so that
// the number is free again. The outbox flush in core/vault calls it for its
// own device only, when the file at its next number is not its own (it does
// not decode, is not signed by the device's key, or names another vault,
// device or number): someone else wrote it there, and the PC carries on
// with its own segment instead of stopping for good. A device therefore
// still changes nothing outside its own folder. The file is kept for
// inspection; Quarantined lists it and `vault verify` reports it.
//
// Errors are a *SegmentError wrapping ErrMissing (no such segment),
// ErrInvalid (invalid device id or number 0) or ErrUnavailable.
func (f *Folder) Quarantine(device string, n uint64) error {
	fail := func(err error) error { return &SegmentError{Device: device, Number: n, Err: err} }
	if !ValidDeviceID(device) || n == 0 {
		return fail(invalid("invalid device id or segment number"))
	}
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return fail(ioErr("quarantine segment", err))
	}
	dir := f.deviceDir(device)
	from := filepath.Join(dir, segmentName(n))
	err := renameNoReplace(from, filepath.Join(dir, segmentName(n)+quarantineInfix+hex.EncodeToString(rnd[:])))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := f.present(); err != nil {
			return fail(ioErr("quarantine segment", err))
		}
		return fail(&detailError{msg: "quarantine segment", kind: ErrMissing})
	case err != nil:
		return fail(ioErr("quarantine segment", err))
	}
	// renameNoReplace may have linked without unlinking the old name.
	if err := os.Remove(from); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail(ioErr("quarantine segment", err))
	}
	if err := syncDir(dir); err != nil {
		return fail(ioErr("quarantine segment", err))
	}
	return nil
}

// Quarantined returns the numbers of the segments of device that its PC
// has set aside (Quarantine), sorted, once per file. `vault verify` reports
// each. A device without a folder has none. Errors wrap ErrInvalid for an
// invalid device id and ErrUnavailable if the folder cannot be read.
func (f *Folder) Quarantined(device string) ([]uint64, error) {
	if !ValidDeviceID(device) {
		return nil, invalid("invalid device id")
	}
	entries, err := f.readDir(f.deviceDir(device), "list quarantined segments")
	if err != nil {
		return nil, err
	}
	var nums []uint64
	for _, e := range entries {
		if n, ok := quarantinedNumber(e.Name()); ok {
			nums = append(nums, n) // a file, or a folder someone put in a segment's place
		}
	}
	slices.Sort(nums)
	return nums, nil
}

// quarantinedNumber parses the name Quarantine gives segment n's file.
func quarantinedNumber(name string) (uint64, bool) {
	seg, suffix, ok := strings.Cut(name, quarantineInfix)
	if _, err := hex.DecodeString(suffix); !ok || err != nil || len(suffix) != 16 {
		return 0, false
	}
	return parseSegmentName(seg)
}

// readDir lists dir, a folder of the vault folder that may not exist yet
// (a device's folder, blobs/): then it has no entries, unless the vault
// folder itself is gone (ErrUnavailable).
func (f *Folder) readDir(dir, op string) ([]os.DirEntry, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := f.present(); err != nil {
			return nil, ioErr(op, err)
		}
		return nil, nil
	}
	if err != nil {
		return nil, ioErr(op, err)
	}
	return entries, nil
}

// present checks that the root and journal/ are still there, to tell "no
// such segment" from "the vault folder vanished".
func (f *Folder) present() error {
	fi, err := os.Stat(filepath.Join(f.root, journalDir))
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fs.ErrNotExist
	}
	return nil
}

func (f *Folder) deviceDir(device string) string {
	return filepath.Join(f.root, journalDir, device)
}

// segmentName is the file name of segment n: %016d.seg.
func segmentName(n uint64) string { return fmt.Sprintf("%016d%s", n, segExt) }

// parseSegmentName accepts exactly the names segmentName produces.
func parseSegmentName(name string) (uint64, bool) {
	num, ok := strings.CutSuffix(name, segExt)
	if !ok || len(num) < 16 {
		return 0, false
	}
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil || n == 0 || segmentName(n) != name {
		return 0, false
	}
	return n, true
}

var (
	errTooLarge   = errors.New("journal: file too large")
	errNotRegular = errors.New("journal: not a regular file") // a folder in a file's place
)

// segBufs holds ReadSegment's file buffers. A decoded segment keeps
// nothing of the file's bytes (DecodeSegment copies what it keeps), so one
// buffer serves read after read instead of a fresh, zeroed allocation per
// segment: reading a folder of a million ops moves hundreds of megabytes.
// Buffers over maxPooledSegment (a segment of unusually large ops) are
// left to the collector.
var segBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledSegment = 8 << 20

// readFileLimit reads a whole file, refusing one larger than limit before
// allocating for it.
func readFileLimit(name string, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if err := readFileInto(&buf, name, limit); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readFileInto is readFileLimit into buf, which it empties first.
func readFileInto(buf *bytes.Buffer, name string, limit int64) error {
	buf.Reset()
	fh, err := os.Open(name)
	if err != nil {
		return err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return errNotRegular
	}
	if fi.Size() > limit {
		return errTooLarge
	}
	// Room for the whole file and for ReadFrom's last read, which finds
	// EOF: with less, ReadFrom would grow (and copy) the buffer once more.
	buf.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(fh, limit+1)); err != nil {
		return err
	}
	if int64(buf.Len()) > limit {
		return errTooLarge
	}
	return nil
}

package share

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"golang.org/x/crypto/chacha20poly1305"
)

const (
	ageVersionLine = "age-encryption.org/v1"
	armorBegin     = "-----BEGIN AGE ENCRYPTED FILE-----"
	maxHeader      = 64 << 10 // far more than one or a few stanzas need
	maxManifest    = 16 << 20
	chunkSize      = 64 << 10 // age's payload chunk
)

// header is what Detect learns from an age header without decrypting.
type header struct {
	kind       string // KindPackage (scrypt) or KindReturn (X25519)
	workFactor int    // scrypt only
	size       int    // bytes of the header, "--- mac" line included
}

// parseHeader reads the age header at the start of r. A header cut short:
// ErrTruncated; anything else that is not one scrypt stanza or only X25519
// stanzas: ErrNotPackage; a scrypt work factor above MaxWorkFactor:
// ErrWorkFactor.
func parseHeader(r io.Reader) (header, error) {
	br := bufio.NewReaderSize(io.LimitReader(r, maxHeader), 4096)
	var h header
	line := func() (string, error) {
		s, err := br.ReadString('\n')
		h.size += len(s)
		if err == io.EOF {
			if h.size >= maxHeader {
				return s, ErrNotPackage
			}
			return s, ErrTruncated
		}
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(s, "\n"), nil
	}
	first, err := line()
	if err != nil {
		if errors.Is(err, ErrTruncated) && (first == "" || !strings.HasPrefix(ageVersionLine, first)) {
			return h, ErrNotPackage // not even the start of an age header
		}
		return h, err
	}
	if first != ageVersionLine {
		return h, ErrNotPackage
	}
	var types []string
	for {
		s, err := line()
		if err != nil {
			return h, err
		}
		if strings.HasPrefix(s, "---") {
			break
		}
		if !strings.HasPrefix(s, "-> ") {
			continue // a stanza's body
		}
		args := strings.Fields(s[3:])
		if len(args) == 0 {
			return h, ErrNotPackage
		}
		types = append(types, args[0])
		if args[0] == "scrypt" {
			if len(args) != 3 {
				return h, ErrNotPackage
			}
			wf, err := strconv.Atoi(args[2])
			if err != nil || wf < 1 {
				return h, ErrNotPackage
			}
			h.workFactor = wf
		}
	}
	switch {
	case len(types) == 1 && types[0] == "scrypt":
		h.kind = KindPackage
		if h.workFactor > MaxWorkFactor {
			return h, ErrWorkFactor
		}
	case len(types) > 0 && !slicesContainsOther(types, "X25519"):
		h.kind = KindReturn
	default:
		return h, ErrNotPackage
	}
	return h, nil
}

func slicesContainsOther(s []string, want string) bool {
	for _, v := range s {
		if v != want {
			return true
		}
	}
	return false
}

// Detect reports the kind of the age file at r without decrypting it:
// KindPackage for a scrypt recipient, KindReturn for X25519; ErrNotPackage
// otherwise (ErrWorkFactor for a passphrase too costly to try).
func Detect(r io.Reader) (string, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(armorBegin)); string(b) == armorBegin {
		r = armor.NewReader(br)
	} else {
		r = br
	}
	h, err := parseHeader(r)
	if errors.Is(err, ErrTruncated) {
		return "", ErrNotPackage
	}
	return h.kind, err
}

// opened is a decrypted package: its ZIP and checked manifest.
type opened struct {
	manifest *Manifest
	zip      *zip.Reader
	entries  map[string]*zip.File // by package path
	cleanup  func()
}

// open decrypts src and checks the package: header, identities, ZIP,
// manifest, entries (not yet the files' hashes). On ErrExpired it returns
// the package too.
func open(src io.ReaderAt, size int64, opt OpenOptions) (*opened, error) {
	o := &opened{cleanup: func() {}}
	if size >= int64(len(armorBegin)) {
		b := make([]byte, len(armorBegin))
		if _, err := src.ReadAt(b, 0); err == nil && string(b) == armorBegin {
			f, n, err := unarmor(src, size)
			if err != nil {
				return nil, err
			}
			o.cleanup = func() { f.Close(); os.Remove(f.Name()) }
			src, size = f, n
		}
	}
	ok := false
	defer func() {
		if !ok {
			o.cleanup()
		}
	}()
	h, err := parseHeader(io.NewSectionReader(src, 0, size))
	if err != nil {
		return nil, err
	}
	var ids []age.Identity
	switch h.kind {
	case KindPackage:
		pass := NormalizePassphrase(opt.Passphrase)
		if pass == "" {
			return nil, ErrPassphrase
		}
		id, err := age.NewScryptIdentity(pass)
		if err != nil {
			return nil, ErrPassphrase
		}
		id.SetMaxWorkFactor(MaxWorkFactor)
		ids = []age.Identity{id}
	case KindReturn:
		if len(opt.Identities) == 0 {
			return nil, ErrNoIdentity
		}
		ids = opt.Identities
	}
	hdr, err := age.ExtractHeader(io.NewSectionReader(src, 0, size))
	if err != nil {
		return nil, ErrCorrupt // it looked like age up to here
	}
	fileKey, err := age.DecryptHeader(hdr, ids...)
	if err != nil {
		var nim *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nim) && h.kind == KindPackage:
			return nil, ErrPassphrase
		case errors.As(err, &nim):
			return nil, ErrNoIdentity
		default:
			return nil, ErrCorrupt // a header whose MAC does not match, or garbled
		}
	}
	payload := size - int64(len(hdr))
	if payload <= 16 {
		return nil, ErrTruncated
	}
	plain, plainSize, err := age.DecryptReaderAt(src, size, age.NewInjectedFileKeyIdentity(fileKey))
	if err != nil {
		if truncated(src, int64(len(hdr)), payload, fileKey) {
			return nil, ErrTruncated
		}
		return nil, ErrCorrupt
	}
	ra := &authReaderAt{r: plain}
	zr, err := zip.NewReader(ra, plainSize)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		if ra.err != nil {
			return nil, ErrCorrupt
		}
		return nil, ErrNotPackage // an age file of something else
	}
	o.zip = zr
	if err := o.check(ra); err != nil {
		return nil, err
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	ok = true
	if m := o.manifest; m.Expires != nil && now.After(*m.Expires) {
		return o, ErrExpired
	}
	return o, nil
}

// check reads the manifest and matches it against the ZIP's entries.
func (o *opened) check(ra *authReaderAt) error {
	zr := o.zip
	if len(zr.File) == 0 || zr.File[0].Name != ManifestName {
		return ErrNotPackage
	}
	mf := zr.File[0]
	if mf.UncompressedSize64 > maxManifest {
		return ErrCorrupt
	}
	rc, err := mf.Open()
	if err != nil {
		return zipErr(ra, err)
	}
	mj, err := io.ReadAll(io.LimitReader(rc, maxManifest+1))
	rc.Close()
	if err != nil {
		return zipErr(ra, err)
	}
	var probe struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if json.Unmarshal(mj, &probe) != nil || probe.Format != FormatName {
		return ErrNotPackage
	}
	if probe.Version > FormatVersion {
		return ErrTooNew
	}
	if probe.Version < 1 {
		return ErrNotPackage
	}
	var m Manifest
	if err := json.Unmarshal(mj, &m); err != nil {
		return ErrCorrupt
	}
	if m.Kind != KindPackage && m.Kind != KindReturn {
		return ErrNotPackage
	}
	paths := make([]string, len(m.Files))
	byPath := make(map[string]*File, len(m.Files))
	for i := range m.Files {
		f := &m.Files[i]
		paths[i] = f.Path
		if f.Size < 0 || !isHex64(f.SHA256) {
			return ErrCorrupt
		}
		byPath[f.Path] = f
	}
	if err := checkNames(paths); err != nil {
		return err
	}
	o.entries = make(map[string]*zip.File, len(m.Files))
	for _, zf := range zr.File[1:] {
		name := zf.Name
		if strings.HasSuffix(name, "/") && zf.UncompressedSize64 == 0 {
			continue // a folder: readers ignore them
		}
		rel, found := strings.CutPrefix(name, FilesDir)
		if !found {
			if !SafeName(name) {
				return &PathError{Path: name, Err: ErrUnsafeName}
			}
			return &PathError{Path: name, Err: ErrCorrupt}
		}
		if !SafeName(rel) {
			return &PathError{Path: rel, Err: ErrUnsafeName}
		}
		f, listed := byPath[rel]
		if !listed || o.entries[rel] != nil {
			return &PathError{Path: rel, Err: ErrCorrupt}
		}
		if zf.UncompressedSize64 != uint64(f.Size) || (zf.Method != zip.Store && zf.Method != zip.Deflate) {
			return &PathError{Path: rel, Err: ErrCorrupt}
		}
		o.entries[rel] = zf
	}
	for _, f := range m.Files {
		if o.entries[f.Path] == nil {
			return &PathError{Path: f.Path, Err: ErrCorrupt}
		}
	}
	o.manifest = &m
	return nil
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// zipErr maps an error from reading the decrypted ZIP.
func zipErr(ra *authReaderAt, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if ra.failed() {
		return ErrCorrupt
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return err // the disk, not the package
	}
	return ErrCorrupt
}

// authReaderAt remembers that the age layer refused a chunk.
type authReaderAt struct {
	r   io.ReaderAt
	err error
}

func (a *authReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := a.r.ReadAt(p, off)
	if err != nil && err != io.EOF {
		a.err = err
		return n, ErrCorrupt
	}
	return n, err
}

func (a *authReaderAt) failed() bool { return a.err != nil }

// truncated reports whether an age payload that failed to authenticate is
// the start of a longer one: its last chunk is a whole chunk that
// authenticates as a chunk that is not the last. A cut inside a chunk cannot
// be told from an alteration (that is ErrCorrupt).
func truncated(src io.ReaderAt, hdrLen, payload int64, fileKey []byte) bool {
	const overhead = chacha20poly1305.Overhead
	nonce := make([]byte, 16)
	if _, err := src.ReadAt(nonce, hdrLen); err != nil {
		return true
	}
	body := payload - 16
	full := int64(chunkSize + overhead)
	rem := body % full
	if rem > 0 && rem <= overhead {
		return true // no valid file ends in a chunk without plaintext
	}
	if rem != 0 || body == 0 {
		return false
	}
	key, err := hkdf.Key(sha256.New, fileKey, nonce, "payload", chacha20poly1305.KeySize)
	if err != nil {
		return false
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return false
	}
	last := body/full - 1
	ct := make([]byte, full)
	if _, err := src.ReadAt(ct, hdrLen+16+last*full); err != nil {
		return false
	}
	var n [chacha20poly1305.NonceSize]byte
	binary.BigEndian.PutUint64(n[3:11], uint64(last))
	_, err = aead.Open(nil, n[:], ct, nil) // n[11] == 0: not the last chunk
	return err == nil
}

// unarmor decodes an ASCII-armored package into a temporary file (the
// ciphertext: nothing readable is written).
func unarmor(src io.ReaderAt, size int64) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "kinko-share-*.age")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(f, armor.NewReader(io.NewSectionReader(src, 0, size)))
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, 0, ErrTruncated
		}
		return nil, 0, ErrNotPackage
	}
	return f, n, nil
}

// Inspect decrypts and checks the manifest of the package in src (size
// bytes) without extracting anything. An expired package: the manifest
// and ErrExpired (so a caller can still say what it was).
func Inspect(src io.ReaderAt, size int64, opt OpenOptions) (*Manifest, error) {
	o, err := open(src, size, opt)
	if o == nil {
		return nil, err
	}
	defer o.cleanup()
	return o.manifest, err
}

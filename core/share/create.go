package share

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/kinko-jp/kinko/core/progress"
)

// Progress stages of Create and Extract (bytes).
const (
	StageHash    = "hash"    // Create's own first pass over files without a SHA-256
	StageSeal    = "seal"    // encrypting
	StageExtract = "extract" // decrypting and checking
)

// deflateMax is the size below which compressible files are deflated (in
// memory, so that the sizes are known before the entry's header).
const deflateMax = 16 << 20

// compressible are the extensions worth deflating; everything else
// (PDF, xlsx, docx, images, archives) is compressed already.
var compressible = map[string]bool{
	".csv": true, ".txt": true, ".tsv": true, ".xml": true, ".json": true, ".html": true, ".log": true,
}

// Create seals items into w as a package, streaming: memory stays flat
// whatever the size. Progress in bytes; ctx is checked for every chunk.
// The manifest written is returned.
func Create(ctx context.Context, w io.Writer, items []Item, opt CreateOptions, rep progress.Reporter) (*Manifest, error) {
	rep = progress.OrNoop(rep)
	if len(items) == 0 {
		return nil, ErrEmpty
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	if err := checkNames(names); err != nil {
		return nil, err
	}
	recips, kind, err := recipients(opt)
	if err != nil {
		return nil, err
	}
	items, err = hashItems(ctx, items, rep)
	if err != nil {
		return nil, err
	}

	m := opt.Manifest
	m.Format, m.Version = FormatName, FormatVersion
	if m.Kind == "" {
		m.Kind = kind
	}
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.Created.IsZero() {
		m.Created = time.Now().Truncate(time.Second)
	}
	m.Files = make([]File, len(items))
	var total int64
	for i, it := range items {
		m.Files[i] = File{Path: it.Name, Size: it.Size, SHA256: it.SHA256}
		total += it.Size
	}
	mj, err := json.MarshalIndent(&m, "", "  ")
	if err != nil {
		return nil, err
	}

	out := w
	var aw io.WriteCloser
	if opt.Armor {
		aw = armor.NewWriter(w)
		out = aw
	}
	ew, err := age.Encrypt(out, recips...)
	if err != nil {
		return nil, err
	}
	zw := zip.NewWriter(ew)
	if err := writeEntry(zw, ManifestName, zip.Store, mj, len(mj), crc32.ChecksumIEEE(mj), m.Created); err != nil {
		return nil, err
	}
	p := newPipe()
	var done int64
	rep.Report(progress.Update{Stage: StageSeal, Done: 0, Total: total})
	for _, it := range items {
		if err := sealItem(ctx, zw, p, it, rep, &done, total); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := ew.Close(); err != nil {
		return nil, err
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// recipients returns whom to encrypt to and the default kind.
func recipients(opt CreateOptions) ([]age.Recipient, string, error) {
	if len(opt.Recipients) > 0 {
		return opt.Recipients, KindReturn, nil
	}
	pass := NormalizePassphrase(opt.Passphrase)
	if pass == "" {
		return nil, "", ErrPassphrase
	}
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		return nil, "", err
	}
	wf := opt.WorkFactor
	if wf == 0 {
		wf = WorkFactor
	}
	r.SetWorkFactor(wf)
	return []age.Recipient{r}, KindPackage, nil
}

// NewID returns a new package or envelope id: 16 lowercase hex digits.
func NewID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// hashItems returns items with SHA256 and CRC32 filled in, reading the
// files that lack them (an empty file's CRC is 0, a real one's rarely).
func hashItems(ctx context.Context, items []Item, rep progress.Reporter) ([]Item, error) {
	var todo []int
	var total int64
	for i, it := range items {
		if it.SHA256 == "" || (it.CRC32 == 0 && it.Size != 0) {
			todo = append(todo, i)
			total += it.Size
		}
	}
	if len(todo) == 0 {
		return items, nil
	}
	items = append([]Item(nil), items...)
	p := newPipe()
	var done int64
	rep.Report(progress.Update{Stage: StageHash, Done: 0, Total: total})
	for _, i := range todo {
		it := &items[i]
		f, err := openSource(it.Path)
		if err != nil {
			return nil, err
		}
		s, err := p.copy(ctx, io.Discard, f, -1, rep, StageHash, &done, total)
		f.Close()
		if err != nil {
			return nil, err
		}
		if it.SHA256 != "" && (s.sha256 != it.SHA256 || s.n != it.Size) {
			return nil, &PathError{Path: it.Path, Err: ErrChanged}
		}
		it.SHA256, it.CRC32, it.Size = s.sha256, s.crc32, s.n
	}
	return items, nil
}

// openSource opens a file to send; missing: ErrSourceAbsent.
func openSource(p string) (*os.File, error) {
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &PathError{Path: p, Err: ErrSourceAbsent}
	}
	return f, err
}

// writeEntry writes a ZIP entry whose (possibly compressed) bytes are in
// memory, with its CRC and sizes in the local header.
func writeEntry(zw *zip.Writer, name string, method uint16, data []byte, size int, crc uint32, mod time.Time) error {
	ew, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Flags:              0x800, // UTF-8 names
		Method:             method,
		Modified:           mod,
		CRC32:              crc,
		CompressedSize64:   uint64(len(data)),
		UncompressedSize64: uint64(size),
	})
	if err != nil {
		return err
	}
	_, err = ew.Write(data)
	return err
}

// sealItem writes one file's entry, checking its bytes against the item.
func sealItem(ctx context.Context, zw *zip.Writer, p *pipe, it Item, rep progress.Reporter, done *int64, total int64) error {
	f, err := openSource(it.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	changed := &PathError{Path: it.Path, Err: ErrChanged}
	if fi.Size() != it.Size {
		return changed
	}
	name := FilesDir + it.Name
	if it.Size > 0 && it.Size < deflateMax && compressible[strings.ToLower(path.Ext(it.Name))] {
		if err := ctx.Err(); err != nil {
			return err
		}
		data := make([]byte, it.Size+1)
		n, err := io.ReadFull(f, data)
		if err != io.ErrUnexpectedEOF && err != nil {
			return err
		}
		data = data[:n]
		sum := sha256.Sum256(data)
		if int64(n) != it.Size || hex.EncodeToString(sum[:]) != it.SHA256 || crc32.ChecksumIEEE(data) != it.CRC32 {
			return changed
		}
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
		fw.Write(data)
		if err := fw.Close(); err != nil {
			return err
		}
		method, body := zip.Deflate, buf.Bytes()
		if len(body) >= len(data) {
			method, body = zip.Store, data
		}
		if err := writeEntry(zw, name, method, body, n, it.CRC32, fi.ModTime()); err != nil {
			return err
		}
		*done += it.Size
		rep.Report(progress.Update{Stage: StageSeal, Done: *done, Total: total})
		return nil
	}
	ew, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Flags:              0x800,
		Method:             zip.Store,
		Modified:           fi.ModTime(),
		CRC32:              it.CRC32,
		CompressedSize64:   uint64(it.Size),
		UncompressedSize64: uint64(it.Size),
	})
	if err != nil {
		return err
	}
	s, err := p.copy(ctx, ew, f, it.Size, rep, StageSeal, done, total)
	if errors.Is(err, errTooLong) {
		return changed
	}
	if err != nil {
		return err
	}
	if s.n != it.Size || s.sha256 != it.SHA256 || s.crc32 != it.CRC32 {
		return changed
	}
	return nil
}

// CreateFile is Create into path, written under a temporary name in the same
// folder and renamed when complete: a failure or cancel leaves nothing.
// The file is not fsynced (neither does the age command): a package cut
// short by a crash is refused by every age reader as incomplete, and is
// made again.
func CreateFile(ctx context.Context, path string, items []Item, opt CreateOptions, rep progress.Reporter) (*Manifest, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".kinko-part-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := newBufWriter(f)
	m, err := Create(ctx, bw, items, opt, rep)
	if err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, err
	}
	ok = true
	return m, nil
}

package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kinko-jp/kinko/core/progress"
)

const (
	// memLimit: a container (zip, xlsx, docx, pdf) up to this size is read
	// into memory and parsed from exactly the bytes that were hashed.
	// Larger top-level zips are parsed from the file after the hashing pass;
	// larger PDFs and larger containers inside a zip are not searched
	// (too_large).
	memLimit = 64 << 20
	// sniffLen: how much of a file decides its type (a NUL in it: binary).
	sniffLen = 8 << 10
	// maxDepth: zips inside zips are searched this deep.
	maxDepth = 3
	// pipeChunk: the hashing goroutine reads this much at a time.
	pipeChunk = 256 << 10
	// workers: files searched at a time.
	workers = 2
	// reportStep: progress is reported at least every this many bytes.
	reportStep = 4 << 20
)

// Decompressed bytes allowed per top-level file (zip bombs): minBudget, or
// bombRatio times the file's size, at most maxBudget. Variables so tests
// can lower them.
var (
	minBudget int64 = 512 << 20
	bombRatio int64 = 100
	maxBudget int64 = 16 << 30
)

// errTooLarge: a part would exceed the decompression budget or memLimit.
var errTooLarge = errors.New("scan: too large")

// errCorrupt: a part's structure could not be parsed.
var errCorrupt = errors.New("scan: corrupt")

// Stage is the progress stage of a scan.
const Stage = "scan"

type scanner struct {
	ctx    context.Context
	m      *meter
	res    *Result
	budget int64 // decompressed bytes left for the current top-level file
}

// meter counts the bytes read by all workers and reports progress, in
// order, at least every reportStep bytes.
type meter struct {
	mu    sync.Mutex
	rep   progress.Reporter
	done  int64
	last  int64
	total int64
}

func (m *meter) add(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	if m.done-m.last >= reportStep {
		m.last = m.done
		m.rep.Report(progress.Update{Stage: Stage, Done: m.done, Total: max(m.total, m.done)})
	}
}

// where names the part being searched.
type where struct {
	file  string
	inner string
}

func (w where) in(name string) where {
	if w.inner == "" {
		return where{w.file, name}
	}
	return where{w.file, w.inner + "/" + name}
}

// Files scans files in order, reporting progress in bytes (stage "scan").
// Every file is read once, sequentially, to compute its size, SHA-256 and
// CRC-32 and to search it. ctx cancels (the error is ctx's); a file that
// cannot be opened or read stops the scan with an error wrapping
// ErrUnreadable that names it.
func Files(ctx context.Context, files []File, rep progress.Reporter) (*Result, error) {
	m := &meter{rep: progress.OrNoop(rep)}
	for _, f := range files {
		st, err := os.Stat(f.Path)
		if err != nil {
			return nil, unreadable(f, err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%w: %s: not a regular file", ErrUnreadable, f.Name)
		}
		m.total += st.Size()
	}
	m.rep.Report(progress.Update{Stage: Stage, Total: m.total})
	// Two files at a time (each hashed in its own goroutine while it is
	// searched): containers are parsed after they are read, so one file
	// alone leaves a core idle. Results are merged in the files' order.
	type out struct {
		fr  FileResult
		res *Result
		err error
	}
	outs := make([]out, len(files))
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(files), workers) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) || wctx.Err() != nil {
					return
				}
				s := &scanner{ctx: wctx, m: m, res: &Result{}}
				fr, err := s.file(files[i])
				outs[i] = out{fr, s.res, err}
				if err != nil {
					cancel()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, o := range outs {
		// The first error other than the cancel it caused in the others.
		if o.err != nil && !errors.Is(o.err, context.Canceled) {
			return nil, o.err
		}
	}
	res := &Result{}
	for _, o := range outs {
		if o.err != nil || o.res == nil {
			return nil, context.Canceled // not reached: some error above
		}
		res.Files = append(res.Files, o.fr)
		res.Bytes += o.fr.Size
		res.Findings = append(res.Findings, o.res.Findings...)
		res.Unscanned = append(res.Unscanned, o.res.Unscanned...)
	}
	for _, fd := range res.Findings {
		switch fd.Kind {
		case Individual:
			res.Individual++
		case Corporate:
			res.Corporate++
		}
	}
	total := max(m.total, m.done)
	m.rep.Report(progress.Update{Stage: Stage, Done: total, Total: total})
	return res, nil
}

func unreadable(f File, err error) error {
	// The OS error names the path; the number-free reason is enough.
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%w: %s: %v", ErrUnreadable, f.Name, err)
}

// hashReader hashes and counts what is read through it, reports progress
// and checks ctx on every read.
type hashReader struct {
	s    *scanner
	r    io.Reader
	sha  hash.Hash
	crc  hash.Hash32
	n    int64
	err  error // a read error of the file (not EOF, not ctx)
	stop error // ctx's error
}

func (h *hashReader) Read(p []byte) (int, error) {
	if err := h.s.ctx.Err(); err != nil {
		h.stop = err
		return 0, err
	}
	n, err := h.r.Read(p)
	if n > 0 {
		h.sha.Write(p[:n])
		h.crc.Write(p[:n])
		h.n += int64(n)
		h.s.progress(int64(n))
	}
	if err != nil && err != io.EOF {
		h.err = err
	}
	return n, err
}

func (s *scanner) progress(n int64) { s.m.add(n) }

func (s *scanner) file(f File) (FileResult, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return FileResult{}, unreadable(f, err)
	}
	defer fh.Close()
	hr := &hashReader{s: s, r: fh, sha: sha256.New(), crc: crc32.NewIEEE()}
	w := where{file: f.Name}
	// One goroutine reads and hashes the file while this one searches
	// what it has read: the two halves of the work overlap on two cores.
	pr, pw := io.Pipe()
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		buf := make([]byte, pipeChunk)
		_, err := io.CopyBuffer(pw, struct{ io.Reader }{hr}, buf)
		pw.CloseWithError(err)
	}()
	perr := s.top(w, fh, pr, hashed)
	// Whatever the content was, the hash covers the whole file.
	io.CopyBuffer(io.Discard, pr, make([]byte, pipeChunk))
	<-hashed
	if hr.stop != nil {
		return FileResult{}, hr.stop
	}
	if err := s.ctx.Err(); err != nil {
		return FileResult{}, err
	}
	if hr.err != nil {
		return FileResult{}, unreadable(f, hr.err)
	}
	if perr != nil {
		s.unscanned(w, reasonOf(perr))
	}
	return FileResult{
		Name:   f.Name,
		Path:   f.Path,
		Size:   hr.n,
		SHA256: hex.EncodeToString(hr.sha.Sum(nil)),
		CRC32:  hr.crc.Sum32(),
	}, nil
}

// reasonOf maps a parse error to an Unscanned reason.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, errTooLarge):
		return ReasonTooLarge
	case errors.Is(err, zip.ErrAlgorithm):
		return ReasonUnsupported
	}
	return ReasonCorrupt
}

// top scans a top-level file whose bytes come through r (from the hashing
// goroutine, which closes hashed when it is done).
func (s *scanner) top(w where, fh *os.File, r io.Reader, hashed <-chan struct{}) error {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil // the hashing goroutine recorded it
	}
	s.budget = min(maxBudget, max(minBudget, bombRatio*fileSize(fh)))
	body := io.MultiReader(bytes.NewReader(head), r)
	switch k := sniff(w.file, head); k {
	case kindZip:
		if size := fileSize(fh); size > memLimit {
			// Too big for memory: hash it all, then parse the file.
			if _, err := io.CopyBuffer(io.Discard, body, make([]byte, pipeChunk)); err != nil {
				return nil
			}
			<-hashed
			zr, err := zip.NewReader(fh, size)
			if err != nil {
				return errCorrupt
			}
			return s.archive(w, zr, 0)
		}
		data, err := io.ReadAll(body)
		if err != nil {
			return nil
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return errCorrupt
		}
		return s.archive(w, zr, 0)
	case kindPDF:
		data, err := io.ReadAll(io.LimitReader(body, memLimit+1))
		if err != nil {
			return nil
		}
		if len(data) > memLimit {
			return errTooLarge
		}
		return s.pdf(w, data)
	case kindText:
		return s.text(w, body, head, delimiter(w.file))
	default:
		s.unscanned(w, k.reason())
		return nil
	}
}

func fileSize(fh *os.File) int64 {
	st, err := fh.Stat()
	if err != nil {
		return 0
	}
	return st.Size()
}

func (s *scanner) unscanned(w where, reason string) {
	s.res.Unscanned = append(s.res.Unscanned, Unscanned{File: w.file, Inner: w.inner, Reason: reason})
}

func (s *scanner) found(w where, f Finding) {
	f.File, f.Inner = w.file, w.inner
	s.res.Findings = append(s.res.Findings, f)
}

type kind int

const (
	kindText kind = iota
	kindZip
	kindPDF
	kindBinary
	kindOffice    // old binary Office (OLE2): .xls, .doc, .ppt
	kindEncrypted // a password-protected Office file (OLE2 with an EncryptedPackage)
)

func (k kind) reason() string {
	switch k {
	case kindOffice:
		return ReasonUnsupported
	case kindEncrypted:
		return ReasonEncrypted
	}
	return ReasonBinary
}

// encryptedPackage is the stream name of a password-protected xlsx/docx,
// in UTF-16LE as the OLE2 directory holds it.
var encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")

// sniff decides what a file is from its first bytes (the name only breaks
// ties: content wins, so a renamed file is still searched as what it is).
func sniff(name string, head []byte) kind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")):
		return kindPDF
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if bytes.Contains(head, encryptedPackage) {
			return kindEncrypted
		}
		return kindOffice
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return kindText // UTF-16 with a BOM
	case bytes.IndexByte(head, 0) >= 0:
		return kindBinary
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp",
		".mp3", ".mp4", ".mov", ".wav", ".exe", ".dll", ".7z", ".rar", ".gz", ".lzh":
		// Binary formats that happen to have no NUL in the first bytes.
		if !looksText(head) {
			return kindBinary
		}
	case ".xls", ".doc", ".ppt", ".xlsx", ".docx", ".pptx":
		if !looksText(head) {
			return kindOffice
		}
	}
	return kindText
}

// looksText: mostly printable (control bytes other than tab, CR, LF, FF
// and ESC are rare in text).
func looksText(head []byte) bool {
	bad := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b {
			bad++
		}
	}
	return bad*100 <= len(head)
}

// delimiter returns the field separator for CSV-like names (0: plain text).
func delimiter(name string) byte {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return ','
	case ".tsv", ".tab":
		return '\t'
	}
	return 0
}

// Package opener writes the offline HTML pages a client opens with nothing
// installed: the package opener (built from typage, npm age-encryption)
// and the return envelope page. The pages are built from
// frontend/opener/ by `make opener` and committed here (opener.html,
// envelope.html), like the generated bindings; a test checks that the
// committed pages match their sources.
//
// Each page has one slot (an HTML comment) before its script; the writers
// put what the page is bound to there: the language, the embedded package
// (base64 in an inert <script type="application/octet-stream">) or the
// envelope's configuration (JSON in <script type="application/json">).
package opener

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

//go:embed opener.html
var openerPage []byte

//go:embed envelope.html
var envelopePage []byte

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

const (
	slot        = "<!--kinko:slot-->"
	packageOpen = `<script type="application/octet-stream" id="kinko-package">`
	configOpen  = `<script type="application/json" id="kinko-envelope">`
	scriptClose = "</script>"
	lineLen     = 76 // base64 characters per line in the page
)

// ErrTooLarge: the package is larger than MaxEmbedded.
var ErrTooLarge = errors.New("opener: package too large to embed in a page")

// ErrNoPackage: the page embeds no package.
var ErrNoPackage = errors.New("opener: no package in the page")

func lang(l string) string {
	if l == "en" {
		return "en"
	}
	return "ja"
}

// write writes page with the slot replaced by what fill writes.
func write(w io.Writer, page []byte, fill func(w io.Writer) error) error {
	i := bytes.Index(page, []byte(slot))
	if i < 0 {
		return errors.New("opener: page has no slot (rebuild with make opener)")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(page[:i])
	if err := fill(bw); err != nil {
		return err
	}
	bw.Write(page[i+len(slot):])
	return bw.Flush()
}

func langMeta(w io.Writer, l string) {
	fmt.Fprintf(w, `<meta name="kinko-lang" content="%s">`, lang(l))
}

// WriteOpener writes the opener page, which asks for the package file.
func WriteOpener(w io.Writer, l string) error {
	return write(w, openerPage, func(w io.Writer) error {
		langMeta(w, l)
		return nil
	})
}

// WritePackage writes a self-opening page that embeds the size bytes of
// package pkg (at most MaxEmbedded). The name is the package's file name
// (shown nowhere yet; kept for the page's title in a later version).
func WritePackage(w io.Writer, pkg io.Reader, size int64, name, l string) error {
	if size > MaxEmbedded {
		return ErrTooLarge
	}
	if size < 0 {
		return errors.New("opener: negative package size")
	}
	return write(w, openerPage, func(w io.Writer) error {
		langMeta(w, l)
		io.WriteString(w, "\n"+packageOpen+"\n")
		lw := &lineWriter{w: w}
		enc := base64.NewEncoder(base64.StdEncoding, lw)
		n, err := io.Copy(enc, io.LimitReader(pkg, size+1))
		if err != nil {
			return err
		}
		if n != size {
			return fmt.Errorf("opener: package is %d bytes, not %d", n, size)
		}
		if err := enc.Close(); err != nil {
			return err
		}
		if lw.col > 0 {
			io.WriteString(w, "\n")
		}
		_, err = io.WriteString(w, scriptClose)
		return err
	})
}

// lineWriter breaks base64 text into lines.
type lineWriter struct {
	w   io.Writer
	col int
}

func (l *lineWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(lineLen-l.col, len(p))
		m, err := l.w.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		l.col += k
		p = p[k:]
		if l.col == lineLen {
			if _, err := io.WriteString(l.w, "\n"); err != nil {
				return n, err
			}
			l.col = 0
		}
	}
	return n, nil
}

// WriteEnvelope writes a return envelope page bound to cfg.
func WriteEnvelope(w io.Writer, cfg EnvelopeConfig) error {
	cfg.Lang = lang(cfg.Lang)
	// encoding/json escapes <, > and & (so no "</script>" or "<!--" can
	// appear) and U+2028/U+2029: the text is safe inside a script element.
	js, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	return write(w, envelopePage, func(w io.Writer) error {
		langMeta(w, cfg.Lang)
		io.WriteString(w, "\n"+configOpen)
		w.Write(js)
		_, err := io.WriteString(w, scriptClose)
		return err
	})
}

// ExtractPackage returns the package embedded in a self-opening page (so
// Kinko opens .html packages too); ErrNoPackage when there is none. The
// package is decoded as it is read: a damaged embedding shows as an error
// from the returned reader.
func ExtractPackage(page io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(page, 64<<10)
	marker := []byte(packageOpen)
	// A page is at most the opener and the embedded package's base64; a
	// longer search is not a page of ours.
	limit := int64(len(openerPage))*2 + 1<<20
	var window []byte
	for read := int64(0); ; read++ {
		if read > limit {
			return nil, ErrNoPackage
		}
		b, err := br.ReadByte()
		if err != nil {
			return nil, ErrNoPackage
		}
		window = append(window, b)
		if len(window) > len(marker) {
			window = window[1:]
		}
		if bytes.Equal(window, marker) {
			break
		}
	}
	return base64.NewDecoder(base64.StdEncoding, &embedded{r: br}), nil
}

// embedded reads the base64 text up to the closing tag, dropping line breaks.
type embedded struct {
	r    *bufio.Reader
	done bool
}

func (e *embedded) Read(p []byte) (int, error) {
	if e.done {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) {
		b, err := e.r.ReadByte()
		if err == io.EOF {
			return n, io.ErrUnexpectedEOF
		}
		if err != nil {
			return n, err
		}
		switch {
		case b == '\n' || b == '\r' || b == ' ' || b == '\t':
		case b == '<':
			e.done = true
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		default:
			p[n] = b
			n++
		}
	}
	return n, nil
}

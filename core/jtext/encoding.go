package jtext

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Encoding is a CSV file encoding supported by CSVReader and CSVWriter.
type Encoding int

const (
	// UTF8 is UTF-8 without a byte order mark. CSVReader still skips a BOM.
	UTF8 Encoding = iota
	// UTF8BOM is UTF-8 with a leading BOM, which Excel needs to open a UTF-8
	// CSV correctly.
	UTF8BOM
	// ShiftJIS is Windows-31J (CP932), the Shift_JIS variant Excel and most
	// Japanese accounting software use.
	ShiftJIS
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// String returns "utf-8", "utf-8-bom" or "shift_jis", the names the settings
// and import dialogs show and store.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case UTF8BOM:
		return "utf-8-bom"
	case ShiftJIS:
		return "shift_jis"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// textName names the character encoding in error messages (no BOM detail).
func (e Encoding) textName() string {
	if e == UTF8BOM {
		return "utf-8"
	}
	return e.String()
}

// ParseEncoding parses an encoding name from settings or a command line. It
// accepts, case-insensitively, "utf-8", "utf8", "utf-8-bom", "utf-8-sig",
// "shift_jis", "shift-jis", "sjis", "cp932", "ms932" and "windows-31j". Any
// other name gives an error wrapping ErrUnknownEncoding.
func ParseEncoding(name string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "utf-8", "utf8":
		return UTF8, nil
	case "utf-8-bom", "utf-8-sig", "utf8-bom":
		return UTF8BOM, nil
	case "shift_jis", "shift-jis", "sjis", "cp932", "ms932", "windows-31j":
		return ShiftJIS, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownEncoding, name)
}

// DetectEncoding guesses the encoding of a CSV file from its first bytes. The
// import dialog calls it to preselect an encoding. A UTF-8 BOM gives UTF8BOM;
// a prefix that is valid UTF-8 (a multi-byte rune cut off at the very end of
// the prefix is allowed) gives UTF8, which includes plain ASCII and an empty
// prefix. A prefix that is mostly UTF-8 — at least four valid multi-byte
// characters for each invalid byte — is a UTF-8 file with a damaged byte
// and gives UTF8 too, so reading reports that byte's line rather than a
// failure to read the first line as Shift_JIS. Anything else gives
// ShiftJIS. The guess cannot fail; a wrong guess surfaces as a *DecodeError
// when reading.
func DetectEncoding(prefix []byte) Encoding {
	if bytes.HasPrefix(prefix, utf8BOM) {
		return UTF8BOM
	}
	valid, invalid := 0, 0
	for i := 0; i < len(prefix); {
		if prefix[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(prefix[i:])
		if r == utf8.RuneError && size == 1 {
			if !utf8.FullRune(prefix[i:]) {
				break // truncated rune at the end of the prefix
			}
			invalid++
		} else {
			valid++
		}
		i += size
	}
	if invalid == 0 || valid >= 4*invalid {
		return UTF8
	}
	return ShiftJIS
}

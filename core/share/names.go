package share

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SafeName reports whether a package path is safe to create on Windows and
// Unix: relative, slash-separated, no "." or ".." elements, no empty
// elements, no backslashes, drive letters or colons, no characters Windows
// refuses (<>"|?*), no device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9,
// with or without an extension), no trailing dots or spaces, no control
// characters, valid UTF-8.
func SafeName(p string) bool {
	if p == "" || len(p) > 4096 || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || strings.ContainsRune(`\:<>"|?*`, r) {
			return false
		}
	}
	for _, el := range strings.Split(p, "/") {
		if el == "" || el == "." || el == ".." || len(el) > 255 {
			return false
		}
		if strings.HasSuffix(el, ".") || strings.HasSuffix(el, " ") {
			return false
		}
		if deviceName(el) {
			return false
		}
	}
	return true
}

// deviceName reports whether el names a Windows device: the part before
// the first dot, trailing spaces dropped, is CON, PRN, AUX, NUL, COM1–9 or
// LPT1–9 (also with superscript digits ¹²³, which Windows treats alike).
func deviceName(el string) bool {
	stem, _, _ := strings.Cut(el, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) >= 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		switch stem[3:] {
		case "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// foldName is the key under which two package paths name the same file on
// a case-insensitive file system (Windows, macOS).
func foldName(p string) string { return strings.ToLower(norm.NFC.String(p)) }

// checkNames refuses unsafe names, names that collide case-insensitively,
// and a file whose path is a folder of another file.
func checkNames(paths []string) error {
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if !SafeName(p) {
			return &PathError{Path: p, Err: ErrUnsafeName}
		}
		k := foldName(p)
		if seen[k] {
			return &PathError{Path: p, Err: ErrUnsafeName}
		}
		seen[k] = true
	}
	for _, p := range paths {
		k := foldName(p)
		for i := strings.IndexByte(k, '/'); i >= 0; {
			if seen[k[:i]] {
				return &PathError{Path: p, Err: ErrUnsafeName}
			}
			j := strings.IndexByte(k[i+1:], '/')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return nil
}

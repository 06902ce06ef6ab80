package mynumber

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// Number is a 個人番号 (individual number, "My Number") whose check digit has
// been validated. Build one with ParseIndividual (user input) or
// IndividualFromBytes (a blob just opened from the vault); the zero Number
// holds no number (IsZero).
//
// A Number is designed so that it cannot leak by accident: String, GoString,
// Format (every fmt verb, including %v, %+v, %#v, %x and %q) and LogValue
// (log/slog) give only the masked form "**** **** 9018"; MarshalJSON and
// MarshalText refuse with ErrNotMarshalable. The full digits come out only
// through Reveal and Bytes, which are greppable and reviewed.
//
// Numbers are immutable and safe for concurrent use. Compare them with Equal;
// == compares identity, not digits.
type Number struct {
	// d leads, through two pointers, to the 12 ASCII digits, which are never
	// written after construction. The double pointer is deliberate. When a
	// Number sits in an unexported struct field (or is reached through a
	// reflect.Value), fmt cannot call Format and prints the fields by
	// reflection: a nested pointer prints as an address, but a pointer to an
	// array met at depth 0 (which happens when a verb does not suit the
	// field, e.g. %s) is followed and its elements printed. A pointer to a
	// pointer is printed as an address in every case.
	d **[12]byte
}

// ParseIndividual validates a 個人番号 typed or pasted by a user. The
// acquisition form, the CSV import and the CLI call it.
//
// It normalises before validating: NFKC (so full-width digits such as
// "１２３４" are accepted), then it removes whitespace (including the
// ideographic space) and dash-like characters (hyphen, minus sign, en and em
// dashes, full-width hyphen, and ー, which a Japanese IME types for '-'). What
// remains must be exactly twelve ASCII digits, else the error wraps
// ErrFormat; a wrong check digit gives an error wrapping ErrCheckDigit.
// Errors never contain any part of s.
func ParseIndividual(s string) (Number, error) {
	var buf [12]byte
	defer clear(buf[:])
	d, err := normalize(buf[:], s, 12, "individual number needs twelve digits")
	if err != nil {
		return Number{}, err
	}
	return individualFrom(d)
}

// IndividualFromBytes rebuilds a Number from exactly twelve ASCII digits, the
// form Number.Bytes returns. The vault calls it on a blob it has just opened;
// it does not normalise (stored data is already canonical) and does not keep
// a reference to b, so the caller may clear b afterwards. Errors wrap
// ErrFormat or ErrCheckDigit (a corrupted or foreign blob).
func IndividualFromBytes(b []byte) (Number, error) {
	if !strictDigits(b, 12) {
		return Number{}, fmt.Errorf("%w: want exactly twelve ASCII digits", ErrFormat)
	}
	return individualFrom(b)
}

func individualFrom(d []byte) (Number, error) {
	if individualCheck(d[:11]) != int(d[11]-'0') {
		return Number{}, fmt.Errorf("%w: individual number", ErrCheckDigit)
	}
	a := new([12]byte)
	copy(a[:], d)
	return Number{d: &a}, nil
}

// IndividualCheckDigit returns the check digit (検査用数字) for the eleven
// base digits of a 個人番号, given as exactly eleven ASCII digits (no
// normalisation). Test-data generators and the number-entry form (which can
// point at the mistyped digit) call it. Other input gives an error wrapping
// ErrFormat.
//
// The rule (番号法施行令 第8条, 平成26年総務省令第85号 第5条): with Pn the
// n-th base digit counted from the right (n = 1…11) and Qn = n+1 for n ≤ 6
// and n−5 for n ≥ 7, let r = Σ Pn×Qn mod 11; the check digit is 0 when
// r ≤ 1, else 11 − r.
func IndividualCheckDigit(base11 string) (int, error) {
	if !strictDigits([]byte(base11), 11) {
		return 0, fmt.Errorf("%w: base needs exactly eleven ASCII digits", ErrFormat)
	}
	return individualCheck([]byte(base11)), nil
}

// individualCheck computes the check digit of 11 ASCII digits.
func individualCheck(base []byte) int {
	sum := 0
	for n := 1; n <= 11; n++ {
		p := int(base[11-n] - '0')
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += p * q
	}
	if r := sum % 11; r > 1 {
		return 11 - r
	}
	return 0
}

// IsZero reports whether n is the zero Number (no number).
func (n Number) IsZero() bool { return n.d == nil }

// Equal reports whether n and o hold the same digits, in constant time. Two
// zero Numbers are equal. The acquisition form calls it for the "type it
// twice" check, the vault to find duplicates.
func (n Number) Equal(o Number) bool {
	if n.d == nil || o.d == nil {
		return n.d == nil && o.d == nil
	}
	return subtle.ConstantTimeCompare((*n.d)[:], (*o.d)[:]) == 1
}

// Masked returns the 伏字 form shown everywhere a number is not being
// revealed: "**** **** " followed by the last four digits, e.g.
// "**** **** 9018". It returns "" for the zero Number.
func (n Number) Masked() string {
	if n.d == nil {
		return ""
	}
	return "**** **** " + string((*n.d)[8:])
}

// String returns Masked, so fmt.Print and string concatenation never show the
// full number.
func (n Number) String() string { return n.Masked() }

// GoString returns Masked, so %#v never shows the full number either.
func (n Number) GoString() string { return n.Masked() }

// Format implements fmt.Formatter: every verb prints the masked form (with
// the directive's width and flags honoured, %q quoting it). This closes the
// paths String and GoString do not cover, such as %x and %d.
func (n Number) Format(f fmt.State, verb rune) {
	v := 's'
	if verb == 'q' {
		v = 'q'
	}
	fmt.Fprintf(f, fmt.FormatString(f, v), n.Masked())
}

// LogValue implements slog.LogValuer so that a Number passed to log/slog
// (text or JSON handler) is logged masked. Code should not log numbers at
// all; this is the safety net.
func (n Number) LogValue() slog.Value { return slog.StringValue(n.Masked()) }

// MarshalJSON always fails with ErrNotMarshalable: a My Number must never be
// JSON-encoded by accident (for example in a DTO sent to the frontend, which
// gets Masked instead). json.Marshal of any value holding a Number fails.
func (n Number) MarshalJSON() ([]byte, error) { return nil, ErrNotMarshalable }

// MarshalText always fails with ErrNotMarshalable, closing the same door for
// encoding/xml, map keys and other text encoders.
func (n Number) MarshalText() ([]byte, error) { return nil, ErrNotMarshalable }

// Reveal returns the twelve digits. Call it only for the reveal screen (after
// the user has chosen a purpose and the access has been logged) and for the
// export to a government form (e-Tax / eLTAX / 電子申請 files, printed
// 法定調書). Never pass the result to a log, an error or a share package.
// It returns "" for the zero Number.
func (n Number) Reveal() string {
	if n.d == nil {
		return ""
	}
	return string((*n.d)[:])
}

// Bytes returns a fresh copy of the twelve ASCII digits for the vault to seal
// (seal.Seal); the caller should clear the slice once sealed. The vault reads
// it back with IndividualFromBytes. It returns nil for the zero Number.
func (n Number) Bytes() []byte {
	if n.d == nil {
		return nil
	}
	b := make([]byte, 12)
	copy(b, (*n.d)[:])
	return b
}

package records

import (
	"fmt"
	"time"

	"github.com/kinko-jp/kinko/core/jtext"
)

// ErrDate is matched (errors.Is) by the errors of ParseDate and of Date's
// text and JSON decoding. It is jtext.ErrDate, so callers need not import
// jtext to match it. The messages never repeat the input.
var ErrDate = jtext.ErrDate

// Date is a civil date (a day in the Gregorian calendar, no time, no zone):
// a birthday, an engagement start. The zero Date means "no date" and
// IsZero reports it, so optional dates can be a *Date with omitempty or a
// Date with omitzero.
//
// In JSON (and any text encoding) a Date is "2006-01-02" and the zero Date is
// "". This layout is a stored format.
type Date struct {
	Y int
	M time.Month
	D int
}

const dateLayout = "2006-01-02"

// DateOf returns the civil date of t in t's location. Callers that need
// "today" pass time.Now() here; the package itself never reads the clock.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Y: y, M: m, D: d}
}

// ParseDate reads a date as typed in a form or found in an imported file,
// in any form jtext.ParseDate accepts ("2025-05-03", "2025/5/3",
// "令和7年5月3日", "R7.5.3", full-width, ...). A blank string gives the zero
// Date and no error, so an empty form field means "no date". Other errors
// match ErrDate.
func ParseDate(s string) (Date, error) {
	if isBlank(s) {
		return Date{}, nil
	}
	y, m, d, err := jtext.ParseDate(s)
	if err != nil {
		return Date{}, err
	}
	return Date{Y: y, M: m, D: d}, nil
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a day that exists, with a year from 1 to 9999.
// The zero Date is not valid; Validate reports an invalid non-zero date with
// CodeDateInvalid.
func (d Date) Valid() bool {
	if d.Y < 1 || d.Y > 9999 || d.D < 1 {
		return false
	}
	t := time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Y && t.Month() == d.M && t.Day() == d.D
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Y != e.Y:
		return cmpInt(d.Y, e.Y)
	case d.M != e.M:
		return cmpInt(int(d.M), int(e.M))
	}
	return cmpInt(d.D, e.D)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns "2006-01-02", or "" for the zero Date. An invalid Date is
// printed with the same layout so that it can be found while debugging.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// Wareki returns the date in the Japanese-era form used on tax forms
// ("令和7年5月3日", "令和元年5月1日"). It returns "" for the zero Date and
// falls back to String for a date 和暦 cannot express (before 明治, or
// invalid), so that a screen always shows something.
func (d Date) Wareki() string {
	if d.IsZero() {
		return ""
	}
	s, err := jtext.FormatWareki(d.Y, d.M, d.D)
	if err != nil {
		return d.String()
	}
	return s
}

// MarshalText encodes d as "2006-01-02" ("" for the zero Date). An invalid
// non-zero Date is an error matching ErrDate, so a broken date is never
// sealed into the vault.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.Valid() {
		return nil, fmt.Errorf("records: encoding a date: %w", ErrDate)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes the stored layout "2006-01-02" strictly (no other
// form is accepted: stored data is never guessed at); "" gives the zero Date.
// Errors match ErrDate and do not contain the text.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(dateLayout, string(b))
	if err != nil || len(b) != len(dateLayout) || !DateOf(t).Valid() {
		return fmt.Errorf("records: decoding a date: %w", ErrDate)
	}
	*d = DateOf(t)
	return nil
}

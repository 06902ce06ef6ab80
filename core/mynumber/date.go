package mynumber

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date (暦日) with no time of day and no time zone: the day a
// document was filed, an employee left, an identity was verified. Retention
// periods are counted in whole days on the Japanese calendar, so using
// time.Time (an instant) would invite off-by-one errors around midnight UTC.
// Callers convert "today" with DateOf(time.Now().In(jst)); this package never
// reads the clock.
//
// The zero Date means "not known / not happened". Build dates with NewDate,
// ParseDate or DateOf; a literal Date{Y, M, D} is allowed but unchecked (see
// Valid).
type Date struct {
	Y int
	M time.Month
	D int
}

// NewDate returns the date y-m-d, or an error wrapping ErrDate if it does not
// exist (2025-02-29) or the year is outside 1…9999.
func NewDate(y int, m time.Month, d int) (Date, error) {
	t := Date{y, m, d}
	if !t.Valid() {
		return Date{}, fmt.Errorf("%w: no such day", ErrDate)
	}
	return t, nil
}

// DateOf returns the calendar date of t in t's location. Callers pass
// time.Now().In(jst) for "today".
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD" (the String and JSON form). Anything else, or
// a day that does not exist, gives an error wrapping ErrDate.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w: want YYYY-MM-DD", ErrDate)
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%w: want YYYY-MM-DD", ErrDate)
	}
	return NewDate(y, time.Month(m), d)
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// Valid reports whether d is a real day in years 1…9999. The zero Date is not
// valid. Verification.Check and Rule.Start call it; callers holding a Date
// built as a literal or read from storage should too.
func (d Date) Valid() bool {
	return d.Y >= 1 && d.Y <= 9999 && d.M >= time.January && d.M <= time.December &&
		d.D >= 1 && d.D <= daysIn(d.Y, d.M)
}

// IsZero reports whether d is the zero Date ("not known").
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Y != o.Y:
		return cmpInt(d.Y, o.Y)
	case d.M != o.M:
		return cmpInt(int(d.M), int(o.M))
	default:
		return cmpInt(d.D, o.D)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddYears returns the same month and day n years later (or earlier). 29
// February in a year that is not a leap year becomes 28 February, the last day
// of the month, as 民法 第143条第2項 does for a period's end. (Retention
// periods use Rule.Due, which also handles the day after such an end.)
// d must be Valid.
func (d Date) AddYears(n int) Date {
	y := d.Y + n
	day := d.D
	if last := daysIn(y, d.M); day > last {
		day = last
	}
	return Date{y, d.M, day}
}

// AddDays returns the date n days later (or earlier). d must be Valid.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Y, d.M, d.D+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d. d must be Valid.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Weekday()
}

// String returns d as "2006-01-02" (the zero Date gives "0000-00-00").
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// MarshalJSON encodes d as "2006-01-02", and the zero Date as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if !d.Valid() {
		return nil, fmt.Errorf("%w: cannot encode an invalid date", ErrDate)
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON accepts "2006-01-02", or null (or "") for the zero Date.
// Other input gives an error wrapping ErrDate.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: want a JSON string", ErrDate)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = t
	return nil
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

package jtext

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ErrDate is matched (errors.Is) by every error FormatWareki,
// FormatWarekiShort, EraOf and ParseDate return. The message after the
// sentinel is a fixed reason ("no such day", "outside the era", ...); it never
// repeats the input, since dates typed into Kinko are birthdays of clients and
// their families.
var ErrDate = errors.New("jtext: invalid date")

// Fixed reasons appended to ErrDate. Never include the input.
const (
	reasonEmpty    = "empty"
	reasonTooLong  = "too long"
	reasonSyntax   = "unrecognised format"
	reasonNoDay    = "no such day"
	reasonEarly    = "before the Meiji era"
	reasonEraRange = "outside the era"
	reasonLate     = "after 2999"
)

func dateError(reason string) error { return fmt.Errorf("%w: %s", ErrDate, reason) }

// Era is a Japanese era (元号). Start is the first day of the era in the
// proleptic Gregorian calendar; the era ends the day before the next era's
// start. Year 1 of an era is written 元年 in the long form.
type Era struct {
	Name  string // 令和
	Short string // R: the initial used in forms and spreadsheets (R7.5.3)

	StartYear  int
	StartMonth time.Month
	StartDay   int
}

// eras is ordered oldest first. A new era needs one new line here (and a
// release): until then its dates are written in the last era, which is what
// most software did for the first weeks of 令和 too.
//
// 明治 starts on 1868-10-23, the day of the era-name edict (明治改元の詔), as
// date libraries and government converters commonly use. The edict made 明治
// apply from 慶応4年1月1日 (1868-01-25), and until 明治5年12月2日 Japan used
// the lunisolar calendar, so real documents dated 明治1–5年 do not follow the
// Gregorian arithmetic used here. Kinko's dates (births, engagements) never
// fall that early; ParseDate rejects anything before 1868-10-23.
var eras = [...]Era{
	{Name: "明治", Short: "M", StartYear: 1868, StartMonth: time.October, StartDay: 23},
	{Name: "大正", Short: "T", StartYear: 1912, StartMonth: time.July, StartDay: 30},
	{Name: "昭和", Short: "S", StartYear: 1926, StartMonth: time.December, StartDay: 25},
	{Name: "平成", Short: "H", StartYear: 1989, StartMonth: time.January, StartDay: 8},
	{Name: "令和", Short: "R", StartYear: 2019, StartMonth: time.May, StartDay: 1},
}

// maxYear bounds every date jtext formats, so that years have four digits.
// ParseDate is stricter (maxParseYear).
const maxYear = 9999

// maxParseYear bounds the dates ParseDate accepts. A later year in a tax
// office's records is a typo, and the bound keeps era years to three digits,
// so "令和2025年" (a Gregorian year typed after an era name) is rejected
// instead of read as the year 4043.
const maxParseYear = 2999

// Eras returns the known eras, oldest first. The slice is a copy.
func Eras() []Era {
	out := make([]Era, len(eras))
	copy(out, eras[:])
	return out
}

func (e Era) start() int { return dayKey(e.StartYear, e.StartMonth, e.StartDay) }

// dayKey orders valid dates: a < b as dates iff dayKey(a) < dayKey(b).
func dayKey(y int, m time.Month, d int) int { return y*10000 + int(m)*100 + d }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// validDay reports whether y-m-d is a day of the proleptic Gregorian
// calendar with a year from 1 to 9999.
func validDay(y int, m time.Month, d int) bool {
	return y >= 1 && y <= maxYear && m >= time.January && m <= time.December && d >= 1 && d <= daysIn(y, m)
}

// EraOf returns the era containing the given Gregorian date and the year
// within that era (1 for 元年). It fails with ErrDate for a day that does not
// exist or lies before 明治 (1868-10-23).
func EraOf(y int, m time.Month, d int) (Era, int, error) {
	if !validDay(y, m, d) {
		return Era{}, 0, dateError(reasonNoDay)
	}
	k := dayKey(y, m, d)
	for i := len(eras) - 1; i >= 0; i-- {
		if k >= eras[i].start() {
			return eras[i], y - eras[i].StartYear + 1, nil
		}
	}
	return Era{}, 0, dateError(reasonEarly)
}

// FormatWareki writes a Gregorian date in the long Japanese-era form used on
// tax forms: "令和7年5月3日", with the first year of an era as 元年
// ("令和元年5月1日"). It fails with ErrDate like EraOf.
func FormatWareki(y int, m time.Month, d int) (string, error) {
	e, ey, err := EraOf(y, m, d)
	if err != nil {
		return "", err
	}
	year := "元"
	if ey != 1 {
		year = strconv.Itoa(ey)
	}
	return e.Name + year + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(d) + "日", nil
}

// FormatWarekiShort writes a date in the short form "R7.5.3" (era initial,
// era year, month, day; the first year is 1, never 元). It fails with ErrDate
// like EraOf.
func FormatWarekiShort(y int, m time.Month, d int) (string, error) {
	e, ey, err := EraOf(y, m, d)
	if err != nil {
		return "", err
	}
	return e.Short + strconv.Itoa(ey) + "." + strconv.Itoa(int(m)) + "." + strconv.Itoa(d), nil
}

// maxDateInput bounds ParseDate's input; the longest real form
// ("令和 100 年 12 月 31 日" in full-width) is far shorter.
const maxDateInput = 128

// ParseDate reads a date typed by a clerk or found in an imported file and
// returns it in the Gregorian calendar. Accepted forms, in half- or
// full-width characters and with any spaces:
//
//	2025-05-03  2025/5/3  2025.5.3  20250503  2025年5月3日
//	令和7年5月3日  令和元年5月1日  令7.5.3  R7.5.3  r07/05/03  H31.4.30  ㋿7.5.3
//
// Era names may be written in full (令和), as their first kanji (令) or as
// their initial (M, T, S, H, R; either case). Gregorian years have four
// digits. 日 may be left off in the 年月日 form.
//
// The day must exist and, for an era date, lie within that era: 平成31年5月1日
// and 昭和64年1月8日 are errors, as is any day before 明治 (1868-10-23), so
// every date ParseDate returns can be written with FormatWareki. Years after
// 2999 are rejected as typos; era years have at most three digits. Errors
// match ErrDate and never contain the input.
func ParseDate(s string) (y int, m time.Month, d int, err error) {
	if len(s) > maxDateInput {
		return 0, 0, 0, dateError(reasonTooLong)
	}
	t := normalizeDateInput(s)
	if t == "" {
		return 0, 0, 0, dateError(reasonEmpty)
	}
	p := dateScanner{s: t}
	era, isEra := p.era()
	var (
		year    int
		sep     byte
		kanjiYM bool
	)
	if isEra {
		if p.lit("元") {
			year = 1
		} else if year, err = p.num(1, 3); err != nil {
			return 0, 0, 0, err
		}
	} else {
		// 20250503: exactly eight digits and nothing else.
		if len(t) == 8 && allDigits(t) {
			y, _ = strconv.Atoi(t[:4])
			mo, _ := strconv.Atoi(t[4:6])
			d, _ = strconv.Atoi(t[6:])
			return checkGregorian(y, time.Month(mo), d)
		}
		if year, err = p.num(4, 4); err != nil {
			return 0, 0, 0, err
		}
	}
	switch {
	case p.lit("年"):
		kanjiYM = true
	case p.sep() != 0:
		sep = p.s[p.i-1]
	default:
		return 0, 0, 0, dateError(reasonSyntax)
	}
	mo, err := p.num(1, 2)
	if err != nil {
		return 0, 0, 0, err
	}
	if kanjiYM {
		if !p.lit("月") {
			return 0, 0, 0, dateError(reasonSyntax)
		}
	} else if p.sep() != sep {
		return 0, 0, 0, dateError(reasonSyntax)
	}
	d, err = p.num(1, 2)
	if err != nil {
		return 0, 0, 0, err
	}
	if kanjiYM {
		p.lit("日")
	}
	if p.i != len(p.s) {
		return 0, 0, 0, dateError(reasonSyntax)
	}
	m = time.Month(mo)
	if !isEra {
		return checkGregorian(year, m, d)
	}
	return checkEra(era, year, m, d)
}

func checkGregorian(y int, m time.Month, d int) (int, time.Month, int, error) {
	if !validDay(y, m, d) {
		return 0, 0, 0, dateError(reasonNoDay)
	}
	if dayKey(y, m, d) < eras[0].start() {
		return 0, 0, 0, dateError(reasonEarly)
	}
	if y > maxParseYear {
		return 0, 0, 0, dateError(reasonLate)
	}
	return y, m, d, nil
}

func checkEra(i, ey int, m time.Month, d int) (int, time.Month, int, error) {
	if ey < 1 {
		return 0, 0, 0, dateError(reasonEraRange)
	}
	y := eras[i].StartYear + ey - 1
	if !validDay(y, m, d) {
		return 0, 0, 0, dateError(reasonNoDay)
	}
	k := dayKey(y, m, d)
	if k < eras[i].start() || (i+1 < len(eras) && k >= eras[i+1].start()) {
		return 0, 0, 0, dateError(reasonEraRange)
	}
	if y > maxParseYear {
		return 0, 0, 0, dateError(reasonLate)
	}
	return y, m, d, nil
}

// normalizeDateInput applies NFKC (full-width digits and letters to ASCII,
// ㋿ to 令和), drops whitespace, maps dash-like characters (and the long-vowel
// mark, often typed as a dash) to '-' and upper-cases ASCII letters.
func normalizeDateInput(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case isDash(r), r == 'ー':
			r = '-'
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

type dateScanner struct {
	s string
	i int
}

// era consumes an era prefix and returns its index in eras.
func (p *dateScanner) era() (int, bool) {
	rest := p.s[p.i:]
	for i, e := range eras {
		for _, prefix := range []string{e.Name, firstRune(e.Name), e.Short} {
			if strings.HasPrefix(rest, prefix) {
				p.i += len(prefix)
				return i, true
			}
		}
	}
	return 0, false
}

func firstRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}

func (p *dateScanner) lit(x string) bool {
	if strings.HasPrefix(p.s[p.i:], x) {
		p.i += len(x)
		return true
	}
	return false
}

// sep consumes one of the separators '-', '/', '.' and returns it, or 0.
func (p *dateScanner) sep() byte {
	if p.i < len(p.s) {
		switch c := p.s[p.i]; c {
		case '-', '/', '.':
			p.i++
			return c
		}
	}
	return 0
}

// num consumes between lo and hi ASCII digits; more digits is an error.
func (p *dateScanner) num(lo, hi int) (int, error) {
	j := p.i
	for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
		j++
	}
	if n := j - p.i; n < lo || n > hi {
		return 0, dateError(reasonSyntax)
	}
	v, _ := strconv.Atoi(p.s[p.i:j]) // at most four digits: cannot fail
	p.i = j
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

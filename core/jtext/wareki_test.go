package jtext_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/jtext"
)

type ymd struct {
	y int
	m time.Month
	d int
}

func (v ymd) String() string { return fmt.Sprintf("%04d-%02d-%02d", v.y, v.m, v.d) }

func TestFormatWareki(t *testing.T) {
	tests := []struct {
		name        string
		date        ymd
		long, short string
	}{
		{"meiji first day", ymd{1868, 10, 23}, "明治元年10月23日", "M1.10.23"},
		{"meiji second year", ymd{1869, 1, 1}, "明治2年1月1日", "M2.1.1"},
		{"meiji last day", ymd{1912, 7, 29}, "明治45年7月29日", "M45.7.29"},
		{"taisho first day", ymd{1912, 7, 30}, "大正元年7月30日", "T1.7.30"},
		{"taisho last day", ymd{1926, 12, 24}, "大正15年12月24日", "T15.12.24"},
		{"showa first day", ymd{1926, 12, 25}, "昭和元年12月25日", "S1.12.25"},
		{"showa second year", ymd{1927, 1, 1}, "昭和2年1月1日", "S2.1.1"},
		{"showa last day", ymd{1989, 1, 7}, "昭和64年1月7日", "S64.1.7"},
		{"heisei first day", ymd{1989, 1, 8}, "平成元年1月8日", "H1.1.8"},
		{"heisei last day", ymd{2019, 4, 30}, "平成31年4月30日", "H31.4.30"},
		{"reiwa first day", ymd{2019, 5, 1}, "令和元年5月1日", "R1.5.1"},
		{"reiwa 2", ymd{2020, 1, 1}, "令和2年1月1日", "R2.1.1"},
		{"reiwa 7", ymd{2025, 5, 3}, "令和7年5月3日", "R7.5.3"},
		{"leap day", ymd{2024, 2, 29}, "令和6年2月29日", "R6.2.29"},
		{"far future stays in last era", ymd{2999, 12, 31}, "令和981年12月31日", "R981.12.31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			long, err := jtext.FormatWareki(tt.date.y, tt.date.m, tt.date.d)
			if err != nil || long != tt.long {
				t.Errorf("FormatWareki(%v) = %q, %v; want %q", tt.date, long, err, tt.long)
			}
			short, err := jtext.FormatWarekiShort(tt.date.y, tt.date.m, tt.date.d)
			if err != nil || short != tt.short {
				t.Errorf("FormatWarekiShort(%v) = %q, %v; want %q", tt.date, short, err, tt.short)
			}
			for _, s := range []string{long, short} {
				y, m, d, err := jtext.ParseDate(s)
				if err != nil || (ymd{y, m, d}) != tt.date {
					t.Errorf("ParseDate(%q) = %v, %v; want %v", s, ymd{y, m, d}, err, tt.date)
				}
			}
		})
	}
}

func TestFormatWarekiErrors(t *testing.T) {
	tests := []struct {
		name string
		date ymd
	}{
		{"day before meiji", ymd{1868, 10, 22}},
		{"edo", ymd{1800, 1, 1}},
		{"no february 30", ymd{2025, 2, 30}},
		{"no leap day 2100", ymd{2100, 2, 29}},
		{"month 13", ymd{2025, 13, 1}},
		{"month 0", ymd{2025, 0, 1}},
		{"day 0", ymd{2025, 1, 0}},
		{"year 10000", ymd{10000, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s, err := jtext.FormatWareki(tt.date.y, tt.date.m, tt.date.d); !errors.Is(err, jtext.ErrDate) {
				t.Errorf("FormatWareki(%v) = %q, %v; want ErrDate", tt.date, s, err)
			}
			if s, err := jtext.FormatWarekiShort(tt.date.y, tt.date.m, tt.date.d); !errors.Is(err, jtext.ErrDate) {
				t.Errorf("FormatWarekiShort(%v) = %q, %v; want ErrDate", tt.date, s, err)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want ymd
	}{
		{"2025-05-03", ymd{2025, 5, 3}},
		{"2025/5/3", ymd{2025, 5, 3}},
		{"2025.5.3", ymd{2025, 5, 3}},
		{"20250503", ymd{2025, 5, 3}},
		{"2025年5月3日", ymd{2025, 5, 3}},
		{"2025年5月3", ymd{2025, 5, 3}},
		{"２０２５年　５月　３日", ymd{2025, 5, 3}},
		{"２０２５－０５－０３", ymd{2025, 5, 3}},
		{"2025ー05ー03", ymd{2025, 5, 3}},
		{" 2025-05-03 ", ymd{2025, 5, 3}},
		{"令和7年5月3日", ymd{2025, 5, 3}},
		{"令和 7 年 5 月 3 日", ymd{2025, 5, 3}},
		{"令和７年５月３日", ymd{2025, 5, 3}},
		{"令和元年5月1日", ymd{2019, 5, 1}},
		{"令和1年5月1日", ymd{2019, 5, 1}},
		{"令7.5.3", ymd{2025, 5, 3}},
		{"R7.5.3", ymd{2025, 5, 3}},
		{"r7.5.3", ymd{2025, 5, 3}},
		{"R07/05/03", ymd{2025, 5, 3}},
		{"R7-5-3", ymd{2025, 5, 3}},
		{"Ｒ７．５．３", ymd{2025, 5, 3}},
		{"㋿7.5.3", ymd{2025, 5, 3}},
		{"R元.5.1", ymd{2019, 5, 1}},
		{"H31.4.30", ymd{2019, 4, 30}},
		{"平成31年4月30日", ymd{2019, 4, 30}},
		{"㍻31年4月30日", ymd{2019, 4, 30}},
		{"平成元年1月8日", ymd{1989, 1, 8}},
		{"S64.1.7", ymd{1989, 1, 7}},
		{"昭和64年1月7日", ymd{1989, 1, 7}},
		{"昭和元年12月25日", ymd{1926, 12, 25}},
		{"S1.12.25", ymd{1926, 12, 25}},
		{"大正15年12月24日", ymd{1926, 12, 24}},
		{"T1.7.30", ymd{1912, 7, 30}},
		{"大正元年7月30日", ymd{1912, 7, 30}},
		{"明治45年7月29日", ymd{1912, 7, 29}},
		{"M45.7.29", ymd{1912, 7, 29}},
		{"明治元年10月23日", ymd{1868, 10, 23}},
		{"1868-10-23", ymd{1868, 10, 23}},
		{"H4.2.29", ymd{1992, 2, 29}},
		{"2999-12-31", ymd{2999, 12, 31}},
		{"R981.12.31", ymd{2999, 12, 31}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			y, m, d, err := jtext.ParseDate(tt.in)
			if err != nil || (ymd{y, m, d}) != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, ymd{y, m, d}, err, tt.want)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"spaces", " 　 "},
		{"heisei after its end", "平成31年5月1日"},
		{"heisei short after its end", "H31.5.1"},
		{"heisei 32", "H32.1.1"},
		{"showa after its end", "昭和64年1月8日"},
		{"showa 65", "S65.1.1"},
		{"showa before its start", "昭和元年12月24日"},
		{"taisho after its end", "大正15年12月25日"},
		{"taisho before its start", "大正元年7月29日"},
		{"meiji after its end", "明治45年7月30日"},
		{"meiji before edict", "明治元年1月1日"},
		{"reiwa before its start", "令和元年4月30日"},
		{"era year zero", "R0.5.1"},
		{"before meiji gregorian", "1868-10-22"},
		{"no february 29", "2025-02-29"},
		{"no february 29 in 1900", "M33.2.29"},
		{"no april 31", "R7.4.31"},
		{"month 13", "2025-13-01"},
		{"day 0", "2025-01-00"},
		{"two-digit year", "25-05-03"},
		{"five-digit year", "20250-05-03"},
		{"mixed separators", "2025-05/03"},
		{"mixed kanji and dots", "2025年5.3"},
		{"trailing text", "2025-05-03x"},
		{"trailing day mark on dots", "R7.5.3日"},
		{"year only", "2025"},
		{"year and month", "2025-05"},
		{"seven digits", "2025053"},
		{"unknown era", "X7.5.3"},
		{"gregorian year with era", "令和2025年5月3日"},
		{"three-digit month", "2025-005-03"},
		{"too long", strings.Repeat("1", 200)},
		{"after 2999", "3000-01-01"},
		{"era year after 2999", "R982.1.1"},
		{"four-digit era year", "R1000.1.1"},
		{"invalid utf-8", "2025-05-0\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, d, err := jtext.ParseDate(tt.in)
			if !errors.Is(err, jtext.ErrDate) {
				t.Fatalf("ParseDate(%q) = %v, %v; want ErrDate", tt.in, ymd{y, m, d}, err)
			}
			if y != 0 || m != 0 || d != 0 {
				t.Errorf("ParseDate(%q) returned %v with an error", tt.in, ymd{y, m, d})
			}
			checkDateError(t, tt.in, err)
		})
	}
}

// checkDateError checks that a date error is plain ASCII and does not echo
// the input, which may be a birthday.
func checkDateError(t *testing.T, in string, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, "jtext: invalid date: ") || !isPrintableASCII(msg) {
		t.Errorf("error %q: want plain ASCII starting with the sentinel", msg)
	}
	if digits := strings.TrimFunc(in, func(r rune) bool { return r < '0' || r > '9' }); len(digits) >= 2 && strings.Contains(msg, digits) {
		t.Errorf("error %q echoes the input", msg)
	}
}

func TestEras(t *testing.T) {
	got := jtext.Eras()
	if len(got) != 5 || got[0].Name != "明治" || got[4].Name != "令和" {
		t.Fatalf("Eras() = %v", got)
	}
	got[0].Name = "changed"
	if jtext.Eras()[0].Name != "明治" {
		t.Error("Eras() returned the package's own slice")
	}
	for i, e := range jtext.Eras() {
		era, year, err := jtext.EraOf(e.StartYear, e.StartMonth, e.StartDay)
		if err != nil || era != e || year != 1 {
			t.Errorf("EraOf(start of %s) = %v, %d, %v", e.Short, era, year, err)
		}
		if i == 0 {
			continue
		}
		prev := time.Date(e.StartYear, e.StartMonth, e.StartDay-1, 0, 0, 0, 0, time.UTC)
		era, _, err = jtext.EraOf(prev.Year(), prev.Month(), prev.Day())
		if err != nil || era != jtext.Eras()[i-1] {
			t.Errorf("EraOf(day before %s) = %v, %v", e.Short, era, err)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-05-03", "令和元年5月1日", "R07/05/03", "H31.4.30", "S64.1.8", "20240229", "明7.1.1", "令和", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, err := jtext.ParseDate(s)
		if err != nil {
			if !errors.Is(err, jtext.ErrDate) {
				t.Fatalf("ParseDate(%q): error %v does not match ErrDate", s, err)
			}
			checkDateError(t, s, err)
			return
		}
		want := ymd{y, m, d}
		long, err := jtext.FormatWareki(y, m, d)
		if err != nil {
			t.Fatalf("ParseDate(%q) = %v, which FormatWareki rejects: %v", s, want, err)
		}
		short, err := jtext.FormatWarekiShort(y, m, d)
		if err != nil {
			t.Fatalf("ParseDate(%q) = %v, which FormatWarekiShort rejects: %v", s, want, err)
		}
		for _, again := range []string{long, short, want.String()} {
			y2, m2, d2, err := jtext.ParseDate(again)
			if err != nil || (ymd{y2, m2, d2}) != want {
				t.Fatalf("ParseDate(%q) = %v, but ParseDate(%q) = %v, %v", s, want, again, ymd{y2, m2, d2}, err)
			}
		}
	})
}

func ExampleFormatWareki() {
	fmt.Println(jtext.FormatWareki(2025, time.May, 3))
	fmt.Println(jtext.FormatWareki(2019, time.May, 1))
	fmt.Println(jtext.FormatWarekiShort(1989, time.January, 7))
	// Output:
	// 令和7年5月3日 <nil>
	// 令和元年5月1日 <nil>
	// S64.1.7 <nil>
}

func ExampleParseDate() {
	for _, s := range []string{"令和元年5月1日", "Ｒ７．５．３", "H31.4.30", "平成31年5月1日"} {
		y, m, d, err := jtext.ParseDate(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%04d-%02d-%02d\n", y, m, d)
	}
	// Output:
	// 2019-05-01
	// 2025-05-03
	// 2019-04-30
	// jtext: invalid date: outside the era
}

package mynumber_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestFindIndividual(t *testing.T) {
	const v = "123456789018" // valid
	const w = "123456789019" // wrong check digit
	tests := []struct {
		name string
		text string
		want []string // the matched substrings, in order
	}{
		{"empty", "", nil},
		{"no digits", "源泉徴収票を送ります。", nil},
		{"plain", "番号: " + v + " です", []string{v}},
		{"whole text", v, []string{v}},
		{"wrong check digit", "番号: " + w, nil},
		{"full-width", "番号：" + fullWidth(v) + "。", []string{fullWidth(v)}},
		{"mixed width run", "1234５６７８9018", []string{"1234５６７８9018"}},
		{"hyphen groups", "x1234-5678-9018x", []string{"1234-5678-9018"}},
		{"space groups", "1234 5678 9018", []string{"1234 5678 9018"}},
		{"ideographic space groups", fullWidth("1234 5678 9018"), []string{fullWidth("1234 5678 9018")}},
		{"full-width hyphen groups", fullWidth("1234-5678-9018"), []string{fullWidth("1234-5678-9018")}},
		{"long-vowel groups", "1234ー5678ー9018", []string{"1234ー5678ー9018"}},
		{"spaced hyphen groups", "1234 - 5678 - 9018", []string{"1234 - 5678 - 9018"}},
		{"mixed separators", "1234-5678 9018", []string{"1234-5678 9018"}},
		{"no-break space", "1234\u00a05678\u00a09018", []string{"1234\u00a05678\u00a09018"}},
		{"minus sign and en dash", "1234−5678–9018", []string{"1234−5678–9018"}},
		{"too many separators", "1234    5678 9018", nil},
		{"tab is not a separator", "1234\t5678\t9018", nil},
		{"newline is not a separator", "1234\n5678\n9018", nil},
		{"grouped wrong check digit", "1234-5678-9019", nil},
		{"thirteen-digit run", "7" + v, nil},
		{"digit after", v + "7", nil},
		{"full-width digit before", "７" + v, nil},
		{"corporate number", "法人番号 7000012050002", nil},
		{"sixteen-digit card", "4" + v + "123", nil},
		{"eleven digits", "12345678901", nil},
		{"five-digit first group", "91234-5678-9018", nil},
		{"five-digit last group", "1234-5678-90181", nil},
		{"three-digit group", "1234-567-89018", nil},
		{"4-8 grouping is not searched", "1234-56789018", nil},
		{"letters adjacent", "ID" + v + "X", []string{v}},
		{"two numbers", v + "," + "000000000000", []string{v, "000000000000"}},
		{"grouped then plain", "1234 5678 9018 / 000000000000", []string{"1234 5678 9018", "000000000000"}},
		{"card number 4-4-4-4, first window valid", "1234-5678-9018-1111", []string{"1234-5678-9018"}},
		{"card number 4-4-4-4, second window valid", "2222-1234-5678-9018", []string{"1234-5678-9018"}},
		{"phone number before grouped", "TEL 03-1234-5678 1234-5678-9018", []string{"1234-5678-9018"}},
		{"overlapping windows in a chain", "1234-5678-9018-0000-0000-0000", []string{"1234-5678-9018", "5678-9018-0000", "0000-0000-0000"}},
		{"date before grouped", "2025 1234 5678 9018", []string{"1234 5678 9018"}},
		{"invalid utf-8 around", "\xff\xef\xbc" + v + "\xef", []string{v}},
		{"truncated full-width digit", "\xef\xbc", nil},
		{"full-width then truncated", fullWidth("12345678901") + "\xef\xbc", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := mynumber.FindIndividual([]byte(tt.text))
			var got []string
			for _, s := range spans {
				got = append(got, tt.text[s.Start:s.End])
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("found %q, want %q", got, tt.want)
			}
			checkSpans(t, []byte(tt.text), spans)
		})
	}
}

// checkSpans asserts the invariants FindIndividual documents: spans in
// bounds, strictly ordered by Start, overlapping only inside one chain of
// 4-digit groups, and each parsing as a valid number.
func checkSpans(t *testing.T, text []byte, spans []mynumber.Span) {
	t.Helper()
	prev := mynumber.Span{Start: -1}
	for _, s := range spans {
		if s.Start <= prev.Start || s.End <= s.Start || s.Start < 0 || s.End > len(text) {
			t.Fatalf("span %v out of order or bounds (previous %v, len %d)", s, prev, len(text))
		}
		if s.Start < prev.End {
			// Overlap: both must be grouped windows (they contain a separator).
			if isPlainRun(text[prev.Start:prev.End]) || isPlainRun(text[s.Start:s.End]) {
				t.Fatalf("span %v overlaps %v but one is a plain digit run", s, prev)
			}
		}
		prev = s
		if _, err := mynumber.ParseIndividual(string(text[s.Start:s.End])); err != nil {
			t.Fatalf("span %v does not parse: %v", s, err)
		}
	}
}

// isPlainRun reports whether b holds only digits (no separator).
func isPlainRun(b []byte) bool {
	for _, r := range string(b) {
		if !(r >= '0' && r <= '9') && !(r >= '０' && r <= '９') {
			return false
		}
	}
	return true
}

// TestFindIndividualGenerated embeds random valid and invalid numbers in
// Japanese text and checks exactly the valid ones are found.
func TestFindIndividualGenerated(t *testing.T) {
	r := testRand(t)
	// Fillers do not start or end with a separator, so no chain of groups
	// forms across them and the expected result is exact.
	fillers := []string{"。", "、", "／", "氏名：山田太郎\n", "金額 ¥1,234,567\n", "TEL 03-1234-5678。", "令和7年分："}
	for round := range 200 {
		var b strings.Builder
		var want []string
		for range 20 {
			b.WriteString(fillers[r.IntN(len(fillers))])
			var s string
			valid := r.IntN(2) == 0
			if valid {
				s = randomIndividual(r)
			} else {
				s = wrongIndividual(r)
			}
			switch r.IntN(4) {
			case 1:
				s = fullWidth(s)
			case 2:
				s = group(s, "-")
			case 3:
				s = fullWidth(group(s, " "))
			}
			b.WriteString(s)
			if valid {
				want = append(want, s)
			}
		}
		text := b.String()
		spans := mynumber.FindIndividual([]byte(text))
		var got []string
		for _, s := range spans {
			got = append(got, text[s.Start:s.End])
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: found %d numbers, want %d", round, len(got), len(want))
		}
		checkSpans(t, []byte(text), spans)
	}
}

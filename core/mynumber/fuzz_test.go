package mynumber_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// Seeds live in testdata/fuzz/<Target>/ as well as here, so they run in CI
// with plain `go test`.

func FuzzParseIndividual(f *testing.F) {
	for _, s := range []string{
		"123456789018", "１２３４５６７８９０１８", "1234-5678-9018", "1234ｰ5678ｰ9018",
		"123456789019", "12345678901", "", "\xff", "①②③④⑤⑥⑦⑧⑨⓪①⑧", "1234\u00a05678\u200b9018",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := mynumber.ParseIndividual(s)
		if err != nil {
			if !errors.Is(err, mynumber.ErrFormat) && !errors.Is(err, mynumber.ErrCheckDigit) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			if containsDigit(err.Error()) || !utf8.ValidString(err.Error()) {
				t.Fatalf("error message %q contains a digit or invalid UTF-8", err)
			}
			if !n.IsZero() {
				t.Fatal("non-zero Number with an error")
			}
			return
		}
		digits := n.Reveal()
		if !refIndividualValid(digits) {
			t.Fatalf("accepted a number the reference rejects")
		}
		m, err := mynumber.IndividualFromBytes(n.Bytes())
		if err != nil || !m.Equal(n) {
			t.Fatalf("Bytes/IndividualFromBytes round trip failed: %v", err)
		}
		if again, err := mynumber.ParseIndividual(digits); err != nil || !again.Equal(n) {
			t.Fatalf("re-parsing the canonical form failed: %v", err)
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			if out := fmt.Sprintf(verb, n); strings.Contains(out, digits[:8]) {
				t.Fatalf("%s leaks the number", verb)
			}
		}
	})
}

func FuzzParseCorporate(f *testing.F) {
	for _, s := range []string{"7000012050002", "7-0000-1205-0002", "８０００", "T7000012050002", "0000000000000", "\xef\xbc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := mynumber.ParseCorporate(s)
		if err != nil {
			if containsDigit(err.Error()) {
				t.Fatalf("error message %q contains a digit", err)
			}
			return
		}
		if !c.Valid() || refCorporateCheck(string(c[1:])) != int(c[0]-'0') {
			t.Fatalf("accepted an invalid corporate number")
		}
	})
}

func FuzzFindIndividual(f *testing.F) {
	for _, s := range []string{
		"番号: 123456789018 です",
		"１２３４－５６７８－９０１８",
		"1234 5678 9018-0000-0000-0000",
		"TEL 03-1234-5678 1234ー5678ー9018",
		"71234567890187",
		"\xef\xbc\x91\xef\xbc",
		"1234\u00a0\u00a0\u00a05678\u30009018",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		spans := mynumber.FindIndividual(text)
		checkSpans(t, text, spans)
		// Finding is a pure function of the bytes.
		if again := mynumber.FindIndividual(text); len(again) != len(spans) {
			t.Fatal("FindIndividual is not deterministic")
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2033-01-11", "2024-02-29", "2025-02-29", "0000-00-00", "9999-12-31", "2025-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := mynumber.ParseDate(s)
		if err != nil {
			if !errors.Is(err, mynumber.ErrDate) {
				t.Fatalf("error %v does not wrap ErrDate", err)
			}
			return
		}
		if !d.Valid() || d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which does not print back", s, d)
		}
		if d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("AddDays does not round-trip for %v", d)
		}
	})
}

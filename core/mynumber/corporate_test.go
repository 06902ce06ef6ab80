package mynumber_test

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

type corporateVector struct {
	valid  bool
	number string
	label  string
}

func readCorporateVectors(t *testing.T) []corporateVector {
	t.Helper()
	f, err := os.Open("testdata/corporate.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []corporateVector
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 || len(fields[1]) != 13 || !allDigits(fields[1]) {
			t.Fatalf("corporate.txt:%d: malformed vector line", line)
		}
		var v corporateVector
		switch fields[0] {
		case "valid":
			v.valid = true
		case "invalid":
		default:
			t.Fatalf("corporate.txt:%d: unknown kind %q", line, fields[0])
		}
		v.number = fields[1]
		v.label = strings.Join(fields[2:], " ")
		vs = append(vs, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestCorporateVectors(t *testing.T) {
	vs := readCorporateVectors(t)
	var nValid, nInvalid int
	for _, v := range vs {
		t.Run(v.number, func(t *testing.T) {
			// The file must agree with the independent computation, so a
			// typo in the vectors cannot make the test pass vacuously.
			if ref := refCorporateCheck(v.number[1:]) == int(v.number[0]-'0'); ref != v.valid {
				t.Fatalf("%s: vector says valid=%v, reference computation says %v", v.label, v.valid, ref)
			}
			c, err := mynumber.ParseCorporate(v.number)
			switch {
			case v.valid && err != nil:
				t.Fatalf("%s: ParseCorporate: %v", v.label, err)
			case v.valid && (string(c) != v.number || !c.Valid() || c.String() != v.number):
				t.Fatalf("%s: got %q", v.label, c)
			case !v.valid && !errors.Is(err, mynumber.ErrCheckDigit):
				t.Fatalf("%s: error = %v, want ErrCheckDigit", v.label, err)
			case !v.valid && mynumber.Corporate(v.number).Valid():
				t.Fatalf("%s: Valid() = true", v.label)
			}
			got, err := mynumber.CorporateCheckDigit(v.number[1:])
			if err != nil {
				t.Fatal(err)
			}
			if (got == int(v.number[0]-'0')) != v.valid {
				t.Fatalf("%s: CorporateCheckDigit = %d", v.label, got)
			}
		})
		if v.valid {
			nValid++
		} else {
			nInvalid++
		}
	}
	if nValid == 0 || nInvalid == 0 {
		t.Fatalf("corporate.txt has %d valid and %d invalid vectors; want both above zero", nValid, nInvalid)
	}
}

func TestParseCorporateNormalises(t *testing.T) {
	tests := []struct {
		name, in string
		want     mynumber.Corporate
		err      error
	}{
		{"plain", "7000012050002", "7000012050002", nil},
		{"full-width", fullWidth("7000012050002"), "7000012050002", nil},
		{"full-width grouped", fullWidth("7-0000-1205-0002"), "7000012050002", nil},
		{"grouped", " 7-0000-1205-0002\n", "7000012050002", nil},
		{"spaces", "7 0000 1205 0002", "7000012050002", nil},
		{"twelve digits", "000012050002", "", mynumber.ErrFormat},
		{"individual number", "123456789018", "", mynumber.ErrFormat},
		{"fourteen digits", "70000120500020", "", mynumber.ErrFormat},
		{"invoice registration prefix", "T7000012050002", "", mynumber.ErrFormat},
		{"empty", "", "", mynumber.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mynumber.ParseCorporate(tt.in)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if err != nil && containsDigit(err.Error()) {
				t.Errorf("error %q contains a digit", err)
			}
		})
	}
}

func TestCorporateCheckDigitGenerated(t *testing.T) {
	r := testRand(t)
	for range 2000 {
		var b strings.Builder
		for range 12 {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		base := b.String()
		got, err := mynumber.CorporateCheckDigit(base)
		if err != nil {
			t.Fatal(err)
		}
		if want := refCorporateCheck(base); got != want {
			t.Fatalf("CorporateCheckDigit = %d, reference %d", got, want)
		}
		if got < 1 || got > 9 {
			t.Fatalf("check digit %d outside 1…9", got)
		}
	}
	for _, bad := range []string{"", "00001205000", "0000120500020", "00001205000x", "０００ ０１２０５０００２"} {
		if _, err := mynumber.CorporateCheckDigit(bad); !errors.Is(err, mynumber.ErrFormat) {
			t.Errorf("CorporateCheckDigit(%q) error = %v, want ErrFormat", bad, err)
		}
	}
	if mynumber.Corporate("").Valid() || mynumber.Corporate("700001205000a").Valid() {
		t.Error("Valid accepted a malformed Corporate")
	}
}

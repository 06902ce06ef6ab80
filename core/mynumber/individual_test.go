package mynumber_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestParseIndividualValid(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "123456789018", "123456789018"},
		{"full-width", "１２３４５６７８９０１８", "123456789018"},
		{"hyphenated", "1234-5678-9018", "123456789018"},
		{"spaces", "1234 5678 9018", "123456789018"},
		{"surrounding whitespace", " \t123456789018\r\n", "123456789018"},
		{"full-width hyphen and digits", "１２３４－５６７８－９０１８", "123456789018"},
		{"ideographic space", "１２３４　５６７８　９０１８", "123456789018"},
		{"IME long-vowel mark", "1234ー5678ー9018", "123456789018"},
		{"half-width long-vowel mark", "1234ｰ5678ｰ9018", "123456789018"},
		{"minus sign and en dash", "1234−5678–9018", "123456789018"},
		{"mixed widths", "1234５６７８9018", "123456789018"},
		{"no-break and zero-width spaces", "1234\u00a05678\u200b9018", "123456789018"},
		{"check digit zero (remainder 0)", "000000000000", "000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := mynumber.ParseIndividual(tt.in)
			if err != nil {
				t.Fatalf("ParseIndividual: %v", err)
			}
			if got := n.Reveal(); got != tt.want {
				t.Errorf("Reveal = %q, want %q", got, tt.want)
			}
			if got, want := n.Masked(), "**** **** "+tt.want[8:]; got != want {
				t.Errorf("Masked = %q, want %q", got, want)
			}
			if n.IsZero() {
				t.Error("IsZero = true for a parsed number")
			}
		})
	}
}

// TestParseIndividualGenerated checks many random numbers in several
// spellings against the independent reference computation.
func TestParseIndividualGenerated(t *testing.T) {
	r := testRand(t)
	for i := range 2000 {
		s := randomIndividual(r)
		for _, in := range []string{s, fullWidth(s), group(s, "-"), group(s, " "), fullWidth(group(s, " "))} {
			n, err := mynumber.ParseIndividual(in)
			if err != nil {
				t.Fatalf("#%d: ParseIndividual(valid) = %v", i, err)
			}
			if n.Reveal() != s {
				t.Fatalf("#%d: Reveal differs from input", i)
			}
		}
		bad := wrongIndividual(r)
		if _, err := mynumber.ParseIndividual(bad); !errors.Is(err, mynumber.ErrCheckDigit) {
			t.Fatalf("#%d: ParseIndividual(wrong check digit) error = %v, want ErrCheckDigit", i, err)
		}
	}
}

// TestIndividualCheckDigitExhaustiveLastDigit: for a fixed base exactly one
// of the ten candidates is valid, and it is the reference one.
func TestIndividualCheckDigitExhaustiveLastDigit(t *testing.T) {
	r := testRand(t)
	for range 200 {
		base := randomIndividual(r)[:11]
		valid := 0
		for c := '0'; c <= '9'; c++ {
			if _, err := mynumber.ParseIndividual(base + string(c)); err == nil {
				valid++
				if int(c-'0') != refIndividualCheck(base) {
					t.Fatalf("accepted check digit differs from the reference")
				}
			}
		}
		if valid != 1 {
			t.Fatalf("%d of 10 check digits accepted, want 1", valid)
		}
	}
}

func TestParseIndividualErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", mynumber.ErrFormat},
		{"only separators", " - ", mynumber.ErrFormat},
		{"eleven digits", "12345678901", mynumber.ErrFormat},
		{"thirteen digits", "1234567890180", mynumber.ErrFormat},
		{"corporate number", "7000012050002", mynumber.ErrFormat},
		{"letter", "12345678901a", mynumber.ErrFormat},
		{"underscore separator", "1234_5678_9018", mynumber.ErrFormat},
		{"dot separator", "1234.5678.9018", mynumber.ErrFormat},
		{"arabic-indic digits", "١٢٣٤٥٦٧٨٩٠١٨", mynumber.ErrFormat},
		{"invalid utf-8", "1234\xff5678\xfe9018", mynumber.ErrFormat},
		{"too long", strings.Repeat(" ", 300) + "123456789018", mynumber.ErrFormat},
		{"wrong check digit", "123456789019", mynumber.ErrCheckDigit},
		{"wrong check digit full-width", "１２３４５６７８９０１９", mynumber.ErrCheckDigit},
		{"wrong check digit hyphenated", "1234-5678-9017", mynumber.ErrCheckDigit},
		{"transposed digits", "213456789018", mynumber.ErrCheckDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := mynumber.ParseIndividual(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if !n.IsZero() {
				t.Error("a failed parse returned a non-zero Number")
			}
			if containsDigit(err.Error()) {
				t.Errorf("error message %q contains a digit", err)
			}
			if !strings.HasPrefix(err.Error(), "mynumber: ") {
				t.Errorf("error message %q lacks the package prefix", err)
			}
		})
	}
}

func TestIndividualCheckDigit(t *testing.T) {
	r := testRand(t)
	for range 1000 {
		base := randomIndividual(r)[:11]
		got, err := mynumber.IndividualCheckDigit(base)
		if err != nil {
			t.Fatal(err)
		}
		if want := refIndividualCheck(base); got != want {
			t.Fatalf("IndividualCheckDigit = %d, reference %d", got, want)
		}
	}
	if got, _ := mynumber.IndividualCheckDigit("12345678901"); got != 8 {
		t.Errorf("IndividualCheckDigit(12345678901) = %d, want 8", got)
	}
	for _, bad := range []string{"", "1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１", "1234-567890"} {
		if _, err := mynumber.IndividualCheckDigit(bad); !errors.Is(err, mynumber.ErrFormat) {
			t.Errorf("IndividualCheckDigit(%q) error = %v, want ErrFormat", bad, err)
		}
	}
}

func TestIndividualFromBytes(t *testing.T) {
	n, err := mynumber.ParseIndividual("1234-5678-9018")
	if err != nil {
		t.Fatal(err)
	}
	b := n.Bytes()
	if string(b) != "123456789018" {
		t.Fatalf("Bytes = %q", b)
	}
	m, err := mynumber.IndividualFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	clear(b) // the caller wipes its copy; m must not share it
	if !m.Equal(n) || m.Reveal() != "123456789018" {
		t.Fatal("IndividualFromBytes did not round-trip, or kept a reference to its input")
	}
	if c := n.Bytes(); string(c) != "123456789018" {
		t.Fatal("Bytes returned shared storage")
	}

	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"nil", nil, mynumber.ErrFormat},
		{"hyphenated is not canonical", []byte("1234-5678-9018"), mynumber.ErrFormat},
		{"full-width is not canonical", []byte("１２３４５６７８９０１８"), mynumber.ErrFormat},
		{"eleven digits", []byte("12345678901"), mynumber.ErrFormat},
		{"wrong check digit", []byte("123456789010"), mynumber.ErrCheckDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := mynumber.IndividualFromBytes(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNumberZeroAndEqual(t *testing.T) {
	var zero mynumber.Number
	if !zero.IsZero() || zero.Masked() != "" || zero.Reveal() != "" || zero.Bytes() != nil || zero.String() != "" {
		t.Error("zero Number is not empty")
	}
	a, _ := mynumber.ParseIndividual("123456789018")
	b, _ := mynumber.ParseIndividual("1234 5678 9018")
	c, _ := mynumber.ParseIndividual("000000000000")
	tests := []struct {
		name string
		x, y mynumber.Number
		want bool
	}{
		{"same digits, different spelling", a, b, true},
		{"different digits", a, c, false},
		{"zero and zero", zero, zero, true},
		{"zero and number", zero, a, false},
		{"number and zero", a, zero, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.x.Equal(tt.y); got != tt.want {
				t.Errorf("Equal = %v, want %v", got, tt.want)
			}
		})
	}
}

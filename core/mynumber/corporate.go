package mynumber

import "fmt"

// Corporate is a 法人番号 (corporate number): thirteen ASCII digits, the first
// being the check digit. Corporate numbers are public (国税庁法人番号公表サイト),
// so unlike Number a Corporate prints and marshals normally. Values built by
// ParseCorporate are valid; a Corporate converted from an arbitrary string is
// not checked until Valid is called.
type Corporate string

// ParseCorporate validates a 法人番号 typed or imported for a client (顧問先)
// or a payer. The client form and the CSV import call it. Input is normalised
// like ParseIndividual's (NFKC, spaces and dashes removed); the rest must be
// exactly thirteen ASCII digits (error wrapping ErrFormat) with a matching
// check digit (error wrapping ErrCheckDigit). Errors never contain any part
// of s — a My Number pasted into the wrong field must not leak either.
func ParseCorporate(s string) (Corporate, error) {
	var buf [13]byte
	d, err := normalize(buf[:], s, 13, "corporate number needs thirteen digits")
	if err != nil {
		return "", err
	}
	if corporateCheck(d[1:]) != int(d[0]-'0') {
		return "", fmt.Errorf("%w: corporate number", ErrCheckDigit)
	}
	return Corporate(d), nil
}

// CorporateCheckDigit returns the check digit (the leading digit) for the
// twelve base digits of a 法人番号, given as exactly twelve ASCII digits (no
// normalisation). Other input gives an error wrapping ErrFormat.
//
// The rule (法人番号の指定等に関する省令 第2条): with Pn the n-th base digit
// counted from the right (n = 1…12) and Qn = 1 for odd n, 2 for even n, the
// check digit is 9 − (Σ Pn×Qn mod 9).
func CorporateCheckDigit(base12 string) (int, error) {
	if !strictDigits([]byte(base12), 12) {
		return 0, fmt.Errorf("%w: base needs exactly twelve ASCII digits", ErrFormat)
	}
	return corporateCheck([]byte(base12)), nil
}

func corporateCheck(base []byte) int {
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(base[12-n] - '0')
		if n%2 == 0 {
			p *= 2
		}
		sum += p
	}
	return 9 - sum%9
}

// Valid reports whether c is thirteen ASCII digits with a matching check
// digit. Callers that received a Corporate from storage or a DTO (rather than
// from ParseCorporate) use it before trusting the value.
func (c Corporate) Valid() bool {
	if !strictDigits([]byte(c), 13) {
		return false
	}
	return corporateCheck([]byte(c[1:])) == int(c[0]-'0')
}

// String returns the thirteen digits as stored.
func (c Corporate) String() string { return string(c) }

package mynumber_test

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The check-digit helpers below are written independently of the package:
// weights are listed left to right instead of derived from the position
// counted from the right, and the remainder rule is expressed differently.
// A test that agrees with both is checking the formula, not the code.

// individualWeightsLTR are the weights Qn for the 11 base digits read left
// to right (n = 11 … 1: Qn = n−5 for n ≥ 7, n+1 for n ≤ 6).
var individualWeightsLTR = [11]int{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}

func refIndividualCheck(base string) int {
	sum := 0
	for i, w := range individualWeightsLTR {
		sum += int(base[i]-'0') * w
	}
	c := (11 - sum%11) % 11 // 11 − r, with r = 0 giving 0 …
	if c == 10 {            // … and r = 1 giving 0
		c = 0
	}
	return c
}

// corporateWeightsLTR are the weights for the 12 base digits read left to
// right (n = 12 … 1: 2 for even n, 1 for odd n).
var corporateWeightsLTR = [12]int{2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1}

func refCorporateCheck(base string) int {
	sum := 0
	for i, w := range corporateWeightsLTR {
		sum += int(base[i]-'0') * w
	}
	return 9 - sum%9
}

func refIndividualValid(s string) bool {
	return len(s) == 12 && allDigits(s) && refIndividualCheck(s[:11]) == int(s[11]-'0')
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// testRand is deterministic, so failures reproduce. t may be nil.
func testRand(t testing.TB) *rand.Rand {
	if t != nil {
		t.Helper()
	}
	return rand.New(rand.NewPCG(20151005, 20160101))
}

// randomIndividual returns a valid 12-digit number (synthetic; it may by
// chance equal somebody's real number, but it is tied to no one).
func randomIndividual(r *rand.Rand) string {
	var b strings.Builder
	for range 11 {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	base := b.String()
	return base + string(rune('0'+refIndividualCheck(base)))
}

// wrongIndividual returns base+check with a check digit that is wrong.
func wrongIndividual(r *rand.Rand) string {
	s := randomIndividual(r)
	good := int(s[11] - '0')
	bad := (good + 1 + r.IntN(9)) % 10
	return s[:11] + string(rune('0'+bad))
}

// fullWidth maps ASCII digits and '-' to their full-width forms and ' ' to
// the ideographic space.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r - '0' + '０'
		case r == '-':
			return '－'
		case r == ' ':
			return '　'
		}
		return r
	}, s)
}

func group(s, sep string) string {
	return s[0:4] + sep + s[4:8] + sep + s[8:12]
}

// containsDigit reports whether s holds any ASCII or full-width digit.
func containsDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return (r >= '0' && r <= '9') || (r >= '０' && r <= '９')
	})
}

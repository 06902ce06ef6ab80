package jtext

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// The variant table must map to forms that are themselves stable, or Fold
// would not be idempotent. (Internal test: the table is unexported.)
func TestNameVariantsStable(t *testing.T) {
	for from, to := range nameVariants {
		if _, ok := nameVariants[to]; ok {
			t.Errorf("%c (%U) maps to %c which is itself a key", from, from, to)
		}
		if s := string(to); norm.NFKC.String(s) != s {
			t.Errorf("%c (%U) maps to %c which NFKC changes", from, from, to)
		}
		if s := string(from); norm.NFKC.String(s) != s {
			t.Errorf("key %c (%U) is changed by NFKC first, entry is dead", from, from)
		}
	}
}

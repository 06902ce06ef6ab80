package keys_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/keys"
)

// recoveryReasons are all the details ParseRecovery may add to
// ErrBadRecoveryKey.
var recoveryReasons = []string{"empty", "invalid character", "wrong length", "checksum mismatch (a character was mistyped)"}

// FuzzParseRecovery feeds ParseRecovery what a person might type. It must
// never panic, must fail only with ErrBadRecoveryKey without echoing the
// input, and anything it accepts must round trip through String and Groups.
func FuzzParseRecovery(f *testing.F) {
	for _, s := range []string{
		fixtureRecovery,
		strings.ToLower(fixtureRecovery),
		fullWidth(fixtureRecovery),
		"GCG6S 4Q7S0 CGS7W 7YM7X L6RF7 QUDKX W6J7D 2S3MG EEP5D V8KW0 KSCY7 2U7",
		"", "AGE-SECRET-KEY-1", "ー－‐", "age1v5xkylxcwlqvjs9aexepy2nuyjt340nhf2y7nn4yrzd642673plqk3lqf4",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := keys.ParseRecovery(s)
		if err != nil {
			if r != nil || !errors.Is(err, keys.ErrBadRecoveryKey) {
				t.Fatalf("unexpected error type %T", err)
			}
			// The message is built from fixed reasons only, so it can never
			// carry what was typed.
			reason, ok := strings.CutPrefix(err.Error(), "keys: bad recovery key: ")
			if !ok || !slices.Contains(recoveryReasons, reason) {
				t.Fatal("error message is not one of the fixed recovery key reasons")
			}
			return
		}
		for _, again := range []string{r.String(), strings.Join(r.Groups(), " "), strings.Join(r.Groups(), "-")} {
			r2, err := keys.ParseRecovery(again)
			if err != nil || r2.String() != r.String() {
				t.Fatalf("accepted key does not round trip: %v", err)
			}
		}
	})
}

// TestFuzzParseRecoveryCorpus makes sure the checked-in seeds are there.
func TestFuzzParseRecoveryCorpus(t *testing.T) {
	entries, err := os.ReadDir("testdata/fuzz/FuzzParseRecovery")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no seeds in testdata/fuzz/FuzzParseRecovery: %v", err)
	}
}

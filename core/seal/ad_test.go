package seal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/seal"
)

// TestADBytesVector pins the stored wire format of AD.Bytes.
func TestADBytesVector(t *testing.T) {
	long := strings.Repeat("z", 200)
	tests := []struct {
		name string
		ad   seal.AD
		want string
	}{
		{
			name: "empty",
			ad:   seal.AD{},
			want: "kinko/seal/v1\x00" + "\x00" + "\x00" + "\x00" + "\x00" + "\x00\x00\x00\x00" + "\x00",
		},
		{
			name: "typical",
			ad:   seal.AD{Vault: "v1", Kind: "client", ID: "42", Scope: "office", Epoch: 0x01020304, Version: "3"},
			want: "kinko/seal/v1\x00" + "\x02v1" + "\x06client" + "\x0242" + "\x06office" + "\x01\x02\x03\x04" + "\x013",
		},
		{
			name: "multi-byte length",
			ad:   seal.AD{ID: long, Epoch: 0xFFFFFFFF},
			want: "kinko/seal/v1\x00" + "\x00" + "\x00" + "\xc8\x01" + long + "\x00" + "\xff\xff\xff\xff" + "\x00",
		},
		{
			name: "utf-8",
			ad:   seal.AD{Kind: "人"},
			want: "kinko/seal/v1\x00" + "\x00" + "\x03人" + "\x00" + "\x00" + "\x00\x00\x00\x00" + "\x00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ad.Bytes(); !bytes.Equal(got, []byte(tt.want)) {
				t.Fatalf("Bytes() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestADBytesUnambiguous checks that moving bytes between fields changes the
// encoding.
func TestADBytesUnambiguous(t *testing.T) {
	tests := []struct {
		name string
		a, b seal.AD
	}{
		{"vault/kind boundary", seal.AD{Vault: "ab", Kind: "c"}, seal.AD{Vault: "a", Kind: "bc"}},
		{"id/scope boundary", seal.AD{ID: "client:", Scope: "1"}, seal.AD{ID: "client", Scope: ":1"}},
		{"scope/version", seal.AD{Scope: "x"}, seal.AD{Version: "x"}},
		{"length byte in value", seal.AD{Vault: "\x01a"}, seal.AD{Vault: "", Kind: "a"}},
		{"epoch", seal.AD{Epoch: 1}, seal.AD{Epoch: 1 << 24}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bytes.Equal(tt.a.Bytes(), tt.b.Bytes()) {
				t.Fatalf("%+v and %+v encode the same", tt.a, tt.b)
			}
		})
	}
}

package jtext_test

import (
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
)

func TestEncodingString(t *testing.T) {
	tests := []struct {
		enc  jtext.Encoding
		want string
	}{
		{jtext.UTF8, "utf-8"},
		{jtext.UTF8BOM, "utf-8-bom"},
		{jtext.ShiftJIS, "shift_jis"},
		{jtext.Encoding(42), "Encoding(42)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.enc.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		in      string
		want    jtext.Encoding
		wantErr bool
	}{
		{"utf-8", jtext.UTF8, false},
		{"UTF8", jtext.UTF8, false},
		{"utf-8-bom", jtext.UTF8BOM, false},
		{"UTF-8-SIG", jtext.UTF8BOM, false},
		{"shift_jis", jtext.ShiftJIS, false},
		{"Shift_JIS", jtext.ShiftJIS, false},
		{"sjis", jtext.ShiftJIS, false},
		{"CP932", jtext.ShiftJIS, false},
		{"Windows-31J", jtext.ShiftJIS, false},
		{"euc-jp", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := jtext.ParseEncoding(tt.in)
			if tt.wantErr {
				if !errors.Is(err, jtext.ErrUnknownEncoding) {
					t.Errorf("err = %v, want ErrUnknownEncoding", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
			if back, err := jtext.ParseEncoding(got.String()); err != nil || back != got {
				t.Errorf("String() %q does not parse back: %v, %v", got.String(), back, err)
			}
		})
	}
}

func TestDetectEncoding(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want jtext.Encoding
	}{
		{"bom", "\xEF\xBB\xBFa,b", jtext.UTF8BOM},
		{"bom only", "\xEF\xBB\xBF", jtext.UTF8BOM},
		{"empty", "", jtext.UTF8},
		{"plain ascii", "id,name\r\n1,abc\r\n", jtext.UTF8},
		{"utf-8 japanese", "氏名,住所\r\n山田,東京都\r\n", jtext.UTF8},
		{"shift_jis japanese", "\x8e\x81\x96\xbc,\x8fZ\x8f\x8a\r\n", jtext.ShiftJIS}, // 氏名,住所
		{"shift_jis half-width kana", "\xd4\xcf\xc0\xde", jtext.ShiftJIS},
		{"utf-8 truncated last rune 1 of 3", "山田,東\xe4", jtext.UTF8},
		{"utf-8 truncated last rune 2 of 3", "山田,東\xe4\xba", jtext.UTF8},
		{"utf-8 truncated 4-byte rune", "a\xf0\xa0\xae", jtext.UTF8},
		{"invalid byte then more", "山田\xe4a", jtext.ShiftJIS},
		// Issue 12: a UTF-8 file with one damaged byte in row 2 was read as
		// Shift_JIS and reported at row 1; it is UTF-8 with a bad byte.
		{"utf-8 with one bad byte", "顧問先コード,名称\r\nA-1,山田\xff商事\r\n", jtext.UTF8},
		{"shift_jis with a valid utf-8 pair", "\x8e\x81\x96\xbc,\x8fZ\x8f\x8a,\xc2\xb1\r\n", jtext.ShiftJIS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jtext.DetectEncoding([]byte(tt.in)); got != tt.want {
				t.Errorf("DetectEncoding(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

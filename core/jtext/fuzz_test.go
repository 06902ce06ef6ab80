package jtext_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinko-jp/kinko/core/jtext"
)

func FuzzFold(f *testing.F) {
	for _, s := range []string{"ﾔﾏﾀﾞ", "山田　太郎", "０３－１２３４－５６７８", "髙橋", "か゛", "\u00a8\u0301", "a\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := jtext.Fold(s)
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, once)
		}
		if twice := jtext.Fold(once); twice != once {
			t.Fatalf("not idempotent: Fold(%q) = %q, Fold of that = %q", s, once, twice)
		}
		if !jtext.Contains(once, s) {
			t.Fatalf("Contains(Fold(%q), same) = false", s)
		}
	})
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b\r\n\"c\r\n\",d\r\n",
		"\x95\x5c,\"\x83\x5c\"\r\n",
		"\xEF\xBB\xBF氏名,住所\r\n",
		"a\"b,c\n\"unterminated",
		"\x81,\x80\xff\xf0\x40",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, enc := range allEncodings {
			r := jtext.NewCSVReader(bytes.NewReader(data), enc)
			for i := 0; i <= len(data)+1; i++ {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					if !errors.Is(err, jtext.ErrUndecodable) && !errors.Is(err, jtext.ErrSyntax) {
						t.Fatalf("%v: unexpected error type %T: %v", enc, err, err)
					}
					if !isPrintableASCII(err.Error()) {
						t.Fatalf("%v: error %q is not plain ASCII", enc, err)
					}
					continue
				}
				for j, field := range rec {
					if !utf8.ValidString(field) {
						t.Fatalf("%v: record field %d %q is not valid UTF-8", enc, j+1, field)
					}
				}
			}
		}
	})
}

func FuzzCSVRoundTrip(f *testing.F) {
	f.Add("髙橋", "a,\"b\"\r\nc", "=1")
	f.Add("\uFEFFid", "", " x ")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		records := [][]string{{a, b, c}, {c}, {b, a}}
		for _, enc := range allEncodings {
			var buf bytes.Buffer
			w := jtext.NewCSVWriter(&buf, enc)
			ok := true
			for _, rec := range records {
				if err := w.Write(rec); err != nil {
					if !errors.Is(err, jtext.ErrUnencodable) {
						t.Fatalf("%v: unexpected error %v", enc, err)
					}
					if enc != jtext.ShiftJIS && allValidUTF8(rec) {
						t.Fatalf("%v: valid UTF-8 rejected: %v", enc, err)
					}
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := jtext.NewCSVReader(bytes.NewReader(buf.Bytes()), enc).ReadAll()
			if err != nil {
				t.Fatalf("%v: reading back %q: %v", enc, buf.Bytes(), err)
			}
			if len(got) != len(records) {
				t.Fatalf("%v: got %d records %q, want %d", enc, len(got), got, len(records))
			}
			// Characters written in their Windows (CP932) form read back so.
			var pairs []string
			for _, sub := range w.Substitutions() {
				pairs = append(pairs, string(sub.From), string(sub.To))
			}
			windows := strings.NewReplacer(pairs...)
			for i, rec := range records {
				for j, field := range rec {
					want := windows.Replace(strings.ReplaceAll(field, "\r\n", "\n"))
					if j >= len(got[i]) || got[i][j] != want {
						t.Fatalf("%v: record %d = %q, want %q (file %q)", enc, i+1, got[i], rec, buf.Bytes())
					}
				}
			}
		}
	})
}

func allValidUTF8(fields []string) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}

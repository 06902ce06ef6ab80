package jtext_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
)

var allEncodings = []jtext.Encoding{jtext.UTF8, jtext.UTF8BOM, jtext.ShiftJIS}

// Records used for round trips. 髙 (NEC-selected IBM extension, x/text writes
// 0xEE 0xE0) and ① (NEC special characters, 0x87 0x40) are CP932 extensions;
// both round-trip with x/text's ShiftJIS, which is really Windows-31J.
var roundTripRecords = [][]string{
	{"顧客番号", "氏名", "フリガナ", "住所", "備考"},
	{"0001", "髙橋 一郎", "ﾀｶﾊｼ ｲﾁﾛｳ", "東京都千代田区1-2-3", "①期分, 納付済"},
	{"0002", `山田 "ヤマ" 太郎`, "ヤマダ タロウ", "大阪市\n北区", ""},
	{"0003", "表計算ソフト能力", "ヒョウ\\ケイサン", " leading space", "trailing space "},
	{"0004", "", "", "", "㈱テスト～－"},
	{"only-one-field"},
	{""},
	{"a", "b,c", `"quoted"`, "x\r\ny", "\t=SUM(A1)"},
}

func TestCSVRoundTrip(t *testing.T) {
	for _, enc := range allEncodings {
		t.Run(enc.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w := jtext.NewCSVWriter(&buf, enc)
			for _, rec := range roundTripRecords {
				if err := w.Write(rec); err != nil {
					t.Fatalf("Write(%q): %v", rec, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatalf("Flush: %v", err)
			}
			data := buf.Bytes()
			if hasBOM := bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")); hasBOM != (enc == jtext.UTF8BOM) {
				t.Errorf("BOM present = %v for %v", hasBOM, enc)
			}
			if !bytes.HasSuffix(data, []byte("\r\n")) {
				t.Errorf("output does not end with CRLF")
			}
			got, err := jtext.NewCSVReader(bytes.NewReader(data), enc).ReadAll()
			if err != nil {
				t.Fatalf("ReadAll: %v", err)
			}
			// encoding/csv turns CRLF inside a quoted field into LF.
			want := make([][]string, len(roundTripRecords))
			for i, rec := range roundTripRecords {
				want[i] = make([]string, len(rec))
				for j, f := range rec {
					want[i][j] = strings.ReplaceAll(f, "\r\n", "\n")
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip mismatch\n got: %q\nwant: %q", got, want)
			}
		})
	}
}

func TestCSVWriterShiftJISBytes(t *testing.T) {
	var buf bytes.Buffer
	w := jtext.NewCSVWriter(&buf, jtext.ShiftJIS)
	if err := w.Write([]string{"山田", "表", "a,b"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\x8e\x52\x93\x63,\x95\x5c,\"a,b\"\r\n"
	if got := buf.String(); got != want {
		t.Errorf("got % x, want % x", got, want)
	}
}

func TestCSVReaderShiftJIS5C(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{"unquoted", "\x95\x5c,\x83\x5c\r\n", [][]string{{"表", "ソ"}}},
		{"quoted", "\"\x95\x5c\",\"\x83\x5c\"\r\n", [][]string{{"表", "ソ"}}},
		{"quoted with comma and quote", "\"\x83\x5c,\"\"\x95\x5c\"\"\"\r\n", [][]string{{`ソ,"表"`}}},
		{"quoted with newline", "\"\x94\x5c\r\n\x95\x5c\",x\r\n", [][]string{{"能\n表", "x"}}},
		{"5c at field end before comma", "\x83\x5c\x83\x5c,\x95\x5c\n", [][]string{{"ソソ", "表"}}},
		{"half-width katakana", "\xc0\xde\xb0,\xca\xdf\r\n", [][]string{{"ﾀﾞｰ", "ﾊﾟ"}}},
		{"no trailing newline", "\x95\x5c", [][]string{{"表"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jtext.NewCSVReader(strings.NewReader(tt.in), jtext.ShiftJIS).ReadAll()
			if err != nil {
				t.Fatalf("ReadAll: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVReaderBOM(t *testing.T) {
	tests := []struct {
		name string
		enc  jtext.Encoding
		in   string
		want [][]string
	}{
		{"utf-8-bom with bom", jtext.UTF8BOM, "\xEF\xBB\xBFa,b\r\n", [][]string{{"a", "b"}}},
		{"utf-8-bom without bom", jtext.UTF8BOM, "a,b\r\n", [][]string{{"a", "b"}}},
		{"utf-8 with bom", jtext.UTF8, "\xEF\xBB\xBF氏名\r\n", [][]string{{"氏名"}}},
		{"utf-8 bom only", jtext.UTF8, "\xEF\xBB\xBF", nil},
		{"empty", jtext.UTF8, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jtext.NewCSVReader(strings.NewReader(tt.in), tt.enc).ReadAll()
			if err != nil {
				t.Fatalf("ReadAll: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVReaderUndecodable(t *testing.T) {
	tests := []struct {
		name      string
		enc       jtext.Encoding
		in        string
		wantRec   int
		wantField int
		wantLine  int
		secret    string // text near the bad bytes that must not leak
	}{
		{
			name: "shift_jis invalid lead byte",
			enc:  jtext.ShiftJIS,
			// 山田 / 鈴木 / record 3 field 2 has 0xFF inside 佐藤.
			in:      "id,\x8e\x52\x93\x63\r\n1,\x97\xe9\x96\xd8\r\n2,\x8d\xb2\xff\x93\xa1\r\n3,ok\r\n",
			wantRec: 3, wantField: 2, wantLine: 3, secret: "\x8d\xb2",
		},
		{
			name:    "shift_jis truncated lead byte at field end",
			enc:     jtext.ShiftJIS,
			in:      "a,b\r\n\"x\r\ny\",z\r\nc,secret\x81\r\n",
			wantRec: 3, wantField: 2, wantLine: 4, secret: "secret",
		},
		{
			name:    "shift_jis user-defined area (gaiji)",
			enc:     jtext.ShiftJIS,
			in:      "a,b\r\nc,d\r\ne,name\xf0\x40\r\n",
			wantRec: 3, wantField: 2, wantLine: 3, secret: "name",
		},
		{
			name:    "shift_jis lone 0x80",
			enc:     jtext.ShiftJIS,
			in:      "a,b\r\nc,d\r\ne,name\x80\r\n",
			wantRec: 3, wantField: 2, wantLine: 3, secret: "name",
		},
		{
			name:    "utf-8 invalid bytes",
			enc:     jtext.UTF8,
			in:      "氏名,住所\r\n山田,東京\r\n佐藤,秘密\xff\xfe\r\n",
			wantRec: 3, wantField: 2, wantLine: 3, secret: "秘密",
		},
		{
			// Issue 12: the line of the bad byte, not of the field's start.
			name:    "utf-8 bad byte on the second line of a quoted field",
			enc:     jtext.UTF8,
			in:      "a,b\r\nc,\"1 行目\r\n2 行目\xff\"\r\n",
			wantRec: 2, wantField: 2, wantLine: 3, secret: "行目",
		},
		{
			name:    "shift_jis bad byte on the third line of a quoted field",
			enc:     jtext.ShiftJIS,
			in:      "a,b\r\n\"x\ny\nz\x81\",c\r\n",
			wantRec: 2, wantField: 1, wantLine: 4, secret: "z",
		},
		{
			name:    "utf-8-bom shift_jis data",
			enc:     jtext.UTF8BOM,
			in:      "\xEF\xBB\xBFa,b\r\n\"multi\nline\",c\r\nd,\x8e\x52\x93\x63\r\n",
			wantRec: 3, wantField: 2, wantLine: 4, secret: "\x8e\x52",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jtext.NewCSVReader(strings.NewReader(tt.in), tt.enc).ReadAll()
			if !errors.Is(err, jtext.ErrUndecodable) {
				t.Fatalf("err = %v, want ErrUndecodable", err)
			}
			var de *jtext.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err %T is not *DecodeError", err)
			}
			if de.Record != tt.wantRec || de.Field != tt.wantField || de.Line != tt.wantLine || de.Encoding != tt.enc {
				t.Errorf("got %+v, want record %d field %d line %d", *de, tt.wantRec, tt.wantField, tt.wantLine)
			}
			if strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error %q leaks field content", err)
			}
			if !isPrintableASCII(err.Error()) {
				t.Errorf("error %q is not plain ASCII", err)
			}
		})
	}

	t.Run("message format", func(t *testing.T) {
		err := &jtext.DecodeError{Record: 3, Field: 5, Line: 4, Encoding: jtext.ShiftJIS}
		if got, want := err.Error(), "jtext: record 3, field 5 (line 4): not valid shift_jis"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("read continues after decode error", func(t *testing.T) {
		r := jtext.NewCSVReader(strings.NewReader("a\r\n\xff\r\nb\r\n"), jtext.UTF8)
		var got []string
		var errs int
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				errs++
				continue
			}
			got = append(got, rec...)
		}
		if errs != 1 || !reflect.DeepEqual(got, []string{"a", "b"}) {
			t.Errorf("got %q with %d errors", got, errs)
		}
	})
}

func TestCSVReaderSyntax(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantRec  int
		wantLine int
		// wantStart is the record's first line, where the user must look
		// (issue 12: errors name the file's line).
		wantStart int
	}{
		{"bare quote", "a,b\r\nc,d\"secret\r\n", 2, 2, 2},
		{"unterminated quote", "a,b\r\nc,d\r\ne,\"secret\r\nmore\r\n", 3, 4, 3},
		{"text after closing quote", "a\r\n\"x\"secret,y\r\n", 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jtext.NewCSVReader(strings.NewReader(tt.in), jtext.UTF8).ReadAll()
			if !errors.Is(err, jtext.ErrSyntax) {
				t.Fatalf("err = %v, want ErrSyntax", err)
			}
			var se *jtext.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err %T is not *SyntaxError", err)
			}
			if se.Record != tt.wantRec || se.Line != tt.wantLine || se.StartLine != tt.wantStart || se.Column < 1 {
				t.Errorf("got record %d line %d column %d, want record %d line %d",
					se.Record, se.Line, se.Column, tt.wantRec, tt.wantLine)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q leaks field content", err)
			}
		})
	}
}

func TestCSVWriterUnencodable(t *testing.T) {
	tests := []struct {
		name      string
		enc       jtext.Encoding
		records   [][]string
		wantRec   int
		wantField int
		wantRune  rune
	}{
		{"surrogate-pair kanji", jtext.ShiftJIS, [][]string{{"a", "b"}, {"c", "d", "𠮷野"}}, 2, 3, '𠮷'},
		{"emoji", jtext.ShiftJIS, [][]string{{"ok😀"}}, 1, 1, '😀'},
		{"emoji after a mapped wave dash", jtext.ShiftJIS, [][]string{{"x"}, {"x"}, {"1", "1〜3😀"}}, 3, 2, '😀'},
		{"invalid utf-8 to utf-8", jtext.UTF8, [][]string{{"a", "b\xff"}}, 1, 2, '\uFFFD'},
		{"invalid utf-8 to shift_jis", jtext.ShiftJIS, [][]string{{"山\xff"}}, 1, 1, '\uFFFD'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := jtext.NewCSVWriter(&buf, tt.enc)
			var err error
			for _, rec := range tt.records {
				if err = w.Write(rec); err != nil {
					break
				}
			}
			if !errors.Is(err, jtext.ErrUnencodable) {
				t.Fatalf("err = %v, want ErrUnencodable", err)
			}
			var ee *jtext.EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("err %T is not *EncodeError", err)
			}
			if ee.Record != tt.wantRec || ee.Field != tt.wantField || ee.Rune != tt.wantRune {
				t.Errorf("got %+v, want record %d field %d rune %U", *ee, tt.wantRec, tt.wantField, tt.wantRune)
			}
			if !isPrintableASCII(err.Error()) {
				t.Errorf("error %q is not plain ASCII", err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if bytes.ContainsRune(buf.Bytes(), '?') {
				t.Errorf("output %q contains a substituted '?'", buf.Bytes())
			}
			if n := bytes.Count(buf.Bytes(), []byte("\r\n")); n != tt.wantRec-1 {
				t.Errorf("%d records written, want %d (failed record must not be written)", n, tt.wantRec-1)
			}
		})
	}
}

func TestCSVWriterEscapeFormulas(t *testing.T) {
	tests := []struct {
		name   string
		escape bool
		field  string
		want   string
	}{
		{"equals", true, "=1+2", "'=1+2"},
		{"plus", true, "+81-3", "'+81-3"},
		{"minus", true, "-5", "'-5"},
		{"at", true, "@SUM(A1)", "'@SUM(A1)"},
		{"tab", true, "\tx", "'\tx"},
		{"carriage return", true, "\rx", "\"'\rx\""},
		{"needs quoting too", true, "=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
		{"inner equals untouched", true, "a=b", "a=b"},
		{"japanese untouched", true, "山田", "山田"},
		{"empty", true, "", "\"\""},
		{"disabled", false, "=1+2", "=1+2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := jtext.NewCSVWriter(&buf, jtext.UTF8)
			w.EscapeFormulas = tt.escape
			if err := w.Write([]string{tt.field}); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(buf.String(), "\r\n"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVWriterEmptyBOMFile(t *testing.T) {
	var buf bytes.Buffer
	if err := jtext.NewCSVWriter(&buf, jtext.UTF8BOM).Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "\xEF\xBB\xBF" {
		t.Errorf("got %q, want a lone BOM", got)
	}
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// TestCSVReaderLine: Line names the file's line where a record starts,
// counting the header and the lines of quoted line breaks (issue 12: an
// import's errors counted data rows and sent the clerk to the wrong line).
func TestCSVReaderLine(t *testing.T) {
	r := jtext.NewCSVReader(strings.NewReader("h1,h2\r\n\r\na,\"x\r\ny\"\r\nb,c\r\n"), jtext.UTF8)
	if r.Line() != 0 {
		t.Fatalf("Line() before Read = %d", r.Line())
	}
	for _, want := range []int{1, 3, 5} {
		if _, err := r.Read(); err != nil {
			t.Fatal(err)
		}
		if r.Line() != want {
			t.Errorf("Line() = %d, want %d", r.Line(), want)
		}
	}
}

// TestCSVWriterCP932Forms: the characters a Mac or an IME types where
// Windows has its own (the WAVE DASH problem) are written as CP932 writes
// them, counted for the user, and read back as Windows reads them (issue
// 12: a Shift_JIS export stopped on 〜, −, — and ¥).
func TestCSVWriterCP932Forms(t *testing.T) {
	var buf bytes.Buffer
	w := jtext.NewCSVWriter(&buf, jtext.ShiftJIS)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.Write([]string{"9:00〜17:00", "−5", "山田—佐藤", "¥1,000"}))
	must(w.Write([]string{"¢£¬‖‾", "〜"}))
	// A record that fails is not written, and its substitutions not counted.
	if err := w.Write([]string{"〜", "𠮷"}); !errors.Is(err, jtext.ErrUnencodable) {
		t.Fatalf("err = %v, want ErrUnencodable", err)
	}
	must(w.Flush())
	want := []jtext.Substitution{
		{From: '¢', To: '￠', Count: 1}, {From: '£', To: '￡', Count: 1}, {From: '¥', To: '\\', Count: 1},
		{From: '¬', To: '￢', Count: 1}, {From: '—', To: '―', Count: 1}, {From: '‖', To: '∥', Count: 1},
		{From: '‾', To: '~', Count: 1}, {From: '−', To: '－', Count: 1}, {From: '〜', To: '～', Count: 2},
	}
	if got := w.Substitutions(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Substitutions() = %+v, want %+v", got, want)
	}
	// The bytes are CP932's: 〜 is 0x8160, − 0x817C, — 0x815C, ¥ 0x5C.
	for _, b := range [][]byte{{0x81, 0x60}, {0x81, 0x7C}, {0x81, 0x5C}, {'\\', '1'}} {
		if !bytes.Contains(buf.Bytes(), b) {
			t.Errorf("output lacks % X", b)
		}
	}
	// Read back as Windows reads CP932.
	recs, err := jtext.NewCSVReader(bytes.NewReader(buf.Bytes()), jtext.ShiftJIS).ReadAll()
	must(err)
	wantRecs := [][]string{{"9:00～17:00", "－5", "山田―佐藤", "\\1,000"}, {"￠￡￢∥~", "～"}}
	if !reflect.DeepEqual(recs, wantRecs) {
		t.Fatalf("read back %q, want %q", recs, wantRecs)
	}
	// UTF-8 keeps every character as it is.
	var u bytes.Buffer
	uw := jtext.NewCSVWriter(&u, jtext.UTF8)
	must(uw.Write([]string{"〜−—¥"}))
	must(uw.Flush())
	if u.String() != "〜−—¥\r\n" || uw.Substitutions() != nil {
		t.Fatalf("utf-8: %q %v", u.String(), uw.Substitutions())
	}
}

package scan_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/share/scan"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// individual returns a valid 個人番号 made from seed (check digit computed).
func individual(t testing.TB, seed int) string {
	t.Helper()
	base := digitsOf(seed, 11)
	c, err := mynumber.IndividualCheckDigit(base)
	if err != nil {
		t.Fatal(err)
	}
	return base + string(rune('0'+c))
}

// digitsOf returns n pseudo-random digits from seed, the first not 0.
func digitsOf(seed, n int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(seed)))
	b := make([]byte, n)
	for i := range b {
		b[i] = '0' + sum[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// wrongCheck returns n with a wrong check digit.
func wrongCheck(n string) string {
	last := n[len(n)-1] - '0'
	return n[:len(n)-1] + string(rune('0'+(last+1)%10))
}

// corporate returns a valid 法人番号 made from seed.
func corporate(t testing.TB, seed int) string {
	t.Helper()
	base := digitsOf(seed+1000000, 12)
	c, err := mynumber.CorporateCheckDigit(base)
	if err != nil {
		t.Fatal(err)
	}
	return string(rune('0'+c)) + base
}

// fullWidth turns ASCII digits and '-' into full-width ones.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r - '0' + '０'
		case r == '-':
			return '－'
		}
		return r
	}, s)
}

// grouped writes n as 4-4-4 with sep.
func grouped(n, sep string) string { return n[:4] + sep + n[4:8] + sep + n[8:] }

func writeFile(t testing.TB, dir, name string, data []byte) scan.File {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return scan.File{Path: p, Name: name}
}

// zipOf builds a zip from name/content pairs (in order).
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func scanOne(t testing.TB, f scan.File) *scan.Result {
	t.Helper()
	res, err := scan.Files(context.Background(), []scan.File{f}, nil)
	if err != nil {
		t.Fatalf("scan %s: %v", f.Name, err)
	}
	return res
}

// where describes a finding without its file name, for comparisons.
func where(f scan.Finding) string {
	var b strings.Builder
	b.WriteString(f.Kind)
	if f.Inner != "" {
		b.WriteString(" in " + f.Inner)
	}
	if f.Line != 0 || f.Column != 0 {
		fmt.Fprintf(&b, " line %d col %d", f.Line, f.Column)
	}
	if f.Sheet != "" || f.Cell != "" {
		fmt.Fprintf(&b, " sheet %s cell %s", f.Sheet, f.Cell)
	}
	if f.Page != 0 {
		fmt.Fprintf(&b, " page %d", f.Page)
	}
	if f.Paragraph != 0 {
		fmt.Fprintf(&b, " paragraph %d", f.Paragraph)
		if f.Part != "" {
			b.WriteString(" of " + f.Part)
		}
	}
	return b.String()
}

func wheres(res *scan.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, where(f))
	}
	return out
}

// checkFindings compares the findings' places (never digits) with want.
func checkFindings(t testing.TB, res *scan.Result, want ...string) {
	t.Helper()
	got := wheres(res)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func tempDir(t testing.TB) string { return wintest.TempDir(t) }

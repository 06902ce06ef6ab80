package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestZipBomb: decompressed bytes beyond the budget are not read; the
// parts are reported too_large, never clean.
func TestZipBomb(t *testing.T) {
	saved := [3]int64{minBudget, bombRatio, maxBudget}
	minBudget, bombRatio, maxBudget = 1<<20, 10, 1<<30
	defer func() { minBudget, bombRatio, maxBudget = saved[0], saved[1], saved[2] }()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bytes.Repeat([]byte("0"), 700<<10)) // 700 KiB each, compresses ~1000:1
	}
	zw.Close()
	dir := wintest.TempDir(t)
	p := filepath.Join(dir, "bomb.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Files(context.Background(), []File{{Path: p, Name: "bomb.zip"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// a.txt fits in the 1 MiB budget; b.txt is cut off; c.txt is refused.
	var got []string
	for _, u := range res.Unscanned {
		got = append(got, u.Inner+":"+u.Reason)
	}
	if strings.Join(got, " ") != "b.txt:too_large c.txt:too_large" {
		t.Errorf("unscanned %v", got)
	}
}

func TestEncryptedEntry(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "給与.csv", Method: zip.Store, Flags: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("garbled"))
	zw.Close()
	dir := wintest.TempDir(t)
	p := filepath.Join(dir, "pw.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Files(context.Background(), []File{{Path: p, Name: "pw.zip"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unscanned) != 1 || res.Unscanned[0] != (Unscanned{File: "pw.zip", Inner: "給与.csv", Reason: ReasonEncrypted}) {
		t.Errorf("unscanned %+v", res.Unscanned)
	}
}

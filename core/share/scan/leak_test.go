package scan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/share/scan"
)

// TestNoDigitsInResult: what a scan returns about findings and unscanned
// parts holds no run of the numbers it found (names and places only).
func TestNoDigitsInResult(t *testing.T) {
	dir := tempDir(t)
	n1, n2, n3, c := individual(t, 120), individual(t, 121), individual(t, 122), corporate(t, 123)
	files := []scan.File{
		writeFile(t, dir, "a.csv", []byte("x,"+n1+"\n")),
		writeFile(t, dir, "b.docx", docxOf(t, para(n2), "")),
		writeFile(t, dir, "c.pdf", handPDF("BT /F1 9 Tf ("+n3+") Tj ET")),
		writeFile(t, dir, "d.zip", zipOf(t, "e.txt", c+" "+n1, "f.bin", "\x00"+n2)),
	}
	res, err := scan.Files(context.Background(), files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Individual != 4 || res.Corporate != 1 || len(res.Unscanned) != 1 {
		t.Fatalf("%d individual, %d corporate, %d unscanned", res.Individual, res.Corporate, len(res.Unscanned))
	}
	out := fmt.Sprintf("%#v %#v %v %v", res.Findings, res.Unscanned, res.Findings, res.Unscanned)
	for _, n := range []string{n1, n2, n3, c} {
		for i := 0; i+5 <= len(n); i++ {
			if strings.Contains(out, n[i:i+5]) {
				t.Fatalf("five digits of a planted number at %d appear in the result", i)
			}
		}
	}
}

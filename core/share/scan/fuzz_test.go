package scan

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// textFindings scans text with a buffer of size bytes.
func textFindings(t *testing.T, text []byte, delim byte, size int) []string {
	var out []string
	ts := textScan{delim: delim, size: size, found: func(h hit, line, col int) {
		out = append(out, fmt.Sprintf("%s %d:%d", h.kind, line, col))
	}}
	s := &scanner{ctx: context.Background()}
	if err := ts.run(bytes.NewReader(text), s); err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzTextScan: scanning in small chunks finds exactly what one pass over
// the whole text finds (numbers across chunk boundaries, long lines, CSV
// quotes), and nothing panics.
func FuzzTextScan(f *testing.F) {
	n := "12345678901"
	c, _ := mynumber.IndividualCheckDigit(n)
	valid := n + string(rune('0'+c))
	f.Add([]byte("a,"+valid+"\n"), byte(','), uint16(0))
	f.Add(bytes.Repeat([]byte("x"+valid), 40), byte(0), uint16(7))
	f.Add([]byte(`"a,b",`+valid[:4]+"-"+valid[4:8]+"-"+valid[8:]+"\r\n"), byte(','), uint16(100))
	f.Add([]byte("１２３４５６７８９０１２ ー "+valid), byte(0), uint16(3))
	f.Fuzz(func(t *testing.T, text []byte, delim byte, size uint16) {
		if delim != ',' && delim != '\t' {
			delim = 0
		}
		// Repeat short inputs so they cross several small buffers.
		for len(text) > 0 && len(text) < 2000 {
			text = append(text, text...)
		}
		small := guard + 2*overlap + 2 + int(size)%512
		want := textFindings(t, text, delim, len(text)+1)
		got := textFindings(t, text, delim, small)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("chunk %d: %d findings, one pass %d", small, len(got), len(want))
		}
	})
}

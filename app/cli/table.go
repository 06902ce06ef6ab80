package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/width"

	"github.com/kinko-jp/kinko/core/jst"
)

// cellWidth is how many terminal columns s takes: two for a wide or
// full-width character (漢字, かな, full-width brackets), one otherwise.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			if r >= ' ' {
				n++
			}
		}
	}
	return n
}

// printTable writes a header and rows in columns padded to the widest
// cell, counting a Japanese character as two columns, so the columns line
// up in a terminal. Trailing spaces are trimmed.
func printTable(w io.Writer, indent string, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], cellWidth(c))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-cellWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// when writes the unix-ms time ms for the verb's language, in Japan time
// (core/jst): 令和8年12月5日 20:06:03 in Japanese, 2026-12-05 20:06:03 in
// English; "-" for 0 (never).
func (e *Env) when(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return jst.DateTime(time.UnixMilli(ms), string(e.Lang))
}

// isoTime writes the unix-ms time ms as RFC 3339 in Japan time, for JSON;
// "" for 0 (never).
func isoTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return jst.Ms(ms).Format(time.RFC3339)
}

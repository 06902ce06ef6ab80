// Package reporttest reads PDF reports back as text in tests, with
// poppler's pdftotext, so a test checks what a reader of the file sees.
// Where pdftotext is missing the test is skipped, except under CI (CI set),
// where that is a failure: .ci/deps.sh installs poppler-utils. Under Wine
// (the Windows lane) it is skipped, and listed in .ci/wine-skip.txt.
package reporttest

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/kinko-jp/kinko/internal/wintest"
)

// Text returns the text of every page of pdf, pages separated by form
// feeds, in reading layout.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	// The PDF has been made by now; only reading it back cannot be done.
	wintest.Skip(t, "pdftotext is a Linux program: Wine starts it without pipes or a process handle, and Debian has no Windows build")
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext is missing (apt-get install poppler-utils)")
	}
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errb.String())
	}
	return out.String()
}

// Pages returns the number of pages pdftotext found.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	return bytes.Count([]byte(Text(t, pdf)), []byte("\f"))
}

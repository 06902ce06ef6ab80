package office_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// bigCSV writes a CSV file of about size bytes to dir: a people header,
// then rows of about rowLen bytes for client C-1, with bad (if not "")
// as the row after about nine tenths of the file.
func bigCSV(t *testing.T, name string, size, rowLen int, bad string) string {
	t.Helper()
	path := filepath.Join(wintest.TempDir(t), name)
	f, err := os.Create(path)
	must(t, err)
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("顧問先コード,氏名,フリガナ,役割,生年月日,備考\r\n")
	note := strings.Repeat("あ", max(0, (rowLen-60)/3))
	written, placed := 0, bad == ""
	for i := 0; written < size; i++ {
		if !placed && written > size/10*9 {
			n, _ := w.WriteString(bad + "\r\n")
			written += n
			placed = true
			continue
		}
		n, _ := fmt.Fprintf(w, "C-1,山田 太郎%d,ヤマダ タロウ,従業員,昭和%d年%d月%d日,%s\r\n", i, 40+i%20, 1+i%12, 1+i%28, note)
		written += n
	}
	must(t, w.Flush())
	must(t, f.Close())
	return path
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestImportLimits: a 100 MB file is refused with a stable error after at
// most MaxImportBytes were read (rows are not all held in memory), and
// the vault is left as it was — also when a malformed row sits near the
// end of the file. A file within the limits with a bad row near its end
// is refused whole too.
func TestImportLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads files of 100 MB")
	}
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	cid, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社あおば", Code: "C-1"}, false)
	must(t, err)
	codes, err := o.CodeIndex()
	must(t, err)

	// importFile is what the CLI and the window do: parse, then write all.
	importFile := func(path string) (p *office.Parsed, read int64, err error) {
		f, err := os.Open(path)
		must(t, err)
		defer f.Close()
		cr := &countingReader{r: f}
		p, err = office.Parse(office.ImportPeople, cr, jtext.UTF8, nil, codes)
		if err != nil {
			return p, cr.n, err
		}
		_, err = o.Import(context.Background(), p, nil)
		return p, cr.n, err
	}
	unchanged := func(t *testing.T) {
		t.Helper()
		cs, err := o.Clients()
		must(t, err)
		ps, err := o.People(cid)
		must(t, err)
		if len(cs) != 1 || len(ps) != 0 {
			t.Fatalf("the vault changed: %d clients, %d people", len(cs), len(ps))
		}
	}
	const mb = 1 << 20
	cases := []struct {
		name         string
		size, rowLen int
		bad          string
		want         error
		maxRead      int64
	}{
		// About a million short rows: refused at row 100,001, ~10 MB in.
		{"100 MB of short rows", 100 * mb, 100, "", office.ErrTooManyRows, 16 * mb},
		// Long rows: refused when the 64 MB are passed.
		{"100 MB of long rows", 100 * mb, 1200, "", office.ErrFileTooLarge, office.MaxImportBytes + 1<<17},
		{"100 MB with a broken row near the end", 100 * mb, 1200, `C-1,"山田,ヤマダ`, office.ErrFileTooLarge, office.MaxImportBytes + 1<<17},
		// Within the limits, a bad row near the end refuses the whole file.
		{"50 MB with broken quotes near the end", 50 * mb, 700, `C-1,"山田,ヤマダ,従業員,,`, jtext.ErrSyntax, 51 * mb},
		{"50 MB with a bad date near the end", 50 * mb, 700, "C-1,山田 花子,ヤマダ ハナコ,従業員,平成31年5月1日,", office.ErrRowsInvalid, 51 * mb},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := bigCSV(t, "people.csv", c.size, c.rowLen, c.bad)
			p, read, err := importFile(path)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if read > c.maxRead {
				t.Errorf("read %d MB before refusing", read/mb)
			}
			if c.want == office.ErrRowsInvalid {
				// Every row was read; only the bad one is reported.
				if p.Rows < 60_000 || len(p.Errors) != 1 || p.Errors[0].Row < p.Rows*8/10 || p.Errors[0].Field != "birth" {
					t.Fatalf("%d rows, errors %+v", p.Rows, p.Errors)
				}
			} else if p != nil {
				t.Fatal("a refused file gave a parse")
			}
			unchanged(t)
		})
	}

	// The same limit holds for a workbook's bytes.
	t.Run("xlsx over the limit", func(t *testing.T) {
		r := io.MultiReader(bytes.NewReader([]byte("PK\x03\x04")), zeros{})
		if _, err := office.ParseXLSX(office.ImportPeople, r, nil, codes); !errors.Is(err, office.ErrFileTooLarge) {
			t.Fatalf("got %v", err)
		}
	})
}

// zeros is an endless file.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

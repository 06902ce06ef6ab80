package share_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// testPass is the passphrase of the tests' packages; testWF keeps scrypt
// quick (Open accepts any work factor up to share.MaxWorkFactor).
const (
	testPass = "sakura-mikan-tokei-inu-neko-umi"
	testWF   = 10
)

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// tree lists every file under dir (slash paths) with its content's hash;
// the same map before and after a refusal proves it left dir unchanged.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[filepath.ToSlash(rel)+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(rel)] = sum(b)
		return nil
	})
	return out
}

// sample makes a folder of files to send: Japanese names, nested folders,
// an empty file, a compressible CSV, random binary data; and files Collect
// leaves out.
func sample(t *testing.T, root string) (paths []string, want map[string][]byte) {
	t.Helper()
	want = map[string][]byte{
		"顧問先A/決算/2026年度 試算表.csv": []byte(strings.Repeat("勘定科目,金額\n現金,1000\n", 2000)),
		"顧問先A/決算/空.txt":          {},
		"顧問先A/申告書 (控).pdf":       randomBytes(t, 300_000),
		"顧問先A/画像/領収書①.jpg":       randomBytes(t, 70_000),
	}
	for name, b := range want {
		writeFile(t, filepath.Join(root, filepath.FromSlash(name)), b)
	}
	writeFile(t, filepath.Join(root, "顧問先A", "~$試算表.xlsx"), []byte("lock"))
	writeFile(t, filepath.Join(root, "顧問先A", "Thumbs.db"), []byte("x"))
	writeFile(t, filepath.Join(root, "顧問先A", "決算", "desktop.ini"), []byte("x"))
	single := filepath.Join(root, "メモ.txt")
	writeFile(t, single, []byte("ご確認ください。\n"))
	want["メモ.txt"] = []byte("ご確認ください。\n")
	return []string{filepath.Join(root, "顧問先A"), single}, want
}

func manifest() share.Manifest {
	exp := time.Date(2099, 12, 31, 23, 59, 59, 0, time.FixedZone("JST", 9*3600))
	return share.Manifest{Office: "山田税理士事務所", Client: "株式会社サンプル", Recipient: "佐藤 花子",
		Sender: "山田 太郎", Message: "決算書類をお送りします。", Expires: &exp}
}

func createPackage(t *testing.T, items []share.Item, opt share.CreateOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := share.Create(context.Background(), &buf, items, opt, nil); err != nil {
		t.Fatalf("Create: %v", err)
	}
	return buf.Bytes()
}

func passOpt() share.CreateOptions {
	return share.CreateOptions{Passphrase: testPass, WorkFactor: testWF, Manifest: manifest()}
}

func extract(pkg []byte, dir string, opt share.ExtractOptions) (*share.ExtractResult, error) {
	if opt.Open.Passphrase == "" && opt.Open.Identities == nil {
		opt.Open.Passphrase = testPass
	}
	return share.Extract(context.Background(), bytes.NewReader(pkg), int64(len(pkg)), dir, opt, nil)
}

func TestRoundTrip(t *testing.T) {
	src := wintest.TempDir(t)
	paths, want := sample(t, src)
	items, err := share.Collect(paths)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range items {
		names = append(names, it.Name)
	}
	slices.Sort(names)
	wantNames := make([]string, 0, len(want))
	for n := range want {
		wantNames = append(wantNames, n)
	}
	slices.Sort(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Fatalf("Collect names %q, want %q", names, wantNames)
	}

	out := filepath.Join(wintest.TempDir(t), "送付.age")
	var last int64
	m, err := share.CreateFile(context.Background(), out, items, passOpt(), progressTo(&last))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != share.KindPackage || len(m.ID) != 16 || m.Format != share.FormatName || m.Version != 1 {
		t.Fatalf("manifest %+v", m)
	}
	var total int64
	for _, b := range want {
		total += int64(len(b))
	}
	if last != total {
		t.Errorf("last progress %d, want %d", last, total)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("CreateFile left %d files beside the package", len(entries))
	}
	pkg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	f, _ := os.Open(out)
	kind, err := share.Detect(f)
	f.Close()
	if err != nil || kind != share.KindPackage {
		t.Fatalf("Detect = %q, %v", kind, err)
	}
	got, err := share.Inspect(bytes.NewReader(pkg), int64(len(pkg)), share.OpenOptions{Passphrase: " ＳＡＫＵＲＡ　mikan・tokei inu_neko－umi "})
	if err != nil {
		t.Fatalf("Inspect with the passphrase typed loosely: %v", err)
	}
	if got.Office != "山田税理士事務所" || got.Message != "決算書類をお送りします。" || len(got.Files) != len(want) {
		t.Fatalf("Inspect manifest %+v", got)
	}

	dest := filepath.Join(wintest.TempDir(t), "受取")
	res, err := extract(pkg, dest, share.ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != len(want) {
		t.Fatalf("written %d files, want %d", len(res.Written), len(want))
	}
	gotTree := tree(t, dest)
	for name, b := range want {
		if gotTree[name] != sum(b) {
			t.Errorf("%s: extracted content differs", name)
		}
	}
	for p := range gotTree {
		if strings.HasSuffix(p, "/") {
			continue
		}
		if _, ok := want[p]; !ok {
			t.Errorf("unexpected file %s", p)
		}
	}
}

func progressTo(last *int64) progressFunc { return progressFunc{last} }

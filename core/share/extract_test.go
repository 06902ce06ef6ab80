package share_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func TestConflicts(t *testing.T) {
	src := wintest.TempDir(t)
	writeFile(t, filepath.Join(src, "決算", "試算表.csv"), []byte("new,csv\n"))
	writeFile(t, filepath.Join(src, "決算", "メモ.txt"), []byte("new memo\n"))
	items, err := share.Collect([]string{filepath.Join(src, "決算")})
	if err != nil {
		t.Fatal(err)
	}
	pkg := createPackage(t, items, passOpt())

	setup := func(t *testing.T) string {
		dir := wintest.TempDir(t)
		writeFile(t, filepath.Join(dir, "決算", "試算表.csv"), []byte("old\n"))
		writeFile(t, filepath.Join(dir, "決算", "試算表 (2).csv"), []byte("old 2\n"))
		return dir
	}
	read := func(t *testing.T, p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("refuse", func(t *testing.T) {
		dir := setup(t)
		before := tree(t, dir)
		_, err := extract(pkg, dir, share.ExtractOptions{})
		var ee *share.ExistsError
		if !errors.As(err, &ee) || !errors.Is(err, share.ErrExists) || !slices.Equal(ee.Paths, []string{"決算/試算表.csv"}) {
			t.Fatalf("Extract: %v (%+v)", err, ee)
		}
		if !sameTree(before, tree(t, dir)) {
			t.Fatal("a refused extract changed the folder")
		}
	})
	t.Run("overwrite", func(t *testing.T) {
		dir := setup(t)
		res, err := extract(pkg, dir, share.ExtractOptions{Conflict: share.ConflictOverwrite})
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(dir, "決算", "試算表.csv")); got != "new,csv\n" || len(res.Written) != 2 {
			t.Fatalf("overwrite: %q, %d written", got, len(res.Written))
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("staging left behind: %d entries", len(entries))
		}
	})
	t.Run("keep both", func(t *testing.T) {
		dir := setup(t)
		res, err := extract(pkg, dir, share.ExtractOptions{Conflict: share.ConflictKeepBoth})
		if err != nil {
			t.Fatal(err)
		}
		if read(t, filepath.Join(dir, "決算", "試算表.csv")) != "old\n" || read(t, filepath.Join(dir, "決算", "試算表 (3).csv")) != "new,csv\n" {
			t.Fatalf("keep both: %v", res.Written)
		}
	})
	t.Run("skip", func(t *testing.T) {
		dir := setup(t)
		res, err := extract(pkg, dir, share.ExtractOptions{Conflict: share.ConflictSkip})
		if err != nil {
			t.Fatal(err)
		}
		if read(t, filepath.Join(dir, "決算", "試算表.csv")) != "old\n" || read(t, filepath.Join(dir, "決算", "メモ.txt")) != "new memo\n" ||
			!slices.Equal(res.Skipped, []string{"決算/試算表.csv"}) {
			t.Fatalf("skip: written %v skipped %v", res.Written, res.Skipped)
		}
	})
}

// cancelAfter cancels once stage has reported more than n bytes.
type cancelAfter struct {
	stage  string
	n      int64
	cancel func()
}

func (c cancelAfter) Report(u progress.Update) {
	if u.Stage == c.stage && u.Done > c.n {
		c.cancel()
	}
}

func TestCancel(t *testing.T) {
	src := wintest.TempDir(t)
	big := randomBytes(t, 8<<20)
	writeFile(t, filepath.Join(src, "大きい.bin"), big)
	items, err := share.Collect([]string{filepath.Join(src, "大きい.bin")})
	if err != nil {
		t.Fatal(err)
	}

	outDir := wintest.TempDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, err = share.CreateFile(ctx, filepath.Join(outDir, "p.age"), items, passOpt(), cancelAfter{share.StageSeal, 1 << 20, cancel})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CreateFile: %v, want canceled", err)
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
		t.Fatalf("a canceled CreateFile left %d files", len(entries))
	}

	pkg := createPackage(t, items, passOpt())
	base := wintest.TempDir(t)
	writeFile(t, filepath.Join(base, "既存.txt"), []byte("x"))
	before := tree(t, base)
	ctx, cancel = context.WithCancel(context.Background())
	_, err = share.Extract(ctx, bytes.NewReader(pkg), int64(len(pkg)), filepath.Join(base, "新しいフォルダ"),
		share.ExtractOptions{Open: share.OpenOptions{Passphrase: testPass}}, cancelAfter{share.StageExtract, 1 << 20, cancel})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Extract: %v, want canceled", err)
	}
	if !sameTree(before, tree(t, base)) {
		t.Fatal("a canceled Extract left something")
	}
}

// changeOnSeal rewrites the end of a file once sealing has started.
type changeOnSeal struct {
	path string
	done *bool
}

func (c changeOnSeal) Report(u progress.Update) {
	if u.Stage == share.StageSeal && u.Done > 0 && !*c.done {
		*c.done = true
		f, err := os.OpenFile(c.path, os.O_WRONLY, 0)
		if err == nil {
			st, _ := f.Stat()
			f.WriteAt([]byte("changed"), st.Size()-7)
			f.Close()
		}
	}
}

func TestChanged(t *testing.T) {
	src := wintest.TempDir(t)
	p := filepath.Join(src, "資料.bin")
	writeFile(t, p, randomBytes(t, 5<<20))
	items, err := share.Collect([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	// The scan's result (size, SHA-256, CRC), then the file changes before sealing.
	var buf bytes.Buffer
	m, err := share.Create(context.Background(), &buf, items, passOpt(), nil)
	if err != nil {
		t.Fatal(err)
	}
	items[0].SHA256 = m.Files[0].SHA256
	items[0].CRC32 = crc32.ChecksumIEEE(mustRead(t, p))
	writeFile(t, p, randomBytes(t, 5<<20))
	if _, err := share.Create(context.Background(), io.Discard, items, passOpt(), nil); !errors.Is(err, share.ErrChanged) {
		t.Fatalf("changed content: %v, want ErrChanged", err)
	}
	writeFile(t, p, randomBytes(t, 4<<20))
	if _, err := share.Create(context.Background(), io.Discard, items, passOpt(), nil); !errors.Is(err, share.ErrChanged) {
		t.Fatalf("changed size: %v, want ErrChanged", err)
	}
	// Changed while being sealed (Create hashed it itself first).
	writeFile(t, p, randomBytes(t, 5<<20))
	items, _ = share.Collect([]string{p})
	outDir := wintest.TempDir(t)
	done := false
	_, err = share.CreateFile(context.Background(), filepath.Join(outDir, "p.age"), items, passOpt(), changeOnSeal{p, &done})
	if !done || !errors.Is(err, share.ErrChanged) {
		t.Fatalf("changed while sealing: %v, want ErrChanged", err)
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
		t.Fatalf("a failed CreateFile left %d files", len(entries))
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The ZIP inside: manifest.json first and stored; every local header has
// the UTF-8 flag, the CRC and both sizes, and no data descriptor, as
// Explorer's extractor and streaming readers need.
func TestZipLayout(t *testing.T) {
	src := wintest.TempDir(t)
	paths, want := sample(t, src)
	items, err := share.Collect(paths)
	if err != nil {
		t.Fatal(err)
	}
	pkg := createPackage(t, items, passOpt())
	id, _ := age.NewScryptIdentity(testPass)
	r, err := age.Decrypt(bytes.NewReader(pkg), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(plain), int64(len(plain)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(want)+1 {
		t.Fatalf("%d entries, want %d", len(zr.File), len(want)+1)
	}
	deflated := 0
	for i, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		nameLen := len(f.Name)
		lh := plain[off-int64(nameLen)-30-int64(extraLen(plain, off, nameLen)):]
		if binary.LittleEndian.Uint32(lh) != 0x04034b50 {
			t.Fatalf("%d: no local header at the expected place", i)
		}
		flags := binary.LittleEndian.Uint16(lh[6:])
		method := binary.LittleEndian.Uint16(lh[8:])
		crc := binary.LittleEndian.Uint32(lh[14:])
		csize := binary.LittleEndian.Uint32(lh[18:])
		usize := binary.LittleEndian.Uint32(lh[22:])
		name := string(lh[30 : 30+nameLen])
		if name != f.Name {
			t.Fatalf("%d: local name %q, central %q", i, name, f.Name)
		}
		if flags&0x8 != 0 {
			t.Errorf("%s: data descriptor flag set", name)
		}
		if flags&0x800 == 0 {
			t.Errorf("%s: UTF-8 flag not set", name)
		}
		if crc != f.CRC32 || uint64(csize) != f.CompressedSize64 || uint64(usize) != f.UncompressedSize64 {
			t.Errorf("%s: local header crc/sizes %x/%d/%d, central %x/%d/%d", name, crc, csize, usize, f.CRC32, f.CompressedSize64, f.UncompressedSize64)
		}
		if i == 0 && (name != share.ManifestName || method != zip.Store) {
			t.Errorf("first entry %q method %d, want manifest.json stored", name, method)
		}
		if method == zip.Deflate {
			deflated++
		}
		if i > 0 {
			b, ok := want[name[len(share.FilesDir):]]
			rc, err := f.Open()
			if err != nil || !ok {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(got, b) {
				t.Errorf("%s: content differs (%v)", name, err)
			}
		}
	}
	if deflated == 0 {
		t.Error("the CSV was not deflated")
	}
}

// extraLen reads the extra field length of the local header that ends at
// data offset off with a name of nameLen bytes: try lengths until the
// signature lines up (the extended timestamp makes it 9).
func extraLen(plain []byte, off int64, nameLen int) int {
	for n := 0; n < 64; n++ {
		start := off - int64(nameLen) - 30 - int64(n)
		if start >= 0 && binary.LittleEndian.Uint32(plain[start:]) == 0x04034b50 && int(binary.LittleEndian.Uint16(plain[start+28:])) == n {
			return n
		}
	}
	return 0
}

func TestBigFile(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB")
	}
	src := wintest.TempDir(t)
	p := filepath.Join(src, "大きな資料.pdf")
	data := randomBytes(t, 50<<20)
	writeFile(t, p, data)
	items, err := share.Collect([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(wintest.TempDir(t), "大きい.age")
	if _, err := share.CreateFile(context.Background(), out, items, passOpt(), nil); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	dir := wintest.TempDir(t)
	if _, err := share.Extract(context.Background(), f, st.Size(), dir, share.ExtractOptions{Open: share.OpenOptions{Passphrase: testPass}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, filepath.Join(dir, "大きな資料.pdf")); !bytes.Equal(got, data) {
		t.Fatal("50 MB file differs after the round trip")
	}
}

// A return package (Recipients) and an armored package round-trip too.
func TestReturnAndArmor(t *testing.T) {
	src := wintest.TempDir(t)
	writeFile(t, filepath.Join(src, "返送書類.pdf"), randomBytes(t, 200_000))
	items, err := share.Collect([]string{filepath.Join(src, "返送書類.pdf")})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := share.NewEnvelopeKey()
	opt := share.CreateOptions{Recipients: []age.Recipient{id.Recipient()}, Manifest: share.Manifest{Office: "山田税理士事務所", Envelope: "0011223344556677"}}
	pkg := createPackage(t, items, opt)
	if k, err := share.Detect(bytes.NewReader(pkg)); err != nil || k != share.KindReturn {
		t.Fatalf("Detect = %q, %v", k, err)
	}
	res, err := extract(pkg, wintest.TempDir(t), share.ExtractOptions{Open: share.OpenOptions{Identities: []age.Identity{id}}})
	if err != nil || res.Manifest.Kind != share.KindReturn || res.Manifest.Envelope != "0011223344556677" || len(res.Written) != 1 {
		t.Fatalf("return package: %v %+v", err, res)
	}

	aopt := passOpt()
	aopt.Armor = true
	armored := createPackage(t, items, aopt)
	if !bytes.HasPrefix(armored, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
		t.Fatal("not armored")
	}
	if k, err := share.Detect(bytes.NewReader(armored)); err != nil || k != share.KindPackage {
		t.Fatalf("Detect(armored) = %q, %v", k, err)
	}
	dir := wintest.TempDir(t)
	if _, err := extract(armored, dir, share.ExtractOptions{}); err != nil {
		t.Fatalf("armored: %v", err)
	}
	if !bytes.Equal(mustRead(t, filepath.Join(dir, "返送書類.pdf")), mustRead(t, filepath.Join(src, "返送書類.pdf"))) {
		t.Fatal("armored package: content differs")
	}
}

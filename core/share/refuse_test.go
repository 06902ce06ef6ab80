package share_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// entry is one ZIP entry of a hand-made package.
type entry struct {
	name string
	data []byte
}

// handZip builds a ZIP the way another program might: entries in order,
// Deflate with data descriptors (archive/zip's CreateHeader).
func handZip(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handManifest is a manifest listing files with the right sizes and hashes.
func handManifest(t *testing.T, files []entry, edit func(*share.Manifest)) []byte {
	t.Helper()
	m := manifest()
	m.Format, m.Version, m.Kind, m.ID, m.Created = share.FormatName, share.FormatVersion, share.KindPackage, "0123456789abcdef", time.Now()
	for _, f := range files {
		m.Files = append(m.Files, share.File{Path: f.name, Size: int64(len(f.data)), SHA256: sum(f.data)})
	}
	if edit != nil {
		edit(&m)
	}
	b, err := json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sealBytes encrypts plaintext with the test passphrase (or to recipients).
func sealBytes(t *testing.T, plain []byte, recips ...age.Recipient) []byte {
	t.Helper()
	if len(recips) == 0 {
		r, err := age.NewScryptRecipient(testPass)
		if err != nil {
			t.Fatal(err)
		}
		r.SetWorkFactor(testWF)
		recips = []age.Recipient{r}
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, recips...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handPackage is a package whose ZIP holds manifest.json (listing files)
// and then entries (files/… names given in full).
func handPackage(t *testing.T, files []entry, entries []entry, edit func(*share.Manifest)) []byte {
	t.Helper()
	all := append([]entry{{share.ManifestName, handManifest(t, files, edit)}}, entries...)
	return sealBytes(t, handZip(t, all))
}

// asEntries gives files their files/ names.
func asEntries(files []entry) []entry {
	var out []entry
	for _, f := range files {
		out = append(out, entry{share.FilesDir + f.name, f.data})
	}
	return out
}

// goodPackage is a valid package of a few files (its data large enough
// for several age chunks).
func goodPackage(t *testing.T) []byte {
	t.Helper()
	src := wintest.TempDir(t)
	writeFile(t, filepath.Join(src, "書類", "a.bin"), randomBytes(t, 300_000))
	writeFile(t, filepath.Join(src, "書類", "b.txt"), []byte("本文\n"))
	items, err := share.Collect([]string{filepath.Join(src, "書類")})
	if err != nil {
		t.Fatal(err)
	}
	return createPackage(t, items, passOpt())
}

// refuses checks that extracting pkg fails with want and leaves both an
// existing target folder and a missing one as they were.
func refuses(t *testing.T, pkg []byte, opt share.ExtractOptions, want error) {
	t.Helper()
	base := wintest.TempDir(t)
	existing := filepath.Join(base, "既存")
	writeFile(t, filepath.Join(existing, "前からある.txt"), []byte("keep me"))
	before := tree(t, base)
	_, err := extract(pkg, existing, opt)
	if !errors.Is(err, want) {
		t.Fatalf("Extract into a folder: %v, want %v", err, want)
	}
	_, err = extract(pkg, filepath.Join(base, "新規", "受取"), opt)
	if !errors.Is(err, want) {
		t.Fatalf("Extract into a new folder: %v, want %v", err, want)
	}
	if after := tree(t, base); !sameTree(before, after) {
		t.Fatalf("a refused package changed the target:\nbefore %v\nafter  %v", before, after)
	}
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestRefusals(t *testing.T) {
	files := []entry{{"報告書.txt", []byte("内容\n")}, {"資料/表.csv", []byte("a,b\n1,2\n")}}
	good := goodPackage(t)
	hdrEnd := bytes.Index(good, []byte("\n---")) + 1
	payloadStart := bytes.IndexByte(good[hdrEnd:], '\n') + hdrEnd + 1
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	retPkg := sealBytes(t, handZip(t, append([]entry{{share.ManifestName, handManifest(t, files, func(m *share.Manifest) { m.Kind = share.KindReturn })}}, asEntries(files)...)), id.Recipient())

	cases := []struct {
		name string
		pkg  func() []byte
		opt  share.ExtractOptions
		want error
	}{
		{"hand-made package opens", func() []byte { return handPackage(t, files, asEntries(files), nil) }, share.ExtractOptions{}, nil},
		{"tampered payload byte", func() []byte {
			b := bytes.Clone(good)
			b[payloadStart+100_000] ^= 1
			return b
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"tampered last byte", func() []byte {
			b := bytes.Clone(good)
			b[len(b)-1] ^= 0x80
			return b
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"tampered header MAC", func() []byte {
			b := bytes.Clone(good)
			if b[hdrEnd+5] == 'A' {
				b[hdrEnd+5] = 'B'
			} else {
				b[hdrEnd+5] = 'A'
			}
			return b
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"garbled header MAC", func() []byte {
			b := bytes.Clone(good)
			b[hdrEnd+5] = '*'
			return b
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"truncated at a chunk boundary", func() []byte {
			return good[:payloadStart+16+2*(64<<10+16)]
		}, share.ExtractOptions{}, share.ErrTruncated},
		{"truncated to the header", func() []byte { return good[:payloadStart-10] }, share.ExtractOptions{}, share.ErrTruncated},
		{"truncated right after the header", func() []byte { return good[:payloadStart+16] }, share.ExtractOptions{}, share.ErrTruncated},
		{"wrong passphrase", func() []byte { return good }, share.ExtractOptions{Open: share.OpenOptions{Passphrase: "sakura-mikan-tokei-inu-neko-yama"}}, share.ErrPassphrase},
		{"expired", func() []byte { return good }, share.ExtractOptions{Open: share.OpenOptions{Passphrase: testPass, Now: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}}, share.ErrExpired},
		{"expired (hand-made)", func() []byte {
			return handPackage(t, files, asEntries(files), func(m *share.Manifest) { m.Expires = &past })
		}, share.ExtractOptions{}, share.ErrExpired},
		{"work factor 21", func() []byte {
			b := bytes.Clone(good)
			i := bytes.Index(b, []byte(" 10\n"))
			return append(append(b[:i:i], []byte(" 21\n")...), b[i+4:]...)
		}, share.ExtractOptions{}, share.ErrWorkFactor},
		{"too new", func() []byte {
			return handPackage(t, files, asEntries(files), func(m *share.Manifest) { m.Version = 2 })
		}, share.ExtractOptions{}, share.ErrTooNew},
		{"not age", func() []byte { return []byte("PK\x03\x04 this is a zip, not an age file") }, share.ExtractOptions{}, share.ErrNotPackage},
		{"age but not a ZIP", func() []byte { return sealBytes(t, []byte("just text")) }, share.ExtractOptions{}, share.ErrNotPackage},
		{"ZIP without manifest first", func() []byte {
			return sealBytes(t, handZip(t, append(asEntries(files), entry{share.ManifestName, handManifest(t, files, nil)})))
		}, share.ExtractOptions{}, share.ErrNotPackage},
		{"other format", func() []byte {
			return handPackage(t, files, asEntries(files), func(m *share.Manifest) { m.Format = "something" })
		}, share.ExtractOptions{}, share.ErrNotPackage},
		{"extra entry", func() []byte {
			return handPackage(t, files, append(asEntries(files), entry{"files/おまけ.exe", []byte("MZ")}), nil)
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"entry outside files/", func() []byte {
			return handPackage(t, files, append(asEntries(files), entry{"autorun.inf", []byte("x")}), nil)
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"missing entry", func() []byte { return handPackage(t, files, asEntries(files)[:1], nil) }, share.ExtractOptions{}, share.ErrCorrupt},
		{"hash mismatch", func() []byte {
			e := asEntries(files)
			e[1].data = []byte("a,b\n9,9\n") // same size
			return handPackage(t, files, e, nil)
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"size mismatch", func() []byte {
			e := asEntries(files)
			e[0].data = []byte("内容が違う\n")
			return handPackage(t, files, e, nil)
		}, share.ExtractOptions{}, share.ErrCorrupt},
		{"return package without identities", func() []byte { return retPkg }, share.ExtractOptions{}, share.ErrNoIdentity},
		{"return package, other identity", func() []byte { return retPkg }, share.ExtractOptions{Open: share.OpenOptions{Identities: []age.Identity{other}}}, share.ErrNoIdentity},
		{"return package opens", func() []byte { return retPkg }, share.ExtractOptions{Open: share.OpenOptions{Identities: []age.Identity{other, id}}}, nil},
	}
	for _, bad := range []string{"../evil.txt", "a/../../evil.txt", "/etc/evil", "C:/evil.txt", "c:evil.txt", `a\..\..\evil.txt`,
		"CON", "con.txt", "資料/NUL.csv", "lpt1", "Com9.log", "aux ", "evil.", "evil ", "a//b", "./a", "a\x01b", "a:b"} {
		bad := bad
		cases = append(cases, struct {
			name string
			pkg  func() []byte
			opt  share.ExtractOptions
			want error
		}{"unsafe name " + strings.ToValidUTF8(bad, "?"), func() []byte {
			f := []entry{{bad, []byte("evil")}}
			return handPackage(t, f, asEntries(f), nil)
		}, share.ExtractOptions{}, share.ErrUnsafeName})
	}
	cases = append(cases, struct {
		name string
		pkg  func() []byte
		opt  share.ExtractOptions
		want error
	}{"names equal but for case", func() []byte {
		f := []entry{{"Readme.txt", []byte("1")}, {"README.TXT", []byte("2")}}
		return handPackage(t, f, asEntries(f), nil)
	}, share.ExtractOptions{}, share.ErrUnsafeName}, struct {
		name string
		pkg  func() []byte
		opt  share.ExtractOptions
		want error
	}{"entry name unsafe, manifest fine", func() []byte {
		return handPackage(t, files, append(asEntries(files)[:1], entry{"files/../資料/表.csv", files[1].data}), nil)
	}, share.ExtractOptions{}, share.ErrUnsafeName})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pkg := c.pkg()
			if c.want == nil {
				dir := filepath.Join(wintest.TempDir(t), "out")
				if _, err := extract(pkg, dir, c.opt); err != nil {
					t.Fatalf("Extract: %v", err)
				}
				return
			}
			refuses(t, pkg, c.opt, c.want)
			opt := c.opt.Open
			if opt.Passphrase == "" && opt.Identities == nil {
				opt.Passphrase = testPass
			}
			if strings.Contains(c.name, "payload") || strings.Contains(c.name, "mismatch") {
				return // Inspect reads the manifest, not the files
			}
			m, err := share.Inspect(bytes.NewReader(pkg), int64(len(pkg)), opt)
			if !errors.Is(err, c.want) {
				t.Errorf("Inspect: %v, want %v", err, c.want)
			}
			if errors.Is(c.want, share.ErrExpired) && (m == nil || m.Expires == nil) {
				t.Errorf("Inspect of an expired package gave no manifest")
			}
		})
	}
}

// A cut inside a chunk cannot be told from an alteration: either answer
// is a refusal, and nothing is written.
func TestTruncatedAnywhere(t *testing.T) {
	good := goodPackage(t)
	for _, n := range []int{len(good) - 1, len(good) - 17, len(good) / 2, 200} {
		pkg := good[:n]
		base := wintest.TempDir(t)
		_, err := extract(pkg, filepath.Join(base, "out"), share.ExtractOptions{})
		if !errors.Is(err, share.ErrTruncated) && !errors.Is(err, share.ErrCorrupt) {
			t.Errorf("cut to %d of %d bytes: %v", n, len(good), err)
		}
		if entries, _ := os.ReadDir(base); len(entries) != 0 {
			t.Errorf("cut to %d: left %d entries", n, len(entries))
		}
	}
}

func TestDetect(t *testing.T) {
	good := goodPackage(t)
	if k, err := share.Detect(bytes.NewReader(good)); err != nil || k != share.KindPackage {
		t.Errorf("Detect(package) = %q, %v", k, err)
	}
	id, _ := age.GenerateX25519Identity()
	ret := sealBytes(t, []byte("x"), id.Recipient())
	if k, err := share.Detect(bytes.NewReader(ret)); err != nil || k != share.KindReturn {
		t.Errorf("Detect(return) = %q, %v", k, err)
	}
	for _, b := range [][]byte{nil, []byte("hello"), []byte("age-encryption.org/v1\n-> ssh-ed25519 abc def\nxyz\n--- mac\n")} {
		if _, err := share.Detect(bytes.NewReader(b)); !errors.Is(err, share.ErrNotPackage) {
			t.Errorf("Detect(%q) = %v, want ErrNotPackage", b, err)
		}
	}
}

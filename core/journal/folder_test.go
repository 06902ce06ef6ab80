package journal_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func TestFolder(t *testing.T) {
	t.Run("create and open", func(t *testing.T) {
		root := filepath.Join(wintest.TempDir(t), "a", "vault")
		h := journal.Header{Vault: vaultID, Name: "山田税理士事務所", Created: testTime.Add(123456789)}
		f, err := journal.CreateFolder(root, h)
		if err != nil {
			t.Fatalf("CreateFolder: %v", err)
		}
		for _, dir := range []string{"journal", "blobs"} {
			if fi, err := os.Stat(filepath.Join(root, dir)); err != nil || !fi.IsDir() {
				t.Errorf("%s/ not created: %v", dir, err)
			}
		}
		raw, err := os.ReadFile(filepath.Join(root, "kinko-vault.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"kind": "kinko-vault", "format": 2.0, "vault": vaultID, "name": "山田税理士事務所", "created": "2025-04-01T09:00:00Z"}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("header %s = %v, want %v", k, m[k], v)
			}
		}
		if len(m) != len(want) {
			t.Errorf("header has %d keys, want %d: %s", len(m), len(want), raw)
		}
		g, err := journal.OpenFolder(root)
		if err != nil {
			t.Fatalf("OpenFolder: %v", err)
		}
		if g.Header() != f.Header() || g.Root() != root {
			t.Errorf("OpenFolder header = %+v, want %+v", g.Header(), f.Header())
		}
		if devs, err := g.Devices(); err != nil || len(devs) != 0 {
			t.Errorf("Devices = %v, %v; want none", devs, err)
		}
	})

	t.Run("open errors", func(t *testing.T) {
		writeHeader := func(s string) func(t *testing.T, root string) {
			return func(t *testing.T, root string) {
				if err := os.WriteFile(filepath.Join(root, "kinko-vault.json"), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		tests := []struct {
			name  string
			setup func(t *testing.T, root string)
			want  error
		}{
			{"empty dir", func(*testing.T, string) {}, journal.ErrNotVault},
			{"missing root", func(t *testing.T, root string) { os.Remove(root) }, journal.ErrUnavailable},
			{"kind mismatch", writeHeader(`{"kind":"other","format":2,"vault":"` + vaultID + `"}`), journal.ErrNotVault},
			{"future format", writeHeader(`{"kind":"kinko-vault","format":3,"vault":"` + vaultID + `","future":true}`), journal.ErrFormat},
			{"unreleased format 1", writeHeader(`{"kind":"kinko-vault","format":1,"vault":"` + vaultID + `"}`), journal.ErrFormat},
			{"not json", writeHeader(`secret contents{`), journal.ErrCorrupt},
			{"bad vault id", writeHeader(`{"kind":"kinko-vault","format":2,"vault":"../x"}`), journal.ErrCorrupt},
			{"format zero", writeHeader(`{"kind":"kinko-vault","vault":"` + vaultID + `"}`), journal.ErrCorrupt},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				root := wintest.TempDir(t)
				tt.setup(t, root)
				_, err := journal.OpenFolder(root)
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				checkErrorText(t, err, root)
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error %q quotes the file", err)
				}
				var fe *journal.FormatError
				if tt.want == journal.ErrFormat && (!errors.As(err, &fe) || fe.Found == journal.Format) {
					t.Errorf("err = %#v, want *FormatError naming the file's format", err)
				}
			})
		}
	})

	t.Run("create twice", func(t *testing.T) {
		tests := []struct {
			name  string
			setup func(t *testing.T, root string)
		}{
			{"header exists", func(t *testing.T, root string) {
				if _, err := journal.CreateFolder(root, journal.Header{Vault: vaultID}); err != nil {
					t.Fatal(err)
				}
			}},
			{"journal dir exists", func(t *testing.T, root string) { os.Mkdir(filepath.Join(root, "journal"), 0o755) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				root := wintest.TempDir(t)
				tt.setup(t, root)
				_, err := journal.CreateFolder(root, journal.Header{Vault: "cccccccccccccccc"})
				if !errors.Is(err, journal.ErrExists) {
					t.Fatalf("err = %v, want ErrExists", err)
				}
			})
		}
	})

	t.Run("create invalid header", func(t *testing.T) {
		for _, h := range []journal.Header{{}, {Vault: "../../x"}, {Vault: vaultID, Kind: "x"}, {Vault: vaultID, Format: 3}} {
			if _, err := journal.CreateFolder(wintest.TempDir(t), h); !errors.Is(err, journal.ErrInvalid) {
				t.Errorf("CreateFolder(%+v) err = %v, want ErrInvalid", h, err)
			}
		}
	})

	t.Run("listings ignore strays", func(t *testing.T) {
		k := newKit(t)
		k.writeChain(devA, 2, 1, 1)
		k.writeChain(devB, 1, 1, 1)
		jdir := filepath.Join(k.f.Root(), "journal")
		for _, name := range []string{"README.txt", "NOTADEVICEID", "AAAAAAAAAAAAAAAA"} {
			os.Mkdir(filepath.Join(jdir, name), 0o755)
		}
		os.WriteFile(filepath.Join(jdir, "cccccccccccccccc"), nil, 0o644) // a file, not a folder
		for _, name := range []string{"1.seg", "0000000000000003.seg.tmp", ".kinko-tmp-1234.tmp", "0000000000000000.seg", "00000000000000004.seg", "000000000000000x.seg", "desktop.ini"} {
			os.WriteFile(filepath.Join(jdir, devA, name), nil, 0o644)
		}
		devs, err := k.f.Devices()
		if err != nil || !slices.Equal(devs, []string{devA, devB}) {
			t.Errorf("Devices = %v, %v", devs, err)
		}
		nums, err := k.f.Segments(devA)
		if err != nil || !slices.Equal(nums, []uint64{1, 2}) {
			t.Errorf("Segments = %v, %v", nums, err)
		}
		if nums, err := k.f.Segments("dddddddddddddddd"); err != nil || nums != nil {
			t.Errorf("Segments(unknown device) = %v, %v", nums, err)
		}
		if _, err := k.f.Segments("../.."); !errors.Is(err, journal.ErrInvalid) {
			t.Errorf("Segments(../..) err = %v", err)
		}
		for _, name := range []string{".kinko-tmp-1234.tmp", "0000000000000003.seg.tmp"} {
			os.Remove(filepath.Join(jdir, devA, name)) // the kit's cleanup looks for temp files
		}
	})

	t.Run("read segment errors", func(t *testing.T) {
		k := newKit(t)
		k.writeChain(devA, 1, 1, 1)
		_, _, err := k.f.ReadSegment(devA, 2)
		var se *journal.SegmentError
		if !errors.Is(err, journal.ErrMissing) || !errors.As(err, &se) || se.Device != devA || se.Number != 2 {
			t.Fatalf("err = %v, want *SegmentError{%s, 2} wrapping ErrMissing", err, devA)
		}
		checkErrorText(t, err, k.f.Root())
		if err := wintest.RemoveAll(k.f.Root()); err != nil {
			t.Fatal(err)
		}
		for _, n := range []uint64{1, 2} {
			if _, _, err := k.f.ReadSegment(devA, n); !errors.Is(err, journal.ErrUnavailable) {
				t.Errorf("ReadSegment(%d) after the root vanished: err = %v, want ErrUnavailable", n, err)
			} else {
				checkErrorText(t, err, k.f.Root())
			}
		}
		for name, err := range map[string]error{
			"Devices":  second(k.f.Devices()),
			"Segments": second(k.f.Segments(devA)),
		} {
			if !errors.Is(err, journal.ErrUnavailable) {
				t.Errorf("%s after the root vanished: err = %v, want ErrUnavailable", name, err)
			}
		}
	})
}

func TestWriteSegment(t *testing.T) {
	t.Run("round trip", func(t *testing.T) {
		k := newKit(t)
		segs, hashes := k.writeChain(devA, 3, 2, 10)
		for i, want := range segs {
			got, h, err := k.f.ReadSegment(devA, uint64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			if h != hashes[i] {
				t.Errorf("segment %d hash differs", i+1)
			}
			if got.Number != want.Number || len(got.Ops) != len(want.Ops) || got.Ops[0].ID() != want.Ops[0].ID() {
				t.Errorf("segment %d read back differently", i+1)
			}
		}
		if _, err := os.Stat(k.segPath(devA, 3)); err != nil {
			t.Errorf("segment file name: %v", err)
		}
	})

	t.Run("refuses to overwrite", func(t *testing.T) {
		k := newKit(t)
		_, hashes := k.writeChain(devA, 1, 1, 1)
		other := newSegment(devA, 1, [32]byte{}, 1, 2, 5)
		_, err := k.f.WriteSegment(other)
		if !errors.Is(err, journal.ErrSegmentExists) {
			t.Fatalf("err = %v, want ErrSegmentExists", err)
		}
		_, h, err := k.f.ReadSegment(devA, 1)
		if err != nil || h != hashes[0] {
			t.Errorf("segment changed: %v", err)
		}
	})

	t.Run("invalid segments", func(t *testing.T) {
		k := newKit(t)
		for name, s := range map[string]*journal.Segment{
			"other vault":     sign(&journal.Segment{Vault: "cccccccccccccccc", Device: devA, Number: 1}),
			"path device":     {Vault: vaultID, Device: "../../../tmp/x", Number: 1},
			"number zero":     {Vault: vaultID, Device: devA},
			"op other device": withOpDevice(newSegment(devA, 1, [32]byte{}, 1, 1, 0), devB),
		} {
			if _, err := k.f.WriteSegment(s); !errors.Is(err, journal.ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			}
		}
	})

	t.Run("failure leaves nothing", func(t *testing.T) {
		tests := []struct {
			name  string
			stage string
			err   error
			want  error
		}{
			{"disk full on write", "write", errDiskFull, journal.ErrDiskFull},
			{"quota on sync", "sync", errQuota, journal.ErrDiskFull},
			{"i/o error on sync", "sync", syscall.EIO, journal.ErrUnavailable},
			{"share gone before rename", "rename", syscall.ENOTCONN, journal.ErrUnavailable},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				k := newKit(t)
				journal.SetTestHook(t, func(stage string) error {
					if stage == tt.stage {
						return tt.err
					}
					return nil
				})
				_, err := k.f.WriteSegment(newSegment(devA, 1, [32]byte{}, 1, 1, 1))
				if !errors.Is(err, tt.want) || !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v wrapping %v", err, tt.want, tt.err)
				}
				checkErrorText(t, err, k.f.Root())
				assertNoFiles(t, filepath.Join(k.f.Root(), "journal", devA))
			})
		}
	})

	t.Run("root removed mid-way", func(t *testing.T) {
		k := newKit(t)
		journal.SetTestHook(t, func(stage string) error {
			if stage == "rename" {
				return wintest.RemoveAll(k.f.Root())
			}
			return nil
		})
		_, err := k.f.WriteSegment(newSegment(devA, 1, [32]byte{}, 1, 1, 1))
		if !errors.Is(err, journal.ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		if _, err := os.Stat(k.f.Root()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("root was recreated: %v", err)
		}
	})

	t.Run("root removed before", func(t *testing.T) {
		k := newKit(t)
		if err := wintest.RemoveAll(k.f.Root()); err != nil {
			t.Fatal(err)
		}
		_, err := k.f.WriteSegment(newSegment(devA, 1, [32]byte{}, 1, 1, 1))
		if !errors.Is(err, journal.ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		checkErrorText(t, err, k.f.Root())
		if _, err := os.Stat(k.f.Root()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("WriteSegment recreated the vanished root: %v", err)
		}
	})

	t.Run("read-only device folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores directory permissions")
		}
		if runtime.GOOS == "windows" {
			t.Skip("Windows ignores a folder's read-only attribute when creating files in it")
		}
		k := newKit(t)
		k.writeChain(devA, 1, 1, 1)
		dir := filepath.Join(k.f.Root(), "journal", devA)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		_, err := k.f.WriteSegment(newSegment(devA, 2, [32]byte{}, 2, 1, 1))
		if !errors.Is(err, journal.ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		if nums, _ := k.f.Segments(devA); len(nums) != 1 {
			t.Errorf("Segments = %v", nums)
		}
		assertOnlySegments(t, dir)
	})
}

// TestQuarantine: a device sets a file at one of its numbers aside; the
// number is free again, readers no longer see the file, Quarantined lists
// it, and the device's own segment takes its place.
func TestQuarantine(t *testing.T) {
	k := newKit(t)
	_, hashes := k.writeChain(devA, 2, 1, 1)
	foreign := newSegment(devA, 3, hashes[1], 3, 1, 1)
	if err := os.WriteFile(k.segPath(devA, 3), rawSigned(foreign, keyB, keyB), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := k.f.Quarantine(devA, 3); err != nil {
		t.Fatalf("Quarantine: %v", err)
	}
	if nums, err := k.f.Segments(devA); err != nil || !slices.Equal(nums, []uint64{1, 2}) {
		t.Errorf("Segments = %v, %v", nums, err)
	}
	if q, err := k.f.Quarantined(devA); err != nil || !slices.Equal(q, []uint64{3}) {
		t.Errorf("Quarantined = %v, %v", q, err)
	}
	if _, err := k.f.WriteSegment(newSegment(devA, 3, hashes[1], 3, 1, 1)); err != nil {
		t.Fatalf("WriteSegment after Quarantine: %v", err)
	}
	if segs, _, err := k.f.ReadChain(devA, 0, [32]byte{}, 0); err != nil || len(segs) != 3 {
		t.Errorf("ReadChain = %d segments, %v", len(segs), err)
	}
	for _, name := range []string{"0000000000000004.seg.quarantined-xyz", "0000000000000004.seg.quarantined-", "4.seg.quarantined-0123456789abcdef"} {
		os.WriteFile(filepath.Join(k.f.Root(), "journal", devA, name), nil, 0o644)
	}
	if q, err := k.f.Quarantined(devA); err != nil || !slices.Equal(q, []uint64{3}) {
		t.Errorf("Quarantined with strays = %v, %v", q, err)
	}
	if q, err := k.f.Quarantined(devC); err != nil || q != nil {
		t.Errorf("Quarantined(no folder) = %v, %v", q, err)
	}
	// A folder in a segment's place: not a segment, and set aside too.
	if err := os.Mkdir(k.segPath(devA, 4), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.f.ReadSegment(devA, 4); !errors.Is(err, journal.ErrCorrupt) {
		t.Errorf("ReadSegment(a folder) err = %v, want ErrCorrupt", err)
	}
	if err := k.f.Quarantine(devA, 4); err != nil {
		t.Errorf("Quarantine(a folder): %v", err)
	}
	if q, err := k.f.Quarantined(devA); err != nil || !slices.Equal(q, []uint64{3, 4}) {
		t.Errorf("Quarantined after the folder = %v, %v", q, err)
	}
	if err := k.f.Quarantine(devA, 9); !errors.Is(err, journal.ErrMissing) {
		t.Errorf("Quarantine(missing) err = %v, want ErrMissing", err)
	}
	if err := k.f.Quarantine("../..", 1); !errors.Is(err, journal.ErrInvalid) {
		t.Errorf("Quarantine(../..) err = %v, want ErrInvalid", err)
	}
	checkErrorText(t, k.f.Quarantine(devA, 9), k.f.Root())
}

// withOpDevice sets every op's device to dev.
func withOpDevice(s *journal.Segment, dev string) *journal.Segment {
	for _, op := range s.Ops {
		op.Device = dev
	}
	return s
}

// assertNoFiles fails if dir (which may not exist) holds any file.
func assertNoFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// assertOnlySegments fails if dir holds anything but segment files.
func assertOnlySegments(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".seg") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func second[T any](_ T, err error) error { return err }

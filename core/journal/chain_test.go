package journal_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func TestReadChain(t *testing.T) {
	const segs, opsPer = 4, 3

	t.Run("whole chain and resume", func(t *testing.T) {
		k := newKit(t)
		want, hashes := k.writeChain(devA, segs, opsPer, 5)
		got, gotHashes, err := k.f.ReadChain(devA, 0, [32]byte{}, 0)
		if err != nil || len(got) != segs || len(gotHashes) != segs {
			t.Fatalf("ReadChain = %d segments, %v", len(got), err)
		}
		for i := range want {
			if got[i].Number != want[i].Number || gotHashes[i] != hashes[i] {
				t.Errorf("segment %d differs", i+1)
			}
		}
		// Resume from the cursor after segment 2.
		got, _, err = k.f.ReadChain(devA, 2, hashes[1], 2*opsPer)
		if err != nil || len(got) != 2 || got[0].Number != 3 {
			t.Fatalf("resume = %d segments, %v", len(got), err)
		}
		// Nothing new.
		got, _, err = k.f.ReadChain(devA, segs, hashes[segs-1], segs*opsPer)
		if err != nil || len(got) != 0 {
			t.Fatalf("up to date = %d segments, %v", len(got), err)
		}
		// A device without a folder yet.
		got, _, err = k.f.ReadChain(devB, 0, [32]byte{}, 0)
		if err != nil || len(got) != 0 {
			t.Fatalf("new device = %d segments, %v", len(got), err)
		}
	})

	copyFile := func(t *testing.T, from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name       string
		tamper     func(t *testing.T, k *kit)
		after      uint64 // resume point (0: from the start)
		wantNumber uint64
		wantReason []string // any of these
		wantCause  error    // also matched, if set
	}{
		{
			name:       "deleted middle segment",
			tamper:     func(t *testing.T, k *kit) { os.Remove(k.segPath(devA, 2)) },
			wantNumber: 2, wantReason: []string{"missing"},
		},
		{
			name: "swapped segments",
			tamper: func(t *testing.T, k *kit) {
				p2, p3 := k.segPath(devA, 2), k.segPath(devA, 3)
				tmp := p2 + ".x"
				os.Rename(p2, tmp)
				os.Rename(p3, p2)
				os.Rename(tmp, p3)
			},
			wantNumber: 2, wantReason: []string{"prev-mismatch", "seq-gap"},
		},
		{
			name: "replayed segment",
			tamper: func(t *testing.T, k *kit) {
				copyFile(t, k.segPath(devA, 2), k.segPath(devA, 3))
			},
			wantNumber: 3, wantReason: []string{"prev-mismatch", "seq-gap"},
		},
		{
			name: "corrupted byte",
			tamper: func(t *testing.T, k *kit) {
				p := k.segPath(devA, 3)
				b, _ := os.ReadFile(p)
				b[len(b)/2] ^= 1
				os.WriteFile(p, b, 0o644)
			},
			wantNumber: 3, wantReason: []string{"corrupt"}, wantCause: journal.ErrCorrupt,
		},
		{
			name: "truncated file",
			tamper: func(t *testing.T, k *kit) {
				p := k.segPath(devA, 4)
				fi, _ := os.Stat(p)
				os.Truncate(p, fi.Size()-10)
			},
			wantNumber: 4, wantReason: []string{"corrupt"}, wantCause: journal.ErrCorrupt,
		},
		{
			name: "segment copied from another device",
			tamper: func(t *testing.T, k *kit) {
				copyFile(t, k.segPath(devB, 2), k.segPath(devA, 2))
			},
			wantNumber: 2, wantReason: []string{"device-mismatch"},
		},
		{
			name: "segment of another vault",
			tamper: func(t *testing.T, k *kit) {
				other, err := journal.CreateFolder(filepath.Join(wintest.TempDir(t), "other"), journal.Header{Vault: "cccccccccccccccc"})
				if err != nil {
					t.Fatal(err)
				}
				s := newSegment(devA, 1, [32]byte{}, 1, opsPer, 5)
				s.Vault = "cccccccccccccccc"
				if _, err := other.WriteSegment(sign(s)); err != nil {
					t.Fatal(err)
				}
				copyFile(t, filepath.Join(other.Root(), "journal", devA, "0000000000000001.seg"), k.segPath(devA, 1))
			},
			wantNumber: 1, wantReason: []string{"vault-mismatch"},
		},
		{
			name: "segment written by someone else",
			tamper: func(t *testing.T, k *kit) {
				// Well-formed, in place, right number, prev and seq, its
				// ops untouched: only the device key is not devA's.
				_, h2, err := k.f.ReadSegment(devA, 2)
				if err != nil {
					t.Fatal(err)
				}
				s := newSegment(devA, 3, h2, 2*opsPer+1, opsPer, 5)
				if err := os.WriteFile(k.segPath(devA, 3), rawSigned(s, keyB, keyB), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			wantNumber: 3, wantReason: []string{"foreign"}, wantCause: journal.ErrForeign,
		},
		{
			name: "rolled back share",
			tamper: func(t *testing.T, k *kit) {
				os.Remove(k.segPath(devA, 4))
				os.Remove(k.segPath(devA, 3))
			},
			after: 3, wantNumber: 3, wantReason: []string{"missing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			k.tampered = true
			_, hashes := k.writeChain(devA, segs, opsPer, 5)
			k.writeChain(devB, segs, opsPer, 5)
			tt.tamper(t, k)

			var prev [32]byte
			lastSeq := uint64(0)
			if tt.after > 0 {
				prev, lastSeq = hashes[tt.after-1], tt.after*opsPer
			}
			got, gotHashes, err := k.f.ReadChain(devA, tt.after, prev, lastSeq)
			var ce *journal.ChainError
			if !errors.Is(err, journal.ErrBrokenChain) || !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ChainError", err)
			}
			checkErrorText(t, err, k.f.Root())
			if ce.Device != devA || ce.Number != tt.wantNumber {
				t.Errorf("broken at %s/%d, want %s/%d", ce.Device, ce.Number, devA, tt.wantNumber)
			}
			if !contains(tt.wantReason, ce.Reason) {
				t.Errorf("reason %q, want one of %v", ce.Reason, tt.wantReason)
			}
			if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
				t.Errorf("err = %v, want it to wrap %v", err, tt.wantCause)
			}
			// The valid prefix: every segment before the break.
			wantPrefix := 0
			if tt.wantNumber > tt.after {
				wantPrefix = int(tt.wantNumber - tt.after - 1)
			}
			if len(got) != wantPrefix || len(gotHashes) != wantPrefix {
				t.Fatalf("prefix has %d segments, want %d", len(got), wantPrefix)
			}
			for i, s := range got {
				if n := tt.after + uint64(i) + 1; s.Number != n || gotHashes[i] != hashes[n-1] {
					t.Errorf("prefix segment %d is not the original segment %d", i, n)
				}
			}
		})
	}

	t.Run("root vanishes", func(t *testing.T) {
		k := newKit(t)
		k.writeChain(devA, 2, 1, 1)
		wintest.RemoveAll(k.f.Root())
		_, _, err := k.f.ReadChain(devA, 0, [32]byte{}, 0)
		if !errors.Is(err, journal.ErrUnavailable) || errors.Is(err, journal.ErrBrokenChain) {
			t.Fatalf("err = %v, want ErrUnavailable and not a broken chain", err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

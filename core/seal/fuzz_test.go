package seal_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/kinko-jp/kinko/core/seal"
)

// fuzzKey is a fixed, public test key: the seeds in testdata/fuzz/FuzzOpen
// include a blob sealed under it with fuzzAD, so the fuzzer starts from a
// valid record.
var fuzzKey = seal.Key{
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
}

var fuzzAD = seal.AD{Vault: "fuzz", Kind: "record", ID: "1", Scope: "office", Epoch: 1, Version: "1"}

func FuzzOpen(f *testing.F) {
	valid, err := seal.Seal(&fuzzKey, fuzzAD, []byte("hello"))
	if err != nil {
		f.Fatalf("Seal: %v", err)
	}
	f.Add(valid)
	f.Add([]byte{})
	f.Add([]byte{0x01})
	f.Add(make([]byte, seal.Overhead()))
	f.Add(bytes.Repeat([]byte{0x01}, seal.Overhead()+5))
	f.Fuzz(func(t *testing.T, data []byte) {
		pt, err := seal.Open(&fuzzKey, fuzzAD, data)
		if err != nil {
			if err != seal.ErrOpen || pt != nil {
				t.Fatalf("Open error = %v with %d plaintext bytes, want ErrOpen and none", err, len(pt))
			}
			return
		}
		// Only a genuine blob may open: it must have the v1 layout and its
		// plaintext must seal and open again under the same key and AD.
		if data[0] != 0x01 || len(pt) != len(data)-seal.Overhead() {
			t.Fatalf("Open accepted a blob with a bad layout (%d bytes)", len(data))
		}
		again, err := seal.Seal(&fuzzKey, fuzzAD, pt)
		if err != nil {
			t.Fatalf("Seal: %v", err)
		}
		if back, err := seal.Open(&fuzzKey, fuzzAD, again); err != nil || !bytes.Equal(back, pt) {
			t.Fatalf("re-sealed plaintext did not round trip: %v", err)
		}
	})
}

// TestFuzzOpenCorpus makes sure the checked-in seeds are there, so that the
// plain `go test` run in CI replays them.
func TestFuzzOpenCorpus(t *testing.T) {
	entries, err := os.ReadDir("testdata/fuzz/FuzzOpen")
	if err != nil {
		t.Fatalf("reading seed corpus: %v", err)
	}
	if len(entries) == 0 {
		t.Fatal("no seeds in testdata/fuzz/FuzzOpen")
	}
}

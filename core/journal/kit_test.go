package journal_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// Fixed ids keep test failures reproducible: device keys come from fixed
// seeds, and device ids derive from their keys (journal.DeviceID).
const vaultID = "vvvvvvvvvvvvvvvv"

// The seeds are chosen so that devA < devB < devC, as tests of sorted
// listings expect.
var (
	keyA, devA = testDevice(3)
	keyB, devB = testDevice(4)
	keyC, devC = testDevice(5)
	deviceKeys = map[string]ed25519.PrivateKey{devA: keyA, devB: keyB, devC: keyC}
)

func testDevice(seed byte) (ed25519.PrivateKey, string) {
	k := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	return k, journal.DeviceID(k.Public().(ed25519.PublicKey))
}

// sign signs s with its device's test key (again, after a test changed
// it) and returns it.
func sign(s *journal.Segment) *journal.Segment {
	if err := s.Sign(deviceKeys[s.Device]); err != nil {
		panic(err)
	}
	return s
}

// kit is a vault folder in wintest.TempDir(t). On cleanup it re-opens the folder
// and checks every device's chain, so every test is also an integrity test;
// tests that damage the journal on purpose set tampered.
type kit struct {
	t        testing.TB
	f        *journal.Folder
	tampered bool
}

func newKit(t testing.TB) *kit {
	t.Helper()
	root := filepath.Join(wintest.TempDir(t), "vault")
	f, err := journal.CreateFolder(root, journal.Header{Vault: vaultID, Name: "テスト税理士事務所"})
	if err != nil {
		t.Fatalf("CreateFolder: %v", err)
	}
	k := &kit{t: t, f: f}
	t.Cleanup(k.verify)
	return k
}

func (k *kit) verify() {
	if k.tampered || k.t.Failed() {
		return
	}
	if _, err := os.Stat(k.f.Root()); err != nil {
		return // the test removed the vault folder on purpose
	}
	f, err := journal.OpenFolder(k.f.Root())
	if err != nil {
		k.t.Errorf("cleanup: OpenFolder: %v", err)
		return
	}
	devs, err := f.Devices()
	if err != nil {
		k.t.Errorf("cleanup: Devices: %v", err)
	}
	for _, d := range devs {
		if _, _, err := f.ReadChain(d, 0, [32]byte{}, 0); err != nil {
			k.t.Errorf("cleanup: ReadChain(%s): %v", d, err)
		}
	}
	for _, d := range devs {
		entries, _ := os.ReadDir(filepath.Join(f.Root(), "journal", d))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				k.t.Errorf("cleanup: temp file %s left in %s", e.Name(), d)
			}
		}
	}
}

// segPath is the path of a device's segment n.
func (k *kit) segPath(device string, n uint64) string {
	return filepath.Join(k.f.Root(), "journal", device, fmt.Sprintf("%016d.seg", n))
}

// newOp returns a filled-in op of device with sequence seq.
func newOp(device string, seq uint64, payload int) *journal.Op {
	var p []byte // empty decodes as nil
	if payload > 0 {
		p = bytes.Repeat([]byte{byte(seq)}, payload)
	}
	return &journal.Op{
		Device:  device,
		Seq:     seq,
		Time:    journal.HLC{Wall: 1_700_000_000_000 + int64(seq), Logical: uint32(seq % 3)},
		Author:  "user-山田",
		Kind:    "record.put",
		Target:  fmt.Sprintf("client:%d", seq),
		Scope:   "office",
		Epoch:   2,
		Parents: []string{device + ".1"},
		Payload: p,
		Sig:     bytes.Repeat([]byte{0x5a}, 64),
	}
}

// newSegment returns segment number of device holding ops firstSeq.. ,
// signed with the device's key.
func newSegment(device string, number uint64, prev [32]byte, firstSeq uint64, ops, payload int) *journal.Segment {
	s := &journal.Segment{Vault: vaultID, Device: device, Number: number, Prev: prev}
	for i := range ops {
		s.Ops = append(s.Ops, newOp(device, firstSeq+uint64(i), payload))
	}
	return sign(s)
}

// writeChain writes n segments of opsPer ops each for device and returns
// them with their hashes.
func (k *kit) writeChain(device string, n, opsPer, payload int) ([]*journal.Segment, [][32]byte) {
	k.t.Helper()
	var (
		segs   []*journal.Segment
		hashes [][32]byte
		prev   [32]byte
	)
	for i := range n {
		s := newSegment(device, uint64(i+1), prev, uint64(i*opsPer+1), opsPer, payload)
		h, err := k.f.WriteSegment(s)
		if err != nil {
			k.t.Fatalf("WriteSegment %d: %v", i+1, err)
		}
		segs, hashes, prev = append(segs, s), append(hashes, h), h
	}
	return segs, hashes
}

// checkErrorText fails if err's message leaks the vault root or anything
// that looks like file contents.
func checkErrorText(t testing.TB, err error, root string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if root != "" && strings.Contains(msg, root) {
		t.Errorf("error %q contains the vault root", msg)
	}
	if !strings.HasPrefix(msg, "journal: ") {
		t.Errorf("error %q does not start with \"journal: \"", msg)
	}
}

// mustEncode signs s with its device's key and encodes it.
func mustEncode(t testing.TB, s *journal.Segment) []byte {
	t.Helper()
	b, err := sign(s).Encode()
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b
}

var errInjected = errors.New("injected")

var testTime = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

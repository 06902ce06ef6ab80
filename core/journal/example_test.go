package journal_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
)

// A device appends its ops to the vault folder as segments, and every device
// (itself included) reads them back with ReadChain from its import cursor.
func Example() {
	dir, _ := os.MkdirTemp("", "kinko-example")
	defer os.RemoveAll(dir)

	vaultID, _ := journal.NewVaultID()
	f, err := journal.CreateFolder(filepath.Join(dir, "vault"), journal.Header{Vault: vaultID, Name: "山田税理士事務所"})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The device key stays in this PC's replica; the id derives from it.
	key, device, _ := journal.NewDeviceKey()
	clock := journal.NewClock(func() time.Time { return time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC) })
	var prev [32]byte
	for n := uint64(1); n <= 2; n++ {
		op := &journal.Op{Device: device, Seq: n, Time: clock.Now(), Author: "u1", Kind: "record.put", Target: "client:1", Scope: "office"}
		op.Sig = []byte("signature over op.SigningBytes(), made by core/vault")
		seg := &journal.Segment{Vault: vaultID, Device: device, Number: n, Prev: prev, Ops: []*journal.Op{op}}
		if err := seg.Sign(key); err != nil {
			fmt.Println(err)
			return
		}
		if prev, err = f.WriteSegment(seg); err != nil {
			fmt.Println(err)
			return
		}
	}

	segs, _, err := f.ReadChain(device, 0, [32]byte{}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range segs {
		for _, op := range s.Ops {
			fmt.Println(s.Number, op.Seq, op.Kind, op.Time.Logical)
		}
	}
	// Output:
	// 1 1 record.put 0
	// 2 2 record.put 1
}

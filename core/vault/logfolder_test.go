package vault_test

import (
	"context"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The tamper suite's hands: what someone with write access to the NAS can
// do to a device's segment files — read them, change the ops, and write
// them back re-encoded with journal.Segment.Encode so that every
// segment's checksum and every Prev link is valid again. Re-encoded
// segments are signed with the device's own key: without it they would
// be refused as foreign before the log's checks are reached, so the suite
// plays the stronger attacker, the PC's owner, who can read the device key
// from that PC's replica, and the log's own defences are still tested.

// readDevice returns a device's ops in the vault folder (fresh copies a
// mutation may change) and the number of ops in each of its segments.
func readDevice(t *testing.T, folder, device string) ([]*journal.Op, []int) {
	t.Helper()
	f, err := journal.OpenFolder(folder)
	must(t, err)
	segs, _, err := f.ReadChain(device, 0, [32]byte{}, 0)
	must(t, err)
	var ops []*journal.Op
	var sizes []int
	for _, s := range segs {
		ops = append(ops, s.Ops...)
		sizes = append(sizes, len(s.Ops))
	}
	return ops, sizes
}

// writeDevice replaces the segment files of the device whose key is key
// with ops, split as sizes says (the last segment takes whatever is left)
// and wherever Seq jumps (Encode refuses a gap inside a segment), numbered
// from 1, each linked to the previous one's hash and signed with key: a
// chain ReadChain accepts up to any gap.
func writeDevice(t *testing.T, folder, vaultID string, key ed25519.PrivateKey, ops []*journal.Op, sizes []int) {
	t.Helper()
	device := journal.DeviceID(key.Public().(ed25519.PublicKey))
	dir := filepath.Join(folder, "journal", device)
	must(t, wintest.RemoveAll(dir))
	must(t, os.Mkdir(dir, 0o755))
	var prev [32]byte
	for n, i := uint64(1), 0; i < len(ops); n++ {
		end := len(ops)
		if int(n) < len(sizes) {
			end = min(i+sizes[n-1], len(ops))
		}
		for j := i + 1; j < end; j++ {
			if ops[j].Seq != ops[j-1].Seq+1 {
				end = j
				break
			}
		}
		seg := journal.Segment{Vault: vaultID, Device: device, Number: n, Prev: prev, Ops: ops[i:end]}
		must(t, seg.Sign(key))
		b, err := seg.Encode()
		must(t, err)
		must(t, os.WriteFile(segPath(folder, device, n), b, 0o644))
		prev = journal.Hash(b)
		i = end
	}
}

// deviceKey is the device key of the suite's PC whose device is d.
func (lo *logOffice) deviceKey(d string) ed25519.PrivateKey {
	for _, v := range []*vault.Vault{lo.a, lo.b, lo.c} {
		if v.Device() == d {
			return v.DeviceKey()
		}
	}
	panic("no PC with device " + d)
}

func segPath(folder, device string, n uint64) string {
	return filepath.Join(folder, "journal", device, journalName(n))
}

func journalName(n uint64) string {
	b := []byte("0000000000000000.seg")
	for i := 15; n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// snapshot copies the vault folder's journal/ to dir; restore puts such a
// copy back in place of whatever journal/ holds now.
func snapshot(t *testing.T, folder, dir string) {
	t.Helper()
	must(t, os.CopyFS(dir, os.DirFS(filepath.Join(folder, "journal"))))
}

func restore(t *testing.T, folder, dir string) {
	t.Helper()
	j := filepath.Join(folder, "journal")
	must(t, wintest.RemoveAll(j))
	must(t, os.CopyFS(j, os.DirFS(dir)))
}

// witnessed returns the newest Seq of device that a checkpoint of another
// device in the folder names.
func witnessed(t *testing.T, folder string, devices []string, device string) uint64 {
	t.Helper()
	var seq uint64
	for _, d := range devices {
		if d == device {
			continue
		}
		ops, _ := readDevice(t, folder, d)
		for _, op := range ops {
			if op.Kind != audit.KindCheckpoint {
				continue
			}
			cp, err := audit.DecodeCheckpoint(op.Payload)
			must(t, err)
			for _, w := range cp.Witnesses {
				if w.Device == device {
					seq = max(seq, w.Seq)
				}
			}
		}
	}
	return seq
}

// spanOf returns the index of the first op of op i's checkpoint span and
// the index of the checkpoint that closes it (-1: i is after the last
// checkpoint).
func spanOf(ops []*journal.Op, i int) (start, cp int) {
	for start = i; start > 0 && ops[start-1].Kind != audit.KindCheckpoint; start-- {
	}
	for cp = i; cp < len(ops) && ops[cp].Kind != audit.KindCheckpoint; cp++ {
	}
	if cp == len(ops) {
		cp = -1
	}
	return start, cp
}

// want is what VerifyLog must report: nothing (ok, with why nothing can
// show the change), or at least a problem of kind on device naming seq
// (and author, signer, segment, held when checked), with no problem on
// another device and none naming an op of device before seq — the first
// changed op is the first one named.
type want struct {
	ok             bool
	why            string
	kind, device   string
	seq            uint64
	author, signer string
	segment        uint64 // chain: the segment where the chain breaks
	held           uint64 // rollback: the device's last Seq in the folder
	checkAuthor    bool
	checkSigner    bool
	torn           bool   // ok: the device must be reported as torn
	also           []want // more problems, on other devices
}

func (w want) match(p audit.Problem) bool {
	return p.Kind == w.kind && p.Device == w.device && p.Seq == w.seq &&
		(!w.checkAuthor || p.Author == w.author) && (!w.checkSigner || p.Signer == w.signer) &&
		(w.segment == 0 || p.Segment == w.segment) &&
		(w.kind != audit.ProblemRollback || p.Held == w.held && p.Seen > p.Held)
}

func checkLog(t *testing.T, v *vault.Vault, w want) *audit.Report {
	t.Helper()
	rep, err := v.VerifyLog(context.Background(), nil)
	must(t, err)
	if w.ok {
		if !rep.OK() {
			t.Fatalf("reported, though nothing can show it (%s): %+v", w.why, rep.Problems)
		}
		if w.torn && !slices.ContainsFunc(rep.Torn, func(tr audit.Torn) bool { return tr.Device == w.device }) {
			t.Fatalf("want %s reported torn: %+v", w.device, rep.Torn)
		}
		return rep
	}
	if rep.OK() {
		t.Fatalf("not detected: want %s on %s at %d", w.kind, w.device, w.seq)
	}
	all := append([]want{w}, w.also...)
	for _, p := range rep.Problems {
		i := slices.IndexFunc(all, func(w want) bool { return w.device == p.Device })
		if i < 0 {
			t.Fatalf("an untouched device is blamed: %+v (changed: %s)", p, w.device)
		}
		if p.Seq != 0 && p.Seq < all[i].seq {
			t.Fatalf("op %d named, before the first changed op %d: %+v", p.Seq, all[i].seq, rep.Problems)
		}
	}
	for _, w := range all {
		if !slices.ContainsFunc(rep.Problems, w.match) {
			t.Fatalf("want %s on %s at %d (author %q signer %q segment %d held %d), got %+v",
				w.kind, w.device, w.seq, w.author, w.signer, w.segment, w.held, rep.Problems)
		}
	}
	return rep
}

package vault_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// Someone who can write to the vault folder — every member of staff, and
// no account is needed for this — puts a file at another PC's next segment
// number (journal/<pc>/<next>.seg). Before device keys, the PC's own flush
// found its number taken and stopped syncing for good, and the other PCs
// imported the file as that PC's chain.
//
// Now the PC sets the file aside and carries on: its later edits reach the
// other PCs, none of them imports the file (whatever it holds: ops that a
// real user of the intruder's own signed, a copy of a genuine segment, or
// garbage), and `vault verify` names it on every PC.
func TestForeignSegment(t *testing.T) {
	forgeries := []struct {
		name   string
		reason string // what the other PCs report until the PC sets it aside ("": nothing)
		// forge returns the file's bytes; nil forge puts a folder in its place.
		forge func(fg *forger, at slot) []byte
	}{
		{"ops of a real user, signed with a device key of their own", journal.ReasonForeign, func(fg *forger, at slot) []byte {
			return forgeSegment(fg.vault, at.device, fg.devKey.Public().(ed25519.PublicKey), fg.devKey, at.number, at.prev, fg.edit(at))
		}},
		{"the PC's public key, a signature by another key", journal.ReasonForeign, func(fg *forger, at slot) []byte {
			return forgeSegment(fg.vault, at.device, at.key, fg.devKey, at.number, at.prev, fg.edit(at))
		}},
		{"a genuine segment of the intruder's own device", journal.ReasonDeviceMismatch, func(fg *forger, at slot) []byte {
			return fg.genuine(at)
		}},
		{"the PC's own earlier segment replayed", journal.ReasonPrevMismatch, func(fg *forger, at slot) []byte {
			b, err := os.ReadFile(segPath(fg.root, at.device, at.number-1))
			must(fg.t, err)
			return b
		}},
		{"garbage", journal.ReasonCorrupt, func(fg *forger, at slot) []byte {
			b := make([]byte, 300)
			rand.Read(b)
			return b
		}},
		// Readers ignore anything but files; the PC's own write would fail.
		{"a folder in the file's place", "", nil},
	}
	for _, tt := range forgeries {
		t.Run(tt.name, func(t *testing.T) {
			o := newOffice(t)
			o.tampered = true // verify must report the file: checked below
			a, _ := o.create()
			addUser(t, a, "tanaka", access.Staff, access.Edit)
			c := newClient(t, a, "honest")
			victim := o.join("b")
			login(t, victim, "shocho")
			sync(t, a, victim)

			fg := newForger(t, o, "tanaka")
			at := fg.next(victim.Device())
			if tt.forge == nil {
				must(t, os.Mkdir(segPath(o.folder, at.device, at.number), 0o755))
			} else {
				must(t, os.WriteFile(segPath(o.folder, at.device, at.number), tt.forge(fg, at), 0o644))
			}

			// The other PC refuses the file and says so.
			sync(t, a)
			if tt.reason != "" {
				if r := brokenAt(a, at.device); r != tt.reason+"@"+itoa(at.number) {
					t.Fatalf("status of the victim's device on the other PC: %q, want %s at %d", r, tt.reason, at.number)
				}
				checkProblem(t, a, at.device, at.number, tt.reason)
			}

			// The victim keeps syncing: its next edit reaches the others.
			rec, err := victim.Get("client/" + c)
			must(t, err)
			_, err = victim.Put("client/"+c, rec.Heads(), []byte("edited on the victim's PC"))
			must(t, err)
			if _, err := victim.Sync(nil); err != nil {
				t.Fatalf("the victim's sync stops: %v", err)
			}
			sync(t, victim, a)
			if r := brokenAt(a, at.device); r != "" {
				t.Errorf("status still broken after the victim carried on: %s", r)
			}
			third := o.join("c")
			login(t, third, "shocho")
			for _, v := range []*vault.Vault{a, victim, third} {
				if got := get(t, v, "client/"+c); got != "edited on the victim's PC" {
					t.Errorf("replica %s: client = %q", v.Device(), got)
				}
				for id, reason := range v.Quarantined() {
					t.Errorf("replica %s: op %s quarantined (%s): the forged file was imported", v.Device(), id, reason)
				}
				checkProblem(t, v, at.device, at.number, vault.ReasonQuarantined)
			}

			// The file is kept, set aside under a name readers ignore.
			entries, err := os.ReadDir(filepath.Join(o.folder, "journal", at.device))
			must(t, err)
			aside := 0
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), journalName(at.number)+".quarantined-") {
					aside++
				}
			}
			if aside != 1 {
				t.Errorf("%d files set aside, want 1", aside)
			}
		})
	}
}

// TestForeignSegmentFirst: a file at a PC's first number, before the PC
// ever wrote (it joined and has not flushed yet), is set aside the same way.
func TestForeignSegmentFirst(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	c := newClient(t, a, "honest")
	sync(t, a)
	victim, err := vault.Join(o.folder, o.opts("b"))
	must(t, err)
	o.cleanup(victim, "b")
	fg := newForger(t, o, "tanaka")
	at := slot{device: victim.Device(), number: 1}
	if nums, err := fg.folder.Segments(at.device); err != nil || len(nums) > 0 {
		t.Fatalf("the new PC wrote segments before its first login: %v, %v", nums, err)
	}
	must(t, os.MkdirAll(filepath.Join(o.folder, "journal", at.device), 0o755))
	must(t, os.WriteFile(segPath(o.folder, at.device, 1), forgeSegment(fg.vault, at.device, fg.devKey.Public().(ed25519.PublicKey), fg.devKey, 1, [32]byte{}, fg.edit(at)), 0o644))
	login(t, victim, "shocho") // writes device.add
	sync(t, victim, a)
	devices := a.Status().Devices
	if i := slices.IndexFunc(devices, func(d vault.DeviceStatus) bool { return d.ID == at.device }); i < 0 || devices[i].Name != "b" || devices[i].Broken != "" {
		t.Errorf("the victim's registration did not arrive cleanly: %+v", devices)
	}
	if got := get(t, a, "client/"+c); got != "honest" {
		t.Errorf("the forged edit was applied: %q", got)
	}
	checkProblem(t, a, at.device, 1, vault.ReasonQuarantined)
}

// TestForgedDeviceSignature: a segment of a PC altered and re-encoded with a
// correct trailer, but without the PC's key, is refused as foreign: its ops
// (the PC's genuine ops, or changed ones) are not imported.
func TestForgedDeviceSignature(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	c := newClient(t, a, "honest")
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, b, a) // a has imported b's first segments
	rec, err := b.Get("client/" + c)
	must(t, err)
	put, err := b.Put("client/"+c, rec.Heads(), []byte("b's edit"))
	must(t, err)
	sync(t, b)
	f, err := journal.OpenFolder(o.folder)
	must(t, err)
	// The segment that holds b's edit.
	segs, _, err := f.ReadChain(b.Device(), 0, [32]byte{}, 0)
	must(t, err)
	i := slices.IndexFunc(segs, func(s *journal.Segment) bool {
		return slices.ContainsFunc(s.Ops, func(op *journal.Op) bool { return op.ID() == put })
	})
	if i < 0 {
		t.Fatal("b's edit is in none of its segments")
	}
	s, last := segs[i], segs[i].Number
	// The PC's own bytes with the signature changed, trailer recomputed.
	raw, err := os.ReadFile(segPath(o.folder, b.Device(), last))
	must(t, err)
	raw[len(raw)-sha256.Size-1] ^= 1
	sum := sha256.Sum256(raw[:len(raw)-sha256.Size])
	copy(raw[len(raw)-sha256.Size:], sum[:])
	if _, err := journal.DecodeSegment(raw); !errors.Is(err, journal.ErrForeign) {
		t.Fatalf("DecodeSegment: %v, want ErrForeign", err)
	}
	must(t, os.WriteFile(segPath(o.folder, b.Device(), last), raw, 0o644))
	sync(t, a)
	if r := brokenAt(a, b.Device()); r != journal.ReasonForeign+"@"+itoa(last) {
		t.Fatalf("status of b's device on a: %q", r)
	}
	if got := get(t, a, "client/"+c); got != "honest" {
		t.Errorf("an op of the refused segment was applied: %q", got)
	}
	for _, op := range s.Ops {
		if a.HasVersion(op.ID()) {
			t.Errorf("op %s of the refused segment imported", op.ID())
		}
	}
	checkProblem(t, a, b.Device(), last, journal.ReasonForeign)
}

// TestDeviceAddKey: a device.add must publish the key its device id derives
// from, and the first registration of a device stays.
func TestDeviceAddKey(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	sync(t, a)
	fg := newForger(t, o, "tanaka")
	add := func(seq uint64, name string, key ed25519.PublicKey) *journal.Op {
		p, err := json.Marshal(map[string]any{"id": fg.device, "name": name, "osUser": "tanaka", "os": "windows", "signKey": []byte(key)})
		must(t, err)
		op := &journal.Op{Device: fg.device, Seq: seq, Time: journal.HLC{Wall: fg.now.UnixMilli()}, Author: fg.user, Kind: vault.KindDeviceAdd, Target: fg.device, Payload: p}
		op.Sig = seal.Sign(fg.k.Sign, "kinko/op/v2", op.SigningBytes())
		return op
	}
	pub := fg.devKey.Public().(ed25519.PublicKey)
	wrong := add(1, "wrong key", a.DeviceKey().Public().(ed25519.PublicKey))
	none := add(2, "no key", nil)
	first := add(3, "tanaka-pc", pub)
	again := add(4, "renamed", pub)
	s := &journal.Segment{Vault: fg.vault, Device: fg.device, Number: 1, Ops: []*journal.Op{wrong, none, first, again}}
	must(t, s.Sign(fg.devKey))
	_, err := fg.folder.WriteSegment(s)
	must(t, err)
	b := o.join("b")
	sync(t, a)
	for _, v := range []*vault.Vault{a, b} {
		q := v.Quarantined()
		for _, op := range []*journal.Op{wrong, none, again} {
			if q[op.ID()] != vault.ReasonInvalid {
				t.Errorf("replica %s: device.add %s: quarantine %q, want invalid", v.Device(), op.ID(), q[op.ID()])
			}
		}
		if r, ok := q[first.ID()]; ok {
			t.Errorf("replica %s: the valid device.add was quarantined: %s", v.Device(), r)
		}
		devices := v.Status().Devices
		if i := slices.IndexFunc(devices, func(d vault.DeviceStatus) bool { return d.ID == fg.device }); i < 0 || devices[i].Name != "tanaka-pc" {
			t.Errorf("replica %s: the device is not registered by its first valid device.add: %+v", v.Device(), devices)
		}
	}
}

// slot is a PC's next segment: number, the previous segment's hash, the
// seq of its last op, and the PC's public key (read from its segments).
type slot struct {
	device  string
	number  uint64
	prev    [32]byte
	lastSeq uint64
	key     ed25519.PublicKey
}

// forger is someone with write access to the vault folder and a user
// account of their own, running a program of their own: it reads the
// journal, opens its own key file with its password, and writes files.
// It holds a device key of its own, never the victim's (that stays in the
// victim PC's replica).
type forger struct {
	t      *testing.T
	root   string
	folder *journal.Folder
	vault  string
	user   string
	k      *keys.User
	devKey ed25519.PrivateKey
	device string
	now    time.Time
}

func newForger(t *testing.T, o *office, login string) *forger {
	t.Helper()
	f, err := journal.OpenFolder(o.folder)
	must(t, err)
	fg := &forger{t: t, root: o.folder, folder: f, vault: f.Header().Vault, now: o.now.Add(time.Minute)}
	for _, op := range fg.ops() {
		var u struct {
			ID     string `json:"id"`
			Login  string `json:"login"`
			Sealed []byte `json:"sealed"`
		}
		if op.Kind == vault.KindUserAdd && json.Unmarshal(op.Payload, &u) == nil && u.Login == login {
			fg.user = u.ID
			fg.k, err = keys.OpenUser(u.Sealed, password(login))
			must(t, err)
		}
	}
	if fg.k == nil {
		t.Fatalf("no user %s in the journal", login)
	}
	fg.devKey, fg.device, err = journal.NewDeviceKey()
	must(t, err)
	return fg
}

// ops reads every op in the vault folder.
func (fg *forger) ops() []*journal.Op {
	devices, err := fg.folder.Devices()
	must(fg.t, err)
	var all []*journal.Op
	for _, d := range devices {
		segs, _, _ := fg.folder.ReadChain(d, 0, [32]byte{}, 0)
		for _, s := range segs {
			all = append(all, s.Ops...)
		}
	}
	return all
}

// next is where device's next segment goes.
func (fg *forger) next(device string) slot {
	segs, hashes, err := fg.folder.ReadChain(device, 0, [32]byte{}, 0)
	must(fg.t, err)
	if len(segs) == 0 {
		fg.t.Fatalf("device %s has no segments", device)
	}
	at := slot{device: device, number: uint64(len(segs)) + 1, prev: hashes[len(hashes)-1], key: segs[0].Key}
	for _, s := range segs {
		if len(s.Ops) > 0 {
			at.lastSeq = s.Ops[len(s.Ops)-1].Seq
		}
	}
	return at
}

// edit is an op of the victim's device continuing its sequence: a new
// version of the first client the forger can edit, sealed under the
// client's key and signed by the forger's own user, as valid as an op of
// theirs can be. Imported, it would be applied.
func (fg *forger) edit(at slot) []*journal.Op {
	var target, scope string
	var parents []string
	var key seal.Key
	for _, op := range fg.ops() {
		var k struct {
			Scope   string `json:"scope"`
			Epoch   uint32 `json:"epoch"`
			Wrapped []byte `json:"wrapped"`
		}
		if op.Kind == vault.KindRecordPut && strings.HasPrefix(op.Target, "client/") && target == "" {
			target, parents = op.Target, []string{op.ID()}
		}
		if op.Kind == vault.KindScopeKey && json.Unmarshal(op.Payload, &k) == nil && strings.HasPrefix(k.Scope, "client:") && k.Epoch == 1 {
			if got, err := keys.UnwrapScopeKey(k.Wrapped, fg.k.Enc); err == nil && scope == "" {
				scope, key = k.Scope, got
			}
		}
	}
	if target == "" || scope != access.ClientScope(strings.TrimPrefix(target, "client/")) {
		fg.t.Fatalf("no client the forger can edit (%q, %q)", target, scope)
	}
	op := &journal.Op{Device: at.device, Seq: at.lastSeq + 1, Time: journal.HLC{Wall: fg.now.UnixMilli()}, Author: fg.user,
		Kind: vault.KindRecordPut, Target: target, Scope: scope, Epoch: 1, Parents: parents}
	var err error
	op.Payload, err = seal.Seal(&key, seal.AD{Vault: fg.vault, Kind: "client", ID: strings.TrimPrefix(target, "client/"), Scope: scope, Epoch: 1, Version: op.ID()}, []byte("forged into another PC's folder"))
	must(fg.t, err)
	op.Sig = seal.Sign(fg.k.Sign, "kinko/op/v2", op.SigningBytes())
	return []*journal.Op{op}
}

// genuine makes a valid segment of the forger's own device (its ops on
// its own device, this vault's id), in a scratch folder so that no replica
// imports it from there, and returns the file's bytes.
func (fg *forger) genuine(at slot) []byte {
	scratch := filepath.Join(wintest.TempDir(fg.t), "scratch")
	f, err := journal.CreateFolder(scratch, journal.Header{Vault: fg.vault})
	must(fg.t, err)
	s := &journal.Segment{Vault: fg.vault, Device: fg.device, Number: 1, Ops: fg.edit(slot{device: fg.device})}
	must(fg.t, s.Sign(fg.devKey))
	_, err = f.WriteSegment(s)
	must(fg.t, err)
	b, err := os.ReadFile(segPath(scratch, fg.device, 1))
	must(fg.t, err)
	return b
}

// forgeSegment encodes a segment file by hand (docs/vault-format.md §2.1)
// with key in its header and a signature by signer: journal's own encoder
// refuses to sign for a device whose key the caller does not hold.
func forgeSegment(vaultID, device string, key ed25519.PublicKey, signer ed25519.PrivateKey, number uint64, prev [32]byte, ops []*journal.Op) []byte {
	var b []byte
	str := func(s string) { b = binary.BigEndian.AppendUint32(b, uint32(len(s))); b = append(b, s...) }
	b = append(b, "KINKOSEG\x03"...)
	str(vaultID)
	str(device)
	b = append(b, key...)
	b = binary.BigEndian.AppendUint64(b, number)
	b = append(b, prev[:]...)
	b = append(b, 0) // flags: the batch ends here
	b = binary.BigEndian.AppendUint32(b, uint32(len(ops)))
	for _, op := range ops {
		m, err := op.MarshalBinary()
		if err != nil {
			panic(err)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(m)))
		b = append(b, m...)
	}
	digest := sha256.Sum256(b)
	sig, err := signer.Sign(nil, digest[:], &ed25519.Options{Context: "kinko/segment/v2"})
	if err != nil {
		panic(err)
	}
	b = append(b, sig...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// brokenAt is how v's sync status shows device's chain: "" or
// "<reason>@<segment>".
func brokenAt(v *vault.Vault, device string) string {
	for _, d := range v.Status().Devices {
		if d.ID == device && d.Broken != "" {
			return d.Broken + "@" + itoa(d.BrokenAt)
		}
	}
	return ""
}

// checkProblem fails unless v's Verify reports device's segment n with
// reason (kind "chain").
func checkProblem(t *testing.T, v *vault.Vault, device string, n uint64, reason string) {
	t.Helper()
	rpt, err := v.Verify(context.Background(), nil)
	must(t, err)
	for _, p := range rpt.Problems {
		if p.Kind == "chain" && p.Device == device && p.Segment == n && p.Reason == reason {
			return
		}
	}
	t.Errorf("verify from %s does not report %s/%d as %s: %+v", v.Device(), device, n, reason, rpt.Problems)
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

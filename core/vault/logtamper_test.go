package vault_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The access-log tamper suite: a real vault folder holding 10,000 entries
// written by three users on two PCs, changed the way someone with write
// access to the NAS could, and checked with VerifyLog from two PCs: "a",
// which imported everything, and "c", an auditor's PC that joined early
// and stayed away, so that it has only the witnesses to go by.
//
// Every class of change must be reported with the right kind, naming the
// first changed op (device and Seq) and the user who signed the checkpoint
// over it, whenever it can be seen at all. What cannot be seen, by design,
// is asserted to pass, with the reason:
//
//   - a truncation (or a consistent older copy) nobody witnessed: the ops
//     cut off were never imported by the verifying PC and no checkpoint of
//     another device names a later checkpoint;
//   - a change to an anonymous entry (written while locked: no author, no
//     signature) after the device's last checkpoint: the next checkpoint
//     written on that PC will vouch for what its replica holds, and the
//     change shows then;
//   - an insider (a user with a key of their own) who rewrites a device's
//     tail past the last witnessed checkpoint with ops and a checkpoint
//     signed as themselves.
//
// The vault is built once per test (seed KINKO_LOG_SEED, default 1) and
// each mutation seed applies every class to a fresh copy of its journal.
// A failure names the seeds to reproduce it. With -short (the Windows lane
// under Wine, where file I/O is slow) every class runs with the first
// tamperSeedsShort seeds only.

const (
	tamperEntries    = 10_000
	tamperSeeds      = 8
	tamperSeedsShort = 2
)

type logOffice struct {
	*office
	a, b, c  *vault.Vault
	users    map[string]string // login → user id
	devices  []string          // a's and b's device ids
	pristine string            // copy of journal/ as built
	older    string            // copy of journal/ at two thirds of the build
	olderLen map[string]uint64
	known    map[*vault.Vault]map[string]uint64 // what each verifier imported
	entries  int
	insider  ed25519.PrivateKey // suzuki's signing key
}

func password(who string) []byte {
	if who == "shocho" {
		return []byte(adminPass)
	}
	return []byte(who + "-pw-X7c9k2")
}

var tamperActions = []audit.Action{audit.ClientView, audit.NumberReveal, audit.PersonEdit, audit.Print, audit.Export, audit.FilingExport}

func randomEntry(rng *rand.Rand, n int) audit.Entry {
	c := fmt.Sprintf("c%05d", rng.IntN(1000))
	return audit.Entry{Action: tamperActions[rng.IntN(len(tamperActions))], Target: "client/" + c, Client: c,
		Label: familyNames[rng.IntN(len(familyNames))].kanji + "商事", Result: audit.ResultOK, Detail: "n=" + strconv.Itoa(n)}
}

// chainLens returns each device's last Seq in the vault folder.
func chainLens(t *testing.T, folder string, devices []string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	for _, d := range devices {
		ops, _ := readDevice(t, folder, d)
		out[d] = uint64(len(ops))
	}
	return out
}

// buildLogOffice writes the suite's vault. Users log in and out on both
// PCs (so checkpoints are signed by different users, some spans hold
// another user's ops), failed logins are logged while locked, and the PCs
// sync now and then, so each checkpoint witnesses the other PC's.
func buildLogOffice(t *testing.T, seed uint64) *logOffice {
	rng := rand.New(rand.NewPCG(seed, 0x10c))
	o := newOffice(t)
	lo := &logOffice{office: o, users: map[string]string{}, known: map[*vault.Vault]map[string]uint64{}}
	a, _ := o.create()
	lo.a = a
	lo.users["shocho"] = a.User()
	lo.users["tanaka"] = addUser(t, a, "tanaka", access.Staff, access.Read)
	lo.users["suzuki"] = addUser(t, a, "suzuki", access.Staff, access.Read)
	lo.b = o.join("b")
	login(t, lo.b, "tanaka")
	lo.devices = []string{a.Device(), lo.b.Device()}
	slices.Sort(lo.devices)
	logins := []string{"shocho", "tanaka", "suzuki"}
	pcs := []*vault.Vault{a, lo.b}
	// Entries go through Vault.Log's code path; LogMany groups them 50 to
	// a bbolt transaction, which saves 10,000 fsyncs and changes nothing
	// in the ops. The first of each batch is a plain Log.
	log := func(pc *vault.Vault, n int) {
		if n == 0 {
			return
		}
		must(t, pc.Log(randomEntry(rng, lo.entries)))
		must(t, pc.LogMany(n-1, 50, func(i int) audit.Entry { return randomEntry(rng, lo.entries+1+i) }))
		lo.entries += n
	}
	target := tamperEntries - 130 // the last steps write 130 more
	for lo.entries < target {
		pc := pcs[rng.IntN(len(pcs))]
		who := logins[rng.IntN(len(logins))]
		switch rng.IntN(8) {
		case 0: // failed logins while locked: anonymous, unsigned
			pc.Lock()
			for range 1 + rng.IntN(3) {
				must(t, pc.Log(audit.Entry{Action: audit.LoginFailed, Login: who, Result: "vault.wrong_password"}))
				lo.entries++
			}
			must(t, pc.Login(who, password(who)))
		case 1: // another user logs in over the session: no closing checkpoint
			must(t, pc.Login(who, password(who)))
		default:
			login(t, pc, who)
		}
		log(pc, min(40+rng.IntN(400), target-lo.entries))
		if rng.IntN(3) == 0 {
			sync(t, a, lo.b)
		}
		if lo.c == nil && lo.entries >= target/3 {
			// The auditor's PC: joins now, never syncs again.
			lo.c = o.join("c")
			lo.known[lo.c] = chainLens(t, o.folder, lo.devices)
		}
		if lo.older == "" && lo.entries >= 2*target/3 {
			sync(t, a, lo.b)
			lo.older = filepath.Join(wintest.TempDir(t), "older")
			snapshot(t, o.folder, lo.older)
			lo.olderLen = chainLens(t, o.folder, lo.devices)
		}
	}
	// The end, so that each device has a witnessed part, a part only the
	// other PC imported, and a tail nobody saw:
	sync(t, a, lo.b)
	login(t, lo.b, "tanaka") // b's closing checkpoint, witnessing a's newest
	login(t, a, "shocho")    // a's closing checkpoint, witnessing b's newest
	log(a, 30)               // after a's last checkpoint
	_, err := a.Sync(nil)    // a writes, and imports b up to here
	must(t, err)
	lo.known[a] = chainLens(t, o.folder, lo.devices) // a's own ops all in the folder
	_, err = lo.b.Sync(nil)                          // b imports a's closing checkpoint
	must(t, err)
	log(lo.b, 100)
	login(t, lo.b, "suzuki") // b's checkpoint witnesses a's closing checkpoint
	lo.insider = lo.b.SigningKey()
	_, err = lo.b.Sync(nil) // b's last 100 entries: a never imports them
	must(t, err)
	login(t, lo.c, "shocho")
	lo.pristine = filepath.Join(wintest.TempDir(t), "pristine")
	snapshot(t, o.folder, lo.pristine)
	// Put the journal back before the kit's cleanup verifies the folder.
	t.Cleanup(func() { restore(t, o.folder, lo.pristine) })
	return lo
}

// TestLogTamper applies every class of change, for several seeds, to a
// copy of the suite's journal and checks what VerifyLog finds on "a" and
// on "c".
func TestLogTamper(t *testing.T) {
	seed := uint64(1)
	if s, err := strconv.ParseUint(os.Getenv("KINKO_LOG_SEED"), 10, 64); err == nil {
		seed = s
	}
	seeds := uint64(tamperSeeds)
	if testing.Short() {
		seeds = tamperSeedsShort
	}
	lo := buildLogOffice(t, seed)
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := lo.a.VerifyLog(ctx, nil); !errors.Is(err, context.Canceled) {
			t.Fatalf("VerifyLog with a cancelled context: %v", err)
		}
	})
	t.Run("clean", func(t *testing.T) {
		for _, v := range []*vault.Vault{lo.a, lo.c} {
			rep := checkLog(t, v, want{ok: true, why: "clean"})
			if rep.Entries != lo.entries || rep.Devices != 2 || rep.Checkpoints < tamperEntries/audit.CheckpointEvery {
				t.Fatalf("counts: %d entries (want %d), %d devices, %d checkpoints", rep.Entries, lo.entries, rep.Devices, rep.Checkpoints)
			}
		}
	})
	for _, name := range slices.Sorted(maps.Keys(tamperClasses)) {
		t.Run(name, func(t *testing.T) {
			detected, hidden := 0, 0
			defer func() { t.Logf("%d detected, %d not detectable by design", detected, hidden) }()
			for ms := range seeds {
				for _, viewer := range []string{"a", "c"} {
					restore(t, lo.folder, lo.pristine)
					tr := &tamper{lo: lo, t: t, rng: rand.New(rand.NewPCG(seed, ms))}
					tr.viewer = lo.a
					if viewer == "c" {
						tr.viewer = lo.c
					}
					w := tamperClasses[name](tr)
					if w.ok {
						hidden++
					} else {
						detected++
					}
					t.Run(fmt.Sprintf("seed%d-%s", ms, viewer), func(t *testing.T) {
						defer func() {
							if t.Failed() {
								t.Logf("reproduce: KINKO_LOG_SEED=%d, mutation seed %d, verified on %s (%s)", seed, ms, viewer, tr.note)
							}
						}()
						rep := checkLog(t, tr.viewer, w)
						if w.ok {
							t.Logf("%s: not detectable: %s", tr.note, w.why)
						} else {
							t.Logf("%s: %+v", tr.note, rep.Problems)
						}
					})
				}
			}
		})
	}
}

// tamper is one mutation of the journal, judged from one PC.
type tamper struct {
	lo     *logOffice
	t      *testing.T
	rng    *rand.Rand
	viewer *vault.Vault
	note   string // what was changed, for the failure message
}

func (tr *tamper) device() string { return tr.lo.devices[tr.rng.IntN(len(tr.lo.devices))] }

func (tr *tamper) read(d string) ([]*journal.Op, []int) { return readDevice(tr.t, tr.lo.folder, d) }

func (tr *tamper) write(d string, ops []*journal.Op, sizes []int) {
	writeDevice(tr.t, tr.lo.folder, tr.lo.a.ID(), tr.lo.deviceKey(d), ops, sizes)
}

// signedEntry picks an entry written by a logged-in user (signed), whose
// next op is also signed and not a checkpoint when pair is set.
func (tr *tamper) signedEntry(ops []*journal.Op, pair bool) int {
	for {
		i := tr.rng.IntN(len(ops))
		if ops[i].Kind != audit.KindEntry || len(ops[i].Sig) == 0 {
			continue
		}
		if pair && (i+1 >= len(ops) || len(ops[i+1].Sig) == 0 || ops[i+1].Kind == audit.KindCheckpoint) {
			continue
		}
		tr.note = fmt.Sprintf("%s.%d", ops[i].Device, ops[i].Seq)
		return i
	}
}

// forged is an entry that claims a user other than the insider: signed
// with the insider's own key (the wrong one) or not signed at all.
func (tr *tamper) forged(d string, seq uint64) *journal.Op {
	victims := []string{tr.lo.users["shocho"], tr.lo.users["tanaka"]}
	op := &journal.Op{Device: d, Seq: seq, Time: journal.HLC{Wall: 1}, Author: victims[tr.rng.IntN(2)], Kind: audit.KindEntry, Scope: "audit", Payload: []byte("forged")}
	if tr.rng.IntN(2) == 0 {
		op.Sig = seal.Sign(tr.lo.insider, "kinko/op/v2", op.SigningBytes())
	}
	return op
}

// seen is the newest Seq of d the verifying PC imported or a witness
// names: a folder holding less of d was rolled back.
func (tr *tamper) seen(d string) uint64 {
	return max(tr.lo.known[tr.viewer][d], witnessed(tr.t, tr.lo.folder, tr.lo.devices, d))
}

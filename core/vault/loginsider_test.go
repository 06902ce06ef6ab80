package vault_test

import (
	"encoding/json"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
)

// The insider and the access log's viewer: a member of staff with their
// own password and the vault folder writes log entries the log's readers
// can open (the log's recipient is public) claiming any user, and the
// viewer must never show one as that user's unless that user's signature
// vouches for it.

// logHand writes access-log ops as a program of one's own can: a session
// whose key is wrapped to the log's public recipient, entries sealed
// under it naming any author, and checkpoints over a device's chain.
type logHand struct {
	t       *testing.T
	vault   string
	session *journal.Op
	key     seal.Key
	wall    int64
	ops     []*journal.Op // every op of the device, as written (signed)
}

// newLogHand starts a log session on next's device; next makes the
// device's next op (the insider kit's, or the test's for a real PC).
func newLogHand(t *testing.T, vaultID, recipient string, next func(kind, target string) *journal.Op, wall int64) *logHand {
	t.Helper()
	h := &logHand{t: t, vault: vaultID, wall: wall}
	var err error
	if h.key, err = seal.NewKey(); err != nil {
		t.Fatal(err)
	}
	r, err := age.ParseX25519Recipient(recipient)
	must(t, err)
	wrapped, err := keys.WrapScopeKey(h.key, r)
	must(t, err)
	h.session = next(audit.KindSession, "")
	h.session.Scope = "audit"
	h.session.Payload, err = json.Marshal(map[string][]byte{"wrapped": wrapped})
	must(t, err)
	h.stamp(h.session)
	return h
}

func (h *logHand) stamp(op *journal.Op) {
	h.wall += 1000
	op.Time = journal.HLC{Wall: h.wall}
}

// entry is a log entry labelled label, naming author ("" as while locked).
func (h *logHand) entry(next func(kind, target string) *journal.Op, author, label string) *journal.Op {
	h.t.Helper()
	op := next(audit.KindEntry, h.session.ID())
	op.Author, op.Scope = author, "audit"
	h.stamp(op)
	plain, err := (&audit.Entry{Action: audit.NumberReveal, Target: "mynumber/c/p", Label: label, Purpose: "withholding_slip", Result: audit.ResultOK}).MarshalBinary()
	must(h.t, err)
	op.Payload, err = seal.Seal(&h.key, seal.AD{Vault: h.vault, Kind: "log", ID: h.session.ID(), Scope: "audit", Version: op.ID()}, plain)
	must(h.t, err)
	return op
}

// checkpoint is a checkpoint naming author over ops, every op of the
// device before it (signed as written).
func (h *logHand) checkpoint(next func(kind, target string) *journal.Op, author string, ops []*journal.Op) *journal.Op {
	h.t.Helper()
	var chain audit.Hash
	for _, op := range ops {
		var err error
		chain, err = chain.Next(op)
		must(h.t, err)
	}
	op := next(audit.KindCheckpoint, "")
	op.Author = author
	h.stamp(op)
	var err error
	op.Payload, err = json.Marshal(audit.Checkpoint{Seq: op.Seq - 1, Chain: chain, Reason: audit.ReasonClose})
	must(h.t, err)
	return op
}

// logRecipient is the access log's newest public recipient, as anyone
// reading the folder finds it.
func logRecipient(in *insider) string {
	var lk struct {
		Recipient string `json:"recipient"`
	}
	must(in.t, json.Unmarshal(in.last(vault.KindLogKey, nil).Payload, &lk))
	return lk.Recipient
}

// trustByLabel reads v's log with a fresh reader: each entry's trust and
// user by label.
func trustByLabel(t *testing.T, v *vault.Vault) map[string]audit.Entry {
	t.Helper()
	_, es := readTrust(t, v)
	out := map[string]audit.Entry{}
	for _, e := range es {
		if e.Label != "" {
			out[e.Label] = e
		}
	}
	return out
}

func expectTrust(t *testing.T, v *vault.Vault, want map[string]audit.Trust) {
	t.Helper()
	got := trustByLabel(t, v)
	for label, w := range want {
		e, ok := got[label]
		if !ok {
			t.Errorf("PC %s: no entry %q", v.Device(), label)
			continue
		}
		if e.Trust != w {
			t.Errorf("PC %s: %q (user %q): %s, want %s", v.Device(), label, e.User, e.Trust, w)
		}
	}
}

// TestInsiderLogEntries: a member of staff writes, in a device folder of
// their own, entries claiming the 責任者, entries with no author and
// entries of their own, signs a checkpoint over them with their own key,
// and adds more after it; on another device they sign the checkpoint in
// the 責任者's name. No entry is ever verified as the 責任者's; the
// insider's own entries are theirs; honest entries stay verified — on the
// PC that saw it all arrive and on one that joins afterwards.
func TestInsiderLogEntries(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	shocho := a.User()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Label: "honest", Result: audit.ResultOK}))
	login(t, a, "shocho") // the lock signs a checkpoint over it
	sync(t, a)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	next := func(kind, target string) *journal.Op { return in.next(kind, target, nil) }
	h := newLogHand(t, a.ID(), logRecipient(in), next, o.now.UnixMilli())
	claim := h.entry(next, shocho, "claims shocho")
	anon := h.entry(next, "", "claims nobody")
	own := h.entry(next, staff, "tanaka's own")
	in.write(h.session, claim, anon, own)
	in.write(h.checkpoint(next, staff, []*journal.Op{h.session, claim, anon, own}))
	in.write(h.entry(next, shocho, "claims shocho after the checkpoint"))

	// Another device of the insider's: the checkpoint names the 責任者.
	in2 := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	next2 := func(kind, target string) *journal.Op { return in2.next(kind, target, nil) }
	h2 := newLogHand(t, a.ID(), logRecipient(in2), next2, o.now.UnixMilli())
	claim2 := h2.entry(next2, shocho, "claims shocho under a checkpoint in shocho's name")
	in2.write(h2.session, claim2)
	in2.write(h2.checkpoint(next2, shocho, []*journal.Op{h2.session, claim2}))

	sync(t, a)
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, a, b)
	want := map[string]audit.Trust{
		"honest":                             audit.TrustVerified,
		"claims shocho":                      audit.TrustUnverifiable,
		"claims nobody":                      audit.TrustUnsigned,
		"tanaka's own":                       audit.TrustVerified,
		"claims shocho after the checkpoint": audit.TrustPending,
		"claims shocho under a checkpoint in shocho's name": audit.TrustUnverifiable,
	}
	for _, v := range []*vault.Vault{a, b} {
		expectTrust(t, v, want)
		for label, e := range trustByLabel(t, v) {
			if e.User == shocho && e.Trust == audit.TrustVerified && label != "honest" {
				t.Errorf("PC %s: %q shown as the 責任者's", v.Device(), label)
			}
		}
	}
}

// TestInsiderLogAppendToPC: the member of staff who uses PC b — and so can
// read its device key from their own replica — appends entries after b's
// last checkpoint: claiming the 責任者, unsigned; then more claiming the
// 責任者 under a checkpoint they sign. The first are pending, never the
// 責任者's; the second cannot be verified; b's honest entries before them
// stay verified.
func TestInsiderLogAppendToPC(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	shocho := a.User()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	b := o.join("b")
	login(t, b, "tanaka")
	must(t, b.Log(audit.Entry{Action: audit.ClientView, Label: "tanaka on b", Result: audit.ResultOK}))
	b.Lock() // b's last checkpoint, signed by tanaka
	sync(t, a, b)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	ops, sizes := readDevice(t, o.folder, b.Device())
	wall := ops[len(ops)-1].Time.Wall
	seq := ops[len(ops)-1].Seq
	next := func(kind, target string) *journal.Op {
		seq++
		return &journal.Op{Device: b.Device(), Seq: seq, Kind: kind, Target: target}
	}
	sign := func(ops ...*journal.Op) {
		for _, op := range ops {
			if op.Author != "" {
				op.Sig = seal.Sign(in.k.Sign, "kinko/op/v2", op.SigningBytes())
			}
		}
	}
	h := newLogHand(t, a.ID(), logRecipient(in), next, wall)
	h.session.Author = staff
	appended := h.entry(next, shocho, "appended, claims shocho")
	unsigned := h.entry(next, "", "appended, claims nobody")
	sign(h.session, appended, unsigned)
	// A new segment after b's (its earlier ones re-encode to the same
	// bytes: PC a, which imported them, carries on).
	ops = append(ops, h.session, appended, unsigned)
	sizes = append(sizes, 3)
	writeDevice(t, o.folder, a.ID(), b.DeviceKey(), ops, sizes)
	sync(t, a)
	expectTrust(t, a, map[string]audit.Trust{
		"tanaka on b":             audit.TrustVerified,
		"appended, claims shocho": audit.TrustPending,
		"appended, claims nobody": audit.TrustUnsigned,
	})

	// Then a checkpoint of the insider's own over them.
	cp := h.checkpoint(next, staff, ops)
	sign(cp)
	ops = append(ops, cp)
	sizes = append(sizes, 1)
	writeDevice(t, o.folder, a.ID(), b.DeviceKey(), ops, sizes)
	sync(t, a)
	c := o.join("c")
	login(t, c, "shocho")
	sync(t, c)
	for _, v := range []*vault.Vault{a, c} {
		expectTrust(t, v, map[string]audit.Trust{
			"tanaka on b":             audit.TrustVerified,
			"appended, claims shocho": audit.TrustUnverifiable,
			"appended, claims nobody": audit.TrustUnsigned,
		})
	}
}

// TestInsiderLogRewriteAuthor: the member of staff who uses PC b rewrites
// one of their own entries there, already under b's checkpoint, to name
// the 責任者 (the author is not sealed into the entry: it still opens).
// The checkpoint no longer matches b's chain: a PC that reads the folder
// afterwards cannot verify the entry, and never shows it as the 責任者's.
func TestInsiderLogRewriteAuthor(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	shocho := a.User()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	b := o.join("b")
	login(t, b, "tanaka")
	must(t, b.Log(audit.Entry{Action: audit.NumberReveal, Label: "rewritten", Result: audit.ResultOK}))
	must(t, b.Log(audit.Entry{Action: audit.ClientView, Label: "left alone", Result: audit.ResultOK}))
	b.Lock()
	sync(t, a, b)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	ops, sizes := readDevice(t, o.folder, b.Device())
	found := false
	for _, op := range ops {
		if op.Kind == audit.KindEntry && !found {
			op.Author = shocho
			op.Sig = seal.Sign(in.k.Sign, "kinko/op/v2", op.SigningBytes())
			found = true
		}
	}
	writeDevice(t, o.folder, a.ID(), b.DeviceKey(), ops, sizes)
	c := o.join("c")
	login(t, c, "shocho")
	sync(t, c)
	got := trustByLabel(t, c)
	if e := got["rewritten"]; e.User != shocho || e.Trust != audit.TrustUnverifiable {
		t.Errorf("the rewritten entry: user %q, %s", e.User, e.Trust)
	}
	if e := got["left alone"]; e.Trust != audit.TrustUnverifiable {
		t.Errorf("an entry under the same broken checkpoint: %s", e.Trust)
	}
}

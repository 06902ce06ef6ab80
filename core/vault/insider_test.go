package vault_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
)

// The insider kit: a member of staff with only their own password and the
// write access to the vault folder every member of staff has, running their
// own program against the exported core packages. It reads the journal,
// opens its own key file with its password, and writes any op it likes —
// any time, any claimed causal past, any payload — signed with its own key,
// as segments of a device folder of its own. Tests then check that honest
// replicas, in several arrival orders, apply none of it.

type insider struct {
	t      *testing.T
	folder *journal.Folder
	id     string // the insider's user id
	k      *keys.User
	device string
	devKey ed25519.PrivateKey // the key of the insider's own device (its id derives from it)
	seq    uint64
	seg    uint64
	prev   [32]byte
}

// newInsider logs in as login the way a program of one's own would: find
// one's user.add (and later password changes) in the journal and open the
// sealed key file with the password.
func newInsider(t *testing.T, o *office, login, password string) *insider {
	t.Helper()
	return newInsiderAt(t, o, login, password, -1)
}

// newInsiderAt is newInsider with the nth sealed key file of the user (0:
// the one made with the account), as someone who kept an old copy of the
// vault folder, or learnt an old password, would; -1 is the newest.
func newInsiderAt(t *testing.T, o *office, login, password string, nth int) *insider {
	t.Helper()
	o.tampered = true // the test writes hostile ops on purpose: verify reports them
	f, err := journal.OpenFolder(o.folder)
	if err != nil {
		t.Fatal(err)
	}
	in := &insider{t: t, folder: f}
	var files [][]byte
	for _, op := range in.ops() {
		var u struct {
			ID     string `json:"id"`
			Login  string `json:"login"`
			Sealed []byte `json:"sealed"`
		}
		switch op.Kind {
		case vault.KindUserAdd, vault.KindUserPasswd:
			if json.Unmarshal(op.Payload, &u) != nil {
				continue
			}
			if op.Kind == vault.KindUserAdd && u.Login == login {
				in.id = u.ID
			}
			if u.ID == in.id && in.id != "" {
				files = append(files, u.Sealed)
			}
		}
	}
	if nth < 0 {
		nth = len(files) - 1
	}
	if nth < 0 || nth >= len(files) {
		t.Fatalf("insider %s: no key file %d", login, nth)
	}
	if in.k, err = keys.OpenUser(files[nth], []byte(password)); err != nil {
		t.Fatalf("insider %s cannot open their own key file: %v", login, err)
	}
	if in.devKey, in.device, err = journal.NewDeviceKey(); err != nil {
		t.Fatal(err)
	}
	return in
}

// ops reads every op in the vault folder, in position order.
func (in *insider) ops() []*journal.Op {
	in.t.Helper()
	devices, err := in.folder.Devices()
	if err != nil {
		in.t.Fatal(err)
	}
	var all []*journal.Op
	for _, d := range devices {
		segs, _, _ := in.folder.ReadChain(d, 0, [32]byte{}, 0)
		for _, s := range segs {
			all = append(all, s.Ops...)
		}
	}
	slices.SortFunc(all, func(a, b *journal.Op) int {
		if journal.Less(a, b) {
			return -1
		}
		return 1
	})
	return all
}

// last returns the newest op of kind whose payload contains all of fields.
func (in *insider) last(kind string, fields map[string]any) *journal.Op {
	in.t.Helper()
	ops := in.ops()
	for i := len(ops) - 1; i >= 0; i-- {
		op := ops[i]
		if op.Kind != kind {
			continue
		}
		var p map[string]any
		json.Unmarshal(op.Payload, &p)
		match := true
		for k, want := range fields {
			match = match && p[k] == want
		}
		if match {
			return op
		}
	}
	in.t.Fatalf("no %s op with %v in the journal", kind, fields)
	return nil
}

// next starts an op of the insider's device, dated just before the op
// before (so back-dated) unless the test sets Time and Deps itself.
func (in *insider) next(kind, target string, before *journal.Op) *journal.Op {
	in.seq++
	op := &journal.Op{Device: in.device, Seq: in.seq, Author: in.id, Kind: kind, Target: target}
	if before != nil {
		op.Time = before.Time
		if op.Time.Logical > 0 {
			op.Time.Logical--
		} else {
			op.Time = journal.HLC{Wall: op.Time.Wall - 1, Logical: 1<<32 - 1}
		}
	}
	return op
}

// control is next with a JSON payload.
func (in *insider) control(kind, target string, before *journal.Op, payload any) *journal.Op {
	op := in.next(kind, target, before)
	b, err := json.Marshal(payload)
	if err != nil {
		in.t.Fatal(err)
	}
	op.Payload = b
	return op
}

// scopeKey unwraps, with the insider's own identity, a key of scope at
// epoch published in the journal; ok is false when none is wrapped to it.
func (in *insider) scopeKey(scope string, epoch uint32) (seal.Key, bool) {
	ks := in.scopeKeys(scope, epoch)
	if len(ks) == 0 {
		return seal.Key{}, false
	}
	return ks[0], true
}

// scopeKeys unwraps every key of scope at epoch wrapped to the insider,
// hostile ones of its own making included.
func (in *insider) scopeKeys(scope string, epoch uint32) []seal.Key {
	var out []seal.Key
	for _, op := range in.ops() {
		if op.Kind == vault.KindScopeKeys {
			out = append(out, in.batchKeys(op, scope, epoch)...)
			continue
		}
		var k struct {
			Scope   string `json:"scope"`
			Epoch   uint32 `json:"epoch"`
			Wrapped []byte `json:"wrapped"`
		}
		if op.Kind != vault.KindScopeKey || json.Unmarshal(op.Payload, &k) != nil || k.Scope != scope || k.Epoch != epoch {
			continue
		}
		if key, err := keys.UnwrapScopeKey(k.Wrapped, in.k.Enc); err == nil {
			out = append(out, key)
		}
	}
	return out
}

// canRead reports whether any key the insider can unwrap opens the record
// version with id op.
func (in *insider) canRead(id string) bool {
	for _, op := range in.ops() {
		if op.ID() != id {
			continue
		}
		kind, rid, _ := cut(op.Target)
		ad := seal.AD{Vault: in.folder.Header().Vault, Kind: kind, ID: rid, Scope: op.Scope, Epoch: op.Epoch, Version: op.ID()}
		for _, k := range in.scopeKeys(op.Scope, op.Epoch) {
			if _, err := seal.Open(&k, ad, op.Payload); err == nil {
				return true
			}
		}
	}
	return false
}

// record seals plain for target under scope key epoch, as the insider can
// with any key it holds.
func (in *insider) record(target, scope string, epoch uint32, parents []string, before *journal.Op, plain string) *journal.Op {
	in.t.Helper()
	k, ok := in.scopeKey(scope, epoch)
	if !ok {
		in.t.Fatalf("insider holds no key of %s epoch %d", scope, epoch)
	}
	op := in.next(vault.KindRecordPut, target, before)
	op.Scope, op.Epoch, op.Parents = scope, epoch, parents
	kind, id, _ := cut(target)
	var err error
	op.Payload, err = seal.Seal(&k, seal.AD{Vault: in.folder.Header().Vault, Kind: kind, ID: id, Scope: scope, Epoch: epoch, Version: op.ID()}, []byte(plain))
	if err != nil {
		in.t.Fatal(err)
	}
	return op
}

func cut(target string) (kind, id string, ok bool) {
	for i := range len(target) {
		if target[i] == '/' {
			return target[:i], target[i+1:], true
		}
	}
	return target, "", false
}

// write signs ops with the insider's key and writes them as the next
// segment of the insider's device folder, signed with its device key.
func (in *insider) write(ops ...*journal.Op) {
	in.t.Helper()
	for _, op := range ops {
		op.Sig = seal.Sign(in.k.Sign, "kinko/op/v2", op.SigningBytes())
	}
	in.seg++
	seg := &journal.Segment{Vault: in.folder.Header().Vault, Device: in.device, Number: in.seg, Prev: in.prev, Ops: ops}
	if err := seg.Sign(in.devKey); err != nil {
		in.t.Fatal(err)
	}
	h, err := in.folder.WriteSegment(seg)
	if err != nil {
		in.t.Fatal(err)
	}
	in.prev = h
}

// recipient is the insider's age recipient, for wraps of its own making.
func (in *insider) recipient() age.Recipient { return in.k.Enc.Recipient() }

// judged syncs the honest replicas, joins one more PC that receives
// everything at once (another arrival order), and checks that every one
// of them quarantined each hostile op with the reason given, and that all
// reached the same state.
func judged(t *testing.T, o *office, pc string, hostile map[string]string, honest ...*vault.Vault) []*vault.Vault {
	t.Helper()
	sync(t, honest...)
	all := append(slices.Clone(honest), o.join(pc))
	sync(t, all...)
	for _, v := range all {
		q := v.Quarantined()
		for id, reason := range hostile {
			if q[id] != reason {
				t.Errorf("replica %s: hostile op %s: quarantine %q, want %q", v.Device(), id, q[id], reason)
			}
		}
	}
	want := all[0].Derived()
	for _, v := range all[1:] {
		if got := v.Derived(); got != want {
			t.Errorf("replicas %s and %s differ:\n%s\n---\n%s", all[0].Device(), v.Device(), want, got)
		}
	}
	return all
}

// 1. Back-dated ops of a disabled user: neither a record edit nor, by a
// disabled 責任者, a new 責任者 is ever applied; claiming to have seen the
// revocation while dating before it is refused as backdated.
func TestInsiderBackdatedAfterDisable(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	jimu := addUser(t, a, "jimu", access.Admin, access.Edit)
	c1 := newClient(t, a, "honest")
	b := o.join("b")
	headBefore, err := a.Get("client/" + c1)
	must(t, err)
	sync(t, a, b)
	must(t, a.UpdateUser(staff, vault.UserChange{Name: "tanaka さん", Role: access.Staff, Default: access.Edit, Disabled: true}))
	must(t, a.UpdateUser(jimu, vault.UserChange{Name: "jimu さん", Role: access.Admin, Default: access.Edit, Disabled: true}))
	sync(t, a)

	tanaka := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	disable := tanaka.last(vault.KindUserUpdate, map[string]any{"id": staff})
	edit := tanaka.record("client/"+c1, access.ClientScope(c1), 1, headBefore.Heads(), disable, "rewritten by a disabled user")
	// The same edit, claiming (truthfully) to have seen the disable, but
	// dated before it.
	seen := tanaka.record("client/"+c1, access.ClientScope(c1), 1, headBefore.Heads(), disable, "dated before what it saw")
	seen.Deps = []journal.Dep{{Device: disable.Device, Seq: disable.Seq}}
	// Dated now, claiming to have seen nothing.
	late := tanaka.record("client/"+c1, access.ClientScope(c1), 1, headBefore.Heads(), nil, "written late")
	late.Time = journal.HLC{Wall: o.now.Add(48 * 3600e9).UnixMilli()}
	tanaka.write(edit, seen, late)

	jimuIn := newInsider(t, o, "jimu", "jimu-pw-X7c9k2")
	jimuDisabled := jimuIn.last(vault.KindUserUpdate, map[string]any{"id": jimu})
	evilKeys, err := keys.NewUser()
	must(t, err)
	evilSealed, err := keys.SealUser(evilKeys, []byte("evil-password"), fastKeys)
	must(t, err)
	addEvil := jimuIn.control(vault.KindUserAdd, "evil0000000000aa", jimuDisabled, map[string]any{
		"id": "evil0000000000aa", "login": "evil", "name": "evil", "role": "admin", "default": "edit",
		"public": evilKeys.Public(), "sealed": evilSealed,
	})
	reenable := jimuIn.control(vault.KindUserUpdate, jimu, jimuDisabled, map[string]any{"id": jimu, "login": "jimu", "name": "jimu さん", "role": "admin", "default": "edit"})
	jimuIn.write(addEvil, reenable)

	all := judged(t, o, "c", map[string]string{
		edit.ID():     vault.ReasonConcurrent,
		seen.ID():     vault.ReasonBackdated,
		late.ID():     vault.ReasonConcurrent,
		addEvil.ID():  vault.ReasonConcurrent,
		reenable.ID(): vault.ReasonConcurrent,
	}, a, b)
	for _, v := range all {
		login(t, v, "shocho")
		if got := get(t, v, "client/"+c1); got != "honest" {
			t.Errorf("replica %s: client/%s = %q", v.Device(), c1, got)
		}
		v.Lock()
		if err := v.Login("evil", []byte("evil-password")); err == nil {
			t.Errorf("replica %s: the back-dated 責任者 can log in", v.Device())
		}
		if err := v.Login("jimu", []byte("jimu-pw-X7c9k2")); err == nil {
			t.Errorf("replica %s: the disabled 責任者 re-enabled themselves", v.Device())
		}
	}
}

// 1. A revoked handler publishes, back-dated, a My Number key of their own
// choosing for the next epoch, to read numbers stored afterwards.
func TestInsiderRevokedHandlerKey(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	hana := addUser(t, a, "hana", access.Handler, access.Edit)
	c1 := newClient(t, a, "client")
	must(t, a.GrantMyNumber(hana, c1))
	// The first number stored makes the client's My Number key (epoch 1),
	// wrapped to hana too.
	_, err := a.Put("mynumber/"+c1+"/p0", nil, []byte("stored before the revocation"))
	must(t, err)
	sync(t, a)
	must(t, a.RevokeMyNumber(hana, c1))
	sync(t, a)

	in := newInsider(t, o, "hana", "hana-pw-X7c9k2")
	revoke := in.last(vault.KindMyNumberDrop, map[string]any{"user": hana})
	mine, err := seal.NewKey()
	must(t, err)
	wrapped, err := keys.WrapScopeKey(mine, in.recipient())
	must(t, err)
	scope := access.MyNumberScope(c1)
	key := in.control(vault.KindScopeKey, scope, revoke, map[string]any{"scope": scope, "epoch": 2, "wrapped": wrapped})
	in.write(key)

	all := judged(t, o, "b", map[string]string{key.ID(): vault.ReasonConcurrent}, a)
	// A number stored now is sealed under a key the revoked handler lacks.
	login(t, all[1], "shocho")
	_, err = all[1].Put("mynumber/"+c1+"/p1", nil, []byte("sealed after the revocation"))
	must(t, err)
	sync(t, all...)
	rec, err := all[0].Get("mynumber/" + c1 + "/p1")
	must(t, err)
	if in.canRead(rec.Versions[0].Op) {
		t.Fatal("the revoked handler can read a number stored after the revocation")
	}
}

// 3. Epochs count up by exactly one: an epoch at the end of the range is
// refused, and the user can still be removed from the scope afterwards.
func TestInsiderUnboundedEpoch(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	c1 := newClient(t, a, "client")
	sync(t, a)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	scope := access.ClientScope(c1)
	k, _ := in.scopeKey(scope, 1)
	wrapped, err := keys.WrapScopeKey(k, in.recipient())
	must(t, err)
	var hostile []*journal.Op
	want := map[string]string{}
	for _, epoch := range []uint32{0xFFFFFFFF, 3, 0} {
		op := in.control(vault.KindScopeKey, scope, nil, map[string]any{"scope": scope, "epoch": epoch, "wrapped": wrapped})
		op.Time = journal.HLC{Wall: o.now.UnixMilli() + int64(len(hostile)) + 1e6}
		hostile = append(hostile, op)
		want[op.ID()] = vault.ReasonInvalid
	}
	// A staff member is no key maker for office or another client's scope.
	office := in.control(vault.KindScopeKey, access.ScopeOffice, nil, map[string]any{"scope": access.ScopeOffice, "epoch": 2, "wrapped": wrapped})
	office.Time = journal.HLC{Wall: o.now.UnixMilli() + 2e6}
	want[office.ID()] = vault.ReasonDenied
	in.write(append(hostile, office)...)

	judged(t, o, "b", want, a)
	must(t, a.SetLevel(staff, c1, access.Hidden))
	if _, ok := in.scopeKey(scope, 2); ok {
		t.Error("the hidden staff member holds the rotated key")
	}
}

// 4. Whoever generates a key keeps it: a client created by staff gets its
// My Number key from a handler, and neither that staff member nor a 責任者
// who is not a handler can publish one.
func TestInsiderKeyMakers(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create() // shocho: 責任者 and handler
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "jimu", access.Admin, access.Edit) // 責任者, not a handler
	b := o.join("b")
	sync(t, a, b)
	login(t, b, "tanaka")
	c1 := newClient(t, b, "created by staff")
	sync(t, a, b)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	scope := access.MyNumberScope(c1)
	for _, op := range in.ops() {
		if op.Kind == vault.KindScopeKey && op.Target == scope {
			t.Fatalf("a My Number key of a client created by staff was published by %s", op.Author)
		}
	}
	mine, err := seal.NewKey()
	must(t, err)
	wrapped, err := keys.WrapScopeKey(mine, in.recipient())
	must(t, err)
	staffKey := in.control(vault.KindScopeKey, scope, nil, map[string]any{"scope": scope, "epoch": 1, "wrapped": wrapped})
	staffKey.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6}
	in.write(staffKey)

	jimuIn := newInsider(t, o, "jimu", "jimu-pw-X7c9k2")
	jimuKey := jimuIn.control(vault.KindScopeKey, scope, nil, map[string]any{"scope": scope, "epoch": 1, "wrapped": wrapped})
	jimuKey.Time = journal.HLC{Wall: o.now.UnixMilli() + 2e6}
	jimuIn.write(jimuKey)

	judged(t, o, "c", map[string]string{staffKey.ID(): vault.ReasonDenied, jimuKey.ID(): vault.ReasonDenied}, a, b)
	// The handler's first number makes the key, wrapped to handlers only.
	num, err := a.Put("mynumber/"+c1+"/p1", nil, []byte("number"))
	must(t, err)
	sync(t, a)
	if in.canRead(num) {
		t.Error("the staff member who created the client can read its My Numbers")
	}
	if jimuIn.canRead(num) {
		t.Error("a 責任者 who is not a handler can read a My Number")
	}
}

// 2, 5. A second client.create for an existing client is refused whatever
// it claims (ids are derived from the creating op), and levels set at
// creation keep the first key from someone hidden from the client.
func TestInsiderClientCreate(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	secret := createClient(t, a, vault.NewClient{OwnerOnly: true, Data: []byte("所長のみ")})
	hidden := createClient(t, a, vault.NewClient{Levels: map[string]access.Level{staff: access.Hidden}, Data: []byte("hidden from tanaka")})
	sync(t, a)

	in := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	create := in.last(vault.KindClientCreate, map[string]any{"id": secret})
	dup := in.control(vault.KindClientCreate, secret, create, map[string]any{"id": secret, "handlers": []string{staff}})
	in.write(dup)
	if _, ok := in.scopeKey(access.ClientScope(hidden), 1); ok {
		t.Error("a client's first key is wrapped to a user hidden from it at creation")
	}

	all := judged(t, o, "b", map[string]string{dup.ID(): vault.ReasonInvalid}, a)
	addUser(t, all[0], "sato", access.Staff, access.Edit)
	sync(t, all...)
	if _, ok := in.scopeKey(access.ClientScope(secret), 1); ok {
		t.Error("the staff member holds the 所長のみ client's key")
	}
	for _, v := range all {
		login(t, v, "shocho")
		if got := get(t, v, "client/"+secret); got != "所長のみ" {
			t.Errorf("replica %s: %q", v.Device(), got)
		}
	}
}

// Random grants, revocations and edits on three PCs that sync at random
// moments: every replica, and a fourth that joins at the end, reaches the
// same state, and no edit concurrent with a revocation that refuses it is
// ever applied.
func TestPropertyRevocationsAndConcurrentEdits(t *testing.T) {
	for seed := range int64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(uint64(seed), 11))
			o := newOffice(t)
			o.tampered = true // edits concurrent with a revocation are quarantined by design, and Verify lists them
			a, _ := o.create()
			u1 := addUser(t, a, "tanaka", access.Staff, access.Edit)
			u2 := addUser(t, a, "sato", access.Staff, access.Edit)
			c1 := newClient(t, a, "v0")
			b, c := o.join("b"), o.join("c")
			login(t, b, "tanaka")
			login(t, c, "sato")
			pcs := []*vault.Vault{a, b, c}
			users := []string{u1, u2}
			levels := []access.Level{access.Edit, access.Read, access.Hidden}
			for step := range 40 {
				switch rnd.IntN(4) {
				case 0:
					a.SetLevel(users[rnd.IntN(2)], c1, levels[rnd.IntN(3)]) // refused when unchanged
				case 1, 2:
					v := pcs[1+rnd.IntN(2)]
					if r, err := v.Get("client/" + c1); err == nil {
						v.Put("client/"+c1, r.Heads(), []byte(fmt.Sprint("edit ", step))) // refused without the right
					}
				case 3:
					if _, err := pcs[rnd.IntN(3)].Sync(nil); err != nil {
						t.Fatal(err)
					}
				}
			}
			all := append(pcs, o.join("d"))
			sync(t, all...)
			want := all[0].Derived()
			for _, v := range all[1:] {
				if got := v.Derived(); got != want {
					t.Fatalf("replicas %s and %s differ", all[0].Device(), v.Device())
				}
			}
			f, err := journal.OpenFolder(o.folder)
			must(t, err)
			in := &insider{t: t, folder: f}
			ops := in.ops()
			applied := 0
			for _, op := range ops {
				if op.Kind != vault.KindRecordPut || !a.HasVersion(op.ID()) {
					continue
				}
				applied++
				for _, r := range ops {
					var l struct {
						User  string       `json:"user"`
						Level access.Level `json:"level"`
					}
					if r.Kind != vault.KindLevel || json.Unmarshal(r.Payload, &l) != nil || l.User != op.Author || l.Level == access.Edit {
						continue
					}
					if !journal.Before(r, op) && !journal.Before(op, r) {
						t.Errorf("edit %s by %s applied, though concurrent with %s lowering their level to %s", op.ID(), op.Author, r.ID(), l.Level)
					}
				}
			}
			if applied < 3 {
				t.Fatalf("only %d edits applied: the property was not exercised", applied)
			}
		})
	}
}

// 8. A password change makes new keys: the old key file, opened with the
// old password, unwraps no current key and signs nothing that counts,
// while the user still reads what was written before.
func TestInsiderOldPasswordAfterChange(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	c1 := newClient(t, a, "before the change")
	b := o.join("b")
	sync(t, a, b)
	login(t, b, "tanaka")
	const newPass = "Zq7!hV2m-Lp4s"
	must(t, b.ChangePassword([]byte("tanaka-pw-X7c9k2"), []byte(newPass)))
	sync(t, b, a)
	r, err := a.Put("client/"+c1, headsOf(t, a, "client/"+c1), []byte("after the change"))
	must(t, err)
	sync(t, a, b)

	old := newInsiderAt(t, o, "tanaka", "tanaka-pw-X7c9k2", 0)
	if old.canRead(r) {
		t.Error("the old key file opens a version written after the password change")
	}
	change := old.last(vault.KindUserPasswd, map[string]any{"id": old.id})
	head, err := a.Get("client/" + c1)
	must(t, err)
	signedOld := old.record("client/"+c1, access.ClientScope(c1), 1, head.Heads(), change, "signed with the old key")
	late := old.record("client/"+c1, access.ClientScope(c1), 1, head.Heads(), nil, "old key, dated later")
	late.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6}
	old.write(signedOld, late)
	all := judged(t, o, "c", map[string]string{signedOld.ID(): vault.ReasonConcurrent, late.ID(): vault.ReasonBadSignature}, a, b)

	for _, v := range all {
		v.Lock()
		if err := v.Login("tanaka", []byte("tanaka-pw-X7c9k2")); err == nil {
			t.Errorf("replica %s: the old password still logs in", v.Device())
		}
		if err := v.Login("tanaka", []byte(newPass)); err != nil {
			t.Fatalf("replica %s: new password: %v", v.Device(), err)
		}
		if got := get(t, v, "client/"+c1); got != "after the change" {
			t.Errorf("replica %s: %q", v.Device(), got)
		}
	}
	// Records from before the change stay readable with the new password
	// (the old identity travels in the new key file).
	ver, err := all[2].Get("client/" + c1)
	must(t, err)
	if len(ver.Versions) != 1 {
		t.Fatal("conflict")
	}
	for _, op := range old.ops() {
		if op.Kind == vault.KindRecordPut && op.Target == "client/"+c1 && op.Epoch == 1 && !old.canRead(op.ID()) {
			t.Errorf("the user's old key does not open the version of its own time (test broken)")
		}
	}
}

// 10. A PC that has not seen a revocation writes under the old key; the
// first PC to import it with a key holder logged in seals it again under
// the current key, and says so, so the removed user cannot read the
// record's current version.
func TestStaleEpochWriteResealed(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	sato := addUser(t, a, "sato", access.Staff, access.Edit)
	c1 := newClient(t, a, "v1")
	b := o.join("b")
	sync(t, a, b)
	login(t, b, "tanaka")
	must(t, a.SetLevel(sato, c1, access.Hidden)) // epoch 2, which b has not seen
	sync(t, a)
	_, err := b.Put("client/"+c1, headsOf(t, b, "client/"+c1), []byte("written under the old key"))
	must(t, err)
	// b writes its edit, then imports the rotation: tanaka holds the new
	// key, so b itself seals the edit again (a would, had b not).
	res, err := b.Sync(nil)
	must(t, err)
	if res.Resealed != 1 || b.Status().Resealed != 1 {
		t.Fatalf("resealed %d (status %d), want 1", res.Resealed, b.Status().Resealed)
	}
	all := judged(t, o, "c", nil, a, b)
	satoIn := newInsider(t, o, "sato", "sato-pw-X7c9k2")
	for _, v := range all {
		login(t, v, "shocho")
		r, err := v.Get("client/" + c1)
		must(t, err)
		if len(r.Versions) != 1 || string(r.Versions[0].Data) != "written under the old key" {
			t.Fatalf("replica %s: %+v", v.Device(), r.Versions)
		}
		if satoIn.canRead(r.Versions[0].Op) {
			t.Errorf("replica %s: the hidden user can read the record's current version", v.Device())
		}
	}
}

// The 共有 area's records (share/<client>/…: register entries and return
// envelope keys) are client-scope records: a read-only member of staff,
// who holds the client's key, still cannot write one with a program of
// their own (a forged envelope would have returns filed under the client),
// and a member hidden from the client holds no key to seal one with.
func TestInsiderShareRecords(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "sato", access.Staff, access.Read)
	addUser(t, a, "kato", access.Staff, access.Hidden)
	c1 := newClient(t, a, "client with envelopes")
	b := o.join("b")
	sync(t, a, b)

	sato := newInsider(t, o, "sato", "sato-pw-X7c9k2")
	scope := access.ClientScope(c1)
	env := sato.record("share/"+c1+"/env-forged", scope, 1, nil, nil, `{"id":"forged","identity":"AGE-SECRET-KEY-1…"}`)
	env.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6}
	out := sato.record("share/"+c1+"/out-forged", scope, 1, nil, nil, `{"id":"forged","direction":"out"}`)
	out.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6 + 1}
	sato.write(env, out)
	all := judged(t, o, "c", map[string]string{env.ID(): vault.ReasonDenied, out.ID(): vault.ReasonDenied}, a, b)
	for _, v := range all {
		if _, err := v.Get("share/" + c1 + "/env-forged"); err == nil {
			t.Errorf("replica %s holds the forged envelope", v.Device())
		}
	}

	kato := newInsider(t, o, "kato", "kato-pw-X7c9k2")
	if _, ok := kato.scopeKey(scope, 1); ok {
		t.Fatal("a member hidden from the client holds its key: they could seal share records")
	}
}

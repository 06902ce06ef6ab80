package keys_test

import (
	"bytes"
	"errors"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
)

func newScopeKey(t testing.TB) seal.Key {
	t.Helper()
	k, err := seal.NewKey()
	if err != nil {
		t.Fatalf("NewKey: %v", err)
	}
	return k
}

func wrap(t testing.TB, k seal.Key, rs ...age.Recipient) []byte {
	t.Helper()
	w, err := keys.WrapScopeKey(k, rs...)
	if err != nil {
		t.Fatalf("WrapScopeKey: %v", err)
	}
	return w
}

// TestScopeSeparation builds the scopes of DESIGN.md §3 and checks that
// exactly their members (and the recovery key) can unwrap them.
func TestScopeSeparation(t *testing.T) {
	admin, clerk, handler := newUser(t), newUser(t), newUser(t)
	rec := newRecovery(t)
	type scope struct {
		name    string
		members []*keys.User
	}
	scopes := []scope{
		{"office", []*keys.User{admin, clerk, handler}},
		{"client:42", []*keys.User{admin, clerk}},
		{"mynumber:42", []*keys.User{handler}},
		{"audit", []*keys.User{admin}},
	}
	everyone := []*keys.User{admin, clerk, handler}
	for _, sc := range scopes {
		t.Run(sc.name, func(t *testing.T) {
			k := newScopeKey(t)
			rs := []age.Recipient{rec.Recipient()}
			for _, u := range sc.members {
				rs = append(rs, u.Enc.Recipient())
			}
			w := wrap(t, k, rs...)
			if bytes.Contains(w, k[:]) {
				t.Fatal("wrapped file contains the key in clear")
			}
			for i, u := range everyone {
				member := false
				for _, m := range sc.members {
					member = member || m == u
				}
				got, err := keys.UnwrapScopeKey(w, u.Enc)
				switch {
				case member && (err != nil || got != k):
					t.Fatalf("member %d: UnwrapScopeKey failed: %v", i, err)
				case !member && !errors.Is(err, keys.ErrNotRecipient):
					t.Fatalf("non-member %d: error = %v, want ErrNotRecipient", i, err)
				case !member:
					var nm *age.NoIdentityMatchError
					if !errors.Is(err, age.ErrIncorrectIdentity) || !errors.As(err, &nm) || got != (seal.Key{}) {
						t.Fatalf("non-member %d: error %v does not wrap age's no-match error", i, err)
					}
				}
			}
		})
	}
}

func TestRecoveryUnwrapsEveryScope(t *testing.T) {
	rec := newRecovery(t)
	users := []*keys.User{newUser(t), newUser(t), newUser(t)}
	for i := range 8 {
		k := newScopeKey(t)
		rs := []age.Recipient{rec.Recipient()}
		for j, u := range users {
			if i&(1<<j) != 0 {
				rs = append(rs, u.Enc.Recipient())
			}
		}
		// The recovery key is put last as well as first, in different scopes.
		if i%2 == 1 {
			rs = append(rs[1:], rs[0])
		}
		got, err := keys.UnwrapScopeKey(wrap(t, k, rs...), rec.Identity())
		if err != nil || got != k {
			t.Fatalf("scope %d: recovery could not unwrap: %v", i, err)
		}
	}
}

func TestUnwrapScopeKeyWithSeveralIdentities(t *testing.T) {
	a, b := newUser(t), newUser(t)
	k := newScopeKey(t)
	w := wrap(t, k, b.Enc.Recipient())
	got, err := keys.UnwrapScopeKey(w, a.Enc, nil, b.Enc)
	if err != nil || got != k {
		t.Fatalf("UnwrapScopeKey: %v", err)
	}
}

// wrapRaw makes an age file with an arbitrary plaintext.
func wrapRaw(t *testing.T, pt []byte, r age.Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(pt)
	w.Close()
	return buf.Bytes()
}

func TestUnwrapScopeKeyErrors(t *testing.T) {
	u := newUser(t)
	k := newScopeKey(t)
	w := wrap(t, k, u.Enc.Recipient())
	tests := []struct {
		name    string
		wrapped []byte
		ids     []age.Identity
		want    error
	}{
		{"no identities", w, nil, keys.ErrNotRecipient},
		{"only nil identity", w, []age.Identity{nil}, keys.ErrNotRecipient},
		{"garbage", []byte("garbage"), []age.Identity{u.Enc}, keys.ErrCorrupt},
		{"empty", nil, []age.Identity{u.Enc}, keys.ErrCorrupt},
		{"31 bytes", wrapRaw(t, make([]byte, 31), u.Enc.Recipient()), []age.Identity{u.Enc}, keys.ErrCorrupt},
		{"33 bytes", wrapRaw(t, make([]byte, 33), u.Enc.Recipient()), []age.Identity{u.Enc}, keys.ErrCorrupt},
		{"empty plaintext", wrapRaw(t, nil, u.Enc.Recipient()), []age.Identity{u.Enc}, keys.ErrCorrupt},
		{"user key file", sealTestUser(t, u), []age.Identity{u.Enc}, keys.ErrNotRecipient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := keys.UnwrapScopeKey(tt.wrapped, tt.ids...)
			if !errors.Is(err, tt.want) || got != (seal.Key{}) {
				t.Fatalf("UnwrapScopeKey error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestUnwrapScopeKeyDamaged(t *testing.T) {
	u := newUser(t)
	w := wrap(t, newScopeKey(t), u.Enc.Recipient())
	check := func(what string, b []byte) {
		t.Helper()
		got, err := keys.UnwrapScopeKey(b, u.Enc)
		if err == nil || got != (seal.Key{}) {
			t.Fatalf("%s: UnwrapScopeKey succeeded", what)
		}
		// A damaged stanza looks exactly like a stanza for someone else.
		if !errors.Is(err, keys.ErrCorrupt) && !errors.Is(err, keys.ErrNotRecipient) {
			t.Fatalf("%s: error = %v, want ErrCorrupt or ErrNotRecipient", what, err)
		}
	}
	for n := range len(w) {
		check("truncated", w[:n])
	}
	for i := range w {
		for _, mask := range []byte{0x01, 0x80} {
			bad := bytes.Clone(w)
			bad[i] ^= mask
			check("flipped", bad)
		}
	}
}

func TestWrapScopeKeyRejects(t *testing.T) {
	u := newUser(t)
	scrypt, _ := age.NewScryptRecipient("pw")
	tests := []struct {
		name string
		key  seal.Key
		rs   []age.Recipient
	}{
		{"no recipients", newScopeKey(t), nil},
		{"nil recipient", newScopeKey(t), []age.Recipient{u.Enc.Recipient(), nil}},
		{"zero key", seal.Key{}, []age.Recipient{u.Enc.Recipient()}},
		{"scrypt mixed with x25519", newScopeKey(t), []age.Recipient{u.Enc.Recipient(), scrypt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := keys.WrapScopeKey(tt.key, tt.rs...); err == nil {
				t.Fatal("WrapScopeKey succeeded")
			}
		})
	}
}

// counting counts the stanzas an identity is asked to open.
type counting struct {
	id    age.Identity
	tried *int
}

func (c counting) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	*c.tried += len(stanzas)
	return c.id.Unwrap(stanzas)
}

// The Unwrapper opens what UnwrapScopeKey opens, refuses what it refuses,
// and after the first file tries the member's own stanza first: one
// exchange per file wrapped to the same recipients, where age tries every
// stanza before it (here 5 of 6).
func TestUnwrapperTriesTheLastStanzaFirst(t *testing.T) {
	rec := newRecovery(t)
	users := []*keys.User{newUser(t), newUser(t), newUser(t), newUser(t), newUser(t)}
	rs := []age.Recipient{rec.Recipient()}
	for _, u := range users {
		rs = append(rs, u.Enc.Recipient())
	}
	last := users[len(users)-1]
	tried := 0
	u := keys.NewUnwrapper(counting{id: last.Enc, tried: &tried}, nil)
	for i := range 10 {
		k := newScopeKey(t)
		got, err := u.Unwrap(wrap(t, k, rs...))
		if err != nil || got != k {
			t.Fatalf("file %d: %v", i, err)
		}
		if want, err := keys.UnwrapScopeKey(wrap(t, k, rs...), last.Identities()...); err != nil || want != got {
			t.Fatalf("UnwrapScopeKey disagrees: %v", err)
		}
	}
	if tried != 6+9 {
		t.Fatalf("%d stanzas tried for 10 files, want 15", tried)
	}
	// Another order: found at once (position 5 is beyond the file), then
	// that position first.
	tried = 0
	k := newScopeKey(t)
	if got, err := u.Unwrap(wrap(t, k, rs[5], rs[0], rs[1])); err != nil || got != k {
		t.Fatalf("other order: %v", err)
	}
	if got, err := u.Unwrap(wrap(t, k, rs[5], rs[2])); err != nil || got != k || tried != 2 {
		t.Fatalf("hint moved: %v, %d tried", err, tried)
	}
	// Not a recipient: every stanza is tried and the error is age's.
	if _, err := u.Unwrap(wrap(t, k, rs[:5]...)); !errors.Is(err, keys.ErrNotRecipient) {
		t.Fatalf("not a recipient: %v", err)
	}
}

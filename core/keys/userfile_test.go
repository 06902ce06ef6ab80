package keys_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/keys"
)

var testPassword = []byte("correct horse 正しい馬")

func sealTestUser(t testing.TB, u *keys.User) []byte {
	t.Helper()
	sealed, err := keys.SealUser(u, testPassword, testOptions)
	if err != nil {
		t.Fatalf("SealUser: %v", err)
	}
	return sealed
}

// scryptWorkFactor returns the work factor written in the scrypt stanza of a
// binary age file ("-> scrypt <salt> <logN>").
func scryptWorkFactor(t *testing.T, sealed []byte) string {
	t.Helper()
	lines := strings.Split(string(sealed), "\n")
	if lines[0] != "age-encryption.org/v1" {
		t.Fatalf("not a binary age v1 file: first line %q", lines[0])
	}
	for _, l := range lines[1:] {
		if f := strings.Fields(l); len(f) == 4 && f[0] == "->" && f[1] == "scrypt" {
			return f[3]
		}
		if strings.HasPrefix(l, "---") {
			break
		}
	}
	t.Fatal("no scrypt stanza in header")
	return ""
}

// checkNoSecret fails if err's message contains the test password.
func checkNoSecret(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), string(testPassword)) {
		t.Fatal("error message contains the password")
	}
}

func TestSealOpenUser(t *testing.T) {
	tests := []struct {
		name string
		user *keys.User
	}{
		{"fixture", fixtureUser(t)},
		{"random", newUser(t)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed := sealTestUser(t, tt.user)
			if got := scryptWorkFactor(t, sealed); got != "10" {
				t.Fatalf("work factor = %s, want 10", got)
			}
			if bytes.Contains(sealed, []byte(tt.user.Enc.String())) || bytes.Contains(sealed, tt.user.Sign.Seed()) {
				t.Fatal("sealed file contains a secret in clear")
			}
			got, err := keys.OpenUser(sealed, testPassword)
			if err != nil {
				t.Fatalf("OpenUser: %v", err)
			}
			if !sameUser(got, tt.user) {
				t.Fatal("OpenUser returned different keys")
			}
		})
	}
}

func TestSealUserDefaultWorkFactor(t *testing.T) {
	if testing.Short() {
		t.Skip("scrypt at work factor 18 takes about a second")
	}
	for _, opt := range []*keys.Options{nil, {}} {
		sealed, err := keys.SealUser(fixtureUser(t), testPassword, opt)
		if err != nil {
			t.Fatalf("SealUser: %v", err)
		}
		if got := scryptWorkFactor(t, sealed); got != "18" {
			t.Fatalf("SealUser(%v) work factor = %s, want 18", opt, got)
		}
	}
}

func TestSealUserRejects(t *testing.T) {
	tests := []struct {
		name     string
		user     *keys.User
		password []byte
		opt      *keys.Options
	}{
		{"nil user", nil, testPassword, testOptions},
		{"empty user", &keys.User{}, testPassword, testOptions},
		{"short sign key", &keys.User{Enc: fixtureUser(t).Enc, Sign: fixtureUser(t).Sign[:32]}, testPassword, testOptions},
		{"inconsistent sign key", &keys.User{Enc: fixtureUser(t).Enc, Sign: append(bytes.Clone(fixtureUser(t).Sign[:32]), newUser(t).Sign[32:]...)}, testPassword, testOptions},
		{"empty password", fixtureUser(t), nil, testOptions},
		{"negative work factor", fixtureUser(t), testPassword, &keys.Options{WorkFactor: -1}},
		{"work factor too high", fixtureUser(t), testPassword, &keys.Options{WorkFactor: 23}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := keys.SealUser(tt.user, tt.password, tt.opt)
			if err == nil {
				t.Fatal("SealUser succeeded")
			}
			checkNoSecret(t, err)
		})
	}
}

func TestOpenUserWrongPassword(t *testing.T) {
	sealed := sealTestUser(t, fixtureUser(t))
	tests := []struct {
		name     string
		password []byte
	}{
		{"other", []byte("wrong horse")},
		{"one char off", append(bytes.Clone(testPassword[:len(testPassword)-1]), 'x')},
		{"prefix", testPassword[:5]},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := keys.OpenUser(sealed, tt.password)
			if u != nil || !errors.Is(err, keys.ErrWrongPassword) {
				t.Fatalf("OpenUser error = %v, want ErrWrongPassword", err)
			}
			if strings.Contains(err.Error(), string(tt.password)) && len(tt.password) > 0 {
				t.Fatal("error message contains the password")
			}
		})
	}
}

// checkOpenFails asserts the documented failure contract of OpenUser for
// damaged input: an error, ErrCorrupt or ErrWrongPassword, no secret.
func checkOpenFails(t *testing.T, what string, sealed []byte) {
	t.Helper()
	u, err := keys.OpenUser(sealed, testPassword)
	if err == nil || u != nil {
		t.Fatalf("%s: OpenUser succeeded", what)
	}
	if !errors.Is(err, keys.ErrCorrupt) && !errors.Is(err, keys.ErrWrongPassword) {
		t.Fatalf("%s: OpenUser error = %v, want ErrCorrupt or ErrWrongPassword", what, err)
	}
	checkNoSecret(t, err)
}

func TestOpenUserDamaged(t *testing.T) {
	sealed := sealTestUser(t, fixtureUser(t))
	t.Run("truncated", func(t *testing.T) {
		for n := range len(sealed) {
			checkOpenFails(t, "truncated", sealed[:n])
		}
	})
	t.Run("flipped", func(t *testing.T) {
		for i := range sealed {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x01
			checkOpenFails(t, "flipped", bad)
		}
	})
	t.Run("extended", func(t *testing.T) {
		checkOpenFails(t, "extended", append(bytes.Clone(sealed), 0))
	})
}

// sealDoc encrypts an arbitrary plaintext the way SealUser would.
func sealDoc(t *testing.T, doc string) []byte {
	t.Helper()
	r, err := age.NewScryptRecipient(string(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(10)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(doc))
	w.Close()
	return buf.Bytes()
}

func TestOpenUserCorrupt(t *testing.T) {
	const seed = `"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="` // 0x00..0x1f
	rec := newRecovery(t)
	x25519Only, err := keys.SealUserTo(fixtureUser(t), rec.Recipient())
	if err != nil {
		t.Fatalf("SealUserTo: %v", err)
	}
	tooHigh := sealTestUser(t, fixtureUser(t))
	tooHigh = bytes.Replace(tooHigh, []byte(" 10\n"), []byte(" 23\n"), 1)
	tests := []struct {
		name   string
		sealed []byte
	}{
		{"control: valid", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`}`)},
		{"nil", nil},
		{"garbage", []byte("not an age file at all")},
		{"armored", []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")},
		{"x25519 file", x25519Only},
		{"work factor above 22", tooHigh},
		{"not json", sealDoc(t, `v=1`)},
		{"empty doc", sealDoc(t, ``)},
		{"version 1", sealDoc(t, `{"v":1,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`}`)},
		{"version 3", sealDoc(t, `{"v":3,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`}`)},
		{"bad previous", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`,"previous":["`+fixtureRecipient+`"]}`)},
		{"no version", sealDoc(t, `{"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`}`)},
		{"unknown field", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`,"extra":1}`)},
		{"trailing data", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":`+seed+`}{}`)},
		{"bad x25519", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519[:len(fixtureX25519)-1]+`Q","ed25519Seed":`+seed+`}`)},
		{"recipient as x25519", sealDoc(t, `{"v":2,"x25519":"`+fixtureRecipient+`","ed25519Seed":`+seed+`}`)},
		{"short seed", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg=="}`)},
		{"seed not base64", sealDoc(t, `{"v":2,"x25519":"`+fixtureX25519+`","ed25519Seed":"!!"}`)},
		{"huge doc", sealDoc(t, `{"v":2,"pad":"`+strings.Repeat("x", 8<<10)+`"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := keys.OpenUser(tt.sealed, testPassword)
			if tt.name == "control: valid" {
				if err != nil || !sameUser(u, fixtureUser(t)) {
					t.Fatalf("OpenUser of a hand-made v1 document: %v", err)
				}
				return
			}
			if u != nil || !errors.Is(err, keys.ErrCorrupt) {
				t.Fatalf("OpenUser error = %v, want ErrCorrupt", err)
			}
			if strings.Contains(err.Error(), fixtureX25519[16:30]) {
				t.Fatal("error message contains key material")
			}
			checkNoSecret(t, err)
		})
	}
}

func TestSealUserToRecovery(t *testing.T) {
	u := newUser(t)
	rec := newRecovery(t)
	sealed, err := keys.SealUserTo(u, rec.Recipient())
	if err != nil {
		t.Fatalf("SealUserTo: %v", err)
	}
	got, err := keys.OpenUserWith(sealed, rec.Identity())
	if err != nil || !sameUser(got, u) {
		t.Fatalf("OpenUserWith(recovery): %v", err)
	}

	pwFile := sealTestUser(t, u)
	scryptID, _ := age.NewScryptIdentity(string(testPassword))
	tests := []struct {
		name   string
		sealed []byte
		id     age.Identity
		want   error
	}{
		{"other identity", sealed, newUser(t).Enc, keys.ErrNotRecipient},
		{"user's own identity", sealed, u.Enc, keys.ErrNotRecipient},
		{"nil identity", sealed, nil, keys.ErrNotRecipient},
		{"password file", pwFile, rec.Identity(), keys.ErrNotRecipient},
		{"garbage", []byte("age-encryption.org/v1\n"), rec.Identity(), keys.ErrCorrupt},
		{"truncated", sealed[:len(sealed)-1], rec.Identity(), keys.ErrCorrupt},
		{"scrypt identity on x25519 file", sealed, scryptID, keys.ErrNotRecipient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := keys.OpenUserWith(tt.sealed, tt.id)
			if u != nil || !errors.Is(err, tt.want) {
				t.Fatalf("OpenUserWith error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := keys.SealUserTo(u, nil); err == nil {
		t.Fatal("SealUserTo(nil recipient) succeeded")
	}
}

// A password change keeps the earlier identities in the new file only.
func TestUserPreviousRoundTrip(t *testing.T) {
	old, err := keys.NewUser()
	if err != nil {
		t.Fatal(err)
	}
	u, err := keys.NewUser()
	if err != nil {
		t.Fatal(err)
	}
	u.Previous = []*age.X25519Identity{old.Enc}
	sealed, err := keys.SealUser(u, []byte("new password"), &keys.Options{WorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	got, err := keys.OpenUser(sealed, []byte("new password"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Previous) != 1 || got.Previous[0].String() != old.Enc.String() || got.Enc.String() != u.Enc.String() {
		t.Fatal("previous identities did not survive sealing")
	}
	if ids := got.Identities(); len(ids) != 2 {
		t.Fatalf("Identities() = %d, want 2", len(ids))
	}
}

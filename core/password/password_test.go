package password_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/kinko-jp/kinko/core/password"
)

type vector struct {
	Password string   `json:"password"`
	Personal []string `json:"personal"`
	Reason   string   `json:"reason"`
}

func vectors(t *testing.T) []vector {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Comment string   `json:"_comment"`
		Vectors []vector `json:"vectors"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 20 {
		t.Fatalf("only %d vectors: the file did not load", len(f.Vectors))
	}
	return f.Vectors
}

// TestVectors runs the vectors the frontend's checker runs too.
func TestVectors(t *testing.T) {
	known := map[string]bool{"": true}
	for _, r := range password.Reasons() {
		known[string(r)] = true
	}
	for _, v := range vectors(t) {
		t.Run(v.Password, func(t *testing.T) {
			if !known[v.Reason] {
				t.Fatalf("vector has unknown reason %q", v.Reason)
			}
			err := password.Check([]byte(v.Password), v.Personal...)
			got := ""
			var weak *password.WeakError
			if errors.As(err, &weak) {
				got = string(weak.Reason)
			} else if err != nil {
				t.Fatalf("got %T, want *password.WeakError", err)
			}
			if got != v.Reason {
				t.Fatalf("reason %q, want %q", got, v.Reason)
			}
			if err != nil && err.Error() != "password: too easy to guess: "+got {
				t.Fatalf("error %q is not the fixed text: it may carry the password", err)
			}
		})
	}
}

func TestWeakError(t *testing.T) {
	err := password.Check([]byte("password1234"))
	if !errors.Is(err, password.ErrWeak) {
		t.Fatalf("got %v, want ErrWeak", err)
	}
	var weak *password.WeakError
	if !errors.As(err, &weak) || weak.Reason != password.Common {
		t.Fatalf("got %v, want a WeakError for a common password", err)
	}
	if password.Check([]byte("correct horse battery")) != nil {
		t.Fatal("a strong password was refused")
	}
}

// TestTooShort: the length counts characters, not bytes, and comes first.
func TestTooShort(t *testing.T) {
	tests := []struct {
		pw   string
		want error
	}{
		{strings.Repeat("x", password.MinLength-1), &password.WeakError{Reason: password.TooShort}},
		{"金庫の合言葉は秘密", &password.WeakError{Reason: password.TooShort}}, // 27 bytes, 9 characters
		{"金庫の合言葉は秘密です", nil},
	}
	for _, tt := range tests {
		err := password.Check([]byte(tt.pw))
		if tt.want == nil && err != nil || tt.want != nil && (err == nil || err.Error() != tt.want.Error()) {
			t.Errorf("%d characters: got %v, want %v", len([]rune(tt.pw)), err, tt.want)
		}
	}
}

// TestLongPasswords: only the first MaxAnalysed characters are read, and
// the check stays fast (see BenchmarkCheck) whatever the length.
func TestLongPasswords(t *testing.T) {
	tests := []struct {
		pw   string
		want password.Reason
	}{
		{strings.Repeat("a", 10*password.MaxAnalysed), password.Sequence},
		{strings.Repeat("password", 100), password.Sequence},
		{strings.Repeat("mI7#kQ2$vX", 50), ""},
		{strings.Repeat("あ", password.MaxAnalysed) + "mI7#kQ2$vX-Wq9!zP4&hL0rT6", password.Sequence},
	}
	for _, tt := range tests {
		err := password.Check([]byte(tt.pw))
		var weak *password.WeakError
		got := password.Reason("")
		if errors.As(err, &weak) {
			got = weak.Reason
		}
		if got != tt.want {
			t.Errorf("%d characters starting %q: got %q, want %q", len([]rune(tt.pw)), tt.pw[:8], got, tt.want)
		}
	}
}

func TestCheckLeavesThePasswordAlone(t *testing.T) {
	pw := []byte("Ｐａｓｓｗｏｒｄ１２３４")
	keep := bytes.Clone(pw)
	password.Check(pw, "yamada")
	if !bytes.Equal(pw, keep) {
		t.Fatal("Check changed the caller's password")
	}
}

// TestLists checks the embedded lists: present, lower case, no duplicates,
// nothing too short to match, and the words DESIGN asks for.
func TestLists(t *testing.T) {
	all := map[string]bool{}
	for _, name := range password.ListNames {
		words := password.List(name)
		if len(words) < 100 {
			t.Fatalf("list %s has %d words", name, len(words))
		}
		seen := map[string]bool{}
		for _, w := range words {
			if seen[w] {
				t.Errorf("%s: %q twice", name, w)
			}
			seen[w], all[w] = true, true
			if len([]rune(w)) < 3 || strings.IndexFunc(w, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsSpace(r) }) >= 0 {
				t.Errorf("%s: %q is too short, has upper case or a space", name, w)
			}
		}
	}
	for _, w := range []string{"password1234", "qwertyuiop", "1qaz2wsx3edc", "asdfghjkl;", "iloveyou", "sakura", "doraemon",
		"pokemon", "nihon", "tokyo", "yamada", "suzuki", "satou", "tanaka", "arigatou", "konnichiwa", "ohayou"} {
		if !all[w] {
			t.Errorf("%q is in no list", w)
		}
	}
	if password.List("nope") != nil {
		t.Error("an unknown list has words")
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "password1234", "ｐａｓｓ", "qwerty", "aaaa", "19850412", "\xff\xfe", "山田太郎"} {
		f.Add(s, "yamada")
	}
	f.Fuzz(func(t *testing.T, pw, login string) {
		err := password.Check([]byte(pw), login)
		if err != nil && !errors.Is(err, password.ErrWeak) {
			t.Fatalf("got %v", err)
		}
		var weak *password.WeakError
		if err != nil && (!errors.As(err, &weak) || err.Error() != "password: too easy to guess: "+string(weak.Reason)) {
			t.Fatalf("error %q is not the fixed text: it may carry the password", err)
		}
		if again := password.Check([]byte(pw), login); (again == nil) != (err == nil) || err != nil && again.Error() != err.Error() {
			t.Fatalf("two verdicts: %v, %v", err, again)
		}
	})
}

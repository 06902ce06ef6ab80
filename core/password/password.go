// Package password judges whether a new password is too easy to guess.
//
// Every user's key file sits in the shared vault folder, so anyone with
// folder access can guess its password offline, as fast as their hardware
// runs scrypt. A long password is not enough: "password1234", "qwertyuiop",
// "sakura2025" and the user's own login with a year are the first guesses
// of any attacker. Check estimates how many guesses a password needs — the
// model of zxcvbn (Wheeler, USENIX Security 2016), cut down to the patterns
// that matter in a Japanese office — and refuses one that needs fewer than
// about 10^8, roughly eight random characters, with a Reason the user can
// act on.
//
// # How a password is read
//
// Full-width ASCII (ｐａｓｓ) is read as half-width and letters as lower
// case. Check then finds every pattern in the password: words from the
// embedded lists (the most common passwords, romaji words, Japanese names;
// also with 4→a, @→a, 3→e, 1→i, 0→o, $→s, 5→s, 7→t), the user's own login,
// name and office name, keyboard walks on a US and a Japanese (JIS)
// keyboard, repeats (aaaa, abcabc), runs (abcdef, 13579, 9876) and dates and
// years. Each pattern has a guess count (a word's rank in its list, a walk's
// length and turns, …); every other character costs ten guesses. The
// estimate is the cheapest way to cover the password with patterns and
// characters. Only the first MaxAnalysed characters are read.
//
// The frontend has the same checker (frontend/src/format/password.ts) to
// explain a weak password before it is sent; the two share the word lists
// and the test vectors in testdata/vectors.json. This package is the rule:
// the vault calls it wherever a password is set.
//
// Nothing here does I/O or keeps the password; errors never contain it.
package password

import (
	"errors"
	"unicode/utf8"
)

// MinLength is the shortest password Check accepts, in characters.
const MinLength = 10

// MaxAnalysed is how many characters of a password Check reads; the rest
// counts as nothing (a password that long is weak only if its start is).
const MaxAnalysed = 128

// minGuesses is the fewest guesses a password must need: about eight
// random characters' worth. With scrypt at work factor 18 that is years of
// offline guessing on one PC.
const minGuesses = 1e8

// Reason says why Check refused a password. The strings are stable: the app
// maps each to an error code (password.<reason>) with Japanese and English
// words, and the frontend uses the same strings.
type Reason string

// The reasons, in the order Check prefers them when several apply to the
// same part of a password.
const (
	TooShort Reason = "too_short" // fewer than MinLength characters
	Personal Reason = "personal"  // mostly the user's own login, name or office name
	Common   Reason = "common"    // mostly a common password, word or name
	Keyboard Reason = "keyboard"  // mostly a run of neighbouring keys (qwerty, 1qaz, asdf)
	Sequence Reason = "sequence"  // mostly a repeat or a run (aaaa, abcabc, 123456)
	Date     Reason = "date"      // mostly a date or a year (19850412, 2025)
)

// Reasons lists every Reason, for the app's table of error codes.
func Reasons() []Reason {
	return []Reason{TooShort, Personal, Common, Keyboard, Sequence, Date}
}

// ErrWeak is matched (errors.Is) by every *WeakError.
var ErrWeak = errors.New("password: too easy to guess")

// WeakError is the refusal Check returns. It carries the reason only, never
// the password or a part of it.
type WeakError struct {
	Reason Reason
}

func (e *WeakError) Error() string { return "password: too easy to guess: " + string(e.Reason) }

// Is makes errors.Is(err, ErrWeak) true.
func (e *WeakError) Is(target error) bool { return target == ErrWeak }

// Check returns nil when pw is long enough and hard enough to guess, and a
// *WeakError otherwise. personal are words an attacker would try first for
// this user — their login, their name, the office's name; each is split at
// spaces and punctuation, and its parts count as guessable too. The vault
// calls Check before it seals a user's keys under a new password (vault
// creation, user addition, password change, recovery reset). It reads pw
// and does not keep it.
func Check(pw []byte, personal ...string) error {
	runes := make([]rune, 0, utf8.RuneCount(pw))
	for b := pw; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		runes = append(runes, r)
		b = b[n:]
	}
	defer clear(runes)
	if len(runes) < MinLength {
		return &WeakError{Reason: TooShort}
	}
	if len(runes) > MaxAnalysed {
		runes = runes[:MaxAnalysed]
	}
	if r, weak := estimate(runes, newDictionaries(personal)); weak {
		return &WeakError{Reason: r}
	}
	return nil
}

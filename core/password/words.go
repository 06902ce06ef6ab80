package password

import (
	"embed"
	"strings"
	"unicode"
)

// The word lists: one lowercase word a line, most common first, # starts a
// comment line. frontend/src/format/passwordWords.json holds the same words.
//
//go:embed lists/*.txt
var lists embed.FS

// ListNames are the embedded lists in the order Check searches them.
var ListNames = []string{"common", "words", "names"}

// List returns the words of an embedded list (common, words or names) in
// rank order. The frontend test compares its copy with it.
func List(name string) []string {
	b, err := lists.ReadFile("lists/" + name + ".txt")
	if err != nil {
		return nil
	}
	var words []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words = append(words, line)
	}
	return words
}

// dictionary is one list: word → rank (1 = most common), and the kind of
// pattern a match in it is.
type dictionary struct {
	kind    Reason
	rank    map[string]int
	longest int // in runes
}

func newDictionary(kind Reason, words []string) dictionary {
	d := dictionary{kind: kind, rank: make(map[string]int, len(words))}
	for _, w := range words {
		if _, dup := d.rank[w]; dup {
			continue
		}
		d.rank[w] = len(d.rank) + 1
		d.longest = max(d.longest, len([]rune(w)))
	}
	return d
}

// shared are the embedded lists, read once.
var shared = func() []dictionary {
	var ds []dictionary
	for _, name := range ListNames {
		ds = append(ds, newDictionary(Common, List(name)))
	}
	return ds
}()

// newDictionaries returns the user's own words (first, so that a word that
// is also common is reported as theirs) and the shared lists.
func newDictionaries(personal []string) []dictionary {
	return append([]dictionary{newDictionary(Personal, personalWords(personal))}, shared...)
}

// personalWords splits each of personal into its letter-and-digit parts and
// returns the parts and each whole without separators, normalised as
// passwords are: "T.Yamada" gives "t", "yamada", "tyamada". Parts too short
// to mean anything (under 3 characters, or 2 when they hold a letter such as
// a kanji) are left out.
func personalWords(personal []string) []string {
	var words []string
	add := func(w []rune) {
		ascii := true
		for _, r := range w {
			ascii = ascii && r < 0x80
		}
		if len(w) >= 3 || !ascii && len(w) >= 2 {
			words = append(words, string(w))
		}
	}
	for _, p := range personal {
		var part, whole []rune
		for _, r := range normalise([]rune(p)) {
			r = lower(r)
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				part = append(part, r)
				whole = append(whole, r)
				continue
			}
			add(part)
			part = nil
		}
		add(part)
		add(whole)
	}
	return words
}

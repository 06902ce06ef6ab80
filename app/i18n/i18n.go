// Package i18n gives the Go faces (CLI and error mapping) the same words the
// GUI shows. The single source of every user-visible word is
// frontend/src/locales/{ja,en}.json; main.go embeds those files and hands them
// to Load, so the CLI and the GUI can never drift apart.
//
// Japanese is the first language: a key missing in English falls back to
// Japanese, and a key missing everywhere is shown as the key itself (a test
// makes sure that never happens for error codes).
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Lang is a UI language tag.
type Lang string

// The supported languages, Japanese first.
const (
	Ja Lang = "ja"
	En Lang = "en"
)

// Langs lists the supported languages in order of preference.
var Langs = []Lang{Ja, En}

// ParseLang maps a locale string such as "en_US.UTF-8", "ja-JP" or "en" to a
// supported language. Anything that is not English is Japanese.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return En
	}
	return Ja
}

// Catalog holds the flattened messages of every language ("errors.vault.locked").
type Catalog struct {
	msgs map[Lang]map[string]string
}

// Load reads <dir>/<lang>.json for every supported language from fsys. The
// files are nested objects of strings; nesting becomes dotted keys.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		b, err := fs.ReadFile(fsys, path.Join(dir, string(l)+".json"))
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s catalog: %w", l, err)
		}
		var tree map[string]any
		if err := json.Unmarshal(b, &tree); err != nil {
			return nil, fmt.Errorf("i18n: parse %s catalog: %w", l, err)
		}
		flat := map[string]string{}
		if err := flatten("", tree, flat); err != nil {
			return nil, fmt.Errorf("i18n: %s catalog: %w", l, err)
		}
		c.msgs[l] = flat
	}
	return c, nil
}

func flatten(prefix string, tree map[string]any, out map[string]string) error {
	for k, v := range tree {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[key] = v
		case map[string]any:
			if err := flatten(key, v, out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("key %q is neither text nor a group", key)
		}
	}
	return nil
}

// Has reports whether lang has its own message for key (no fallback).
func (c *Catalog) Has(lang Lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys returns the sorted keys of lang.
func (c *Catalog) Keys(lang Lang) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the message for key in lang, with {{name}} placeholders replaced
// from params (the i18next syntax the frontend uses). It falls back to
// Japanese, then to the key itself.
func (c *Catalog) T(lang Lang, key string, params map[string]any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		if msg, ok = c.msgs[Ja][key]; !ok {
			return key
		}
	}
	for name, v := range params {
		msg = strings.ReplaceAll(msg, "{{"+name+"}}", fmt.Sprint(v))
	}
	return msg
}

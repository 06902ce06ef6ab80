package i18n_test

import (
	"testing"
	"testing/fstest"

	"github.com/kinko-jp/kinko/app/i18n"
)

func TestCatalog(t *testing.T) {
	fsys := fstest.MapFS{
		"l/ja.json": {Data: []byte(`{"a":{"b":"こんにちは {{name}}"},"only":"日本語だけ"}`)},
		"l/en.json": {Data: []byte(`{"a":{"b":"Hello {{name}}"}}`)},
	}
	c, err := i18n.Load(fsys, "l")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		lang i18n.Lang
		key  string
		want string
	}{
		{"japanese", i18n.Ja, "a.b", "こんにちは 山田"},
		{"english", i18n.En, "a.b", "Hello 山田"},
		{"english falls back to japanese", i18n.En, "only", "日本語だけ"},
		{"missing key shows the key", i18n.Ja, "no.such", "no.such"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.T(tc.lang, tc.key, map[string]any{"name": "山田"}); got != tc.want {
				t.Errorf("T(%s, %q) = %q, want %q", tc.lang, tc.key, got, tc.want)
			}
		})
	}
	if c.Has(i18n.En, "only") || !c.Has(i18n.Ja, "only") {
		t.Error("Has must not fall back")
	}
}

func TestLoadRejectsBadCatalogs(t *testing.T) {
	for name, data := range map[string]string{
		"not json":   `{`,
		"bad value":  `{"a": 1}`,
		"bad nested": `{"a": {"b": ["x"]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"l/ja.json": {Data: []byte(data)}, "l/en.json": {Data: []byte(`{}`)}}
			if _, err := i18n.Load(fsys, "l"); err == nil {
				t.Fatal("Load accepted a bad catalog")
			}
		})
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]i18n.Lang{
		"": i18n.Ja, "ja_JP.UTF-8": i18n.Ja, "C.UTF-8": i18n.Ja, "en_US.UTF-8": i18n.En, "EN": i18n.En,
	} {
		if got := i18n.ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %s, want %s", in, got, want)
		}
	}
}

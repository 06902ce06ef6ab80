package records_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/records"
)

// FuzzDateText checks the stored date layout: whatever UnmarshalText
// accepts marshals back to the same bytes, and errors match ErrDate.
func FuzzDateText(f *testing.F) {
	for _, s := range []string{"2025-05-03", "", "2024-02-29", "2025-02-29", "0000-01-01", "2025-5-3", "９９９９-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d records.Date
		if err := d.UnmarshalText([]byte(s)); err != nil {
			if !errors.Is(err, records.ErrDate) {
				t.Fatalf("UnmarshalText(%q): %v does not match ErrDate", s, err)
			}
			assertSafeMessage(t, err.Error())
			return
		}
		b, err := d.MarshalText()
		if err != nil || string(b) != s {
			t.Fatalf("UnmarshalText(%q) = %v, marshals to %q, %v", s, d, b, err)
		}
	})
}

// FuzzParseDate checks that every date records.ParseDate accepts is valid,
// can be stored and reads back the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"令和元年5月1日", "R07/05/03", "２０２５年２月２９日", " ", "H31.5.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := records.ParseDate(s)
		if err != nil {
			if !errors.Is(err, records.ErrDate) {
				t.Fatalf("ParseDate(%q): %v does not match ErrDate", s, err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = invalid %v", s, d)
		}
		var back records.Date
		if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, stored form reads back as %v, %v", s, d, back, err)
		}
		if again, err := records.ParseDate(d.Wareki()); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, but its 和暦 %q parses as %v, %v", s, d, d.Wareki(), again, err)
		}
	})
}

// FuzzClientNormalize feeds typed form values through Normalize and
// Validate: Normalize is idempotent, Validate never panics and its message
// holds no field contents.
func FuzzClientNormalize(f *testing.F) {
	f.Add("ﾔﾏﾀﾞ ｼｮｳｼﾞ", "〒１２３－４５６７", "０３（１２３４）５６７８", "1-1803-0101-8771", "ｉｎｆｏ＠ｙａｍａｄａ．ｊｐ")
	f.Add("か゛ ゜", "123ー4567", "+81 3 1234 5678", "２１８０３０１０１８７７１", "a@b")
	f.Add(" \u3099ア", "〒 ", "--", "x", "@.")
	f.Fuzz(func(t *testing.T, kana, postal, phone, corp, email string) {
		c := records.Client{
			ID: "c", Kind: records.KindCorporation, Name: "n", Kana: kana, Postal: postal, Phone: phone,
			CorporateNumber: corp, Email: email, Tags: []string{kana, postal},
			Contacts: []records.Contact{{Name: "n", Kana: kana, Phone: phone, Email: email}},
		}
		c.Normalize()
		once := c
		once.Contacts = append([]records.Contact(nil), c.Contacts...)
		once.Tags = append([]string(nil), c.Tags...)
		c.Normalize()
		if !reflect.DeepEqual(c, once) {
			t.Fatalf("Normalize not idempotent:\n once  %+v\n twice %+v", once, c)
		}
		if err := c.Validate(); err != nil {
			if !errors.Is(err, records.ErrInvalid) {
				t.Fatalf("Validate: %v does not match ErrInvalid", err)
			}
			assertSafeMessage(t, err.Error())
		}
		if strings.ContainsFunc(c.Kana, func(r rune) bool { return r >= 0x3041 && r <= 0x3096 }) {
			t.Fatalf("hiragana left in normalised reading %q", c.Kana)
		}
	})
}

// FuzzClientJSON decodes arbitrary stored JSON into a Client: decoding,
// Normalize and Validate never panic, and a client that validates survives
// a round trip through its stored form.
func FuzzClientJSON(f *testing.F) {
	f.Add([]byte(`{"id":"c1","kind":"corporation","name":"株式会社山田商事","kana":"ヤマダショウジ","corporate_number":"1180301018771","engaged_from":"2020-04-01"}`))
	f.Add([]byte(`{"id":"c","kind":"individual","name":"x","contacts":[{"name":""},{}],"engaged_until":"2020-02-30"}`))
	f.Add([]byte(`{"id":"c","kind":"x","fiscal_month":13,"tags":["",""],"staff":[" "]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c records.Client
		if err := json.Unmarshal(data, &c); err != nil {
			return
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			if !errors.Is(err, records.ErrInvalid) {
				t.Fatalf("Validate: %v does not match ErrInvalid", err)
			}
			assertSafeMessage(t, err.Error())
			return
		}
		b, err := json.Marshal(&c)
		if err != nil {
			t.Fatalf("Marshal of a valid client: %v", err)
		}
		var back records.Client
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal of %s: %v", b, err)
		}
		back.Normalize()
		if err := back.Validate(); err != nil {
			t.Fatalf("valid client invalid after round trip: %v", err)
		}
	})
}

// FuzzSearch indexes a document and runs a query: Search never panics, a
// document is always found by its own name (when the name is one term), as
// an exact match, and every hit is the indexed document.
func FuzzSearch(f *testing.F) {
	f.Add("山田太郎", "ヤマダ　タロウ", "ﾔﾏﾀﾞ")
	f.Add("株式会社ａｂｃ", "", "abc 株式")
	f.Add("か\u3099", "\x00", "\x00 ガ")
	f.Add("03-1234", "ア", "(03)-12")
	f.Fuzz(func(t *testing.T, name, kana, q string) {
		ix := records.NewIndex()
		ix.Put(records.Doc{Target: "client/c", ClientID: "c", Kind: records.DocClient, Name: name, Kana: kana, Phone: q})
		ix.Put(records.Doc{Target: "person/x/p", ClientID: "x", Kind: records.DocPerson, Name: q, Extra: name})
		for _, h := range ix.Search(q, 0, func(id string) bool { return id == "c" }) {
			if h.Target != "client/c" {
				t.Fatalf("Search(%q) returned the hidden document", q)
			}
		}
		// Queries are cut at 256 runes, so a longer name is only a prefix.
		if strings.TrimSpace(name) != name || len(strings.Fields(name)) != 1 || utf8.RuneCountInString(name) > 256 {
			return
		}
		hits := ix.Search(name, 0, records.AllowAll)
		found := false
		for _, h := range hits {
			if h.Target == "client/c" {
				found = true
				if h.Match != records.MatchExact {
					t.Fatalf("Search(own name %q) match = %v, want exact", name, h.Match)
				}
			}
		}
		if !found && strings.ReplaceAll(jtext.Fold(name), "\x00", "") != "" {
			t.Fatalf("Search(own name %q) = %v: document not found", name, hits)
		}
	})
}

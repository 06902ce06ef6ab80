package records_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/records"
)

// TestTextLimits: a NUL byte, a 1 MB name and 2 MB notes were accepted
// (issue 12); every text field is now bounded and free of control
// characters, and only the notes keep line breaks and tabs.
func TestTextLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("山", n) }
	tests := []struct {
		name  string
		edit  func(*records.Client)
		field string
		code  string
	}{
		{"nul in name", func(c *records.Client) { c.Name = "山田\x00商事" }, "name", records.CodeControlChar},
		{"escape in address", func(c *records.Client) { c.Address = "東京都\x1b[31m" }, "address", records.CodeControlChar},
		{"c1 control in kana", func(c *records.Client) { c.Kana = "ヤマダ\u0085" }, "kana", records.CodeControlChar},
		{"line break in name", func(c *records.Client) { c.Name = "山田\n商事" }, "name", records.CodeControlChar},
		{"nul in notes", func(c *records.Client) { c.Notes = "メモ\x00" }, "notes", records.CodeControlChar},
		{"invalid utf-8 in notes", func(c *records.Client) { c.Notes = "メモ\xff" }, "notes", records.CodeControlChar},
		{"1 MB name", func(c *records.Client) { c.Name = strings.Repeat("a", 1<<20) }, "name", records.CodeTooLong},
		{"name one over", func(c *records.Client) { c.Name = long(records.MaxTextLen + 1) }, "name", records.CodeTooLong},
		{"2 MB notes", func(c *records.Client) { c.Notes = strings.Repeat("b", 2<<20) }, "notes", records.CodeTooLongNotes},
		{"long code", func(c *records.Client) { c.Code = strings.Repeat("A", records.MaxCodeLen+1) }, "code", records.CodeTooLongCode},
		{"long tag", func(c *records.Client) { c.Tags = []string{long(records.MaxTextLen + 1)} }, "tags[0]", records.CodeTooLong},
		{"contact title", func(c *records.Client) { c.Contacts[0].Title = "経理\x07" }, "contacts[0].title", records.CodeControlChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validClient()
			tt.edit(&c)
			err := c.Validate()
			var ve *records.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tt.field, tt.code) {
				t.Fatalf("Validate() = %v, want %s (%s)", err, tt.field, tt.code)
			}
			if len(err.Error()) > 500 {
				t.Fatalf("the error is %d bytes long; it must hold field paths only", len(err.Error()))
			}
		})
	}

	// At the limits, and with line breaks and tabs in the notes: valid.
	c := validClient()
	c.Code = strings.Repeat("A", records.MaxCodeLen)
	c.Name = long(records.MaxTextLen)
	c.Notes = "1 行目\r\n2 行目\tタブ\n" + long(records.MaxNotesLen-20)
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() at the limits = %v", err)
	}

	p := validPerson()
	p.Name = "山田\x00太郎"
	p.Notes = strings.Repeat("x", records.MaxNotesLen+1)
	p.Address = long(records.MaxTextLen + 1)
	var ve *records.ValidationError
	if err := p.Validate(); !errors.As(err, &ve) || !ve.Has("name", records.CodeControlChar) ||
		!ve.Has("notes", records.CodeTooLongNotes) || !ve.Has("address", records.CodeTooLong) {
		t.Fatalf("Person.Validate() = %v", err)
	}
}

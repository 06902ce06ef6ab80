package records

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every *ValidationError that
// Client.Validate and Person.Validate return.
var ErrInvalid = errors.New("records: invalid record")

// Codes a FieldError carries. The app maps each to a Japanese message
// (frontend/src/locales/ja.json); the vault may store them. Never rename one.
const (
	CodeRequired        = "required"          // the field must not be empty
	CodeKanaNotKatakana = "kana.not_katakana" // a reading holds something other than full-width katakana
	CodePostalFormat    = "postal.format"     // not a postal code "NNN-NNNN"
	CodePhoneFormat     = "phone.format"      // not a Japanese (0…, 10–11 digits) or international (+…) number
	CodeEmailFormat     = "email.format"      // not an e-mail address

	CodeCorporateNumberFormat         = "corporate_number.format"          // not 13 digits
	CodeCorporateNumberCheckDigit     = "corporate_number.check_digit"     // 13 digits with a wrong check digit
	CodeCorporateNumberNotCorporation = "corporate_number.not_corporation" // a 法人番号 on a client that is not a corporation

	CodeFiscalMonthRange = "fiscal_month.range" // 決算月 set but not 1–12
	CodeEngagementOrder  = "engagement.order"   // engaged_until before engaged_from
	CodeDatesOrder       = "dates.order"        // left before joined, or birth after joined or left
	CodeDateInvalid      = "date.invalid"       // a date that does not exist (2025-02-30)

	CodeKindUnknown     = "kind.unknown"     // ClientKind not one of the constants
	CodeRolesRequired   = "roles.required"   // a person without any role
	CodeRoleUnknown     = "roles.unknown"    // PersonRole not one of the constants
	CodeRelationSelf    = "relation.self"    // a person related to themselves
	CodeRelationUnknown = "relation.unknown" // RelationKind not one of the constants

	CodeTooLongCode  = "length.code"  // a client code longer than MaxCodeLen
	CodeTooLong      = "length.text"  // a name, reading, address, title or tag longer than MaxTextLen
	CodeTooLongNotes = "length.notes" // notes longer than MaxNotesLen
	CodeControlChar  = "text.control" // a control character (NUL, ESC, …; a line break outside the notes)
)

// Codes lists every code a FieldError can carry, for the app's table of
// error codes and its test that each has a Japanese message.
func Codes() []string {
	return []string{CodeRequired, CodeKanaNotKatakana, CodePostalFormat, CodePhoneFormat, CodeEmailFormat,
		CodeCorporateNumberFormat, CodeCorporateNumberCheckDigit, CodeCorporateNumberNotCorporation,
		CodeFiscalMonthRange, CodeEngagementOrder, CodeDatesOrder, CodeDateInvalid,
		CodeKindUnknown, CodeRolesRequired, CodeRoleUnknown, CodeRelationSelf, CodeRelationUnknown,
		CodeTooLongCode, CodeTooLong, CodeTooLongNotes, CodeControlChar}
}

// FieldError is one problem found by Validate.
type FieldError struct {
	// Field is the JSON path of the field: "name", "contacts[1].phone",
	// "relation.to". It never contains field contents.
	Field string
	// Code is one of the Code constants.
	Code string
}

// ValidationError lists every problem Validate found, in field order. It
// matches ErrInvalid. Its message holds field paths and codes only, never
// the values, which are personal data.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("records: invalid record:")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		b.WriteString(f.Field)
		b.WriteString(" (")
		b.WriteString(f.Code)
		b.WriteByte(')')
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Has reports whether e lists code for field; tests and the app use it to
// highlight form fields.
func (e *ValidationError) Has(field, code string) bool {
	for _, f := range e.Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

// problems collects FieldErrors while a record is validated.
type problems []FieldError

func (p *problems) add(field, code string) { *p = append(*p, FieldError{Field: field, Code: code}) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Fields: p}
}

// at builds "contacts[1].phone" style paths.
func at(list string, i int, field string) string {
	s := list + "[" + strconv.Itoa(i) + "]"
	if field != "" {
		s += "." + field
	}
	return s
}

// Package records holds Kinko's client (顧問先) and person records —
// officers, employees, dependants and payees of a client — with their
// normalisation, validation and the in-memory search index behind the search
// box.
//
// The package is pure: no I/O, no clock (callers pass dates), no
// cryptography. The vault seals records and decides who may see them; this
// package only says what a well-formed record is and finds records by name.
//
// # Stored format
//
// Client, Person and Date are marshalled with encoding/json and the result is
// sealed into vault records and journal ops. The JSON field names (snake_case,
// "corporate_number", "engaged_from", ...) and the Date layout "2006-01-02"
// are therefore a stored format: never rename a field or change a layout;
// add new fields with omitempty so old replicas ignore them. The FieldError
// paths ("contacts[1].phone") use the same names.
//
// No My Number (個人番号) lives in these types: it is kept in a separately
// sealed record under the mynumber scope, so reading a person never exposes
// one.
//
// # Normalise, then validate
//
// Input from forms and CSV imports goes through Normalize, which only
// rewrites formatting (trimming, width, ひらがな→カタカナ in readings, postal
// codes as "NNN-NNNN", ...) and is idempotent, and then Validate, which
// reports every problem at once as a *ValidationError: a list of JSON field
// paths with stable codes (CodeRequired, CodePostalFormat, ...) that the app
// maps to Japanese messages. Codes are never renamed.
//
// # Personal data
//
// Names, readings, addresses, phone numbers and dates of birth are personal
// data. Errors from this package carry field paths and codes only, never
// field contents, and SafeLabel gives the only text about a record that may
// be written to a log or the access log.
//
// # Search
//
// Index is the in-memory search index over the records the user can decrypt.
// Queries and stored keys are folded with jtext.Fold, so ﾔﾏﾀﾞ, やまだ and
// ヤマダ find the same people; every space-separated term must match; results
// are ranked exact > prefix > substring and filtered per client by the
// caller's allow function, so hidden (開示不能) clients never appear. A
// rune-bigram inverted index keeps a keystroke search well under the 30 ms
// budget at 100,000 people (see BenchmarkSearchKeystroke).
package records

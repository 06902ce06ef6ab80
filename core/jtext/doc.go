// Package jtext holds pure helpers for Japanese text: search-key folding and
// CSV import/export in UTF-8, UTF-8 with BOM and Shift_JIS (Windows-31J/CP932).
// It does no I/O of its own; callers pass an io.Reader or io.Writer.
//
// # Search keys
//
// Fold turns a string into a search key for 顧客 and 人名 search: it applies
// Unicode NFKC (full-width ASCII becomes ASCII, half-width katakana becomes
// full-width), lowercases, maps hiragana to katakana, removes all whitespace,
// unifies dash-like characters to '-' (keeping the long-vowel mark ー) and folds
// common name-kanji variants (髙→高, 﨑→崎, 邊→辺, ...). A stored key built with
// Fold and a query folded the same way match regardless of how the clerk typed
// the name: ﾔﾏﾀﾞ, やまだ and ヤマダ give the same key. Fold is idempotent.
//
// # CSV
//
// Accounting software, e-Tax tools and Excel on Windows still exchange CSV in
// Shift_JIS, so CSVReader and CSVWriter support it next to UTF-8.
//
// CSVReader parses the raw bytes with encoding/csv and only then decodes each
// field. This is safe for Shift_JIS because its trail bytes are always 0x40 or
// above, so they can never be mistaken for ',', '"', CR or LF. (The often
// feared 0x5C trail byte, as in 表 = 0x95 0x5C, is not special in CSV.)
// Decoding per field also lets an error name the exact record and column.
//
// Bytes that do not decode are an error (*DecodeError, ErrUndecodable), never
// silently replaced with U+FFFD: a tax office must not import client names that
// were quietly corrupted by a wrong encoding. Likewise CSVWriter refuses a
// character Shift_JIS cannot represent (*EncodeError, ErrUnencodable) instead
// of writing '?'. Characters a Mac or an IME types where Windows has its own
// (〜 U+301C, − U+2212, ...) are written as Windows' code page 932 writes
// them and counted (CSVWriter.Substitutions).
//
// Errors never contain field contents, because fields hold personal data
// (names, addresses, My Number) and error messages end up in logs and dialogs.
// They only carry positions (record, field, line, column) and, for encoding
// errors, the code point in U+XXXX form.
package jtext

package jtext

import (
	"errors"
	"fmt"
)

// ErrUndecodable is matched (errors.Is) by every *DecodeError: CSVReader met
// bytes that are not valid in the declared encoding.
var ErrUndecodable = errors.New("jtext: undecodable text")

// ErrUnencodable is matched (errors.Is) by every *EncodeError: CSVWriter was
// given a character the target encoding cannot represent.
var ErrUnencodable = errors.New("jtext: unencodable text")

// ErrSyntax is matched (errors.Is) by every *SyntaxError: the CSV structure is
// broken (for example an unterminated or stray quote).
var ErrSyntax = errors.New("jtext: csv syntax error")

// ErrUnknownEncoding is returned (wrapped) by ParseEncoding for a name it does
// not know.
var ErrUnknownEncoding = errors.New("jtext: unknown encoding")

// DecodeError is returned by CSVReader.Read and ReadAll when a field is not
// valid in the reader's encoding. It carries positions only, never the bytes,
// since fields hold personal data.
type DecodeError struct {
	Record   int      // 1-based record number
	Field    int      // 1-based column number within the record
	Line     int      // 1-based physical line where the field starts
	Encoding Encoding // the encoding the field failed to decode as
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("jtext: record %d, field %d (line %d): not valid %s",
		e.Record, e.Field, e.Line, e.Encoding.textName())
}

// Is makes errors.Is(err, ErrUndecodable) true.
func (e *DecodeError) Is(target error) bool { return target == ErrUndecodable }

// SyntaxError is returned by CSVReader.Read and ReadAll for malformed CSV. It
// wraps the *csv.ParseError cause (reachable with errors.As) but its message
// holds positions only.
type SyntaxError struct {
	Record int // 1-based number of the record being read
	// StartLine is the 1-based line where that record starts: for an
	// unterminated quote, the line of the opening quote's field, which is
	// the place to look (Line may be the end of the file).
	StartLine int
	Line      int   // 1-based line where the error was detected
	Column    int   // 1-based byte column where the error was detected
	Err       error // underlying *csv.ParseError
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("jtext: record %d (line %d, column %d): %s",
		e.Record, e.Line, e.Column, syntaxReason(e.Err))
}

// Is makes errors.Is(err, ErrSyntax) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// Unwrap returns the underlying *csv.ParseError.
func (e *SyntaxError) Unwrap() error { return e.Err }

// EncodeError is returned by CSVWriter.Write when a field contains a rune the
// writer's encoding cannot represent (or invalid UTF-8, reported as U+FFFD).
// The record is then not written at all.
type EncodeError struct {
	Record   int      // 1-based number of the record being written
	Field    int      // 1-based column number
	Rune     rune     // the first rune that could not be encoded
	Encoding Encoding // the writer's encoding
}

func (e *EncodeError) Error() string {
	return fmt.Sprintf("jtext: record %d, field %d: %U cannot be encoded as %s",
		e.Record, e.Field, e.Rune, e.Encoding.textName())
}

// Is makes errors.Is(err, ErrUnencodable) true.
func (e *EncodeError) Is(target error) bool { return target == ErrUnencodable }

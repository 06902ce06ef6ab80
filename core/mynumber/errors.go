package mynumber

import "errors"

// Error messages in this package are fixed strings: they never contain the
// caller's input, so a My Number can never reach a log or a dialog through
// an error. They contain no digits at all, which fuzz_test.go checks.

// ErrFormat is returned (wrapped, match with errors.Is) by ParseIndividual,
// ParseCorporate, IndividualFromBytes, IndividualCheckDigit and
// CorporateCheckDigit when the input, after normalisation, is not the
// expected number of ASCII digits or holds a character that is neither a
// digit, a space nor a dash.
var ErrFormat = errors.New("mynumber: malformed number")

// ErrCheckDigit is returned (wrapped) by ParseIndividual, IndividualFromBytes
// and ParseCorporate when the digits are well formed but the check digit does
// not match: usually a typing mistake, which the acquisition screen reports so
// the clerk re-types the number.
var ErrCheckDigit = errors.New("mynumber: check digit mismatch")

// ErrNotMarshalable is returned by Number.MarshalJSON and Number.MarshalText.
// A My Number is never encoded by accident (JSON to the frontend, a config
// file, a debug dump); the vault stores it through Number.Bytes and seal.
var ErrNotMarshalable = errors.New("mynumber: an individual number is never marshaled; seal Number.Bytes instead")

// ErrDate is returned (wrapped) by NewDate, ParseDate and Date.UnmarshalJSON
// for a date that does not exist in the Gregorian calendar or is not written
// as YYYY-MM-DD.
var ErrDate = errors.New("mynumber: invalid date")

// ErrVerification is matched (errors.Is) by every *VerificationError, so a
// caller that only needs "rejected or not" does not have to use errors.As.
var ErrVerification = errors.New("mynumber: identity verification rejected")

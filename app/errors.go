package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kinko-jp/kinko/core/jtext"
)

// Error is the only error shape that leaves the app layer: a stable code
// ("csv.undecodable") that the frontend and CLI translate through
// locales/{ja,en}.json under "errors.<code>", and parameters for the message.
//
// It never carries a core error's text: core messages are English, and some
// wrap paths or field contents. Parameters are numbers and identifiers only —
// never a My Number, a password, a key or a client's file path.
type Error struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params,omitempty"`
}

// Error returns the JSON form {"code":…,"params":…}. Wails hands this string
// to the rejected JavaScript promise, where the bridge parses it back.
func (e *Error) Error() string {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Sprintf(`{"code":%q}`, e.Code)
	}
	return string(b)
}

// The codes that are not tied to one core package.
const (
	CodeInternal    = "internal"
	CodeCanceled    = "job.canceled"
	CodeJobNotFound = "job.not_found"
	CodeUsage       = "cli.usage"
	CodeUnknownVerb = "cli.unknown_command"
)

// ErrJobNotFound is returned by CancelJob for an id that is not running.
var ErrJobNotFound = errors.New("app: no such job")

// rule maps the core errors it matches to a code, an exit code and message
// parameters.
type rule struct {
	code  string
	exit  ExitCode
	match func(error) (params map[string]any, ok bool)
}

func is(target error, code string, exit ExitCode) rule {
	return rule{code, exit, func(err error) (map[string]any, bool) { return nil, errors.Is(err, target) }}
}

func as[T error](code string, exit ExitCode, params func(T) map[string]any) rule {
	return rule{code, exit, func(err error) (map[string]any, bool) {
		var t T
		if !errors.As(err, &t) {
			return nil, false
		}
		return params(t), true
	}}
}

// rules is checked in order; the first match wins, so specific typed errors
// come before the sentinels they wrap.
var rules = []rule{
	is(context.Canceled, CodeCanceled, ExitInterrupted),
	is(ErrJobNotFound, CodeJobNotFound, ExitNotFound),
	as("csv.undecodable", ExitData, func(e *jtext.DecodeError) map[string]any {
		return map[string]any{"record": e.Record, "field": e.Field, "line": e.Line, "encoding": e.Encoding.String()}
	}),
	as("csv.syntax", ExitData, func(e *jtext.SyntaxError) map[string]any {
		return map[string]any{"record": e.Record, "line": e.Line, "column": e.Column}
	}),
	as("csv.unencodable", ExitData, func(e *jtext.EncodeError) map[string]any {
		return map[string]any{"record": e.Record, "field": e.Field, "char": fmt.Sprintf("U+%04X", e.Rune)}
	}),
	is(jtext.ErrUnknownEncoding, "csv.encoding_unknown", ExitUsage),
}

// appCodes are the codes the app produces itself (as *Error, or for errors
// no rule knows) rather than by matching a core error, with their exit codes.
var appCodes = map[string]ExitCode{
	CodeInternal:    ExitFailure,
	CodeUsage:       ExitUsage,
	CodeUnknownVerb: ExitUsage,
}

// Codes lists every code the app can produce, for the test that each one has
// a Japanese and an English message.
func Codes() []string {
	codes := make([]string, 0, len(appCodes)+len(rules))
	for c := range appCodes {
		codes = append(codes, c)
	}
	for _, r := range rules {
		codes = append(codes, r.code)
	}
	return codes
}

// ToError maps any error to an *Error. An *Error passes through unchanged;
// an error no rule knows becomes CodeInternal with no parameters, so its text
// cannot leak to the user. nil stays nil.
func ToError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	for _, r := range rules {
		if params, ok := r.match(err); ok {
			return &Error{Code: r.code, Params: params}
		}
	}
	return &Error{Code: CodeInternal}
}

// ExitCodeOf returns the CLI exit status for err (ExitOK for nil).
func ExitCodeOf(err error) ExitCode {
	if err == nil {
		return ExitOK
	}
	code := ToError(err).Code
	if exit, ok := appCodes[code]; ok {
		return exit
	}
	for _, r := range rules {
		if r.code == code {
			return r.exit
		}
	}
	return ExitFailure
}

// Err is what a bound method returns: nil for nil, otherwise the mapped
// *Error. (Returning ToError(nil) as an error would give a non-nil interface
// holding a nil pointer.)
func Err(err error) error {
	if err == nil {
		return nil
	}
	return ToError(err)
}

package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/password"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/core/share/opener"
	"github.com/kinko-jp/kinko/core/share/scan"
	"github.com/kinko-jp/kinko/core/vault"
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
// parameters. A rule usually has one code; a rule whose error carries a
// stable reason (access.DeniedError) lists one code per reason.
type rule struct {
	codes []string
	exit  ExitCode
	match func(error) (code string, params map[string]any, ok bool)
}

func is(target error, code string, exit ExitCode) rule {
	return rule{[]string{code}, exit, func(err error) (string, map[string]any, bool) { return code, nil, errors.Is(err, target) }}
}

func as[T error](code string, exit ExitCode, params func(T) map[string]any) rule {
	return rule{[]string{code}, exit, func(err error) (string, map[string]any, bool) {
		var t T
		if !errors.As(err, &t) {
			return "", nil, false
		}
		return code, params(t), true
	}}
}

// verification maps a rejected 本人確認 to "mynumber.verification.<reason>".
func verification() rule {
	code := func(r mynumber.Reason) string {
		return "mynumber.verification." + strings.ReplaceAll(string(r), "-", "_")
	}
	var codes []string
	for _, r := range mynumber.Reasons() {
		codes = append(codes, code(r))
	}
	return rule{codes, ExitData, func(err error) (string, map[string]any, bool) {
		var v *mynumber.VerificationError
		if !errors.As(err, &v) {
			return "", nil, false
		}
		return code(v.Reason), nil, true
	}}
}

// folderDamage maps a damaged file of the vault folder (a blob that does
// not match its record, or is gone) to "vault.folder_damaged" or
// "vault.folder_file_missing" with the file's name in the folder: the
// damage is there, not in this PC's replica, so "join again" would be
// wrong advice.
func folderDamage() rule {
	codes := []string{"vault.folder_damaged", "vault.folder_file_missing"}
	return rule{codes, ExitIntegrity, func(err error) (string, map[string]any, bool) {
		var e *vault.FolderDamageError
		if !errors.As(err, &e) {
			return "", nil, false
		}
		code := codes[0]
		if e.Reason == vault.ReasonMissing {
			code = codes[1]
		}
		return code, map[string]any{"file": e.File}, true
	}}
}

// denied maps an access.DeniedError to "access.<reason>", so the user reads
// why ("only a 責任者 can…") rather than a bare "denied".
func denied() rule {
	code := func(reason string) string { return "access." + strings.ReplaceAll(reason, "-", "_") }
	var codes []string
	for _, r := range access.Reasons() {
		codes = append(codes, code(r))
	}
	codes = append(codes, "access.denied")
	return rule{codes, ExitDenied, func(err error) (string, map[string]any, bool) {
		var d *access.DeniedError
		if errors.As(err, &d) {
			if slices.Contains(access.Reasons(), d.Reason) {
				return code(d.Reason), nil, true
			}
			return "access.denied", nil, true
		}
		return "access.denied", nil, errors.Is(err, access.ErrDenied)
	}}
}

// weakPassword maps a refused new password to why: "vault.weak_password"
// (too short, with the minimum) or "password.<reason>" (common, keyboard,
// sequence, date, personal). The password itself is never a parameter.
func weakPassword() rule {
	codes := []string{"vault.weak_password"}
	for _, r := range password.Reasons() {
		if r != password.TooShort {
			codes = append(codes, "password."+string(r))
		}
	}
	return rule{codes, ExitUsage, func(err error) (string, map[string]any, bool) {
		if !errors.Is(err, vault.ErrWeakPassword) && !errors.Is(err, password.ErrWeak) {
			return "", nil, false
		}
		var weak *password.WeakError
		if errors.As(err, &weak) && weak.Reason != password.TooShort {
			return "password." + string(weak.Reason), nil, true
		}
		return "vault.weak_password", map[string]any{"min": vault.MinPasswordLen}, true
	}}
}

// exportValue maps an export's *office.ExportError to what is wrong with
// the value — "export.unencodable", "export.cell_too_long",
// "export.control_char" — with the client's code and the column's title,
// so the user knows which client to correct. Never the value.
func exportValue() rule {
	return rule{[]string{"export.unencodable", "export.cell_too_long", "export.control_char"}, ExitData, func(err error) (string, map[string]any, bool) {
		var e *office.ExportError
		if !errors.As(err, &e) {
			return "", nil, false
		}
		params := map[string]any{"client": e.Client, "column": e.Column}
		var enc *jtext.EncodeError
		switch {
		case errors.As(err, &enc):
			params["char"] = fmt.Sprintf("U+%04X", enc.Rune)
			return "export.unencodable", params, true
		case errors.Is(err, office.ErrCellTooLong):
			return "export.cell_too_long", params, true
		}
		return "export.control_char", params, true
	}}
}

// rules is checked in order; the first match wins, so specific typed errors
// come before the sentinels they wrap.
var rules = []rule{
	// Before context.Canceled, which it may wrap: what a stopped import kept.
	as("import.partial", ExitInterrupted, func(e *office.ImportStoppedError) map[string]any {
		return map[string]any{"done": e.Done, "total": e.Total}
	}),
	is(context.Canceled, CodeCanceled, ExitInterrupted),
	is(ErrJobNotFound, CodeJobNotFound, ExitNotFound),
	exportValue(),
	as("csv.undecodable", ExitData, func(e *jtext.DecodeError) map[string]any {
		return map[string]any{"record": e.Record, "field": e.Field, "line": e.Line, "encoding": e.Encoding.String()}
	}),
	as("csv.syntax", ExitData, func(e *jtext.SyntaxError) map[string]any {
		return map[string]any{"record": e.Record, "start": e.StartLine, "line": e.Line, "column": e.Column}
	}),
	as("csv.unencodable", ExitData, func(e *jtext.EncodeError) map[string]any {
		return map[string]any{"record": e.Record, "field": e.Field, "char": fmt.Sprintf("U+%04X", e.Rune)}
	}),
	is(jtext.ErrUnknownEncoding, "csv.encoding_unknown", ExitUsage),

	// Vault: login and session.
	as("vault.throttled", ExitAuth, func(e *vault.ThrottledError) map[string]any {
		return map[string]any{"seconds": int(math.Ceil(e.Wait.Seconds()))}
	}),
	is(vault.ErrWrongPassword, "vault.wrong_password", ExitAuth),
	is(keys.ErrWrongPassword, "vault.wrong_password", ExitAuth),
	is(vault.ErrLocked, "vault.locked", ExitAuth),
	is(vault.ErrDisabled, "vault.disabled", ExitAuth),
	is(keys.ErrBadRecoveryKey, "vault.bad_recovery_key", ExitAuth),
	is(vault.ErrRecoveryOutdated, "vault.recovery_outdated", ExitAuth),
	weakPassword(),
	// Vault: records and rights.
	is(vault.ErrNoAccess, "vault.no_access", ExitDenied),
	denied(),
	is(vault.ErrStale, "vault.stale", ExitBusy),
	is(vault.ErrConflict, "vault.conflict", ExitBusy),
	is(vault.ErrExists, "vault.exists", ExitData),
	is(vault.ErrNotFound, "vault.not_found", ExitNotFound),
	is(vault.ErrNoReplica, "vault.no_replica", ExitNotFound),
	is(vault.ErrBusy, "vault.busy", ExitBusy),
	is(vault.ErrInvalidOp, "vault.invalid", ExitData),
	folderDamage(),
	is(vault.ErrCorruptReplica, "vault.replica_corrupt", ExitIntegrity),
	// The vault folder.
	is(journal.ErrDiskFull, "journal.disk_full", ExitUnavailable),
	is(journal.ErrUnavailable, "journal.unavailable", ExitUnavailable),
	is(journal.ErrNotVault, "journal.not_vault", ExitNotFound),
	as("journal.format", ExitData, func(e *journal.FormatError) map[string]any { return map[string]any{"found": e.Found} }),
	is(journal.ErrExists, "journal.exists", ExitData),
	is(journal.ErrBrokenChain, "journal.broken_chain", ExitIntegrity),
	is(journal.ErrCorrupt, "journal.corrupt", ExitIntegrity),
	is(journal.ErrInvalid, "vault.invalid", ExitData),
	// Clients, people and My Numbers.
	as("records.invalid", ExitData, func(e *records.ValidationError) map[string]any {
		fields := make([]map[string]string, len(e.Fields))
		for i, f := range e.Fields {
			fields[i] = map[string]string{"field": f.Field, "code": f.Code}
		}
		return map[string]any{"fields": fields, "count": len(fields)}
	}),
	is(records.ErrDate, "date.invalid", ExitData),
	as("records.code_taken", ExitData, func(e *office.CodeTakenError) map[string]any {
		return map[string]any{"code": e.Code, "name": e.Owner}
	}),
	verification(),
	is(mynumber.ErrCheckDigit, "mynumber.check_digit", ExitData),
	is(mynumber.ErrFormat, "mynumber.format", ExitData),
	is(office.ErrNumberMismatch, "mynumber.mismatch", ExitData),
	is(office.ErrNoPurpose, "mynumber.no_purpose", ExitData),
	is(office.ErrPurposeNotRecorded, "mynumber.purpose_not_recorded", ExitDenied),
	is(office.ErrNoNumber, "mynumber.none", ExitNotFound),
	is(office.ErrHasNumber, "mynumber.must_erase_first", ExitData),
	is(vault.ErrErased, "vault.erased", ExitNotFound),
	is(office.ErrEmptyFile, "import.empty", ExitData),
	is(office.ErrNoNameColumn, "import.no_name_column", ExitData),
	is(office.ErrRowsInvalid, "import.rows_invalid", ExitData),
	{[]string{"import.too_large"}, ExitData, func(err error) (string, map[string]any, bool) {
		return "import.too_large", map[string]any{"max_mb": office.MaxImportBytes >> 20}, errors.Is(err, office.ErrFileTooLarge)
	}},
	{[]string{"import.too_many_rows"}, ExitData, func(err error) (string, map[string]any, bool) {
		return "import.too_many_rows", map[string]any{"max": office.MaxImportRows}, errors.Is(err, office.ErrTooManyRows)
	}},
	is(office.ErrXLSXEncrypted, "import.xlsx_encrypted", ExitData),
	is(office.ErrXLSOld, "import.xls_old", ExitData),
	is(office.ErrXLSXBroken, "import.xlsx_broken", ExitData),
	is(office.ErrNothingToFile, "filing.nothing", ExitNotFound),
	// Files the user saves (exports, reports).
	is(outfile.ErrDiskFull, "file.disk_full", ExitUnavailable),
	is(outfile.ErrUnavailable, "file.unavailable", ExitUnavailable),
	// Backups (the バックアップ area).
	as("backup.no_source", ExitNotFound, func(e *sourceError) map[string]any { return map[string]any{"path": e.path} }),
	is(ErrBackupNoDestination, "backup.no_destination", ExitUnavailable),
	{[]string{"backup.destination_gone"}, ExitUnavailable, func(err error) (string, map[string]any, bool) {
		return "backup.destination_gone", nil, isDestinationGone(err)
	}},
	{[]string{"backup.damaged"}, ExitIntegrity, func(err error) (string, map[string]any, bool) {
		return "backup.damaged", nil, isDamaged(err)
	}},
	is(backup.ErrWrongPassword, "backup.wrong_password", ExitAuth),
	is(backup.ErrNoRepository, "backup.no_repository", ExitNotFound),
	is(backup.ErrBusy, "backup.busy", ExitBusy),
	is(backup.ErrBadMarker, "backup.bad_marker", ExitData),
	is(backup.ErrNoMarker, "backup.no_marker", ExitNotFound),
	is(backup.ErrExists, "backup.exists", ExitData),
	is(backup.ErrIncomplete, "backup.incomplete", ExitData),
	is(backup.ErrTargetExists, "backup.target_exists", ExitData),
	is(backup.ErrNoSnapshot, "backup.no_snapshot", ExitNotFound),
	is(backup.ErrNoPath, "backup.no_path", ExitNotFound),
	is(ErrBackupNoPlan, "backup.no_plan", ExitNotFound),
	is(ErrBackupInvalidPlan, "backup.invalid_plan", ExitUsage),
	is(ErrBackupRunning, "backup.running", ExitBusy),
	is(ErrBackupOtherVault, "backup.other_vault", ExitData),
	is(ErrBackupNoPassword, "backup.no_password", ExitAuth),
	is(vault.ErrNotRecipient, "backup.no_password", ExitAuth),
	// Share packages (the 共有 area).
	is(share.ErrPassphrase, "share.passphrase", ExitAuth),
	is(share.ErrNoIdentity, "share.no_identity", ExitAuth),
	is(share.ErrNotPackage, "share.not_package", ExitData),
	is(opener.ErrNoPackage, "share.not_package", ExitData),
	is(share.ErrCorrupt, "share.corrupt", ExitIntegrity),
	is(share.ErrTruncated, "share.truncated", ExitIntegrity),
	is(share.ErrExpired, "share.expired", ExitExpired),
	is(share.ErrUnsafeName, "share.unsafe_name", ExitData),
	is(share.ErrExists, "share.exists", ExitData),
	is(share.ErrWorkFactor, "share.work_factor", ExitData),
	is(share.ErrTooNew, "share.too_new", ExitData),
	is(share.ErrChanged, "share.changed", ExitData),
	is(share.ErrEmpty, "share.empty", ExitUsage),
	is(share.ErrSourceAbsent, "share.source_absent", ExitNotFound),
	is(scan.ErrUnreadable, "share.source_absent", ExitNotFound),
	is(ErrShareMyNumber, "share.mynumber", ExitDenied),
	is(ErrShareNotHandler, "share.not_handler", ExitDenied),
	is(ErrShareNoRecipient, "share.no_recipient", ExitNotFound),
	is(ErrShareNoPurpose, "share.no_purpose", ExitUsage),
	is(ErrShareEnvelopeRevoked, "share.envelope_revoked", ExitDenied),
	is(ErrShareEnvelopeExpired, "share.envelope_expired", ExitExpired),
	{[]string{"share.expiry"}, ExitUsage, func(err error) (string, map[string]any, bool) {
		return "share.expiry", map[string]any{"days": ShareMaxDays}, errors.Is(err, ErrShareExpiry)
	}},
	is(ErrShareNoCopy, "share.no_copy", ExitNotFound),
	// The OS keychain ("remember me").
	is(keychain.ErrUnavailable, "keychain.unavailable", ExitUnavailable),
	is(keychain.ErrNotFound, "keychain.not_found", ExitNotFound),
	// This PC's data folder (the replica) is full. Last: the vault folder's
	// and saved files' disk-full errors above wrap the same OS error.
	{[]string{"vault.disk_full"}, ExitUnavailable, func(err error) (string, map[string]any, bool) {
		return "vault.disk_full", nil, journal.IsDiskFull(err)
	}},
}

// appCodes are the codes the app produces itself (as *Error, or for errors
// no rule knows) rather than by matching a core error, with their exit codes.
var appCodes = map[string]ExitCode{
	CodeInternal:           ExitFailure,
	CodeUsage:              ExitUsage,
	CodeUnknownVerb:        ExitUsage,
	"cli.no_secret":        ExitUsage,
	"cli.secret_file":      ExitUsage,
	"cli.secret_mismatch":  ExitUsage,
	"cli.no_number":        ExitUsage,
	"cli.number_file":      ExitUsage,
	"cli.number_exists":    ExitData,
	"cli.vault_choose":     ExitUsage,
	"cli.no_vault":         ExitNotFound,
	"cli.sheet_write":      ExitFailure,
	"cli.file_read":        ExitNotFound,
	"cli.file_write":       ExitFailure,
	"cli.unknown_client":   ExitNotFound,
	"cli.unknown_user":     ExitNotFound,
	"cli.unknown_person":   ExitNotFound,
	"cli.ambiguous_person": ExitUsage,
	"cli.ambiguous_client": ExitUsage,
	"log.tampered":         ExitIntegrity,
	"import.expired":       ExitUsage,
	"share.too_large":      ExitData, // html forced on a package too large to embed
	// Row codes of an import (office.Code*), shown per row, never returned alone.
	office.CodeDuplicate:     ExitData,
	office.CodeExists:        ExitData,
	office.CodeUnknownClient: ExitData,
	"vault.verify_failed":    ExitIntegrity,
	// Client codes several clients share (office.CodeConflicts).
	office.CodeAmbiguousClient: ExitData,
	"records.code_conflicts":   ExitData,
}

// Codes lists every code the app can produce, for the test that each one has
// a Japanese and an English message.
func Codes() []string {
	codes := make([]string, 0, len(appCodes)+len(rules))
	for c := range appCodes {
		codes = append(codes, c)
	}
	for _, r := range rules {
		codes = append(codes, r.codes...)
	}
	slices.Sort(codes)
	return slices.Compact(codes)
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
		if code, params, ok := r.match(err); ok {
			return &Error{Code: code, Params: params}
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
		if slices.Contains(r.codes, code) {
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

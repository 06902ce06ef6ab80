package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/password"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

func TestEveryCodeHasJapaneseAndEnglish(t *testing.T) {
	c := catalog(t)
	codes := app.Codes()
	if len(codes) < 5 {
		t.Fatalf("only %d codes: the table did not load", len(codes))
	}
	for _, code := range codes {
		for _, l := range i18n.Langs {
			if !c.Has(l, "errors."+code) {
				t.Errorf("error code %q has no %s message in frontend/src/locales/%s.json", code, l, l)
			}
		}
	}
}

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	c := catalog(t)
	ja, en := c.Keys(i18n.Ja), c.Keys(i18n.En)
	if len(ja) == 0 {
		t.Fatal("empty Japanese catalog")
	}
	for _, k := range ja {
		if !c.Has(i18n.En, k) {
			t.Errorf("%q is in ja.json but not en.json", k)
		}
	}
	for _, k := range en {
		if !c.Has(i18n.Ja, k) {
			t.Errorf("%q is in en.json but not ja.json", k)
		}
	}
}

func TestToError(t *testing.T) {
	decode := &jtext.DecodeError{Record: 3, Field: 2, Line: 4, Encoding: jtext.ShiftJIS}
	tests := []struct {
		name   string
		err    error
		code   string
		params map[string]any
		exit   app.ExitCode
	}{
		{"canceled", fmt.Errorf("backup: %w", context.Canceled), app.CodeCanceled, nil, app.ExitInterrupted},
		{"job not found", app.ErrJobNotFound, app.CodeJobNotFound, nil, app.ExitNotFound},
		{"undecodable csv", fmt.Errorf("import: %w", decode), "csv.undecodable",
			map[string]any{"record": 3, "field": 2, "line": 4, "encoding": "shift_jis"}, app.ExitData},
		{"unencodable csv", &jtext.EncodeError{Record: 1, Field: 5, Rune: '𠮷'}, "csv.unencodable",
			map[string]any{"record": 1, "field": 5, "char": "U+20BB7"}, app.ExitData},
		{"csv syntax", &jtext.SyntaxError{Record: 7, StartLine: 8, Line: 9, Column: 3}, "csv.syntax",
			map[string]any{"record": 7, "start": 8, "line": 9, "column": 3}, app.ExitData},
		{"unknown encoding", fmt.Errorf("x: %w", jtext.ErrUnknownEncoding), "csv.encoding_unknown", nil, app.ExitUsage},
		{"file too large", fmt.Errorf("import: %w", office.ErrFileTooLarge), "import.too_large", map[string]any{"max_mb": 64}, app.ExitData},
		{"too many rows", office.ErrTooManyRows, "import.too_many_rows", map[string]any{"max": 100000}, app.ExitData},
		{"import stopped part-way", &office.ImportStoppedError{Done: 4096, Total: 9000, Err: context.Canceled}, "import.partial",
			map[string]any{"done": 4096, "total": 9000}, app.ExitInterrupted},
		{"broken workbook", fmt.Errorf("%w: zip: not a valid zip file", office.ErrXLSXBroken), "import.xlsx_broken", nil, app.ExitData},
		{"encrypted workbook", office.ErrXLSXEncrypted, "import.xlsx_encrypted", nil, app.ExitData},
		{"old workbook", office.ErrXLSOld, "import.xls_old", nil, app.ExitData},
		{"vault folder file damaged", fmt.Errorf("open number: %w", &vault.FolderDamageError{File: "blobs/abc", Reason: vault.ReasonAltered}),
			"vault.folder_damaged", map[string]any{"file": "blobs/abc"}, app.ExitIntegrity},
		{"vault folder file missing", &vault.FolderDamageError{File: "blobs/abc", Reason: vault.ReasonMissing},
			"vault.folder_file_missing", map[string]any{"file": "blobs/abc"}, app.ExitIntegrity},
		{"replica corrupt", fmt.Errorf("%w: blob", vault.ErrCorruptReplica), "vault.replica_corrupt", nil, app.ExitIntegrity},
		// An export names the client and the column (issue 12), never the value.
		{"cell too long", &office.ExportError{Client: "A-0012", Column: "備考", Err: office.ErrCellTooLong}, "export.cell_too_long",
			map[string]any{"client": "A-0012", "column": "備考"}, app.ExitData},
		{"unencodable export", fmt.Errorf("export: %w", &office.ExportError{Client: "A-0012", Person: "p1", Column: "氏名", Err: &jtext.EncodeError{Record: 4, Field: 3, Rune: '𠮷'}}),
			"export.unencodable", map[string]any{"client": "A-0012", "column": "氏名", "char": "U+20BB7"}, app.ExitData},
		{"control character in export", &office.ExportError{Client: "B-1", Column: "名称", Err: office.ErrControlChar}, "export.control_char",
			map[string]any{"client": "B-1", "column": "名称"}, app.ExitData},
		{"unknown error hides its text", errors.New("open C:\\顧客\\山田.pdf: access denied"), app.CodeInternal, nil, app.ExitFailure},
		{"app error passes through", &app.Error{Code: app.CodeUsage}, app.CodeUsage, nil, app.ExitUsage},
		{"short password", fmt.Errorf("%w: %w", vault.ErrWeakPassword, &password.WeakError{Reason: password.TooShort}), "vault.weak_password",
			map[string]any{"min": 10}, app.ExitUsage},
		{"common password", fmt.Errorf("%w: %w", vault.ErrWeakPassword, password.Check([]byte("sakura2025"))), "password.common", nil, app.ExitUsage},
		{"personal password", password.Check([]byte("yamada-1985!"), "yamada"), "password.personal", nil, app.ExitUsage},
		{"keyboard password", password.Check([]byte("qwertyuiop")), "password.keyboard", nil, app.ExitUsage},
		{"auditor above hidden", &access.DeniedError{Action: access.SetLevel, Reason: access.ReasonRoleLevel}, "access.role_level", nil, app.ExitDenied},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := app.ToError(tc.err)
			if got.Code != tc.code {
				t.Fatalf("code = %q, want %q", got.Code, tc.code)
			}
			if fmt.Sprint(got.Params) != fmt.Sprint(tc.params) {
				t.Errorf("params = %v, want %v", got.Params, tc.params)
			}
			if e := app.ExitCodeOf(tc.err); e != tc.exit {
				t.Errorf("exit = %d, want %d", e, tc.exit)
			}
			if strings.Contains(got.Error(), "山田") || strings.Contains(got.Error(), "C:\\") {
				t.Errorf("error text leaks its cause: %s", got.Error())
			}
		})
	}
}

func TestErrIsNilSafe(t *testing.T) {
	if err := app.Err(nil); err != nil {
		t.Fatalf("Err(nil) = %#v, want a nil interface", err)
	}
	if app.ToError(nil) != nil || app.ExitCodeOf(nil) != app.ExitOK {
		t.Fatal("nil must map to nil and ExitOK")
	}
}

func TestErrorJSON(t *testing.T) {
	e := &app.Error{Code: "csv.syntax", Params: map[string]any{"record": 2}}
	if got, want := e.Error(), `{"code":"csv.syntax","params":{"record":2}}`; got != want {
		t.Fatalf("Error() = %s, want %s", got, want)
	}
}

// TestValidationCodesHaveMessages: every field code records.Validate can
// report has words under validation.<code> (dots become underscores).
func TestValidationCodesHaveMessages(t *testing.T) {
	cat := catalog(t)
	for _, code := range records.Codes() {
		key := "validation." + strings.ReplaceAll(code, ".", "_")
		for _, lang := range i18n.Langs {
			if got := cat.T(lang, key, nil); got == key || got == "" {
				t.Errorf("validation code %q has no %s message (%s)", code, lang, key)
			}
		}
	}
}

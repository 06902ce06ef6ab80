package mynumber_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// leakDigits is the number used by the leak tests; leakHead is the part
// that must never appear anywhere (the masked form shows the last four).
const (
	leakDigits = "123456789018"
	leakHead   = "12345678"
)

// assertNoLeak fails if out shows more of the number than the masked form.
func assertNoLeak(t *testing.T, what, out string) {
	t.Helper()
	if strings.Contains(out, leakHead) || strings.Contains(out, "１２３４５６７８") {
		t.Errorf("%s leaks the number: %q", what, out)
	}
	// The digits as a byte array, as fmt prints [12]byte: decimal, %#v's
	// "0x31, 0x32", or hex. A bare "0x31" is not a leak: it is also how a
	// heap address may begin (0x312b88af51b0 failed CI once).
	if strings.Contains(out, "49 50 51 52") || strings.Contains(out, "0x31, 0x32") || strings.Contains(out, "0x3132") || strings.Contains(out, "313233") {
		t.Errorf("%s leaks the number's bytes: %q", what, out)
	}
}

// TestNumberNeverPrinted covers every way fmt, log and slog can render a
// Number, alone or inside other values.
func TestNumberNeverPrinted(t *testing.T) {
	n, err := mynumber.ParseIndividual(leakDigits)
	if err != nil {
		t.Fatal(err)
	}
	type exported struct{ N mynumber.Number }
	type unexported struct{ n mynumber.Number }
	type nested struct {
		Name string
		In   unexported
	}
	values := map[string]any{
		"value":              n,
		"pointer":            &n,
		"exported field":     exported{n},
		"unexported field":   unexported{n},
		"pointer to struct":  &unexported{n},
		"nested unexported":  nested{"x", unexported{n}},
		"slice":              []mynumber.Number{n, n},
		"map value":          map[string]mynumber.Number{"k": n},
		"map key":            map[mynumber.Number]int{n: 1},
		"interface in slice": []any{n},
		"reflect.Value":      reflect.ValueOf(n),
		"any field":          struct{ v any }{n},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%p", "%10v", "%-20s", "%#q", "%.4s", "%U", "%c", "%b", "%o", "%e", "%t"}
	for name, v := range values {
		for _, verb := range verbs {
			assertNoLeak(t, name+" "+verb, fmt.Sprintf(verb, v))
		}
		assertNoLeak(t, name+" Sprint", fmt.Sprint(v))
		assertNoLeak(t, name+" Sprintln", fmt.Sprintln(v, v))
	}
	if got := fmt.Sprint(n); got != "**** **** 9018" {
		t.Errorf("Sprint = %q, want the masked form", got)
	}
	if got := fmt.Sprintf("%#v", n); got != "**** **** 9018" {
		t.Errorf("%%#v = %q, want the masked form", got)
	}
	if got := fmt.Sprintf("%q", n); got != `"**** **** 9018"` {
		t.Errorf("%%q = %q, want the quoted masked form", got)
	}
	if got := fmt.Sprintf("%16v|", n); got != "  **** **** 9018|" {
		t.Errorf("%%16v = %q, want width honoured", got)
	}
	if got := n.String() + n.GoString(); got != "**** **** 9018**** **** 9018" {
		t.Errorf("String+GoString = %q", got)
	}

	var buf bytes.Buffer
	log.New(&buf, "", 0).Printf("acquired %v for %+v", n, exported{n})
	assertNoLeak(t, "log.Printf", buf.String())

	for _, h := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"slog text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
		{"slog json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
	} {
		buf.Reset()
		l := slog.New(h.new(&buf))
		l.Info("acquired", "number", n, "ptr", &n, "group", exported{n})
		assertNoLeak(t, h.name, buf.String())
		if !strings.Contains(buf.String(), "**** **** 9018") {
			t.Errorf("%s: masked form missing from %q", h.name, buf.String())
		}
	}
}

// TestNumberNeverMarshaled checks that encoders refuse a Number, directly or
// inside a struct, without putting digits in the error.
func TestNumberNeverMarshaled(t *testing.T) {
	n, _ := mynumber.ParseIndividual(leakDigits)
	type dto struct {
		Name   string          `json:"name" xml:"name"`
		Number mynumber.Number `json:"number" xml:"number"`
	}
	tests := []struct {
		name string
		enc  func() ([]byte, error)
	}{
		{"json value", func() ([]byte, error) { return json.Marshal(n) }},
		{"json pointer", func() ([]byte, error) { return json.Marshal(&n) }},
		{"json struct field", func() ([]byte, error) { return json.Marshal(dto{"x", n}) }},
		{"json map key", func() ([]byte, error) { return json.Marshal(map[mynumber.Number]int{n: 1}) }},
		{"json zero", func() ([]byte, error) { return json.Marshal(mynumber.Number{}) }},
		{"xml struct field", func() ([]byte, error) { return xml.Marshal(dto{"x", n}) }},
		{"MarshalText", n.MarshalText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.enc()
			if err == nil {
				t.Fatalf("encoded a Number: %q", out)
			}
			if !errors.Is(err, mynumber.ErrNotMarshalable) && !strings.Contains(err.Error(), mynumber.ErrNotMarshalable.Error()) {
				t.Errorf("error = %v, want ErrNotMarshalable", err)
			}
			assertNoLeak(t, "error", err.Error())
		})
	}
}

// TestErrorsNeverContainInput runs every failing entry point and checks that
// no error message holds a digit of the input.
func TestErrorsNeverContainInput(t *testing.T) {
	inputs := []string{
		"123456789019", "12345678901", "1234567890123", "1234-5678-901x",
		"１２３４５６７８９０１９", "7000012050003", "99999999999999999999",
	}
	for _, in := range inputs {
		var errs []error
		_, err := mynumber.ParseIndividual(in)
		errs = append(errs, err)
		_, err = mynumber.ParseCorporate(in)
		errs = append(errs, err)
		_, err = mynumber.IndividualFromBytes([]byte(in))
		errs = append(errs, err)
		// The check-digit helpers accept any base of the right length.
		_, err = mynumber.IndividualCheckDigit(in)
		errs = append(errs, err)
		_, err = mynumber.CorporateCheckDigit(in)
		errs = append(errs, err)
		for i, err := range errs {
			if err == nil {
				if i < 3 {
					t.Fatalf("entry point %d accepted %q", i, in)
				}
				continue
			}
			if containsDigit(err.Error()) {
				t.Errorf("entry point %d: error %q contains a digit", i, err)
			}
			if fmt.Sprintf("%+v", err) != err.Error() {
				t.Errorf("entry point %d: %%+v differs from Error()", i)
			}
		}
	}
}

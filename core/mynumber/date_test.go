package mynumber_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func d(y int, m time.Month, day int) mynumber.Date { return mynumber.Date{Y: y, M: m, D: day} }

func TestNewDateAndParse(t *testing.T) {
	tests := []struct {
		in   string
		want mynumber.Date
		ok   bool
	}{
		{"2025-01-11", d(2025, 1, 11), true},
		{"2024-02-29", d(2024, 2, 29), true},
		{"2000-02-29", d(2000, 2, 29), true},
		{"0001-01-01", d(1, 1, 1), true},
		{"9999-12-31", d(9999, 12, 31), true},
		{"2025-02-29", mynumber.Date{}, false},
		{"1900-02-29", mynumber.Date{}, false},
		{"2025-04-31", mynumber.Date{}, false},
		{"2025-13-01", mynumber.Date{}, false},
		{"2025-00-10", mynumber.Date{}, false},
		{"0000-01-01", mynumber.Date{}, false},
		{"2025-1-11", mynumber.Date{}, false},
		{"2025/01/11", mynumber.Date{}, false},
		{"２０２５-０１-１１", mynumber.Date{}, false},
		{"2025-01-1x", mynumber.Date{}, false},
		{"", mynumber.Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := mynumber.ParseDate(tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("ParseDate error = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, mynumber.ErrDate) {
				t.Fatalf("error %v does not wrap ErrDate", err)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if tt.ok && got.String() != tt.in {
				t.Fatalf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
	if _, err := mynumber.NewDate(2025, time.February, 29); !errors.Is(err, mynumber.ErrDate) {
		t.Errorf("NewDate(2025-02-29) error = %v", err)
	}
	if got, err := mynumber.NewDate(2028, time.February, 29); err != nil || got != d(2028, 2, 29) {
		t.Errorf("NewDate(2028-02-29) = %v, %v", got, err)
	}
}

func TestDateOf(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	// 2025-12-31 20:00 UTC is already 1 January in Japan.
	instant := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	if got := mynumber.DateOf(instant.In(jst)); got != d(2026, 1, 1) {
		t.Errorf("DateOf(JST) = %v, want 2026-01-01", got)
	}
	if got := mynumber.DateOf(instant); got != d(2025, 12, 31) {
		t.Errorf("DateOf(UTC) = %v, want 2025-12-31", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  mynumber.Date
		want mynumber.Date
	}{
		{"AddYears plain", d(2026, 1, 11).AddYears(7), d(2033, 1, 11)},
		{"AddYears leap day to common year", d(2024, 2, 29).AddYears(1), d(2025, 2, 28)},
		{"AddYears leap day to leap year", d(2024, 2, 29).AddYears(4), d(2028, 2, 29)},
		{"AddYears leap day to 2100", d(2096, 2, 29).AddYears(4), d(2100, 2, 28)},
		{"AddYears negative", d(2024, 2, 29).AddYears(-1), d(2023, 2, 28)},
		{"AddYears zero", d(2024, 2, 29).AddYears(0), d(2024, 2, 29)},
		{"AddDays over year end", d(2025, 12, 31).AddDays(1), d(2026, 1, 1)},
		{"AddDays into leap day", d(2024, 2, 28).AddDays(1), d(2024, 2, 29)},
		{"AddDays back", d(2025, 3, 1).AddDays(-1), d(2025, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b mynumber.Date
		want int
	}{
		{d(2025, 1, 1), d(2025, 1, 1), 0},
		{d(2025, 1, 1), d(2025, 1, 2), -1},
		{d(2025, 2, 1), d(2025, 1, 31), 1},
		{d(2024, 12, 31), d(2025, 1, 1), -1},
		{mynumber.Date{}, d(1, 1, 1), -1},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.a.Before(tt.b); got != (tt.want < 0) {
			t.Errorf("%v.Before(%v) = %v", tt.a, tt.b, got)
		}
		if got := tt.a.After(tt.b); got != (tt.want > 0) {
			t.Errorf("%v.After(%v) = %v", tt.a, tt.b, got)
		}
	}
	if !(mynumber.Date{}).IsZero() || d(2025, 1, 1).IsZero() || (mynumber.Date{}).Valid() {
		t.Error("IsZero/Valid wrong for the zero Date")
	}
	if got := d(2026, 1, 31).Weekday(); got != time.Saturday {
		t.Errorf("2026-01-31 is a %v, want Saturday", got)
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		At   mynumber.Date `json:"at"`
		Left mynumber.Date `json:"left"`
	}
	b, err := json.Marshal(doc{At: d(2033, 1, 11)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"at":"2033-01-11","left":null}`; got != want {
		t.Fatalf("Marshal = %s, want %s", got, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil || back.At != d(2033, 1, 11) || !back.Left.IsZero() {
		t.Fatalf("Unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"at":""}`), &back); err != nil || !back.At.IsZero() {
		t.Fatalf(`Unmarshal "" = %+v, %v`, back, err)
	}
	for _, bad := range []string{`{"at":"2025-02-29"}`, `{"at":20250101}`, `{"at":"2025-01-01T00:00:00Z"}`} {
		if err := json.Unmarshal([]byte(bad), &back); !errors.Is(err, mynumber.ErrDate) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrDate", bad, err)
		}
	}
	if _, err := json.Marshal(d(2025, 2, 30)); err == nil {
		t.Error("Marshal of an invalid date succeeded")
	}
}

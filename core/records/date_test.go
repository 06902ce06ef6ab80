package records_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/records"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want records.Date
	}{
		{"2025-05-03", records.Date{Y: 2025, M: time.May, D: 3}},
		{"令和元年5月1日", records.Date{Y: 2019, M: time.May, D: 1}},
		{"Ｈ３１．４．３０", records.Date{Y: 2019, M: time.April, D: 30}},
		{"S64/1/7", records.Date{Y: 1989, M: time.January, D: 7}},
		{"", records.Date{}},
		{" 　", records.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := records.ParseDate(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"平成31年5月1日", "2025-02-29", "tomorrow"} {
		t.Run("error "+in, func(t *testing.T) {
			if d, err := records.ParseDate(in); !errors.Is(err, records.ErrDate) || !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v, %v; want ErrDate", in, d, err)
			}
		})
	}
}

func TestDateMethods(t *testing.T) {
	d := records.Date{Y: 2025, M: time.May, D: 3}
	e := records.Date{Y: 2025, M: time.May, D: 4}
	tests := []struct {
		name      string
		got, want any
	}{
		{"String", d.String(), "2025-05-03"},
		{"zero String", records.Date{}.String(), ""},
		{"Wareki", d.Wareki(), "令和7年5月3日"},
		{"Wareki gannen", records.Date{Y: 2019, M: time.May, D: 1}.Wareki(), "令和元年5月1日"},
		{"zero Wareki", records.Date{}.Wareki(), ""},
		{"Wareki before meiji falls back", records.Date{Y: 1850, M: time.January, D: 1}.Wareki(), "1850-01-01"},
		{"IsZero", records.Date{}.IsZero(), true},
		{"not IsZero", d.IsZero(), false},
		{"Valid", d.Valid(), true},
		{"zero not Valid", records.Date{}.Valid(), false},
		{"Feb 30 not Valid", records.Date{Y: 2025, M: time.February, D: 30}.Valid(), false},
		{"month 13 not Valid", records.Date{Y: 2025, M: 13, D: 1}.Valid(), false},
		{"Compare before", d.Compare(e), -1},
		{"Compare after", e.Compare(d), 1},
		{"Compare equal", d.Compare(d), 0},
		{"Compare by year", records.Date{Y: 2024, M: 12, D: 31}.Compare(d), -1},
		{"Compare by month", records.Date{Y: 2025, M: 4, D: 30}.Compare(d), -1},
		{"Before", d.Before(e), true},
		{"not Before self", d.Before(d), false},
		{"DateOf", records.DateOf(time.Date(2025, 5, 3, 23, 59, 0, 0, time.FixedZone("JST", 9*3600))), d},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		P *records.Date `json:"p,omitempty"`
		V records.Date  `json:"v,omitzero"`
		E records.Date  `json:"e"`
	}
	d := records.Date{Y: 2025, M: time.May, D: 3}
	tests := []struct {
		name string
		in   rec
		want string
	}{
		{"set", rec{P: &d, V: d, E: d}, `{"p":"2025-05-03","v":"2025-05-03","e":"2025-05-03"}`},
		{"empty", rec{}, `{"e":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil || string(b) != tt.want {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.want)
			}
			var back rec
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if (back.P == nil) != (tt.in.P == nil) || (back.P != nil && *back.P != *tt.in.P) || back.V != tt.in.V || back.E != tt.in.E {
				t.Errorf("round trip = %+v, want %+v", back, tt.in)
			}
		})
	}
}

func TestDateUnmarshalStrict(t *testing.T) {
	// The stored layout is exact: forms ParseDate accepts are not stored.
	for _, in := range []string{`"2025-5-3"`, `"2025/05/03"`, `"令和7年5月3日"`, `"2025-02-29"`, `"0000-01-01"`, `" 2025-05-03"`, `"2025-05-03T00:00:00Z"`, `20250503`} {
		t.Run(in, func(t *testing.T) {
			var d records.Date
			err := json.Unmarshal([]byte(in), &d)
			if err == nil {
				t.Fatalf("Unmarshal(%s) = %v, want error", in, d)
			}
			if in[0] == '"' && !errors.Is(err, records.ErrDate) {
				t.Errorf("Unmarshal(%s) error %v does not match ErrDate", in, err)
			}
		})
	}
	if _, err := json.Marshal(records.Date{Y: 2025, M: time.February, D: 30}); !errors.Is(err, records.ErrDate) {
		t.Errorf("Marshal of an invalid date: %v, want ErrDate", err)
	}
}

func ExampleParseDate() {
	d, err := records.ParseDate("令和元年５月１日")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(d)
	fmt.Println(d, d.Wareki(), string(b))
	// Output: 2019-05-01 令和元年5月1日 "2019-05-01"
}

package mynumber_test

import (
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestFindCorporate(t *testing.T) {
	base := "700001205000"
	c, err := mynumber.CorporateCheckDigit(base)
	if err != nil {
		t.Fatal(err)
	}
	v := string(rune('0'+c)) + base
	bad := string(rune('0'+(c+1)%10)) + base
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"plain", "法人番号 " + v + " です", []string{v}},
		{"whole text", v, []string{v}},
		{"full-width", "法人番号：" + fullWidth(v), []string{fullWidth(v)}},
		{"wrong check digit", bad, nil},
		{"digit before", "1" + v, nil},
		{"digit after", v + "1", nil},
		{"twelve digits", v[1:], nil},
		{"two", v + "/" + v, []string{v, v}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range mynumber.FindCorporate([]byte(tc.text)) {
				got = append(got, tc.text[s.Start:s.End])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("FindCorporate: %d spans, want %d", len(got), len(tc.want))
			}
		})
	}
}

// FuzzFindAll: FindAll finds exactly what FindIndividual and FindCorporate
// find.
func FuzzFindAll(f *testing.F) {
	f.Add([]byte("1234-5678-9018 7000012050002 123456789018"))
	f.Add([]byte("１２３４５６７８９０１８"))
	f.Fuzz(func(t *testing.T, text []byte) {
		ind, corp := mynumber.FindAll(text, nil, nil)
		if !slices.Equal(ind, mynumber.FindIndividual(text)) || !slices.Equal(corp, mynumber.FindCorporate(text)) {
			t.Fatal("FindAll differs")
		}
	})
}

package mynumber_test

import (
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestPurposes(t *testing.T) {
	want := []mynumber.Purpose{
		"withholding_slip", "payment_record", "salary_report", "dependents_declaration",
		"social_insurance", "employment_insurance", "tax_return", "other_tax_filing",
	}
	got := mynumber.Purposes()
	if len(got) != len(want) {
		t.Fatalf("Purposes() has %d entries, want %d", len(got), len(want))
	}
	for i, p := range want {
		// The codes are stored in vaults; renaming one breaks them.
		if got[i] != p {
			t.Errorf("Purposes()[%d] = %q, want %q", i, got[i], p)
		}
		if !p.Valid() {
			t.Errorf("%q.Valid() = false", p)
		}
		if _, ok := mynumber.RuleFor(p.DocType()); !ok {
			t.Errorf("no default retention rule for purpose %q", p)
		}
	}
	got[0] = "changed"
	if mynumber.Purposes()[0] != want[0] {
		t.Error("Purposes() returned shared storage")
	}
	for _, p := range []mynumber.Purpose{"", "marketing", "Tax_Return", "tax_return "} {
		if p.Valid() {
			t.Errorf("%q.Valid() = true", p)
		}
	}
}

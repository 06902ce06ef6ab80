package mynumber_test

import (
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestDefaultRules(t *testing.T) {
	want := map[mynumber.DocType]mynumber.Rule{
		"withholding_slip":       {Doc: "withholding_slip", Years: 7, Trigger: mynumber.TriggerFiling},
		"payment_record":         {Doc: "payment_record", Years: 7, Trigger: mynumber.TriggerFiling},
		"salary_report":          {Doc: "salary_report", Years: 7, Trigger: mynumber.TriggerFiling},
		"dependents_declaration": {Doc: "dependents_declaration", Years: 7, Trigger: mynumber.TriggerFiling},
		"social_insurance":       {Doc: "social_insurance", Years: 2, Trigger: mynumber.TriggerRetirement},
		"employment_insurance":   {Doc: "employment_insurance", Years: 4, Trigger: mynumber.TriggerRetirement},
		"tax_return":             {Doc: "tax_return", Years: 7, Trigger: mynumber.TriggerFiling},
		"other_tax_filing":       {Doc: "other_tax_filing", Years: 7, Trigger: mynumber.TriggerFiling},
	}
	rules := mynumber.DefaultRules()
	if len(rules) != len(want) {
		t.Fatalf("DefaultRules() has %d rules, want %d", len(rules), len(want))
	}
	for _, r := range rules {
		if w, ok := want[r.Doc]; !ok || r != w {
			t.Errorf("rule %+v, want %+v", r, w)
		}
		if got, ok := mynumber.RuleFor(r.Doc); !ok || got != r {
			t.Errorf("RuleFor(%q) = %+v, %v", r.Doc, got, ok)
		}
	}
	rules[0].Years = 1
	if mynumber.DefaultRules()[0].Years != 7 {
		t.Error("DefaultRules() returned shared storage")
	}
	if _, ok := mynumber.RuleFor("diary"); ok {
		t.Error("RuleFor(unknown) = ok")
	}
}

func TestRuleDue(t *testing.T) {
	rule := func(doc mynumber.DocType) mynumber.Rule {
		r, ok := mynumber.RuleFor(doc)
		if !ok {
			t.Fatalf("no rule for %q", doc)
		}
		return r
	}
	filed := func(y int) mynumber.Facts { return mynumber.Facts{FilingYear: y} }
	retired := func(dt mynumber.Date) mynumber.Facts { return mynumber.Facts{Retired: dt} }
	tests := []struct {
		name  string
		rule  mynumber.Rule
		facts mynumber.Facts
		start mynumber.Date
		due   mynumber.Date // zero: not due (trigger has not happened)
	}{
		// The example: 7 years from 2026-01-11.
		{"扶養控除等申告書 2025", rule("dependents_declaration"), filed(2025), d(2026, 1, 11), d(2033, 1, 11)},
		{"扶養控除等申告書 2026 (Jan 10 on a Sunday is not moved)", rule("dependents_declaration"), filed(2026), d(2027, 1, 11), d(2034, 1, 11)},
		{"扶養控除等申告書 not filed", rule("dependents_declaration"), mynumber.Facts{}, mynumber.Date{}, mynumber.Date{}},
		// 31 January 2025 is a Friday: from 1 February.
		{"源泉徴収票 2024", rule("withholding_slip"), filed(2024), d(2025, 2, 1), d(2032, 2, 1)},
		// 31 January 2026 is a Saturday: deadline Monday 2 February.
		{"源泉徴収票 2025", rule("withholding_slip"), filed(2025), d(2026, 2, 3), d(2033, 2, 3)},
		// 31 January 2027 is a Sunday: deadline Monday 1 February.
		{"支払調書 2026", rule("payment_record"), filed(2026), d(2027, 2, 2), d(2034, 2, 2)},
		{"給与支払報告書 2027", rule("salary_report"), filed(2027), d(2028, 2, 1), d(2035, 2, 1)},
		// 15 March 2024 is a Friday.
		{"確定申告書 2023", rule("tax_return"), filed(2023), d(2024, 3, 16), d(2031, 3, 16)},
		// 15 March 2025 is a Saturday: deadline Monday 17 March.
		{"確定申告書 2024", rule("tax_return"), filed(2024), d(2025, 3, 18), d(2032, 3, 18)},
		// 15 March 2026 is a Sunday: deadline Monday 16 March.
		{"確定申告書 2025", rule("tax_return"), filed(2025), d(2026, 3, 17), d(2033, 3, 17)},
		{"その他の税務届出 2025", rule("other_tax_filing"), filed(2025), d(2027, 1, 1), d(2034, 1, 1)},
		{"雇用保険 left 2025-03-31", rule("employment_insurance"), retired(d(2025, 3, 31)), d(2025, 4, 1), d(2029, 4, 1)},
		{"社会保険 left 2025-03-31", rule("social_insurance"), retired(d(2025, 3, 31)), d(2025, 4, 1), d(2027, 4, 1)},
		{"社会保険 left at year end", rule("social_insurance"), retired(d(2025, 12, 31)), d(2026, 1, 1), d(2028, 1, 1)},
		{"雇用保険 still employed", rule("employment_insurance"), filed(2025), mynumber.Date{}, mynumber.Date{}},
		{"雇用保険 impossible date", rule("employment_insurance"), retired(d(2025, 2, 29)), mynumber.Date{}, mynumber.Date{}},
		// Leap day: left 28 Feb 2024, so the period starts 29 Feb 2024.
		// Two years later there is no 29 Feb: the period ends 28 Feb 2026
		// (民法 第143条第2項) and the record is due on 1 March.
		{"社会保険 period starting on a leap day", rule("social_insurance"), retired(d(2024, 2, 28)), d(2024, 2, 29), d(2026, 3, 1)},
		{"雇用保険 period starting on a leap day, ending in a leap year", rule("employment_insurance"), retired(d(2024, 2, 28)), d(2024, 2, 29), d(2028, 2, 29)},
		{"custom engagement end", mynumber.Rule{Doc: "payment_record", Years: 7, Trigger: mynumber.TriggerEngagementEnd},
			mynumber.Facts{EngagementEnd: d(2025, 12, 31)}, d(2026, 1, 1), d(2033, 1, 1)},
		{"custom acquired", mynumber.Rule{Doc: "other_tax_filing", Years: 1, Trigger: mynumber.TriggerAcquired},
			mynumber.Facts{Acquired: d(2025, 6, 30)}, d(2025, 7, 1), d(2026, 7, 1)},
		{"custom zero years", mynumber.Rule{Doc: "x", Years: 0, Trigger: mynumber.TriggerAcquired},
			mynumber.Facts{Acquired: d(2025, 6, 30)}, d(2025, 7, 1), d(2025, 7, 1)},
		{"custom filing for an unknown type is conservative", mynumber.Rule{Doc: "x", Years: 7, Trigger: mynumber.TriggerFiling},
			filed(2025), d(2027, 1, 1), d(2034, 1, 1)},
		{"negative years", mynumber.Rule{Doc: "x", Years: -1, Trigger: mynumber.TriggerAcquired},
			mynumber.Facts{Acquired: d(2025, 6, 30)}, d(2025, 7, 1), mynumber.Date{}},
		{"unknown trigger", mynumber.Rule{Doc: "x", Years: 1, Trigger: "death"},
			mynumber.Facts{Acquired: d(2025, 6, 30)}, mynumber.Date{}, mynumber.Date{}},
		{"absurd filing year", rule("tax_return"), filed(-5), mynumber.Date{}, mynumber.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, ok := tt.rule.Start(tt.facts)
			if ok != !tt.start.IsZero() || start != tt.start {
				t.Errorf("Start = %v, %v; want %v", start, ok, tt.start)
			}
			due, ok := tt.rule.Due(tt.facts)
			if ok != !tt.due.IsZero() || due != tt.due {
				t.Fatalf("Due = %v, %v; want %v", due, ok, tt.due)
			}
			if ok && !due.Valid() {
				t.Fatalf("Due returned an invalid date %v", due)
			}
		})
	}
}

// TestDueNeverEarly cross-checks Due against 民法 第143条 computed another
// way: the last retained day is the day before the anniversary (or the last
// day of the month when there is none), and Due is the day after it.
func TestDueNeverEarly(t *testing.T) {
	r := mynumber.Rule{Doc: "social_insurance", Years: 0, Trigger: mynumber.TriggerRetirement}
	day := d(2023, 1, 1)
	for range 4 * 366 {
		for years := 1; years <= 7; years++ {
			r.Years = years
			f := mynumber.Facts{Retired: day}
			due, ok := r.Due(f)
			if !ok {
				t.Fatal("Due not ok")
			}
			start := time.Date(day.Y, day.M, day.D+1, 0, 0, 0, 0, time.UTC)
			var lastKept time.Time
			anniversary := time.Date(start.Year()+years, start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
			if anniversary.Month() != start.Month() { // no such day: ends on the month's last day
				lastKept = time.Date(start.Year()+years, start.Month()+1, 0, 0, 0, 0, 0, time.UTC)
			} else {
				lastKept = anniversary.AddDate(0, 0, -1)
			}
			want := mynumber.DateOf(lastKept.AddDate(0, 0, 1))
			if due != want {
				t.Fatalf("left %v, %d years: Due = %v, want %v", day, years, due, want)
			}
		}
		day = day.AddDays(1)
	}
}

func TestOverdue(t *testing.T) {
	dep, _ := mynumber.RuleFor("dependents_declaration")
	emp, _ := mynumber.RuleFor("employment_insurance")
	soc, _ := mynumber.RuleFor("social_insurance")
	employee := mynumber.Facts{FilingYear: 2025, Retired: d(2025, 3, 31)}
	tests := []struct {
		name     string
		rules    []mynumber.Rule
		facts    mynumber.Facts
		today    mynumber.Date
		wantDue  mynumber.Date
		wantPast bool
	}{
		{"day before due", []mynumber.Rule{dep}, employee, d(2033, 1, 10), d(2033, 1, 11), false},
		{"on the due day", []mynumber.Rule{dep}, employee, d(2033, 1, 11), d(2033, 1, 11), true},
		{"after due", []mynumber.Rule{dep}, employee, d(2040, 1, 1), d(2033, 1, 11), true},
		{"latest rule wins", []mynumber.Rule{soc, emp, dep}, employee, d(2030, 1, 1), d(2033, 1, 11), false},
		{"latest rule wins, past", []mynumber.Rule{soc, emp}, employee, d(2030, 1, 1), d(2029, 4, 1), true},
		{"one trigger pending keeps the record", []mynumber.Rule{dep, emp}, mynumber.Facts{FilingYear: 2025}, d(2099, 1, 1), mynumber.Date{}, false},
		{"no rules keeps the record", nil, employee, d(2099, 1, 1), mynumber.Date{}, false},
		{"zero today is never past", []mynumber.Rule{dep}, employee, mynumber.Date{}, d(2033, 1, 11), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, past := mynumber.Overdue(tt.rules, tt.facts, tt.today)
			if due != tt.wantDue || past != tt.wantPast {
				t.Fatalf("Overdue = %v, %v; want %v, %v", due, past, tt.wantDue, tt.wantPast)
			}
		})
	}
}

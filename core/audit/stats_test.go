package audit_test

import (
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
)

func TestStats(t *testing.T) {
	l := office(t)
	st := l.index().Stats(audit.Filter{})
	if st.Total != 10 || st.First != at(t, "2026-11-24 09:00") || st.Last != at(t, "2026-11-26 09:00") {
		t.Fatalf("total %d, %d–%d", st.Total, st.First, st.Last)
	}
	wantActions := []audit.Count{{"client.view", 2}, {"mynumber.reveal", 2}, {"export", 1}, {"login", 1}, {"login.failed", 1},
		{"logout", 1}, {"mynumber.copy", 1}, {"person.edit", 1}}
	if !reflect.DeepEqual(st.ByAction, wantActions) {
		t.Errorf("by action: %v", st.ByAction)
	}
	if want := []audit.Count{{"u-sato", 5}, {"u-suzuki", 3}, {"", 1}, {"u-tanaka", 1}}; !reflect.DeepEqual(st.ByUser, want) {
		t.Errorf("by user: %v", st.ByUser)
	}
	wantDaily := []audit.DayCount{{"2026-11-24", "", 1}, {"2026-11-24", "u-sato", 4}, {"2026-11-24", "u-suzuki", 2},
		{"2026-11-25", "u-sato", 1}, {"2026-11-25", "u-tanaka", 1}, {"2026-11-26", "u-suzuki", 1}}
	if !reflect.DeepEqual(st.Daily, wantDaily) {
		t.Errorf("daily: %v", st.Daily)
	}
	// The denied reveal counts too: an attempt is what an auditor looks for.
	if want := []audit.Count{{"withholding_slip", 2}, {"tax_return", 1}}; !reflect.DeepEqual(st.Reveals, want) {
		t.Errorf("reveals: %v", st.Reveals)
	}
	var hours [24]int
	hours[9], hours[10], hours[11], hours[14], hours[15] = 6, 1, 1, 1, 1
	if st.Hours != hours {
		t.Errorf("hours: %v", st.Hours)
	}
	if len(st.Unusual) != 0 {
		t.Errorf("unusual in an ordinary week: %+v", st.Unusual)
	}

	// Over a filter.
	st = l.index().Stats(audit.Filter{Clients: []string{"c1"}})
	if st.Total != 4 || len(st.ByUser) != 2 || st.ByUser[0] != (audit.Count{"u-sato", 3}) {
		t.Errorf("client c1: %+v", st)
	}
	if st := l.index().Stats(audit.Filter{Users: []string{"u-nobody"}}); st.Total != 0 || st.First != 0 || len(st.Daily) != 0 {
		t.Errorf("nothing selected: %+v", st)
	}
}

// TestStatsDaysInJapan: a day is a day in Japan, whatever the machine's
// zone: 08:59 and 09:00 UTC+9 at midnight UTC are on different days.
func TestStatsDaysInJapan(t *testing.T) {
	l := newLog(t)
	l.add("2026-11-24 23:59:59", audit.Entry{User: "u", Device: "d", Action: audit.ClientView})
	l.add("2026-11-25 00:00:00", audit.Entry{User: "u", Device: "d", Action: audit.ClientView})
	l.add("2026-11-25 08:59:59", audit.Entry{User: "u", Device: "d", Action: audit.ClientView})
	l.add("2026-11-25 09:00:00", audit.Entry{User: "u", Device: "d", Action: audit.ClientView})
	st := l.index().Stats(audit.Filter{})
	if want := []audit.DayCount{{"2026-11-24", "u", 1}, {"2026-11-25", "u", 3}}; !reflect.DeepEqual(st.Daily, want) {
		t.Errorf("daily: %v", st.Daily)
	}
	if st.Hours[23] != 1 || st.Hours[0] != 1 || st.Hours[8] != 1 || st.Hours[9] != 1 {
		t.Errorf("hours: %v", st.Hours)
	}
}

func TestTouched(t *testing.T) {
	x := office(t).index()
	got := x.Touched(audit.Filter{Clients: []string{"c1"}})
	want := []audit.Toucher{
		{User: "u-sato", N: 3, First: at(t, "2026-11-24 09:05"), Last: at(t, "2026-11-25 15:00"),
			Actions: []audit.Count{{"client.view", 1}, {"mynumber.copy", 1}, {"mynumber.reveal", 1}}},
		{User: "u-tanaka", N: 1, First: at(t, "2026-11-25 14:00"), Last: at(t, "2026-11-25 14:00"), Actions: []audit.Count{{"person.edit", 1}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("who touched c1:\n got %+v\nwant %+v", got, want)
	}
	got = x.Touched(audit.Filter{Targets: []string{"mynumber/c2/p2"}})
	if len(got) != 1 || got[0].User != "u-suzuki" || got[0].N != 1 {
		t.Errorf("who touched p2's number: %+v", got)
	}
	if got := x.Touched(audit.Filter{Persons: []string{"p9"}}); len(got) != 0 {
		t.Errorf("nobody touched p9: %+v", got)
	}
}

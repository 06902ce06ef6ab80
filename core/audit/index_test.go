package audit_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
)

func TestQueryFilters(t *testing.T) {
	l := office(t)
	x := l.index()
	all := []string{"d1.1", "d1.2", "d1.3", "d2.1", "d2.2", "d2.3", "d1.4", "d1.5", "d1.6", "d2.4"}
	tests := []struct {
		name string
		f    audit.Filter
		want []string
	}{
		{"everything", audit.Filter{}, all},
		{"one user", audit.Filter{Users: []string{"u-suzuki"}}, []string{"d2.1", "d2.2", "d2.4"}},
		{"two users", audit.Filter{Users: []string{"u-suzuki", "u-tanaka"}}, []string{"d2.1", "d2.2", "d1.5", "d2.4"}},
		{"no user: failed logins", audit.Filter{Users: []string{""}}, []string{"d2.3"}},
		{"unknown user", audit.Filter{Users: []string{"u-nobody"}}, nil},
		{"device", audit.Filter{Devices: []string{"d2"}}, []string{"d2.1", "d2.2", "d2.3", "d2.4"}},
		{"action", audit.Filter{Actions: []audit.Action{audit.NumberReveal}}, []string{"d1.3", "d2.2"}},
		{"actions", audit.Filter{Actions: []audit.Action{audit.NumberReveal, audit.NumberCopy}}, []string{"d1.3", "d2.2", "d1.6"}},
		{"purpose", audit.Filter{Purposes: []string{"withholding_slip"}}, []string{"d1.3", "d1.6"}},
		{"action and purpose", audit.Filter{Actions: []audit.Action{audit.NumberReveal}, Purposes: []string{"tax_return"}}, []string{"d2.2"}},
		{"client: its people too", audit.Filter{Clients: []string{"c1"}}, []string{"d1.2", "d1.3", "d1.5", "d1.6"}},
		{"person", audit.Filter{Persons: []string{"p1"}}, []string{"d1.3", "d1.5", "d1.6"}},
		{"target", audit.Filter{Targets: []string{"mynumber/c1/p1"}}, []string{"d1.3", "d1.6"}},
		{"result denied", audit.Filter{Results: []string{audit.ResultDenied}}, []string{"d2.2"}},
		{"result error code", audit.Filter{Results: []string{"vault.wrong_password"}}, []string{"d2.3"}},
		{"from", audit.Filter{From: at(t, "2026-11-25 00:00")}, []string{"d1.5", "d1.6", "d2.4"}},
		{"to excludes its instant", audit.Filter{To: at(t, "2026-11-24 09:10")}, []string{"d1.1", "d1.2"}},
		{"from includes its instant", audit.Filter{From: at(t, "2026-11-24 09:10"), To: at(t, "2026-11-24 09:30")}, []string{"d1.3", "d2.1"}},
		{"empty range", audit.Filter{From: at(t, "2026-11-24 09:30"), To: at(t, "2026-11-24 09:30")}, nil},
		{"range after the log", audit.Filter{From: at(t, "2027-01-01 00:00")}, nil},
		{"sensitive", audit.Filter{Sensitive: true}, []string{"d1.3", "d2.2", "d1.4", "d1.6"}},
		{"sensitive and user", audit.Filter{Sensitive: true, Users: []string{"u-sato"}}, []string{"d1.3", "d1.4", "d1.6"}},
		{"text: half-width kana finds katakana", audit.Filter{Text: "ﾔﾏﾀﾞ"}, []string{"d2.1", "d2.2"}},
		{"text: hiragana finds katakana", audit.Filter{Text: "やまだ"}, []string{"d2.1", "d2.2"}},
		{"text: spaces are ignored", audit.Filter{Text: "山田太郎"}, []string{"d1.3", "d1.5", "d1.6"}},
		{"text: kanji", audit.Filter{Text: "山田"}, []string{"d1.3", "d1.5", "d1.6"}},
		{"text: login name, full-width", audit.Filter{Text: "ＴＡＮＡＫＡ"}, []string{"d2.3"}},
		{"text: detail", audit.Filter{Text: "rows="}, []string{"d1.4"}},
		{"text: nothing", audit.Filter{Text: "存在しない"}, nil},
		{"text and user", audit.Filter{Text: "あおば", Users: []string{"u-tanaka"}}, []string{"d1.5"}},
		{"everything at once", audit.Filter{Users: []string{"u-sato"}, Devices: []string{"d1"}, Actions: []audit.Action{audit.NumberCopy},
			Purposes: []string{"withholding_slip"}, Clients: []string{"c1"}, Persons: []string{"p1"}, Targets: []string{"mynumber/c1/p1"},
			Results: []string{"ok"}, From: at(t, "2026-11-25 00:00"), To: at(t, "2026-11-26 00:00"), Text: "太郎", Sensitive: true}, []string{"d1.6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := x.Query(tt.f, 0, 100, false)
			equal(t, "oldest first", ops(got), tt.want)
			if total != len(tt.want) {
				t.Errorf("total %d, want %d", total, len(tt.want))
			}
			var streamed []audit.Entry
			for e := range x.Entries(tt.f) {
				streamed = append(streamed, e)
			}
			equal(t, "Entries", ops(streamed), tt.want)
		})
	}
}

func TestQueryPagingAndOrder(t *testing.T) {
	x := office(t).index()
	for _, f := range []audit.Filter{{}, {Devices: []string{"d1"}}, {From: at(t, "2026-11-24 09:05"), To: at(t, "2026-11-26 00:00")}} {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			all, total := x.Query(f, 0, 1000, false)
			rev, _ := x.Query(f, 0, 1000, true)
			if len(all) != total || len(rev) != total {
				t.Fatalf("%d and %d of %d", len(all), len(rev), total)
			}
			for i := range all {
				if all[i] != rev[total-1-i] {
					t.Fatalf("newest first is not the reverse at %d", i)
				}
			}
			for _, newest := range []bool{false, true} {
				want := all
				if newest {
					want = rev
				}
				var paged []audit.Entry
				for off := 0; off < total+3; off += 3 {
					page, n := x.Query(f, off, 3, newest)
					if n != total {
						t.Fatalf("total %d on a page, %d in all", n, total)
					}
					paged = append(paged, page...)
				}
				equal(t, "pages", ops(paged), ops(want))
			}
			if page, n := x.Query(f, 0, 0, false); page != nil && len(page) != 0 || n != total {
				t.Fatalf("limit 0: %d entries, total %d", len(page), n)
			}
			if page, n := x.Query(f, total+5, 10, true); len(page) != 0 || n != total {
				t.Fatalf("past the end: %d entries, total %d", len(page), n)
			}
		})
	}
}

// TestQueryRoundTrip: what the index returns is what was added, every
// field, including op ids the index cannot store as device.seq.
func TestQueryRoundTrip(t *testing.T) {
	l := office(t)
	l.entries[2].Op = "d1.007"            // a leading zero
	l.entries[3].Op = "other.5"           // another device's prefix
	l.entries[4].Op = ""                  // none
	l.entries[5].Op = "d2.99999999999999" // large
	l.entries[6].Detail = "rows=12 purposes=tax_return,withholding_slip"
	x := l.index()
	got, _ := x.Query(audit.Filter{}, 0, 100, false)
	if len(got) != len(l.entries) {
		t.Fatalf("%d entries back of %d", len(got), len(l.entries))
	}
	for i := range got {
		if got[i] != l.entries[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got[i], l.entries[i])
		}
	}
	if x.Len() != len(l.entries) {
		t.Fatalf("Len %d", x.Len())
	}
}

// TestAddOutOfOrder: an entry synced late from another PC takes its place
// in time order; equal times keep the order they were added in.
func TestAddOutOfOrder(t *testing.T) {
	l := office(t)
	x := l.index()
	late := audit.Entry{Time: at(t, "2026-11-24 09:20"), User: "u-tanaka", Device: "d3", Op: "d3.1", Action: audit.ClientView, Client: "c2", Result: "ok"}
	x.Add(&late)
	early := audit.Entry{Time: at(t, "2020-01-01 00:00"), User: "u-tanaka", Device: "d3", Op: "d3.2", Action: audit.Login, Result: "ok"}
	x.Add(&early)
	got, _ := x.Query(audit.Filter{}, 0, 100, false)
	equal(t, "order", ops(got), []string{"d3.2", "d1.1", "d1.2", "d1.3", "d2.1", "d3.1", "d2.2", "d2.3", "d1.4", "d1.5", "d1.6", "d2.4"})
	page, total := x.Query(audit.Filter{Clients: []string{"c2"}, From: at(t, "2026-11-24 09:20")}, 0, 10, false)
	equal(t, "filtered", ops(page), []string{"d2.1", "d3.1", "d2.2"})
	if total != 3 {
		t.Fatalf("total %d", total)
	}
}

func TestValues(t *testing.T) {
	v := office(t).index().Values()
	equal(t, "users", v.Users, []string{"u-sato", "u-suzuki", "u-tanaka"})
	equal(t, "devices", v.Devices, []string{"d1", "d2"})
	equal(t, "clients", v.Clients, []string{"c1", "c2"})
	equal(t, "persons", v.Persons, []string{"p1", "p2"})
	equal(t, "purposes", v.Purposes, []string{"tax_return", "withholding_slip"})
	equal(t, "results", v.Results, []string{"denied", "ok", "vault.wrong_password"})
	equal(t, "actions", v.Actions, []audit.Action{audit.ClientView, audit.Export, audit.Login, audit.LoginFailed, audit.Logout,
		audit.NumberCopy, audit.NumberReveal, audit.PersonEdit})
}

// TestConcurrentAddAndQuery: one writer and several readers at once (run
// with -race to check the locking).
func TestConcurrentAddAndQuery(t *testing.T) {
	l := office(t)
	x := audit.NewIndex()
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Go(func() {
			for range 200 {
				page, total := x.Query(audit.Filter{Users: []string{"u-sato"}}, 0, 5, true)
				if len(page) > total {
					t.Error("a page longer than the total")
					return
				}
				x.Stats(audit.Filter{})
				for range x.Entries(audit.Filter{Text: "山田"}) {
				}
			}
		})
	}
	for round := range 50 {
		for i := range l.entries {
			e := l.entries[i]
			e.Op = fmt.Sprintf("%s.%d", e.Device, round*100+i+1)
			x.Add(&e)
		}
	}
	wg.Wait()
	if x.Len() != 50*len(l.entries) {
		t.Fatalf("Len %d", x.Len())
	}
}

func TestLabels(t *testing.T) {
	l := office(t)
	// A client renamed later: the newest name wins.
	l.add("2026-11-27 09:00", audit.Entry{User: "u-sato", Device: "d1", Action: audit.ClientEdit, Target: "client/c2", Client: "c2", Label: "株式会社ヤマダ商店"})
	// A person's entry never names the client by itself.
	l.add("2026-11-27 09:05", audit.Entry{User: "u-sato", Device: "d1", Action: audit.PersonCreate, Target: "person/c3/p3", Client: "c3", Person: "p3", Label: "鈴木 一郎（丸山工業）"})
	got := l.index().Labels()
	clients, persons := got.Clients, got.Persons
	want := map[string]string{"c1": "株式会社あおば", "c2": "株式会社ヤマダ商店"}
	if fmt.Sprint(clients) != fmt.Sprint(want) {
		t.Errorf("clients: got %v, want %v", clients, want)
	}
	wantP := map[string]string{"p1": "山田 太郎（株式会社あおば）", "p2": "佐藤 花子（ヤマダ商店）", "p3": "鈴木 一郎（丸山工業）"}
	if fmt.Sprint(persons) != fmt.Sprint(wantP) {
		t.Errorf("persons: got %v, want %v", persons, wantP)
	}
	if want := map[string]string{"p1": "c1", "p2": "c2", "p3": "c3"}; fmt.Sprint(got.PersonClient) != fmt.Sprint(want) {
		t.Errorf("person clients: got %v, want %v", got.PersonClient, want)
	}
}

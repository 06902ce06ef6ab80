package audit_test

import (
	"fmt"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
)

// The log viewer's index: filled from vault.LogEntries, then queried page
// by page, newest first.
func ExampleIndex_Query() {
	x := audit.NewIndex()
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.FixedZone("JST", 9*60*60))
	for i, e := range []audit.Entry{
		{User: "u-sato", Device: "d1", Action: audit.ClientView, Client: "c1", Target: "client/c1", Label: "ヤマダ商店", Result: audit.ResultOK},
		{User: "u-sato", Device: "d1", Action: audit.NumberReveal, Client: "c1", Person: "p1", Target: "mynumber/c1/p1",
			Label: "山田 太郎（ヤマダ商店）", Purpose: "withholding_slip", Result: audit.ResultOK},
		{User: "u-suzuki", Device: "d2", Action: audit.ClientView, Client: "c2", Target: "client/c2", Label: "株式会社あおば", Result: audit.ResultOK},
	} {
		e.Time = at.Add(time.Duration(i) * time.Minute).UnixMilli()
		e.Op = fmt.Sprintf("%s.%d", e.Device, i+1)
		x.Add(&e)
	}

	// Typed in half-width kana, found in katakana.
	page, total := x.Query(audit.Filter{Text: "ﾔﾏﾀﾞ"}, 0, 50, true)
	fmt.Println(total, "entries")
	for _, e := range page {
		fmt.Println(e.Op, e.Action, e.Label)
	}
	// Who touched client c1?
	for _, u := range x.Touched(audit.Filter{Clients: []string{"c1"}}) {
		fmt.Println(u.User, u.N)
	}
	// Output:
	// 2 entries
	// d1.2 mynumber.reveal 山田 太郎（ヤマダ商店）
	// d1.1 client.view ヤマダ商店
	// u-sato 2
}

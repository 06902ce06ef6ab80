package access_test

import (
	"fmt"

	"github.com/kinko-jp/kinko/core/access"
)

// A small office: the head (所長) administers, one clerk is the My Number
// handler, one part-timer only reads. One client is marked 所長のみ.
func ExampleDecide() {
	s := access.NewState()
	s.Users["head"] = &access.User{ID: "head", Name: "所長", Role: access.Admin}
	s.Users["clerk"] = &access.User{ID: "clerk", Name: "担当者", Role: access.Handler, Default: access.Edit}
	s.Users["part"] = &access.User{ID: "part", Name: "パート", Role: access.Staff, Default: access.Read}
	s.Clients["sakura"] = false // 株式会社さくら
	s.Clients["family"] = true  // 所長のみ
	s.Handlers["sakura"] = map[string]bool{"clerk": true}

	show := func(actor string, act access.Action, client, target string) {
		if err := access.Decide(s, actor, act, client, target); err != nil {
			fmt.Printf("%-5s %-15s %-6s → %v\n", actor, act, client, err)
			return
		}
		fmt.Printf("%-5s %-15s %-6s → ok\n", actor, act, client)
	}
	show("part", access.ClientRead, "sakura", "")
	show("part", access.ClientEdit, "sakura", "")
	show("clerk", access.ClientRead, "family", "")
	show("head", access.ClientEdit, "family", "")
	show("head", access.MyNumberRead, "sakura", "")
	show("clerk", access.MyNumberEdit, "sakura", "")
	show("clerk", access.GrantMyNumber, "sakura", "part")
	show("clerk", access.GrantMyNumber, "sakura", "head")

	fmt.Println(access.Members(s, access.ClientScope("family")))
	fmt.Println(access.Members(s, access.MyNumberScope("sakura")))
	// Output:
	// part  client-read     sakura → ok
	// part  client-edit     sakura → access: client-edit denied: level-read-only
	// clerk client-read     family → access: client-read denied: level-hidden
	// head  client-edit     family → ok
	// head  mynumber-read   sakura → access: mynumber-read denied: not-handler
	// clerk mynumber-edit   sakura → ok
	// clerk grant-mynumber  sakura → access: grant-mynumber denied: target-role
	// clerk grant-mynumber  sakura → ok
	// [head]
	// [clerk]
}

package app_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestEveryOperationLogsOnce is the property of the access log: whatever
// the user does from the window, in whatever order, each operation adds
// exactly one entry, with the action it did — refusals included.
func TestEveryOperationLogsOnce(t *testing.T) {
	for seed := range uint64(3) {
		t.Run("seed", func(t *testing.T) {
			a, client, person := reportsApp(t, app.FolderDialogs{Dir: wintest.TempDir(t)})
			vs, cs, ns, rs := a.Vault(), app.Clients(a), app.Numbers(a), app.Reports(a)
			staff, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "read"})
			if err != nil {
				t.Fatal(err)
			}
			today, _ := mynumber.NewDate(2026, time.April, 1)
			n := 0
			ops := []struct {
				action audit.Action
				do     func() error
			}{
				{audit.ClientView, func() error { _, err := cs.Client(client); return err }},
				{audit.ClientCreate, func() error {
					_, err := cs.CreateClient(records.Client{Kind: records.KindIndividual, Name: "新規 顧客"}, false, nil)
					return err
				}},
				{audit.ClientEdit, func() error {
					c, err := cs.Client(client) // a view of its own: counted below
					if err != nil {
						return err
					}
					c.Client.Notes = "memo"
					return cs.UpdateClient(c.Client, c.Versions)
				}},
				{audit.PersonCreate, func() error {
					_, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RoleEmployee}, Name: "追加 一郎"}, nil)
					return err
				}},
				{audit.PersonDelete, func() error {
					id, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RolePayee}, Name: "削除 二郎"}, nil)
					if err != nil {
						return err
					}
					p, err := cs.Person(client, id)
					if err != nil {
						return err
					}
					return cs.DeletePerson(client, id, p.Versions)
				}},
				{audit.NumberReveal, func() error { _, err := ns.Reveal(client, person, "withholding_slip"); return err }},
				{audit.NumberReveal, func() error { _, err := ns.Reveal(client, person, "tax_return"); return err }}, // refused: not recorded
				{audit.NumberCopy, func() error { return ns.Copied(client, person, "withholding_slip") }},
				{audit.NumberAcquire, func() error {
					id, err := cs.SavePerson(records.Person{ClientID: client, Roles: []records.PersonRole{records.RoleDependent}, Name: "扶養 三郎"}, nil)
					if err != nil {
						return err
					}
					_, err = ns.Acquire(app.AcquireRequest{Client: client, Person: id, Number: "987654321018", Confirm: "987654321018",
						Purposes:     []mynumber.Purpose{mynumber.PurposeDependentsDeclaration},
						Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}})
					return err
				}},
				{audit.FilingExport, func() error {
					_, err := ns.SaveFiling(office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip}, "shift_jis", "ja")
					return err
				}},
				{audit.ReportView, func() error { _, err := rs.Ledger(); return err }},
				{audit.ReportSave, func() error { _, err := rs.SaveLedger("csv", "utf-8-bom", "ja"); return err }},
				{audit.Print, func() error { return rs.Printed("erasures") }},
				{audit.Grant, func() error { return vs.SetLevel(staff, client, "edit") }},
				{audit.Revoke, func() error { return vs.SetLevel(staff, client, "hidden") }},
				{audit.Settings, func() error { return vs.SetOwnerOnly(client, false) }},
				{audit.UserEdit, func() error {
					return vs.UpdateUser(staff, app.UserChangeRequest{Name: "鈴木 花子", Role: "staff", Default: "read"})
				}},
				{audit.Password, func() error { return vs.ChangePassword("wrong-old-password", "another-password-1") }},
			}
			rng := rand.New(rand.NewPCG(seed, 1))
			before, err := app.LogEntries(a)
			if err != nil {
				t.Fatal(err)
			}
			n = len(before)
			for range 40 {
				op := ops[rng.IntN(len(ops))]
				op.do() // refusals are logged too
				es, err := app.LogEntries(a)
				if err != nil {
					t.Fatal(err)
				}
				want := 1
				switch op.action {
				case audit.ClientEdit, audit.PersonDelete, audit.NumberAcquire:
					want = 2 // the view or the person it needed first
				}
				if len(es) != n+want || es[len(es)-1].Action != op.action {
					t.Fatalf("%s added %d entries (last %q), want %d", op.action, len(es)-n, es[len(es)-1].Action, want)
				}
				last := es[len(es)-1]
				if last.User == "" || last.Device == "" || last.Time == 0 || last.Result == "" {
					t.Fatalf("incomplete entry %+v", last)
				}
				n = len(es)
			}
			// Lock and a failed and a good login: one entry each.
			vs.Lock()
			if _, err := vs.Login("yamada", "not-the-password", false); err == nil {
				t.Fatal("a wrong password logged in")
			}
			if _, err := vs.Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
				t.Fatal(err)
			}
			es, _ := app.LogEntries(a)
			got := []audit.Action{}
			for _, e := range es[n:] {
				got = append(got, e.Action)
			}
			if len(got) != 3 || got[0] != audit.Lock || got[1] != audit.LoginFailed || got[2] != audit.Login {
				t.Fatalf("lock and logins: %v", got)
			}
			if es[n+1].User != "" || es[n+1].Login != "yamada" || es[n+1].Result != "vault.wrong_password" {
				t.Fatalf("failed login entry %+v", es[n+1])
			}
			for _, e := range es {
				if strings.Contains(e.Label+e.Detail, "123456789018") || strings.Contains(e.Label+e.Detail, "987654321018") {
					t.Fatal("a number in the log")
				}
			}
		})
	}
}

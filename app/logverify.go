package app

import (
	"cmp"
	"maps"
	"strings"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

// NameBook turns the ids the access log stores into the words people know:
// users by name, devices by PC name and OS account.
type NameBook struct {
	Users   map[string]string `json:"users"`
	Devices map[string]string `json:"devices"`
}

// LogNames reads the names of v's users and devices (public roster data).
func LogNames(v *vault.Vault) *NameBook {
	n := &NameBook{Users: map[string]string{}, Devices: map[string]string{}}
	for _, a := range v.Accounts() {
		n.Users[a.ID] = a.Name
	}
	for _, d := range v.Devices() {
		n.Devices[d.ID] = d.Name + "（" + d.OSUser + "）"
	}
	return n
}

// AuditNames is what the log's reports need to name ids: v's users and
// devices, the clients and people by the newest names idx holds, and the
// clients (id → name) the reader can see by their current names.
func AuditNames(v *vault.Vault, idx *audit.Index, clients map[string]string) audit.Names {
	n := audit.Names{Users: map[string]string{}, Devices: map[string]audit.DeviceName{}, Clients: map[string]string{}, Persons: map[string]string{}}
	if idx != nil {
		l := idx.Labels()
		n.Clients, n.Persons = l.Clients, l.Persons
	}
	maps.Copy(n.Clients, clients)
	for _, a := range v.Accounts() {
		n.Users[a.ID] = a.Name
	}
	for _, d := range v.Devices() {
		n.Devices[d.ID] = audit.DeviceName{PC: d.Name, OSUser: d.OSUser}
	}
	return n
}

// User names a user id ("" → nobody logged in).
func (n *NameBook) User(id string) string { return cmp.Or(n.Users[id], id) }

// Device names a device id.
func (n *NameBook) Device(id string) string { return cmp.Or(n.Devices[id], id) }

// DescribeProblem says what a verification problem means, with names, in
// the words of t (key audit.verify.problem.<kind>).
func DescribeProblem(t func(key string, params map[string]any) string, n *NameBook, p audit.Problem) string {
	witness := t("audit.verify.thisPC", nil)
	if p.Witness != "" {
		witness = n.Device(p.Witness)
	}
	return t("audit.verify.problem."+strings.ReplaceAll(p.Kind, "-", "_"), map[string]any{
		"device": n.Device(p.Device), "seq": p.Seq, "segment": p.Segment, "author": n.User(p.Author), "signer": n.User(p.Signer),
		"witness": witness, "held": p.Held, "seen": p.Seen,
	})
}

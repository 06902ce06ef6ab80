package app

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// HeldView is a record edit held because its author's rights were
// withdrawn concurrently (or refused), as the 同期と検証 view shows it to a
// 責任者: names rather than ids, and the content only once opened.
type HeldView struct {
	Op       string `json:"op"`
	Target   string `json:"target"`
	Kind     string `json:"kind"`     // "client", "person", "mynumber", "office"
	Label    string `json:"label"`    // the record's name as the user knows it ("" if unknown)
	Author   string `json:"author"`   // user name
	AuthorID string `json:"authorId"` // user id
	Device   string `json:"device"`   // PC name
	Time     int64  `json:"time"`     // unix ms: the author's claim
	Reason   string `json:"reason"`   // "concurrent" or "denied"
	Open     bool   `json:"open"`     // the user may open and re-apply it
	Text     string `json:"text,omitempty"`
}

// HeldChanges lists the held record edits (責任者 only): who, when, on
// which PC, which record, why; never their content.
func (s *VaultService) HeldChanges() ([]HeldView, error) {
	out := []HeldView{}
	err := s.withVault(func(v *vault.Vault) error {
		hs, err := v.HeldChanges()
		if err != nil {
			return err
		}
		off, _ := s.office()
		names, pcs := s.heldNames(v)
		for _, h := range hs {
			out = append(out, heldView(off, names, pcs, h))
		}
		return nil
	})
	return out, err
}

// HeldChange opens a held record edit, content included: a view of the
// record, logged as opening the client's file.
func (s *VaultService) HeldChange(op string) (*HeldView, error) {
	var out *HeldView
	var target string
	err := s.withVault(func(v *vault.Vault) error {
		h, err := v.HeldChange(op)
		if err != nil {
			target = HeldTarget(v, op)
			return err
		}
		off, _ := s.office()
		names, pcs := s.heldNames(v)
		hv := heldView(off, names, pcs, *h)
		hv.Text = heldText(h.Data)
		out, target = &hv, h.Target
		return nil
	})
	off, _ := s.office()
	e := HeldEntry(off, audit.ClientView, target)
	e.Detail = "held=" + op
	if err := s.trace(e, err); err != nil {
		return nil, err
	}
	return out, nil
}

// Reapply writes a held record edit's content as a new version under the
// logged-in 責任者's name; the held edit stays held. It returns the new
// version's id.
func (s *VaultService) Reapply(op string) (string, error) {
	var id, target string
	err := s.withVault(func(v *vault.Vault) error {
		target = HeldTarget(v, op)
		var err error
		id, err = Reapply(v, op)
		return err
	})
	if err == nil {
		s.mu.Lock()
		if s.off == nil || s.off.Update([]string{target}) != nil {
			s.syncOfficeLocked(true) // the search index and names follow the new version
		}
		s.mu.Unlock()
	}
	off, _ := s.office()
	e := HeldEntry(off, audit.ClientEdit, target)
	e.Detail = "reapply=" + op
	return id, s.trace(e, err)
}

// Reapply is vault.Reapply after checking that a client's or person's
// record names the record it is re-applied to: the content is the held
// author's, and a record claiming another's identity would confuse the
// names and index built from it. The window and the CLI both use it.
// Errors: those of vault.HeldChange and vault.Reapply.
func Reapply(v *vault.Vault, op string) (string, error) {
	h, err := v.HeldChange(op)
	if err != nil {
		return "", err
	}
	kind, id, _ := strings.Cut(h.Target, "/")
	var who struct {
		ID       string `json:"id"`
		ClientID string `json:"client_id"`
	}
	switch kind {
	case "client":
		if json.Unmarshal(h.Data, &who) != nil || who.ID != id {
			return "", vault.ErrInvalidOp
		}
	case "person":
		if json.Unmarshal(h.Data, &who) != nil || records.PersonTarget(who.ClientID, who.ID) != h.Target {
			return "", vault.ErrInvalidOp
		}
	}
	return v.Reapply(op)
}

// HeldEntry is the entry about a held edit of target: a client's or a
// person's entry (labelled as the log labels them), or an office record's.
// An empty target (the held edit could not be found) names nothing.
func HeldEntry(off *office.Office, action audit.Action, target string) audit.Entry {
	kind, rest, _ := strings.Cut(target, "/")
	client, person, _ := strings.Cut(rest, "/")
	switch kind {
	case "client":
		return ClientEntry(off, action, rest)
	case "person", "mynumber":
		if action == audit.ClientEdit {
			action = audit.PersonEdit
			if kind == "mynumber" {
				action = audit.NumberAcquire
			}
		}
		return PersonEntry(off, action, kind, client, person)
	case "office":
		if action == audit.ClientEdit {
			action = audit.Settings
		}
	}
	return audit.Entry{Action: action, Target: target}
}

// HeldTarget is the target of held edit op, as far as the session may
// list it (a 責任者); "" otherwise. For the entry of a refused attempt.
func HeldTarget(v *vault.Vault, op string) string {
	hs, _ := v.HeldChanges()
	for _, h := range hs {
		if h.Op == op {
			return h.Target
		}
	}
	return ""
}

// heldNames maps user ids to names and device ids to PC names.
func (s *VaultService) heldNames(v *vault.Vault) (names, pcs map[string]string) {
	names, pcs = map[string]string{}, map[string]string{}
	for _, a := range v.Accounts() {
		names[a.ID] = a.Name
	}
	for _, d := range v.Status().Devices {
		pcs[d.ID] = d.Name
	}
	return names, pcs
}

func heldView(off *office.Office, names, pcs map[string]string, h vault.HeldChange) HeldView {
	kind, _, _ := strings.Cut(h.Target, "/")
	return HeldView{Op: h.Op, Target: h.Target, Kind: kind, Label: HeldEntry(off, audit.ClientView, h.Target).Label,
		Author: names[h.Author], AuthorID: h.Author, Device: pcs[h.Device], Time: h.Time, Reason: h.Reason, Open: h.Open}
}

// heldText is a record's content as text: JSON indented, anything else as
// it is.
func heldText(data []byte) string {
	var b bytes.Buffer
	if json.Indent(&b, data, "", "  ") == nil {
		return b.String()
	}
	return string(data)
}

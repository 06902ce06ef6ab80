package app

import (
	"strconv"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// ClientsService is the bound service of the clients area: the search box,
// the client list, client and person forms. Every call needs a login.
type ClientsService struct {
	vs      *VaultService
	pending pendingImports
}

// SearchHit is one search result as the list shows it.
type SearchHit struct {
	Target     string `json:"target"`
	Kind       string `json:"kind"` // "client" | "person"
	ClientID   string `json:"clientId"`
	Name       string `json:"name"`
	Kana       string `json:"kana"`
	Code       string `json:"code"`
	Phone      string `json:"phone"`
	ClientName string `json:"clientName"` // for people
	Match      int    `json:"match"`      // 0 exact, 1 prefix, 2 substring, 3 other field
}

// Search answers one keystroke of the search box.
func (c *ClientsService) Search(q string, limit int) ([]SearchHit, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	hits := off.Search(q, limit)
	out := make([]SearchHit, 0, len(hits))
	for _, h := range hits {
		hit := SearchHit{Target: h.Target, Kind: string(h.Kind), ClientID: h.ClientID, Name: h.Name, Kana: h.Kana,
			Code: h.Code, Phone: h.Phone, Match: int(h.Match)}
		if h.Kind == records.DocPerson {
			hit.ClientName = h.Extra // a person's Extra is their client's name
		}
		out = append(out, hit)
	}
	return out, nil
}

// Clients lists every client the user may read.
func (c *ClientsService) Clients() ([]records.Client, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	list, err := off.Clients()
	if list == nil {
		list = []records.Client{}
	}
	return list, Err(err)
}

// CodeConflicts lists the client codes several clients the user can read
// share: two PCs gave the same code to a new client before they synced.
// The user resolves one by giving one of the clients another code.
func (c *ClientsService) CodeConflicts() ([]office.CodeConflict, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	list, err := off.CodeConflicts()
	return list, Err(err)
}

// ClientView is a client with the versions an edit must name.
type ClientView struct {
	Client   records.Client `json:"client"`
	Versions []string       `json:"versions"`
	Conflict bool           `json:"conflict"`
}

// Client reads one client.
func (c *ClientsService) Client(id string) (*ClientView, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	v, err := off.Client(id)
	if err := c.vs.trace(c.vs.clientEntry(audit.ClientView, id), err); err != nil {
		return nil, err
	}
	return &ClientView{Client: v.Value, Versions: v.Versions, Conflict: v.Conflict}, nil
}

// CreateClient adds a client; ownerOnly makes it 所長のみ and hidden (user
// ids) are 開示不能 on it from its creation, so its first key is never
// wrapped to them. Both need a 責任者 (the vault refuses otherwise).
// Validation errors come back as records.invalid with the fields and their
// codes.
func (c *ClientsService) CreateClient(cl records.Client, ownerOnly bool, hidden []string) (string, error) {
	off, err := c.vs.office()
	if err != nil {
		return "", Err(err)
	}
	acc := newClient(ownerOnly, hidden)
	id, err := off.CreateClientWith(cl, acc)
	e := c.vs.clientEntry(audit.ClientCreate, id)
	e.Label = cl.Name
	e.Detail = accessDetail(acc)
	return id, c.vs.trace(e, err)
}

// newClient is what a client is created with: 所長のみ, and the users
// hidden from it (empty ids dropped).
func newClient(ownerOnly bool, hidden []string) vault.NewClient {
	acc := vault.NewClient{OwnerOnly: ownerOnly}
	for _, u := range hidden {
		if u == "" {
			continue
		}
		if acc.Levels == nil {
			acc.Levels = map[string]access.Level{}
		}
		acc.Levels[u] = access.Hidden
	}
	return acc
}

// accessDetail is the log entry's Detail for what a client was created
// with ("owner_only=true hidden=2"); "" for neither. It counts the hidden
// users and never names them.
func accessDetail(acc vault.NewClient) string {
	var parts []string
	if acc.OwnerOnly {
		parts = append(parts, "owner_only=true")
	}
	if len(acc.Levels) > 0 {
		parts = append(parts, "hidden="+strconv.Itoa(len(acc.Levels)))
	}
	return strings.Join(parts, " ")
}

// UpdateClient saves an edited client; versions are those read.
func (c *ClientsService) UpdateClient(cl records.Client, versions []string) error {
	off, err := c.vs.office()
	if err != nil {
		return Err(err)
	}
	return c.vs.trace(c.vs.clientEntry(audit.ClientEdit, cl.ID), off.UpdateClient(cl, versions))
}

// People lists a client's people.
func (c *ClientsService) People(client string) ([]records.Person, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	list, err := off.People(client)
	if list == nil {
		list = []records.Person{}
	}
	return list, Err(err)
}

// PersonView is a person with the versions an edit must name.
type PersonView struct {
	Person   records.Person `json:"person"`
	Versions []string       `json:"versions"`
	Conflict bool           `json:"conflict"`
}

// Person reads one person.
func (c *ClientsService) Person(client, id string) (*PersonView, error) {
	off, err := c.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	v, err := off.Person(client, id)
	if err != nil {
		return nil, Err(err)
	}
	return &PersonView{Person: v.Value, Versions: v.Versions, Conflict: v.Conflict}, nil
}

// SavePerson creates (no id, no versions) or updates a person; it returns
// the person's id.
func (c *ClientsService) SavePerson(p records.Person, versions []string) (string, error) {
	off, err := c.vs.office()
	if err != nil {
		return "", Err(err)
	}
	action := audit.PersonEdit
	if p.ID == "" {
		action = audit.PersonCreate
	}
	id, err := off.PutPerson(p, versions)
	p.ID = id
	e := c.vs.personTarget(action, p)
	if e.Label == "" {
		e.Label = p.Name
	}
	return id, c.vs.trace(e, err)
}

// MyNumberService is the bound service of My Number handling: acquisition
// with 本人確認, the masked view, reveal for a recorded purpose, and 廃棄.
type MyNumberService struct {
	vs      *VaultService
	capture captureGuard
}

// NumberView is a person's number record as screens show it: masked.
type NumberView struct {
	Masked       string                `json:"masked"`
	Purposes     []mynumber.Purpose    `json:"purposes"`
	Verification mynumber.Verification `json:"verification"`
	AcquiredBy   string                `json:"acquiredBy"`
	AcquiredAt   mynumber.Date         `json:"acquiredAt" ts_type:"string"`
	Role         string                `json:"role"`
	Scans        int                   `json:"scans"`
	Versions     []string              `json:"versions"`
}

// Info returns the person's number record, or null when none is on file.
func (m *MyNumberService) Info(client, person string) (*NumberView, error) {
	off, err := m.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	view, err := NumberInfo(off, client, person)
	return view, Err(err)
}

// NumberInfo is a person's number record masked, or nil when none is on
// file: what the window's Info and `kinko mynumber show` show.
func NumberInfo(off *office.Office, client, person string) (*NumberView, error) {
	r, err := off.NumberInfo(client, person)
	if err == office.ErrNoNumber {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := r.Value
	return &NumberView{Masked: v.Masked(), Purposes: v.Purposes, Verification: v.Verification, AcquiredBy: v.AcquiredBy,
		AcquiredAt: v.AcquiredAt, Role: v.Role, Scans: len(v.Scans), Versions: r.Versions}, nil
}

// AcquireRequest is the acquisition form. Number and Confirm are the two
// typed entries; they are checked and sealed, never stored as typed.
type AcquireRequest struct {
	Client       string                `json:"client"`
	Person       string                `json:"person"`
	Number       string                `json:"number"`
	Confirm      string                `json:"confirm"`
	Role         string                `json:"role"`
	Purposes     []mynumber.Purpose    `json:"purposes"`
	Verification mynumber.Verification `json:"verification"`
	Scans        [][]byte              `json:"scans"`
	Versions     []string              `json:"versions"` // when replacing a number on file
}

// Acquire stores a person's number and returns the 本人確認 warnings.
func (m *MyNumberService) Acquire(req AcquireRequest) ([]string, error) {
	off, err := m.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	warnings, e, err := AcquireNumber(off, m.vs.now(), req)
	return warnings, m.vs.trace(e, err)
}

// AcquireNumber stores a person's number as req asks, on the day of now,
// and returns the 本人確認 warnings and the entry to write with the
// outcome. The window's Acquire and `kinko mynumber add` both go through
// it, so an acquisition is checked and logged alike whichever face made
// it; the entry names the person and the purposes, never the number.
func AcquireNumber(off *office.Office, now time.Time, req AcquireRequest) ([]string, audit.Entry, error) {
	today, _ := mynumber.NewDate(now.Year(), now.Month(), now.Day())
	warnings, err := off.Acquire(office.Acquisition{Client: req.Client, Person: req.Person, Number: req.Number, Confirm: req.Confirm,
		Role: req.Role, Purposes: req.Purposes, Verification: req.Verification, Scans: req.Scans, Today: today}, req.Versions)
	if warnings == nil {
		warnings = []string{}
	}
	e := PersonEntry(off, audit.NumberAcquire, "mynumber", req.Client, req.Person)
	e.Detail = purposesDetail(req.Purposes)
	return warnings, e, err
}

// Reveal returns the 12 digits for one recorded purpose. This is the only
// call that gives a number to the window; the window re-masks it on a
// timer and keeps it out of the screen capture.
func (m *MyNumberService) Reveal(client, person, purpose string) (string, error) {
	off, err := m.vs.office()
	if err != nil {
		return "", Err(err)
	}
	n, err := off.Reveal(client, person, mynumber.Purpose(purpose))
	e := m.vs.personEntry(audit.NumberReveal, "mynumber", client, person)
	e.Purpose = purpose
	// Logged before the number leaves: no entry, no number.
	if err := m.vs.trace(e, err); err != nil {
		return "", err
	}
	m.capture.reveal()
	return n.Reveal(), nil
}

// Copied records that the window copied a revealed number to the
// clipboard (which it clears after a few seconds).
func (m *MyNumberService) Copied(client, person, purpose string) error {
	e := m.vs.personEntry(audit.NumberCopy, "mynumber", client, person)
	e.Purpose = purpose
	return m.vs.trace(e, nil)
}

// Conceal tells that a revealed number is masked again; when none is
// shown any more the window may be captured again.
func (m *MyNumberService) Conceal() {
	m.capture.conceal()
}

// ProposeErasure proposes the 廃棄 of a person's number (handlers).
func (m *MyNumberService) ProposeErasure(client, person, reason string, docs []string) (string, error) {
	off, err := m.vs.office()
	if err != nil {
		return "", Err(err)
	}
	id, err := off.ProposeErasure(client, person, reason, docs)
	e := m.vs.personEntry(audit.ErasePropose, "mynumber", client, person)
	e.Detail = "reason=" + reason
	return id, m.vs.trace(e, err)
}

// ApproveErasure approves a proposal (責任者): the number is erased.
func (m *MyNumberService) ApproveErasure(id string) error {
	e := audit.Entry{Action: audit.EraseApprove, Detail: "proposal=" + id}
	if es, err := m.Erasures(); err == nil {
		for _, p := range es {
			if p.ID == id {
				if c, per, ok := strings.Cut(strings.TrimPrefix(p.Target, "mynumber/"), "/"); ok {
					e = m.vs.personEntry(audit.EraseApprove, "mynumber", c, per)
					e.Detail = "proposal=" + id
				}
			}
		}
	}
	return m.vs.trace(e, m.vs.withVault(func(v *vault.Vault) error { return v.ApproveErasure(id) }))
}

// Erasures lists pending proposals and the 廃棄記録.
func (m *MyNumberService) Erasures() ([]vault.Erasure, error) {
	out := []vault.Erasure{}
	err := m.vs.withVault(func(v *vault.Vault) error {
		es, err := v.Erasures()
		out = append(out, es...)
		return err
	})
	return out, err
}

// Choices are the fixed lists the forms offer, as stable codes the window
// translates.
type Choices struct {
	Purposes []mynumber.Purpose `json:"purposes"`
	Docs     []mynumber.Doc     `json:"docs"`
	Methods  []mynumber.Method  `json:"methods"`
	Reasons  []string           `json:"reasons"`
}

// Choices returns the purposes, documents, methods and erasure reasons.
func (m *MyNumberService) Choices() Choices {
	return Choices{Purposes: mynumber.Purposes(), Docs: mynumber.Docs(), Methods: mynumber.Methods(),
		Reasons: vault.ErasureReasons()}
}

// Retention lists every number the user can open with the day it may be
// erased; those past it first (the deletion queue).
func (m *MyNumberService) Retention() ([]office.RetentionItem, error) {
	off, err := m.vs.office()
	if err != nil {
		return nil, Err(err)
	}
	items, err := off.Retention(mynumber.DateOf(m.vs.now()))
	if items == nil {
		items = []office.RetentionItem{}
	}
	return items, Err(err)
}

// DeletePerson deletes a person; one with a My Number on file must have
// it erased first (mynumber.must_erase_first).
func (c *ClientsService) DeletePerson(client, id string, versions []string) error {
	off, err := c.vs.office()
	if err != nil {
		return Err(err)
	}
	e := c.vs.personEntry(audit.PersonDelete, "person", client, id)
	return c.vs.trace(e, off.DeletePerson(client, id, versions))
}

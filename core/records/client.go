package records

import "strings"

// ClientKind says what a client (顧問先) is in tax terms. The values are a
// stored format.
type ClientKind string

// Client kinds.
const (
	KindCorporation    ClientKind = "corporation"     // 法人
	KindSoleProprietor ClientKind = "sole_proprietor" // 個人事業主
	KindIndividual     ClientKind = "individual"      // 個人 (確定申告, 相続 …)
)

// Valid reports whether k is one of the ClientKind constants.
func (k ClientKind) Valid() bool {
	switch k {
	case KindCorporation, KindSoleProprietor, KindIndividual:
		return true
	}
	return false
}

// Client is a client of the office (顧問先). The vault seals it in the
// client's own scope (client:<id>), so a user for whom the client is hidden
// (開示不能, 所長のみ) holds no key to it; JSON field names are a stored
// format (see the package documentation).
type Client struct {
	// ID is the vault's record id; it never changes.
	ID string `json:"id"`
	// Code is the office's own client code (顧問先コード, "A-0012"), chosen
	// by the office and shared with its accounting software. Optional.
	Code string     `json:"code,omitempty"`
	Kind ClientKind `json:"kind"`
	// Name is the client's name as written on documents (株式会社山田商事,
	// 山田太郎). Personal data for individuals.
	Name string `json:"name"`
	// Kana is the reading (フリガナ), stored as full-width katakana with an
	// ideographic space between words.
	Kana string `json:"kana,omitempty"`
	// CorporateNumber is the 13-digit 法人番号, for corporations only. It is
	// public information, unlike a My Number, and may be shown and logged.
	CorporateNumber string `json:"corporate_number,omitempty"`
	// Postal is the postal code, "123-4567".
	Postal   string    `json:"postal,omitempty"`
	Address  string    `json:"address,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Email    string    `json:"email,omitempty"`
	Contacts []Contact `json:"contacts,omitempty"`
	// FiscalMonth is the month the fiscal year ends (決算月), 1–12, or 0 if
	// unknown. Individuals and sole proprietors close in December.
	FiscalMonth int `json:"fiscal_month,omitempty"`
	// Staff lists the user ids of the office staff in charge (担当者).
	Staff []string `json:"staff,omitempty"`
	// EngagedFrom and EngagedUntil bound the engagement (顧問契約); nil when
	// unknown or ongoing. The end of an engagement can start retention
	// periods elsewhere.
	EngagedFrom  *Date    `json:"engaged_from,omitempty" ts_type:"string"`
	EngagedUntil *Date    `json:"engaged_until,omitempty" ts_type:"string"`
	Notes        string   `json:"notes,omitempty"`
	Tags         []string `json:"tags,omitempty"`
}

// Contact is a person to talk to at a client (経理担当者, the owner's
// spouse, …). Contacts are not Persons: they have no roles and no My Number.
type Contact struct {
	Name  string `json:"name"`
	Kana  string `json:"kana,omitempty"`
	Title string `json:"title,omitempty"` // 役職 or relationship, free text
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Normalize rewrites c's formatting in place before validation and storage:
// it trims every text field; writes readings as full-width katakana
// (hiragana and half-width katakana converted, spaces collapsed); postal
// codes as "NNN-NNNN"; phone numbers in ASCII digits with hyphens; the
// corporate number as digits only; removes empty and duplicate staff ids
// and tags (tags compared after jtext.Fold), drops contacts with every field
// empty, and turns pointers to the zero Date into nil. It never fails and is
// idempotent; values it cannot bring into shape are left for Validate.
func (c *Client) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Code = strings.TrimSpace(narrow(c.Code))
	c.Kind = ClientKind(strings.TrimSpace(string(c.Kind)))
	c.Name = strings.TrimSpace(c.Name)
	c.Kana = normalizeKana(c.Kana)
	c.CorporateNumber = normalizeCorporateNumber(c.CorporateNumber)
	c.Postal = normalizePostal(c.Postal)
	c.Address = strings.TrimSpace(c.Address)
	c.Phone = normalizePhone(c.Phone)
	c.Email = normalizeEmail(c.Email)
	var contacts []Contact
	for _, ct := range c.Contacts {
		ct.normalize()
		if ct != (Contact{}) {
			contacts = append(contacts, ct)
		}
	}
	c.Contacts = contacts
	c.Staff = normalizeList(c.Staff, false)
	c.EngagedFrom = normalizeDate(c.EngagedFrom)
	c.EngagedUntil = normalizeDate(c.EngagedUntil)
	c.Notes = strings.TrimSpace(c.Notes)
	c.Tags = normalizeList(c.Tags, true)
}

func (ct *Contact) normalize() {
	ct.Name = strings.TrimSpace(ct.Name)
	ct.Kana = normalizeKana(ct.Kana)
	ct.Title = strings.TrimSpace(ct.Title)
	ct.Phone = normalizePhone(ct.Phone)
	ct.Email = normalizeEmail(ct.Email)
}

// Validate checks c as it is (call Normalize first) and returns nil or a
// *ValidationError (matching ErrInvalid) listing every problem with its JSON
// path and code. Required: id, kind, name, and a name for each contact.
// Text fields are bounded (MaxCodeLen, MaxTextLen, MaxNotesLen) and hold no
// control characters; only the notes may hold tabs and line breaks.
// The app calls it before sealing a client; an import calls it per row.
func (c *Client) Validate() error {
	var p problems
	if c.ID == "" {
		p.add("id", CodeRequired)
	}
	switch {
	case c.Kind == "":
		p.add("kind", CodeRequired)
	case !c.Kind.Valid():
		p.add("kind", CodeKindUnknown)
	}
	checkText(&p, "code", c.Code, MaxCodeLen, false)
	if c.Name == "" {
		p.add("name", CodeRequired)
	}
	checkText(&p, "name", c.Name, MaxTextLen, false)
	checkText(&p, "kana", c.Kana, MaxTextLen, false)
	checkKana(&p, "kana", c.Kana)
	if c.CorporateNumber != "" {
		if c.Kind.Valid() && c.Kind != KindCorporation {
			p.add("corporate_number", CodeCorporateNumberNotCorporation)
		} else if code := checkCorporateNumber(c.CorporateNumber); code != "" {
			p.add("corporate_number", code)
		}
	}
	checkPostal(&p, "postal", c.Postal)
	checkText(&p, "address", c.Address, MaxTextLen, false)
	checkPhone(&p, "phone", c.Phone)
	checkEmail(&p, "email", c.Email)
	for i, ct := range c.Contacts {
		if ct.Name == "" {
			p.add(at("contacts", i, "name"), CodeRequired)
		}
		checkText(&p, at("contacts", i, "name"), ct.Name, MaxTextLen, false)
		checkText(&p, at("contacts", i, "kana"), ct.Kana, MaxTextLen, false)
		checkText(&p, at("contacts", i, "title"), ct.Title, MaxTextLen, false)
		checkKana(&p, at("contacts", i, "kana"), ct.Kana)
		checkPhone(&p, at("contacts", i, "phone"), ct.Phone)
		checkEmail(&p, at("contacts", i, "email"), ct.Email)
	}
	if c.FiscalMonth < 0 || c.FiscalMonth > 12 {
		p.add("fiscal_month", CodeFiscalMonthRange)
	}
	for i, s := range c.Staff {
		if strings.TrimSpace(s) == "" {
			p.add(at("staff", i, ""), CodeRequired)
		}
	}
	from := checkDate(&p, "engaged_from", c.EngagedFrom)
	until := checkDate(&p, "engaged_until", c.EngagedUntil)
	if from != nil && until != nil && until.Before(*from) {
		p.add("engaged_until", CodeEngagementOrder)
	}
	checkText(&p, "notes", c.Notes, MaxNotesLen, true)
	for i, s := range c.Tags {
		if strings.TrimSpace(s) == "" {
			p.add(at("tags", i, ""), CodeRequired)
		}
		checkText(&p, at("tags", i, ""), s, MaxTextLen, false)
	}
	return p.err()
}

// SafeLabel returns the only text about c that may appear in logs, the
// access log or error reports: the office's client code, or the record id
// when there is no code. Names are personal data (a sole proprietor's or an
// individual's name identifies a person) and are never logged.
func (c *Client) SafeLabel() string {
	if c.Code != "" {
		return c.Code
	}
	return c.ID
}

func checkKana(p *problems, field, s string) {
	if s != "" && !isKatakanaReading(s) {
		p.add(field, CodeKanaNotKatakana)
	}
}

func checkPostal(p *problems, field, s string) {
	if s != "" && !isPostal(s) {
		p.add(field, CodePostalFormat)
	}
}

func checkPhone(p *problems, field, s string) {
	if s != "" && !isPhone(s) {
		p.add(field, CodePhoneFormat)
	}
}

func checkEmail(p *problems, field, s string) {
	if s != "" && !isEmail(s) {
		p.add(field, CodeEmailFormat)
	}
}

// checkDate reports an invalid non-zero date and returns d when it can be
// used for ordering checks.
func checkDate(p *problems, field string, d *Date) *Date {
	if d == nil || d.IsZero() {
		return nil
	}
	if !d.Valid() {
		p.add(field, CodeDateInvalid)
		return nil
	}
	return d
}

package records

import "strings"

// PersonRole says why the office keeps a person on file for a client. A
// person may have several (an officer who is also a dependant of another).
// The values are a stored format.
type PersonRole string

// Person roles.
const (
	RoleOfficer   PersonRole = "officer"   // 役員
	RoleEmployee  PersonRole = "employee"  // 従業員
	RoleDependent PersonRole = "dependent" // 扶養親族
	RolePayee     PersonRole = "payee"     // 報酬・料金等の支払先
)

// Valid reports whether r is one of the PersonRole constants.
func (r PersonRole) Valid() bool {
	switch r {
	case RoleOfficer, RoleEmployee, RoleDependent, RolePayee:
		return true
	}
	return false
}

// RelationKind is how a person relates to another person of the same
// client (a dependant to the employee who claims them). The values are a
// stored format.
type RelationKind string

// Relation kinds.
const (
	RelationSpouse RelationKind = "spouse" // 配偶者
	RelationChild  RelationKind = "child"  // 子
	RelationParent RelationKind = "parent" // 父母
	RelationOther  RelationKind = "other"  // その他の親族
)

// Valid reports whether k is one of the RelationKind constants.
func (k RelationKind) Valid() bool {
	switch k {
	case RelationSpouse, RelationChild, RelationParent, RelationOther:
		return true
	}
	return false
}

// Relation links a person to another person of the same client: Kind is
// what this person is to To (a child of To, the spouse of To).
type Relation struct {
	To   string       `json:"to"` // the other person's id
	Kind RelationKind `json:"kind"`
}

// Person is someone the office keeps on file for a client: an officer, an
// employee, a dependant or a payee. The vault seals persons in the client's
// scope. The person's My Number is not here: it lives in a separately sealed
// record under the client's mynumber scope. JSON field names are a stored
// format (see the package documentation).
type Person struct {
	ID       string       `json:"id"`
	ClientID string       `json:"client_id"`
	Roles    []PersonRole `json:"roles"`
	Name     string       `json:"name"`
	// Kana is the reading, stored as full-width katakana like Client.Kana.
	Kana  string `json:"kana,omitempty"`
	Birth *Date  `json:"birth,omitempty" ts_type:"string"`
	// Joined and Left are the dates of joining and leaving (入社・退職, 就任・
	// 退任); leaving can start retention periods elsewhere.
	Joined   *Date     `json:"joined,omitempty" ts_type:"string"`
	Left     *Date     `json:"left,omitempty" ts_type:"string"`
	Relation *Relation `json:"relation,omitempty"`
	Postal   string    `json:"postal,omitempty"`
	Address  string    `json:"address,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	// Email is the person's address, optional: the 共有 area shows it as
	// the address a package is for (Kinko sends no mail itself).
	Email string `json:"email,omitempty"`
	Notes string `json:"notes,omitempty"`
}

// Normalize rewrites p's formatting in place, like Client.Normalize: trims
// text, writes the reading as full-width katakana, the postal code as
// "NNN-NNNN" and the phone in ASCII with hyphens, removes duplicate roles,
// turns pointers to the zero Date into nil and drops a Relation whose fields
// are both empty. It never fails and is idempotent.
func (p *Person) Normalize() {
	p.ID = strings.TrimSpace(p.ID)
	p.ClientID = strings.TrimSpace(p.ClientID)
	var roles []PersonRole
	for _, r := range p.Roles {
		r = PersonRole(strings.TrimSpace(string(r)))
		if r != "" && !containsRole(roles, r) {
			roles = append(roles, r)
		}
	}
	p.Roles = roles
	p.Name = strings.TrimSpace(p.Name)
	p.Kana = normalizeKana(p.Kana)
	p.Birth = normalizeDate(p.Birth)
	p.Joined = normalizeDate(p.Joined)
	p.Left = normalizeDate(p.Left)
	if p.Relation != nil {
		p.Relation.To = strings.TrimSpace(p.Relation.To)
		p.Relation.Kind = RelationKind(strings.TrimSpace(string(p.Relation.Kind)))
		if *p.Relation == (Relation{}) {
			p.Relation = nil
		}
	}
	p.Postal = normalizePostal(p.Postal)
	p.Address = strings.TrimSpace(p.Address)
	p.Phone = normalizePhone(p.Phone)
	p.Email = normalizeEmail(p.Email)
	p.Notes = strings.TrimSpace(p.Notes)
}

func containsRole(roles []PersonRole, r PersonRole) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// HasRole reports whether p has role r.
func (p *Person) HasRole(r PersonRole) bool { return containsRole(p.Roles, r) }

// Validate checks p as it is (call Normalize first) and returns nil or a
// *ValidationError (matching ErrInvalid). Required: id, client_id, name and
// at least one role. Dates must exist, joined must not be after left, and
// birth must not be after joined or left. A relation needs a target other
// than p itself and a known kind. Whether the target exists is the vault's
// business. Text fields are bounded and hold no control characters, as
// for a Client.
func (p *Person) Validate() error {
	var pr problems
	if p.ID == "" {
		pr.add("id", CodeRequired)
	}
	if p.ClientID == "" {
		pr.add("client_id", CodeRequired)
	}
	if len(p.Roles) == 0 {
		pr.add("roles", CodeRolesRequired)
	}
	for i, r := range p.Roles {
		if !r.Valid() {
			pr.add(at("roles", i, ""), CodeRoleUnknown)
		}
	}
	if p.Name == "" {
		pr.add("name", CodeRequired)
	}
	checkText(&pr, "name", p.Name, MaxTextLen, false)
	checkText(&pr, "kana", p.Kana, MaxTextLen, false)
	checkKana(&pr, "kana", p.Kana)
	birth := checkDate(&pr, "birth", p.Birth)
	joined := checkDate(&pr, "joined", p.Joined)
	left := checkDate(&pr, "left", p.Left)
	if birth != nil && ((joined != nil && joined.Before(*birth)) || (left != nil && left.Before(*birth))) {
		pr.add("birth", CodeDatesOrder)
	}
	if joined != nil && left != nil && left.Before(*joined) {
		pr.add("left", CodeDatesOrder)
	}
	if rel := p.Relation; rel != nil {
		switch {
		case rel.To == "":
			pr.add("relation.to", CodeRequired)
		case rel.To == p.ID:
			pr.add("relation.to", CodeRelationSelf)
		}
		switch {
		case rel.Kind == "":
			pr.add("relation.kind", CodeRequired)
		case !rel.Kind.Valid():
			pr.add("relation.kind", CodeRelationUnknown)
		}
	}
	checkPostal(&pr, "postal", p.Postal)
	checkText(&pr, "address", p.Address, MaxTextLen, false)
	checkPhone(&pr, "phone", p.Phone)
	checkEmail(&pr, "email", p.Email)
	checkText(&pr, "notes", p.Notes, MaxNotesLen, true)
	return pr.err()
}

// SafeLabel returns the only text about p that may appear in logs, the
// access log or error reports: the record id. A person's name, reading,
// birthday and address are personal data and are never logged.
func (p *Person) SafeLabel() string { return p.ID }

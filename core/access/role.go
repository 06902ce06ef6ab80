package access

// Role is what a user is in the office. The strings are stored in the journal:
// never rename one.
type Role string

// The roles. Only Admin and Handler users may be designated My Number
// handlers.
const (
	Admin   Role = "admin"   // 責任者: assigns users, levels and 所長のみ
	Handler Role = "handler" // 事務取扱担当者: may be designated for clients' My Numbers
	Staff   Role = "staff"   // 一般職員
	Auditor Role = "auditor" // 監査: reads the access log and nothing else (always Hidden on clients)
)

// Valid reports whether r is one of the defined roles. The vault calls it
// before accepting a role from an op or from the UI.
func (r Role) Valid() bool {
	switch r {
	case Admin, Handler, Staff, Auditor:
		return true
	}
	return false
}

// DefaultLevel returns the level a new user of role r gets on clients that
// have no explicit level, when the 責任者 does not choose one: Edit for Admin
// and Handler, Read for Staff, and Hidden for Auditor and any unknown role.
// The vault, the CLI and the user form all take the default from here.
func DefaultLevel(r Role) Level {
	switch r {
	case Admin, Handler:
		return Edit
	case Staff:
		return Read
	}
	return Hidden
}

// Allows reports whether a user of role r may hold level l on a client, as
// their default or as an explicit level. An Auditor may hold only Hidden: the
// role reads the access log and nothing else, so no client key is ever
// wrapped to an auditor. Admin, Handler and Staff may hold any valid level;
// an unknown role, like an Auditor, only Hidden. DecideUser and DecideLevel
// refuse what it does not allow, and State.Level reads a level it does not
// allow as Hidden.
func (r Role) Allows(l Level) bool {
	switch r {
	case Admin, Handler, Staff:
		return l.Valid()
	}
	return l == Hidden
}

// Level is a user's protection level on one client. The strings are stored
// in the journal: never rename one.
type Level string

// The levels, from most to least access. Hidden is also what every unknown,
// empty or invalid level means.
const (
	Edit   Level = "edit"   // 編集
	Read   Level = "read"   // 閲覧のみ
	Hidden Level = "hidden" // 開示不能
)

// Valid reports whether l is one of the defined levels. The vault calls it
// before accepting a level from an op or from the UI.
func (l Level) Valid() bool {
	switch l {
	case Edit, Read, Hidden:
		return true
	}
	return false
}

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
	Auditor Role = "auditor" // 監査: reads the access log; clients only as their levels allow
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

// orHidden returns l if it is valid and Hidden otherwise, so a corrupt or
// missing level never grants anything.
func (l Level) orHidden() Level {
	if l.Valid() {
		return l
	}
	return Hidden
}

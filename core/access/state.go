package access

// User is one person in the roster. Users are never deleted, only disabled,
// so ids in the journal always resolve.
type User struct {
	ID       string
	Name     string
	Role     Role
	Disabled bool
	// Default is the level for clients without an explicit level. Empty or
	// invalid means Hidden.
	Default Level
}

// State is the access-relevant part of a vault: the roster, the clients, the
// explicit levels and the My Number designations. The vault builds it by
// applying journal ops and owns it; access only reads it. Nil maps read as
// empty.
type State struct {
	// Users maps a user id to the user.
	Users map[string]*User
	// Clients maps every known client id to its OwnerOnly (所長のみ) flag.
	Clients map[string]bool
	// Levels maps user id → client id → explicit level.
	Levels map[string]map[string]Level
	// Handlers maps client id → user id → designated My Number handler.
	Handlers map[string]map[string]bool
}

// NewState returns an empty State with all maps allocated. The vault calls it
// when it starts materialising a vault from its first op.
func NewState() *State {
	return &State{
		Users:    map[string]*User{},
		Clients:  map[string]bool{},
		Levels:   map[string]map[string]Level{},
		Handlers: map[string]map[string]bool{},
	}
}

// Clone returns a deep copy of s: changing the copy, including its *User
// values and inner maps, never changes s. The vault keeps clones as snapshots
// of the roster at points in the op order. Clone of nil is an empty State.
func (s *State) Clone() *State {
	c := NewState()
	if s == nil {
		return c
	}
	for id, u := range s.Users {
		if u == nil {
			continue
		}
		cu := *u
		c.Users[id] = &cu
	}
	for id, owner := range s.Clients {
		c.Clients[id] = owner
	}
	for user, m := range s.Levels {
		cm := make(map[string]Level, len(m))
		for client, l := range m {
			cm[client] = l
		}
		c.Levels[user] = cm
	}
	for client, m := range s.Handlers {
		cm := make(map[string]bool, len(m))
		for user, ok := range m {
			cm[user] = ok
		}
		c.Handlers[client] = cm
	}
	return c
}

// Level returns user's effective level on client. Decide and Members use it;
// the UI calls it to show or grey out a client. The rules, in order:
//
//   - an unknown or disabled user, or an unknown client: Hidden;
//   - an Admin: Edit, also on OwnerOnly clients;
//   - an OwnerOnly (所長のみ) client: Hidden, whatever the explicit level;
//   - the explicit level for this user and client, if set;
//   - else the user's Default.
//
// An empty or invalid level counts as Hidden, and so does a level the user's
// role does not allow (Role.Allows): an Auditor is Hidden on every client,
// also with a Default or explicit level left from an earlier role. Unknown clients are Hidden so
// that a level can never be computed, and a scope key never wrapped, for a
// client that the State does not know yet.
func (s *State) Level(user, client string) Level {
	if s == nil {
		return Hidden
	}
	u := s.user(user)
	if u == nil || u.Disabled {
		return Hidden
	}
	ownerOnly, known := s.Clients[client]
	if !known {
		return Hidden
	}
	if u.Role == Admin {
		return Edit
	}
	if ownerOnly {
		return Hidden
	}
	l, ok := s.Levels[user][client]
	if !ok {
		l = u.Default
	}
	if !u.Role.Allows(l) {
		return Hidden
	}
	return l
}

// defaultLevel is u's Default as State.Level reads it: Hidden when invalid
// or not allowed for u's role.
func (u *User) defaultLevel() Level {
	if !u.Role.Allows(u.Default) {
		return Hidden
	}
	return u.Default
}

// user returns the user with this id, or nil.
func (s *State) user(id string) *User {
	if s == nil {
		return nil
	}
	return s.Users[id]
}

// enabled returns the user if they exist and are enabled, or nil.
func (s *State) enabled(id string) *User {
	u := s.user(id)
	if u == nil || u.Disabled {
		return nil
	}
	return u
}

// designated reports whether user carries a My Number designation for client,
// whatever their role, status or level now. RevokeMyNumber acts on this.
func (s *State) designated(user, client string) bool {
	return s != nil && s.Handlers[client][user]
}

// handles reports whether user is an effective My Number handler of client:
// designated, enabled, still of a role that may handle My Numbers, and not
// Hidden on the client. Exactly these users hold the client's My Number key.
func (s *State) handles(user, client string) bool {
	u := s.enabled(user)
	if u == nil || !s.designated(user, client) {
		return false
	}
	if u.Role != Handler && u.Role != Admin {
		return false
	}
	return s.Level(user, client) != Hidden
}

// enabledAdmins counts the enabled administrators.
func (s *State) enabledAdmins() int {
	n := 0
	for _, u := range s.Users {
		if u != nil && !u.Disabled && u.Role == Admin {
			n++
		}
	}
	return n
}

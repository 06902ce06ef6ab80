package access

import (
	"fmt"
	"slices"
	"strings"
)

// Scope names and kinds. A scope is what one key protects; the vault wraps
// each scope key to Members plus the recovery key. These strings are stored in
// the journal and bound into record seals: never rename one.
const (
	ScopeOffice  = "office"   // the client directory every enabled user sees
	ScopeAudit   = "audit"    // the access log
	KindClient   = "client"   // kind of ClientScope: a client's records
	KindMyNumber = "mynumber" // kind of MyNumberScope: a client's My Numbers
)

// ClientScope returns the scope of client id's records, "client:<id>". The
// vault calls it to pick the key a client record is sealed with.
func ClientScope(id string) string { return KindClient + ":" + id }

// MyNumberScope returns the scope of the My Numbers of client id's people,
// "mynumber:<id>".
func MyNumberScope(id string) string { return KindMyNumber + ":" + id }

// ParseScope splits a scope name into its kind (ScopeOffice, ScopeAudit,
// KindClient or KindMyNumber) and, for the last two, the client id. The vault
// calls it on scope names read from journal ops. Anything else, including an
// empty client id, is an error wrapping ErrBadScope.
func ParseScope(s string) (kind, client string, err error) {
	switch s {
	case ScopeOffice, ScopeAudit:
		return s, "", nil
	}
	kind, client, ok := strings.Cut(s, ":")
	if !ok || (kind != KindClient && kind != KindMyNumber) {
		return "", "", fmt.Errorf("%w: unknown kind", ErrBadScope)
	}
	if client == "" {
		return "", "", fmt.Errorf("%w: empty client id", ErrBadScope)
	}
	return kind, client, nil
}

// Members returns, sorted, the ids of the users who must hold the key of
// scope in state s. The vault wraps each new scope key epoch to exactly these
// users (and the recovery key) and starts a new epoch when someone leaves:
//
//   - office: every enabled user;
//   - client:<id>: every enabled user whose effective level on the client is
//     not Hidden (so nobody, while the client is unknown);
//   - mynumber:<id>: every effective handler of the client: designated,
//     enabled, role Handler or Admin, and not Hidden on the client;
//   - audit: every enabled Admin and Auditor.
//
// A scope ParseScope rejects has no members (nil).
func Members(s *State, scope string) []string {
	kind, client, err := ParseScope(scope)
	if err != nil || s == nil {
		return nil
	}
	var in func(id string, u *User) bool
	switch kind {
	case ScopeOffice:
		in = func(string, *User) bool { return true }
	case ScopeAudit:
		in = func(_ string, u *User) bool { return u.Role == Admin || u.Role == Auditor }
	case KindClient:
		in = func(id string, _ *User) bool { return s.Level(id, client) != Hidden }
	case KindMyNumber:
		in = func(id string, _ *User) bool { return s.handles(id, client) }
	}
	ids := []string{}
	for id, u := range s.Users {
		if u != nil && !u.Disabled && in(id, u) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

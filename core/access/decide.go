package access

// Action is something a user may try to do. The strings appear in
// DeniedError messages and may be stored: never rename one.
type Action string

// The actions Decide knows. client and target are the arguments of Decide
// that each one reads; the others are ignored.
const (
	// ManageUsers: add a user, change a user's name, role or default level,
	// disable or enable a user. target is the affected user (may not exist
	// yet). Needs an enabled Admin. Use DecideUser for a concrete change, which
	// also protects the last admin.
	ManageUsers Action = "manage-users"
	// SetLevel: set target's explicit level on client. Needs an enabled Admin.
	// Use DecideLevel for a concrete level, which also refuses a level the
	// target's role does not allow.
	SetLevel Action = "set-level"
	// SetOwnerOnly: mark client 所長のみ or clear the mark. Needs an enabled Admin.
	SetOwnerOnly Action = "set-owner-only"
	// ClientCreate: create a client. Needs an enabled Admin or an enabled
	// user whose Default level is Edit (never an Auditor).
	ClientCreate Action = "client-create"
	// ClientRead: read client's records. Needs effective level Read or Edit.
	ClientRead Action = "client-read"
	// ClientEdit: change client's records. Needs effective level Edit.
	ClientEdit Action = "client-edit"
	// MyNumberRead: read the My Numbers of client's people. Needs an
	// effective handler of client whose level is not Hidden.
	MyNumberRead Action = "mynumber-read"
	// MyNumberEdit: add, change or erase client's My Numbers. As MyNumberRead,
	// with level Edit.
	MyNumberEdit Action = "mynumber-edit"
	// GrantMyNumber: designate target as a My Number handler of client.
	GrantMyNumber Action = "grant-mynumber"
	// RevokeMyNumber: withdraw target's designation for client.
	RevokeMyNumber Action = "revoke-mynumber"
	// ReadAudit: read the access log. Needs an enabled Admin or Auditor.
	ReadAudit Action = "read-audit"
	// ChangeOwnPassword: target changes their own password; actor must be
	// target and enabled.
	ChangeOwnPassword Action = "change-own-password"
)

// Decide reports whether actor may do act on client and/or target in state s.
// It returns nil when allowed and otherwise a *DeniedError matching ErrDenied.
// The vault calls it before applying every journal op (with the op's author
// as actor) and before every user action; it is pure, so every replica that
// has seen the same ops decides the same way.
//
// Checks run in a fixed order so the reason is stable: the actor must exist
// (ReasonUnknownUser) and be enabled (ReasonDisabled); then the action's own
// rules, documented on each Action constant and below. Every action that
// names a client, except ClientCreate, refuses an unknown one
// (ReasonUnknownClient).
//
// For ManageUsers Decide checks only the actor, since it cannot see the
// change; the vault calls DecideUser for a concrete user.add or user.update,
// which also protects the last admin.
//
// MyNumberRead and MyNumberEdit refuse a Hidden level (ReasonLevelHidden)
// before a missing designation (ReasonNotHandler); a designated user of role
// Staff (demoted since) is no handler. MyNumberEdit at level Read gives
// ReasonLevelReadOnly.
//
// GrantMyNumber needs the actor to be an effective handler of client
// (designated, enabled, role Handler or Admin, not Hidden on it) because only
// such a user holds the key that is being shared: an Admin who is not a
// handler is refused with ReasonNotHandler, also when designating themselves.
// A handler may not designate themselves (ReasonSelfGrant). The target must
// exist, be enabled, have role Handler or Admin, and not be Hidden on client.
//
// RevokeMyNumber needs an enabled Admin or an effective handler of client;
// target must currently be designated (ReasonNotDesignated), whatever their
// status, so that stale designations can be cleaned up.
func Decide(s *State, actor string, act Action, client, target string) error {
	u := s.user(actor)
	if u == nil {
		return deny(act, ReasonUnknownUser)
	}
	if u.Disabled {
		return deny(act, ReasonDisabled)
	}
	admin := u.Role == Admin

	switch act {
	case ManageUsers:
		if !admin {
			return deny(act, ReasonNotAdmin)
		}
		return nil

	case ReadAudit:
		if !admin && u.Role != Auditor {
			return deny(act, ReasonNotAuditor)
		}
		return nil

	case SetLevel:
		if !admin {
			return deny(act, ReasonNotAdmin)
		}
		if !s.known(client) {
			return deny(act, ReasonUnknownClient)
		}
		if s.user(target) == nil {
			return deny(act, ReasonUnknownTarget)
		}
		return nil

	case SetOwnerOnly:
		if !admin {
			return deny(act, ReasonNotAdmin)
		}
		if !s.known(client) {
			return deny(act, ReasonUnknownClient)
		}
		return nil

	case ClientCreate:
		if !admin && u.defaultLevel() != Edit {
			return deny(act, ReasonDefaultLevel)
		}
		return nil

	case ClientRead, ClientEdit:
		return s.needLevel(act, actor, client)

	case MyNumberRead, MyNumberEdit:
		if !s.known(client) {
			return deny(act, ReasonUnknownClient)
		}
		level := s.Level(actor, client)
		if level == Hidden {
			return deny(act, ReasonLevelHidden)
		}
		if !s.handles(actor, client) {
			return deny(act, ReasonNotHandler)
		}
		if act == MyNumberEdit && level != Edit {
			return deny(act, ReasonLevelReadOnly)
		}
		return nil

	case GrantMyNumber:
		if !s.known(client) {
			return deny(act, ReasonUnknownClient)
		}
		if !s.handles(actor, client) {
			return deny(act, ReasonNotHandler)
		}
		if target == actor {
			return deny(act, ReasonSelfGrant)
		}
		t := s.user(target)
		switch {
		case t == nil:
			return deny(act, ReasonUnknownTarget)
		case t.Disabled:
			return deny(act, ReasonTargetDisabled)
		case t.Role != Handler && t.Role != Admin:
			return deny(act, ReasonTargetRole)
		case s.Level(target, client) == Hidden:
			return deny(act, ReasonTargetHidden)
		}
		return nil

	case RevokeMyNumber:
		if !s.known(client) {
			return deny(act, ReasonUnknownClient)
		}
		if !admin && !s.handles(actor, client) {
			return deny(act, ReasonNotHandler)
		}
		if !s.designated(target, client) {
			return deny(act, ReasonNotDesignated)
		}
		return nil

	case ChangeOwnPassword:
		if actor != target {
			return deny(act, ReasonNotSelf)
		}
		return nil
	}
	return deny(act, ReasonUnknownAction)
}

// DecideUser reports whether actor may add or update a user so that their
// roster entry becomes next (next.ID names the user). The vault calls it
// before applying a user.add or user.update op and before saving the user
// form; Decide(ManageUsers) alone cannot see the change. It returns nil or a
// *DeniedError with Action ManageUsers:
//
//   - the actor must be an enabled Admin (ReasonUnknownUser, ReasonDisabled,
//     ReasonNotAdmin);
//   - the change may not leave the vault without an enabled Admin by
//     disabling or demoting the last one (ReasonLastAdmin);
//   - an admin may not disable themselves (ReasonSelfDisable): another admin
//     must, so that a vault is never locked out by one click;
//   - next.Default must be a level next.Role allows (ReasonRoleLevel): an
//     Auditor's default is Hidden, whatever the form or the op says.
//
// It does not validate next.Role or next.Default on their own; the vault
// checks those with Valid.
func DecideUser(s *State, actor string, next User) error {
	if err := Decide(s, actor, ManageUsers, "", next.ID); err != nil {
		return err
	}
	if next.Default.Valid() && !next.Role.Allows(next.Default) {
		return deny(ManageUsers, ReasonRoleLevel)
	}
	cur := s.enabled(next.ID)
	losesAdmin := cur != nil && cur.Role == Admin && (next.Disabled || next.Role != Admin)
	if losesAdmin && s.enabledAdmins() <= 1 {
		return deny(ManageUsers, ReasonLastAdmin)
	}
	if next.ID == actor && next.Disabled {
		return deny(ManageUsers, ReasonSelfDisable)
	}
	return nil
}

// DecideLevel reports whether actor may set target's explicit level on client
// to level; an empty level removes the explicit setting (the user's default
// applies again). The vault calls it before applying a level op; it returns
// what Decide(SetLevel) returns, or a *DeniedError with ReasonRoleLevel when
// target's role does not allow level (an Auditor may only be Hidden), so
// every replica refuses such an op, not only the user form. It does not
// validate level on its own; the vault checks it with Valid.
func DecideLevel(s *State, actor, client, target string, level Level) error {
	if err := Decide(s, actor, SetLevel, client, target); err != nil {
		return err
	}
	if level.Valid() && !s.user(target).Role.Allows(level) {
		return deny(SetLevel, ReasonRoleLevel)
	}
	return nil
}

// known reports whether client is a known client id.
func (s *State) known(client string) bool {
	if s == nil {
		return false
	}
	_, ok := s.Clients[client]
	return ok
}

// needLevel checks that actor (known and enabled) may read (ClientRead) or
// edit (ClientEdit) client.
func (s *State) needLevel(act Action, actor, client string) error {
	if !s.known(client) {
		return deny(act, ReasonUnknownClient)
	}
	switch s.Level(actor, client) {
	case Edit:
		return nil
	case Read:
		if act == ClientRead {
			return nil
		}
		return deny(act, ReasonLevelReadOnly)
	}
	return deny(act, ReasonLevelHidden)
}

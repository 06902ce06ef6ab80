package access

import (
	"errors"
	"fmt"
)

// ErrDenied is matched (errors.Is) by every *DeniedError: Decide or
// DecideUser refused the action.
var ErrDenied = errors.New("access: denied")

// ErrBadScope is returned (wrapped) by ParseScope for a string that is not a
// scope name.
var ErrBadScope = errors.New("access: bad scope")

// DeniedError is the refusal Decide and DecideUser return. The vault stores
// Reason in its quarantine and the app maps it to a stable error code; both
// fields are identifiers, never names, ids or record data.
type DeniedError struct {
	Action Action
	Reason string // one of the Reason constants
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("access: %s denied: %s", e.Action, e.Reason)
}

// Is makes errors.Is(err, ErrDenied) true.
func (e *DeniedError) Is(target error) bool { return target == ErrDenied }

// Reasons a *DeniedError carries. They are stored in replicas' quarantines
// and mapped to words by the app: never rename one.
const (
	ReasonUnknownUser    = "unknown-user"    // the actor is not in the roster
	ReasonDisabled       = "disabled"        // the actor is disabled
	ReasonNotAdmin       = "not-admin"       // the action needs an enabled Admin
	ReasonNotAuditor     = "not-auditor"     // reading the access log needs an enabled Admin or Auditor
	ReasonDefaultLevel   = "default-level"   // ClientCreate by a non-admin whose Default is not Edit
	ReasonUnknownClient  = "unknown-client"  // the client is not known
	ReasonLevelHidden    = "level-hidden"    // the actor's effective level on the client is Hidden
	ReasonLevelReadOnly  = "level-read-only" // the action needs Edit, the actor has Read
	ReasonNotHandler     = "not-handler"     // the actor is not an effective My Number handler of the client
	ReasonSelfGrant      = "self-grant"      // a handler designating themselves
	ReasonUnknownTarget  = "unknown-target"  // the target user is not in the roster
	ReasonTargetDisabled = "target-disabled" // the target user is disabled
	ReasonTargetRole     = "target-role"     // the target's role may not handle My Numbers
	ReasonTargetHidden   = "target-hidden"   // the target's level on the client is Hidden
	ReasonNotDesignated  = "not-designated"  // revoking a designation that does not exist
	ReasonLastAdmin      = "last-admin"      // disabling or demoting the last enabled Admin
	ReasonSelfDisable    = "self-disable"    // an admin disabling themselves
	ReasonNotSelf        = "not-self"        // changing someone else's password
	ReasonRoleLevel      = "role-level"      // a level the user's role does not allow (an Auditor above Hidden)
	ReasonUnknownAction  = "unknown-action"  // Decide does not know the action
)

func deny(act Action, reason string) error {
	return &DeniedError{Action: act, Reason: reason}
}

// Reasons lists every reason a *DeniedError can carry, for the app's table
// of error codes.
func Reasons() []string {
	return []string{ReasonUnknownUser, ReasonDisabled, ReasonNotAdmin, ReasonNotAuditor, ReasonDefaultLevel, ReasonUnknownClient,
		ReasonLevelHidden, ReasonLevelReadOnly, ReasonNotHandler, ReasonSelfGrant, ReasonUnknownTarget,
		ReasonTargetDisabled, ReasonTargetRole, ReasonTargetHidden, ReasonNotDesignated, ReasonLastAdmin,
		ReasonSelfDisable, ReasonNotSelf, ReasonRoleLevel, ReasonUnknownAction}
}

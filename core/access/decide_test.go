package access_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
)

// Ids in the fixture are prefixed so a test can check that no error message
// ever contains one.
const (
	shocho  = "u-shocho"  // Admin, 所長, not a My Number handler anywhere but k-owner
	fuku    = "u-fuku"    // Admin
	tanaka  = "u-tanaka"  // Handler, default Read; designated for k-plain, k-owner, k-hid
	suzuki  = "u-suzuki"  // Handler, default Edit; designated for k-mixed, k-hid
	sato    = "u-sato"    // Staff, default Edit; Hidden on k-mixed
	ito     = "u-ito"     // Staff, default Read; Edit on k-mixed
	kato    = "u-kato"    // Staff, default Hidden
	yamada  = "u-yamada"  // Handler, disabled; designated for k-plain
	old     = "u-old"     // Admin, disabled
	demoted = "u-demoted" // Staff, default Edit; still designated for k-plain from when they were a Handler
	nobody  = "u-nobody"  // not in the roster
	kansa   = "u-kansa"   // auditor (監査): reads the log, nothing else by default

	plain  = "k-plain" // ordinary client
	owner  = "k-owner" // 所長のみ
	mixed  = "k-mixed" // ordinary client with explicit levels
	hid    = "k-hid"   // tanaka is designated but Hidden here
	absent = "k-absent"
)

// office returns a fixture office with every kind of user and client that
// matters to Decide.
func office() *access.State {
	s := access.NewState()
	add := func(id string, r access.Role, def access.Level, disabled bool) {
		s.Users[id] = &access.User{ID: id, Name: "name of " + id, Role: r, Default: def, Disabled: disabled}
	}
	add(shocho, access.Admin, "", false)
	add(fuku, access.Admin, access.Read, false)
	add(tanaka, access.Handler, access.Read, false)
	add(suzuki, access.Handler, access.Edit, false)
	add(sato, access.Staff, access.Edit, false)
	add(ito, access.Staff, access.Read, false)
	add(kato, access.Staff, access.Hidden, false)
	add(yamada, access.Handler, access.Edit, true)
	add(old, access.Admin, access.Edit, true)
	add(demoted, access.Staff, access.Edit, false)
	add(kansa, access.Auditor, access.Hidden, false)

	s.Clients[plain] = false
	s.Clients[owner] = true
	s.Clients[mixed] = false
	s.Clients[hid] = false

	s.Levels[ito] = map[string]access.Level{mixed: access.Edit}
	s.Levels[sato] = map[string]access.Level{mixed: access.Hidden}
	s.Levels[suzuki] = map[string]access.Level{mixed: access.Read}
	s.Levels[tanaka] = map[string]access.Level{owner: access.Edit, hid: access.Hidden}

	s.Handlers[plain] = map[string]bool{tanaka: true, yamada: true, demoted: true}
	s.Handlers[owner] = map[string]bool{tanaka: true, shocho: true}
	s.Handlers[mixed] = map[string]bool{suzuki: true}
	s.Handlers[hid] = map[string]bool{tanaka: true, suzuki: true}
	return s
}

// checkDecision compares err with the expected reason ("" = allowed) and
// checks that a refusal is well formed and leaks no ids.
func checkDecision(t *testing.T, err error, act access.Action, want string, ids ...string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("got %v, want allowed", err)
		}
		return
	}
	if !errors.Is(err, access.ErrDenied) {
		t.Fatalf("got %v, want denied (%s)", err, want)
	}
	var de *access.DeniedError
	if !errors.As(err, &de) {
		t.Fatalf("got %T, want *access.DeniedError", err)
	}
	if de.Reason != want || de.Action != act {
		t.Fatalf("got %s/%s, want %s/%s", de.Action, de.Reason, act, want)
	}
	for _, id := range ids {
		if id != "" && strings.Contains(err.Error(), id) {
			t.Fatalf("error %q contains id %q", err, id)
		}
	}
}

// TestDecideMatrix runs the client and My Number actions for every role ×
// level × 所長のみ × designation, with the level given as the user's default
// and as an explicit per-client level, and for disabled users.
func TestDecideMatrix(t *testing.T) {
	const (
		ok     = ""
		hidden = access.ReasonLevelHidden
		ro     = access.ReasonLevelReadOnly
		noMN   = access.ReasonNotHandler
		noNew  = access.ReasonDefaultLevel
	)
	A, H, S, Au := access.Admin, access.Handler, access.Staff, access.Auditor
	E, R, X := access.Edit, access.Read, access.Hidden
	rows := []struct {
		role                     access.Role
		level                    access.Level
		ownerOnly, designated    bool
		read, edit, mnRead, mnEd string
		create                   string // ClientCreate with Default = level
	}{
		// Admins edit everything, 所長のみ included, but see My Numbers only when designated.
		{A, E, false, false, ok, ok, noMN, noMN, ok},
		{A, E, false, true, ok, ok, ok, ok, ok},
		{A, E, true, false, ok, ok, noMN, noMN, ok},
		{A, E, true, true, ok, ok, ok, ok, ok},
		{A, R, false, false, ok, ok, noMN, noMN, ok},
		{A, R, false, true, ok, ok, ok, ok, ok},
		{A, R, true, false, ok, ok, noMN, noMN, ok},
		{A, R, true, true, ok, ok, ok, ok, ok},
		{A, X, false, false, ok, ok, noMN, noMN, ok},
		{A, X, false, true, ok, ok, ok, ok, ok},
		{A, X, true, false, ok, ok, noMN, noMN, ok},
		{A, X, true, true, ok, ok, ok, ok, ok},
		// Handlers follow their level; 所長のみ hides the client and its My Numbers.
		{H, E, false, false, ok, ok, noMN, noMN, ok},
		{H, E, false, true, ok, ok, ok, ok, ok},
		{H, E, true, false, hidden, hidden, hidden, hidden, ok},
		{H, E, true, true, hidden, hidden, hidden, hidden, ok},
		{H, R, false, false, ok, ro, noMN, noMN, noNew},
		{H, R, false, true, ok, ro, ok, ro, noNew},
		{H, R, true, false, hidden, hidden, hidden, hidden, noNew},
		{H, R, true, true, hidden, hidden, hidden, hidden, noNew},
		{H, X, false, false, hidden, hidden, hidden, hidden, noNew},
		{H, X, false, true, hidden, hidden, hidden, hidden, noNew},
		{H, X, true, false, hidden, hidden, hidden, hidden, noNew},
		{H, X, true, true, hidden, hidden, hidden, hidden, noNew},
		// Staff never handle My Numbers, even with a stale designation.
		{S, E, false, false, ok, ok, noMN, noMN, ok},
		{S, E, false, true, ok, ok, noMN, noMN, ok},
		{S, E, true, false, hidden, hidden, hidden, hidden, ok},
		{S, E, true, true, hidden, hidden, hidden, hidden, ok},
		{S, R, false, false, ok, ro, noMN, noMN, noNew},
		{S, R, false, true, ok, ro, noMN, noMN, noNew},
		{S, R, true, false, hidden, hidden, hidden, hidden, noNew},
		{S, R, true, true, hidden, hidden, hidden, hidden, noNew},
		{S, X, false, false, hidden, hidden, hidden, hidden, noNew},
		{S, X, false, true, hidden, hidden, hidden, hidden, noNew},
		{S, X, true, false, hidden, hidden, hidden, hidden, noNew},
		{S, X, true, true, hidden, hidden, hidden, hidden, noNew},
		// An auditor reads the log and nothing else: Hidden on every client,
		// whatever default or explicit level a journal or an old role left.
		{Au, E, false, false, hidden, hidden, hidden, hidden, noNew},
		{Au, E, false, true, hidden, hidden, hidden, hidden, noNew},
		{Au, E, true, false, hidden, hidden, hidden, hidden, noNew},
		{Au, R, false, false, hidden, hidden, hidden, hidden, noNew},
		{Au, R, false, true, hidden, hidden, hidden, hidden, noNew},
		{Au, X, false, false, hidden, hidden, hidden, hidden, noNew},
		{Au, X, false, true, hidden, hidden, hidden, hidden, noNew},
		{Au, X, true, true, hidden, hidden, hidden, hidden, noNew},
	}
	opposite := map[access.Level]access.Level{E: X, R: E, X: E}

	for _, r := range rows {
		for _, how := range []string{"default", "explicit", "disabled"} {
			name := fmt.Sprintf("%s/%s/owner=%t/designated=%t/%s", r.role, r.level, r.ownerOnly, r.designated, how)
			t.Run(name, func(t *testing.T) {
				const u, c = "u-x", "k-x"
				s := access.NewState()
				s.Users["u-boss"] = &access.User{ID: "u-boss", Role: access.Admin}
				user := &access.User{ID: u, Role: r.role, Default: r.level}
				s.Users[u] = user
				switch how {
				case "explicit":
					user.Default = opposite[r.level]
					s.Levels[u] = map[string]access.Level{c: r.level}
				case "disabled":
					user.Disabled = true
				}
				s.Clients[c] = r.ownerOnly
				if r.designated {
					s.Handlers[c] = map[string]bool{u: true}
				}
				want := map[access.Action]string{
					access.ClientRead:   r.read,
					access.ClientEdit:   r.edit,
					access.MyNumberRead: r.mnRead,
					access.MyNumberEdit: r.mnEd,
				}
				if how == "default" {
					want[access.ClientCreate] = r.create
				}
				if how == "disabled" {
					for act := range want {
						want[act] = access.ReasonDisabled
					}
					want[access.ClientCreate] = access.ReasonDisabled
				}
				for act, reason := range want {
					checkDecision(t, access.Decide(s, u, act, c, ""), act, reason, u, c)
				}
			})
		}
	}
}

// TestDecide covers every action against the fixture office.
func TestDecide(t *testing.T) {
	tests := []struct {
		name           string
		actor          string
		act            access.Action
		client, target string
		want           string
	}{
		// Any action by someone not in the roster or disabled.
		{"unknown actor", nobody, access.ClientRead, plain, "", access.ReasonUnknownUser},
		{"disabled admin", old, access.ManageUsers, "", tanaka, access.ReasonDisabled},
		{"disabled handler my numbers", yamada, access.MyNumberRead, plain, "", access.ReasonDisabled},
		{"unknown action", shocho, access.Action("launch-rockets"), plain, "", access.ReasonUnknownAction},

		// ManageUsers, ReadAudit, SetLevel, SetOwnerOnly: admins only.
		{"admin manages user", shocho, access.ManageUsers, "", tanaka, ""},
		{"admin adds new user", fuku, access.ManageUsers, "", "u-new", ""},
		{"handler manages user", tanaka, access.ManageUsers, "", sato, access.ReasonNotAdmin},
		{"staff manages self", sato, access.ManageUsers, "", sato, access.ReasonNotAdmin},
		{"admin reads audit", fuku, access.ReadAudit, "", "", ""},
		{"handler reads audit", suzuki, access.ReadAudit, "", "", access.ReasonNotAuditor},
		{"staff reads audit", ito, access.ReadAudit, "", "", access.ReasonNotAuditor},
		{"auditor reads audit", kansa, access.ReadAudit, "", "", ""},
		{"auditor manages users", kansa, access.ManageUsers, "", sato, access.ReasonNotAdmin},
		{"auditor reads a client (hidden by default)", kansa, access.ClientRead, plain, "", access.ReasonLevelHidden},
		{"auditor reads numbers", kansa, access.MyNumberRead, plain, "", access.ReasonLevelHidden},
		{"admin sets level", shocho, access.SetLevel, plain, sato, ""},
		{"admin sets level on owner-only", shocho, access.SetLevel, owner, sato, ""},
		{"admin sets level unknown client", shocho, access.SetLevel, absent, sato, access.ReasonUnknownClient},
		{"admin sets level unknown user", shocho, access.SetLevel, plain, nobody, access.ReasonUnknownTarget},
		{"editor sets level", suzuki, access.SetLevel, plain, sato, access.ReasonNotAdmin},
		{"staff sets own level", kato, access.SetLevel, plain, kato, access.ReasonNotAdmin},
		{"admin sets owner-only", fuku, access.SetOwnerOnly, plain, "", ""},
		{"admin sets owner-only unknown client", fuku, access.SetOwnerOnly, absent, "", access.ReasonUnknownClient},
		{"handler sets owner-only", tanaka, access.SetOwnerOnly, plain, "", access.ReasonNotAdmin},

		// ClientCreate: admins and users whose default is Edit.
		{"admin creates client", shocho, access.ClientCreate, "k-new", "", ""},
		{"default-edit staff creates client", sato, access.ClientCreate, "k-new", "", ""},
		{"default-read handler creates client", tanaka, access.ClientCreate, "k-new", "", access.ReasonDefaultLevel},
		{"default-hidden staff creates client", kato, access.ClientCreate, "k-new", "", access.ReasonDefaultLevel},
		{"read-only with explicit edit creates client", ito, access.ClientCreate, "k-new", "", access.ReasonDefaultLevel},

		// ClientRead and ClientEdit.
		{"admin edits owner-only", shocho, access.ClientEdit, owner, "", ""},
		{"admin with read default edits", fuku, access.ClientEdit, plain, "", ""},
		{"handler explicit edit on owner-only", tanaka, access.ClientRead, owner, "", access.ReasonLevelHidden},
		{"default read reads", tanaka, access.ClientRead, plain, "", ""},
		{"default read edits", tanaka, access.ClientEdit, plain, "", access.ReasonLevelReadOnly},
		{"explicit edit beats default read", ito, access.ClientEdit, mixed, "", ""},
		{"explicit hidden beats default edit", sato, access.ClientRead, mixed, "", access.ReasonLevelHidden},
		{"explicit read beats default edit", suzuki, access.ClientEdit, mixed, "", access.ReasonLevelReadOnly},
		{"default hidden reads", kato, access.ClientRead, plain, "", access.ReasonLevelHidden},
		{"unknown client", shocho, access.ClientRead, absent, "", access.ReasonUnknownClient},

		// MyNumberRead and MyNumberEdit.
		{"handler reads my numbers at read level", tanaka, access.MyNumberRead, plain, "", ""},
		{"handler edits my numbers at read level", tanaka, access.MyNumberEdit, plain, "", access.ReasonLevelReadOnly},
		{"handler on owner-only", tanaka, access.MyNumberRead, owner, "", access.ReasonLevelHidden},
		{"designated admin on owner-only", shocho, access.MyNumberEdit, owner, "", ""},
		{"handler hidden on client", tanaka, access.MyNumberRead, hid, "", access.ReasonLevelHidden},
		{"handler edits my numbers", suzuki, access.MyNumberEdit, hid, "", ""},
		{"handler not designated", suzuki, access.MyNumberRead, plain, "", access.ReasonNotHandler},
		{"undesignated admin", fuku, access.MyNumberRead, plain, "", access.ReasonNotHandler},
		{"demoted staff with stale designation", demoted, access.MyNumberRead, plain, "", access.ReasonNotHandler},
		{"my numbers of unknown client", tanaka, access.MyNumberRead, absent, "", access.ReasonUnknownClient},

		// GrantMyNumber.
		{"handler grants handler", tanaka, access.GrantMyNumber, plain, suzuki, ""},
		{"handler grants admin", tanaka, access.GrantMyNumber, plain, fuku, ""},
		{"grant to designated handler hidden on client", suzuki, access.GrantMyNumber, hid, tanaka, access.ReasonTargetHidden},
		{"admin not handler grants other", fuku, access.GrantMyNumber, plain, suzuki, access.ReasonNotHandler},
		{"admin not handler grants self", fuku, access.GrantMyNumber, plain, fuku, access.ReasonNotHandler},
		{"handler grants self", tanaka, access.GrantMyNumber, plain, tanaka, access.ReasonSelfGrant},
		{"staff grants", sato, access.GrantMyNumber, plain, suzuki, access.ReasonNotHandler},
		{"stale designation grants", demoted, access.GrantMyNumber, plain, suzuki, access.ReasonNotHandler},
		{"hidden handler grants", tanaka, access.GrantMyNumber, hid, fuku, access.ReasonNotHandler},
		{"handler on owner-only grants", tanaka, access.GrantMyNumber, owner, suzuki, access.ReasonNotHandler},
		{"designated admin on owner-only grants admin", shocho, access.GrantMyNumber, owner, fuku, ""},
		{"designated admin on owner-only grants handler", shocho, access.GrantMyNumber, owner, suzuki, access.ReasonTargetHidden},
		{"grant to staff", tanaka, access.GrantMyNumber, plain, sato, access.ReasonTargetRole},
		{"grant to disabled", tanaka, access.GrantMyNumber, plain, yamada, access.ReasonTargetDisabled},
		{"grant to unknown", tanaka, access.GrantMyNumber, plain, nobody, access.ReasonUnknownTarget},
		{"grant to hidden handler", suzuki, access.GrantMyNumber, mixed, tanaka, ""},
		{"grant on unknown client", tanaka, access.GrantMyNumber, absent, suzuki, access.ReasonUnknownClient},

		// RevokeMyNumber.
		{"admin not handler revokes", fuku, access.RevokeMyNumber, plain, tanaka, ""},
		{"admin revokes disabled handler", shocho, access.RevokeMyNumber, plain, yamada, ""},
		{"admin revokes stale designation", shocho, access.RevokeMyNumber, plain, demoted, ""},
		{"handler revokes other", tanaka, access.RevokeMyNumber, plain, yamada, ""},
		{"handler steps down", suzuki, access.RevokeMyNumber, mixed, suzuki, ""},
		{"handler of other client revokes", suzuki, access.RevokeMyNumber, plain, tanaka, access.ReasonNotHandler},
		{"staff revokes", sato, access.RevokeMyNumber, plain, tanaka, access.ReasonNotHandler},
		{"revoke not designated", shocho, access.RevokeMyNumber, plain, suzuki, access.ReasonNotDesignated},
		{"revoke unknown user", shocho, access.RevokeMyNumber, plain, nobody, access.ReasonNotDesignated},
		{"revoke on unknown client", shocho, access.RevokeMyNumber, absent, tanaka, access.ReasonUnknownClient},

		// ChangeOwnPassword.
		{"own password", kato, access.ChangeOwnPassword, "", kato, ""},
		{"admin changes other's password", shocho, access.ChangeOwnPassword, "", kato, access.ReasonNotSelf},
		{"disabled own password", yamada, access.ChangeOwnPassword, "", yamada, access.ReasonDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := access.Decide(office(), tt.actor, tt.act, tt.client, tt.target)
			checkDecision(t, err, tt.act, tt.want, tt.actor, tt.client, tt.target, "name of")
		})
	}
}

func TestDecideNilState(t *testing.T) {
	err := access.Decide(nil, shocho, access.ReadAudit, "", "")
	checkDecision(t, err, access.ReadAudit, access.ReasonUnknownUser)
}

func TestDecideUser(t *testing.T) {
	admin := func(id string) access.User { return access.User{ID: id, Role: access.Admin} }
	tests := []struct {
		name  string
		solo  bool // only shocho is an enabled admin
		actor string
		next  access.User
		want  string
	}{
		{"admin adds staff", false, shocho, access.User{ID: "u-new", Role: access.Staff, Default: access.Read}, ""},
		{"admin renames self", false, shocho, access.User{ID: shocho, Name: "所長", Role: access.Admin}, ""},
		{"admin demotes other admin", false, shocho, access.User{ID: fuku, Role: access.Handler}, ""},
		{"admin disables other admin", false, fuku, access.User{ID: shocho, Role: access.Admin, Disabled: true}, ""},
		{"admin demotes self while another admin remains", false, fuku, access.User{ID: fuku, Role: access.Staff}, ""},
		{"admin disables self", false, fuku, access.User{ID: fuku, Role: access.Admin, Disabled: true}, access.ReasonSelfDisable},
		{"admin re-enables disabled admin", true, shocho, admin(old), ""},
		{"admin promotes handler", true, shocho, admin(tanaka), ""},
		{"last admin demotes self", true, shocho, access.User{ID: shocho, Role: access.Handler}, access.ReasonLastAdmin},
		{"last admin disables self", true, shocho, access.User{ID: shocho, Role: access.Admin, Disabled: true}, access.ReasonLastAdmin},
		{"last admin renames self", true, shocho, access.User{ID: shocho, Name: "所長", Role: access.Admin}, ""},
		{"handler edits user", false, tanaka, access.User{ID: sato, Role: access.Staff}, access.ReasonNotAdmin},
		{"handler promotes self", false, tanaka, admin(tanaka), access.ReasonNotAdmin},
		{"disabled admin re-enables self", false, old, admin(old), access.ReasonDisabled},
		{"unknown actor", false, nobody, admin(nobody), access.ReasonUnknownUser},
		{"admin adds auditor hidden", false, shocho, access.User{ID: "u-new", Role: access.Auditor, Default: access.Hidden}, ""},
		{"admin adds auditor edit", false, shocho, access.User{ID: "u-new", Role: access.Auditor, Default: access.Edit}, access.ReasonRoleLevel},
		{"admin adds auditor read", false, shocho, access.User{ID: "u-new", Role: access.Auditor, Default: access.Read}, access.ReasonRoleLevel},
		{"admin raises auditor's default", false, shocho, access.User{ID: kansa, Role: access.Auditor, Default: access.Read}, access.ReasonRoleLevel},
		{"admin makes edit staff an auditor keeping edit", false, shocho, access.User{ID: sato, Role: access.Auditor, Default: access.Edit}, access.ReasonRoleLevel},
		{"admin makes staff an auditor", false, shocho, access.User{ID: sato, Role: access.Auditor, Default: access.Hidden}, ""},
		{"admin makes auditor staff with edit", false, shocho, access.User{ID: kansa, Role: access.Staff, Default: access.Edit}, ""},
		{"non-admin adds auditor edit", false, tanaka, access.User{ID: "u-new", Role: access.Auditor, Default: access.Edit}, access.ReasonNotAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := office()
			if tt.solo {
				s.Users[fuku].Disabled = true
			}
			err := access.DecideUser(s, tt.actor, tt.next)
			checkDecision(t, err, access.ManageUsers, tt.want, tt.actor, tt.next.ID)
		})
	}
}

func TestDecideLevel(t *testing.T) {
	tests := []struct {
		name           string
		actor          string
		client, target string
		level          access.Level
		want           string
	}{
		{"admin gives staff edit", shocho, plain, sato, access.Edit, ""},
		{"admin hides a client from staff", shocho, plain, sato, access.Hidden, ""},
		{"admin returns staff to default", shocho, mixed, sato, "", ""},
		{"admin gives auditor edit", shocho, plain, kansa, access.Edit, access.ReasonRoleLevel},
		{"admin gives auditor read", shocho, plain, kansa, access.Read, access.ReasonRoleLevel},
		{"admin gives auditor edit on owner-only", fuku, owner, kansa, access.Edit, access.ReasonRoleLevel},
		{"admin hides a client from auditor", shocho, plain, kansa, access.Hidden, ""},
		{"admin returns auditor to default", shocho, plain, kansa, "", ""},
		{"handler gives auditor edit", tanaka, plain, kansa, access.Edit, access.ReasonNotAdmin},
		{"auditor gives self edit", kansa, plain, kansa, access.Edit, access.ReasonNotAdmin},
		{"admin gives unknown user edit", shocho, plain, nobody, access.Edit, access.ReasonUnknownTarget},
		{"admin on unknown client", shocho, absent, kansa, access.Edit, access.ReasonUnknownClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := access.DecideLevel(office(), tt.actor, tt.client, tt.target, tt.level)
			checkDecision(t, err, access.SetLevel, tt.want, tt.actor, tt.client, tt.target)
		})
	}
}

func TestDefaultLevelAndAllows(t *testing.T) {
	tests := []struct {
		role      access.Role
		def       access.Level
		allows    []access.Level
		disallows []access.Level
	}{
		{access.Admin, access.Edit, []access.Level{access.Edit, access.Read, access.Hidden}, []access.Level{"", "owner"}},
		{access.Handler, access.Edit, []access.Level{access.Edit, access.Read, access.Hidden}, []access.Level{""}},
		{access.Staff, access.Read, []access.Level{access.Edit, access.Read, access.Hidden}, []access.Level{""}},
		{access.Auditor, access.Hidden, []access.Level{access.Hidden}, []access.Level{access.Edit, access.Read, ""}},
		{"boss", access.Hidden, []access.Level{access.Hidden}, []access.Level{access.Edit, access.Read, ""}},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if got := access.DefaultLevel(tt.role); got != tt.def {
				t.Errorf("DefaultLevel = %q, want %q", got, tt.def)
			}
			if tt.role.Valid() && !tt.role.Allows(tt.def) {
				t.Errorf("the role does not allow its own default %q", tt.def)
			}
			for _, l := range tt.allows {
				if !tt.role.Allows(l) {
					t.Errorf("Allows(%q) = false", l)
				}
			}
			for _, l := range tt.disallows {
				if tt.role.Allows(l) {
					t.Errorf("Allows(%q) = true", l)
				}
			}
		})
	}
}

// TestAuditorHoldsNoClientKey: an auditor whose journal says Edit (as a
// default or for one client, e.g. left from an earlier role) is still
// outside every client and My Number scope.
func TestAuditorHoldsNoClientKey(t *testing.T) {
	s := office()
	s.Users[kansa].Default = access.Edit
	s.Levels[kansa] = map[string]access.Level{mixed: access.Edit}
	s.Handlers[plain][kansa] = true
	for _, c := range []string{plain, mixed, hid} {
		if l := s.Level(kansa, c); l != access.Hidden {
			t.Errorf("level on %s = %q, want hidden", c, l)
		}
		for _, scope := range []string{access.ClientScope(c), access.MyNumberScope(c)} {
			if contains(access.Members(s, scope), kansa) {
				t.Errorf("auditor is a member of %s", scope)
			}
		}
	}
	if !contains(access.Members(s, access.ScopeAudit), kansa) {
		t.Error("auditor lost the log key")
	}
	checkDecision(t, access.Decide(s, kansa, access.ClientCreate, "k-new", ""), access.ClientCreate, access.ReasonDefaultLevel)
}

// TestHeadOfOfficeCannotSeeMyNumbersUnlessDesignated checks DESIGN.md §3:
// an administrator who is not a My Number handler cannot read My Numbers nor
// give themselves access; only a designated handler can let them in, and
// the My Number key is wrapped to them only from then on.
func TestHeadOfOfficeCannotSeeMyNumbersUnlessDesignated(t *testing.T) {
	s := office()
	for _, act := range []access.Action{access.MyNumberRead, access.MyNumberEdit, access.GrantMyNumber} {
		err := access.Decide(s, shocho, act, plain, shocho)
		checkDecision(t, err, act, access.ReasonNotHandler)
	}
	if err := access.Decide(s, shocho, access.ClientEdit, plain, ""); err != nil {
		t.Fatalf("the head of the office edits the client itself: %v", err)
	}
	if m := access.Members(s, access.MyNumberScope(plain)); contains(m, shocho) {
		t.Fatalf("undesignated admin holds the My Number key: %v", m)
	}

	if err := access.Decide(s, tanaka, access.GrantMyNumber, plain, shocho); err != nil {
		t.Fatalf("handler designates the head of the office: %v", err)
	}
	s.Handlers[plain][shocho] = true
	if err := access.Decide(s, shocho, access.MyNumberRead, plain, ""); err != nil {
		t.Fatalf("designated head of the office: %v", err)
	}
	if m := access.Members(s, access.MyNumberScope(plain)); !contains(m, shocho) {
		t.Fatalf("designated admin lacks the My Number key: %v", m)
	}
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

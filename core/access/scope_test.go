package access_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
)

func TestParseScope(t *testing.T) {
	tests := []struct {
		in           string
		kind, client string
		bad          bool
	}{
		{in: "office", kind: access.ScopeOffice},
		{in: "audit", kind: access.ScopeAudit},
		{in: access.ClientScope("k-1"), kind: access.KindClient, client: "k-1"},
		{in: access.MyNumberScope("k-1"), kind: access.KindMyNumber, client: "k-1"},
		{in: "client:a:b", kind: access.KindClient, client: "a:b"},
		{in: "", bad: true},
		{in: "client", bad: true},
		{in: "client:", bad: true},
		{in: "mynumber:", bad: true},
		{in: "Office", bad: true},
		{in: "office:x", bad: true},
		{in: "audit:", bad: true},
		{in: "person:k-1", bad: true},
		{in: ":k-1", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, client, err := access.ParseScope(tt.in)
			if tt.bad {
				if !errors.Is(err, access.ErrBadScope) {
					t.Fatalf("ParseScope(%q) = %q, %q, %v; want ErrBadScope", tt.in, kind, client, err)
				}
				return
			}
			if err != nil || kind != tt.kind || client != tt.client {
				t.Fatalf("ParseScope(%q) = %q, %q, %v; want %q, %q", tt.in, kind, client, err, tt.kind, tt.client)
			}
		})
	}
}

func TestMembers(t *testing.T) {
	tests := []struct {
		scope string
		want  []string
	}{
		{access.ScopeOffice, []string{demoted, fuku, ito, kansa, kato, sato, shocho, suzuki, tanaka}},
		// The 責任者 and the auditor (監査).
		{access.ScopeAudit, []string{fuku, kansa, shocho}},
		{access.ClientScope(plain), []string{demoted, fuku, ito, sato, shocho, suzuki, tanaka}},
		{access.ClientScope(owner), []string{fuku, shocho}},
		{access.ClientScope(mixed), []string{demoted, fuku, ito, shocho, suzuki, tanaka}},
		{access.ClientScope(hid), []string{demoted, fuku, ito, sato, shocho, suzuki}},
		{access.ClientScope(absent), []string{}},
		// Not the disabled yamada, not the demoted staff member.
		{access.MyNumberScope(plain), []string{tanaka}},
		// tanaka is designated but the client is 所長のみ.
		{access.MyNumberScope(owner), []string{shocho}},
		{access.MyNumberScope(mixed), []string{suzuki}},
		// tanaka is designated but Hidden on the client.
		{access.MyNumberScope(hid), []string{suzuki}},
		{access.MyNumberScope(absent), []string{}},
		{"nonsense", nil},
	}
	for _, tt := range tests {
		t.Run(tt.scope, func(t *testing.T) {
			if got := access.Members(office(), tt.scope); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Members(%s) = %q, want %q", tt.scope, got, tt.want)
			}
		})
	}
}

// TestMembersAgreeWithDecide checks that exactly the users Decide lets read
// a client (or its My Numbers) hold the scope key, for every fixture user and
// client.
func TestMembersAgreeWithDecide(t *testing.T) {
	s := office()
	for _, c := range []string{plain, owner, mixed, hid, absent} {
		for _, sc := range []struct {
			scope string
			act   access.Action
		}{{access.ClientScope(c), access.ClientRead}, {access.MyNumberScope(c), access.MyNumberRead}} {
			t.Run(sc.scope, func(t *testing.T) {
				members := access.Members(s, sc.scope)
				for id := range s.Users {
					allowed := access.Decide(s, id, sc.act, c, "") == nil
					if allowed != contains(members, id) {
						t.Errorf("%s: Decide allowed=%t, member=%t", id, allowed, !allowed)
					}
				}
			})
		}
	}
}

func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"office", "audit", "client:k-1", "mynumber:k-1", "client:", "x:y", "client:a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, client, err := access.ParseScope(s)
		if err != nil {
			return
		}
		var back string
		switch kind {
		case access.ScopeOffice, access.ScopeAudit:
			back = kind
		case access.KindClient:
			back = access.ClientScope(client)
		case access.KindMyNumber:
			back = access.MyNumberScope(client)
		default:
			t.Fatalf("ParseScope(%q): unknown kind %q", s, kind)
		}
		if back != s {
			t.Fatalf("ParseScope(%q) = %q, %q; formats back as %q", s, kind, client, back)
		}
	})
}

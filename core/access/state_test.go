package access_test

import (
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
)

func TestValid(t *testing.T) {
	roles := map[access.Role]bool{access.Admin: true, access.Handler: true, access.Staff: true, "": false, "Admin": false, "owner": false}
	for r, want := range roles {
		t.Run("role/"+string(r), func(t *testing.T) {
			if got := r.Valid(); got != want {
				t.Fatalf("Valid() = %t, want %t", got, want)
			}
		})
	}
	levels := map[access.Level]bool{access.Edit: true, access.Read: true, access.Hidden: true, "": false, "write": false, "READ": false}
	for l, want := range levels {
		t.Run("level/"+string(l), func(t *testing.T) {
			if got := l.Valid(); got != want {
				t.Fatalf("Valid() = %t, want %t", got, want)
			}
		})
	}
}

func TestLevel(t *testing.T) {
	s := office()
	s.Users["u-blank"] = &access.User{ID: "u-blank", Role: access.Staff}
	s.Users["u-bogus"] = &access.User{ID: "u-bogus", Role: access.Staff, Default: "write"}
	s.Levels["u-bogus"] = map[string]access.Level{mixed: "everything"}
	tests := []struct {
		name, user, client string
		want               access.Level
	}{
		{"admin plain", shocho, plain, access.Edit},
		{"admin owner-only", shocho, owner, access.Edit},
		{"admin without default", shocho, mixed, access.Edit},
		{"disabled admin", old, plain, access.Hidden},
		{"unknown user", nobody, plain, access.Hidden},
		{"unknown client", shocho, absent, access.Hidden},
		{"owner-only beats explicit edit", tanaka, owner, access.Hidden},
		{"owner-only beats default edit", sato, owner, access.Hidden},
		{"default read", tanaka, plain, access.Read},
		{"default edit", sato, plain, access.Edit},
		{"default hidden", kato, plain, access.Hidden},
		{"explicit edit", ito, mixed, access.Edit},
		{"explicit read", suzuki, mixed, access.Read},
		{"explicit hidden", sato, mixed, access.Hidden},
		{"disabled handler", yamada, plain, access.Hidden},
		{"empty default", "u-blank", plain, access.Hidden},
		{"invalid default", "u-bogus", plain, access.Hidden},
		{"invalid explicit", "u-bogus", mixed, access.Hidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Level(tt.user, tt.client); got != tt.want {
				t.Fatalf("Level(%s, %s) = %q, want %q", tt.user, tt.client, got, tt.want)
			}
		})
	}
	var none *access.State
	if got := none.Level(shocho, plain); got != access.Hidden {
		t.Fatalf("nil State: Level = %q, want hidden", got)
	}
}

func TestClone(t *testing.T) {
	t.Run("equal", func(t *testing.T) {
		s := office()
		if c := s.Clone(); !reflect.DeepEqual(c, s) {
			t.Fatalf("clone differs from original")
		}
	})
	t.Run("independent", func(t *testing.T) {
		s := office()
		c := s.Clone()
		c.Users[tanaka].Role = access.Admin
		c.Users[tanaka].Disabled = true
		c.Users["u-new"] = &access.User{ID: "u-new"}
		c.Clients[plain] = true
		delete(c.Clients, mixed)
		c.Levels[ito][mixed] = access.Hidden
		c.Levels[kato] = map[string]access.Level{plain: access.Edit}
		c.Handlers[plain][suzuki] = true
		delete(c.Handlers[owner], tanaka)
		if !reflect.DeepEqual(s, office()) {
			t.Fatalf("changing the clone changed the original")
		}
	})
	t.Run("nil", func(t *testing.T) {
		var s *access.State
		c := s.Clone()
		if c == nil || c.Users == nil || c.Clients == nil || c.Levels == nil || c.Handlers == nil {
			t.Fatalf("Clone of nil = %+v, want empty State with maps", c)
		}
	})
	t.Run("zero value", func(t *testing.T) {
		c := (&access.State{}).Clone()
		c.Clients[plain] = false // must not panic
	})
}

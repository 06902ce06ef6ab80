//go:build !windows

package app

import (
	"os"

	"github.com/godbus/dbus/v5"
)

// sessionLocked reports whether the desktop session is locked, through
// systemd-logind's LockedHint on the system bus. Without logind (or without
// a session id) it reports false and only the idle lock applies.
func sessionLocked() bool {
	id := os.Getenv("XDG_SESSION_ID")
	if id == "" {
		return false
	}
	conn, err := dbus.SystemBus()
	if err != nil {
		return false
	}
	obj := conn.Object("org.freedesktop.login1", dbus.ObjectPath("/org/freedesktop/login1/session/"+escapeObjectPath(id)))
	v, err := obj.GetProperty("org.freedesktop.login1.Session.LockedHint")
	if err != nil {
		return false
	}
	locked, _ := v.Value().(bool)
	return locked
}

// escapeObjectPath escapes a session id as systemd does in object paths.
func escapeObjectPath(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			out = append(out, c)
			continue
		}
		const hex = "0123456789abcdef"
		out = append(out, '_', hex[c>>4], hex[c&15])
	}
	return string(out)
}

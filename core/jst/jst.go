// Package jst is the one rule for times shown to users: every time Kinko
// shows or prints — the window, the CLI, the access log, the 管理台帳 — is
// Japan time (UTC+09:00), whatever the PC's clock zone. Kinko's users are
// Japanese offices and its legal records are kept in Japan time; a PC set
// to UTC (a server, a misconfigured install) must not print 11:06 in one
// place and 20:06 in another for the same moment.
//
// Japan has no daylight saving time, so a fixed zone is exact and needs no
// tz database (Windows has none that Go reads).
package jst

import (
	"time"

	"github.com/kinko-jp/kinko/core/jtext"
)

// Zone is Japan Standard Time.
var Zone = time.FixedZone("JST", 9*60*60)

// In is t in Japan time.
func In(t time.Time) time.Time { return t.In(Zone) }

// Ms is the unix-millisecond time ms in Japan time.
func Ms(ms int64) time.Time { return time.UnixMilli(ms).In(Zone) }

// Wareki writes the day of t in Japan in the Japanese calendar:
// "令和8年12月5日" (a Western date before Meiji).
func Wareki(t time.Time) string {
	t = In(t)
	s, err := jtext.FormatWareki(t.Year(), t.Month(), t.Day())
	if err != nil {
		return t.Format(time.DateOnly)
	}
	return s
}

// WarekiTime writes t in Japan as "令和8年12月5日 20:06:03".
func WarekiTime(t time.Time) string { return Wareki(t) + " " + In(t).Format(time.TimeOnly) }

// Date writes the day of t in Japan for lang: 和暦 in Japanese
// ("令和8年12月5日"), ISO in English ("2026-12-05").
func Date(t time.Time, lang string) string {
	if lang == "ja" {
		return Wareki(t)
	}
	return In(t).Format(time.DateOnly)
}

// DateTime writes t in Japan for lang: "令和8年12月5日 20:06:03" in
// Japanese, "2026-12-05 20:06:03" in English.
func DateTime(t time.Time, lang string) string {
	return Date(t, lang) + " " + In(t).Format(time.TimeOnly)
}

// MsDateTime is DateTime of a unix-millisecond time; "" for 0 (never).
func MsDateTime(ms int64, lang string) string {
	if ms == 0 {
		return ""
	}
	return DateTime(time.UnixMilli(ms), lang)
}

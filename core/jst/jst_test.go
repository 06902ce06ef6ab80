package jst

import (
	"testing"
	"time"
)

// One instant, written on a PC whose clock zone is not Japan's (UTC here,
// New York below): always Japan time.
func TestJapanTimeWhateverTheLocalZone(t *testing.T) {
	at := time.Date(2026, 12, 5, 11, 6, 0, 0, time.UTC)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	for _, in := range []time.Time{at, at.In(ny), at.Local()} {
		if got := DateTime(in, "ja"); got != "令和8年12月5日 20:06:00" {
			t.Errorf("ja: %q", got)
		}
		if got := DateTime(in, "en"); got != "2026-12-05 20:06:00" {
			t.Errorf("en: %q", got)
		}
	}
	// 23:30 UTC is the next day in Japan.
	late := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := Date(late, "ja"); got != "令和9年1月1日" {
		t.Errorf("day in Japan: %q", got)
	}
	if got := MsDateTime(0, "ja"); got != "" {
		t.Errorf("never: %q", got)
	}
	if got := MsDateTime(at.UnixMilli(), "ja"); got != WarekiTime(at) {
		t.Errorf("ms: %q", got)
	}
}

package audit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/audit"
)

func TestEntryRoundTrip(t *testing.T) {
	e := audit.Entry{Time: 1, User: "u", Device: "d", Op: "d.1", Action: audit.NumberReveal, Target: "mynumber/c/p", Client: "c", Person: "p",
		Label: "山田 太郎", Purpose: "withholding_slip", Result: audit.ResultOK, Detail: "rows=3"}
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got audit.Entry
	got.Time, got.User, got.Device, got.Op = e.Time, e.User, e.Device, e.Op
	if err := got.UnmarshalBinary(b); err != nil || got != e {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range [][]byte{nil, {9}, b[:len(b)-1], append(append([]byte{}, b...), 0)} {
		if err := new(audit.Entry).UnmarshalBinary(bad); !errors.Is(err, audit.ErrFormat) {
			t.Errorf("malformed %x: %v", bad, err)
		}
	}
	if _, err := (&audit.Entry{Label: "\xff"}).MarshalBinary(); !errors.Is(err, audit.ErrFormat) {
		t.Fatal("invalid UTF-8 accepted")
	}
}

func TestHashJSON(t *testing.T) {
	var h audit.Hash
	h[0], h[31] = 0xab, 0x01
	b, _ := json.Marshal(h)
	var back audit.Hash
	if err := json.Unmarshal(b, &back); err != nil || back != h {
		t.Fatalf("%s → %x %v", b, back, err)
	}
	if err := json.Unmarshal([]byte(`"zz"`), &back); err == nil {
		t.Fatal("bad hex accepted")
	}
	// The full length, but not lowercase hex: refused, h unchanged.
	upper := bytes.ToUpper(b)
	if err := json.Unmarshal(upper, &back); err == nil || back != h {
		t.Fatalf("%s accepted: %x", upper, back)
	}
	// Escaped, as another JSON writer may write it: read all the same.
	var again audit.Hash
	if err := json.Unmarshal(append([]byte(`"\u0061`), b[2:]...), &again); err != nil || again != h {
		t.Fatalf("escaped: %x %v", again, err)
	}
}

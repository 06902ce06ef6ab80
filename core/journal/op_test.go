package journal_test

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

func TestOp(t *testing.T) {
	t.Run("binary round trip", func(t *testing.T) {
		for _, op := range []*journal.Op{
			newOp(devA, 1, 300),
			{Device: devA, Seq: 7},
			{Device: devB, Seq: 1<<64 - 1, Time: journal.HLC{Wall: -5, Logical: 1<<32 - 1}, Parents: []string{"", "x"}, Payload: []byte{0}},
			{Device: devB, Seq: 2, Deps: []journal.Dep{{Device: devA, Seq: 9}}, Payload: []byte{1}},
		} {
			b, err := op.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			var got journal.Op
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatalf("UnmarshalBinary: %v", err)
			}
			if !reflect.DeepEqual(&got, op) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, *op)
			}
		}
	})

	t.Run("signing bytes deterministic and exclude sig", func(t *testing.T) {
		a, b := newOp(devA, 3, 10), newOp(devA, 3, 10)
		b.Sig = []byte("another signature")
		sa, sb := a.SigningBytes(), b.SigningBytes()
		if !bytes.Equal(sa, sb) {
			t.Error("SigningBytes differ for ops differing only in Sig")
		}
		if !bytes.Equal(sa, a.SigningBytes()) {
			t.Error("SigningBytes not deterministic")
		}
		if !bytes.HasPrefix(sa, []byte("kinko/op/v2\x00")) {
			t.Error("SigningBytes lacks the format prefix")
		}
		m, _ := a.MarshalBinary()
		if !bytes.HasPrefix(m, sa) {
			t.Error("MarshalBinary does not start with SigningBytes")
		}
		// Every field except Sig changes the signing bytes.
		for name, mutate := range map[string]func(*journal.Op){
			"device":  func(o *journal.Op) { o.Device = devB },
			"seq":     func(o *journal.Op) { o.Seq++ },
			"wall":    func(o *journal.Op) { o.Time.Wall++ },
			"logical": func(o *journal.Op) { o.Time.Logical++ },
			"author":  func(o *journal.Op) { o.Author += "x" },
			"kind":    func(o *journal.Op) { o.Kind = "record.delete" },
			"target":  func(o *journal.Op) { o.Target += "x" },
			"scope":   func(o *journal.Op) { o.Scope = "client:1" },
			"deps":    func(o *journal.Op) { o.Deps = []journal.Dep{{Device: devB, Seq: 1}} },
			"epoch":   func(o *journal.Op) { o.Epoch++ },
			"parents": func(o *journal.Op) { o.Parents = append(o.Parents, devB+".1") },
			"payload": func(o *journal.Op) { o.Payload[0]++ },
			// Moving a byte between adjacent fields must not collide.
			"boundary": func(o *journal.Op) { o.Author, o.Kind = o.Author+"r", o.Kind[1:] },
		} {
			c := newOp(devA, 3, 10)
			mutate(c)
			if bytes.Equal(c.SigningBytes(), sa) {
				t.Errorf("changing %s does not change SigningBytes", name)
			}
		}
	})

	t.Run("less is a total order", func(t *testing.T) {
		var ops []*journal.Op
		for _, wall := range []int64{1, 2} {
			for _, logical := range []uint32{0, 1} {
				for _, dev := range []string{devA, devB} {
					for _, seq := range []uint64{1, 2} {
						ops = append(ops, &journal.Op{Device: dev, Seq: seq, Time: journal.HLC{Wall: wall, Logical: logical}})
					}
				}
			}
		}
		for _, a := range ops {
			if journal.Less(a, a) {
				t.Errorf("Less(%s, itself)", a.ID())
			}
			for _, b := range ops {
				if a != b && journal.Less(a, b) == journal.Less(b, a) {
					t.Errorf("Less(%v, %v) not antisymmetric/total", a, b)
				}
				for _, c := range ops {
					if journal.Less(a, b) && journal.Less(b, c) && !journal.Less(a, c) {
						t.Errorf("Less not transitive")
					}
				}
			}
		}
		// Sorting any permutation gives the same order.
		want := slices.Clone(ops)
		slices.SortFunc(want, cmpOps)
		rev := slices.Clone(ops)
		slices.Reverse(rev)
		slices.SortFunc(rev, cmpOps)
		if !slices.Equal(want, rev) {
			t.Error("sorting depends on input order")
		}
	})

	t.Run("unmarshal strict", func(t *testing.T) {
		good, _ := newOp(devA, 1, 4).MarshalBinary()
		badUTF8 := (&journal.Op{Device: devA, Seq: 1, Author: "ab"}).SigningBytes()
		badUTF8 = append(badUTF8, 0, 0, 0, 0) // empty sig
		i := bytes.Index(badUTF8, []byte("ab"))
		badUTF8[i] = 0xff
		tests := []struct {
			name string
			b    []byte
		}{
			{"empty", nil},
			{"bad prefix", append([]byte("kinko/op/v1\x00"), good[12:]...)},
			{"dep on own device", depsBytes(devA, journal.Dep{Device: devA, Seq: 1})},
			{"dep seq 0", depsBytes(devA, journal.Dep{Device: devB, Seq: 0})},
			{"deps unsorted", depsBytes(devA, journal.Dep{Device: devC, Seq: 1}, journal.Dep{Device: devB, Seq: 1})},
			{"deps repeated", depsBytes(devA, journal.Dep{Device: devB, Seq: 1}, journal.Dep{Device: devB, Seq: 2})},
			{"dep bad device", depsBytes(devA, journal.Dep{Device: "../x", Seq: 1})},
			{"trailing byte", append(slices.Clone(good), 0)},
			{"truncated", good[:len(good)-1]},
			{"oversize length", append(slices.Clone(good[:12]), 0xff, 0xff, 0xff, 0xff)},
			{"bad utf-8", badUTF8},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				op := journal.Op{Kind: "unchanged"}
				err := op.UnmarshalBinary(tt.b)
				if !errors.Is(err, journal.ErrCorrupt) {
					t.Fatalf("err = %v, want ErrCorrupt", err)
				}
				if op.Kind != "unchanged" {
					t.Error("op modified on error")
				}
				checkErrorText(t, err, "")
			})
		}
	})

	t.Run("marshal refuses bad utf-8", func(t *testing.T) {
		_, err := (&journal.Op{Device: devA, Seq: 1, Target: "\xff"}).MarshalBinary()
		if !errors.Is(err, journal.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}

// depsBytes encodes an op with the given deps, bypassing MarshalBinary's
// checks, as a hostile writer would.
func depsBytes(device string, deps ...journal.Dep) []byte {
	ok := &journal.Op{Device: device, Seq: 5, Deps: []journal.Dep{{Device: devB, Seq: 1}}}
	b, err := ok.MarshalBinary()
	if err != nil {
		panic(err)
	}
	// Swap the one valid dep for the given ones: count, then device and seq.
	one := append([]byte{0, 0, 0, 1, 0, 0, 0, 16}, devB...)
	one = append(one, 0, 0, 0, 0, 0, 0, 0, 1)
	i := bytes.Index(b, one)
	var repl []byte
	repl = append(repl, 0, 0, 0, byte(len(deps)))
	for _, d := range deps {
		repl = append(repl, 0, 0, 0, byte(len(d.Device)))
		repl = append(repl, d.Device...)
		repl = append(repl, 0, 0, 0, 0, 0, 0, 0, byte(d.Seq))
	}
	return append(append(slices.Clone(b[:i]), repl...), b[i+len(one):]...)
}

func TestBefore(t *testing.T) {
	a1 := &journal.Op{Device: devA, Seq: 1}
	a2 := &journal.Op{Device: devA, Seq: 2}
	b1 := &journal.Op{Device: devB, Seq: 1, Deps: []journal.Dep{{Device: devA, Seq: 1}}}
	c1 := &journal.Op{Device: devC, Seq: 1}
	for _, tt := range []struct {
		a, b *journal.Op
		want bool
	}{
		{a1, a2, true}, {a2, a1, false}, {a1, b1, true}, {a2, b1, false},
		{b1, a2, false}, {c1, b1, false}, {b1, c1, false}, {a1, a1, false},
	} {
		if got := journal.Before(tt.a, tt.b); got != tt.want {
			t.Errorf("Before(%s, %s) = %v, want %v", tt.a.ID(), tt.b.ID(), got, tt.want)
		}
	}
}

func cmpOps(a, b *journal.Op) int {
	switch {
	case journal.Less(a, b):
		return -1
	case journal.Less(b, a):
		return 1
	}
	return 0
}

func TestParseID(t *testing.T) {
	tests := []struct {
		id     string
		device string
		seq    uint64
		ok     bool
	}{
		{devA + ".1", devA, 1, true},
		{devA + ".18446744073709551615", devA, 1<<64 - 1, true},
		{devA + ".0", "", 0, false},
		{devA + ".01", "", 0, false},
		{devA + ".+1", "", 0, false},
		{devA + ".18446744073709551616", "", 0, false},
		{devA + ".", "", 0, false},
		{devA, "", 0, false},
		{"../../x.1", "", 0, false},
		{"AAAAAAAAAAAAAAAA.1", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			device, seq, err := journal.ParseID(tt.id)
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok {
				if !errors.Is(err, journal.ErrInvalid) {
					t.Errorf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if device != tt.device || seq != tt.seq {
				t.Errorf("= %q, %d", device, seq)
			}
			if id := (&journal.Op{Device: device, Seq: seq}).ID(); id != tt.id {
				t.Errorf("ID() = %q, want %q", id, tt.id)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	newDevice := func() (string, error) {
		_, id, err := journal.NewDeviceKey()
		return id, err
	}
	for _, gen := range []func() (string, error){newDevice, journal.NewVaultID} {
		for range 100 {
			id, err := gen()
			if err != nil {
				t.Fatal(err)
			}
			if !journal.ValidDeviceID(id) || seen[id] {
				t.Fatalf("bad or repeated id %q", id)
			}
			seen[id] = true
		}
	}
	for _, s := range []string{"", "aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa8", "aaaaaaaaaaaaaaA2", "aaaaaaa/aaaaaaaa"} {
		if journal.ValidDeviceID(s) {
			t.Errorf("ValidDeviceID(%q) = true", s)
		}
	}
}

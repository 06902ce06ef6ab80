package journal

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzArenaUnmarshal: an op decoded into an arena (ScanChain's decoding)
// is the op UnmarshalBinary decodes, or both refuse the bytes — also when
// the arena remembers the strings of the ops decoded before it, valid or
// not.
func FuzzArenaUnmarshal(f *testing.F) {
	op := Op{Device: "aaaaaaaaaaaaaaaa", Seq: 3, Author: "user-山田", Kind: "log.entry", Target: "t", Scope: "audit",
		Parents: []string{"aaaaaaaaaaaaaaaa.1"}, Deps: []Dep{{Device: "bbbbbbbbbbbbbbbb", Seq: 2}}, Payload: []byte("p"), Sig: []byte("s")}
	b, err := op.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, b)
	bad := bytes.Replace(b, []byte("log.entry"), []byte("log.\xffntry"), 1)
	f.Add(b, bad)
	f.Add(bad, b)
	ar := &arena{}
	f.Fuzz(func(t *testing.T, first, b []byte) {
		ar.reset()
		var prev Op
		prev.unmarshal(first, ar) // fills the arena's memory of strings
		var want, got Op
		werr := want.UnmarshalBinary(b)
		gerr := got.unmarshal(b, ar)
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Fatalf("UnmarshalBinary: %v; in an arena: %v", werr, gerr)
		}
		if werr == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("in an arena: %+v, want %+v", got, want)
		}
	})
}

// An OpDecoder decodes op after op into the same memory, each as
// UnmarshalBinary does, and refuses what it refuses.
func TestOpDecoder(t *testing.T) {
	var d OpDecoder
	ops := []Op{
		{Device: "aaaaaaaaaaaaaaaa", Seq: 3, Author: "user-山田", Kind: "record.put", Target: "client/1", Scope: "client/1",
			Parents: []string{"aaaaaaaaaaaaaaaa.1", "bbbbbbbbbbbbbbbb.2"}, Deps: []Dep{{Device: "bbbbbbbbbbbbbbbb", Seq: 2}}, Payload: []byte("sealed"), Sig: []byte("sig")},
		{Device: "aaaaaaaaaaaaaaaa", Seq: 4, Author: "user-山田", Kind: "record.put", Target: "client/2", Scope: "client/2", Payload: []byte("other"), Sig: []byte("sig2")},
		{Device: "cccccccccccccccc", Seq: 1, Author: "user-佐藤", Kind: "log.entry", Target: "t", Scope: "audit", Parents: []string{"cccccccccccccccc.0"}},
	}
	for i := range ops {
		b, err := ops[i].MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var want Op
		if err := want.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		got, err := d.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("op %d: %+v, want %+v", i, *got, want)
		}
		if _, err := d.Decode(b[:len(b)-1]); err == nil {
			t.Fatalf("op %d: a truncated op decodes", i)
		}
	}
}

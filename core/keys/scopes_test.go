package keys_test

import (
	"errors"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
)

// WrapScopeKeys: several keys in one age file open, in order, for each
// recipient and no one else; a file that does not hold exactly the keys
// its op names is corrupt.
func TestWrapScopeKeys(t *testing.T) {
	alice, _ := age.GenerateX25519Identity()
	bob, _ := age.GenerateX25519Identity()
	eve, _ := age.GenerateX25519Identity()
	ks := []seal.Key{newScopeKey(t), newScopeKey(t), newScopeKey(t)}
	w, err := keys.WrapScopeKeys(ks, alice.Recipient(), bob.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []age.Identity{alice, bob} {
		got, err := keys.UnwrapScopeKeys(w, len(ks), id)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ks {
			if got[i] != ks[i] {
				t.Fatalf("key %d differs", i)
			}
		}
	}
	if _, err := keys.UnwrapScopeKeys(w, len(ks), eve); !errors.Is(err, keys.ErrNotRecipient) {
		t.Fatalf("not a recipient: %v", err)
	}
	for _, n := range []int{2, 4, 0, -1, keys.MaxScopeKeys + 1} {
		if _, err := keys.UnwrapScopeKeys(w, n, alice); !errors.Is(err, keys.ErrCorrupt) {
			t.Errorf("%d keys named, 3 held: %v", n, err)
		}
	}
	if _, err := keys.WrapScopeKeys(nil, alice.Recipient()); err == nil {
		t.Error("no keys wrapped")
	}
	if _, err := keys.WrapScopeKeys([]seal.Key{ks[0], {}}, alice.Recipient()); err == nil {
		t.Error("a zero key wrapped")
	}
	if _, err := keys.WrapScopeKeys(ks); err == nil {
		t.Error("wrapped to no one")
	}
}

package seal_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/kinko-jp/kinko/core/seal"
)

func Example() {
	// The scope key comes from core/keys (UnwrapScopeKey); here a fresh one.
	key, err := seal.NewKey()
	if err != nil {
		fmt.Println(err)
		return
	}
	// The AD says where the record lives. It is authenticated, not secret.
	ad := seal.AD{Vault: "v-01", Kind: "client", ID: "c-42", Scope: "client:c-42", Epoch: 1, Version: "1"}

	sealed, err := seal.Seal(&key, ad, []byte("山田商店"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("overhead:", len(sealed)-len("山田商店"))

	plaintext, err := seal.Open(&key, ad, sealed)
	fmt.Println(string(plaintext), err)

	// The same bytes copied into another client's record do not open.
	moved := ad
	moved.ID = "c-43"
	_, err = seal.Open(&key, moved, sealed)
	fmt.Println(errors.Is(err, seal.ErrOpen))
	// Output:
	// overhead: 41
	// 山田商店 <nil>
	// true
}

func ExampleSign() {
	// Journal operations are signed under their own domain, so the same
	// signature is worthless anywhere else.
	const domain = "kinko/journal/op/v1"
	pub, priv, _ := ed25519.GenerateKey(nil) // in Kinko: User.Sign from core/keys
	op := []byte(`{"op":"grant","scope":"client:c-42"}`)
	sig := seal.Sign(priv, domain, op)
	fmt.Println(seal.Verify(pub, domain, op, sig))
	fmt.Println(seal.Verify(pub, "kinko/share/v1", op, sig))
	// Output:
	// <nil>
	// seal: bad signature
}

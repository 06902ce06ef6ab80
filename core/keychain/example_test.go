package keychain_test

import (
	"fmt"

	"github.com/kinko-jp/kinko/core/keychain"
)

// The app's start-up: use the OS keychain when there is one, else remember
// only until the app quits. (Not run by go test: it would touch the real
// keychain.)
func ExampleSystem() {
	kc := keychain.System()
	if !kc.Available() {
		kc = keychain.NewMemory()
	}
	_ = kc
}

// Remember a user's wrapping key on this PC and forget it at logout.
func Example() {
	kc := keychain.NewMemory()
	account := "vault-7f3a/user-shocho"
	if err := kc.Set(keychain.Service, account, "wrapping key, base64"); err != nil {
		fmt.Println(err)
		return
	}
	secret, err := kc.Get(keychain.Service, account)
	fmt.Println(secret, err)

	_ = kc.Delete(keychain.Service, account) // logout or "forget this PC"
	_, err = kc.Get(keychain.Service, account)
	fmt.Println(err)
	// Output:
	// wrapping key, base64 <nil>
	// keychain: secret not found
}

package keys_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
)

func Example() {
	// Vault creation: a recovery key for the sheet, and the first user.
	rec, _ := keys.NewRecovery()
	admin, _ := keys.NewUser()
	clerk, _ := keys.NewUser()
	fmt.Println("sheet groups:", len(rec.Groups()))

	// The admin's secrets go into the journal, locked by their password.
	// (Tests lower the work factor; production passes nil for the default.)
	password := []byte("初期パスワード")
	stored, _ := keys.SealUser(admin, password, &keys.Options{WorkFactor: 10})
	_, err := keys.OpenUser(stored, []byte("guess"))
	fmt.Println(errors.Is(err, keys.ErrWrongPassword))

	// A client scope the clerk is not in: the admin and the recovery key.
	scopeKey, _ := seal.NewKey()
	wrapped, _ := keys.WrapScopeKey(scopeKey, admin.Enc.Recipient(), rec.Recipient())

	// Login: the password gives the admin's keys, which unwrap the scope.
	me, _ := keys.OpenUser(stored, password)
	k, err := keys.UnwrapScopeKey(wrapped, me.Enc)
	fmt.Println(k == scopeKey, err)

	// The clerk has no stanza: the separation is cryptographic.
	_, err = keys.UnwrapScopeKey(wrapped, clerk.Enc)
	fmt.Println(errors.Is(err, keys.ErrNotRecipient))

	// Restore on a new PC: the key typed back from the sheet opens it all.
	typed, _ := keys.ParseRecovery(strings.Join(rec.Groups(), " "))
	k, err = keys.UnwrapScopeKey(wrapped, typed.Identity())
	fmt.Println(k == scopeKey, err)
	// Output:
	// sheet groups: 12
	// true
	// true <nil>
	// true
	// true <nil>
}

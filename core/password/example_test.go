package password_test

import (
	"errors"
	"fmt"

	"github.com/kinko-jp/kinko/core/password"
)

func ExampleCheck() {
	for _, pw := range []string{"sakura2025", "qwertyuiop", "yamada-1985!", "correct horse battery"} {
		err := password.Check([]byte(pw), "yamada", "山田 太郎", "山田税理士事務所")
		var weak *password.WeakError
		if errors.As(err, &weak) {
			fmt.Println("refused:", weak.Reason)
			continue
		}
		fmt.Println("accepted")
	}
	// Output:
	// refused: common
	// refused: keyboard
	// refused: personal
	// accepted
}

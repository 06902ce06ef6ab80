package wintest

import (
	"errors"
	"syscall"
)

// isWine reports whether ntdll exports wine_get_version, which Wine's ntdll
// does and Windows' does not.
func isWine() bool {
	return syscall.NewLazyDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// errorInvalidFunction is ERROR_INVALID_FUNCTION, what Wine's status for an
// unimplemented file information class becomes.
const errorInvalidFunction = syscall.Errno(1)

func isInvalidFunction(err error) bool { return errors.Is(err, errorInvalidFunction) }

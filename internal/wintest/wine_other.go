//go:build !windows

package wintest

func isWine() bool { return false }

func isInvalidFunction(error) bool { return false }

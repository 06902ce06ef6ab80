//go:build !linux

package vault_test

// diskFullChild exists only where TestDiskFull can mount a tmpfs (Linux).
func diskFullChild() int { return 2 }

func diskFullBatchChild() int { return 2 }

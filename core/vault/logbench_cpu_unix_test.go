//go:build unix

package vault_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used (user and system), for
// benchmarks that compare work rather than wall time on a busy machine.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

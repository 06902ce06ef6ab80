//go:build !unix

package vault_test

import "time"

// processCPU is not measured here (see logbench_cpu_unix_test.go).
func processCPU() (time.Duration, bool) { return 0, false }

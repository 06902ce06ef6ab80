//go:build !unix

package main

import "os"

func childRSS(*os.ProcessState) int64 { return 0 }
func cpuSeconds() float64             { return 0 }

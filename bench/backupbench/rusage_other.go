//go:build !unix

package main

// maxRSS is unknown here; bench/backup.sh takes it from /usr/bin/time.
func maxRSS() int64 { return 0 }

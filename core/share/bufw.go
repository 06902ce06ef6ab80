package share

import (
	"bufio"
	"io"
)

// newBufWriter buffers writes to a file in large blocks (age writes one
// 64 KiB chunk at a time).
func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }

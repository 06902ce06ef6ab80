package share

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"

	"github.com/kinko-jp/kinko/core/progress"
)

// Buffers of the copy pipeline: memory stays at bufCount×bufSize whatever
// the size of the files.
const (
	bufSize  = 1 << 20
	bufCount = 4
)

// pipe copies from r to w on the calling goroutine while another goroutine
// computes the SHA-256 and CRC-32 of the same bytes, so with two cores the
// encryption or decryption (in r or w) and the hashing run side by side.
// Buffers are handed back by the hasher, so memory is bounded.
type pipe struct {
	free chan []byte
}

func newPipe() *pipe {
	p := &pipe{free: make(chan []byte, bufCount)}
	for range bufCount {
		p.free <- make([]byte, bufSize)
	}
	return p
}

// sums is what the hasher computed.
type sums struct {
	n      int64
	sha256 string
	crc32  uint32
}

// errTooLong is returned by copy when r holds more than limit bytes.
var errTooLong = errors.New("share: more bytes than expected")

// copy copies up to limit bytes from r to w (limit < 0: all of r) and
// returns their sums. More than limit bytes in r: errTooLong. Progress:
// *done grows by each chunk and is reported under stage. ctx is checked
// before every chunk.
func (p *pipe) copy(ctx context.Context, w io.Writer, r io.Reader, limit int64, rep progress.Reporter, stage string, done *int64, total int64) (sums, error) {
	work := make(chan []byte, bufCount)
	result := make(chan sums, 1)
	go func() {
		h, c := sha256.New(), crc32.NewIEEE()
		var n int64
		for b := range work {
			h.Write(b)
			c.Write(b)
			n += int64(len(b))
			p.free <- b[:cap(b)]
		}
		result <- sums{n: n, sha256: hex.EncodeToString(h.Sum(nil)), crc32: c.Sum32()}
	}()
	finish := func() sums {
		close(work)
		return <-result
	}
	var read int64
	for {
		if err := ctx.Err(); err != nil {
			finish()
			return sums{}, err
		}
		b := <-p.free
		if limit >= 0 {
			// Read one byte past the limit to see a file that grew.
			if room := limit - read + 1; room < int64(len(b)) {
				b = b[:room]
			}
		}
		n, err := io.ReadFull(r, b)
		if n > 0 {
			read += int64(n)
			if limit >= 0 && read > limit {
				p.free <- b[:cap(b)]
				finish()
				return sums{}, errTooLong
			}
			work <- b[:n]
			if _, werr := w.Write(b[:n]); werr != nil {
				finish()
				return sums{}, werr
			}
			*done += int64(n)
			rep.Report(progress.Update{Stage: stage, Done: *done, Total: total})
		} else {
			p.free <- b[:cap(b)]
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return finish(), nil
		}
		if err != nil {
			finish()
			return sums{}, err
		}
	}
}

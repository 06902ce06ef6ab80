package backup

import (
	"context"
	"errors"
	"io"
	"sync"

	kfs "github.com/kopia/kopia/fs"
)

// Kopia restores a file with one goroutine that reads, decrypts, checks
// and decompresses its chunks in order, so a 500 MB database restores on
// one core. A file above readAheadAbove is read by several goroutines,
// each with its own reader, segment by segment (segment i by goroutine
// i mod n), and handed to the writer in order.
const (
	readAheadAbove   = 32 << 20
	readAheadSegment = 2 << 20
)

// readAhead is a kfs.Reader that reads its file's segments in parallel.
// It reads forward only (Kopia's restore copies each file start to end).
type readAhead struct {
	kfs.Reader // the first worker's reader, for Entry
	ctx        context.Context
	stop       chan struct{}
	wg         sync.WaitGroup
	out        []chan segment // per worker, in the order it reads them
	free       chan []byte
	next       int // index of the segment the reader is in
	cur        segment
	pos        int
	closeOnce  sync.Once
}

type segment struct {
	b   []byte
	err error
}

func newReadAhead(ctx context.Context, f kfs.File, n int) (*readAhead, error) {
	if n < 2 {
		n = 2
	}
	if n > 4 {
		n = 4
	}
	readers := make([]kfs.Reader, 0, n)
	for range n {
		rd, err := f.Open(ctx)
		if err != nil {
			for _, r := range readers {
				r.Close()
			}
			return nil, err
		}
		readers = append(readers, rd)
	}
	r := &readAhead{Reader: readers[0], ctx: ctx, stop: make(chan struct{}), free: make(chan []byte, 2*n)}
	size := f.Size()
	segs := int((size + readAheadSegment - 1) / readAheadSegment)
	for w, rd := range readers {
		ch := make(chan segment, 1)
		r.out = append(r.out, ch)
		r.wg.Add(1)
		go r.work(rd, ch, w, n, segs, size)
	}
	return r, nil
}

// work reads segments w, w+n, w+2n, … of the file into ch.
func (r *readAhead) work(rd kfs.Reader, ch chan<- segment, w, n, segs int, size int64) {
	defer r.wg.Done()
	defer close(ch)
	defer rd.Close()
	for i := w; i < segs; i += n {
		var b []byte
		select {
		case b = <-r.free:
		default:
			b = make([]byte, readAheadSegment)
		}
		off := int64(i) * readAheadSegment
		b = b[:min(readAheadSegment, size-off)]
		_, err := rd.Seek(off, io.SeekStart)
		if err == nil {
			err = r.ctx.Err()
		}
		if err == nil {
			_, err = io.ReadFull(rd, b)
		}
		select {
		case ch <- segment{b: b, err: err}:
		case <-r.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read returns the file's bytes in order.
func (r *readAhead) Read(p []byte) (int, error) {
	for r.pos == len(r.cur.b) {
		if r.cur.err != nil {
			return 0, r.cur.err
		}
		if err := r.ctx.Err(); err != nil {
			return 0, err
		}
		if r.cur.b != nil {
			select {
			case r.free <- r.cur.b[:cap(r.cur.b)]:
			default:
			}
		}
		seg, ok := <-r.out[r.next%len(r.out)]
		if !ok {
			return 0, io.EOF
		}
		r.next++
		r.cur, r.pos = seg, 0
		if len(seg.b) == 0 && seg.err != nil {
			return 0, seg.err
		}
	}
	n := copy(p, r.cur.b[r.pos:])
	r.pos += n
	return n, nil
}

// Seek is not supported: the restore reads forward.
func (r *readAhead) Seek(int64, int) (int64, error) {
	return 0, errors.New("backup: read-ahead reader cannot seek")
}

// Close stops the workers and closes their readers.
func (r *readAhead) Close() error {
	r.closeOnce.Do(func() { close(r.stop) })
	r.wg.Wait()
	return nil
}

package journal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Packs: an active PC flushes its outbox after each edit, so a busy day
// leaves hundreds of small segment files, and every later join pays an SMB
// round trip for each. A device therefore packs runs of its own older
// segments into one file, journal/<device>/<first>-<last>.pack (both
// %016d), holding segments first … last byte for byte:
//
//	magic "KINKOPAK" | format 1 | count uint32 | count × (length uint32 | segment file bytes)
//
// Nothing is re-signed or re-hashed: a packed segment is read and checked
// exactly as its own file (same device signature, same hash, so cursors
// stay valid). The writer writes the pack first (WritePack) and removes the
// packed files only once the pack has been there for a while
// (RemovePacked); a reader that finds a segment's file gone reads it from
// the pack (ReadSegment), so nobody loses an op mid-sync.

const (
	packMagic  = "KINKOPAK"
	packFormat = 1
	packExt    = ".pack"
	// MaxPack bounds the segments of one pack.
	MaxPack = 1024
)

// packName is the file name of the pack of segments first … last.
func packName(first, last uint64) string {
	return fmt.Sprintf("%016d-%016d%s", first, last, packExt)
}

// parsePackName accepts exactly the names packName produces.
func parsePackName(name string) (first, last uint64, ok bool) {
	base, ok := strings.CutSuffix(name, packExt)
	if !ok {
		return 0, 0, false
	}
	a, b, ok := strings.Cut(base, "-")
	if !ok {
		return 0, 0, false
	}
	first, err1 := strconv.ParseUint(a, 10, 64)
	last, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil || first == 0 || last < first || last-first >= MaxPack || packName(first, last) != name {
		return 0, 0, false
	}
	return first, last, true
}

// packRange is one pack file of a device.
type packRange struct{ first, last uint64 }

// listDevice lists a device's segment numbers (files and packs together,
// sorted, without duplicates) and its packs.
func (f *Folder) listDevice(device string) ([]uint64, []packRange, error) {
	entries, err := f.readDir(f.deviceDir(device), "list segments")
	if err != nil {
		return nil, nil, err
	}
	seen := map[uint64]bool{}
	var nums []uint64
	var packs []packRange
	add := func(n uint64) {
		if !seen[n] {
			seen[n] = true
			nums = append(nums, n)
		}
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if n, ok := parseSegmentName(e.Name()); ok {
			add(n)
		} else if first, last, ok := parsePackName(e.Name()); ok {
			packs = append(packs, packRange{first, last})
			for n := first; n <= last; n++ {
				add(n)
			}
		}
	}
	slices.Sort(nums)
	return nums, packs, nil
}

// packFiles splits a pack file's bytes into its segment files.
func packFiles(b []byte, first, last uint64) ([][]byte, error) {
	if len(b) < len(packMagic)+1+4 || string(b[:len(packMagic)]) != packMagic {
		return nil, corrupt("pack: bad magic")
	}
	if b[len(packMagic)] != packFormat {
		return nil, &FormatError{Found: int(b[len(packMagic)])}
	}
	b = b[len(packMagic)+1:]
	count := binary.BigEndian.Uint32(b)
	b = b[4:]
	if uint64(count) != last-first+1 {
		return nil, corrupt("pack: count does not match its name")
	}
	files := make([][]byte, 0, count)
	for range count {
		if len(b) < 4 {
			return nil, corrupt("pack: truncated")
		}
		n := binary.BigEndian.Uint32(b)
		b = b[4:]
		if uint64(n) > uint64(len(b)) {
			return nil, corrupt("pack: truncated")
		}
		files = append(files, b[:n:n])
		b = b[n:]
	}
	if len(b) != 0 {
		return nil, corrupt("pack: trailing bytes")
	}
	return files, nil
}

// readPack reads and splits pack p of device; fs.ErrNotExist if it is gone.
func (f *Folder) readPack(device string, p packRange) ([][]byte, error) {
	b, err := readFileLimit(filepath.Join(f.deviceDir(device), packName(p.first, p.last)), int64(MaxPack)*maxSegmentSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, ioErr("read pack", err)
	}
	return packFiles(b, p.first, p.last)
}

// readPacked reads segment n of device from a pack holding it, or returns
// ErrMissing. cache keeps the last pack read (a chain walk reads its
// segments in order).
func (f *Folder) readPacked(device string, n uint64, cache *packCache) ([]byte, error) {
	if cache != nil && cache.device == device && n >= cache.first && n <= cache.last {
		return cache.files[n-cache.first], nil
	}
	_, packs, err := f.listDevice(device)
	if err != nil {
		return nil, err
	}
	for _, p := range packs {
		if n < p.first || n > p.last {
			continue
		}
		files, err := f.readPack(device, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if cache != nil {
			*cache = packCache{device: device, first: p.first, last: p.last, files: files}
		}
		return files[n-p.first], nil
	}
	return nil, &detailError{msg: "read segment", kind: ErrMissing}
}

// packCache is the last pack a chain walk read.
type packCache struct {
	device      string
	first, last uint64
	files       [][]byte
}

// WritePack packs device's segments first … last, which must all be there
// as files of their own and form a chain (each one's Prev the hash of the
// one before), into one pack file, written under a temporary name and moved
// into place without replacing anything. check, if not nil, is called with
// each segment's number and hash before the segment goes into the pack;
// its error stops the pack and leaves nothing behind. Only the device itself packs its segments (core/vault,
// after a flush, checking each against the hash it recorded when writing
// it); the files stay until RemovePacked.
func (f *Folder) WritePack(device string, first, last uint64, check func(n uint64, hash [32]byte) error) error {
	if !ValidDeviceID(device) || first == 0 || last <= first || last-first >= MaxPack {
		return invalid("pack: invalid device or range")
	}
	// Streamed into the temporary file segment by segment (a pack of
	// MaxPack segments is tens of megabytes): a failed check or read leaves
	// nothing behind.
	var inner error // the body's own error, as it is
	err := writeFileAtomicFunc(f.deviceDir(device), packName(first, last), device, func(w io.Writer) error {
		inner = f.writePackBody(w, device, first, last, check)
		return inner
	})
	switch {
	case inner != nil:
		return inner
	case errors.Is(err, errAlreadyExists):
		return &detailError{msg: "write pack", kind: ErrSegmentExists}
	case err != nil:
		return ioErr("write pack", err)
	}
	return nil
}

// writePackBody writes the pack of device's segments first … last to w
// (WritePack).
func (f *Folder) writePackBody(w io.Writer, device string, first, last uint64, check func(n uint64, hash [32]byte) error) error {
	hdr := append([]byte(packMagic), packFormat)
	if _, err := w.Write(binary.BigEndian.AppendUint32(hdr, uint32(last-first+1))); err != nil {
		return ioErr("write pack", err)
	}
	var prev [32]byte
	for n := first; n <= last; n++ {
		b, err := readFileLimit(filepath.Join(f.deviceDir(device), segmentName(n)), maxSegmentSize)
		if err != nil {
			return ioErr("pack", err)
		}
		s, err := DecodeSegment(b)
		if err != nil {
			return err
		}
		h := Hash(b)
		if s.Device != device || s.Vault != f.hdr.Vault || s.Number != n || n > first && s.Prev != prev {
			return corrupt("pack: segment %d does not continue the chain", n)
		}
		if check != nil {
			if err := check(n, h); err != nil {
				return err
			}
		}
		prev = h
		if _, err := w.Write(binary.BigEndian.AppendUint32(nil, uint32(len(b)))); err != nil {
			return ioErr("write pack", err)
		}
		if _, err := w.Write(b); err != nil {
			return ioErr("write pack", err)
		}
	}
	return nil
}

// RemovePacked removes device's segment files that a pack written before
// before holds byte for byte, and returns how many. A reader that listed
// them a moment ago reads them from the pack instead.
func (f *Folder) RemovePacked(device string, before time.Time) (int, error) {
	if !ValidDeviceID(device) {
		return 0, invalid("invalid device id")
	}
	_, packs, err := f.listDevice(device)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, p := range packs {
		path := filepath.Join(f.deviceDir(device), packName(p.first, p.last))
		fi, err := os.Stat(path)
		if err != nil || !fi.ModTime().Before(before) {
			continue
		}
		files, err := f.readPack(device, p)
		if err != nil {
			continue // gone, or not a pack of ours: vault verify reports it
		}
		for n := p.first; n <= p.last; n++ {
			name := filepath.Join(f.deviceDir(device), segmentName(n))
			own, err := readFileLimit(name, maxSegmentSize)
			if err != nil || !bytes.Equal(own, files[n-p.first]) {
				continue // gone already, or not what was packed: left alone
			}
			if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return removed, ioErr("remove packed segment", err)
			}
			removed++
		}
	}
	return removed, nil
}

// BadPacks returns the packs (as "journal/<device>/<name>") that do not
// decode or whose copy of a segment differs from that segment's own file
// beside it: vault verify reports them. A pack's segments are otherwise
// checked like any segment when the chain is read.
func (f *Folder) BadPacks() ([]string, error) {
	devices, err := f.Devices()
	if err != nil {
		return nil, err
	}
	var bad []string
	for _, device := range devices {
		_, packs, err := f.listDevice(device)
		if err != nil {
			return nil, err
		}
		for _, p := range packs {
			files, err := f.readPack(device, p)
			if errors.Is(err, fs.ErrNotExist) {
				continue // gone since the listing
			}
			if errors.Is(err, ErrUnavailable) {
				return nil, err
			}
			same := err == nil
			for n := p.first; same && n <= p.last; n++ {
				own, err := readFileLimit(filepath.Join(f.deviceDir(device), segmentName(n)), maxSegmentSize)
				same = err != nil || bytes.Equal(own, files[n-p.first])
			}
			if !same {
				bad = append(bad, journalDir+"/"+device+"/"+packName(p.first, p.last))
			}
		}
	}
	return bad, nil
}

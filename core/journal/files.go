package journal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// SetWriter names the device this installation writes as: the temporary
// files of its blob writes carry the id (segment writes always name their
// segment's device), so that CleanTemp can later tell this PC's leftovers
// from another PC's write in progress. core/vault calls it once, right after
// OpenFolder and before the folder is used.
func (f *Folder) SetWriter(device string) {
	if ValidDeviceID(device) {
		f.writer = device
	}
}

// HasSegment reports whether segment n of device is in the folder, by its
// name only (one stat, no read): the sync loop in core/vault checks on
// every poll that the folder still holds its own newest segment. Errors
// wrap ErrInvalid or ErrUnavailable (the folder is gone).
func (f *Folder) HasSegment(device string, n uint64) (bool, error) {
	if !ValidDeviceID(device) || n == 0 {
		return false, invalid("invalid device id or segment number")
	}
	_, err := os.Lstat(filepath.Join(f.deviceDir(device), segmentName(n)))
	if errors.Is(err, fs.ErrNotExist) {
		if err := f.present(); err != nil {
			return false, ioErr("look for segment", err)
		}
		return false, nil
	}
	if err != nil {
		return false, ioErr("look for segment", err)
	}
	return true, nil
}

// CleanTemp removes temporary files that device left behind when its
// process was killed mid-write and that are older than before: every
// temporary file in journal/<device>/ (only that device writes there), and
// in blobs/ and the root only those whose name carries the device id
// (".kinko-tmp-<device>-…"). Another PC's temporary files, which may be a
// write in progress, are never touched. The sync loop in core/vault calls
// it once per connection with a cutoff a minute in the past, which no
// write of this PC's current process lasts. It returns how many files it
// removed; errors wrap ErrInvalid (bad device id) or ErrUnavailable.
func (f *Folder) CleanTemp(device string, before time.Time) (int, error) {
	if !ValidDeviceID(device) {
		return 0, invalid("invalid device id")
	}
	own := tempPrefix + device + "-"
	removed := 0
	for _, d := range []struct {
		dir string
		all bool // every temporary file in dir is the device's
	}{
		{f.deviceDir(device), true},
		{filepath.Join(f.root, blobsDir), false},
		{f.root, false},
	} {
		entries, err := os.ReadDir(d.dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, ioErr("clean temporary files", err)
		}
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !strings.HasPrefix(name, tempPrefix) || !d.all && !strings.HasPrefix(name, own) {
				continue
			}
			fi, err := e.Info()
			if err != nil || !fi.ModTime().Before(before) {
				continue // gone meanwhile, or too recent to be a leftover
			}
			err = os.Remove(filepath.Join(d.dir, name))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return removed, ioErr("clean temporary files", err)
			}
			if err == nil {
				removed++
			}
		}
	}
	return removed, nil
}

// Blobs lists blobs/: ids are the blob files present (names a blob id may
// have), sorted; stray are the other names found there (a folder, a name no
// blob has), sorted, for `vault verify` to report. Temporary files of
// writes in progress are in neither. A vault folder without blobs/ has
// none. Errors wrap ErrUnavailable.
func (f *Folder) Blobs() (ids, stray []string, err error) {
	entries, err := f.readDir(filepath.Join(f.root, blobsDir), "list blobs")
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasPrefix(name, tempPrefix):
		case validBlobID(name) && e.Type().IsRegular():
			ids = append(ids, name)
		default:
			stray = append(stray, name)
		}
	}
	slices.Sort(ids)
	slices.Sort(stray)
	return ids, stray, nil
}

// Stray lists what journal/ holds that is none of Kinko's: names in
// journal/ that are not a device's folder, and names in a device's folder
// that are not a segment, a segment set aside (Quarantine) or a write in
// progress. Paths are relative to the vault folder with forward slashes
// ("journal/<device>/notes.txt"), sorted. `vault verify` reports each.
// Errors wrap ErrUnavailable.
func (f *Folder) Stray() ([]string, error) {
	top, err := os.ReadDir(filepath.Join(f.root, journalDir))
	if err != nil {
		return nil, ioErr("list journal", err)
	}
	var stray []string
	for _, d := range top {
		if !d.IsDir() || !ValidDeviceID(d.Name()) {
			stray = append(stray, journalDir+"/"+d.Name())
			continue
		}
		entries, err := os.ReadDir(f.deviceDir(d.Name()))
		if err != nil {
			return nil, ioErr("list journal", err)
		}
		for _, e := range entries {
			name := e.Name()
			_, quarantined := quarantinedNumber(name)
			_, _, packed := parsePackName(name)
			if _, ok := parseSegmentName(name); (ok || packed) && e.Type().IsRegular() || strings.HasPrefix(name, tempPrefix) || quarantined {
				continue
			}
			stray = append(stray, journalDir+"/"+d.Name()+"/"+name)
		}
	}
	slices.Sort(stray)
	return stray, nil
}

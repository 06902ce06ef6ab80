package vault

import (
	"context"
	"errors"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/progress"
)

// Problem is one finding of Verify. Kind is a stable identifier the app
// translates; Device, Segment and Op locate it; Reason is a stable
// sub-reason (a journal.ChainError reason or a quarantine reason).
type Problem struct {
	Kind    string `json:"kind"` // "chain", "quarantine", "replica", "blob"
	Device  string `json:"device,omitempty"`
	Segment uint64 `json:"segment,omitempty"`
	Op      string `json:"op,omitempty"`
	Author  string `json:"author,omitempty"`
	Reason  string `json:"reason"`
	// File is the file of the vault folder the problem is in, relative to
	// it with forward slashes ("journal/<device>/<n>.seg", "blobs/<id>"),
	// when there is one.
	File string `json:"file,omitempty"`
}

// ReasonQuarantined is a Problem reason of kind "chain", a stable string: a
// file that was not the device's own (someone else wrote it) was found at
// one of the device's segment numbers, and the device set it aside
// (journal.Folder.Quarantine) and carried on; nothing of it was imported.
// A file not yet set aside breaks the device's chain with the reason
// journal.ReasonForeign ("foreign") or "corrupt" instead.
const ReasonQuarantined = "quarantined"

// ReasonBehind is a Problem reason of kind "chain" and a DeviceStatus.Broken
// reason, a stable string: the vault folder lacks segments of the device
// that this PC has already read (or, for this PC's own device, written):
// an older copy of the folder was put in place (a NAS restore). The device
// puts them back at its next sync (restore.go); nothing is lost meanwhile.
const ReasonBehind = "behind"

// Report is the outcome of Verify.
type Report struct {
	Devices  int       `json:"devices"`
	Segments int       `json:"segments"`
	Ops      int       `json:"ops"`
	Problems []Problem `json:"problems"`
}

// OK reports whether Verify found nothing wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Verify checks the whole vault: every device's segment chain in the vault
// folder from the start (gaps, reordering, replays, altered bytes, segments
// not signed by their device, files a device set aside), that no chain is
// shorter than what this replica has already read of it (an older copy of
// the folder put back, newest segments deleted), every
// op's signature and authority (by replaying the ops into a scratch roster),
// the blob files in blobs/ (folderverify.go), and the replica file's
// consistency. It needs no login and changes
// nothing. Errors: journal.ErrUnavailable when the folder is unreachable,
// context.Canceled.
func (v *Vault) Verify(ctx context.Context, rep progress.Reporter) (*Report, error) {
	rep = progress.OrNoop(rep)
	v.mu.Lock()
	defer v.mu.Unlock()
	rpt := &Report{}
	if err := v.db.View(func(tx *bolt.Tx) error {
		for range tx.Check() {
			rpt.Problems = append(rpt.Problems, Problem{Kind: "replica", Reason: "bbolt-check"})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if !v.connect() {
		return rpt, journal.ErrUnavailable
	}
	devices, err := v.folder.Devices()
	if err != nil {
		v.disconnectOn(err)
		return rpt, err
	}
	rpt.Devices = len(devices)
	var read map[string]cursor
	v.db.View(func(tx *bolt.Tx) error { read = v.readTo(tx); return nil })
	var all []*journal.Op
	for i, d := range devices {
		if err := ctx.Err(); err != nil {
			return rpt, err
		}
		rep.Report(progress.Update{Stage: "read", Done: int64(i), Total: int64(len(devices))})
		segs, hashes, err := v.folder.ReadChain(d, 0, [32]byte{}, 0)
		var chain *journal.ChainError
		if errors.As(err, &chain) {
			chain = behindOf(v.folder, chain, read[d].Segment)
			rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", Device: d, Segment: chain.Number, File: segmentFile(d, chain.Number), Reason: chain.Reason})
		} else if err != nil {
			return rpt, err
		}
		if p := checkBehind(d, read[d], hashes, chain); p != nil {
			rpt.Problems = append(rpt.Problems, *p)
		}
		delete(read, d)
		set, err := v.folder.Quarantined(d)
		if err != nil {
			return rpt, err
		}
		for _, n := range set {
			rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", Device: d, Segment: n, Reason: ReasonQuarantined})
		}
		rpt.Segments += len(segs)
		for _, s := range segs {
			if s.Vault != v.id {
				rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", Device: d, Segment: s.Number, Reason: ReasonWrongVault})
				break
			}
			all = append(all, s.Ops...)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(read)) { // devices whose whole folder is gone
		rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", Device: d, Segment: 1, File: segmentFile(d, 1), Reason: ReasonBehind})
	}
	rpt.Ops = len(all)
	rep.Report(progress.Update{Stage: "read", Done: int64(len(devices)), Total: int64(len(devices))})
	// Replay in position order into a scratch roster: the same rules a
	// replica applies, without touching this one.
	sortOps(all)
	r := newRoster(v.id)
	erased := erasedIn{}
	for i, op := range all {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return rpt, err
			}
			rep.Report(progress.Update{Stage: "verify", Done: int64(i), Total: int64(len(all))})
		}
		if audit.IsLog(op.Kind) {
			continue // VerifyLog's business
		}
		reason := r.verifyOp(op)
		if reason == "" {
			reason = r.check(op)
		}
		if reason != "" {
			rpt.Problems = append(rpt.Problems, Problem{Kind: "quarantine", Device: op.Device, Op: op.ID(), Author: op.Author, Reason: reason})
			continue
		}
		if isControl(op.Kind) {
			r.apply(op)
			erased.note(r, op)
		}
	}
	rep.Report(progress.Update{Stage: "verify", Done: int64(len(all)), Total: int64(len(all))})
	if err := v.verifyBlobs(rpt, erased); err != nil {
		v.disconnectOn(err)
		return rpt, err
	}
	return rpt, nil
}

package backup

import (
	"context"
	"errors"
	"time"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/maintenance"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
	"github.com/kopia/kopia/snapshot/snapshotgc"
)

// The office's maintenance schedule, as Kopia records it in the
// repository. The app runs quick maintenance after each run and full
// maintenance when MaintenanceDue says so.
const (
	// QuickInterval: quick maintenance (index compaction, small
	// clean-ups) is due an hour after the last one.
	QuickInterval = time.Hour
	// FullInterval: full maintenance (garbage collection of content no
	// snapshot references) is due weekly.
	FullInterval = 7 * 24 * time.Hour
)

// maintenanceSafety are the safety margins of ordinary maintenance:
// Kopia's defaults, which keep content younger than a day and need two
// collections before deleting, so a snapshot being written by another PC
// to the same NAS repository is never damaged. Tests lower it.
var maintenanceSafety = maintenance.SafetyFull

// Prune applies the office retention (the policy Snapshot writes:
// OfficeRetention plus the 10 newest) to every source in the repository,
// every PC's, and returns how many snapshots it deleted. Their content is
// freed by the next full maintenance. The app does not prune while the
// ransomware guard has flagged a run (Assess), so good snapshots are not
// rotated out by damaged ones.
func (r *Repo) Prune(ctx context.Context) (removed int, err error) {
	err = repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "kinko prune"},
		func(ctx context.Context, w repo.RepositoryWriter) error {
			sources, err := snapshot.ListSources(ctx, w)
			if err != nil {
				return err
			}
			for _, si := range sources {
				ids, err := policy.ApplyRetentionPolicy(ctx, w, si, true)
				removed += len(ids)
				if err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return 0, err // the session was not committed: nothing deleted
	}
	return removed, nil
}

// Maintain runs Kopia's quick (full false) or full maintenance with the
// ordinary safety margins. This connection's user@host becomes the
// maintenance owner first: Kopia runs maintenance only for its owner, and
// an office has no other Kopia client to own it. Two PCs maintaining the
// same NAS repository at the same moment is the one thing this cannot
// exclude (Kopia's maintenance lock is local); the app maintains right
// after its own runs, so this needs two PCs finishing a run together.
func (r *Repo) Maintain(ctx context.Context, full bool) error {
	mode := maintenance.ModeQuick
	if full {
		mode = maintenance.ModeFull
	}
	return r.maintain(ctx, mode, maintenanceSafety)
}

// maintain runs maintenance in mode with the given safety margins:
// Kopia's snapshot garbage collection and maintenance, and after a full
// cycle the evacuation of packs holding dead content, which Kopia leaves
// alone when a repository has a single short pack (a small office's
// repository often has) or after copying deleted content while
// compacting.
func (r *Repo) maintain(ctx context.Context, mode maintenance.Mode, safety maintenance.SafetyParameters) error {
	return r.exclusive(ctx, mode, func(ctx context.Context, w repo.DirectRepositoryWriter, rp maintenance.RunParameters) error {
		if mode == maintenance.ModeFull {
			if err := snapshotgc.Run(ctx, w, true, safety, rp.MaintenanceStartTime); err != nil {
				return err
			}
		}
		if err := maintenance.Run(ctx, rp, safety); err != nil {
			return err
		}
		if mode != maintenance.ModeFull {
			return nil
		}
		if err := evacuate(ctx, w); err != nil {
			return err
		}
		_, err := maintenance.DeleteUnreferencedPacks(ctx, w, maintenance.DeleteUnreferencedPacksOptions{NotAfterTime: w.Time()}, safety)
		return err
	})
}

// exclusive runs cb as the maintenance owner under Kopia's maintenance
// lock, in a write session. ErrBusy when maintenance is already running
// in this process.
func (r *Repo) exclusive(ctx context.Context, mode maintenance.Mode, cb func(context.Context, repo.DirectRepositoryWriter, maintenance.RunParameters) error) error {
	dr, err := r.direct()
	if err != nil {
		return err
	}
	return repo.DirectWriteSession(ctx, dr, repo.WriteSessionOptions{Purpose: "kinko maintenance"},
		func(ctx context.Context, w repo.DirectRepositoryWriter) error {
			if err := own(ctx, w); err != nil {
				return err
			}
			w.LogManager().Enable()
			ran := false
			err := maintenance.RunExclusive(ctx, w, mode, false, func(ctx context.Context, rp maintenance.RunParameters) error {
				ran = true
				return cb(ctx, w, rp)
			})
			if err == nil && !ran {
				return ErrBusy
			}
			return err
		})
}

// own makes w's user@host the maintenance owner with the office schedule.
func own(ctx context.Context, w repo.DirectRepositoryWriter) error {
	p, err := maintenance.GetParams(ctx, w)
	if err != nil {
		return err
	}
	me := w.ClientOptions().UsernameAtHost()
	want := maintenance.CycleParams{Enabled: true, Interval: QuickInterval}
	wantFull := maintenance.CycleParams{Enabled: true, Interval: FullInterval}
	if p.Owner == me && p.QuickCycle == want && p.FullCycle == wantFull {
		return nil
	}
	p.Owner, p.QuickCycle, p.FullCycle = me, want, wantFull
	return maintenance.SetParams(ctx, w, p)
}

// MaintenanceDue reports whether quick and full maintenance are due by the
// schedule recorded in the repository (both are due in a repository never
// maintained). It reads one small blob.
func (r *Repo) MaintenanceDue(ctx context.Context) (quick, full bool, err error) {
	dr, err := r.direct()
	if err != nil {
		return false, false, err
	}
	s, err := maintenance.GetSchedule(ctx, dr)
	if err != nil {
		return false, false, err
	}
	now := dr.Time()
	return !now.Before(s.NextQuickMaintenanceTime), !now.Before(s.NextFullMaintenanceTime), nil
}

// direct is the connection as a direct (not server) repository, which
// every Kinko connection is.
func (r *Repo) direct() (repo.DirectRepository, error) {
	dr, ok := r.rep.(repo.DirectRepository)
	if !ok {
		return nil, errors.New("backup: not a direct repository connection")
	}
	return dr, nil
}

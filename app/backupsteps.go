package app

import (
	"context"
	"errors"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/progress"
)

// The engine steps of a run after its snapshots (core/backup), in the
// app's types.

func stepVerify(ctx context.Context, r *backup.Repo, fraction float64, rep progress.Reporter) (*BackupVerifyResult, error) {
	rpt, err := r.Verify(ctx, fraction, rep)
	if rpt == nil {
		return nil, err
	}
	out := &BackupVerifyResult{Snapshots: rpt.Snapshots, Files: rpt.Files, Bytes: rpt.Bytes, Damaged: []BackupDamage{}}
	for _, d := range rpt.Damaged {
		out.Damaged = append(out.Damaged, BackupDamage(d))
	}
	return out, err
}

// stepMaintain runs the full maintenance when it is due (weekly), else
// the quick one.
func stepMaintain(ctx context.Context, r *backup.Repo) error {
	_, full, err := r.MaintenanceDue(ctx)
	if err != nil {
		return err
	}
	return r.Maintain(ctx, full)
}

func stepPrune(ctx context.Context, r *backup.Repo) error {
	_, err := r.Prune(ctx)
	return err
}

func stepAssess(ctx context.Context, r *backup.Repo, prev, cur string) (*backup.Assessment, error) {
	return r.Assess(ctx, prev, cur)
}

func listEntries(ctx context.Context, r *backup.Repo, id, dir string) ([]BackupEntry, error) {
	es, err := r.List(ctx, id, dir)
	if err != nil {
		return nil, err
	}
	out := make([]BackupEntry, len(es))
	for i, e := range es {
		out[i] = BackupEntry(e)
	}
	return out, nil
}

func isDestinationGone(err error) bool { return errors.Is(err, backup.ErrDestinationGone) }

func isDamaged(err error) bool { return errors.Is(err, backup.ErrDamaged) }

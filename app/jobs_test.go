package app_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func newApp(rec *recorder) *app.App {
	return app.New(app.Options{Emitter: rec, DataDir: "/data", ProgressInterval: 100 * time.Millisecond})
}

func TestJobRunsToTheEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		a := newApp(rec)
		id := a.Jobs.Start(t.Context(), "test.count", func(ctx context.Context, r progress.Reporter) (any, error) {
			for i := int64(1); i <= 50; i++ {
				r.Report(progress.Update{Stage: "count", Done: i, Total: 50})
				time.Sleep(10 * time.Millisecond)
			}
			return map[string]int{"counted": 50}, nil
		})
		if jobs := a.Jobs.List(); len(jobs) != 1 || jobs[0].ID != id || jobs[0].Status != app.JobRunning {
			t.Fatalf("List() = %+v, want the running job", jobs)
		}
		synctest.Wait()
		time.Sleep(time.Second)
		synctest.Wait()

		prog := rec.named(app.EventJobProgress)
		// 50 updates over 500 ms at one per 100 ms: first, ~4 trailing, and the finishing one.
		if len(prog) < 3 || len(prog) > 10 {
			t.Errorf("got %d progress events for 50 updates; the throttle is not working", len(prog))
		}
		last := prog[len(prog)-1].(app.JobProgressEvent)
		if last.Done != 50 || last.ID != id {
			t.Errorf("last progress = %+v, want done 50 of job %s", last, id)
		}
		done := rec.named(app.EventJobDone)
		if len(done) != 1 {
			t.Fatalf("got %d done events, want 1", len(done))
		}
		if d := done[0].(app.JobDoneEvent); d.Status != app.JobOK || d.Error != nil || d.Result == nil {
			t.Errorf("done = %+v, want ok with a result", d)
		}
		if len(a.Jobs.List()) != 0 {
			t.Error("a finished job is still listed")
		}
	})
}

func TestCancelJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		a := newApp(rec)
		jobs := a.Services()[1].(*app.Jobs)
		id := a.Jobs.Start(t.Context(), "test.wait", func(ctx context.Context, r progress.Reporter) (any, error) {
			r.Report(progress.Update{Stage: "wait"})
			<-ctx.Done()
			return nil, ctx.Err()
		})
		synctest.Wait()
		if err := jobs.CancelJob(id); err != nil {
			t.Fatalf("CancelJob: %v", err)
		}
		synctest.Wait()
		done := rec.named(app.EventJobDone)
		if len(done) != 1 {
			t.Fatalf("got %d done events, want 1", len(done))
		}
		d := done[0].(app.JobDoneEvent)
		if d.Status != app.JobCanceled || d.Error == nil || d.Error.Code != app.CodeCanceled {
			t.Errorf("done = %+v, want canceled", d)
		}
		err := jobs.CancelJob(id)
		var ae *app.Error
		if !errors.As(err, &ae) || ae.Code != app.CodeJobNotFound {
			t.Errorf("second CancelJob = %v, want job.not_found", err)
		}
	})
}

// TestCancelledImportSaysWhatItKept: an import cancelled after it
// committed some rows ends "canceled" with import.partial and the numbers,
// not a bare job.canceled: the user learns those rows stay.
func TestCancelledImportSaysWhatItKept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		a := newApp(rec)
		jobs := a.Services()[1].(*app.Jobs)
		id := a.Jobs.Start(t.Context(), "clients.import", func(ctx context.Context, r progress.Reporter) (any, error) {
			<-ctx.Done()
			return 4096, &office.ImportStoppedError{Done: 4096, Total: 10000, Err: ctx.Err()}
		})
		synctest.Wait()
		if err := jobs.CancelJob(id); err != nil {
			t.Fatalf("CancelJob: %v", err)
		}
		synctest.Wait()
		d := rec.named(app.EventJobDone)[0].(app.JobDoneEvent)
		if d.Status != app.JobCanceled || d.Error == nil || d.Error.Code != "import.partial" ||
			d.Error.Params["done"] != 4096 || d.Error.Params["total"] != 10000 {
			t.Errorf("done = %+v, want canceled with import.partial 4096/10000", d)
		}
	})
}

func TestFailedJobReportsMappedError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		a := newApp(rec)
		a.Jobs.Start(t.Context(), "test.fail", func(context.Context, progress.Reporter) (any, error) {
			return "partial", &jtext.DecodeError{Record: 2, Field: 1, Line: 2, Encoding: jtext.UTF8}
		})
		synctest.Wait()
		d := rec.named(app.EventJobDone)[0].(app.JobDoneEvent)
		if d.Status != app.JobFailed || d.Error.Code != "csv.undecodable" || d.Result != nil {
			t.Errorf("done = %+v, want failed with csv.undecodable and no result", d)
		}
	})
}

func TestShutdownCancelsAndWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		a := newApp(rec)
		stopped := false
		a.Jobs.Start(t.Context(), "test.wait", func(ctx context.Context, _ progress.Reporter) (any, error) {
			<-ctx.Done()
			time.Sleep(50 * time.Millisecond) // finishing a write
			stopped = true
			return nil, ctx.Err()
		})
		a.Shutdown(t.Context())
		if !stopped {
			t.Fatal("Shutdown returned before the job ended")
		}
	})
}

func TestSystemInfo(t *testing.T) {
	a := newApp(&recorder{})
	info := a.Services()[0].(*app.System).Info()
	if info.DataDir != "/data" || info.Version == "" || info.OS == "" {
		t.Fatalf("Info() = %+v", info)
	}
}

func TestDefaultDataDirHonoursKinkoHome(t *testing.T) {
	dir := wintest.TempDir(t)
	t.Setenv("KINKO_HOME", dir)
	got, err := app.DefaultDataDir()
	if err != nil || got != dir {
		t.Fatalf("DefaultDataDir() = %q, %v; want %q", got, err, dir)
	}
}

package app_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
)

// onProgress is a recorder that also calls fn with every job progress
// event, as the window receives it.
type onProgress struct {
	*recorder
	mu sync.Mutex
	fn func(app.JobProgressEvent)
}

func (o *onProgress) Emit(name string, data any) {
	o.recorder.Emit(name, data)
	o.mu.Lock()
	fn := o.fn
	o.mu.Unlock()
	if p, ok := data.(app.JobProgressEvent); ok && name == app.EventJobProgress && fn != nil {
		fn(p)
	}
}

// TestLogVerifyJobProgressAndCancel: the window's "log.verify" job shows
// its reading segment file by segment file up to all of them, and a cancel
// (the window's button, as the second file is read) ends it as cancelled
// without reading further; the cancelled run is logged.
func TestLogVerifyJobProgressAndCancel(t *testing.T) {
	em := &onProgress{recorder: &recorder{}}
	a, cs, client := logApp(t, em)
	const syncs = 20
	for range syncs { // a segment file each
		if _, err := cs.Client(client); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Vault().SyncNow(); err != nil {
			t.Fatal(err)
		}
	}
	ls := app.Logs(a)
	verify := func() (app.JobDoneEvent, []app.JobProgressEvent) {
		t.Helper()
		skip := len(em.named(app.EventJobDone))
		id, err := ls.Verify()
		if err != nil {
			t.Fatal(err)
		}
		done := em.next(t, app.EventJobDone, skip).(app.JobDoneEvent)
		if done.ID != id {
			t.Fatalf("another job ended: %+v", done)
		}
		var read []app.JobProgressEvent
		for _, e := range em.named(app.EventJobProgress) {
			if p := e.(app.JobProgressEvent); p.ID == id && p.Stage == "read" {
				read = append(read, p)
			}
		}
		return done, read
	}
	done, read := verify()
	if done.Status != app.JobOK || len(read) == 0 {
		t.Fatalf("verify: %+v, %d progress events", done, len(read))
	}
	st, err := a.Vault().Status()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(st.Folder, "journal", "*", "*.seg"))
	last := read[len(read)-1]
	if len(files) < syncs || last.Total != int64(len(files)) || last.Done != last.Total {
		t.Fatalf("progress %+v over %d segment files", last, len(files))
	}

	em.mu.Lock()
	em.fn = func(p app.JobProgressEvent) {
		if p.Kind == "log.verify" && p.Stage == "read" && p.Done == 2 {
			a.Jobs.Cancel(p.ID)
		}
	}
	em.mu.Unlock()
	done, read = verify()
	if done.Status != app.JobCanceled || done.Error == nil || done.Error.Code != app.CodeCanceled {
		t.Fatalf("cancelled verify: %+v", done)
	}
	for _, p := range read {
		if p.Done > 3 { // the file being read when the cancel came, at most
			t.Fatalf("the verifier went on after the cancel: %+v of %d files", p, len(files))
		}
	}
	em.mu.Lock()
	em.fn = nil
	em.mu.Unlock()
	page, err := ls.Query(app.LogQuery{Filter: audit.Filter{Actions: []audit.Action{audit.LogVerify}}, Limit: 10})
	if err != nil || page.Total != 2 || page.Entries[1].Result == audit.ResultOK {
		t.Fatalf("verify entries: %+v, %v", page, err)
	}
}

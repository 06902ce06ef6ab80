// Package progress is how long-running engine work (backup, restore, share
// packages, imports, verification) tells whoever started it how far it got.
//
// The engine declares the interface and the faces implement it: core never
// knows whether a GUI progress bar, a CLI line or a test records the updates.
// Updates carry counts and a stage name only — never file names, record
// contents or anything else that could hold personal data.
package progress

// Update is one progress report. Done and Total count units chosen by the
// job (bytes, files, records); Total is 0 when it is not yet known. Stage is a
// stable, lowercase identifier of the job's current phase ("scan", "upload",
// "verify") that the UI translates; it is never free text.
type Update struct {
	Stage string `json:"stage"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// Finished reports whether the update marks the end of its stage.
func (u Update) Finished() bool { return u.Total > 0 && u.Done >= u.Total }

// Reporter receives progress updates. Engine calls take a Reporter next to
// their context; implementations must be safe for concurrent use because a
// job may report from several goroutines.
type Reporter interface {
	Report(Update)
}

// Func adapts a plain function to a Reporter.
type Func func(Update)

// Report calls f(u).
func (f Func) Report(u Update) { f(u) }

// Noop is the Reporter for callers that do not care about progress.
var Noop Reporter = Func(func(Update) {})

// OrNoop returns r, or Noop when r is nil, so engine code can always call
// Report without checking.
func OrNoop(r Reporter) Reporter {
	if r == nil {
		return Noop
	}
	return r
}

package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/core/watch"
)

// The scheduler of this PC's plans (自動バックアップ). While a user is
// logged in to a vault, each of this PC's plans
//   - watches its sources (core/watch): a run follows QuietSeconds after
//     the last change (at most one every changeGap), and takes only the folders the watcher saw change
//     (Source.Changed), so a run after a quiet day does not rescan the tree;
//   - runs once a day at Schedule.Daily (Japan time), or late when the
//     destination was absent then;
//   - looks for its destination every BackupPoll (by marker and volume id,
//     backup.Locate): when the drive is attached it first applies pending
//     erasure purges, then runs if anything is due (changes, a missed
//     daily run, or no success for a day) — it catches up;
//   - while the destination is absent it does nothing but let the days
//     since the last success grow: the plan's level (ok/notice/warning/
//     alert) changes and EventBackupState tells the window;
//   - reads everything back (full verify) monthly and runs full
//     maintenance weekly, after a successful run.
// A plan never runs twice at once; a failed run is not retried before
// retryAfter unless something new happens (an attach, a change, the
// daily time).

const (
	defaultQuiet = 60 * time.Second
	retryAfter   = 15 * time.Minute
	// changeGap is the least time between two runs that changes started:
	// the vault folder changes with every run's own log entry, and a run
	// after each would never end.
	changeGap    = 15 * time.Minute
	fullVerify   = 30 * 24 * time.Hour
	fullMaintain = 7 * 24 * time.Hour
)

// autoBackup is the scheduler; one per App, started by Startup.
type autoBackup struct {
	a    *App
	kick chan struct{}

	mu    sync.Mutex
	v     *vault.Vault // the vault and user it schedules for
	user  string
	plans map[string]*autoPlan
	runs  sync.WaitGroup
}

// autoPlan is the scheduler's state of one plan.
type autoPlan struct {
	id       string
	watchers map[string]*watch.Watcher // by source path
	changed  map[string]map[string]bool
	full     map[string]bool // a source whose changes are unknown
	// baseline: a run succeeded since the watchers started, so the
	// watchers know every change since the last snapshot.
	baseline bool
	dirty    bool // changes not yet backed up
	present  bool
	path     string // where the destination is now
	level    string
	running  bool
	cancel   context.CancelFunc
	failed   time.Time // the last failed run
	started  time.Time // the last run's start
	slot     time.Time // the daily slot the last run attempt covered
}

func newAutoBackup(a *App) *autoBackup {
	return &autoBackup{a: a, kick: make(chan struct{}, 1), plans: map[string]*autoPlan{}}
}

// poke asks the scheduler to look again now (a login, a lock, a change
// of plans). It never blocks; safe under any lock.
func (s *autoBackup) poke() {
	if s == nil {
		return
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *autoBackup) pollEvery() time.Duration {
	if d := s.a.opt.BackupPoll; d != 0 {
		return d
	}
	return 10 * time.Second
}

// loop runs until ctx ends (Shutdown). A negative BackupPoll turns the
// scheduler off (tests of other parts).
func (s *autoBackup) loop(ctx context.Context) {
	if s.pollEvery() < 0 {
		return
	}
	t := time.NewTicker(s.pollEvery())
	defer t.Stop()
	defer s.stopAll()
	for {
		s.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// session returns the vault a user is logged in to, or nil.
func (s *autoBackup) session() (*vault.Vault, string) {
	vs := s.a.vault
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.v == nil || vs.v.User() == "" {
		return nil, ""
	}
	return vs.v, vs.v.User()
}

// stopAll closes every watcher and cancels every run (lock, close,
// shutdown) and waits for the runs to end.
func (s *autoBackup) stopAll() {
	s.mu.Lock()
	for id, ap := range s.plans {
		ap.stop()
		delete(s.plans, id)
	}
	s.v, s.user = nil, ""
	s.mu.Unlock()
	s.runs.Wait()
}

func (ap *autoPlan) stop() {
	for p, w := range ap.watchers {
		w.Close()
		delete(ap.watchers, p)
	}
	if ap.cancel != nil {
		ap.cancel()
	}
}

// step looks at every plan once.
func (s *autoBackup) step(ctx context.Context) {
	v, user := s.session()
	s.mu.Lock()
	if v != s.v || user != s.user {
		s.mu.Unlock()
		s.stopAll()
		s.mu.Lock()
		s.v, s.user = v, user
	}
	s.mu.Unlock()
	if v == nil || ctx.Err() != nil {
		return
	}
	b := s.a.backup
	ov, err := b.Overview() // the plans with their state (last success, level)
	if err != nil {
		return // a plan list that cannot be read now is read on the next poll
	}
	plans := ov.Plans
	now := s.a.vault.now()
	emit := false
	mine := map[string]bool{}
	for i := range plans {
		p := plans[i]
		if !p.Mine {
			continue
		}
		mine[p.ID] = true
		s.mu.Lock()
		ap := s.plans[p.ID]
		if ap == nil {
			ap = &autoPlan{id: p.ID, watchers: map[string]*watch.Watcher{}, changed: map[string]map[string]bool{}, full: map[string]bool{}}
			s.plans[p.ID] = ap
		}
		s.mu.Unlock()
		s.watch(ctx, ap, &p, v)
		path, present := locate(p.Dest.ID, p.Dest.Path)
		if present {
			p.Dest.Path = path // the drive may have another letter today
		}
		s.mu.Lock()
		if present != ap.present {
			emit = true
			if present {
				ap.failed = time.Time{} // a new attach deserves a new try
			}
		}
		ap.present, ap.path = present, path
		if p.State.Level != ap.level { // the days since the last success grew
			emit = emit || ap.level != ""
			ap.level = p.State.Level
		}
		due := s.due(ap, &p, now)
		purge := false
		if present && p.Vault && !due && (ap.failed.IsZero() || now.Sub(ap.failed) >= retryAfter) {
			// Erasures reach an attached drive even with nothing to back up.
			es, err := pendingPurges(v, p.Dest.ID)
			purge = err == nil && len(es) > 0
		}
		if present && !ap.running && p.State.Running == "" && (due || purge) {
			ap.running = true
			rctx, cancel := context.WithCancel(ctx)
			ap.cancel = cancel
			s.runs.Add(1)
			go func() {
				defer s.runs.Done()
				defer cancel()
				s.runPlan(rctx, ap, p, path, due)
			}()
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	for id, ap := range s.plans {
		if !mine[id] {
			ap.stop()
			delete(s.plans, id)
		}
	}
	s.mu.Unlock()
	if emit {
		b.emitState()
	}
}

// due decides whether ap runs now. Called with s.mu held.
func (s *autoBackup) due(ap *autoPlan, p *BackupPlan, now time.Time) bool {
	slot := dailySlot(p.Schedule.Daily, now)
	newSlot := !slot.IsZero() && slot.After(p.State.LastSuccess) && slot.After(ap.slot)
	if !ap.failed.IsZero() && now.Sub(ap.failed) < retryAfter && !newSlot {
		return false // no run after run failing the same way
	}
	switch {
	case ap.dirty && now.Sub(ap.started) >= changeGap:
		return true
	case newSlot:
		return true
	case p.State.LastSuccess.IsZero() || now.Sub(p.State.LastSuccess) >= 24*time.Hour:
		return true
	}
	return false
}

// dailySlot is the latest time at or before now that the plan's daily
// run was due ("18:30" Japan time); zero without a daily time.
func dailySlot(daily string, now time.Time) time.Time {
	h, m, ok := strings.Cut(daily, ":")
	if !ok {
		return time.Time{}
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return time.Time{}
	}
	j := jst.In(now)
	slot := time.Date(j.Year(), j.Month(), j.Day(), hh, mm, 0, 0, jst.Zone)
	if slot.After(now) {
		slot = slot.AddDate(0, 0, -1)
	}
	return slot
}

// watch starts or stops ap's watchers to match the plan's sources.
func (s *autoBackup) watch(ctx context.Context, ap *autoPlan, p *BackupPlan, v *vault.Vault) {
	want := map[string][]string{}
	if p.Schedule.Watch {
		for _, src := range planSources(p, v) {
			want[src.Path] = append(slices.Clone(p.Excludes), src.Excludes...)
		}
	}
	quiet := time.Duration(p.Schedule.QuietSeconds) * time.Second
	if quiet <= 0 {
		quiet = defaultQuiet
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for path, w := range ap.watchers {
		if _, ok := want[path]; !ok {
			w.Close()
			delete(ap.watchers, path)
		}
	}
	for path, ex := range want {
		if ap.watchers[path] != nil {
			continue
		}
		w, err := watch.New(path, watch.Options{Quiet: quiet, Excludes: ex})
		if err != nil {
			ap.full[path] = true // a folder that cannot be watched is scanned whole
			continue
		}
		ap.watchers[path] = w
		ap.full[path] = !ap.baseline
		go s.follow(ctx, ap, path, w)
	}
}

// planSources are the folders a plan backs up: the vault folder (when it
// is a source) and the chosen ones.
func planSources(p *BackupPlan, v *vault.Vault) []BackupSource {
	out := slices.Clone(p.Sources)
	if p.Vault && v != nil && !slices.ContainsFunc(out, func(s BackupSource) bool { return s.Path == v.Folder() }) {
		out = append(out, BackupSource{Path: v.Folder()})
	}
	return out
}

// follow collects one watcher's changes into ap until it is closed.
func (s *autoBackup) follow(ctx context.Context, ap *autoPlan, path string, w *watch.Watcher) {
	for {
		select {
		case <-ctx.Done():
			return
		case c, ok := <-w.Changes():
			if !ok {
				return
			}
			s.mu.Lock()
			if c.Full {
				ap.full[path] = true
			} else {
				set := ap.changed[path]
				if set == nil {
					set = map[string]bool{}
					ap.changed[path] = set
				}
				for _, d := range c.Dirs {
					set[d] = true
				}
			}
			ap.dirty = true
			s.mu.Unlock()
			s.poke()
		}
	}
}

// take hands the changes collected so far to a run: per source the
// folders changed, nil for a source to scan whole; a nil map when nothing
// is known (no watching, or no run since the watchers started).
// Called with s.mu held.
func (ap *autoPlan) take() (map[string][]string, func()) {
	changed, full, dirty := ap.changed, ap.full, ap.dirty
	ap.changed, ap.full, ap.dirty = map[string]map[string]bool{}, map[string]bool{}, false
	restore := func() { // the run failed: its changes are still to back up
		for p, set := range changed {
			if ap.changed[p] == nil {
				ap.changed[p] = map[string]bool{}
			}
			for d := range set {
				ap.changed[p][d] = true
			}
		}
		for p, f := range full {
			ap.full[p] = ap.full[p] || f
		}
		ap.dirty = ap.dirty || dirty
	}
	if len(ap.watchers) == 0 || !ap.baseline {
		for p := range ap.watchers {
			full[p] = true
		}
		return nil, restore
	}
	out := map[string][]string{}
	for p := range ap.watchers {
		if full[p] {
			out[p] = nil
			continue
		}
		dirs := []string{}
		for d := range changed[p] {
			dirs = append(dirs, d)
		}
		slices.Sort(dirs)
		out[p] = dirs
	}
	return out, restore
}

// runPlan is one scheduled run of p with the destination at dest:
// pending purges first, then the run, then the periodic checks.
func (s *autoBackup) runPlan(ctx context.Context, ap *autoPlan, p BackupPlan, dest string, due bool) {
	b := s.a.backup
	now := s.a.vault.now()
	// The plan stays busy until its witness and checks are done too: one
	// connection to a repository at a time.
	defer func() {
		s.mu.Lock()
		ap.running, ap.cancel = false, nil
		s.mu.Unlock()
		b.emitState()
		s.poke() // changes during the run are due now
	}()
	var perr error
	if b.claim(p.ID, "auto") { // not while the window restores or verifies
		var n int
		n, perr = b.purgeDest(ctx, &p, dest)
		b.release(p.ID, "auto")
		due = due || n > 0 // the approvals go into a snapshot at once
	}
	if !due {
		if perr != nil && ctx.Err() == nil {
			s.mu.Lock()
			ap.failed = now
			s.mu.Unlock()
		}
		return
	}
	s.mu.Lock()
	changed, restore := ap.take()
	ap.slot = dailySlot(p.Schedule.Daily, now)
	ap.started = now
	s.mu.Unlock()
	run, err := b.run(ctx, p.ID, changed, nil)
	ok := err == nil || errors.Is(err, backup.ErrIncomplete)
	if run != nil && run.Result != "" && run.Result != "ok" && run.Result != "incomplete" && run.Result != "flagged" {
		ok = false
	}
	s.mu.Lock()
	if ok {
		ap.baseline, ap.failed = true, time.Time{}
	} else {
		restore()
		if ctx.Err() == nil {
			ap.failed = s.a.vault.now()
		}
	}
	s.mu.Unlock()
	if ok && b.claim(p.ID, "auto") {
		s.periodic(ctx, &p)
		b.release(p.ID, "auto")
	}
}

// autoState is what the scheduler keeps of a plan on this PC between
// sessions: when the last full verify and full maintenance ran.
type autoState struct {
	Verified   time.Time `json:"verified"`
	Maintained time.Time `json:"maintained"`
}

func (s *autoBackup) statePath(id string) string {
	return filepath.Join(s.a.opt.DataDir, "backup", "auto", id+".json")
}

// periodic runs the monthly full verify and the weekly full maintenance
// of p's repository when they are due.
func (s *autoBackup) periodic(ctx context.Context, p *BackupPlan) {
	var st autoState
	if b, err := os.ReadFile(s.statePath(p.ID)); err == nil {
		json.Unmarshal(b, &st)
	}
	now := s.a.vault.now()
	needVerify, needMaintain := now.Sub(st.Verified) >= fullVerify, now.Sub(st.Maintained) >= fullMaintain
	if !needVerify && !needMaintain {
		return
	}
	if st.Verified.IsZero() && st.Maintained.IsZero() {
		// The first run: the repository was just written; count from now.
		st.Verified, st.Maintained = now, now
		s.saveState(p.ID, st)
		return
	}
	b := s.a.backup
	r, err := b.openRepo(ctx, p)
	if err != nil {
		return
	}
	defer r.Close(context.WithoutCancel(ctx))
	if needVerify {
		rep, err := r.Verify(ctx, 1, nil)
		if err == nil || errors.Is(err, backup.ErrDamaged) {
			// Damage is found and reported; the next full check is in a month.
			e := audit.Entry{Action: audit.BackupRun, Target: "backup/" + p.ID, Label: p.Dest.Label, Detail: "verify=full"}
			if rep != nil {
				e.Detail += " damaged=" + strconv.Itoa(len(rep.Damaged))
			}
			if v, _ := s.session(); v != nil {
				Session{Vault: v}.Trace(e, err)
			}
			st.Verified = now
		}
	}
	if needMaintain && r.Maintain(ctx, true) == nil {
		st.Maintained = now
	}
	s.saveState(p.ID, st)
}

func (s *autoBackup) saveState(id string, st autoState) {
	b, _ := json.Marshal(st)
	path := s.statePath(id)
	if os.MkdirAll(filepath.Dir(path), 0o700) == nil {
		writeBytes(path, b)
	}
}

// writeBytes writes b to path atomically (outfile: a synced temporary
// file renamed into place).
func writeBytes(path string, b []byte) error {
	return outfile.Write(path, 0o644, func(w io.Writer) error { _, err := w.Write(b); return err })
}

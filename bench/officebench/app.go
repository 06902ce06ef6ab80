package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// The Kinko side drives the app package's bound services — the methods
// the window calls (and the CLI's verbs share): VaultService.Create, Join,
// Login, SyncNow; ClientsService.ImportPreview + ImportCommit (the
// "clients.import" job), Search, Client, UpdateClient; LogService.Verify
// (the "log.verify" job). The window's poll is the app's own AutoSync
// callback, started when the vault is opened.

// password is the bench users' password (not a secret: a benchmark).
const password = "bench-sakura-mikan-tokei-inu-neko"

// events records what the services emit: finished jobs and the times of
// background syncs.
type events struct {
	mu    sync.Mutex
	cond  *sync.Cond
	done  map[string]app.JobDoneEvent
	syncs chan time.Time
}

func newEvents() *events {
	e := &events{done: map[string]app.JobDoneEvent{}, syncs: make(chan time.Time, 64)}
	e.cond = sync.NewCond(&e.mu)
	return e
}

func (e *events) Emit(name string, data any) {
	switch name {
	case app.EventJobDone:
		d, _ := data.(app.JobDoneEvent)
		e.mu.Lock()
		e.done[d.ID] = d
		e.cond.Broadcast()
		e.mu.Unlock()
	case app.EventVaultSync:
		select {
		case e.syncs <- time.Now():
		default:
		}
	}
}

func (e *events) wait(id string) app.JobDoneEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		if d, ok := e.done[id]; ok {
			return d
		}
		e.cond.Wait()
	}
}

// pc is one PC's window: the app with its services.
type pc struct {
	a  *app.App
	vs *app.VaultService
	cs *app.ClientsService
	ls *app.LogService
	ev *events
}

func (o *opts) keys() *keys.Options {
	if o.wf == 0 {
		return nil // age's default, as users have
	}
	return &keys.Options{WorkFactor: o.wf}
}

// openPC starts the app on PC name ("a" or "b") with a poll interval.
func (o *opts) openPC(name string, interval time.Duration) *pc {
	ev := newEvents()
	a := app.New(app.Options{Emitter: ev, DataDir: o.pcDir(name), Keys: o.keys(), Keychain: keychain.NewMemory(),
		SyncInterval: interval, IdleLock: -1, BackupPoll: -1})
	p := &pc{a: a, vs: a.Vault(), ev: ev}
	for _, s := range a.Services() {
		switch s := s.(type) {
		case *app.ClientsService:
			p.cs = s
		case *app.LogService:
			p.ls = s
		}
	}
	return p
}

func (p *pc) close() { p.a.Shutdown(context.Background()) }

// login opens the PC's vault (as the window does at start) and logs user in.
func (p *pc) login(user string) {
	st, err := p.vs.State()
	check(err)
	if st.Phase != app.PhaseLocked {
		check(fmt.Errorf("vault not open on this PC (phase %s)", st.Phase))
	}
	_, err = p.vs.Login(user, password, false)
	check(err)
}

func (o *opts) pcDir(name string) string { return filepath.Join(o.dir, "pc-"+name) }
func (o *opts) folder() string           { return filepath.Join(o.dir, "nas", "Kinko") }

// userB is who works on PC "b": a staff member when there is one.
func (o *opts) userB() string {
	if o.users > 1 {
		return "staff1"
	}
	return "shocho"
}

func (o *opts) replica(name string) string {
	known, err := vault.Known(o.pcDir(name))
	check(err)
	if len(known) != 1 {
		check(fmt.Errorf("PC %s has %d vaults", name, len(known)))
	}
	return filepath.Join(o.pcDir(name), "vaults", known[0].ID, "replica.db")
}

func phaseCreate(o *opts, r *result) {
	p := o.openPC("a", time.Hour)
	defer p.close()
	_, err := p.vs.Create(app.CreateRequest{Folder: o.folder(), Name: "山田税理士事務所", Login: "shocho", UserName: "山田 太郎",
		Password: password, Handler: true})
	check(err)
	for i := 1; i < o.users; i++ {
		s := surnames[i%len(surnames)]
		g := givenNames[(i*7)%len(givenNames)]
		_, err := p.vs.AddUser(app.NewUserRequest{Login: fmt.Sprintf("staff%d", i), Name: s.kanji + " " + g.kanji, Password: password,
			Role: "staff", Default: "edit"})
		check(err)
	}
	_, err = p.vs.SyncNow()
	check(err)
}

// phaseImport imports clients.csv or people.csv on PC "a" through the
// import dialog's two calls: preview (parse, map, validate), then commit
// (the job), timed together; then the sync that puts the ops in the vault
// folder (info).
func phaseImport(o *opts, r *result, kind string) {
	p := o.openPC("a", time.Hour)
	defer p.close()
	p.login("shocho")
	data, err := os.ReadFile(filepath.Join(o.dir, kind+".csv"))
	check(err)
	r.start()
	prev, err := p.cs.ImportPreview(kind, kind+".csv", data, "auto", nil)
	check(err)
	if len(prev.Errors) > 0 {
		b, _ := json.Marshal(prev.Errors[:min(5, len(prev.Errors))])
		check(fmt.Errorf("%d row errors in %s.csv: %s", len(prev.Errors), kind, b))
	}
	r.Info["preview_s"] = time.Since(r.t0).Seconds()
	id, err := p.cs.ImportCommit(prev.Token, false, nil)
	check(err)
	d := p.ev.wait(id)
	r.stop()
	if d.Status != app.JobOK {
		check(fmt.Errorf("import %s: %s %+v", kind, d.Status, d.Error))
	}
	r.Info["rows"] = float64(prev.Rows)
	t := time.Now()
	_, err = p.vs.SyncNow()
	check(err)
	r.Info["sync_to_folder_s"] = time.Since(t).Seconds()
}

func phaseJoin(o *opts, r *result) {
	p := o.openPC("b", time.Hour)
	defer p.close()
	r.start()
	_, err := p.vs.Join(o.folder())
	check(err)
	r.stop()
}

// phaseLogin times a login and the search index the window builds with
// it, until the first search answers; with search, it then types
// queries into the search box.
func phaseLogin(o *opts, r *result, name, user string, search bool) {
	p := o.openPC(name, time.Hour)
	defer p.close()
	_, err := p.vs.State()
	check(err)
	r.start()
	_, err = p.vs.Login(user, password, false)
	check(err)
	// Until the search box answers: also when a later login builds the
	// index after it returns.
	for {
		hits, err := p.cs.Search("山", 1)
		if err == nil && len(hits) > 0 {
			break
		}
		if time.Since(r.t0) > 10*time.Minute {
			check(fmt.Errorf("no search answer 10 minutes after login: %v", err))
		}
		time.Sleep(time.Millisecond)
	}
	r.stop()
	if search {
		searchKeystrokes(p, r)
	}
}

// searchKeystrokes types 100 names (people's, companies', readings and
// client codes) into the search box one character at a time, each
// keystroke a call of the bound Search with the window's limit (50).
func searchKeystrokes(p *pc, r *result) {
	rng := rand.New(rand.NewPCG(3, 3))
	var queries []string
	for i := range 100 {
		var q string
		switch i % 4 {
		case 0:
			q = pick(rng, surnames).kanji + " " + pick(rng, givenNames).kanji
		case 1:
			q = pick(rng, forms).kanji + pick(rng, surnames).kanji + pick(rng, trades).kanji
		case 2:
			q = pick(rng, surnames).kana + pick(rng, givenNames).kana
		default:
			q = fmt.Sprintf("K-%05d", rng.IntN(99999)+1)
		}
		rs := []rune(q)
		for n := 1; n <= min(len(rs), 6); n++ {
			queries = append(queries, string(rs[:n]))
		}
	}
	lat := make([]float64, 0, len(queries))
	for _, q := range queries {
		t := time.Now()
		_, err := p.cs.Search(q, 50)
		check(err)
		lat = append(lat, float64(time.Since(t).Microseconds())/1000)
	}
	sort.Float64s(lat)
	r.Info["search_queries"] = float64(len(lat))
	r.Info["search_p50_ms"] = quantile(lat, 0.50)
	r.Info["search_p95_ms"] = quantile(lat, 0.95)
	r.Info["search_p99_ms"] = quantile(lat, 0.99)
	r.Info["search_max_ms"] = lat[len(lat)-1]
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// settle is how long AutoSync waits after a change notice before it
// syncs (core/vault/autosync.go), subtracted from the poll figures.
const settle = 200 * time.Millisecond

// phasePoll: both PCs' windows open and logged in, PC "b" polling. A
// user on "a" edits a few clients and syncs; "b"'s poll (the app's
// AutoSync callback: sync, then bring the session's search index up to
// date) runs on the folder's change notice, the fixed settle delay after
// the first file event of "a"'s new segment. Timed: from then (this
// process watches the journal folder too) to the new name being found by
// "b"'s search box; split at "b"'s vault:sync event. Late: a user on "b" edits other clients
// after the edits on "a" but before "a" syncs, so "a"'s ops arrive late
// (positioned before ops "b" already applied).
func phasePoll(o *opts, r *result) {
	a := o.openPC("a", time.Hour)
	defer a.close()
	b := o.openPC("b", time.Hour)
	defer b.close()
	a.login("shocho")
	b.login(o.userB())
	clients, err := a.cs.Clients()
	check(err)
	slices.SortFunc(clients, func(x, y records.Client) int { return strings.Compare(x.ID, y.ID) })
	events := watchJournal(o.folder())
	time.Sleep(2 * time.Second) // the first syncs of both windows
	const edits = 3
	next := 0
	edit := func(p *pc, tag string) string {
		var last string
		for range edits {
			c := clients[next%len(clients)]
			next++
			cv, err := p.cs.Client(c.ID)
			check(err)
			cl := cv.Client
			cl.Name = fmt.Sprintf("株式会社ベンチ%s%d", tag, next)
			check(p.cs.UpdateClient(cl, cv.Versions))
			last = cl.Name
		}
		return last
	}
	round := func(late bool) (total, syncPart, index, cpu float64) {
		for len(b.ev.syncs) > 0 {
			<-b.ev.syncs
		}
		want := edit(a, "エー")
		if late {
			time.Sleep(5 * time.Millisecond)
			edit(b, "ビー")
		}
		for len(events) > 0 {
			<-events
		}
		c0 := cpuSeconds()
		tpre := time.Now()
		_, err := a.vs.SyncNow()
		check(err)
		t0 := tpre // fallback: no file event seen
		select {
		case t0 = <-events:
		case <-time.After(5 * time.Second):
		}
		var t1 time.Time
		select {
		case t1 = <-b.ev.syncs:
		case <-time.After(60 * time.Second):
			check(errors.New("PC b did not poll within 60 s of a change"))
		}
		for {
			hits, err := b.cs.Search(want, 1)
			check(err)
			if len(hits) > 0 {
				break
			}
			if time.Since(t0) > 120*time.Second {
				check(errors.New("the edit never reached PC b's search"))
			}
			time.Sleep(time.Millisecond)
		}
		t2 := time.Now()
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		return ms(t2.Sub(t0) - settle), ms(t1.Sub(t0) - settle), ms(t2.Sub(t1)), cpuSeconds() - c0
	}
	var poll, late, pollSync, pollIdx, lateSync, lateIdx, pollCPU, lateCPU []float64
	for range o.rounds {
		t, s, i, c := round(false)
		poll, pollSync, pollIdx, pollCPU = append(poll, t), append(pollSync, s), append(pollIdx, i), append(pollCPU, c)
		time.Sleep(time.Second) // "b"'s own syncs after its poll
		t, s, i, c = round(true)
		late, lateSync, lateIdx, lateCPU = append(late, t), append(lateSync, s), append(lateIdx, i), append(lateCPU, c)
		time.Sleep(time.Second)
	}
	med := func(x []float64) float64 { s := slices.Clone(x); sort.Float64s(s); return s[len(s)/2] }
	r.Info["poll_ms"], r.Info["poll_max_ms"] = med(poll), slices.Max(poll)
	r.Info["poll_sync_ms"], r.Info["poll_index_ms"], r.Info["poll_cpu_s"] = med(pollSync), med(pollIdx), med(pollCPU)
	r.Info["late_ms"], r.Info["late_max_ms"] = med(late), slices.Max(late)
	r.Info["late_sync_ms"], r.Info["late_index_ms"], r.Info["late_cpu_s"] = med(lateSync), med(lateIdx), med(lateCPU)
	r.Info["rounds"] = float64(o.rounds)
}

// watchJournal reports the time of every file event in the vault
// folder's device directories (what AutoSync's watcher sees).
func watchJournal(folder string) <-chan time.Time {
	w, err := fsnotify.NewWatcher()
	check(err)
	dirs, err := os.ReadDir(filepath.Join(folder, "journal"))
	check(err)
	for _, d := range dirs {
		if d.IsDir() {
			check(w.Add(filepath.Join(folder, "journal", d.Name())))
		}
	}
	out := make(chan time.Time, 1024)
	go func() {
		for range w.Events {
			select {
			case out <- time.Now():
			default:
			}
		}
	}()
	return out
}

// phaseLog writes n access-log entries on PC name through the session
// layer the window and CLI log with (app.Session.Trace: queued entries,
// written within 50 ms), syncing every 20,000 as the poll would.
func phaseLog(o *opts, r *result, name, user string, n int) {
	known, err := vault.Known(o.pcDir(name))
	check(err)
	v, err := vault.Open(known[0].ID, vault.Options{DataDir: o.pcDir(name), Keys: o.keys()})
	check(err)
	defer v.Close()
	check(v.Login(user, []byte(password)))
	type target struct{ id, name string }
	var clients []target
	check(v.Scan("client/", func(t string, data []byte) error {
		var c records.Client
		if json.Unmarshal(data, &c) == nil {
			clients = append(clients, target{"client/" + c.ID, c.Name})
		}
		return nil
	}))
	if len(clients) == 0 {
		check(errors.New("no clients to log"))
	}
	rng := rand.New(rand.NewPCG(4, uint64(len(name))))
	s := app.Session{Vault: v}
	r.start()
	for i := range n {
		c := clients[rng.IntN(len(clients))]
		e := audit.Entry{Action: audit.ClientView, Target: c.id, Label: c.name}
		switch x := rng.IntN(100); {
		case x < 12:
			e.Action = audit.ClientEdit
		case x < 20:
			e.Action, e.Target = audit.PersonEdit, c.id+"/p"
		case x < 25:
			e.Action, e.Target, e.Label = audit.Login, "", ""
		case x < 28:
			e.Action, e.Target, e.Label = audit.Lock, "", ""
		case x < 30:
			e.Action = audit.ReportView
		}
		check(s.Trace(e, nil))
		if (i+1)%20_000 == 0 {
			_, err := v.Sync(nil)
			check(err)
		}
	}
	_, err = v.Sync(nil)
	check(err)
	r.stop()
	r.Info["entries"] = float64(n)
}

// phaseVerify runs the window's "verify the log" (the log.verify job) on
// PC "a", after a sync that brings "b"'s entries in (not timed).
func phaseVerify(o *opts, r *result) {
	p := o.openPC("a", time.Hour)
	defer p.close()
	t := time.Now()
	p.login("shocho")
	_, err := p.vs.SyncNow()
	check(err)
	r.Info["login_and_sync_s"] = time.Since(t).Seconds()
	r.start()
	id, err := p.ls.Verify()
	check(err)
	d := p.ev.wait(id)
	r.stop()
	if d.Status != app.JobOK {
		check(fmt.Errorf("log verify: %s %+v", d.Status, d.Error))
	}
	var out struct {
		Report struct {
			Entries  int
			Problems []json.RawMessage
		}
	}
	b, _ := json.Marshal(d.Result)
	json.Unmarshal(b, &out)
	r.Info["problems"] = float64(len(out.Report.Problems))
}

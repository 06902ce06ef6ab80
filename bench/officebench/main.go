// Command officebench is the Go side of bench/office.sh: it builds an
// office of N clients and M people through the app's own code paths and
// measures every row of issue 15's table beside a floor program (plain
// bbolt + XChaCha20-Poly1305 over the same records) in the same run.
//
//	officebench run   -dir W [-clients 10000] [-people 100000] [-log 1000000] [-users 4] [-rounds 5] [-wf 0] [-out F]
//	officebench phase NAME [the same flags] [-cpuprofile F] [-memprofile F]
//
// run starts itself again for each phase ("phase NAME"), one child
// process per step, so each step's peak memory is its own process's
// (getrusage of the child); the child prints its figures as one JSON line.
// See bench/README.md, "Office scale: the benchmark suite".
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

type opts struct {
	dir                  string
	clients, people, log int
	users, rounds, wf    int
	out                  string
	// cpuProfile and memProfile (phase only): pprof files of the timed step.
	cpuProfile, memProfile string
}

func (o *opts) register(fl *flag.FlagSet) {
	fl.StringVar(&o.dir, "dir", "", "work folder (created; emptied by run)")
	fl.IntVar(&o.clients, "clients", 10_000, "clients to import")
	fl.IntVar(&o.people, "people", 100_000, "people to import")
	fl.IntVar(&o.log, "log", 0, "access-log entries to write and verify (0: 10 × people)")
	fl.IntVar(&o.users, "users", 4, "users of the office (1 責任者 + staff)")
	fl.IntVar(&o.rounds, "rounds", 5, "rounds of the poll measurements")
	fl.IntVar(&o.wf, "wf", 0, "scrypt work factor of passwords (0: age's default, 18, as users have)")
	fl.StringVar(&o.out, "out", "", "run: also write the report to this file")
	fl.StringVar(&o.cpuProfile, "cpuprofile", "", "phase: write a CPU profile of the timed step to this file")
	fl.StringVar(&o.memProfile, "memprofile", "", "phase: write a heap profile (allocations) at the end of the timed step to this file")
}

func (o *opts) args() []string {
	return []string{"-dir", o.dir, "-clients", strconv.Itoa(o.clients), "-people", strconv.Itoa(o.people), "-log", strconv.Itoa(o.log),
		"-users", strconv.Itoa(o.users), "-rounds", strconv.Itoa(o.rounds), "-wf", strconv.Itoa(o.wf)}
}

// result is what a phase reports: the timed step's wall time and CPU
// time, its own peak RSS (the high-water mark reset just before it, where
// Linux allows), figures by name, and — filled in by run — the peak RSS
// of the whole child process.
type result struct {
	Seconds float64            `json:"seconds"`
	CPU     float64            `json:"cpu"`
	StepRSS int64              `json:"step_rss"`
	Info    map[string]float64 `json:"info"`
	MaxRSS  int64              `json:"max_rss"`
	// PreRSS is the process's peak before the reset (the reset lowers
	// what getrusage reports at exit too).
	PreRSS int64 `json:"pre_rss"`

	t0 time.Time
	c0 float64

	cpuProfile, memProfile string
	prof                   *os.File
}

// start begins the timed step: a collected heap and, on Linux, the
// process's peak RSS reset to what it holds now (/proc/self/clear_refs).
func (r *result) start() {
	runtime.GC()
	debug.FreeOSMemory()
	r.PreRSS = vmHWM()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	if r.memProfile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	if r.cpuProfile != "" {
		f, err := os.Create(r.cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		r.prof = f
	}
	r.t0, r.c0 = time.Now(), cpuSeconds()
}

func (r *result) stop() {
	r.Seconds, r.CPU = time.Since(r.t0).Seconds(), cpuSeconds()-r.c0
	r.StepRSS = vmHWM()
	if r.prof != nil {
		pprof.StopCPUProfile()
		check(r.prof.Close())
	}
	if r.memProfile != "" {
		f, err := os.Create(r.memProfile)
		check(err)
		check(pprof.Lookup("allocs").WriteTo(f, 0))
		check(f.Close())
	}
}

// vmHWM is the peak RSS since the last reset (Linux), else 0.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n * 1024
		}
	}
	return 0
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "officebench:", err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var o opts
	cmd, args := os.Args[1], os.Args[2:]
	name := ""
	if cmd == "phase" {
		if len(args) == 0 {
			usage()
		}
		name, args = args[0], args[1:]
	}
	fl := flag.NewFlagSet(cmd, flag.ExitOnError)
	o.register(fl)
	check(fl.Parse(args))
	if o.dir == "" {
		usage()
	}
	if o.log == 0 {
		o.log = 10 * o.people
	}
	switch cmd {
	case "run":
		run(&o)
	case "phase":
		r := &result{Info: map[string]float64{}, cpuProfile: o.cpuProfile, memProfile: o.memProfile}
		runPhase(&o, name, r)
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: officebench run|phase NAME -dir W [-clients N] [-people M] [-log L] [-users U] [-rounds R] [-wf F] [-out F]")
	os.Exit(2)
}

func runPhase(o *opts, name string, r *result) {
	switch name {
	case "gen":
		r.start()
		check(writeFiles(o.dir, o.clients, o.people))
		check(kdfFile(o.dir, o.wf))
		r.stop()
	case "floor-clients", "floor-people":
		r.start()
		n, err := floorWrite(o.dir, strings.TrimPrefix(name, "floor-"))
		check(err)
		r.stop()
		r.Info["rows"] = float64(n)
	case "floor-read":
		r.start()
		check(floorKDF(o.dir))
		r.Info["kdf_s"] = time.Since(r.t0).Seconds()
		t := time.Now()
		n, err := floorRead(o.dir)
		check(err)
		r.stop()
		r.Info["read_s"] = time.Since(t).Seconds()
		r.Info["records"] = float64(n)
	case "walk":
		r.start()
		files, size, err := walkJournal(o.folder())
		check(err)
		r.stop()
		r.Info["files"], r.Info["bytes"] = float64(files), float64(size)
	case "create":
		phaseCreate(o, r)
	case "import-clients":
		phaseImport(o, r, "clients")
	case "import-people":
		phaseImport(o, r, "people")
	case "join":
		phaseJoin(o, r)
	case "first-login":
		phaseLogin(o, r, "b", o.userB(), false)
	case "login":
		phaseLogin(o, r, "a", "shocho", true)
	case "poll":
		phasePoll(o, r)
	case "log-a":
		phaseLog(o, r, "a", "shocho", o.log/2)
	case "log-b":
		phaseLog(o, r, "b", o.userB(), o.log-o.log/2)
	case "verify":
		phaseVerify(o, r)
	default:
		check(fmt.Errorf("unknown phase %q", name))
	}
}

// child runs one phase in a new process and returns its result.
func child(o *opts, name string) *result {
	fmt.Fprintf(os.Stderr, "  %-15s ", name)
	self, err := os.Executable()
	check(err)
	cmd := exec.Command(self, append([]string{"phase", name}, o.args()...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	check(cmd.Run())
	var r result
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	check(json.Unmarshal([]byte(last), &r))
	r.MaxRSS = max(childRSS(cmd.ProcessState), r.PreRSS)
	fmt.Fprintf(os.Stderr, "%7.2f s (process %.1f s), peak RSS %s\n", r.Seconds, time.Since(start).Seconds(), mb(r.MaxRSS))
	return &r
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	check(err)
	return st.Size()
}

func run(o *opts) {
	check(os.RemoveAll(o.dir))
	check(os.MkdirAll(o.dir, 0o700))
	loadBefore := loadavg()
	begin := time.Now()
	fmt.Fprintf(os.Stderr, "office bench: %d clients, %d people, %d log entries, %d users, in %s\n", o.clients, o.people, o.log, o.users, o.dir)
	res := map[string]*result{}
	for _, p := range []string{"gen", "create", "floor-clients", "import-clients", "floor-people", "import-people"} {
		res[p] = child(o, p)
	}
	sizes := map[string]int64{"replica_file": fileSize(o.replica("a")), "floor_file": fileSize(o.dir + "/floor.db")}
	var err error
	sizes["replica"], err = dbSize(o.replica("a"))
	check(err)
	sizes["floor"], err = dbSize(o.dir + "/floor.db")
	check(err)
	for _, p := range []string{"join", "floor-read", "first-login", "login", "poll", "log-a", "log-b", "walk", "verify"} {
		res[p] = child(o, p)
	}
	raw, _ := json.MarshalIndent(map[string]any{"results": res, "sizes": sizes}, "", " ")
	if o.out != "" {
		check(os.WriteFile(strings.TrimSuffix(o.out, ".md")+".json", raw, 0o644))
	}
	rep := report(o, res, sizes, loadBefore, loadavg(), time.Since(begin))
	os.Stdout.WriteString(rep)
	if o.out != "" {
		check(os.WriteFile(o.out, []byte(rep), 0o644))
	}
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func mb(n int64) string {
	if n <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MB", float64(n)/1e6)
}

// report is the table of issue 15, Kinko beside the floor.
func report(o *opts, res map[string]*result, sizes map[string]int64, load0, load1 string, took time.Duration) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	wf := "18 (age's default)"
	if o.wf > 0 {
		wf = strconv.Itoa(o.wf)
	}
	w("## Office scale, %d clients / %d people, %s UTC\n\n", o.clients, o.people, time.Now().UTC().Format("2006-01-02 15:04"))
	if c := os.Getenv("KINKO_BENCH_COMMIT"); c != "" {
		w("Commit %s. ", c)
	}
	w("%d cores, %s; %d users; scrypt work factor %s; %d log entries; load average before %s, after %s; the whole run %.0f s.\n",
		runtime.NumCPU(), runtime.Version(), o.users, wf, o.log, load0, load1, took.Seconds())
	w("Each step in its own process: \"s\" is the step's wall time (CPU time beside it), \"RSS\" the peak of the step's process (the step's own peak after the high-water mark was reset before it, in brackets). ")
	w("Targets are the issue's, for 10,000 clients / 100,000 people.\n\n")
	w("| what | Kinko | peak RSS | floor | Kinko ÷ floor | target | |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	secs := func(r *result) string { return fmt.Sprintf("%.2f s (CPU %.2f s)", r.Seconds, r.CPU) }
	rss := func(r *result) string { return fmt.Sprintf("%s (%s)", mb(r.MaxRSS), mb(r.StepRSS)) }
	ratio := func(a, f float64) string {
		if f <= 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f ×", a/f)
	}
	// ratios of wall and of CPU time: on a shared machine the CPU time is
	// the steadier of the two.
	ratios := func(k, f *result) string {
		return fmt.Sprintf("%s (CPU %s)", ratio(k.Seconds, f.Seconds), ratio(k.CPU, f.CPU))
	}
	fsecs := func(r *result) string { return fmt.Sprintf("%.2f s (CPU %.2f s)", r.Seconds, r.CPU) }
	ic, fc := res["import-clients"], res["floor-clients"]
	w("| import %d clients (preview + commit job) | %s | %s | %s | %s | < 2 s | %s |\n", o.clients, secs(ic), rss(ic), fsecs(fc), ratios(ic, fc), verdict(ic.Seconds < 2))
	ip, fp := res["import-people"], res["floor-people"]
	w("| import %d people (preview + commit job) | %s | %s | %s | %s | < 10 s, < 400 MB | %s |\n", o.people, secs(ip), rss(ip), fsecs(fp), ratios(ip, fp),
		verdict(ip.Seconds < 10 && ip.MaxRSS < 400e6))
	j := res["join"]
	w("| a second PC joins (the vault folder after both imports) | %s | %s | | | < 10 s, < 300 MB | %s |\n", secs(j), rss(j), verdict(j.Seconds < 10 && j.MaxRSS < 300e6))
	fr := res["floor-read"]
	fl := res["first-login"]
	w("| first login on the joined PC (login + index, until the first search answers) | %s | %s | %s | %s | < 3 s | %s |\n", secs(fl), rss(fl), fsecs(fr), ratios(fl, fr), verdict(fl.Seconds < 3))
	lg := res["login"]
	w("| login + index, %d records (warm) | %s | %s | %s: scrypt %.2f + read %.2f s | %s | ≤ 2 × floor, < 400 MB | %s |\n", o.clients+o.people, secs(lg), rss(lg),
		fsecs(fr), fr.Info["kdf_s"], fr.Info["read_s"], ratios(lg, fr), verdict(lg.Seconds <= 2*fr.Seconds && lg.MaxRSS < 400e6))
	pl := res["poll"]
	w("| the window's poll importing 3 ops (sync + index update; median of %d) | %.0f ms (sync %.0f + index %.0f; max %.0f; CPU %.2f s) | %s | | | < 50 ms | %s |\n", o.rounds,
		pl.Info["poll_ms"], pl.Info["poll_sync_ms"], pl.Info["poll_index_ms"], pl.Info["poll_max_ms"], pl.Info["poll_cpu_s"], rss(pl), verdict(pl.Info["poll_ms"] < 50))
	w("| a poll importing 3 late ops (both PCs edited; median of %d) | %.0f ms (sync %.0f + index %.0f; max %.0f; CPU %.2f s) | | | | < 50 ms | %s |\n", o.rounds,
		pl.Info["late_ms"], pl.Info["late_sync_ms"], pl.Info["late_index_ms"], pl.Info["late_max_ms"], pl.Info["late_cpu_s"], verdict(pl.Info["late_ms"] < 50))
	replica, floorDB := sizes["replica"], sizes["floor"]
	w("| replica size after the imports (pages in use) | %s | | %s | %s | ≤ 1.5 × floor | %s |\n", mb(replica), mb(floorDB), ratio(float64(replica), float64(floorDB)), verdict(float64(replica) <= 1.5*float64(floorDB)))
	w("| search keystroke p95 (bound Search, %d keystrokes) | %.1f ms (p50 %.1f, p99 %.1f, max %.1f) | | | | < 10 ms | %s |\n", int(lg.Info["search_queries"]),
		lg.Info["search_p95_ms"], lg.Info["search_p50_ms"], lg.Info["search_p99_ms"], lg.Info["search_max_ms"], verdict(lg.Info["search_p95_ms"] < 10))
	v, wk := res["verify"], res["walk"]
	w("| log verify, %d entries (the log.verify job) | %s | %s | %s, hash-chain walk over %s | %s | ≤ 2 × walk | %s |\n", o.log, secs(v), rss(v), fsecs(wk),
		mb(int64(wk.Info["bytes"])), ratios(v, wk), verdict(v.Seconds <= 2*wk.Seconds))
	w("\nDetails: ")
	w("import clients: preview %.2f s, then the sync writing the ops to the folder %.2f s; ", ic.Info["preview_s"], ic.Info["sync_to_folder_s"])
	w("import people: preview %.2f s, sync %.2f s; ", ip.Info["preview_s"], ip.Info["sync_to_folder_s"])
	w("floor: write clients %.2f s (%s), people %.2f s (%s), read %.2f s (%s); ", fc.Seconds, mb(fc.MaxRSS), fp.Seconds, mb(fp.MaxRSS), fr.Info["read_s"], mb(fr.MaxRSS))
	w("log entries written through app.Session: %.1f s on PC a, %.1f s on PC b; ", res["log-a"].Seconds, res["log-b"].Seconds)
	w("file sizes: replica.db %s, floor %s; ", mb(sizes["replica_file"]), mb(sizes["floor_file"]))
	w("before the verify, PC a's login and the sync importing PC b's entries (not timed) took %.1f s; ", v.Info["login_and_sync_s"])
	w("log verify found %.0f problems; journal: %.0f files.\n", v.Info["problems"], wk.Info["files"])
	return b.String()
}

package vault_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// Sync and join benchmarks on the big vault (10,000 clients, 100,000
// people: bigVault). Targets (issue 15): a second PC joins in < 10 s and
// < 300 MB RSS; a sync with a few late ops in < 50 ms. Figures in
// bench/README.md, "Office scale: sync, join, late ops".

// peakRSS resets the process's peak RSS (Linux: /proc/self/clear_refs)
// and returns a function reading it (MB; 0 where it cannot be read).
func peakRSS() func() float64 {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return func() float64 {
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			return 0
		}
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
		return 0
	}
}

// BenchmarkJoin10k: a new PC joins the big vault (about 140,000 ops) —
// vault.Join into an empty data folder. Beside it, in the same iteration,
// the floor: reading every device's chain (segment files, hashes, device
// signatures) and checking every op's signature on all cores, which any
// join must do. Reports join-s, floor-s, ratio and the join's peak RSS.
func BenchmarkJoin10k(b *testing.B) {
	f := bigVault(b)
	var joinT, floorT time.Duration
	var rss float64
	for range b.N {
		b.StopTimer()
		floorT += readFloor(b, f.folder)
		opt := f.opts("join")
		opt.DataDir = filepath.Join(wintest.TempDir(b), "pc-join")
		peak := peakRSS()
		b.StartTimer()
		t0 := time.Now()
		v, err := vault.Join(f.folder, opt)
		joinT += time.Since(t0)
		b.StopTimer()
		mustB(b, err)
		rss = max(rss, peak())
		st := v.Status()
		mustB(b, v.Close())
		if st.Ops < benchClients*(benchPerClient+3) {
			b.Fatalf("joined replica holds %d ops", st.Ops)
		}
		os.RemoveAll(opt.DataDir)
	}
	b.ReportMetric(joinT.Seconds()/float64(b.N), "join-s")
	b.ReportMetric(floorT.Seconds()/float64(b.N), "floor-s")
	b.ReportMetric(float64(joinT)/float64(floorT), "ratio")
	b.ReportMetric(rss, "peak-MB")
}

// readFloor walks every chain of the folder and checks each op's
// signature with ed25519 on every core, keeping nothing.
func readFloor(b *testing.B, folder string) time.Duration {
	t0 := time.Now()
	fo, err := journal.OpenFolder(folder)
	mustB(b, err)
	devices, err := fo.Devices()
	mustB(b, err)
	n := 0
	for _, d := range devices {
		err := fo.WalkChain(d, 0, [32]byte{}, 0, func(s *journal.Segment, _ [32]byte) error {
			n += vault.VerifyOpSigsFloor(s.Ops)
			return nil
		})
		mustB(b, err)
	}
	if n < benchClients {
		b.Fatalf("floor read %d ops", n)
	}
	return time.Since(t0)
}

var lateRounds int

// lateRun tells this run's targets from earlier runs' in the fixture.
var lateRun = time.Now().UnixNano()

// BenchmarkSyncLateOps10k: PC "a" writes 3 records; PC "b" then writes one
// of its own (so a's arrive late there) — in the "control" run b creates a
// client instead, a control op positioned after a's records — and b's sync
// importing a's records is timed. Each is measured with the late-op
// shortcuts and, in the same iteration, without them (every late op
// replays the whole control history: the code before), the reference.
// Reports fast-ms and replay-ms per sync, and their ratio.
func BenchmarkSyncLateOps10k(b *testing.B) {
	f := bigVault(b)
	p := openPair(b, f) // "a" logged in
	a, bv := p.a, p.b
	mustB(b, bv.Login("shocho", []byte(adminPass)))
	_, err := bv.Sync(nil)
	mustB(b, err)
	_, err = a.Sync(nil)
	mustB(b, err)
	defer vault.SetLateShortcuts(true)
	warm := 1 << 20
	for _, control := range []bool{false, true} {
		b.Run(fmt.Sprintf("control=%v", control), func(b *testing.B) {
			round := func(n int, shortcuts bool) time.Duration {
				lateRounds++
				n = lateRounds // unique targets across runs (with lateRun)
				for i := range 3 {
					c := f.clients[(n*7+i*131)%len(f.clients)]
					t := fmt.Sprintf("person/%s/late-%d-%d-%d", c, lateRun, n, i)
					_, err := a.Put(t, nil, personJSON(t, n, i))
					mustB(b, err)
				}
				_, err := a.Sync(nil)
				mustB(b, err)
				time.Sleep(2 * time.Millisecond) // b's op sorts after a's
				if control {
					_, err = bv.CreateClient(vault.NewClient{Data: clientJSON(benchClients + n)})
				} else {
					_, err = bv.Put(fmt.Sprintf("office/late-%d-%d", lateRun, n), nil, []byte("{}"))
				}
				mustB(b, err)
				vault.SetLateShortcuts(shortcuts)
				runtime.GC()
				t0 := time.Now()
				res, err := bv.Sync(nil)
				d := time.Since(t0)
				mustB(b, err)
				if res.Imported < 3 || res.Quarantined != 0 || res.Rebuilt { // and access-log entries
					b.Fatalf("late sync on b: %+v", res)
				}
				_, err = a.Sync(nil) // a takes b's op: next round starts level
				mustB(b, err)
				return d
			}
			warm++
			round(warm, true) // warm: pages, and the first kept roster
			var fast, slow time.Duration
			b.ResetTimer()
			for n := range b.N {
				b.StopTimer()
				slow += round(2*n, false)
				b.StartTimer()
				fast += round(2*n+1, true)
			}
			b.StopTimer()
			b.ReportMetric(float64(fast.Microseconds())/1000/float64(b.N), "fast-ms")
			b.ReportMetric(float64(slow.Microseconds())/1000/float64(b.N), "replay-ms")
			b.ReportMetric(float64(slow)/float64(fast), "ratio")
		})
	}
}

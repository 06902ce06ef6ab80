package office_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/internal/officefix"
)

func benchRoot() string {
	if d := os.Getenv("KINKO_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "kinko-bench")
}

// peakRSS resets the process's peak resident size (Linux; elsewhere it
// reports 0) and returns a function that reads it in MB.
func peakRSS() func() float64 {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return func() float64 {
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			return 0
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				return float64(kb) / 1024
			}
		}
		return 0
	}
}

// floorDB writes, once, the fixture's records as a plain program would
// keep them: one bbolt bucket, the JSON sealed with XChaCha20-Poly1305
// under one key, in key order.
func floorDB(b *testing.B, f *officefix.Fixture) (string, seal.Key) {
	path := filepath.Join(filepath.Dir(f.DataDir), "floor.db")
	key := seal.Key{1, 2, 3}
	if _, err := os.Stat(path); err == nil {
		return path, key
	}
	v, err := f.Open()
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	db, err := bolt.Open(path+".tmp", 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucket([]byte("records"))
		if err != nil {
			return err
		}
		bk.FillPercent = 1
		put := func(target string, data []byte) error {
			sealed, err := seal.Seal(&key, seal.AD{Kind: "record", ID: target}, data)
			if err != nil {
				return err
			}
			return bk.Put([]byte(target), sealed)
		}
		if err := v.Scan("client/", put); err != nil {
			return err
		}
		return v.Scan("person/", put)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(path+".tmp", path)
	}
	if err != nil {
		b.Fatal(err)
	}
	return path, key
}

// floorLoad reads and parses every record of the floor database.
func floorLoad(path string, key seal.Key) (int, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n := 0
	var c records.Client
	var p records.Person
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("records")).ForEach(func(k, sealed []byte) error {
			plain, err := seal.Open(&key, seal.AD{Kind: "record", ID: string(k)}, sealed)
			if err != nil {
				return err
			}
			n++
			if bytes.HasPrefix(k, []byte("client/")) {
				c = records.Client{}
				return json.Unmarshal(plain, &c)
			}
			p = records.Person{}
			return json.Unmarshal(plain, &p)
		})
	})
	return n, err
}

// BenchmarkLoginIndex: what the window does after the password: open the
// replica, log in and build the search index (office.Load) of 10,000
// clients and 100,000 people, beside the floor in the same run — a plain
// program reading the same records from one bbolt bucket, opening each
// with XChaCha20-Poly1305 and parsing its JSON. Reports both times, their
// ratio (target ≤ 2), each phase's CPU time (all threads: on a shared
// machine the wall times swing with the other work) and peak RSS (target
// < 400 MB).
//
//	KINKO_BENCH_DIR=… go test ./core/office -run '^$' -bench LoginIndex -benchtime 2x
func BenchmarkLoginIndex(b *testing.B) {
	f, err := officefix.Build(benchRoot())
	if err != nil {
		b.Fatal(err)
	}
	path, key := floorDB(b, f)
	var floorT, vaultT, floorCPU, vaultCPU time.Duration
	var floorMB, vaultMB float64
	for range b.N {
		runtime.GC()
		debug.FreeOSMemory()
		peak := peakRSS()
		t0, c0 := time.Now(), cpuTime()
		n, err := floorLoad(path, key)
		if err != nil || n != officefix.Records {
			b.Fatalf("floor: %d records, %v", n, err)
		}
		floorT, floorCPU = floorT+time.Since(t0), floorCPU+cpuTime()-c0
		floorMB = max(floorMB, peak())

		runtime.GC()
		debug.FreeOSMemory()
		peak = peakRSS()
		t1, c1 := time.Now(), cpuTime()
		v, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		off := office.New(v)
		if err := off.Load(); err != nil {
			b.Fatal(err)
		}
		vaultT, vaultCPU = vaultT+time.Since(t1), vaultCPU+cpuTime()-c1
		vaultMB = max(vaultMB, peak())
		if got := len(off.Search("株式会社", 20)); got != 20 {
			b.Fatalf("search after load: %d hits", got)
		}
		v.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(floorT.Milliseconds())/n, "floor-ms")
	b.ReportMetric(float64(vaultT.Milliseconds())/n, "vault-ms")
	b.ReportMetric(float64(vaultT)/float64(floorT), "ratio")
	b.ReportMetric(float64(floorCPU.Milliseconds())/n, "floor-cpu-ms")
	b.ReportMetric(float64(vaultCPU.Milliseconds())/n, "vault-cpu-ms")
	b.ReportMetric(floorMB, "floor-peak-MB")
	b.ReportMetric(vaultMB, "vault-peak-MB")
}

// BenchmarkPollUpdate: what the window's poll does after a sync that
// brought a few ops from another PC — office.Update of the changed
// targets (two people, a client and its people renamed, a client whose
// key changed: its whole file) — beside office.Load, the full rebuild every
// such poll did before, in the same run, on the 110,000-record fixture.
// Target: update-ms < 50; an access-log-only import costs nothing.
//
//	KINKO_BENCH_DIR=… go test ./core/office -run '^$' -bench PollUpdate -benchtime 20x
func BenchmarkPollUpdate(b *testing.B) {
	f, err := officefix.Build(benchRoot())
	if err != nil {
		b.Fatal(err)
	}
	v, err := f.Open()
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	off := office.New(v)
	t0 := time.Now()
	if err := off.Load(); err != nil {
		b.Fatal(err)
	}
	load := time.Since(t0)
	ids := make([]string, 0, 3)
	for id := range off.ClientNames() {
		if ids = append(ids, id); len(ids) == 3 {
			break
		}
	}
	changed := []string{records.ClientTarget(ids[0]), records.PersonTarget(ids[1], "p01"), records.PersonTarget(ids[1], "p02"),
		access.ClientScope(ids[2])}
	var upd time.Duration
	for b.Loop() {
		t1 := time.Now()
		if err := off.Update(changed); err != nil {
			b.Fatal(err)
		}
		upd += time.Since(t1)
		if err := off.Update(nil); err != nil { // a log-only import
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(upd.Microseconds())/float64(b.N)/1000, "update-ms")
	b.ReportMetric(float64(load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(load)/(float64(upd)/float64(b.N)), "load/update")
}

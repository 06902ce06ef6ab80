// Command backupbench is the Go side of bench/backup.sh: it generates the
// office-like folder and its "next day", drives core/backup the way the
// app does (Create, Open with a cache folder, Snapshot of the source with
// the default excludes, Restore of the newest snapshot), checks restores
// byte for byte, and writes the comparison table with restic.
//
//	backupbench gen      -dir D -size 2G -seed 1
//	backupbench mutate   -dir D -seed 1 [-changed F]
//	backupbench create   -dest D
//	backupbench backup   -dest D -cache C -src S [-changed F] [-cpuprofile F] [-memprofile F]
//	backupbench restore  -dest D -cache C -target T [-cpuprofile F]
//	backupbench compare  -src S -restored R
//	backupbench excludes
//	backupbench report   -dir W
//
// The repository password is fixed (64 hex characters, as the app's);
// this is a benchmark, not a vault.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
)

const password = "6b696e6b6f2d62656e63682d70617373776f72642d6e6f742d612d7365637265"

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	fl := flag.NewFlagSet(cmd, flag.ExitOnError)
	dir := fl.String("dir", "", "folder")
	size := fl.String("size", "2G", "size of the generated folder (K, M, G suffixes)")
	seed := fl.Uint64("seed", 1, "seed")
	dest := fl.String("dest", "", "backup destination")
	cache := fl.String("cache", "", "cache folder")
	src := fl.String("src", "", "source folder")
	target := fl.String("target", "", "restore target")
	restored := fl.String("restored", "", "restored folder")
	prof := fl.String("cpuprofile", "", "write a CPU profile")
	memprof := fl.String("memprofile", "", "write an allocation profile at the end (go tool pprof -sample_index=alloc_space)")
	changed := fl.String("changed", "", "backup: a file listing the changed folders, one a line (what the watcher reports; an empty file: nothing changed); needs -tags watcher. mutate: write that file")
	_ = fl.Parse(args)
	// KINKO_BENCH_MEMLIMIT=96MiB: a soft memory limit for the process, as
	// a caller (the CLI process, or the app during a run) may set; not
	// GOMEMLIMIT, which restic (also Go) would read too.
	if v := os.Getenv("KINKO_BENCH_MEMLIMIT"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSuffix(v, "MiB"), 10, 64)
		check(err)
		debug.SetMemoryLimit(n << 20)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	start := time.Now()
	var out any
	switch cmd {
	case "gen":
		n, err := parseSize(*size)
		check(err)
		check(generate(*dir, *seed, n))
		files, bytes, err := treeSize(*dir)
		check(err)
		out = map[string]int64{"files": files, "bytes": bytes}
	case "mutate":
		m, err := mutate(*dir, *seed)
		check(err)
		if *changed != "" {
			check(os.WriteFile(*changed, []byte(strings.Join(m.Dirs, "\n")+"\n"), 0o644))
		}
		out = m
	case "create":
		check(backup.Create(ctx, *dest, password))
	case "backup":
		out = runBackup(ctx, *dest, *cache, *src, *changed)
	case "restore":
		out = runRestore(ctx, *dest, *cache, *target)
	case "compare":
		files, bytes, err := compare(*src, *restored)
		check(err)
		out = map[string]int64{"files": files, "bytes": bytes}
	case "excludes":
		for _, p := range backup.DefaultExcludes {
			fmt.Println(p)
		}
		return
	case "report":
		check(report(os.Stdout, *dir))
		return
	default:
		usage()
	}
	if *memprof != "" {
		f, err := os.Create(*memprof)
		check(err)
		check(pprof.Lookup("allocs").WriteTo(f, 0))
		check(f.Close())
	}
	res := map[string]any{"cmd": cmd, "seconds": time.Since(start).Seconds(), "result": out}
	for k, v := range selfStats() {
		res[k] = v
	}
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: backupbench gen|mutate|create|backup|restore|compare|excludes|report [flags] (see bench/README.md)")
	os.Exit(2)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "backupbench:", err)
		os.Exit(1)
	}
}

// open is how the app opens a destination: the repository password and
// this PC's cache folder for the destination.
func open(ctx context.Context, dest, cache string) *backup.Repo {
	r, err := backup.Open(ctx, dest, password, backup.Options{CacheDir: cache, Host: "bench-pc", User: "kinko"})
	check(err)
	return r
}

// phases times the parts of a run: opening the repository, the work,
// closing it.
type phases struct {
	Open, Work, Close float64 // seconds
	t                 time.Time
}

func (p *phases) lap(d *float64) {
	now := time.Now()
	*d = now.Sub(p.t).Seconds()
	p.t = now
}

type backupOut struct {
	Snapshot *backup.Snapshot
	Phases   *phases
}

func runBackup(ctx context.Context, dest, cache, src, changed string) backupOut {
	source := backup.Source{Path: src, Tags: map[string]string{"plan": "bench"}}
	if changed != "" {
		b, err := os.ReadFile(changed)
		check(err)
		dirs := []string{}
		for _, d := range strings.Split(string(b), "\n") {
			if d = strings.TrimSpace(d); d != "" {
				dirs = append(dirs, strings.TrimPrefix(d, "."))
			}
		}
		check(setChanged(&source, dirs))
	}
	p := &phases{t: time.Now()}
	r := open(ctx, dest, cache)
	p.lap(&p.Open)
	s, err := r.Snapshot(ctx, source, nil)
	check(err)
	p.lap(&p.Work)
	check(r.Close(ctx))
	p.lap(&p.Close)
	s.Errors = nil
	return backupOut{s, p}
}

type restoreOut struct {
	Result *backup.RestoreResult
	Phases *phases
}

func runRestore(ctx context.Context, dest, cache, target string) restoreOut {
	p := &phases{t: time.Now()}
	r := open(ctx, dest, cache)
	p.lap(&p.Open)
	snaps, err := r.Snapshots(ctx)
	check(err)
	if len(snaps) == 0 {
		check(errors.New("no snapshot"))
	}
	res, err := r.Restore(ctx, snaps[0].ID, "", target, nil)
	check(err)
	p.lap(&p.Work)
	check(r.Close(ctx))
	p.lap(&p.Close)
	return restoreOut{res, p}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(f * float64(mult)), nil
}

func excluded(name string) bool {
	for _, p := range backup.DefaultExcludes {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// walkFiles lists the regular files under dir (slash paths), without the
// excluded ones.
func walkFiles(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if excluded(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = info.Size()
		}
		return nil
	})
	return out, err
}

func treeSize(dir string) (files, bytes int64, err error) {
	m, err := walkFiles(dir)
	for _, n := range m {
		files++
		bytes += n
	}
	return files, bytes, err
}

// compare checks that restored holds exactly the source's files (minus
// the excluded ones), byte for byte.
func compare(src, restored string) (files, bytes int64, err error) {
	a, err := walkFiles(src)
	if err != nil {
		return 0, 0, err
	}
	b, err := walkFiles(restored)
	if err != nil {
		return 0, 0, err
	}
	for rel := range b {
		if _, ok := a[rel]; !ok {
			return 0, 0, fmt.Errorf("restored has an extra file %s", rel)
		}
	}
	for _, rel := range sortedKeys(a) {
		if _, ok := b[rel]; !ok {
			return 0, 0, fmt.Errorf("restore lacks %s", rel)
		}
		ha, err := hashFile(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			return 0, 0, err
		}
		hb, err := hashFile(filepath.Join(restored, filepath.FromSlash(rel)))
		if err != nil {
			return 0, 0, err
		}
		if ha != hb {
			return 0, 0, fmt.Errorf("restored %s differs", rel)
		}
		files++
		bytes += a[rel]
	}
	return files, bytes, nil
}

func hashFile(p string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(p)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// selfStats: peak memory and the bytes this process caused to be written
// to disk (Linux: /proc/self/io).
func selfStats() map[string]int64 {
	out := map[string]int64{}
	if rss := maxRSS(); rss > 0 {
		out["max_rss_bytes"] = rss
	}
	if b, err := os.ReadFile("/proc/self/io"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ": ")
			if ok && (k == "write_bytes" || k == "read_bytes" || k == "cancelled_write_bytes") {
				n, _ := strconv.ParseInt(v, 10, 64)
				out["io_"+k] = n
			}
		}
	}
	return out
}

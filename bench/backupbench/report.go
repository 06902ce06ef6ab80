package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// timing is what /usr/bin/time -v says about one step.
type timing struct {
	wall, user, sys float64 // seconds
	rss             int64   // bytes
	written         int64   // bytes (file system outputs × 512)
	ok              bool
}

func readTiming(p string) timing {
	var t timing
	f, err := os.Open(p)
	if err != nil {
		return t
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		i := strings.LastIndex(line, ": ")
		if i < 0 {
			continue
		}
		k, v := line[:i], line[i+2:]
		switch {
		case strings.HasPrefix(k, "Elapsed (wall clock) time"):
			t.wall, t.ok = clock(v), true
		case k == "User time (seconds)":
			t.user, _ = strconv.ParseFloat(v, 64)
		case k == "System time (seconds)":
			t.sys, _ = strconv.ParseFloat(v, 64)
		case k == "Maximum resident set size (kbytes)":
			n, _ := strconv.ParseInt(v, 10, 64)
			t.rss = n * 1024
		case k == "File system outputs":
			n, _ := strconv.ParseInt(v, 10, 64)
			t.written = n * 512
		}
	}
	return t
}

// clock parses h:mm:ss or m:ss.ss.
func clock(v string) float64 {
	var s float64
	for _, part := range strings.Split(v, ":") {
		f, _ := strconv.ParseFloat(part, 64)
		s = s*60 + f
	}
	return s
}

func readFigures(p string) map[string]string {
	m := map[string]string{}
	b, err := os.ReadFile(p)
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

func num(m map[string]string, k string) int64 {
	n, _ := strconv.ParseInt(m[k], 10, 64)
	return n
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// report writes the comparison table from the files bench/backup.sh left
// in dir: <tool>-<step>.time (GNU time -v) and figures (key=value).
func report(w io.Writer, dir string) error {
	fig := readFigures(filepath.Join(dir, "figures"))
	steps := []string{"initial", "incremental", "nochange", "restore"}
	t := map[string]timing{}
	for _, tool := range []string{"kinko", "restic"} {
		for _, s := range steps {
			t[tool+"-"+s] = readTiming(filepath.Join(dir, tool+"-"+s+".time"))
		}
	}
	fmt.Fprintf(w, "Backup benchmark, %s UTC: SIZE=%s SEED=%s, %s files, %s; page cache: %s; %s; load before %s, after %s\n\n",
		fig["date"], fig["size"], fig["seed"], fig["files"], mb(num(fig, "bytes")), fig["cache_mode"], fig["restic_version"], fig["load_before"], fig["load_after"])
	if fig["mutation"] != "" {
		fmt.Fprintf(w, "Next day: %s\n\n", fig["mutation"])
	}
	if fig["kinko_mode"] != "" {
		fmt.Fprintf(w, "Kinko's runs: %s\n\n", fig["kinko_mode"])
	}
	fmt.Fprintln(w, "| measure | Kinko | restic | Kinko / restic | target | |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	var missed []string
	row := func(name, k, r string, ratio, target float64, cmp string) {
		verdict := "met"
		if ratio > target {
			verdict = "**MISSED**"
			missed = append(missed, name)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %.2f | %s %.2f | %s |\n", name, k, r, ratio, cmp, target, verdict)
	}
	secs := func(x timing) string {
		return fmt.Sprintf("%.1f s (cpu %.1f s)", x.wall, x.user+x.sys)
	}
	for _, s := range []struct {
		step, name string
		target     float64
	}{
		{"initial", "initial backup", 0.6},
		{"incremental", "next-day incremental", 0.5},
		{"nochange", "run with nothing changed", 0.1},
		{"restore", "restore of the newest snapshot", 0.8},
	} {
		k, r := t["kinko-"+s.step], t["restic-"+s.step]
		if !k.ok || !r.ok || r.wall == 0 {
			fmt.Fprintf(w, "| %s | (not run) | | | | |\n", s.name)
			continue
		}
		row(s.name+" (time)", secs(k), secs(r), k.wall/r.wall, s.target, "≤")
	}
	kg := num(fig, "kinko_repo_day1") - num(fig, "kinko_repo_day0")
	rg := num(fig, "restic_repo_day1") - num(fig, "restic_repo_day0")
	if rg > 0 {
		row("repository growth, next day", mb(kg), mb(rg), float64(kg)/float64(rg), 0.6, "≤")
	}
	fmt.Fprintf(w, "| repository after day 0 (info) | %s | %s | %.2f | | |\n", mb(num(fig, "kinko_repo_day0")), mb(num(fig, "restic_repo_day0")),
		float64(num(fig, "kinko_repo_day0"))/float64(max(1, num(fig, "restic_repo_day0"))))
	nk := num(fig, "kinko_repo_nochange") - num(fig, "kinko_repo_day1")
	nr := num(fig, "restic_repo_nochange") - num(fig, "restic_repo_day1")
	fmt.Fprintf(w, "| repository growth, nothing changed (info) | %s | %s | | | |\n", mb(nk), mb(nr))
	// Extra local writes of the restore: everything the process wrote
	// beyond the restored files (caches, temporary files).
	for _, tool := range []string{"kinko", "restic"} {
		restored := num(fig, tool+"_restored_bytes")
		x := t[tool+"-restore"]
		if restored == 0 || !x.ok {
			continue
		}
		extra := x.written - restored
		share := float64(extra) / float64(restored)
		cache := num(fig, tool+"_cache_after_restore") - num(fig, tool+"_cache_before_restore")
		line := fmt.Sprintf("| restore: extra local writes, %s | wrote %s for %s restored: %+.1f%% (cache folder after − before: %s) | | | ", tool, mb(x.written), mb(restored), 100*share, mb(cache))
		if tool == "kinko" {
			verdict := "met"
			if share >= 0.10 || float64(cache) >= 0.10*float64(restored) {
				verdict = "**MISSED**"
				missed = append(missed, "restore extra writes")
			}
			fmt.Fprintf(w, "%s< 10%% | %s |\n", line, verdict)
		} else {
			fmt.Fprintf(w, "%s(info) | |\n", line)
		}
	}
	var kr, rr int64
	for _, s := range steps {
		kr, rr = max(kr, t["kinko-"+s].rss), max(rr, t["restic-"+s].rss)
	}
	if rr > 0 {
		row("peak memory (max RSS over the runs)", mb(kr), mb(rr), float64(kr)/float64(rr), 1.2, "≤")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Max RSS per step (Kinko / restic):")
	for _, s := range steps {
		fmt.Fprintf(w, "%s %s / %s; ", s, mb(t["kinko-"+s].rss), mb(t["restic-"+s].rss))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Kinko's steps inside the process (open the repository / the work / close; written to the destination):")
	for _, s := range steps {
		var out struct {
			Result struct {
				Snapshot struct{ Written, Hashed, Cached int64 }
				Phases   struct{ Open, Work, Close float64 }
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, "kinko-"+s+".out"))
		if err != nil || json.Unmarshal(b, &out) != nil {
			continue
		}
		ph := out.Result.Phases
		fmt.Fprintf(w, "%s %.1f / %.1f / %.1f s", s, ph.Open, ph.Work, ph.Close)
		if s != "restore" {
			sn := out.Result.Snapshot
			fmt.Fprintf(w, ", written %s, hashed %s, %d files unchanged", mb(sn.Written), mb(sn.Hashed), sn.Cached)
		}
		fmt.Fprint(w, "; ")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	if len(missed) == 0 {
		fmt.Fprintln(w, "Every target met.")
	} else {
		fmt.Fprintf(w, "Targets missed: %s.\n", strings.Join(missed, "; "))
	}
	return nil
}

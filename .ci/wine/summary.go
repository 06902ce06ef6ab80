// Command summary counts the Windows lane's results (.ci/windows-lane.sh):
// go test's JSON events of each package run under Wine, and the CLI flow's
// "ok"/"FAIL" lines. It checks the skips both ways against the skip list: a
// test that skipped under Wine must be listed, and a listed test of a
// package that ran must have skipped under Wine. It prints the failures,
// then one line "wine: N passed, N failed, N skipped", and exits 1 on any
// failure.
//
// usage: go run .ci/wine/summary.go -skip .ci/wine-skip.txt [-flow log -flow-rc N] pkg.json…
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
)

const module = "github.com/kinko-jp/kinko/"

// skipPrefix is internal/wintest.SkipPrefix.
const skipPrefix = "under Wine: "

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

type result struct {
	action string // pass, fail, skip; "" while running
	output strings.Builder
}

func main() {
	skipFile := flag.String("skip", ".ci/wine-skip.txt", "the skip list")
	flowLog := flag.String("flow", "", "the CLI flow's log")
	flowRC := flag.Int("flow-rc", 0, "the CLI flow's exit code")
	flag.Parse()

	var passed, failed, skipped int
	var problems []string
	fail := func(format string, a ...any) {
		failed++
		problems = append(problems, fmt.Sprintf(format, a...))
	}

	listed, err := readSkipList(*skipFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(1)
	}
	ran := map[string]bool{}          // packages that ran
	wineSkips := map[string]string{}  // "pkg Test" → reason
	otherSkips := map[string]string{} // skipped on Windows itself, or for a missing tool
	finals := map[string]string{}     // "pkg Test" → pass/fail/skip
	for _, file := range flag.Args() {
		pkg, tests, pkgAction, err := readEvents(file)
		if err != nil {
			fail("%s: %v", file, err)
			continue
		}
		ran[pkg] = true
		for name, r := range tests {
			key := pkg + " " + name
			finals[key] = r.action
			switch r.action {
			case "pass":
				passed++
			case "skip":
				skipped++
				if i := strings.Index(r.output.String(), skipPrefix); i >= 0 {
					wineSkips[key] = strings.TrimSpace(strings.SplitN(r.output.String()[i+len(skipPrefix):], "\n", 2)[0])
				} else {
					otherSkips[key] = skipReason(r.output.String())
				}
			case "fail":
				fail("%s %s failed:\n%s", pkg, name, tail(r.output.String(), 40))
			default:
				fail("%s %s never finished (timeout or crash):\n%s", pkg, name, tail(r.output.String(), 40))
			}
		}
		if pkgAction != "pass" && !anyFailed(tests) {
			stderr, _ := os.ReadFile(file + ".stderr")
			fail("%s: the test binary failed outside any test (%q):\n%s", pkg, pkgAction, tail(string(stderr), 40))
		}
	}

	for key, reason := range wineSkips {
		if _, ok := listed[key]; !ok {
			fail("%s skipped under Wine (%s) but is not in %s", key, reason, *skipFile)
		}
	}
	for key := range listed {
		pkg, _, _ := strings.Cut(key, " ")
		if !ran[pkg] {
			continue
		}
		if _, ok := wineSkips[key]; !ok {
			fail("%s is in %s but did not skip under Wine (result %q)", key, *skipFile, finals[key])
		}
	}

	if *flowLog != "" {
		b, err := os.ReadFile(*flowLog)
		if err != nil {
			fail("CLI flow: %v", err)
		}
		var flowFailed int
		for _, line := range strings.Split(string(b), "\n") {
			switch {
			case strings.HasPrefix(line, "ok   "):
				passed++
			case strings.HasPrefix(line, "FAIL "):
				flowFailed++
				fail("CLI flow: %s", strings.TrimPrefix(line, "FAIL "))
			}
		}
		if *flowRC != 0 && flowFailed == 0 {
			fail("CLI flow exited %d", *flowRC)
		}
	}

	sort.Strings(problems)
	for _, p := range problems {
		fmt.Println("FAIL", p)
	}
	for _, k := range slices.Sorted(maps.Keys(otherSkips)) {
		fmt.Printf("skipped: %s: %s\n", k, otherSkips[k])
	}
	for _, k := range slices.Sorted(maps.Keys(wineSkips)) {
		fmt.Printf("skipped under Wine: %s: %s\n", k, wineSkips[k])
	}
	fmt.Printf("wine: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 {
		os.Exit(1)
	}
}

// readSkipList reads "package Test reason…" lines; # starts a comment.
func readSkipList(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	listed := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 3 {
			return nil, fmt.Errorf("%s:%d: want \"package Test reason\"", path, n)
		}
		listed[fields[0]+" "+fields[1]] = strings.Join(fields[2:], " ")
	}
	return listed, sc.Err()
}

// readEvents reads one package's go test JSON: each test's last action and
// output, and the package's own action.
func readEvents(path string) (pkg string, tests map[string]*result, pkgAction string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, "", err
	}
	defer f.Close()
	tests = map[string]*result{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // a line Wine printed itself
		}
		pkg = strings.TrimPrefix(e.Package, module)
		if e.Test == "" {
			if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
				pkgAction = e.Action
			}
			continue
		}
		r := tests[e.Test]
		if r == nil {
			r = &result{}
			tests[e.Test] = r
		}
		switch e.Action {
		case "output":
			r.output.WriteString(e.Output)
		case "pass", "fail", "skip":
			r.action = e.Action
		}
	}
	if pkg == "" {
		return "", nil, "", fmt.Errorf("no test events (the binary did not start?)")
	}
	return pkg, tests, pkgAction, sc.Err()
}

// skipReason is what a skipped test said: its last line of output before
// "--- SKIP", without the file:line in front.
func skipReason(out string) string {
	reason := ""
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "=== ") || strings.HasPrefix(line, "--- ") {
			continue
		}
		if _, after, ok := strings.Cut(line, ": "); ok && strings.Contains(line[:len(line)-len(after)], ".go:") {
			line = after
		}
		reason = line
	}
	return reason
}

func anyFailed(tests map[string]*result) bool {
	for _, r := range tests {
		if r.action != "pass" && r.action != "skip" {
			return true
		}
	}
	return false
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}

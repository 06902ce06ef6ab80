package share_test

import (
	"bytes"
	"context"
	"encoding/json"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The age command-line tools: Debian's (1.1.1, reads a passphrase only from
// the terminal) and the newest, with its batch passphrase plugin, which
// .ci/deps.sh installs into $(go env GOPATH)/bin.
type ageTools struct {
	debian string // /usr/bin/age
	newest string // $(go env GOPATH)/bin/age
	bindir string // where age-plugin-batchpass is
	script string // util-linux script: a terminal for Debian's age
}

func findAgeTools(t *testing.T) ageTools {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the age command-line tools are tested on Linux (Wine starts Linux programs without pipes)")
	}
	var a ageTools
	if _, err := os.Stat("/usr/bin/age"); err == nil {
		a.debian = "/usr/bin/age"
	}
	if p, err := exec.LookPath("script"); err == nil {
		a.script = p
	}
	a.bindir = filepath.Join(build.Default.GOPATH, "bin")
	if _, err := os.Stat(filepath.Join(a.bindir, "age-plugin-batchpass")); err == nil {
		if _, err := os.Stat(filepath.Join(a.bindir, "age")); err == nil {
			a.newest = filepath.Join(a.bindir, "age")
		}
	}
	return a
}

// redacted is output with the passphrase blotted out (the terminal echoes
// what script types before age turns echo off).
func redacted(b []byte, pass string) string {
	return strings.ReplaceAll(string(b), pass, "[passphrase]")
}

// debianAge runs Debian's age in a terminal (script), typing lines.
func (a ageTools) debianAge(t *testing.T, pass string, lines int, args ...string) {
	t.Helper()
	if a.debian == "" || a.script == "" {
		t.Skip("Debian's age (/usr/bin/age) or script is missing: bash .ci/deps.sh test")
	}
	quoted := make([]string, len(args))
	for i, s := range args {
		quoted[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	cmd := exec.Command(a.script, "-qec", a.debian+" "+strings.Join(quoted, " "), "/dev/null")
	cmd.Stdin = strings.NewReader(strings.Repeat(pass+"\n", lines))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("age %s: %v\n%s", strings.Join(args, " "), err, redacted(out, pass))
	}
}

// newestAge runs the newest age with the batch passphrase plugin; the
// passphrase is in the environment, never on the command line.
func (a ageTools) newestAge(t *testing.T, pass string, args ...string) {
	t.Helper()
	if a.newest == "" {
		t.Skip("the newest age and age-plugin-batchpass are missing: bash .ci/deps.sh test")
	}
	cmd := exec.Command(a.newest, args...)
	cmd.Env = append(os.Environ(), "AGE_PASSPHRASE="+pass, "PATH="+a.bindir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("age %s: %v\n%s", strings.Join(args, " "), err, redacted(out, pass))
	}
}

// unzipPython extracts a ZIP with python3's zipfile (any unzip tool).
func unzipPython(t *testing.T, zipPath, dir string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is missing")
	}
	out, err := exec.Command(py, "-m", "zipfile", "-e", zipPath, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("python3 -m zipfile: %v\n%s", err, out)
	}
}

// Kinko's packages open with the age command line and any unzip tool.
func TestAgeToolsOpenKinkoPackages(t *testing.T) {
	tools := findAgeTools(t)
	src := wintest.TempDir(t)
	paths, want := sample(t, src)
	items, err := share.Collect(paths)
	if err != nil {
		t.Fatal(err)
	}
	pass := share.NewPassphrase().Text
	opt := passOpt()
	opt.Passphrase, opt.WorkFactor = pass, 0 // the real work factor
	dir := wintest.TempDir(t)
	pkg := filepath.Join(dir, "送付.age")
	if _, err := share.CreateFile(context.Background(), pkg, items, opt, nil); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, zipPath string) {
		out := filepath.Join(dir, t.Name())
		unzipPython(t, zipPath, out)
		got := tree(t, out)
		if got["manifest.json"] == "" {
			t.Error("no manifest.json")
		}
		for name, b := range want {
			if got["files/"+name] != sum(b) {
				t.Errorf("%s: differs after age and unzip", name)
			}
		}
	}
	t.Run("debian", func(t *testing.T) {
		zipPath := filepath.Join(dir, "debian.zip")
		tools.debianAge(t, pass, 1, "-d", "-o", zipPath, pkg)
		check(t, zipPath)
	})
	t.Run("newest", func(t *testing.T) {
		zipPath := filepath.Join(dir, "newest.zip")
		tools.newestAge(t, pass, "-d", "-j", "batchpass", "-o", zipPath, pkg)
		check(t, zipPath)
	})
}

// makeZipPy writes, to an unseekable stdout, a ZIP in the package layout:
// Deflate with data descriptors, as zip tools that stream do.
const makeZipPy = `
import json, sys, zipfile
spec = json.load(open(sys.argv[1], encoding="utf-8"))
with zipfile.ZipFile(sys.stdout.buffer, "w") as z:
    z.writestr(zipfile.ZipInfo("manifest.json"), open(spec["manifest"], "rb").read(), compress_type=zipfile.ZIP_STORED)
    for name, path in spec["files"]:
        z.write(path, "files/" + name, compress_type=zipfile.ZIP_DEFLATED)
`

// Age files made by the age command line around a ZIP made by python3's
// zipfile, in the package layout, open in Kinko.
func TestKinkoOpensAgeToolPackages(t *testing.T) {
	tools := findAgeTools(t)
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is missing")
	}
	src := wintest.TempDir(t)
	_, want := sample(t, src)
	m := manifest()
	m.Format, m.Version, m.Kind, m.ID, m.Created = share.FormatName, share.FormatVersion, share.KindPackage, share.NewID(), m.Expires.AddDate(-1, 0, 0)
	var files [][2]string
	for name, b := range want {
		p := filepath.Join(src, filepath.FromSlash(name))
		files = append(files, [2]string{name, p})
		m.Files = append(m.Files, share.File{Path: name, Size: int64(len(b)), SHA256: sum(b)})
	}
	mj, _ := json.Marshal(&m)
	writeFile(t, filepath.Join(src, "m.json"), mj)
	spec, _ := json.Marshal(map[string]any{"manifest": filepath.Join(src, "m.json"), "files": files})
	writeFile(t, filepath.Join(src, "spec.json"), spec)
	writeFile(t, filepath.Join(src, "mk.py"), []byte(makeZipPy))
	cmd := exec.Command(py, filepath.Join(src, "mk.py"), filepath.Join(src, "spec.json"))
	var zipBuf, errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &zipBuf, &errBuf // a pipe: unseekable
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3 zipfile: %v\n%s", err, errBuf.String())
	}
	zipPath := filepath.Join(src, "python.zip")
	writeFile(t, zipPath, zipBuf.Bytes())
	if !hasDataDescriptor(zipBuf.Bytes()) {
		t.Fatal("python3 wrote no data descriptor: the test would not test them")
	}

	pass := share.NewPassphrase().Text
	open := func(t *testing.T, pkg string) {
		b := mustRead(t, pkg)
		dir := filepath.Join(wintest.TempDir(t), "受取")
		// Typed loosely, as a person reading the passphrase might.
		loose := strings.ToUpper(strings.ReplaceAll(pass, "-", " "))
		if _, err := share.Extract(context.Background(), bytes.NewReader(b), int64(len(b)), dir,
			share.ExtractOptions{Open: share.OpenOptions{Passphrase: loose}}, nil); err != nil {
			t.Fatalf("Extract: %v", err)
		}
		got := tree(t, dir)
		for name, b := range want {
			if got[name] != sum(b) {
				t.Errorf("%s differs", name)
			}
		}
	}
	t.Run("debian", func(t *testing.T) {
		pkg := filepath.Join(src, "debian.age")
		tools.debianAge(t, pass, 2, "-p", "-o", pkg, zipPath)
		open(t, pkg)
	})
	t.Run("newest", func(t *testing.T) {
		pkg := filepath.Join(src, "newest.age")
		tools.newestAge(t, pass, "-e", "-j", "batchpass", "-o", pkg, zipPath)
		open(t, pkg)
	})
	t.Run("newest armored", func(t *testing.T) {
		pkg := filepath.Join(src, "newest.age.txt")
		tools.newestAge(t, pass, "-e", "-a", "-j", "batchpass", "-o", pkg, zipPath)
		open(t, pkg)
	})
}

// hasDataDescriptor reports whether a local header of the ZIP has flag bit 3.
func hasDataDescriptor(z []byte) bool {
	for i := 0; i+8 < len(z); i++ {
		if z[i] == 'P' && z[i+1] == 'K' && z[i+2] == 3 && z[i+3] == 4 && z[i+6]&0x8 != 0 {
			return true
		}
	}
	return false
}

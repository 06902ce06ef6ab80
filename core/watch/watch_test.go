package watch_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/watch"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// quiet is the tests' quiet period; patience is how long a test waits for
// a Change that must come (generous: Wine and a busy CI are slow).
const (
	quiet    = 300 * time.Millisecond
	patience = 30 * time.Second
)

// start makes the folders dirs under a new temp root and watches it.
func start(t *testing.T, dirs ...string) (string, *watch.Watcher) {
	t.Helper()
	root := wintest.TempDir(t)
	for _, d := range dirs {
		mkdir(t, filepath.Join(root, d))
	}
	w, err := watch.New(root, watch.Options{Quiet: quiet, Excludes: backup.DefaultExcludes})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for the next Change.
func next(t *testing.T, w *watch.Watcher) watch.Change {
	t.Helper()
	select {
	case c, ok := <-w.Changes():
		if !ok {
			t.Fatal("Changes closed")
		}
		return c
	case <-time.After(patience):
		t.Fatalf("no Change within %v", patience)
		return watch.Change{}
	}
}

// await collects Changes until every folder in want has been reported and
// returns all the folders reported meanwhile. A busy machine may split one
// burst of events over two quiet periods; nothing here depends on that.
func await(t *testing.T, w *watch.Watcher, want ...string) []string {
	t.Helper()
	var got []string
	for !containsAll(got, want) {
		c := next(t, w)
		if c.Full {
			t.Fatalf("unexpected Full change %+v", c)
		}
		got = append(got, c.Dirs...)
	}
	slices.Sort(got)
	return slices.Compact(got)
}

func containsAll(got, want []string) bool {
	for _, d := range want {
		if !slices.Contains(got, d) {
			return false
		}
	}
	return true
}

// TestChanges does one thing to a watched tree and checks the folders
// reported: those that must be there, and none a correct watcher would not
// name.
func TestChanges(t *testing.T) {
	tests := []struct {
		name   string
		dirs   []string // made before the watcher starts
		files  []string // written before the watcher starts
		do     func(t *testing.T, root string)
		want   []string
		others []string // may also be reported
	}{
		{
			name: "create a file in the root",
			do:   func(t *testing.T, root string) { write(t, filepath.Join(root, "領収書.pdf"), "x") },
			want: []string{""},
		},
		{
			name:  "modify a nested file",
			dirs:  []string{"顧客/山田"},
			files: []string{"顧客/山田/決算.xlsx"},
			do: func(t *testing.T, root string) {
				write(t, filepath.Join(root, "顧客", "山田", "決算.xlsx"), "changed")
			},
			want: []string{"顧客/山田"},
		},
		{
			name:  "remove a file",
			dirs:  []string{"a/b"},
			files: []string{"a/b/old.csv"},
			do: func(t *testing.T, root string) {
				if err := os.Remove(filepath.Join(root, "a", "b", "old.csv")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"a/b"},
		},
		{
			name:  "move a file between folders",
			dirs:  []string{"a", "c"},
			files: []string{"a/x.pdf"},
			do: func(t *testing.T, root string) {
				if err := os.Rename(filepath.Join(root, "a", "x.pdf"), filepath.Join(root, "c", "y.pdf")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"a", "c"},
		},
		{
			name: "a nested folder made after start, and a file in it",
			do: func(t *testing.T, root string) {
				mkdir(t, filepath.Join(root, "n", "m"))
				write(t, filepath.Join(root, "n", "m", "f.txt"), "x")
			},
			want: []string{"", "n", "n/m"},
		},
		{
			name:  "remove a folder tree",
			dirs:  []string{"a/b/c"},
			files: []string{"a/b/c/f.txt", "a/b/g.txt"},
			do: func(t *testing.T, root string) {
				if err := wintest.RemoveAll(filepath.Join(root, "a", "b")); err != nil {
					t.Fatal(err)
				}
			},
			want:   []string{"a"},
			others: []string{"a/b", "a/b/c"},
		},
		{
			name: "Office lock and thumbnail files do not count",
			dirs: []string{"a"},
			do: func(t *testing.T, root string) {
				write(t, filepath.Join(root, "~$book.xlsx"), "lock")
				write(t, filepath.Join(root, "Thumbs.db"), "x")
				mkdir(t, filepath.Join(root, "~$temp"))
				write(t, filepath.Join(root, "a", "report.tmp"), "x")
				write(t, filepath.Join(root, "a", "book.xlsx"), "x")
			},
			want: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, w := start(t, tt.dirs...)
			for _, f := range tt.files {
				write(t, filepath.Join(root, filepath.FromSlash(f)), "old")
			}
			// Files written before New may still be reported (their
			// events can reach the watch just added).
			others := tt.others
			for _, f := range tt.files {
				others = append(others, parentDir(f))
			}
			tt.do(t, root)
			got := await(t, w, tt.want...)
			for _, d := range got {
				if !slices.Contains(tt.want, d) && !slices.Contains(others, d) {
					t.Errorf("reported %q; want %q", d, tt.want)
				}
			}
		})
	}
}

func parentDir(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

// TestRenamedFolder renames a watched folder and then writes in it: the
// write is reported under the new name, never the old one (the kernel's
// watch keeps its old path unless the watcher replaces it).
func TestRenamedFolder(t *testing.T) {
	root, w := start(t, "a/b/sub")
	if err := os.Rename(filepath.Join(root, "a", "b"), filepath.Join(root, "c")); err != nil {
		t.Fatal(err)
	}
	got := await(t, w, "a", "", "c")
	for _, d := range got {
		if strings.HasPrefix(d, "a/") {
			t.Errorf("reported %q after the rename", d)
		}
	}
	write(t, filepath.Join(root, "c", "sub", "new.xlsx"), "x")
	got = await(t, w, "c/sub")
	if !slices.Equal(got, []string{"c/sub"}) {
		t.Errorf("after writing in the renamed folder: %q, want [c/sub]", got)
	}
}

// TestDebounce writes one file twenty times over more than three quiet
// periods' worth of time, each write well within a quiet period of the
// last: one Change, and no second one for several quiet periods.
func TestDebounce(t *testing.T) {
	const quiet = time.Second
	root := wintest.TempDir(t)
	w, err := watch.New(root, watch.Options{Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	f := filepath.Join(root, "ledger.csv")
	for i := range 20 {
		write(t, f, strconv.Itoa(i))
		time.Sleep(quiet / 5)
	}
	if c := next(t, w); !slices.Equal(c.Dirs, []string{""}) || c.Full {
		t.Errorf("Change %+v, want Dirs [\"\"]", c)
	}
	select {
	case c := <-w.Changes():
		t.Errorf("a second Change %+v", c)
	case <-time.After(4 * quiet):
	}
}

// TestOverflow stalls the watcher while far more events happen than the
// kernel queues (fs.inotify.max_queued_events): the kernel drops events
// and says so, and the next Change is Full.
func TestOverflow(t *testing.T) {
	limit := 0
	if runtime.GOOS == "linux" {
		b, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events")
		if err != nil {
			t.Skip("no inotify queue limit to read:", err)
		}
		limit, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		if limit <= 0 || limit > 1<<20 {
			t.Skipf("max_queued_events is %q: too many events to overflow in a test", b)
		}
	}
	root, w := start(t)
	resume := watch.Pause(w)
	flood(t, root, 2*limit+20000)
	resume()
	if c := next(t, w); !c.Full {
		t.Errorf("Change %+v after an overflow, want Full", c)
	}
	if err := watch.LastError(w); !errors.Is(err, fsnotify.ErrEventOverflow) {
		t.Errorf("the watcher's error was %v, want fsnotify's overflow", err)
	}
}

// flood makes at least n events that the kernel cannot merge (it merges an
// event only with an identical one just before it): writes that alternate
// between two files. On Windows, files with long names fill
// ReadDirectoryChangesW's 64 KiB buffer.
func flood(t *testing.T, root string, n int) {
	t.Helper()
	var fs [2]*os.File
	for i := range fs {
		name := strings.Repeat("長い名前の書類", 10) + strconv.Itoa(i) + ".txt"
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fs[i] = f
	}
	for i := range n {
		if _, err := fs[i%2].Write([]byte{'x'}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWatcherError: any error fsnotify reports may mean lost events, so
// the next Change is Full.
func TestWatcherError(t *testing.T) {
	_, w := start(t)
	watch.InjectError(w, errors.New("read: input/output error"))
	if c := next(t, w); !c.Full {
		t.Errorf("Change %+v after a watcher error, want Full", c)
	}
}

// TestWatchLimit: a folder whose watch cannot be added (inotify's
// max_user_watches reached) makes the next Change Full, and is listed in
// every later Change, since its own changes go unseen.
func TestWatchLimit(t *testing.T) {
	watch.FailWatches(t, func(dir string) error {
		if filepath.Base(dir) == "big" || filepath.Base(dir) == "later" {
			return syscall.ENOSPC
		}
		return nil
	})
	root, w := start(t, "a", "big/sub")
	c := next(t, w)
	if !c.Full || !slices.Equal(c.Dirs, []string{"big"}) {
		t.Errorf("first Change %+v, want Full with Dirs [big]", c)
	}
	if got := w.Unwatched(); !slices.Equal(got, []string{"big"}) {
		t.Errorf("Unwatched = %q, want [big]", got)
	}
	write(t, filepath.Join(root, "a", "f.txt"), "x")
	if got := await(t, w, "a"); !slices.Equal(got, []string{"a", "big"}) {
		t.Errorf("after a write in a: %q, want [a big]", got)
	}
	mkdir(t, filepath.Join(root, "later"))
	if c := next(t, w); !c.Full {
		t.Errorf("Change %+v after a folder could not be watched, want Full", c)
	}
}

// TestSymlinkNotFollowed: a link to a folder outside the tree is an entry,
// not a folder to watch: a change behind it is not reported.
func TestSymlinkNotFollowed(t *testing.T) {
	outside := wintest.TempDir(t)
	root, w := start(t, "a")
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skip("cannot make a symbolic link here:", err)
	}
	await(t, w, "")
	write(t, filepath.Join(outside, "secret.txt"), "x")
	write(t, filepath.Join(root, "a", "f.txt"), "x")
	if got := await(t, w, "a"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("reported %q, want [a]", got)
	}
}

// TestClose: Close ends the watcher's goroutines and closes Changes, and a
// second Close does no harm.
func TestClose(t *testing.T) {
	before := runtime.NumGoroutine()
	root := wintest.TempDir(t)
	mkdir(t, filepath.Join(root, "a", "b"))
	w, err := watch.New(root, watch.Options{Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "a", "f"), "x") // a pending change is dropped
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Error("Changes still open after Close")
	}
	deadline := time.Now().Add(patience)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before New", n, before)
	}
}

// TestNewErrors: New refuses a root that is missing or a file.
func TestNewErrors(t *testing.T) {
	root := wintest.TempDir(t)
	write(t, filepath.Join(root, "file"), "x")
	for _, p := range []string{filepath.Join(root, "missing"), filepath.Join(root, "file")} {
		if w, err := watch.New(p, watch.Options{}); err == nil {
			w.Close()
			t.Errorf("New(%q) succeeded", p)
		}
	}
}

// TestExcluded checks the exclude matcher against the gitignore rules it
// shares with the backup, and that it never excludes what it cannot be
// sure the backup leaves out.
func TestExcluded(t *testing.T) {
	tests := []struct {
		patterns []string
		rel      string
		dir      bool
		want     bool
	}{
		{backup.DefaultExcludes, "~$book.xlsx", false, true},
		{backup.DefaultExcludes, "顧客/~$決算.xlsx", false, true},
		{backup.DefaultExcludes, "a/Thumbs.db", false, true},
		{backup.DefaultExcludes, "a/thumbs.db", false, false}, // Kopia matches case-sensitively
		{backup.DefaultExcludes, "a/book.xlsx", false, false},
		{backup.DefaultExcludes, "a/x.tmp/inner.pdf", false, true},
		{backup.DefaultExcludes, "", true, false},
		{[]string{"cache/"}, "cache", true, true},
		{[]string{"cache/"}, "cache", false, false},
		{[]string{"cache/"}, "a/cache/x", false, true},
		{[]string{"/scans/tmp"}, "scans/tmp/x.pdf", false, true},
		{[]string{"/scans/tmp"}, "a/scans/tmp", true, false},
		{[]string{"*.bak", "!keep.bak"}, "keep.bak", false, false},
		{[]string{"*.bak", "!keep.bak"}, "old.bak", false, true},
		{[]string{"**/*.log"}, "a/b.log", false, false},
		{[]string{"*.log", "!**/keep/*"}, "a/x.log", false, false},
		{[]string{"# comment", " ", "[bad"}, "[bad", false, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, ",")+" "+tt.rel, func(t *testing.T) {
			if got := watch.Excluded(tt.patterns, tt.rel, tt.dir); got != tt.want {
				t.Errorf("excluded(%q, dir=%v) = %v, want %v", tt.rel, tt.dir, got, tt.want)
			}
		})
	}
}

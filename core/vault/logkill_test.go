package vault_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
)

// A PC killed while it writes the access log leaves a log that must still
// verify: no false positives. The writer is the test binary re-executed
// with KINKO_LOG_CHILD set; it runs from init, before TestMain, so that
// it needs nothing from the other child modes.

func init() {
	if os.Getenv("KINKO_LOG_CHILD") != "" {
		os.Exit(logChild())
	}
}

// logChild joins (or reopens) the vault in $KINKO_FOLDER from $KINKO_DATA
// and writes forever: entries as the logged-in user, a record now and
// then, a lock with failed logins (anonymous entries) and a login as the
// other user every 60 entries, a sync every 13. It prints "ack <n>" after
// each acknowledged entry.
func logChild() int {
	opt := vault.Options{DataDir: os.Getenv("KINKO_DATA"), Keys: &keys.Options{WorkFactor: 10}, LockWait: 10 * time.Second, PCName: "k", OSUser: "user-k"}
	v, err := vault.Join(os.Getenv("KINKO_FOLDER"), opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "join:", err)
		return 2
	}
	defer v.Close()
	fmt.Println("ready") // a kill now lands in the login and its checkpoint
	users := []string{"shocho", "tanaka"}
	who := users[0]
	if err := v.Login(who, password(who)); err != nil {
		fmt.Fprintln(os.Stderr, "login:", err)
		return 2
	}
	out := bufio.NewWriter(os.Stdout)
	for n := 0; ; n++ {
		if err := v.Log(audit.Entry{Action: audit.ClientView, Target: "client/c1", Client: "c1", Label: "株式会社あおば", Result: audit.ResultOK, Detail: fmt.Sprint("n=", n)}); err != nil {
			fmt.Fprintln(os.Stderr, "log:", err)
			return 1
		}
		fmt.Fprintf(out, "ack %d\n", n)
		out.Flush()
		switch {
		case n%60 == 59:
			v.Lock()
			who = users[n/60%2]
			if err := v.Log(audit.Entry{Action: audit.LoginFailed, Login: who, Result: "vault.wrong_password"}); err != nil {
				return 1
			}
			if err := v.Login(who, password(who)); err != nil {
				fmt.Fprintln(os.Stderr, "login:", err)
				return 1
			}
		case n%13 == 0:
			v.Sync(nil)
		case n%17 == 0 && who == "shocho": // an op that is not the log's
			if _, err := v.CreateClient(vault.NewClient{Data: []byte("{}")}); err != nil {
				fmt.Fprintln(os.Stderr, "create:", err)
				return 1
			}
		}
	}
}

// TestLogKilledWriter SIGKILLs a PC writing the log at random points,
// round after round on the same replica, and verifies the log after each
// kill from another PC (before and after it imports what the killed PC
// wrote) and, at the end, from the killed PC's replica reopened: never a
// problem. Torn tails and unsigned tails are facts, not faults.
func TestLogKilledWriter(t *testing.T) {
	rounds := 6
	if n, err := strconv.Atoi(os.Getenv("KINKO_LOG_ROUNDS")); err == nil {
		rounds = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("KINKO_LOG_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kill points from KINKO_LOG_SEED=%d (the kill's timing itself does not repeat)", seed)
		}
	})
	rng := rand.New(rand.NewPCG(seed, 0xdead))
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Read)
	sync(t, a)
	total := 0
	for round := range rounds {
		kill := 1 + rng.IntN(250) // entries acknowledged before the kill
		if rng.IntN(6) == 0 {
			kill = 0 // as soon as it has joined
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "KINKO_LOG_CHILD=1", "KINKO_FOLDER="+o.folder, "KINKO_DATA="+o.opts("k").DataDir)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		sc := bufio.NewScanner(stdout)
		acked, ready := 0, false
		for (!ready || acked < kill) && sc.Scan() {
			ready = ready || sc.Text() == "ready"
			if strings.HasPrefix(sc.Text(), "ack ") {
				acked++
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() {
		}
		cmd.Wait()
		if !ready || acked < kill {
			t.Fatalf("round %d: the writer stopped after %d entries", round, acked)
		}
		total += acked
		for _, step := range []string{"before import", "after import"} {
			if step == "after import" {
				sync(t, a)
			}
			rep := verifyLog(t, a)
			if !rep.OK() {
				t.Fatalf("round %d (killed after %d entries), %s: %+v", round, kill, step, rep.Problems)
			}
		}
	}
	// The killed PC's own view, with what it never wrote to the folder.
	sums, err := vault.Known(o.opts("k").DataDir)
	must(t, err)
	k, err := vault.Open(sums[0].ID, o.opts("k"))
	must(t, err)
	o.cleanup(k, "k")
	login(t, k, "shocho") // the recover checkpoint
	for _, step := range []string{"reopened", "synced"} {
		if step == "synced" {
			sync(t, k, a)
		}
		for _, v := range []*vault.Vault{k, a} {
			rep := verifyLog(t, v)
			if !rep.OK() {
				t.Fatalf("%s, from %s: %+v", step, v.Device(), rep.Problems)
			}
			if step == "synced" && rep.Entries < total {
				t.Fatalf("%d entries in the log, %d acknowledged", rep.Entries, total)
			}
		}
	}
	t.Logf("%d rounds, %d entries acknowledged", rounds, total)
}

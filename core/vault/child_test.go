package vault_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
)

// Child processes: the test binary re-executed with KINKO_VAULT_CHILD set
// plays one PC, so crash and two-process tests use real separate processes
// (separate bbolt locks, separate device ids) on one vault folder.

func TestMain(m *testing.M) {
	switch mode := os.Getenv("KINKO_VAULT_CHILD"); mode {
	case "":
	case "diskfull":
		os.Exit(diskFullChild())
	case "diskfullbatch":
		os.Exit(diskFullBatchChild())
	default:
		os.Exit(child(mode))
	}
	os.Exit(m.Run())
}

// child joins the vault in $KINKO_FOLDER from data folder $KINKO_DATA,
// logs in as $KINKO_LOGIN with the password in $KINKO_PASSWORD and writes
// records, printing "ack <target> <op>" after each acknowledged write.
//
//	mode "writer": creates clients (each one's record holding its own target) forever, syncing every 7 writes
//	mode "editor": edits the shared records client/<id> for the ids in $KINKO_SHARED $KINKO_ROUNDS times, syncing after each
func child(mode string) int {
	opt := vault.Options{DataDir: os.Getenv("KINKO_DATA"), Keys: &keys.Options{WorkFactor: 10}, LockWait: 10 * time.Second}
	v, err := vault.Join(os.Getenv("KINKO_FOLDER"), opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "join:", err)
		return 2
	}
	defer v.Close()
	if err := v.Login(os.Getenv("KINKO_LOGIN"), []byte(os.Getenv("KINKO_PASSWORD"))); err != nil {
		fmt.Fprintln(os.Stderr, "login:", err)
		return 2
	}
	out := bufio.NewWriter(os.Stdout)
	ack := func(target, op string) {
		fmt.Fprintf(out, "ack %s %s\n", target, op)
		out.Flush()
	}
	prefix := os.Getenv("KINKO_PREFIX")
	switch mode {
	case "writer":
		for n := 0; ; n++ {
			id, err := v.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) { return []byte("client/" + id), nil }})
			if err != nil {
				fmt.Fprintln(os.Stderr, "create:", err)
				return 1
			}
			target := "client/" + id
			r, err := v.Get(target)
			if err != nil {
				fmt.Fprintln(os.Stderr, "get:", err)
				return 1
			}
			ack(target, r.Versions[0].Op)
			if n%7 == 0 {
				v.Sync(nil)
			}
		}
	case "editor":
		rounds, _ := strconv.Atoi(os.Getenv("KINKO_ROUNDS"))
		shared := strings.Fields(os.Getenv("KINKO_SHARED"))
		for i := range rounds {
			v.Sync(nil)
			target := "client/" + shared[i%len(shared)]
			r, err := v.Get(target)
			if err != nil {
				fmt.Fprintln(os.Stderr, "get:", err)
				return 1
			}
			id, err := v.Put(target, r.Heads(), []byte(fmt.Sprintf("%s round %d", prefix, i)))
			if errors.Is(err, vault.ErrStale) {
				continue
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "put:", err)
				return 1
			}
			ack(target, id)
		}
		if _, err := v.Sync(nil); err != nil {
			fmt.Fprintln(os.Stderr, "sync:", err)
			return 1
		}
	}
	return 0
}

// startChild runs the test binary as a child PC.
func startChild(t testing.TB, o *office, pc, mode, prefix string, extra ...string) (*exec.Cmd, *bufio.Scanner) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		"KINKO_VAULT_CHILD="+mode,
		"KINKO_FOLDER="+o.folder,
		"KINKO_DATA="+o.opts(pc).DataDir,
		"KINKO_LOGIN=shocho",
		"KINKO_PASSWORD="+adminPass,
		"KINKO_PREFIX="+prefix,
	)
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stdout)
}

// acks reads "ack <target> <op>" lines until EOF.
func acks(sc *bufio.Scanner) map[string]string {
	got := map[string]string{}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "ack" {
			got[f[2]] = f[1]
		}
	}
	return got
}

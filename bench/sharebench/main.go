// Command sharebench drives core/share for bench/share.sh: the same Create
// and Extract the app calls, one step per run so that /usr/bin/time measures
// each step's wall time and peak memory on its own.
//
//	sharebench gen BYTES FILE     random, incompressible bytes (a .bin is stored)
//	sharebench keygen KEY         an X25519 identity for the age CLI reference; prints its recipient
//	sharebench scrypt             seconds of one scrypt at share.WorkFactor (to subtract)
//	sharebench hash FILE          SHA-256, CRC-32 and size of FILE, as the scan computes
//	                              them, into FILE.sum
//	sharebench create FILE PKG    share.CreateFile with FILE.sum's hashes (as the app
//	                              gives the scan's), hashing FILE first without FILE.sum
//	sharebench open PKG DIR       share.Extract into DIR
//
// The passphrase is taken from $SHAREBENCH_PASS, never from the command line.
// With $SHAREBENCH_IDENTITY (a file from keygen) create and open use that
// X25519 key instead (CreateOptions.Recipients, OpenOptions.Identities: the
// return packages' path, the same streaming code without scrypt).
// $SHAREBENCH_CPUPROFILE=file writes a CPU profile of the run.
// Each step prints one line "step seconds=<s> [hash=<s>]"; its time is measured
// inside the program, from the call to its return.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/scrypt"

	"github.com/kinko-jp/kinko/core/share"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: sharebench gen|keygen|scrypt|create|open ...")
	}
	if p := os.Getenv("SHAREBENCH_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fail(err.Error())
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var err error
	switch args := os.Args[2:]; os.Args[1] {
	case "gen":
		err = gen(args)
	case "keygen":
		err = keygen(args)
	case "scrypt":
		start := time.Now()
		_, err = scrypt.Key([]byte("bench"), []byte("age-encryption.org/v1/scrypt0123456789abcdef"), 1<<share.WorkFactor, 8, 1, 32)
		fmt.Printf("scrypt seconds=%.3f\n", time.Since(start).Seconds())
	case "hash":
		err = hashStep(args)
	case "create":
		err = create(args)
	case "open":
		err = open(args)
	default:
		err = fmt.Errorf("unknown step %q", os.Args[1])
	}
	if err != nil {
		pprof.StopCPUProfile()
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "sharebench:", msg)
	os.Exit(1)
}

func need(args []string, n int) error {
	if len(args) != n {
		return fmt.Errorf("%d arguments, want %d", len(args), n)
	}
	return nil
}

func gen(args []string) error {
	if err := need(args, 2); err != nil {
		return err
	}
	size, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return err
	}
	f, err := os.Create(args[1])
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, rand.Reader, size); err != nil {
		return err
	}
	return f.Close()
}

func keygen(args []string) error {
	if err := need(args, 1); err != nil {
		return err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	if err := os.WriteFile(args[0], []byte(id.String()+"\n"), 0o600); err != nil {
		return err
	}
	fmt.Println(id.Recipient().String())
	return nil
}

// stepArgs checks a create or open step's two arguments and returns the
// passphrase and the X25519 key to use instead, if any.
func stepArgs(args []string) (string, *age.X25519Identity, error) {
	if err := need(args, 2); err != nil {
		return "", nil, err
	}
	p := os.Getenv("SHAREBENCH_PASS")
	if p == "" {
		return "", nil, fmt.Errorf("SHAREBENCH_PASS is not set")
	}
	id, err := identity()
	return p, id, err
}

// hashStep writes FILE.sum: "sha256 crc32 size".
func hashStep(args []string) error {
	if err := need(args, 1); err != nil {
		return err
	}
	start := time.Now()
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	h, c := sha256.New(), crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(h, c), f)
	if err != nil {
		return err
	}
	sum := fmt.Sprintf("%s %d %d\n", hex.EncodeToString(h.Sum(nil)), c.Sum32(), n)
	if err := os.WriteFile(args[0]+".sum", []byte(sum), 0o644); err != nil {
		return err
	}
	fmt.Printf("hash seconds=%.3f\n", time.Since(start).Seconds())
	return nil
}

// readSum is the Item of FILE with the hashes in FILE.sum.
func readSum(p string) (share.Item, error) {
	it := share.Item{Path: p, Name: filepath.Base(p)}
	b, err := os.ReadFile(p + ".sum")
	if err != nil {
		return it, err
	}
	_, err = fmt.Sscanf(string(b), "%s %d %d", &it.SHA256, &it.CRC32, &it.Size)
	return it, err
}

// identity is the X25519 key in $SHAREBENCH_IDENTITY, or nil.
func identity() (*age.X25519Identity, error) {
	p := os.Getenv("SHAREBENCH_IDENTITY")
	if p == "" {
		return nil, nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return age.ParseX25519Identity(strings.TrimSpace(string(b)))
}

func create(args []string) error {
	pass, id, err := stepArgs(args)
	if err != nil {
		return err
	}
	// The scan reads every file once for size, SHA-256 and CRC-32 (its own
	// bench); Create gets them, as in the app.
	it, err := readSum(args[0])
	if err != nil {
		return err
	}
	items := []share.Item{it}
	exp := time.Now().AddDate(0, 0, 7)
	opt := share.CreateOptions{Passphrase: pass, Manifest: share.Manifest{Office: "bench", Expires: &exp}}
	if id != nil {
		opt.Recipients = []age.Recipient{id.Recipient()}
	}
	start := time.Now()
	if _, err := share.CreateFile(context.Background(), args[1], items, opt, nil); err != nil {
		return err
	}
	fmt.Printf("create seconds=%.3f\n", time.Since(start).Seconds())
	return nil
}

func open(args []string) error {
	pass, id, err := stepArgs(args)
	if err != nil {
		return err
	}
	start := time.Now()
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	opt := share.ExtractOptions{Open: share.OpenOptions{Passphrase: pass}, Conflict: share.ConflictOverwrite}
	if id != nil {
		opt.Open.Identities = []age.Identity{id}
	}
	if _, err := share.Extract(context.Background(), f, st.Size(), args[1], opt, nil); err != nil {
		return err
	}
	fmt.Printf("open seconds=%.3f\n", time.Since(start).Seconds())
	return nil
}

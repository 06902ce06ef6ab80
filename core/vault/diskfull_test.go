//go:build linux

package vault_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestDiskFull puts the vault folder on a real, tiny tmpfs (in a private
// mount namespace: `unshare -rm`) and fills it. Edits must still be
// acknowledged (the replica is on another disk), sync must report the full
// disk and keep the outbox, and once space is freed everything must arrive.
// Then the mount disappears like an unplugged NAS.
func TestDiskFull(t *testing.T) { inMountNamespace(t, "diskfull") }

// inMountNamespace runs this test binary as child mode in a private mount
// namespace (`unshare -rm`), where it may mount a tmpfs, and expects it to
// print "<mode> ok".
func inMountNamespace(t *testing.T, mode string) {
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("unshare not installed")
	}
	dir := wintest.TempDir(t)
	cmd := exec.Command("unshare", "-rm", os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KINKO_VAULT_CHILD="+mode, "KINKO_DATA="+dir)
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "cannot mount") || (err != nil && strings.Contains(string(out), "unshare:")) {
		t.Skipf("no private tmpfs here: %s", strings.TrimSpace(string(out)))
	}
	if err != nil || !strings.Contains(string(out), mode+" ok") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// mountTmpfs mounts a tmpfs of size at $KINKO_DATA/nas in the child and
// returns the mount point, or "" (having said "cannot mount") if it cannot.
func mountTmpfs(size string) string {
	mnt := filepath.Join(os.Getenv("KINKO_DATA"), "nas")
	os.MkdirAll(mnt, 0o700)
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size="+size); err != nil {
		fmt.Println("cannot mount:", err)
		return ""
	}
	return mnt
}

// failer returns a child's way to fail: it prints why, prefixed with the
// mode, and returns exit status 1.
func failer(mode string) func(format string, a ...any) int {
	return func(format string, a ...any) int {
		fmt.Printf(mode+": "+format+"\n", a...)
		return 1
	}
}

// diskFullChild runs inside the private mount namespace.
func diskFullChild() int {
	fail := failer("diskfull")
	base := os.Getenv("KINKO_DATA")
	mnt := mountTmpfs("256k")
	if mnt == "" {
		return 0
	}
	folder := filepath.Join(mnt, "vault")
	opt := vault.Options{DataDir: filepath.Join(base, "pc-a"), Keys: &keys.Options{WorkFactor: 10}}
	v, _, err := vault.Create(folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte(adminPass), Handler: true}, opt)
	if err != nil {
		return fail("create: %v", err)
	}
	defer v.Close()
	// Fill the disk.
	filler, _ := os.Create(filepath.Join(mnt, "filler"))
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	var ids []string
	for range 20 {
		id, err := v.CreateClient(vault.NewClient{Data: []byte(strings.Repeat("顧問先", 100))})
		if err != nil {
			return fail("edit while the folder's disk is full: %v", err)
		}
		ids = append(ids, id)
	}
	if _, err := v.Sync(nil); !errors.Is(err, journal.ErrDiskFull) {
		return fail("sync on a full disk: %v, want ErrDiskFull", err)
	}
	if st := v.Status(); st.Outbox == 0 || st.Reachable || !st.FolderFull {
		return fail("status on a full disk: %+v", st)
	}
	leftovers, _ := filepath.Glob(filepath.Join(folder, "journal", v.Device(), "*"))
	for _, f := range leftovers {
		if !strings.HasSuffix(f, ".seg") {
			return fail("temp file left behind: %s", filepath.Base(f))
		}
	}
	os.Remove(filepath.Join(mnt, "filler"))
	if _, err := v.Sync(nil); err != nil {
		return fail("sync after freeing space: %v", err)
	}
	b, err := vault.Join(folder, vault.Options{DataDir: filepath.Join(base, "pc-b"), Keys: opt.Keys})
	if err != nil {
		return fail("join: %v", err)
	}
	defer b.Close()
	if err := b.Login("shocho", []byte(adminPass)); err != nil {
		return fail("login: %v", err)
	}
	for i, id := range ids {
		if _, err := b.Get("client/" + id); err != nil {
			return fail("client %d lost: %v", i, err)
		}
	}
	// Now the share goes away altogether (an unplugged NAS): edits are
	// still acknowledged, sync reports it, and nothing is written into the
	// empty mount point as if it were the vault.
	if err := syscall.Unmount(mnt, syscall.MNT_DETACH); err != nil {
		return fail("unmount: %v", err)
	}
	if _, err := v.CreateClient(vault.NewClient{Data: []byte("x")}); err != nil {
		return fail("edit with the share gone: %v", err)
	}
	if _, err := v.Sync(nil); !errors.Is(err, journal.ErrUnavailable) {
		return fail("sync with the share gone: %v, want ErrUnavailable", err)
	}
	if st := v.Status(); st.FolderFull {
		return fail("status with the share gone says the disk is full: %+v", st)
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 0 {
		return fail("the vault was recreated on the bare mount point")
	}
	fmt.Println("diskfull ok")
	return 0
}

// TestDiskFullBatch: an import of several segments meets a full vault
// folder. The flush writes what fits and stops; the other PC must show
// none of the import, however many of its segments are in the folder, and
// all of it once the disk has room again. The space is freed a little at a
// time, so the flush stops after one segment, then after another.
func TestDiskFullBatch(t *testing.T) { inMountNamespace(t, "diskfullbatch") }

// diskFullBatchChild runs inside the private mount namespace.
func diskFullBatchChild() int {
	fail := failer("diskfullbatch")
	base := os.Getenv("KINKO_DATA")
	mnt := mountTmpfs("8m")
	if mnt == "" {
		return 0
	}
	folder := filepath.Join(mnt, "vault")
	kopt := &keys.Options{WorkFactor: 10}
	a, _, err := vault.Create(folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte(adminPass), Handler: true}, vault.Options{DataDir: filepath.Join(base, "pc-a"), Keys: kopt})
	if err != nil {
		return fail("create: %v", err)
	}
	defer a.Close()
	if _, err := a.Sync(nil); err != nil {
		return fail("sync: %v", err)
	}
	b, err := vault.Join(folder, vault.Options{DataDir: filepath.Join(base, "pc-b"), Keys: kopt})
	if err != nil {
		return fail("join: %v", err)
	}
	defer b.Close()
	if err := b.Login("shocho", []byte(adminPass)); err != nil {
		return fail("login: %v", err)
	}
	count := func(v *vault.Vault) int {
		recs, _ := v.List("client/")
		return len(recs)
	}
	segments := func() int {
		files, _ := filepath.Glob(filepath.Join(folder, "journal", a.Device(), "*.seg"))
		return len(files)
	}
	before := segments()
	const n = 700
	err = a.Batch(func(w *vault.Batch) error {
		for i := range n {
			if _, err := w.CreateClient(vault.NewClient{Data: fmt.Appendf(nil, `{"name":"顧問先 %d","notes":"%s"}`, i, strings.Repeat("備考", 40))}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fail("batch: %v", err)
	}
	// Fill the disk with 64 KiB files, then free them one by one.
	var fillers []string
	chunk := make([]byte, 64<<10)
	for i := 0; ; i++ {
		name := filepath.Join(mnt, fmt.Sprintf("filler-%03d", i))
		if err := os.WriteFile(name, chunk, 0o600); err != nil {
			os.Remove(name)
			break
		}
		fillers = append(fillers, name)
	}
	partial := 0 // rounds that stopped with some of the batch's segments in the folder
	for {
		_, err := a.Sync(nil)
		if err != nil && !errors.Is(err, journal.ErrDiskFull) {
			return fail("sync of the writer: %v", err)
		}
		if _, err := b.Sync(nil); err != nil {
			return fail("sync of the reader: %v", err)
		}
		got := count(b)
		if err == nil {
			if got != n {
				return fail("after the writer's whole batch the reader shows %d of %d clients", got, n)
			}
			break
		}
		if got != 0 {
			return fail("with %d of the batch's segments in the folder the reader shows %d of %d clients", segments()-before, got, n)
		}
		if st := a.Status(); !st.FolderFull {
			return fail("status on a full disk: %+v", st)
		}
		if segments() > before {
			partial++
		}
		if len(fillers) == 0 {
			return fail("the batch does not fit although the disk is empty")
		}
		os.Remove(fillers[len(fillers)-1])
		fillers = fillers[:len(fillers)-1]
	}
	if partial == 0 || segments()-before < 2 {
		return fail("the disk never stopped the flush midway (%d partial rounds, %d segments)", partial, segments()-before)
	}
	fmt.Println("diskfullbatch ok")
	return 0
}

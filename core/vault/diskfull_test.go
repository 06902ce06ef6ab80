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
func TestDiskFull(t *testing.T) {
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("unshare not installed")
	}
	dir := wintest.TempDir(t)
	cmd := exec.Command("unshare", "-rm", os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KINKO_VAULT_CHILD=diskfull", "KINKO_DATA="+dir)
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "cannot mount") || (err != nil && strings.Contains(string(out), "unshare:")) {
		t.Skipf("no private tmpfs here: %s", strings.TrimSpace(string(out)))
	}
	if err != nil || !strings.Contains(string(out), "diskfull ok") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// diskFullChild runs inside the private mount namespace.
func diskFullChild() int {
	fail := func(format string, a ...any) int {
		fmt.Printf("diskfull: "+format+"\n", a...)
		return 1
	}
	base := os.Getenv("KINKO_DATA")
	mnt := filepath.Join(base, "nas")
	os.MkdirAll(mnt, 0o700)
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=256k"); err != nil {
		fmt.Println("cannot mount:", err)
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
	if st := v.Status(); st.Outbox == 0 || st.Reachable {
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
	if entries, _ := os.ReadDir(mnt); len(entries) != 0 {
		return fail("the vault was recreated on the bare mount point")
	}
	fmt.Println("diskfull ok")
	return 0
}

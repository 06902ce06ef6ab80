package vault_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// folderFiles returns every file of the vault folder, by path relative to
// it, with its bytes.
func folderFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	must(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = b
		return err
	}))
	return files
}

// putBack replaces the vault folder with the copy in backup, as a NAS
// restore does.
func putBack(t *testing.T, o *office, backup string) {
	t.Helper()
	must(t, wintest.RemoveAll(o.folder))
	must(t, os.CopyFS(o.folder, os.DirFS(backup)))
}

// TestRestoredOlderFolder: an older copy of the vault folder is put back
// (a NAS restore) after both PCs wrote more. Each PC notices that the
// folder is behind its own chain, says so, and puts its missing segments
// back byte for byte, and its blobs; the other PC, which had read them,
// calls the folder behind (not damaged) meanwhile and then carries on; a
// PC joining afterwards sees every record.
func TestRestoredOlderFolder(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	login(t, b, "shocho")
	first := []string{newClient(t, a, "before, from a"), newClient(t, b, "before, from b")}
	sync(t, a, b)
	backup := filepath.Join(wintest.TempDir(t), "backup")
	must(t, os.CopyFS(backup, os.DirFS(o.folder)))

	var later []string
	for range 3 {
		later = append(later, newClient(t, a, "after, from a"), newClient(t, b, "after, from b"))
		sync(t, a, b)
	}
	target := "mynumber/" + first[0] + "/p1"
	ref, err := a.PutBlob(target, []byte("123456789018"))
	must(t, err)
	_, err = a.Put(target, nil, []byte(`{"blob":"`+ref.ID+`"}`))
	must(t, err)
	sync(t, a, b)
	want := folderFiles(t, o.folder)

	putBack(t, o, backup)
	// The other PC syncs first: it puts its own segments back, and a's
	// chain is behind what it has read: not damaged, waiting for a.
	res, err := b.Sync(nil)
	must(t, err)
	if res.Restored == 0 || res.RestoredOps == 0 {
		t.Fatalf("b did not put its segments back: %+v", res)
	}
	if d := deviceStatus(b.Status(), a.Device()); d.Broken != vault.ReasonBehind {
		t.Fatalf("a's chain as b sees it: %q at %d, want %q", d.Broken, d.BrokenAt, vault.ReasonBehind)
	}
	// The writer, with a new edit waiting in its outbox.
	extra := newClient(t, a, "after the restore, from a")
	res, err = a.Sync(nil)
	must(t, err)
	if res.Restored < 3 || res.RestoredOps < 3 || res.RestoredBlobs != 1 || res.Written == 0 {
		t.Fatalf("a after the restore: %+v", res)
	}
	if st := a.Status(); st.Restored != res.Restored || st.RestoredBlobs != 1 || st.Unrestorable != 0 {
		t.Fatalf("a's status: restored %d, blobs %d, unrestorable %d", st.Restored, st.RestoredBlobs, st.Unrestorable)
	}
	got := folderFiles(t, o.folder)
	for rel, data := range want {
		if strings.Contains(rel, ".kinko-tmp-") {
			continue
		}
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s: not put back as it was (%d bytes, had %d)", rel, len(got[rel]), len(data))
		}
	}
	// Nothing more to put back on the next sync.
	if res, err := a.Sync(nil); err != nil || res.Restored != 0 {
		t.Fatalf("second sync: %+v, %v", res, err)
	}
	sync(t, a, b)
	for _, d := range b.Status().Devices {
		if d.Broken != "" {
			t.Fatalf("b still sees %s broken: %s at %d", d.ID, d.Broken, d.BrokenAt)
		}
	}
	if got := get(t, b, "client/"+extra); got != "after the restore, from a" {
		t.Fatalf("b reads %q", got)
	}
	c := o.join("c")
	login(t, c, "shocho")
	for _, id := range append(append(first, later...), extra) {
		get(t, c, "client/"+id)
	}
	if n, err := c.GetBlob(target, ref); err != nil || string(n) != "123456789018" {
		t.Fatalf("c reads the number: %v", err)
	}
}

// TestRestoreAfterUpgrade: a replica from before Kinko kept a record of
// its own segments learns them from the folder at its first sync, so it
// can still put them back after a restore. Simulated by wiping the record.
func TestRestoreAfterUpgrade(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	newClient(t, a, "one")
	sync(t, a)
	backup := filepath.Join(wintest.TempDir(t), "backup")
	must(t, os.CopyFS(backup, os.DirFS(o.folder)))
	id := newClient(t, a, "two")
	sync(t, a)
	want := folderFiles(t, o.folder)
	must(t, a.Close())
	vault.ForgetOwnSegments(t, filepath.Join(o.opts("a").DataDir, "vaults", a.ID(), "replica.db"))
	a, err := vault.Open(a.ID(), o.opts("a"))
	must(t, err)
	o.cleanup(a, "a")
	sync(t, a) // learns its segments from the folder
	putBack(t, o, backup)
	res, err := a.Sync(nil)
	must(t, err)
	if res.Restored == 0 {
		t.Fatalf("nothing put back: %+v", res)
	}
	got := folderFiles(t, o.folder)
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s: not put back as it was", rel)
		}
	}
	b := o.join("b")
	login(t, b, "shocho")
	get(t, b, "client/"+id)
}

// TestMiddleSegmentPutBack: a segment of this PC deleted from the middle
// of its chain (the newest is still there) is put back at the PC's next
// connection to the folder, and the other PC's import carries on.
func TestMiddleSegmentPutBack(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	var ids []string
	for range 3 {
		ids = append(ids, newClient(t, a, "x"))
		sync(t, a)
	}
	segs := segments(t, o, a.Device())
	want, err := os.ReadFile(segs[1])
	must(t, err)
	must(t, os.Remove(segs[1]))
	must(t, a.Close())
	a, err = vault.Open(a.ID(), o.opts("a"))
	must(t, err)
	o.cleanup(a, "a")
	res, err := a.Sync(nil)
	must(t, err)
	if res.Restored != 1 {
		t.Fatalf("put back %d segments, want 1", res.Restored)
	}
	if got, err := os.ReadFile(segs[1]); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("not put back as it was: %v", err)
	}
	sync(t, b)
	login(t, b, "shocho")
	for _, id := range ids {
		get(t, b, "client/"+id)
	}
}

// TestErasedBlobNotPutBack: a PC holding a copy of a blob that another PC
// erased meanwhile does not write it back when it next connects: the
// erasure is imported first.
func TestErasedBlobNotPutBack(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c1 := newClient(t, a, "client")
	ref, err := a.PutBlob("mynumber/"+c1+"/p1", []byte("number"))
	must(t, err)
	b := o.join("b")
	login(t, b, "shocho")
	must(t, a.Close())
	must(t, b.EraseBlob(ref))
	sync(t, b)
	file := filepath.Join(o.folder, "blobs", ref.ID)
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatal("the erased blob is still in the folder (test broken)")
	}
	a, err = vault.Open(a.ID(), o.opts("a"))
	must(t, err)
	o.cleanup(a, "a")
	res, err := a.Sync(nil)
	must(t, err)
	if _, err := os.Stat(file); !os.IsNotExist(err) || res.RestoredBlobs != 0 {
		t.Fatalf("the erased blob was written back (%d blobs put back)", res.RestoredBlobs)
	}
}

// TestStaleTempFilesCleaned: temporary files this PC left in the vault
// folder when it was killed mid-write are removed at its next connection
// once they are a minute old; another PC's, and a fresh one, stay.
func TestStaleTempFilesCleaned(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	must(t, a.Close())
	old := time.Now().Add(-time.Hour)
	put := func(rel string, stale bool) string {
		p := filepath.Join(o.folder, filepath.FromSlash(rel))
		must(t, os.WriteFile(p, []byte("partial"), 0o644))
		if stale {
			must(t, os.Chtimes(p, old, old))
		}
		return p
	}
	dev, other := a.Device(), b.Device()
	gone := []string{
		put("journal/"+dev+"/.kinko-tmp-"+dev+"-00112233445566aa.tmp", true),
		put("blobs/.kinko-tmp-"+dev+"-00112233445566aa.tmp", true),
	}
	kept := []string{
		put("blobs/.kinko-tmp-"+other+"-00112233445566aa.tmp", true),
		put("blobs/.kinko-tmp-"+dev+"-00112233445566bb.tmp", false),
	}
	o.now = time.Now() // the PC's clock: the files are an hour old by it
	a, err := vault.Open(a.ID(), o.opts("a"))
	must(t, err)
	o.cleanup(a, "a")
	_, err = a.Sync(nil)
	must(t, err)
	for _, p := range gone {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: still there", filepath.Base(p))
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: removed", filepath.Base(p))
		}
	}
}

func deviceStatus(st vault.Status, id string) vault.DeviceStatus {
	for _, d := range st.Devices {
		if d.ID == id {
			return d
		}
	}
	return vault.DeviceStatus{}
}

// A batch that spans segments comes back with its batch flags: the
// segments that continued their batch hash as written only with the flag
// set, and the other PC then sees the batch whole.
func TestRestoredBatchSegments(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, a, b)
	backup := filepath.Join(wintest.TempDir(t), "backup")
	must(t, os.CopyFS(backup, os.DirFS(o.folder)))

	importBatch(t, a, batchClients)
	sync(t, a)
	want := folderFiles(t, o.folder)
	putBack(t, o, backup)
	res, err := a.Sync(nil)
	must(t, err)
	if res.Restored < 2 || a.Status().Unrestorable != 0 {
		t.Fatalf("the batch's segments were not all put back: %+v, unrestorable %d", res, a.Status().Unrestorable)
	}
	got := folderFiles(t, o.folder)
	for name, sum := range want {
		if strings.HasPrefix(name, "journal/") && !bytes.Equal(got[name], sum) {
			t.Errorf("%s differs from what was written", name)
		}
	}
	sync(t, b)
	if n := clientCount(t, b); n != batchClients {
		t.Fatalf("the other PC shows %d of %d clients", n, batchClients)
	}
}

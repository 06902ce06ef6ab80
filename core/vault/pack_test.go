package vault_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/vault"
)

// An active PC packs its small segments and, a day later, removes the
// packed files: a PC whose cursor is inside the pack carries on, a new PC
// joins from the pack, every replica agrees and vault verify (cleanup)
// finds nothing wrong.
func TestPackOwnSegments(t *testing.T) {
	defer vault.SetPackEvery(vault.SetPackEvery(4))
	o := newOffice(t)
	o.now = time.Now()
	a, _ := o.create()
	b := o.join("b")
	c := newClient(t, a, "顧問先")
	for i := range 12 {
		if _, err := a.Put(fmt.Sprintf("person/%s/p%02d", c, i), nil, []byte("社員")); err != nil {
			t.Fatal(err)
		}
		sync(t, a)
		if i == 2 {
			sync(t, b) // b's cursor stops inside what gets packed
		}
	}
	dir := filepath.Join(o.folder, "journal", a.Device())
	count := func(ext string) int {
		entries, _ := os.ReadDir(dir)
		n := 0
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ext) {
				n++
			}
		}
		return n
	}
	if count(".pack") == 0 {
		t.Fatal("no pack after a dozen segments")
	}
	before := count(".seg")

	o.now = o.now.Add(25 * time.Hour)
	if _, err := a.Put(fmt.Sprintf("person/%s/late", c), nil, []byte("社員")); err != nil {
		t.Fatal(err)
	}
	sync(t, a)
	if after := count(".seg"); after >= before {
		t.Fatalf("packed segment files not removed a day later: %d, then %d", before, after)
	}
	sync(t, b)
	d := o.join("d")
	for _, v := range []*vault.Vault{b, d} {
		login(t, v, "shocho")
		list, err := v.List("person/" + c + "/")
		must(t, err)
		if len(list) != 13 {
			t.Errorf("replica %s: %d people, want 13", v.Device(), len(list))
		}
		if v.Derived() != a.Derived() {
			t.Errorf("replica %s differs from a", v.Device())
		}
	}
}

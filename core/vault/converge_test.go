package vault_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestConvergence: simulated PCs make random edits and sync in random
// orders; every replica that has seen the same ops must hold the same
// state, and so must a replica that joins afterwards and receives all the
// ops at once in another order.
func TestConvergence(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5}
	if testing.Short() {
		seeds = seeds[:2]
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { converge(t, seed, 3, 60) })
	}
}

func converge(t *testing.T, seed uint64, pcs, steps int) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "sato", access.Handler, access.Edit)
	addUser(t, a, "suzuki", access.Staff, access.Read)
	vs := []*vault.Vault{a}
	for i := 1; i < pcs; i++ {
		v := o.join(fmt.Sprint("pc", i))
		if i%2 == 1 {
			login(t, v, "sato")
		} else {
			login(t, v, "shocho")
		}
		vs = append(vs, v)
	}
	clients := []string{}
	for step := range steps {
		o.now = o.now.Add(time.Duration(rng.IntN(3000)) * time.Millisecond)
		v := vs[rng.IntN(len(vs))]
		switch k := rng.IntN(10); {
		case k < 2 || len(clients) == 0:
			id, err := v.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) { return []byte("created " + id), nil }})
			if err != nil && !errors.Is(err, access.ErrDenied) {
				t.Fatalf("step %d create: %v", step, err)
			} else if err == nil {
				clients = append(clients, id)
			}
		case k < 7:
			target := "client/" + clients[rng.IntN(len(clients))]
			r, err := v.Get(target)
			if err != nil {
				continue // not yet seen here, or no access
			}
			_, err = v.Put(target, r.Heads(), []byte(fmt.Sprintf("step %d by %s", step, v.Device())))
			if err != nil && !errors.Is(err, access.ErrDenied) {
				t.Fatalf("step %d put: %v", step, err)
			}
		case k < 8:
			if v != a {
				continue
			}
			c := clients[rng.IntN(len(clients))]
			lv := []access.Level{access.Edit, access.Read, access.Hidden}[rng.IntN(3)]
			if err := a.SetLevel(staff, c, lv); err != nil && !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("step %d level: %v", step, err)
			}
		default:
			if _, err := v.Sync(nil); err != nil {
				t.Fatalf("step %d sync: %v", step, err)
			}
		}
	}
	sync(t, vs...)
	late := o.join("late")
	sync(t, append(vs, late)...)
	want := vs[0].Derived()
	for _, v := range append(vs[1:], late) {
		if got := v.Derived(); got != want {
			os.WriteFile(filepath.Join(os.TempDir(), "kinko-want.txt"), []byte(want), 0o600)
			os.WriteFile(filepath.Join(os.TempDir(), "kinko-got.txt"), []byte(got), 0o600)
			if f, err := journal.OpenFolder(o.folder); err == nil {
				in := &insider{t: t, folder: f}
				for _, op := range in.ops() {
					if !audit.IsLog(op.Kind) {
						t.Logf("%s %s %s %s %v deps=%v t=%d.%d", op.ID(), op.Author[:4], op.Kind, op.Target, op.Parents, op.Deps, op.Time.Wall%100000, op.Time.Logical)
					}
				}
				t.Logf("want quarantine %v got %v", vs[0].Quarantined(), v.Quarantined())
			}
			t.Fatalf("replica %s diverged from %s (states in %s/kinko-{want,got}.txt)", v.Device(), vs[0].Device(), os.TempDir())
		}
	}
}

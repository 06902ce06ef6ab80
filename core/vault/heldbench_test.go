package vault_test

import (
	"fmt"
	"runtime"
	gosync "sync"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// Held-op benchmarks (bench/vault.sh runs them; numbers in bench/README.md,
// "Vault: junk in the folder"): a sync that imports one honest op, with
// 50,000 junk ops held in the replica and without.

const junkOps = 50_000

var (
	junkOnce, refOnce gosync.Once
	junkFix, refFix   *fixture
	junkErr, refErr   error
)

// syncVault is a vault on PC "a" with a staff member "tanaka" and ten
// clients, joined by PC "b". With junk, an insider program of tanaka's and
// a stranger's then wrote junkOps ops into the vault folder (writeJunk:
// ops naming ops nobody wrote, records and levels of clients that do not
// exist, levels of users who do not exist, edits by no user) and both
// replicas imported them: they hold them all. Both replicas are closed.
func syncVault(b *testing.B, junk bool) *fixture {
	build := func(f *fixture) error {
		a, _, err := vault.Create(f.folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true}, f.opts("a"))
		if err != nil {
			return err
		}
		defer a.Close()
		f.id = a.ID()
		if _, err := a.AddUser(vault.NewUser{Login: "tanaka", Name: "田中", Password: []byte("tanaka-pw-X7c9k2"), Role: access.Staff, Default: access.Edit}); err != nil {
			return err
		}
		if f.clients, err = writeClients(a, 0, 10, 0); err != nil {
			return err
		}
		if _, err := a.Sync(nil); err != nil {
			return err
		}
		bv, err := vault.Join(f.folder, f.opts("b"))
		if err != nil {
			return err
		}
		defer bv.Close()
		if !junk {
			return nil
		}
		in := userWriter(b, f.folder, "tanaka", "tanaka-pw-X7c9k2")
		writeJunk(b, f.folder, in, junkOps, f.clients[0], time.Now())
		for _, v := range []*vault.Vault{a, bv} {
			if _, err := v.Sync(nil); err != nil {
				return err
			}
			if n := len(v.Quarantined()); n < junkOps {
				return fmt.Errorf("%d ops quarantined after importing %d junk ops", n, junkOps)
			}
		}
		return nil
	}
	if junk {
		junkOnce.Do(func() { junkFix, junkErr = loadFixture("sync-junk50k", build) })
		mustB(b, junkErr)
		return junkFix
	}
	refOnce.Do(func() { refFix, refErr = loadFixture("sync-ref", build) })
	mustB(b, refErr)
	return refFix
}

// syncPair is a fixture's two replicas open, "a" logged in.
type syncPair struct {
	a, b   *vault.Vault
	target string
	heads  []string
}

func openPair(b *testing.B, f *fixture) *syncPair {
	a, err := vault.Open(f.id, f.opts("a"))
	mustB(b, err)
	b.Cleanup(func() { a.Close() })
	bv, err := vault.Open(f.id, f.opts("b"))
	mustB(b, err)
	b.Cleanup(func() { bv.Close() })
	mustB(b, a.Login("shocho", []byte(adminPass)))
	p := &syncPair{a: a, b: bv, target: "client/" + f.clients[0]}
	r, err := a.Get(p.target)
	mustB(b, err)
	p.heads = r.Heads()
	return p
}

// edit edits the client on "a" and writes the op to the vault folder.
func (p *syncPair) edit(b *testing.B, n int) {
	id, err := p.a.Put(p.target, p.heads, clientJSON(n))
	mustB(b, err)
	p.heads = []string{id}
	_, err = p.a.Sync(nil)
	mustB(b, err)
}

// sync times the sync on "b" that imports the edit.
func (p *syncPair) sync(b *testing.B) time.Duration {
	t0 := time.Now()
	res, err := p.b.Sync(nil)
	d := time.Since(t0)
	mustB(b, err)
	if res.Imported < 1 || res.Quarantined != 0 || res.Rebuilt {
		b.Fatalf("sync on b: %+v", res)
	}
	return d
}

// BenchmarkSyncOneOpJunk50k: PC "b" syncs and imports one honest op (an
// edit made on "a"), in a vault folder that also holds 50,000 junk ops
// that "b" holds as pending or unknown-author; next to it, in the same
// iteration, the same sync in a vault without junk. Reports junk-ms/op,
// ref-ms/op and their ratio; ns/op is the sync with the junk. Target:
// < 20 ms with the junk.
func BenchmarkSyncOneOpJunk50k(b *testing.B) {
	junk, ref := openPair(b, syncVault(b, true)), openPair(b, syncVault(b, false))
	// Both "b" replicas are in the page cache and have imported
	// everything before the first timed sync.
	for _, p := range []*syncPair{junk, ref} {
		_, err := p.b.Sync(nil)
		mustB(b, err)
	}
	var junkT, refT time.Duration
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		ref.edit(b, n)
		junk.edit(b, n)
		runtime.GC()
		refT += ref.sync(b)
		b.StartTimer()
		junkT += junk.sync(b)
	}
	b.StopTimer()
	b.ReportMetric(float64(junkT.Microseconds())/1000/float64(b.N), "junk-ms/op")
	b.ReportMetric(float64(refT.Microseconds())/1000/float64(b.N), "ref-ms/op")
	b.ReportMetric(float64(junkT)/float64(refT), "ratio")
	if junk.b.Rejudged() != 0 {
		b.Errorf("the honest imports judged %d held ops again", junk.b.Rejudged())
	}
}

// BenchmarkRebuildJunk50k: a full replay of the replica on "b" (what a late
// change of someone's rights causes), with the 50,000 junk ops and
// without. Reports junk-ms/op and ref-ms/op: the junk adds its own replay,
// once per pass, and nothing per other op.
func BenchmarkRebuildJunk50k(b *testing.B) {
	junk, ref := openPair(b, syncVault(b, true)), openPair(b, syncVault(b, false))
	var junkT, refT time.Duration
	b.ResetTimer()
	for range b.N {
		for _, c := range []struct {
			p *syncPair
			t *time.Duration
		}{{ref, &refT}, {junk, &junkT}} {
			runtime.GC()
			t0 := time.Now()
			mustB(b, c.p.b.Rebuild())
			*c.t += time.Since(t0)
		}
	}
	b.ReportMetric(float64(junkT.Microseconds())/1000/float64(b.N), "junk-ms/op")
	b.ReportMetric(float64(refT.Microseconds())/1000/float64(b.N), "ref-ms/op")
	if n, err := junk.b.CheckHeld(); err != nil || n < junkOps {
		b.Errorf("after the rebuild: %d ops held, %v", n, err)
	}
}

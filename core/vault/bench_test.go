package vault_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	gosync "sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
	koffice "github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/seal"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// Vault benchmarks (bench/vault.sh runs them; targets in bench/README.md).
//
// They share fixtures that take a while to build: a vault of 10,000 clients
// and 100,000 people on PC "a" with a second replica on PC "b", and a
// smaller vault for the import benchmark. A fixture is built once per
// machine in $KINKO_BENCH_DIR (default: <tmp>/kinko-bench) and reused by
// later runs; delete the folder to rebuild it. Run one benchmark process at
// a time: a fixture's replicas can be open in one process only. Every key
// uses scrypt work factor 10 (fastKeys): real users get age's default, 18,
// which costs about a second per login and is not part of these numbers.

const (
	benchClients   = 10_000
	benchPerClient = 10 // people per client: 100,000 people
	importClients  = 1_000
	importOps      = 10_000
	fixtureVersion = "v5" // bump when the fixture's content changes (v3: signed segments, v4: segment format 3, v5: records as core/office writes them)
)

func benchRoot() string {
	if d := os.Getenv("KINKO_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "kinko-bench")
}

// fixture is a built vault folder with replicas on PCs "a" and "b".
type fixture struct {
	dir, folder, id string
	clients         []string // the ids the vault gave clients 0, 1, … (file "clients")
}

func (f *fixture) opts(pc string) vault.Options {
	return vault.Options{DataDir: filepath.Join(f.dir, "pc-"+pc), Keys: fastKeys, PCName: pc, OSUser: "user-" + pc}
}

func (f *fixture) replicaFile(pc string) string {
	return filepath.Join(f.dir, "pc-"+pc, "vaults", f.id, "replica.db")
}

// loadFixture returns the fixture called name, building it with build if
// it is not there yet (or was left half-built). build returns the vault id.
func loadFixture(name string, build func(f *fixture) error) (*fixture, error) {
	f := &fixture{dir: filepath.Join(benchRoot(), name+"-"+fixtureVersion)}
	f.folder = filepath.Join(f.dir, "NAS", "Kinko")
	ready, clients := filepath.Join(f.dir, "ready"), filepath.Join(f.dir, "clients")
	if id, err := os.ReadFile(ready); err == nil {
		f.id = strings.TrimSpace(string(id))
		ids, err := os.ReadFile(clients)
		f.clients = strings.Fields(string(ids))
		return f, err
	}
	// Replicas store the vault folder's absolute path, so the fixture is
	// built in place and marked ready only when complete.
	if err := wintest.RemoveAll(f.dir); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "building benchmark fixture %s in %s (once) ...\n", name, f.dir)
	start := time.Now()
	if err := build(f); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "built %s in %v\n", name, time.Since(start).Round(time.Millisecond))
	if err := os.WriteFile(clients, []byte(strings.Join(f.clients, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	return f, os.WriteFile(ready, []byte(f.id+"\n"), 0o644)
}

var (
	bigOnce     gosync.Once
	bigFix      *fixture
	bigErr      error
	importOnce  gosync.Once
	importFix   *fixture
	importErr   error
	familyNames = []struct{ kanji, kana string }{
		{"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"},
		{"伊藤", "イトウ"}, {"渡辺", "ワタナベ"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
		{"吉田", "ヨシダ"}, {"山本", "ヤマモト"}, {"斎藤", "サイトウ"}, {"松本", "マツモト"}, {"井上", "イノウエ"},
		{"木村", "キムラ"}, {"林", "ハヤシ"}, {"清水", "シミズ"}, {"山崎", "ヤマザキ"}, {"髙橋", "タカハシ"},
	}
	givenNames = []struct{ kanji, kana string }{
		{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"美咲", "ミサキ"}, {"健太", "ケンタ"},
		{"由美", "ユミ"}, {"大輔", "ダイスケ"}, {"陽子", "ヨウコ"}, {"翔", "ショウ"}, {"さくら", "サクラ"}, {"浩二", "コウジ"},
	}
	roles = []string{"officer", "employee", "employee", "dependent", "payee"}
)

// clientCode is client i's code in the generated records (its id is the
// one the vault assigns).
func clientCode(i int) string { return fmt.Sprintf("c%05d", i) }

// clientJSON is a client record of about 250 bytes (the held-ops
// benchmarks' edits).
func clientJSON(i int) []byte { return clientDoc(clientCode(i), i) }

// clientDoc is client i's record as core/office writes it (records.Client
// in JSON, its id inside), about 250 bytes.
func clientDoc(id string, i int) []byte {
	f := familyNames[i%len(familyNames)]
	b, _ := json.Marshal(map[string]any{
		"id":           id,
		"code":         clientCode(i),
		"kind":         "corporation",
		"name":         fmt.Sprintf("株式会社%s商事 第%d", f.kanji, i),
		"kana":         fmt.Sprintf("%sショウジ", f.kana),
		"address":      fmt.Sprintf("東京都千代田区丸の内%d-%d-%d", i%9+1, i%17+1, i%23+1),
		"phone":        fmt.Sprintf("03-%04d-%04d", i%10000, (i*7)%10000),
		"fiscal_month": i%12 + 1,
		"notes":        "月次顧問・年末調整",
	})
	return b
}

// personJSON is a version of the person record at target (person/<client>/<id>)
// as core/office writes it (records.Person in JSON), about 250 bytes; i and j
// choose its content.
func personJSON(target string, i, j int) []byte {
	f := familyNames[(i+j)%len(familyNames)]
	g := givenNames[(i*3+j)%len(givenNames)]
	parts := strings.Split(target, "/")
	b, _ := json.Marshal(map[string]any{
		"id":        parts[2],
		"client_id": parts[1],
		"roles":     []string{roles[(i+j)%len(roles)]},
		"name":      f.kanji + "　" + g.kanji,
		"kana":      f.kana + "　" + g.kana,
		"birth":     fmt.Sprintf("%d-%02d-%02d", 1950+(i+j)%60, j%12+1, i%28+1),
		"address":   fmt.Sprintf("東京都世田谷区桜新町%d-%d", i%5+1, j+1),
		"notes":     "扶養控除等申告書提出済",
	})
	return b
}

func personTarget(client string, j int) string { return fmt.Sprintf("person/%s/p%02d", client, j) }

// writeClients creates clients [from, to) with benchPerClient people each
// (perClient may be 0), in transactions of about 7,000 ops, and returns
// their ids in order.
func writeClients(v *vault.Vault, from, to, perClient int) ([]string, error) {
	const batch = 500
	ids := make([]string, 0, to-from)
	for lo := from; lo < to; lo += batch {
		n := len(ids)
		err := v.Batch(func(w *vault.Batch) error {
			for i := lo; i < min(lo+batch, to); i++ {
				id, err := w.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) { return clientDoc(id, i), nil }})
				if err != nil {
					return err
				}
				ids = append(ids, id)
				for j := range perClient {
					if _, err := w.Put(personTarget(id, j), nil, personJSON(personTarget(id, j), i, j)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return ids[:n], err
		}
	}
	return ids, nil
}

// bigVault is 10,000 clients and 100,000 people written on PC "a", synced
// to the vault folder and joined by PC "b" (which imported all 140,000
// ops). Both replicas are closed.
func bigVault(b *testing.B) *fixture {
	bigOnce.Do(func() {
		bigFix, bigErr = loadFixture("vault", func(f *fixture) error {
			a, _, err := vault.Create(f.folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true}, f.opts("a"))
			if err != nil {
				return err
			}
			defer a.Close()
			f.id = a.ID()
			if f.clients, err = writeClients(a, 0, benchClients, benchPerClient); err != nil {
				return err
			}
			if _, err := a.Sync(nil); err != nil {
				return err
			}
			// Fill the replica's key cache, as the first login does.
			if _, err := a.List("client/"); err != nil {
				return err
			}
			bv, err := vault.Join(f.folder, f.opts("b"))
			if err != nil {
				return err
			}
			return bv.Close()
		})
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigFix
}

// importVault is a vault of 1,000 clients joined by PC "b", after which PC
// "a" wrote 10,000 person records into the vault folder (10 segments) that
// "b" has not imported. The benchmark imports them into copies of "b".
func importVault(b *testing.B) *fixture {
	importOnce.Do(func() {
		importFix, importErr = loadFixture("import", func(f *fixture) error {
			a, _, err := vault.Create(f.folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(adminPass), Handler: true}, f.opts("a"))
			if err != nil {
				return err
			}
			defer a.Close()
			f.id = a.ID()
			if f.clients, err = writeClients(a, 0, importClients, 0); err != nil {
				return err
			}
			if _, err := a.Sync(nil); err != nil {
				return err
			}
			bv, err := vault.Join(f.folder, f.opts("b"))
			if err != nil {
				return err
			}
			if err := bv.Close(); err != nil {
				return err
			}
			err = a.Batch(func(w *vault.Batch) error {
				for n := range importOps {
					i, j := n%importClients, n/importClients
					t := personTarget(f.clients[i], j)
					if _, err := w.Put(t, nil, personJSON(t, i, j)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			res, err := a.Sync(nil)
			if err == nil && res.Written < importOps {
				err = fmt.Errorf("wrote %d ops, want at least %d", res.Written, importOps)
			}
			return err
		})
	})
	if importErr != nil {
		b.Fatal(importErr)
	}
	return importFix
}

// openIndex is what the app does after a login: open the replica, log in
// and build the session's search index with office.Load — the index the
// window's search box and the CLI use (app.VaultService builds it at
// login). It returns the office and the number of clients indexed. The
// returned close is not timed: it is the end of the session, not part of
// opening.
func openIndex(f *fixture) (*koffice.Office, func(), error) {
	v, err := vault.Open(f.id, f.opts("a"))
	if err != nil {
		return nil, nil, err
	}
	if err := v.Login("shocho", []byte(adminPass)); err != nil {
		v.Close()
		return nil, nil, err
	}
	o := koffice.New(v)
	return o, func() { v.Close() }, o.Load()
}

// checkIndex checks that the office's index holds the fixture: every
// client's name, and the last person found by a search for their name.
func checkIndex(f *fixture, o *koffice.Office) error {
	if n := len(o.ClientNames()); n != benchClients {
		return fmt.Errorf("index: %d clients, want %d", n, benchClients)
	}
	i, j := benchClients-1, benchPerClient-1
	t := personTarget(f.clients[i], j)
	var p struct{ Name string }
	json.Unmarshal(personJSON(t, i, j), &p)
	for _, h := range o.Search(p.Name, wantRecords) {
		if h.Target == t {
			return nil
		}
	}
	return fmt.Errorf("index: %s (%s) not found", t, p.Name)
}

// plainLoop is the baseline ("floor": read + parse): open the replica file
// read-only and, for the same records, read each current version's op, open
// its sealed payload with seal.Open under keys obtained once beforehand and
// decode it (records.Client or records.Person, every field), on one
// goroutine. It does no access checks and builds no index.
func plainLoop(f *fixture, keys map[string]seal.Key) (int, error) {
	db, err := bolt.Open(f.replicaFile("a"), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		heads, ids, log := tx.Bucket([]byte(vault.BucketHeads)), tx.Bucket([]byte(vault.BucketIDs)), tx.Bucket([]byte(vault.BucketLog))
		for _, prefix := range [][]byte{[]byte("client/"), []byte("person/")} {
			c := heads.Cursor()
			for k, hs := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, hs = c.Next() {
				for _, id := range bytes.Split(hs, []byte{0}) {
					var op journal.Op
					if err := op.UnmarshalBinary(log.Get(ids.Get(id))); err != nil {
						return err
					}
					if op.Kind != vault.KindRecordPut {
						continue
					}
					kind, rid, _ := strings.Cut(op.Target, "/")
					key := keys[vault.ScopeKeyName(op.Scope, op.Epoch)]
					p, err := seal.Open(&key, seal.AD{Vault: f.id, Kind: kind, ID: rid, Scope: op.Scope, Epoch: op.Epoch, Version: op.ID()}, op.Payload)
					if err != nil {
						return fmt.Errorf("open %s: %w", op.Target, err)
					}
					if kind == "client" {
						var c records.Client
						err = json.Unmarshal(p, &c)
					} else {
						var pr records.Person
						err = json.Unmarshal(p, &pr)
					}
					if err != nil {
						return fmt.Errorf("decode %s: %w", op.Target, err)
					}
					n++
				}
			}
		}
		return nil
	})
	return n, err
}

// plainKeys logs in once and returns every scope key the user holds.
func plainKeys(b *testing.B, f *fixture) map[string]seal.Key {
	v, err := vault.Open(f.id, f.opts("a"))
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	mustB(b, v.Login("shocho", []byte(adminPass)))
	keys, err := v.ScopeKeys()
	mustB(b, err)
	return keys
}

const wantRecords = benchClients * (1 + benchPerClient)

// BenchmarkOpenIndexVsPlain times, in each iteration, the plain loop and
// then openIndex (login and office.Load, the app's own index) on the
// 110,000-record vault, and reports both, their ratio (target: ratio ≤ 2)
// and the heap the open session holds with its index (heap-MB, after a
// collection). ns/op is the sum of the two phases.
func BenchmarkOpenIndexVsPlain(b *testing.B) {
	f := bigVault(b)
	keys := plainKeys(b, f)
	var plainT, vaultT time.Duration
	var heap uint64
	b.ResetTimer()
	for range b.N {
		// Each phase starts with a clean heap: neither pays for
		// collecting the other's garbage.
		runtime.GC()
		t0 := time.Now()
		n, err := plainLoop(f, keys)
		if err != nil || n != wantRecords {
			b.Fatalf("plain loop: %d records, %v", n, err)
		}
		plainT += time.Since(t0)
		runtime.GC()
		t1 := time.Now()
		o, closeVault, err := openIndex(f)
		if err != nil {
			b.Fatalf("open+index: %v", err)
		}
		vaultT += time.Since(t1)
		b.StopTimer()
		if err := checkIndex(f, o); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = max(heap, ms.HeapAlloc)
		runtime.KeepAlive(o)
		closeVault()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/1e6, "heap-MB")
	b.ReportMetric(float64(plainT.Milliseconds())/float64(b.N), "plain-ms/op")
	b.ReportMetric(float64(vaultT.Milliseconds())/float64(b.N), "vault-ms/op")
	b.ReportMetric(float64(vaultT)/float64(plainT), "ratio")
}

// BenchmarkOpenIndex is the vault phase of BenchmarkOpenIndexVsPlain alone.
func BenchmarkOpenIndex(b *testing.B) {
	f := bigVault(b)
	b.ResetTimer()
	for range b.N {
		o, closeVault, err := openIndex(f)
		if err != nil {
			b.Fatalf("open+index: %v", err)
		}
		b.StopTimer()
		if err := checkIndex(f, o); err != nil {
			b.Fatal(err)
		}
		closeVault()
		b.StartTimer()
	}
}

// BenchmarkPlainLoop is the plain phase of BenchmarkOpenIndexVsPlain alone.
func BenchmarkPlainLoop(b *testing.B) {
	f := bigVault(b)
	keys := plainKeys(b, f)
	b.ResetTimer()
	for range b.N {
		if n, err := plainLoop(f, keys); err != nil || n != wantRecords {
			b.Fatalf("plain loop: %d records, %v", n, err)
		}
	}
}

// BenchmarkImport10k: PC "b" imports PC "a"'s 10,000 new record ops (10
// segments in the vault folder) with one Sync: read and check the chain,
// verify 10,000 signatures, check every op's authority and apply it, in one
// bbolt transaction. Each iteration starts from a fresh copy of "b"'s
// replica (copying and opening it is not timed). Target: < 1 s/op.
//
// Besides the 10,000 record ops the folder holds the access-log ops "a"
// wrote with them (its checkpoints, and entries whenever a session logged
// something before that sync): how many depends on timing, so the check is
// that every record op arrived (the replica grew by at least 10,000 ops,
// none quarantined), not an exact count; ops/op reports what was imported.
func BenchmarkImport10k(b *testing.B) {
	f := importVault(b)
	base := filepath.Join(f.dir, "pc-b")
	imported := 0
	for range b.N {
		b.StopTimer()
		data := wintest.TempDir(b)
		mustB(b, copyDir(base, data))
		opt := f.opts("b")
		opt.DataDir = data
		v, err := vault.Open(f.id, opt)
		mustB(b, err)
		before := v.Status().Ops
		b.StartTimer()
		res, err := v.Sync(nil)
		b.StopTimer()
		if err != nil || res.Imported < importOps || res.Quarantined != 0 || v.Status().Ops-before < importOps {
			b.Fatalf("sync: %+v (replica %d → %d ops), %v", res, before, v.Status().Ops, err)
		}
		imported += res.Imported
		mustB(b, v.Close())
		mustB(b, wintest.RemoveAll(data))
		b.StartTimer()
	}
	b.ReportMetric(float64(imported)/float64(b.N), "ops/op")
}

// editTargets are the records the edit benchmarks change, in turn.
func editTargets(f *fixture, v *vault.Vault, b *testing.B) ([]string, map[string][]string) {
	targets := make([]string, 100)
	heads := map[string][]string{}
	for i := range targets {
		targets[i] = personTarget(f.clients[i*(benchClients/len(targets))], 0)
		r, err := v.Get(targets[i])
		mustB(b, err)
		heads[targets[i]] = r.Heads()
	}
	return targets, heads
}

// BenchmarkEditAck: one edit of an existing person record on the big vault,
// acknowledged locally: sealed, signed, checked, applied and committed to
// the replica (bbolt fsync included). Target: < 10 ms/op.
func BenchmarkEditAck(b *testing.B) {
	f := bigVault(b)
	a, err := vault.Open(f.id, f.opts("a"))
	mustB(b, err)
	defer a.Close()
	mustB(b, a.Login("shocho", []byte(adminPass)))
	targets, heads := editTargets(f, a, b)
	b.ResetTimer()
	for n := range b.N {
		t := targets[n%len(targets)]
		id, err := a.Put(t, heads[t], personJSON(t, n, 1))
		if err != nil {
			b.Fatal(err)
		}
		heads[t] = []string{id}
	}
	b.StopTimer()
	_, err = a.Sync(nil) // leave the fixture's outbox empty
	mustB(b, err)
}

// BenchmarkEditVisible: an edit on PC "a" until PC "b" reads it: a.Put,
// a.Sync (one segment written to the vault folder), then b.Sync and b.Get
// until b returns the new version. This is the time after "b"'s next poll;
// the poll interval itself is not included.
func BenchmarkEditVisible(b *testing.B) {
	f := bigVault(b)
	a, err := vault.Open(f.id, f.opts("a"))
	mustB(b, err)
	defer a.Close()
	bv, err := vault.Open(f.id, f.opts("b"))
	mustB(b, err)
	defer bv.Close()
	mustB(b, a.Login("shocho", []byte(adminPass)))
	mustB(b, bv.Login("shocho", []byte(adminPass)))
	for range 2 {
		for _, v := range []*vault.Vault{a, bv} {
			_, err := v.Sync(nil)
			mustB(b, err)
		}
	}
	targets, heads := editTargets(f, a, b)
	polls := 0
	b.ResetTimer()
	for n := range b.N {
		t := targets[n%len(targets)]
		id, err := a.Put(t, heads[t], personJSON(t, n, 2))
		if err != nil {
			b.Fatal(err)
		}
		heads[t] = []string{id}
		if _, err := a.Sync(nil); err != nil {
			b.Fatal(err)
		}
		for try := 0; ; try++ {
			if try == 10 {
				b.Fatalf("%s not visible on b after %d polls", id, try)
			}
			polls++
			if _, err := bv.Sync(nil); err != nil {
				b.Fatal(err)
			}
			r, err := bv.Get(t)
			if err != nil && !errors.Is(err, vault.ErrNotFound) {
				b.Fatal(err)
			}
			if err == nil && r.Versions[0].Op == id {
				break
			}
		}
	}
	b.ReportMetric(float64(polls)/float64(b.N), "polls/op")
}

// copyDir copies the regular files of a folder tree.
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func mustB(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

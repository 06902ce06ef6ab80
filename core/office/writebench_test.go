package office_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The write path at office scale (issue 15, part A): importing clients and
// then people through the app's own import (office.Import, as the window's
// "clients.import" job and `kinko import` run it) into a vault with a few
// staff, beside a floor measured in the same run: a plain bbolt file
// storing the same records sealed with XChaCha20-Poly1305.
//
//	KINKO_WRITE_CLIENTS=10000 KINKO_WRITE_PEOPLE=100000 \
//	  go test ./core/office -run '^$' -bench WriteOffice -benchtime 1x
//
// It reports seconds per phase, the ratios to the floor, the replica's
// size against the floor file's, and the process's peak RSS during each
// import (the parsed file, the transactions, the replica's mapped pages
// and the search index: what the app holds while importing).
func BenchmarkWriteOffice(b *testing.B) {
	nc, np := envInt("KINKO_WRITE_CLIENTS", 2000), envInt("KINKO_WRITE_PEOPLE", 20000)
	clientsCSV, peopleCSV := writeOfficeCSV(nc, np)
	for range b.N {
		dir := wintest.TempDir(b)
		v, _, err := vault.Create(filepath.Join(dir, "nas"), "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("shocho-pw-X7c9k2"), Handler: true},
			vault.Options{DataDir: filepath.Join(dir, "pc"), Keys: fastKeys})
		if err != nil {
			b.Fatal(err)
		}
		for i, u := range []vault.NewUser{
			{Login: "tanto1", Name: "担当 一", Role: access.Staff},
			{Login: "tanto2", Name: "担当 二", Role: access.Staff},
			{Login: "jimu", Name: "事務 三", Role: access.Handler},
		} {
			u.Password = []byte(fmt.Sprintf("staff-pw-%d-Qz8v", i))
			if _, err := v.AddUser(u); err != nil {
				b.Fatal(err)
			}
		}
		o := office.New(v)
		tClients, cClients, rssClients := importTimed(b, o, office.ImportClients, clientsCSV, nil, nc)
		codes, err := o.CodeIndex()
		if err != nil || len(codes) != nc {
			b.Fatalf("codes: %d %v", len(codes), err)
		}
		tPeople, cPeople, rssPeople := importTimed(b, o, office.ImportPeople, peopleCSV, codes, np)
		replica := replicaBytes(b, filepath.Join(dir, "pc"))
		v.Close()
		if os.Getenv("KINKO_WRITE_STATS") != "" {
			bucketStats(b, filepath.Join(dir, "pc"))
		}

		fc, fp, fcc, fpc, floorSize := writeFloor(b, filepath.Join(dir, "floor.db"), nc, np)
		b.ReportMetric(tClients.Seconds(), "clients-s")
		b.ReportMetric(tPeople.Seconds(), "people-s")
		b.ReportMetric(fc.Seconds(), "floor-clients-s")
		b.ReportMetric(fp.Seconds(), "floor-people-s")
		b.ReportMetric(cClients.Seconds(), "clients-cpu-s")
		b.ReportMetric(cPeople.Seconds(), "people-cpu-s")
		b.ReportMetric(fcc.Seconds(), "floor-clients-cpu-s")
		b.ReportMetric(fpc.Seconds(), "floor-people-cpu-s")
		b.ReportMetric(tClients.Seconds()/fc.Seconds(), "clients-ratio")
		b.ReportMetric(tPeople.Seconds()/fp.Seconds(), "people-ratio")
		b.ReportMetric(float64(replica)/1e6, "replica-MB")
		b.ReportMetric(float64(floorSize)/1e6, "floor-MB")
		b.ReportMetric(float64(replica)/float64(floorSize), "size-ratio")
		b.ReportMetric(float64(rssClients)/1e6, "clients-RSS-MB")
		b.ReportMetric(float64(rssPeople)/1e6, "people-RSS-MB")
	}
}

// importTimed parses file as kind and imports it (want rows), returning
// the wall and CPU time it took and the peak RSS meanwhile.
func importTimed(b *testing.B, o *office.Office, kind office.ImportKind, file []byte, codes map[string]string, want int) (wall, cpu time.Duration, rss int64) {
	runtime.GC()
	resetPeakRSS()
	start, cpu0 := time.Now(), cpuTime()
	p, err := office.Parse(kind, bytes.NewReader(file), jtext.UTF8, nil, codes)
	if err != nil || len(p.Errors) != 0 {
		b.Fatalf("parse %s: %v %v", kind, err, p.Errors)
	}
	if n, err := o.Import(context.Background(), p, nil); err != nil || n != want {
		b.Fatalf("import %s: %d %v", kind, n, err)
	}
	return time.Since(start), cpuTime() - cpu0, peakRSSBytes()
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

var (
	benchSurnames = []string{"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"}
	benchKana     = []string{"ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ"}
	benchGiven    = []string{"太郎", "花子", "一郎", "美咲", "健"}
	benchGivenK   = []string{"タロウ", "ハナコ", "イチロウ", "ミサキ", "ケン"}
)

func writeOfficeCSV(nc, np int) (clients, people []byte) {
	var c bytes.Buffer
	c.WriteString("顧問先コード,種類,名称,フリガナ,住所,電話番号,決算月\r\n")
	for i := range nc {
		s := i % len(benchSurnames)
		fmt.Fprintf(&c, "C-%05d,法人,株式会社%s商事%d,カブシキガイシャ%sショウジ,東京都千代田区丸の内%d-%d-%d,03-%04d-%04d,%d\r\n",
			i, benchSurnames[s], i, benchKana[s], 1+i%3, 1+i%9, 1+i%20, i%10000, (i*7)%10000, 1+i%12)
	}
	var p bytes.Buffer
	p.WriteString("顧問先コード,氏名,フリガナ,役割,生年月日,入社日\r\n")
	for i := range np {
		s, g := i%len(benchSurnames), (i/len(benchSurnames))%len(benchGiven)
		fmt.Fprintf(&p, "C-%05d,%s %s,%s %s,従業員,昭和%d年%d月%d日,2010-04-01\r\n",
			i%nc, benchSurnames[s], benchGiven[g], benchKana[s], benchGivenK[g], 40+i%20, 1+i%12, 1+i%28)
	}
	return c.Bytes(), p.Bytes()
}

// writeFloor stores records of the same sizes as the import's (a client's
// and a person's JSON) sealed with XChaCha20-Poly1305 in a plain bbolt
// file (default options) keyed by target with a random id, 10,000 records
// per transaction: what any encrypted store of the same data must at
// least do.
func writeFloor(b *testing.B, path string, nc, np int) (clients, people, clientsCPU, peopleCPU time.Duration, size int64) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	key := make([]byte, 32)
	rand.Read(key)
	aead, _ := chacha20poly1305.NewX(key)
	client := []byte(`{"id":"abcdefghijklmnop","kind":"corporation","name":"株式会社山田商事1234","kana":"カブシキガイシャヤマダショウジ","address":"東京都千代田区丸の内1-2-3","phone":"03-1234-5678","fiscalMonth":3,"code":"C-01234"}`)
	person := []byte(`{"id":"abcdefghijklmnop","clientId":"abcdefghijklmnop","name":"山田 太郎","kana":"ヤマダ タロウ","roles":["employee"],"birth":"1965-04-01","joined":"2010-04-01"}`)
	put := func(prefix string, n int, data []byte) (time.Duration, time.Duration) {
		start, cpu := time.Now(), cpuTime()
		for done := 0; done < n; done += 10_000 {
			if err := db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists([]byte("records"))
				if err != nil {
					return err
				}
				for range min(10_000, n-done) {
					nonce := make([]byte, 24, 24+len(data)+16)
					rand.Read(nonce)
					id := make([]byte, 10)
					rand.Read(id)
					if err := bk.Put(fmt.Appendf(nil, "%s/%x", prefix, id), aead.Seal(nonce, nonce, data, nil)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start), cpuTime() - cpu
	}
	clients, clientsCPU = put("client", nc, client)
	people, peopleCPU = put("person", np, person)
	st, _ := os.Stat(path)
	return clients, people, clientsCPU, peopleCPU, st.Size()
}

// replicaBytes is the size of the replica files under a PC's data folder.
func replicaBytes(b *testing.B, dataDir string) int64 {
	var n int64
	filepath.Walk(dataDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && strings.HasSuffix(p, ".db") {
			n += fi.Size()
		}
		return nil
	})
	if n == 0 {
		b.Fatal("no replica found")
	}
	return n
}

// resetPeakRSS starts a new peak for peakRSS (Linux: clear_refs 5 resets
// VmHWM to the current resident set).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSBytes is the process's peak resident set since resetPeakRSS (Linux),
// else the Go runtime's memory.
func peakRSSBytes() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys)
}

var fastKeys = &keys.Options{WorkFactor: 10}

// bucketStats logs each replica bucket's keys and bytes allocated and in
// use (KINKO_WRITE_STATS=1), to see where the replica's size goes.
func bucketStats(b *testing.B, dataDir string) {
	filepath.Walk(dataDir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || !strings.HasSuffix(p, "replica.db") {
			return nil
		}
		db, err := bolt.Open(p, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
				s := bk.Stats()
				if alloc := s.BranchAlloc + s.LeafAlloc; alloc > 1<<20 {
					b.Logf("%-12s keys %8d alloc %6.1f MB in use %6.1f MB (%.0f%%)", name, s.KeyN, float64(alloc)/1e6,
						float64(s.BranchInuse+s.LeafInuse)/1e6, 100*float64(s.BranchInuse+s.LeafInuse)/float64(alloc))
				}
				return nil
			})
		})
		return nil
	})
}

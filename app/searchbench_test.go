package app_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/internal/officefix"
)

// typed returns n keystroke queries: successive prefixes of the fixture's
// names and readings as a clerk types them (kanji, katakana, hiragana).
func typed(n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	var out []string
	for len(out) < n {
		i := rng.IntN(officefix.Clients)
		var words []string
		if rng.IntN(3) == 0 {
			c := officefix.Client(i, "x")
			words = []string{strings.TrimPrefix(c.Name, "株式会社"), strings.TrimPrefix(c.Kana, "カブシキガイシャ　")}
		} else {
			p := officefix.Person(i, rng.IntN(officefix.PerClient), "x")
			words = []string{p.Name, p.Kana}
		}
		w := []rune(words[rng.IntN(2)])
		if rng.IntN(2) == 0 { // katakana typed as hiragana
			for k, r := range w {
				if r >= 0x30A1 && r <= 0x30F6 {
					w[k] = r - 0x60
				}
			}
		}
		for k := 1; k <= len(w) && len(out) < n; k++ {
			out = append(out, string(w[:k]))
		}
	}
	return out
}

// BenchmarkSearchKeystrokeApp: the search box at 10,000 clients and
// 100,000 people on the window's real path — the bound
// ClientsService.Search with the window's limit (50), after a real login
// of the app on the fixture's replica. Reports the per-keystroke latency
// percentiles (target p95 < 10 ms) and, in the same run, the index's own
// search (records.Index.Search through office.Search) as the reference.
//
//	KINKO_BENCH_DIR=… go test ./app -run '^$' -bench SearchKeystrokeApp -benchtime 2x
func BenchmarkSearchKeystrokeApp(b *testing.B) {
	root := os.Getenv("KINKO_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "kinko-bench")
	}
	f, err := officefix.Build(root)
	if err != nil {
		b.Fatal(err)
	}
	a := app.New(app.Options{Emitter: &recorder{}, DataDir: f.DataDir, Keys: officefix.Keys, Keychain: keychain.NewMemory(),
		SyncInterval: time.Hour, IdleLock: time.Hour})
	a.Startup(b.Context())
	defer a.Shutdown(b.Context())
	if st, err := a.Vault().State(); err != nil || st.Phase != app.PhaseLocked {
		b.Fatalf("state: %+v, %v", st.Phase, err)
	}
	if _, err := a.Vault().Login(officefix.Login, officefix.Password, false); err != nil {
		b.Fatal(err)
	}
	cs := app.Clients(a)
	off := app.SessionOffice(a)
	queries := typed(500)
	var appLat, idxLat []time.Duration
	hits := 0
	for b.Loop() {
		for _, q := range queries {
			t0 := time.Now()
			h, err := cs.Search(q, 50)
			appLat = append(appLat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			hits += len(h)
			t1 := time.Now()
			hits += len(off.Search(q, 50))
			idxLat = append(idxLat, time.Since(t1))
		}
	}
	pct := func(lat []time.Duration, p float64) float64 {
		slices.Sort(lat)
		return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(appLat, 0.50), "p50-ms")
	b.ReportMetric(pct(appLat, 0.95), "p95-ms")
	b.ReportMetric(pct(appLat, 0.99), "p99-ms")
	b.ReportMetric(pct(idxLat, 0.95), "index-p95-ms")
	if hits == 0 {
		b.Fatal("no hits")
	}
}

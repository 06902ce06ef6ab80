package backup_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/backup"
)

// officeFolder writes 200 office-like files (CSV and text in Japanese,
// xlsx-like ZIP headers) and returns their slash paths.
func officeFolder(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	for i := range 200 {
		var name string
		var b []byte
		switch i % 4 {
		case 0, 1:
			name = fmt.Sprintf("顧問先%02d/仕訳帳_%03d.csv", i%10, i)
			b = []byte(strings.Repeat(fmt.Sprintf("2026/04/%02d,売上高,現金,%d,株式会社山田商店\n", i%28+1, i*1000), 60+i))
		case 2:
			name = fmt.Sprintf("顧問先%02d/メモ_%03d.txt", i%10, i)
			b = []byte(strings.Repeat("決算の打ち合わせ：領収書の整理をお願いします。\n", 40+i))
		default:
			name = fmt.Sprintf("顧問先%02d/試算表_%03d.xlsx", i%10, i)
			b = append([]byte("PK\x03\x04"), []byte(strings.Repeat("<row r=\"1\"><c>100</c></row>", 100+i))...)
		}
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), b)
		names = append(names, name)
	}
	return names
}

// The ransomware drill: a normal next day (5% of the files, CSVs, edited)
// is not flagged; "encrypting" 30% (random bytes, renamed to .locked) is,
// naming the day before as the last good snapshot, which restores
// byte-identical.
func TestAssessRansomwareDrill(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	src := filepath.Join(f.root, "事務所")
	names := officeFolder(t, src)
	r := f.open(t)
	day1 := mustSnapshot(t, r, src)

	edited := 0
	for _, n := range names {
		if strings.HasSuffix(n, ".csv") && edited < 10 {
			p := filepath.Join(src, filepath.FromSlash(n))
			writeFile(t, p, append(readFile(t, p), "2026/04/30,雑費,普通預金,3300,文具店\n"...))
			edited++
		}
	}
	day2 := mustSnapshot(t, r, src)
	normal, err := r.Assess(ctx, day1.ID, day2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if normal.Flagged || normal.Changed != 10 || normal.Total != 200 || normal.Added+normal.Removed+normal.Renamed != 0 || len(normal.Reasons) != 0 {
		t.Fatalf("normal day: %+v", normal)
	}

	good := hashTree(t, src)
	for i, n := range names {
		if i%10 >= 3 { // 30%
			continue
		}
		p := filepath.Join(src, filepath.FromSlash(n))
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, p+".locked", randomBytes(t, int(st.Size())))
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	day3 := mustSnapshot(t, r, src)
	bad, err := r.Assess(ctx, day2.ID, day3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bad.Flagged || bad.LastGood != day2.ID || bad.Removed != 60 || bad.Added != 60 || bad.Renamed != 60 || bad.HighEntropy != 60 {
		t.Fatalf("ransomware day: %+v", bad)
	}
	for _, reason := range []string{backup.ReasonMassChange, backup.ReasonHighEntropy, backup.ReasonMassRename} {
		if !slices.Contains(bad.Reasons, reason) {
			t.Errorf("reasons %v lack %s", bad.Reasons, reason)
		}
	}

	out := filepath.Join(f.root, "復元")
	if _, err := r.Restore(ctx, bad.LastGood, "", out, nil); err != nil {
		t.Fatal(err)
	}
	got := hashTree(t, out)
	if len(got) != len(good) {
		t.Fatalf("restored %d files, want %d", len(got), len(good))
	}
	for k, v := range good {
		if got[k] != v {
			t.Errorf("%s differs", k)
		}
	}
}

// Encryption in place (same names) is caught by entropy alone; a mass
// reorganisation (half the files moved to a new folder) is neither a
// change nor flagged; snapshots of two sources are refused.
func TestAssessCases(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	src, other := filepath.Join(f.root, "A"), filepath.Join(f.root, "B")
	names := officeFolder(t, src)
	writeFile(t, filepath.Join(other, "x.txt"), []byte("x"))
	r := f.open(t)
	s1 := mustSnapshot(t, r, src)
	so := mustSnapshot(t, r, other)
	if _, err := r.Assess(ctx, s1.ID, so.ID); err != backup.ErrOtherSource {
		t.Fatalf("two sources: %v", err)
	}

	// Reorganisation: half of the files move to 2025年度/ unchanged.
	for i, n := range names {
		if i%2 == 0 {
			from := filepath.Join(src, filepath.FromSlash(n))
			to := filepath.Join(src, "2025年度", filepath.FromSlash(n))
			writeFile(t, to, readFile(t, from))
			os.Remove(from)
		}
	}
	s2 := mustSnapshot(t, r, src)
	moved, err := r.Assess(ctx, s1.ID, s2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Flagged || moved.Moved != 100 || moved.Renamed != 0 || len(moved.Reasons) != 0 {
		t.Fatalf("reorganisation: %+v", moved)
	}

	// In place: every CSV overwritten with random bytes, names kept.
	for _, n := range names {
		p := filepath.Join(src, "2025年度", filepath.FromSlash(n))
		if _, err := os.Stat(p); err != nil {
			p = filepath.Join(src, filepath.FromSlash(n))
		}
		if strings.HasSuffix(n, ".csv") {
			writeFile(t, p, randomBytes(t, len(readFile(t, p))))
		}
	}
	s3 := mustSnapshot(t, r, src)
	inPlace, err := r.Assess(ctx, s2.ID, s3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !inPlace.Flagged || inPlace.Changed != 100 || inPlace.HighEntropy != 100 || inPlace.Renamed != 0 {
		t.Fatalf("in place: %+v", inPlace)
	}
}

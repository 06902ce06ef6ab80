package records_test

import (
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/kinko-jp/kinko/core/records"
)

// testIndex builds a small index:
//
//	client c1  株式会社山田商事  ヤマダショウジ      A-0012  03-1234-5678
//	client c2  山田太郎          ヤマダ　タロウ      B-0001  0312349999
//	client c3  高橋工業有限会社  タカハシコウギョウ  a-0100
//	person p1  山田花子 (c1)     ヤマダ　ハナコ      090-1111-2222  丸の内
//	person p2  佐藤一郎 (c1)     サトウ　イチロウ
//	person p3  髙橋次郎 (c3)     タカハシ　ジロウ
//	person p4  山田 (c2)         ヤマダ
func testIndex() *records.Index {
	ix := records.NewIndex()
	clients := []records.Client{
		{ID: "c1", Code: "A-0012", Kind: records.KindCorporation, Name: "株式会社山田商事", Kana: "ヤマダショウジ",
			Phone: "03-1234-5678", Address: "東京都千代田区丸の内1-2-3", Email: "info@yamada.example.jp",
			Contacts: []records.Contact{{Name: "経理 鈴木", Kana: "スズキ"}}, Tags: []string{"月次"}},
		{ID: "c2", Code: "B-0001", Kind: records.KindIndividual, Name: "山田太郎", Kana: "ヤマダ　タロウ", Phone: "0312349999"},
		{ID: "c3", Code: "a-0100", Kind: records.KindCorporation, Name: "高橋工業有限会社", Kana: "タカハシコウギョウ"},
	}
	for i := range clients {
		ix.Put(records.DocFromClient(&clients[i]))
	}
	persons := []struct {
		p      records.Person
		client string
	}{
		{records.Person{ID: "p1", ClientID: "c1", Name: "山田花子", Kana: "ヤマダ　ハナコ", Phone: "090-1111-2222",
			Address: "東京都千代田区丸の内1-2-3"}, "株式会社山田商事"},
		{records.Person{ID: "p2", ClientID: "c1", Name: "佐藤一郎", Kana: "サトウ　イチロウ"}, "株式会社山田商事"},
		{records.Person{ID: "p3", ClientID: "c3", Name: "髙橋次郎", Kana: "タカハシ　ジロウ"}, "高橋工業有限会社"},
		{records.Person{ID: "p4", ClientID: "c2", Name: "山田", Kana: "ヤマダ"}, "山田太郎"},
	}
	for _, p := range persons {
		ix.Put(records.DocFromPerson(&p.p, p.client))
	}
	return ix
}

func targets(hits []records.Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Target)
	}
	return out
}

const (
	c1 = "client/c1"
	c2 = "client/c2"
	c3 = "client/c3"
	p1 = "person/c1/p1"
	p2 = "person/c1/p2"
	p3 = "person/c3/p3"
	p4 = "person/c2/p4"
)

func TestSearch(t *testing.T) {
	ix := testIndex()
	tests := []struct {
		name  string
		query string
		limit int
		want  []string
	}{
		{"half-width katakana finds kanji name by reading", "ﾔﾏﾀﾞ", 0, []string{p4, c1, c2, p1}},
		{"hiragana", "やまだ", 0, []string{p4, c1, c2, p1}},
		{"katakana", "ヤマダ", 0, []string{p4, c1, c2, p1}},
		{"kanji: exact, then prefix (legal form ignored), then client name in extra", "山田", 0, []string{p4, c1, c2, p1, p2}},
		{"full reading with space", "やまだ たろう", 0, []string{c2}},
		{"full reading typed half-width without space", "ﾔﾏﾀﾞﾀﾛｳ", 0, []string{c2}},
		{"and: both terms", "山田 花子", 0, []string{p1}},
		{"and: order does not matter", "花子 山田", 0, []string{p1}},
		{"and: one term in client name", "山田 佐藤", 0, []string{p2}},
		{"and: no document has both", "佐藤 高橋", 0, []string{}},
		{"phone with hyphens finds both forms", "03-1234", 0, []string{c1, c2}},
		{"phone digits find hyphenated", "0312345678", 0, []string{c1}},
		{"phone full-width", "０９０－１１１１", 0, []string{p1}},
		{"phone digits of mobile", "09011112222", 0, []string{p1}},
		{"code exact", "A-0012", 0, []string{c1}},
		{"code case-insensitive", "a-0012", 0, []string{c1}},
		{"code full-width", "ａ－００１２", 0, []string{c1}},
		{"code lower-case stored", "A-0100", 0, []string{c3}},
		{"code prefix", "b-00", 0, []string{c2}},
		{"name variant", "高橋", 0, []string{c3, p3}},
		{"name variant typed old form", "髙橋次郎", 0, []string{p3}},
		{"address", "丸の内", 0, []string{c1, p1}},
		{"contact name in extra", "鈴木", 0, []string{c1}},
		{"contact name across space", "経理鈴木", 0, []string{c1}},
		{"tag", "月次", 0, []string{c1}},
		{"email", "info@yamada", 0, []string{c1}},
		{"extra lines do not join", "月次info", 0, []string{}},
		{"fields do not join", "ヤマダショウジa-0012", 0, []string{}},
		{"single kana: substring, clients first", "ダ", 0, []string{c1, c2, p4, p1}},
		{"limit", "やまだ", 2, []string{p4, c1}},
		{"no match", "存在しない", 0, []string{}},
		{"unknown rune", "🙂", 0, []string{}},
		{"empty", "", 0, []string{}},
		{"spaces only", " 　\t", 0, []string{}},
		{"repeated term", "山田 山田", 0, []string{p4, c1, c2, p1, p2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := targets(ix.Search(tt.query, tt.limit, records.AllowAll))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchMatch(t *testing.T) {
	ix := testIndex()
	tests := []struct {
		query string
		want  map[string]records.Match
	}{
		{"やまだ", map[string]records.Match{p4: records.MatchExact, c1: records.MatchPrefix, c2: records.MatchPrefix, p1: records.MatchPrefix}},
		{"山田商事", map[string]records.Match{c1: records.MatchExact, p1: records.MatchOther, p2: records.MatchOther}},
		{"商事", map[string]records.Match{c1: records.MatchSubstring, p1: records.MatchOther, p2: records.MatchOther}},
		{"たろう", map[string]records.Match{c2: records.MatchSubstring}},
		{"太郎", map[string]records.Match{c2: records.MatchSubstring, p4: records.MatchOther}},
		{"a-0012", map[string]records.Match{c1: records.MatchExact}},
		{"03-1234", map[string]records.Match{c1: records.MatchOther, c2: records.MatchOther}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := map[string]records.Match{}
			for _, h := range ix.Search(tt.query, 0, records.AllowAll) {
				got[h.Target] = h.Match
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) matches = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchRankingTies(t *testing.T) {
	ix := records.NewIndex()
	docs := []records.Doc{
		{Target: "person/x/3", ClientID: "x", Kind: records.DocPerson, Name: "山本", Kana: "ヤマモト"},
		{Target: "person/x/2", ClientID: "x", Kind: records.DocPerson, Name: "山口", Kana: "ヤマグチ"},
		{Target: "person/x/1", ClientID: "x", Kind: records.DocPerson, Name: "山中"},
		{Target: "client/y", ClientID: "y", Kind: records.DocClient, Name: "山川", Kana: "ヤマカワ"},
		{Target: "client/z", ClientID: "z", Kind: records.DocClient, Name: "大山", Kana: "オオヤマ"},
	}
	for _, d := range docs {
		ix.Put(d)
	}
	// Prefix matches first (client, then persons by reading, the one without
	// a reading last), then the substring match.
	want := []string{"client/y", "person/x/2", "person/x/3", "person/x/1", "client/z"}
	if got := targets(ix.Search("山", 0, records.AllowAll)); !reflect.DeepEqual(got, want) {
		t.Errorf("Search = %v, want %v", got, want)
	}
}

func TestSearchAllow(t *testing.T) {
	ix := testIndex()
	calls := map[string]int{}
	hideC1 := func(id string) bool { calls[id]++; return id != "c1" }
	tests := []struct {
		name  string
		query string
		allow func(string) bool
		want  []string
	}{
		{"hidden client and its people never appear", "やまだ", hideC1, []string{p4, c2}},
		{"hidden client by code", "A-0012", hideC1, []string{}},
		{"nil allow fails closed", "やまだ", nil, []string{}},
		{"deny all", "やまだ", func(string) bool { return false }, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := targets(ix.Search(tt.query, 0, tt.allow))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	for id, n := range calls {
		if n > 2 { // once per search that met the client
			t.Errorf("allow(%q) called %d times", id, n)
		}
	}
}

func TestIndexPutRemove(t *testing.T) {
	ix := testIndex()
	if ix.Len() != 7 {
		t.Fatalf("Len = %d, want 7", ix.Len())
	}
	ix.Remove(p4)
	ix.Remove("person/c2/nobody")
	if got := targets(ix.Search("やまだ", 0, records.AllowAll)); !reflect.DeepEqual(got, []string{c1, c2, p1}) {
		t.Errorf("after Remove: %v", got)
	}
	if ix.Len() != 6 {
		t.Errorf("Len = %d, want 6", ix.Len())
	}
	// Replacing a document: the old texts no longer match.
	ix.Put(records.Doc{Target: p1, ClientID: "c1", Kind: records.DocPerson, Name: "鈴木花子", Kana: "スズキ　ハナコ"})
	if got := targets(ix.Search("山田 花子", 0, records.AllowAll)); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
	if got := targets(ix.Search("すずき はなこ", 0, records.AllowAll)); !reflect.DeepEqual(got, []string{p1}) {
		t.Errorf("new name: %v", got)
	}
	if ix.Len() != 6 {
		t.Errorf("Len = %d, want 6", ix.Len())
	}
	ix.Put(records.Doc{Name: "no target"})
	if ix.Len() != 6 {
		t.Errorf("a Doc without Target was added")
	}
	var zero records.Index
	zero.Put(records.Doc{Target: "client/z", ClientID: "z", Kind: records.DocClient, Name: "山田"})
	if got := targets(zero.Search("山田", 0, records.AllowAll)); !reflect.DeepEqual(got, []string{"client/z"}) {
		t.Errorf("zero Index: %v", got)
	}
}

func TestIndexRebuild(t *testing.T) {
	// Many replacements and removals leave dead slots; the index rebuilds
	// itself and must still answer exactly.
	ix := records.NewIndex()
	for round := range 20 {
		for i := range 100 {
			ix.Put(records.Doc{
				Target: "person/c/" + strconv.Itoa(i), ClientID: "c", Kind: records.DocPerson,
				Name: fmt.Sprintf("名前%d-%d", i, round), Kana: "ナマエ",
			})
		}
	}
	for i := 50; i < 100; i++ {
		ix.Remove("person/c/" + strconv.Itoa(i))
	}
	if ix.Len() != 50 {
		t.Fatalf("Len = %d, want 50", ix.Len())
	}
	if got := ix.Search("なまえ", 1000, records.AllowAll); len(got) != 50 {
		t.Errorf("found %d, want 50", len(got))
	}
	if got := ix.Search("名前7-19", 0, records.AllowAll); len(got) != 1 || got[0].Target != "person/c/7" {
		t.Errorf("latest version: %v", targets(got))
	}
	if got := ix.Search("名前7-18", 0, records.AllowAll); len(got) != 0 {
		t.Errorf("stale version found: %v", targets(got))
	}
	if got := ix.Search("名前70-19", 0, records.AllowAll); len(got) != 0 {
		t.Errorf("removed document found: %v", targets(got))
	}
}

func TestIndexConcurrent(t *testing.T) {
	// Run with -race: writers Put and Remove while readers Search.
	ix := testIndex()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 300 {
				target := fmt.Sprintf("person/c1/w%d-%d", w, i%30)
				ix.Put(records.Doc{Target: target, ClientID: "c1", Kind: records.DocPerson, Name: "山田" + strconv.Itoa(i), Kana: "ヤマダ"})
				if i%3 == 0 {
					ix.Remove(target)
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for i := range 300 {
				for _, h := range ix.Search([]string{"やまだ", "ﾔﾏ", "山田 花子", "03-1234"}[i%4], 20, records.AllowAll) {
					if h.Target == "" {
						t.Error("empty hit")
						return
					}
				}
				_ = ix.Len()
			}
		})
	}
	wg.Wait()
	if got := targets(ix.Search("山田 花子", 0, records.AllowAll)); !reflect.DeepEqual(got, []string{p1}) {
		t.Errorf("after concurrent writes: %v", got)
	}
}

func ExampleIndex_Search() {
	ix := records.NewIndex()
	c := records.Client{ID: "c1", Code: "A-0012", Kind: records.KindCorporation, Name: "株式会社山田商事", Kana: "ヤマダショウジ", Phone: "03-1234-5678"}
	p := records.Person{ID: "p1", ClientID: "c1", Name: "山田花子", Kana: "ヤマダ　ハナコ"}
	hidden := records.Person{ID: "p2", ClientID: "c9", Name: "山田次郎", Kana: "ヤマダ　ジロウ"}
	ix.Put(records.DocFromClient(&c))
	ix.Put(records.DocFromPerson(&p, c.Name))
	ix.Put(records.DocFromPerson(&hidden, ""))

	visible := func(clientID string) bool { return clientID != "c9" } // c9 is 開示不能 for this user
	for _, q := range []string{"ﾔﾏﾀﾞ", "やまだ はなこ", "0312345678", "a-0012"} {
		for _, h := range ix.Search(q, 10, visible) {
			fmt.Printf("%s → %s %s (%d)\n", q, h.Target, h.Name, h.Match)
		}
	}
	// Output:
	// ﾔﾏﾀﾞ → client/c1 株式会社山田商事 (1)
	// ﾔﾏﾀﾞ → person/c1/p1 山田花子 (1)
	// やまだ はなこ → person/c1/p1 山田花子 (0)
	// 0312345678 → client/c1 株式会社山田商事 (3)
	// a-0012 → client/c1 株式会社山田商事 (0)
}

// SearchCached asks allow once per client for one gen, however many
// searches meet it, and again once gen changes: a withdrawn client
// disappears at the first search of the new gen.
func TestSearchCachedAsksOncePerGen(t *testing.T) {
	ix := records.NewIndex()
	ix.Put(records.Doc{Target: records.ClientTarget("c1"), ClientID: "c1", Kind: records.DocClient, Name: "山田商事"})
	ix.Put(records.Doc{Target: records.PersonTarget("c1", "p1"), ClientID: "c1", Kind: records.DocPerson, Name: "山田 花子"})
	ix.Put(records.Doc{Target: records.ClientTarget("c2"), ClientID: "c2", Kind: records.DocClient, Name: "山田工業"})
	asked := map[string]int{}
	hidden := map[string]bool{}
	allow := func(c string) bool { asked[c]++; return !hidden[c] }
	for range 3 {
		if hits := ix.SearchCached("山田", 10, 7, allow); len(hits) != 3 {
			t.Fatalf("gen 7: %d hits", len(hits))
		}
	}
	if asked["c1"] != 1 || asked["c2"] != 1 {
		t.Fatalf("asked %v for three searches of one gen", asked)
	}
	hidden["c2"] = true
	if hits := ix.SearchCached("山田", 10, 8, allow); len(hits) != 2 || asked["c2"] != 2 {
		t.Fatalf("gen 8: %d hits, asked %v", len(hits), asked)
	}
	ix.Put(records.Doc{Target: records.ClientTarget("c3"), ClientID: "c3", Kind: records.DocClient, Name: "山田運輸"})
	if hits := ix.SearchCached("山田", 10, 8, allow); len(hits) != 3 || asked["c3"] != 1 || asked["c1"] != 2 {
		t.Fatalf("a new client: %d hits, asked %v", len(hits), asked)
	}
}

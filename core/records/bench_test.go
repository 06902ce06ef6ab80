package records_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/width"

	"github.com/kinko-jp/kinko/core/records"
)

// Synthetic but realistic names: common surnames and given names with their
// readings ("漢字:カナ").
var (
	surnames = strings.Fields(`佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト
		中村:ナカムラ 小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト
		井上:イノウエ 木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ 森:モリ 池田:イケダ 橋本:ハシモト
		阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ 石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ 長谷川:ハセガワ
		藤田:フジタ 後藤:ゴトウ 近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト 斉藤:サイトウ
		福田:フクダ 太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ 中野:ナカノ 三浦:ミウラ
		原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ 中山:ナカヤマ 和田:ワダ 石田:イシダ
		森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ 酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ
		安藤:アンドウ 宮本:ミヤモト 大野:オオノ 小島:コジマ 谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ
		丸山:マルヤマ 杉山:スギヤマ 村田:ムラタ 大塚:オオツカ 新井:アライ 小山:コヤマ 平野:ヒラノ 藤本:フジモト 河野:コウノ
		上野:ウエノ 野口:ノグチ 武田:タケダ 松井:マツイ 千葉:チバ 岩崎:イワサキ 菅原:スガワラ 木下:キノシタ 久保:クボ
		佐野:サノ 野村:ノムラ 松尾:マツオ 菊地:キクチ 杉本:スギモト 市川:イチカワ 古川:フルカワ 大西:オオニシ 島田:シマダ
		水野:ミズノ 桜井:サクライ 髙橋:タカハシ 渡邉:ワタナベ`)
	givenNames = strings.Fields(`太郎:タロウ 一郎:イチロウ 健太:ケンタ 翔太:ショウタ 大輔:ダイスケ 拓也:タクヤ 直樹:ナオキ
		和也:カズヤ 達也:タツヤ 誠:マコト 浩:ヒロシ 隆:タカシ 学:マナブ 剛:ツヨシ 修:オサム 勝:マサル 茂:シゲル 実:ミノル
		清:キヨシ 博:ヒロシ 健一:ケンイチ 雄一:ユウイチ 正樹:マサキ 裕介:ユウスケ 大樹:ダイキ 蓮:レン 湊:ミナト 陽翔:ハルト
		悠真:ユウマ 蒼:アオイ 樹:イツキ 颯太:ソウタ 大和:ヤマト 陸:リク 悠人:ユウト 優斗:ユウト 海斗:カイト 陽太:ヨウタ
		健:ケン 亮:リョウ 翼:ツバサ 駿:シュン 慎也:シンヤ 智也:トモヤ 秀樹:ヒデキ 信也:シンヤ 英樹:ヒデキ 光:ヒカル
		進:ススム 豊:ユタカ 花子:ハナコ 恵子:ケイコ 幸子:サチコ 洋子:ヨウコ 京子:キョウコ 久美子:クミコ 陽子:ヨウコ 裕子:ユウコ
		直美:ナオミ 由美:ユミ 真由美:マユミ 明美:アケミ 智子:トモコ 美穂:ミホ 愛:アイ 彩:アヤ 舞:マイ 結衣:ユイ 美咲:ミサキ
		陽菜:ヒナ 結菜:ユイナ 葵:アオイ 凛:リン 芽依:メイ 紬:ツムギ 澪:ミオ 莉子:リコ 美月:ミツキ 千尋:チヒロ 真央:マオ
		沙織:サオリ 香織:カオリ 麻衣:マイ 綾香:アヤカ 早紀:サキ 瞳:ヒトミ 優子:ユウコ 恵美:エミ 由紀:ユキ 奈々:ナナ
		さくら:サクラ ひかり:ヒカリ 和子:カズコ 節子:セツコ 弘子:ヒロコ 静香:シズカ 紀子:ノリコ 文子:フミコ 千代:チヨ`)
	companyWords = strings.Fields(`商事:ショウジ 建設:ケンセツ 工業:コウギョウ 製作所:セイサクショ 物産:ブッサン 運輸:ウンユ
		不動産:フドウサン 電機:デンキ 食品:ショクヒン 設計:セッケイ 興業:コウギョウ 産業:サンギョウ 薬局:ヤッキョク 企画:キカク
		印刷:インサツ 技研:ギケン 商店:ショウテン 農園:ノウエン 精工:セイコウ 開発:カイハツ`)
	places = strings.Fields(`東京都千代田区丸の内 東京都新宿区西新宿 東京都世田谷区三軒茶屋 神奈川県横浜市中区山下町
		大阪府大阪市北区梅田 愛知県名古屋市中村区名駅 埼玉県さいたま市浦和区高砂 千葉県船橋市本町 福岡県福岡市博多区博多駅前
		北海道札幌市中央区北一条西 宮城県仙台市青葉区一番町 京都府京都市下京区四条通 兵庫県神戸市中央区三宮町`)
)

func split(pair string) (kanji, kana string) {
	k, r, _ := strings.Cut(pair, ":")
	return k, r
}

// synthDocs builds nClients clients (mostly companies, some individuals)
// and nPersons persons spread over them, deterministically.
func synthDocs(nClients, nPersons int) []records.Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(list []string) (string, string) { return split(list[rng.IntN(len(list))]) }
	phone := func() string {
		if rng.IntN(2) == 0 {
			return fmt.Sprintf("0%d-%04d-%04d", 3+rng.IntN(7), rng.IntN(10000), rng.IntN(10000))
		}
		return fmt.Sprintf("090%08d", rng.IntN(100000000))
	}
	address := func() string {
		return fmt.Sprintf("%s%d-%d-%d", places[rng.IntN(len(places))], 1+rng.IntN(9), 1+rng.IntN(30), 1+rng.IntN(20))
	}
	docs := make([]records.Doc, 0, nClients+nPersons)
	clientNames := make([]string, nClients)
	for i := range nClients {
		s, sk := pick(surnames)
		var c records.Client
		switch i % 5 {
		case 0, 1, 2:
			w, wk := pick(companyWords)
			c = records.Client{Kind: records.KindCorporation, Name: "株式会社" + s + w, Kana: sk + wk}
		case 3:
			w, wk := pick(companyWords)
			c = records.Client{Kind: records.KindCorporation, Name: s + w + "有限会社", Kana: sk + wk}
		default:
			g, gk := pick(givenNames)
			c = records.Client{Kind: records.KindSoleProprietor, Name: s + "　" + g, Kana: sk + "　" + gk}
		}
		c.ID = fmt.Sprintf("c%05d", i)
		c.Code = fmt.Sprintf("A-%04d", i)
		c.Phone, c.Address = phone(), address()
		clientNames[i] = c.Name
		docs = append(docs, records.DocFromClient(&c))
	}
	for i := range nPersons {
		ci := rng.IntN(nClients)
		s, sk := pick(surnames)
		g, gk := pick(givenNames)
		p := records.Person{
			ID: fmt.Sprintf("p%06d", i), ClientID: fmt.Sprintf("c%05d", ci),
			Name: s + " " + g, Kana: sk + "　" + gk, Phone: phone(), Address: address(),
		}
		docs = append(docs, records.DocFromPerson(&p, clientNames[ci]))
	}
	return docs
}

// keystrokeQueries simulates typing: successive prefixes of real names and
// readings, typed in hiragana, half-width katakana or kanji.
func keystrokeQueries(docs []records.Doc, n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	var out []string
	for len(out) < n {
		d := docs[rng.IntN(len(docs))]
		var typed []rune
		switch rng.IntN(3) {
		case 0:
			typed = []rune(toHiragana(d.Kana))
		case 1:
			typed = []rune(width.Narrow.String(d.Kana))
		default:
			typed = []rune(d.Name)
		}
		for i := 1; i <= len(typed) && len(out) < n; i++ {
			out = append(out, string(typed[:i]))
		}
	}
	return out
}

func toHiragana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x30A1 && r <= 0x30F6 {
			return r - 0x60
		}
		return r
	}, s)
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// BenchmarkSearchKeystroke measures single searches in a realistic office
// (10,000 clients, 100,000 persons) as a clerk types. One op is 500
// searches; the metrics that matter are the per-search latencies
// (p50/p95/p99-ms, target p95 < 30 ms), the heap the index retains
// (index-MB, documents included) and the build time (build-ms).
func BenchmarkSearchKeystroke(b *testing.B) {
	before := heapMB()
	docs := synthDocs(10_000, 100_000)
	queries := keystrokeQueries(docs, 500)
	start := time.Now()
	ix := records.NewIndex()
	for _, d := range docs {
		ix.Put(d)
	}
	build := time.Since(start)
	docs = nil
	mb := heapMB() - before
	// Hide one client in ten, as a staff member's levels would.
	allow := func(id string) bool { return !strings.HasSuffix(id, "7") }

	var lat []time.Duration
	hits := 0
	for b.Loop() {
		for _, q := range queries {
			t0 := time.Now()
			hits += len(ix.Search(q, 50, allow))
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/float64(time.Millisecond), "max-ms")
	b.ReportMetric(mb, "index-MB")
	b.ReportMetric(float64(build)/float64(time.Millisecond), "build-ms")
	if hits == 0 {
		b.Fatal("no hits")
	}
	runtime.KeepAlive(ix)
}

// BenchmarkPut measures adding one document to an index of 110,000.
func BenchmarkPut(b *testing.B) {
	docs := synthDocs(10_000, 100_000)
	ix := records.NewIndex()
	for _, d := range docs {
		ix.Put(d)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		d.Name += "改"
		ix.Put(d)
	}
}

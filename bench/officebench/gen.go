package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"

	"golang.org/x/text/encoding/japanese"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// The office's files, as another program exports them for the migration:
// Shift_JIS CSV with Japanese column titles (what the import dialog and
// `kinko import` read). Names are drawn from common surnames and given
// names with their readings; every corporation has a 法人番号 with a valid
// check digit. Seeded: the same sizes give the same files.

type name struct{ kanji, kana string }

var surnames = []name{
	{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"},
	{"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
	{"吉田", "ヨシダ"}, {"山田", "ヤマダ"}, {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
	{"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"}, {"斎藤", "サイトウ"}, {"清水", "シミズ"},
	{"山崎", "ヤマザキ"}, {"森", "モリ"}, {"池田", "イケダ"}, {"橋本", "ハシモト"}, {"阿部", "アベ"},
	{"石川", "イシカワ"}, {"山下", "ヤマシタ"}, {"中島", "ナカジマ"}, {"石井", "イシイ"}, {"小川", "オガワ"},
	{"前田", "マエダ"}, {"岡田", "オカダ"}, {"長谷川", "ハセガワ"}, {"藤田", "フジタ"}, {"後藤", "ゴトウ"},
	{"近藤", "コンドウ"}, {"村上", "ムラカミ"}, {"遠藤", "エンドウ"}, {"青木", "アオキ"}, {"坂本", "サカモト"},
	{"斉藤", "サイトウ"}, {"福田", "フクダ"}, {"太田", "オオタ"}, {"西村", "ニシムラ"}, {"藤井", "フジイ"},
	{"金子", "カネコ"}, {"岡本", "オカモト"}, {"藤原", "フジワラ"}, {"中野", "ナカノ"}, {"三浦", "ミウラ"},
	{"原田", "ハラダ"}, {"中川", "ナカガワ"}, {"松田", "マツダ"}, {"竹内", "タケウチ"}, {"小野", "オノ"},
	{"田村", "タムラ"}, {"中山", "ナカヤマ"}, {"和田", "ワダ"}, {"石田", "イシダ"}, {"森田", "モリタ"},
	{"上田", "ウエダ"}, {"原", "ハラ"}, {"内田", "ウチダ"}, {"柴田", "シバタ"}, {"酒井", "サカイ"},
	{"宮崎", "ミヤザキ"}, {"横山", "ヨコヤマ"}, {"高木", "タカギ"}, {"安藤", "アンドウ"}, {"宮本", "ミヤモト"},
	{"大野", "オオノ"}, {"小島", "コジマ"}, {"谷口", "タニグチ"}, {"今井", "イマイ"}, {"工藤", "クドウ"},
	{"高田", "タカダ"}, {"増田", "マスダ"}, {"丸山", "マルヤマ"}, {"杉山", "スギヤマ"}, {"村田", "ムラタ"},
}

var givenNames = []name{
	{"太郎", "タロウ"}, {"一郎", "イチロウ"}, {"健太", "ケンタ"}, {"大輔", "ダイスケ"}, {"翔太", "ショウタ"},
	{"拓也", "タクヤ"}, {"直樹", "ナオキ"}, {"浩二", "コウジ"}, {"誠", "マコト"}, {"隆", "タカシ"},
	{"蓮", "レン"}, {"陽翔", "ハルト"}, {"悠真", "ユウマ"}, {"湊", "ミナト"}, {"大和", "ヤマト"},
	{"修", "オサム"}, {"清", "キヨシ"}, {"勝", "マサル"}, {"茂", "シゲル"}, {"博", "ヒロシ"},
	{"花子", "ハナコ"}, {"美咲", "ミサキ"}, {"陽子", "ヨウコ"}, {"由美", "ユミ"}, {"恵子", "ケイコ"},
	{"さくら", "サクラ"}, {"結衣", "ユイ"}, {"陽菜", "ヒナ"}, {"葵", "アオイ"}, {"凛", "リン"},
	{"明美", "アケミ"}, {"久美子", "クミコ"}, {"智子", "トモコ"}, {"裕子", "ユウコ"}, {"真由美", "マユミ"},
	{"和子", "カズコ"}, {"幸子", "サチコ"}, {"節子", "セツコ"}, {"直美", "ナオミ"}, {"愛", "アイ"},
}

var trades = []name{
	{"商事", "ショウジ"}, {"建設", "ケンセツ"}, {"工業", "コウギョウ"}, {"食品", "ショクヒン"}, {"不動産", "フドウサン"},
	{"運輸", "ウンユ"}, {"電機", "デンキ"}, {"設計", "セッケイ"}, {"薬局", "ヤッキョク"}, {"印刷", "インサツ"},
	{"物産", "ブッサン"}, {"興業", "コウギョウ"}, {"製作所", "セイサクショ"}, {"システム", "システム"}, {"企画", "キカク"},
}

var places = []name{
	{"", ""}, {"東京", "トウキョウ"}, {"城北", "ジョウホク"}, {"湘南", "ショウナン"}, {"みなと", "ミナト"},
	{"さくら", "サクラ"}, {"あおば", "アオバ"}, {"富士", "フジ"}, {"大和", "ヤマト"}, {"日本橋", "ニホンバシ"},
}

var forms = []name{{"株式会社", "カブシキガイシャ"}, {"有限会社", "ユウゲンガイシャ"}, {"合同会社", "ゴウドウガイシャ"}}

var cities = []string{
	"東京都千代田区丸の内", "東京都新宿区西新宿", "東京都世田谷区桜新町", "東京都練馬区豊玉北", "神奈川県横浜市中区山下町",
	"神奈川県川崎市中原区小杉町", "埼玉県さいたま市浦和区高砂", "千葉県船橋市本町", "大阪府大阪市北区梅田", "愛知県名古屋市中区栄",
	"福岡県福岡市中央区天神", "北海道札幌市中央区大通西", "宮城県仙台市青葉区一番町", "京都府京都市中京区烏丸通", "兵庫県神戸市中央区三宮町",
}

var roles = []string{"役員", "従業員", "従業員", "従業員", "扶養親族", "報酬支払先", "役員・従業員"}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// corporateNumber is a 法人番号 with a valid check digit.
func corporateNumber(r *rand.Rand) string {
	base := fmt.Sprintf("%012d", r.Int64N(1e12))
	d, err := mynumber.CorporateCheckDigit(base)
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%d%s", d, base)
}

func clientCode(i int) string { return fmt.Sprintf("K-%05d", i+1) }

// genClients is the clients file: 70 % 法人, 20 % 個人事業主, 10 % 個人.
func genClients(n int) []byte {
	r := rand.New(rand.NewPCG(1, 1))
	var b bytes.Buffer
	b.WriteString("顧問先コード,区分,顧問先名,フリガナ,法人番号,郵便番号,住所,電話番号,メール,決算月,顧問開始日,備考\r\n")
	for i := range n {
		s, g := pick(r, surnames), pick(r, givenNames)
		city := pick(r, cities)
		addr := fmt.Sprintf("%s%d-%d-%d", city, r.IntN(9)+1, r.IntN(30)+1, r.IntN(20)+1)
		postal := fmt.Sprintf("%03d-%04d", 100+r.IntN(900), r.IntN(10000))
		phone := fmt.Sprintf("0%d-%04d-%04d", r.IntN(9)+1, r.IntN(10000), r.IntN(10000))
		since := fmt.Sprintf("%d-%02d-01", 2000+r.IntN(26), r.IntN(12)+1)
		var kind, nm, kana, corp, month, notes string
		switch x := r.IntN(10); {
		case x < 7:
			f, t, p := pick(r, forms), pick(r, trades), pick(r, places)
			base := s
			if p.kanji != "" && r.IntN(2) == 0 {
				base = p
			}
			kind, nm, kana = "法人", f.kanji+base.kanji+t.kanji, base.kana+t.kana
			corp, month, notes = corporateNumber(r), fmt.Sprint(r.IntN(12)+1), "月次顧問・決算申告"
		case x < 9:
			t := pick(r, trades)
			kind, nm, kana = "個人事業主", s.kanji+" "+g.kanji+"（"+s.kanji+t.kanji+"）", s.kana+" "+g.kana
			month, notes = "12", "青色申告・記帳代行"
		default:
			kind, nm, kana = "個人", s.kanji+" "+g.kanji, s.kana+" "+g.kana
			month, notes = "12", "確定申告のみ"
		}
		mail := ""
		if r.IntN(3) == 0 {
			mail = fmt.Sprintf("info%d@example.jp", i+1)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n", clientCode(i), kind, nm, kana, corp, postal, addr, phone, mail, month, since, notes)
	}
	return sjis(b.Bytes())
}

// genPeople is the people file: people spread evenly over the clients
// (officers, employees, dependents, payees), birth dates in 和暦 or ISO.
func genPeople(n, clients int) []byte {
	r := rand.New(rand.NewPCG(2, 2))
	var b bytes.Buffer
	b.WriteString("顧問先コード,役割,氏名,フリガナ,生年月日,入社日,郵便番号,住所,電話番号,備考\r\n")
	for i := range n {
		s, g := pick(r, surnames), pick(r, givenNames)
		var birth string
		y := 1940 + r.IntN(65)
		if r.IntN(2) == 0 || y == 1989 {
			birth = fmt.Sprintf("%d-%02d-%02d", y, r.IntN(12)+1, r.IntN(28)+1)
		} else if y >= 1990 {
			birth = fmt.Sprintf("平成%d年%d月%d日", y-1988, r.IntN(12)+1, r.IntN(28)+1)
		} else {
			birth = fmt.Sprintf("昭和%d年%d月%d日", y-1925, r.IntN(12)+1, r.IntN(28)+1)
		}
		joined := ""
		if r.IntN(3) > 0 {
			joined = fmt.Sprintf("%d-04-01", max(y+20, 1990+r.IntN(35)))
			if joined > "2026-04-01" {
				joined = "2026-04-01"
			}
		}
		addr := fmt.Sprintf("%s%d-%d", pick(r, cities), r.IntN(9)+1, r.IntN(30)+1)
		postal := fmt.Sprintf("%03d-%04d", 100+r.IntN(900), r.IntN(10000))
		phone := fmt.Sprintf("090-%04d-%04d", r.IntN(10000), r.IntN(10000))
		fmt.Fprintf(&b, "%s,%s,%s %s,%s %s,%s,%s,%s,%s,%s,%s\r\n", clientCode(i*clients/n), pick(r, roles), s.kanji, g.kanji, s.kana, g.kana,
			birth, joined, postal, addr, phone, "扶養控除等申告書 提出済")
	}
	return sjis(b.Bytes())
}

func sjis(b []byte) []byte {
	out, err := japanese.ShiftJIS.NewEncoder().Bytes(b)
	if err != nil {
		panic(err)
	}
	return out
}

func writeFiles(dir string, clients, people int) error {
	if err := os.WriteFile(dir+"/clients.csv", genClients(clients), 0o600); err != nil {
		return err
	}
	return os.WriteFile(dir+"/people.csv", genPeople(people, clients), 0o600)
}

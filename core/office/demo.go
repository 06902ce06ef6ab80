package office

import (
	"fmt"
	"time"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
)

// DemoPassword is the demo vault's password. The demo vault holds only
// invented data, so its password is printed on the login screen.
const DemoPassword = "kinko-demo-2026"

// demoNumbers are obviously invented My Numbers (repeated or sequential
// digits) whose check digits are valid, so every screen can be tried.
var demoNumbers = []string{
	"123456789018", "111111111118", "222222222225", "333333333332", "444444444440",
	"555555555557", "666666666664", "777777777771", "888888888889", "999999999996",
}

var demoClients = []struct {
	kind           records.ClientKind
	name, kana     string
	code, corp     string
	month          int
	phone, address string
}{
	{records.KindCorporation, "【サンプル】株式会社さくら商事", "サクラショウジ", "S-0001", "", 3, "03-0000-0001", "東京都千代田区サンプル町1-1"},
	{records.KindCorporation, "【サンプル】有限会社やまびこ工房", "ヤマビココウボウ", "S-0002", "", 9, "06-0000-0002", "大阪府大阪市北区サンプル2-2"},
	{records.KindCorporation, "【サンプル】合同会社みなと物流", "ミナトブツリュウ", "S-0003", "", 12, "045-000-0003", "神奈川県横浜市中区サンプル3-3"},
	{records.KindSoleProprietor, "【サンプル】山田 太郎（やまだ食堂）", "ヤマダ タロウ", "S-0004", "", 12, "052-000-0004", "愛知県名古屋市中区サンプル4-4"},
	{records.KindIndividual, "【サンプル】佐藤 花子", "サトウ ハナコ", "S-0005", "", 12, "092-000-0005", "福岡県福岡市中央区サンプル5-5"},
}

var demoPeople = []struct {
	name, kana string
	role       records.PersonRole
}{
	{"【サンプル】鈴木 一郎", "スズキ イチロウ", records.RoleOfficer},
	{"【サンプル】高橋 美咲", "タカハシ ミサキ", records.RoleEmployee},
	{"【サンプル】田中 健", "タナカ ケン", records.RoleEmployee},
	{"【サンプル】伊藤 さくら", "イトウ サクラ", records.RoleDependent},
}

// Seed fills a fresh demo vault with invented clients, people and My
// Numbers, every name marked 【サンプル】. The logged-in user must be a
// My Number handler (the demo's founder is).
func Seed(o *Office, today mynumber.Date) error {
	n := 0
	for i, c := range demoClients {
		cl := records.Client{Kind: c.kind, Name: c.name, Kana: c.kana, Code: c.code, FiscalMonth: c.month, Phone: c.phone,
			Address: c.address, Postal: fmt.Sprintf("100-000%d", i+1), Notes: "デモ用の架空のデータです。"}
		id, err := o.CreateClient(cl, false)
		if err != nil {
			return fmt.Errorf("office: demo client %d: %w", i, err)
		}
		for j, p := range demoPeople {
			if c.kind == records.KindIndividual && j > 0 {
				break
			}
			birth := records.Date{Y: 1960 + 7*j + i, M: time.Month(1 + (i+j)%12), D: 1 + (3*i+j)%28}
			pid, err := o.PutPerson(records.Person{ClientID: id, Roles: []records.PersonRole{p.role}, Name: p.name, Kana: p.kana, Birth: &birth}, nil)
			if err != nil {
				return fmt.Errorf("office: demo person: %w", err)
			}
			if n >= len(demoNumbers) || j == 2 {
				continue // some people have no number yet, to try acquiring one
			}
			num := demoNumbers[n]
			n++
			_, err = o.Acquire(Acquisition{Client: id, Person: pid, Number: num, Confirm: num, Role: string(p.role),
				Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip, mynumber.PurposeDependentsDeclaration},
				Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson,
					VerifiedBy: o.v.User(), VerifiedAt: today},
				Today: today}, nil)
			if err != nil {
				return fmt.Errorf("office: demo number: %w", err)
			}
		}
	}
	return nil
}

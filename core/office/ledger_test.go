package office_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/report/reporttest"
	"github.com/kinko-jp/kinko/core/vault"
)

// words translates with the window's own words (frontend/src/locales),
// failing the test on a key that has none.
func words(t *testing.T) office.Translate {
	data, err := os.ReadFile("../../frontend/src/locales/ja.json")
	must(t, err)
	var tree map[string]any
	must(t, json.Unmarshal(data, &tree))
	flat := map[string]string{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			switch v := v.(type) {
			case map[string]any:
				walk(prefix+k+".", v)
			case string:
				flat[prefix+k] = v
			}
		}
	}
	walk("", tree)
	return func(key string) string {
		s, ok := flat[key]
		if !ok {
			t.Errorf("no words for %q", key)
			return key
		}
		return s
	}
}

func TestLedger(t *testing.T) {
	v, _ := newVault(t)
	// A second 責任者 who does not handle numbers.
	_, err := v.AddUser(vault.NewUser{Login: "jimu", Name: "事務長", Password: []byte("jimu-pw-X7c9k2"), Role: access.Admin})
	must(t, err)
	o := office.New(v)
	engaged := records.Date{Y: 2019, M: time.April, D: 1}
	a, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社台帳", Code: "A-001", EngagedFrom: &engaged}, false)
	must(t, err)
	b, err := o.CreateClient(records.Client{Kind: records.KindIndividual, Name: "台帳 個人", Code: "B-002"}, false)
	must(t, err)
	left := records.Date{Y: 2015, M: time.March, D: 31}
	retired, err := o.PutPerson(records.Person{ClientID: a, Roles: []records.PersonRole{records.RoleEmployee}, Name: "退職 太郎", Left: &left}, nil)
	must(t, err)
	working, err := o.PutPerson(records.Person{ClientID: a, Roles: []records.PersonRole{records.RoleDependent}, Name: "扶養 花子"}, nil)
	must(t, err)
	pending, err := o.PutPerson(records.Person{ClientID: b, Roles: []records.PersonRole{records.RolePayee}, Name: "報酬 次郎"}, nil)
	must(t, err)
	erased, err := o.PutPerson(records.Person{ClientID: b, Roles: []records.PersonRole{records.RolePayee}, Name: "廃棄 三郎"}, nil)
	must(t, err)
	ver := mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: v.User(), VerifiedAt: today()}
	numbers := map[string]string{retired: "123456789018", working: "987654321018", pending: "111111111118", erased: "222222222225"}
	for person, n := range numbers {
		client, role := a, "employee"
		if person == pending || person == erased {
			client, role = b, "payee"
		}
		if person == working {
			role = "dependent"
		}
		var scans [][]byte
		if person == working {
			scans = [][]byte{[]byte("scan")}
		}
		_, err := o.Acquire(office.Acquisition{Client: client, Person: person, Number: n, Confirm: n, Role: role, Scans: scans,
			Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip, mynumber.PurposeDependentsDeclaration}, Verification: ver, Today: today()}, nil)
		if err != nil {
			t.Fatalf("acquire: %v", err)
		}
	}
	_, err = o.ProposeErasure(b, pending, "request", nil)
	must(t, err)
	pr, err := o.ProposeErasure(b, erased, "engagement_end", []string{string(mynumber.DocTypeWithholdingSlip)})
	must(t, err)
	must(t, v.ApproveErasure(pr))

	now := time.Date(2026, time.November, 22, 10, 30, 0, 0, time.Local)
	l, err := o.Ledger(now)
	must(t, err)
	want := office.LedgerTotals{Held: 3, PastRetention: 1, PendingErasure: 1, Erased: 1}
	if l.Totals != want {
		t.Fatalf("totals %+v, want %+v", l.Totals, want)
	}
	if strings.Join(l.Managers, ",") != "事務長,所長" || strings.Join(l.Handlers, ",") != "所長" {
		t.Fatalf("managers %v handlers %v", l.Managers, l.Handlers)
	}
	status := map[string]string{}
	for _, e := range l.Entries {
		status[e.PersonName] = e.Status
	}
	if status["退職 太郎"] != "past_retention" || status["扶養 花子"] != "held" || status["報酬 次郎"] != "pending_erasure" || status["廃棄 三郎"] != "erased" {
		t.Fatalf("statuses %v", status)
	}
	if len(l.Files) != 2 || l.Files[0].Code != "A-001" || l.Files[0].Held != 2 || l.Files[0].Scans != 1 || l.Files[1].Erased != 1 {
		t.Fatalf("files %+v", l.Files)
	}

	tr := words(t)
	var pdf bytes.Buffer
	must(t, report.WritePDF(&pdf, l.Doc(tr, "Kinko test")))
	if p := os.Getenv("KINKO_DUMP_LEDGER"); p != "" {
		os.WriteFile(p, pdf.Bytes(), 0o600)
	}
	text := reporttest.Text(t, pdf.Bytes())
	flat := strings.Join(strings.Fields(text), "")
	for _, s := range []string{"特定個人情報の管理台帳", "株式会社台帳", "退職太郎", "扶養控除等申告書", "保存期間経過", "廃棄済み", "個人番号カード", "令和8年11月22日", "所長"} {
		if !strings.Contains(flat, s) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
	var csv bytes.Buffer
	must(t, l.WriteCSV(&csv, jtext.UTF8BOM, tr))
	rows, err := jtext.NewCSVReader(&csv, jtext.UTF8BOM).ReadAll()
	must(t, err)
	if len(rows) != 5 || rows[0][0] != "顧問先コード" {
		t.Fatalf("CSV rows %d: %v", len(rows), rows[0])
	}
	for _, n := range numbers {
		for _, out := range []string{text, csv.String(), flat} {
			if strings.Contains(out, n) || strings.Contains(out, n[:4]+" "+n[4:8]) {
				t.Fatal("a My Number in the ledger")
			}
		}
	}

	// A 責任者 who handles no numbers sees counts, not details.
	v.Lock()
	must(t, v.Login("jimu", []byte("jimu-pw-X7c9k2")))
	oj := office.New(v)
	lj, err := oj.Ledger(now)
	must(t, err)
	if lj.Totals.Sealed != 3 || lj.Totals.Held != 3 || len(lj.Entries) != 1 || lj.Entries[0].Status != "erased" {
		t.Fatalf("non-handler 責任者: totals %+v, %d entries", lj.Totals, len(lj.Entries))
	}
	// Staff may not generate it.
	v.Lock()
	must(t, v.Login("suzuki", []byte("suzuki-pw-X7c9k2")))
	if _, err := office.New(v).Ledger(now); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff: %v", err)
	}
}

// The 管理台帳 gives its time in Japan, as the access log does, whatever
// the PC's clock zone: 11:06 UTC is 20:06 in Japan.
func TestLedgerTimeIsJapanTime(t *testing.T) {
	l := &office.Ledger{Office: "時刻税理士事務所", GeneratedAt: time.Date(2026, time.December, 5, 11, 6, 0, 0, time.UTC)}
	meta := strings.Join(l.Doc(words(t), "").Meta, "\n")
	if !strings.Contains(meta, "令和8年12月5日 20:06") {
		t.Fatalf("generated at, in Japan: %q", meta)
	}
}

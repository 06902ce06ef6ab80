package audit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/report/reporttest"
)

// catalog is a locale file, flattened to dotted keys as app/i18n does.
func catalog(t testing.TB, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../frontend/src/locales/" + lang + ".json")
	must(t, err)
	var tree map[string]any
	must(t, json.Unmarshal(b, &tree))
	out := map[string]string{}
	var flatten func(prefix string, m map[string]any)
	flatten = func(prefix string, m map[string]any) {
		for k, v := range m {
			switch v := v.(type) {
			case string:
				out[prefix+k] = v
			case map[string]any:
				flatten(prefix+k+".", v)
			}
		}
	}
	flatten("", tree)
	return out
}

// words translates with the Japanese catalog and remembers every key asked
// for; a missing key comes back as the key itself, as in the app.
type words struct {
	msgs  map[string]string
	asked map[string]bool
}

func japanese(t testing.TB) *words {
	return &words{msgs: catalog(t, "ja"), asked: map[string]bool{}}
}

func (w *words) t(key string) string {
	w.asked[key] = true
	if m, ok := w.msgs[key]; ok {
		return m
	}
	return key
}

var names = audit.Names{
	Users:   map[string]string{"u-sato": "佐藤 一郎", "u-suzuki": "鈴木 次郎", "u-tanaka": "田中 三郎"},
	Devices: map[string]audit.DeviceName{"d1": {PC: "JIMU-PC01", OSUser: "sato"}, "d2": {PC: "JIMU-PC02"}},
	Clients: map[string]string{"c1": "株式会社あおば", "c2": "ヤマダ商店"},
	Persons: map[string]string{"p1": "山田 太郎"},
}

func readCSV(t *testing.T, b []byte, enc jtext.Encoding) [][]string {
	t.Helper()
	rows, err := jtext.NewCSVReader(bytes.NewReader(b), enc).ReadAll()
	must(t, err)
	return rows
}

func TestWriteCSV(t *testing.T) {
	l := office(t)
	l.add("2026-11-26 10:00", audit.Entry{User: "u-tanaka", Device: "d9", Action: audit.ClientEdit, Target: "client/c2", Client: "c2", Label: `=HYPERLINK("x")`, Trust: audit.TrustUnverifiable})
	l.add("2026-11-26 10:05", audit.Entry{User: "u-tanaka", Device: "d9", Action: audit.ClientView, Target: "client/c2", Client: "c2", Trust: audit.TrustVerified})
	x := l.index()
	for _, enc := range []jtext.Encoding{jtext.UTF8BOM, jtext.ShiftJIS} {
		t.Run(enc.String(), func(t *testing.T) {
			w := japanese(t)
			var buf bytes.Buffer
			must(t, audit.WriteCSV(&buf, x.Entries(audit.Filter{}), enc, w.t, names))
			if enc == jtext.UTF8BOM && !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
				t.Fatal("no BOM")
			}
			if enc == jtext.ShiftJIS && jtext.DetectEncoding(buf.Bytes()) != jtext.ShiftJIS {
				t.Fatal("not Shift_JIS")
			}
			rows := readCSV(t, buf.Bytes(), enc)
			if len(rows) != 1+len(l.entries) {
				t.Fatalf("%d rows for %d entries", len(rows), len(l.entries))
			}
			equal(t, "header", rows[0], []string{"日時", "日時（和暦）", "ユーザー", "署名の確認", "入力されたログイン名", "端末（PC名 / OSユーザー）", "操作", "顧問先", "対象", "目的", "結果", "詳細", "記録ID"})
			want := map[string][]string{
				"d1.3": {"2026-11-24T09:10:00.000+09:00", "令和8年11月24日 09:10:00", "佐藤 一郎", "", "", "JIMU-PC01 / sato", "個人番号の表示", "株式会社あおば", "山田 太郎（株式会社あおば）", "源泉徴収票", "成功", "", "d1.3"},
				"d2.2": {"2026-11-24T09:30:00.000+09:00", "令和8年11月24日 09:30:00", "鈴木 次郎", "", "", "JIMU-PC02", "個人番号の表示", "ヤマダ商店", "佐藤 花子（ヤマダ商店）", "確定申告書", "拒否（権限なし）", "", "d2.2"},
				"d2.3": {"2026-11-24T10:00:00.000+09:00", "令和8年11月24日 10:00:00", "（ログイン前）", "", "tanaka", "JIMU-PC02", "ログイン失敗", "", "", "", "失敗：ログイン名またはパスワードが違います。", "", "d2.3"},
				"d1.4": {"2026-11-24T11:00:00.000+09:00", "令和8年11月24日 11:00:00", "佐藤 一郎", "", "", "JIMU-PC01 / sato", "書き出し", "", "", "", "成功", "件数：12", "d1.4"},
				// An unknown PC and a label that is a formula; without a
				// label, a client entry shows the client's name. The
				// signature check is in words (empty for entries the log
				// reader did not judge).
				"d9.1": {"2026-11-26T10:00:00.000+09:00", "令和8年11月26日 10:00:00", "田中 三郎", "確認できません", "", "d9", "顧問先の編集", "ヤマダ商店", `'=HYPERLINK("x")`, "", "成功", "", "d9.1"},
				"d9.2": {"2026-11-26T10:05:00.000+09:00", "令和8年11月26日 10:05:00", "田中 三郎", "確認済み", "", "d9", "顧問先の閲覧", "ヤマダ商店", "ヤマダ商店", "", "成功", "", "d9.2"},
			}
			seen := 0
			for _, r := range rows[1:] {
				if w, ok := want[r[len(r)-1]]; ok {
					seen++
					equal(t, "row "+r[len(r)-1], r, w)
				}
			}
			if seen != len(want) {
				t.Fatalf("%d of the rows checked found", seen)
			}
		})
	}
}

func TestWriteCSVShiftJISRefusesWhatItCannotWrite(t *testing.T) {
	l := newLog(t)
	l.add("2026-11-24 10:00", audit.Entry{User: "u", Device: "d", Action: audit.ClientView, Label: "𠮷野家"})
	w := japanese(t)
	err := audit.WriteCSV(&bytes.Buffer{}, l.index().Entries(audit.Filter{}), jtext.ShiftJIS, w.t, names)
	if !errors.Is(err, jtext.ErrUnencodable) {
		t.Fatalf("Shift_JIS with 𠮷: %v", err)
	}
	var buf bytes.Buffer
	must(t, audit.WriteCSV(&buf, l.index().Entries(audit.Filter{}), jtext.UTF8BOM, w.t, names))
	if rows := readCSV(t, buf.Bytes(), jtext.UTF8BOM); rows[1][8] != "𠮷野家" {
		t.Fatalf("UTF-8: %q", rows[1][8])
	}
}

func TestIncidentCSV(t *testing.T) {
	x := office(t).index()
	s := audit.Subject{Kind: audit.SubjectClient, ID: "c1"}
	for _, enc := range []jtext.Encoding{jtext.UTF8BOM, jtext.ShiftJIS} {
		w := japanese(t)
		var buf bytes.Buffer
		must(t, x.ExportCSV(&buf, audit.Printout{Filter: s.Filter(0, 0), Subject: &s}, enc, w.t, names))
		rows := readCSV(t, buf.Bytes(), enc)
		equal(t, "subject", rows[0], []string{"調査の対象", "顧問先 株式会社あおば"})
		equal(t, "period", rows[1], []string{"期間", "令和8年11月24日～令和8年11月25日"})
		if rows[2][0] != "日時" || len(rows) != 3+4 {
			t.Fatalf("%d rows: %v", len(rows), rows)
		}
		for _, r := range rows[3:] {
			if r[7] != "株式会社あおば" {
				t.Errorf("another client's entry: %v", r)
			}
		}
	}
	// A period's CSV has no heading rows.
	var buf bytes.Buffer
	w := japanese(t)
	must(t, x.ExportCSV(&buf, audit.Printout{Filter: audit.Filter{Users: []string{"u-suzuki"}}}, jtext.UTF8, w.t, names))
	if rows := readCSV(t, buf.Bytes(), jtext.UTF8); rows[0][0] != "日時" || len(rows) != 4 {
		t.Fatalf("%v", rows)
	}
}

// unusualWeek is the office's week plus a burst of reveals, a Saturday
// night's work and repeated failed logins.
func unusualWeek(t testing.TB) *log {
	l := office(t)
	l.series("2026-11-26 10:00", 12, 20*time.Second, audit.Entry{User: "u-suzuki", Device: "d2", Action: audit.NumberReveal,
		Target: "mynumber/c2/p2", Client: "c2", Person: "p2", Label: "佐藤 花子（ヤマダ商店）", Purpose: "tax_return"})
	l.add("2026-11-28 23:30", audit.Entry{User: "u-tanaka", Device: "d1", Action: audit.ClientView, Target: "client/c1", Client: "c1", Label: "株式会社あおば"})
	l.series("2026-11-27 08:00", 6, time.Minute, audit.Entry{Device: "d2", Action: audit.LoginFailed, Login: "sato", Result: "vault.wrong_password"})
	return l
}

func writePDF(t *testing.T, d *report.Doc) string {
	t.Helper()
	var buf bytes.Buffer
	must(t, report.WritePDF(&buf, d))
	return reporttest.Text(t, buf.Bytes())
}

func TestPeriodReport(t *testing.T) {
	l := unusualWeek(t)
	x := l.index()
	w := japanese(t)
	p := audit.Printout{Filter: audit.Filter{From: at(t, "2026-11-23 00:00"), To: at(t, "2026-11-30 00:00")}, Office: "サンプル税理士事務所",
		GeneratedBy: "佐藤 一郎", GeneratedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, jst), Footer: "Kinko test"}
	d := x.Doc(p, w.t, names)
	if !d.Landscape {
		t.Error("the report is not landscape")
	}
	text := writePDF(t, d)
	for _, want := range []string{"アクセスログ報告書", "サンプル税理士事務所", "令和8年11月23日～令和8年11月29日", "令和8年12月1日 09:00:00",
		"操作ごとの件数", "個人番号の表示", "ユーザーごとの件数", "鈴木 次郎", "（ログイン前）", "利用目的ごとの個人番号の表示・コピー", "確定申告書",
		"注意が必要な操作", "短時間の集中した操作", "夜間の操作", "休日の操作", "ログインの連続失敗", "ログイン名：sato",
		"JIMU-PC01 / sato", "株式会社あおば", "件数：12", "Kinko test"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(text, "関係したユーザー") {
		t.Error("a period's report lists who was involved")
	}
	// The burst's entries are each listed once: three of them in 10:01.
	if n := strings.Count(text, "令和8年11月26日 10:01:"); n != 3 {
		t.Errorf("%d of the burst's 3 entries in 10:01 listed", n)
	}

	// A row limit says what it left out.
	p.MaxRows = 3
	text = writePDF(t, x.Doc(p, w.t, names))
	if !strings.Contains(text, fmt.Sprintf("（3 / %d）", len(l.entries))) {
		t.Errorf("no note on the rows left out")
	}
}

func TestIncidentReport(t *testing.T) {
	x := unusualWeek(t).index()
	w := japanese(t)
	s := audit.Subject{Kind: audit.SubjectPerson, ID: "p1", Client: "c1"}
	p := audit.Printout{Filter: s.Filter(at(t, "2026-11-01 00:00"), at(t, "2026-12-01 00:00")), Subject: &s, Office: "サンプル税理士事務所"}
	text := writePDF(t, x.Doc(p, w.t, names))
	for _, want := range []string{"アクセスログ調査報告書", "調査の対象：関係者 山田 太郎（株式会社あおば）", "令和8年11月1日～令和8年11月30日",
		"関係したユーザー", "佐藤 一郎", "田中 三郎", "関係者の編集", "個人番号のコピー"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, not := range []string{"ヤマダ商店", "鈴木 次郎", "ログインの連続失敗"} {
		if strings.Contains(text, not) {
			t.Errorf("the report about 山田 太郎 holds %q", not)
		}
	}

	// A user's incident, named by the caller.
	u := audit.Subject{Kind: audit.SubjectUser, ID: "u-suzuki", Name: "鈴木 次郎（退職）"}
	text = writePDF(t, x.Doc(audit.Printout{Filter: u.Filter(0, 0), Subject: &u}, w.t, names))
	if !strings.Contains(text, "ユーザー 鈴木 次郎（退職）") || !strings.Contains(text, "短時間の集中した操作") {
		t.Errorf("user incident:\n%s", text)
	}
}

// TestNoMyNumberInExports: exports write no 12-digit number that the log
// did not hold (and the log never holds a My Number): no raw unix times,
// no counters that could pass for one.
func TestNoMyNumberInExports(t *testing.T) {
	twelve := regexp.MustCompile(`(^|[^0-9０-９])[0-9０-９]{12}([^0-9０-９]|$)`)
	x := unusualWeek(t).index()
	w := japanese(t)
	var outs []string
	for _, enc := range []jtext.Encoding{jtext.UTF8, jtext.ShiftJIS} {
		var buf bytes.Buffer
		must(t, audit.WriteCSV(&buf, x.Entries(audit.Filter{}), enc, w.t, names))
		rows := readCSV(t, buf.Bytes(), enc)
		for _, r := range rows {
			outs = append(outs, strings.Join(r, ","))
		}
	}
	s := audit.Subject{Kind: audit.SubjectClient, ID: "c2"}
	outs = append(outs, writePDF(t, x.Doc(audit.Printout{Filter: audit.Filter{}}, w.t, names)),
		writePDF(t, x.Doc(audit.Printout{Filter: s.Filter(0, 0), Subject: &s}, w.t, names)))
	for _, o := range outs {
		if m := twelve.FindString(o); m != "" {
			t.Fatalf("an export holds a 12-digit number: %q", m)
		}
	}
}

// TestLocaleKeys: every key the exports ask for has Japanese words (and
// English ones), over a log holding every action, result kind and
// finding.
func TestLocaleKeys(t *testing.T) {
	l := unusualWeek(t)
	for i, a := range audit.Actions() {
		l.add(fmt.Sprintf("2026-11-20 10:%02d", i), audit.Entry{User: "u-sato", Device: "d1", Action: a, Client: "c1", Target: "client/c1",
			Purpose: "withholding_slip", Detail: "rows=1 purposes=tax_return,payment_record"})
	}
	l.add("2026-11-20 11:00", audit.Entry{User: "u-sato", Device: "d1", Action: audit.Export, Detail: "rows=100000"})
	for i, tr := range audit.Trusts() {
		l.add(fmt.Sprintf("2026-11-20 12:%02d", i), audit.Entry{User: "u-sato", Device: "d1", Action: audit.ClientView, Trust: tr})
	}
	x := l.index()
	codes := map[string]bool{}
	for _, f := range x.Stats(audit.Filter{}).Unusual {
		codes[f.Code] = true
	}
	if len(codes) != 5 {
		t.Fatalf("the log shows %d of the 5 kinds of finding: %v", len(codes), codes)
	}
	w := japanese(t)
	must(t, audit.WriteCSV(&bytes.Buffer{}, x.Entries(audit.Filter{}), jtext.UTF8, w.t, names))
	for _, kind := range []string{audit.SubjectClient, audit.SubjectPerson, audit.SubjectUser} {
		s := audit.Subject{Kind: kind, ID: "x"}
		must(t, x.ExportCSV(&bytes.Buffer{}, audit.Printout{Filter: s.Filter(0, 0), Subject: &s}, jtext.UTF8, w.t, names))
		x.Doc(audit.Printout{Filter: audit.Filter{}, Subject: &s, GeneratedAt: time.Now(), GeneratedBy: "x", Office: "x", MaxRows: 1}, w.t, names)
	}
	x.Doc(audit.Printout{Filter: audit.Filter{Users: []string{"nobody"}}}, w.t, names)
	en := catalog(t, "en")
	var keys []string
	for k := range w.asked {
		keys = append(keys, k)
		if _, ok := w.msgs[k]; !ok {
			t.Errorf("no Japanese words for %s", k)
		}
		if _, ok := en[k]; !ok {
			t.Errorf("no English words for %s", k)
		}
	}
	slices.Sort(keys)
	for _, a := range audit.Actions() {
		k := "audit.action." + strings.ReplaceAll(string(a), ".", "_")
		if !w.asked[k] {
			t.Errorf("action %s was never translated (%s)", a, k)
		}
	}
	for _, tr := range audit.Trusts() {
		if k := "audit.trust." + string(tr); !w.asked[k] {
			t.Errorf("trust %s was never translated (%s)", tr, k)
		}
	}
	if len(keys) < 100 {
		t.Fatalf("only %d keys asked for", len(keys))
	}
}

// The details entries carry ("problems=0", "clients xlsx rows=2",
// "verb=log.list cli") are put into words in both languages: no raw
// key=value pair, field name or code word reaches the reader, and English
// has no Japanese punctuation.
func TestDetailsInWords(t *testing.T) {
	details := []string{"problems=0", "clients xlsx rows=2", "people csv rows=12 dry_run", "owner_only=true hidden=2", "role=staff",
		"verb=log.list cli", "user=u-sato level=edit", "user=u-sato level=default", "user=u-sato mynumber", "ledger.pdf", "ledger", "idle", "os",
		"remembered", "forget_remembered", "recovery", "demo", "pending=1", "held=3", "month=2026-11", "reason=request", "proposal=x1",
		"keep=d1.7", "reapply=d1.9", "pdf incident person", "purposes=tax_return,payment_record"}
	// A command ("kinko log list") is the one thing shown as typed.
	command := regexp.MustCompile(`kinko [a-z ]+`)
	raw := map[string]*regexp.Regexp{
		"ja": regexp.MustCompile(`\b[a-z][a-z_=]+`),
		"en": regexp.MustCompile(`[=_：、]|\b(cli|xlsx|csv|pdf)\b`),
	}
	for _, lang := range []string{"ja", "en"} {
		msgs := catalog(t, lang)
		tr := func(key string) string {
			if m, ok := msgs[key]; ok {
				return m
			}
			return key
		}
		for _, d := range details {
			w := audit.Describe(&audit.Entry{Time: 1, User: "u-sato", Device: "d1", Action: audit.Export, Detail: d, Result: "ok"}, tr, &names)
			if m := raw[lang].FindString(command.ReplaceAllString(w.Detail, "")); m != "" {
				t.Errorf("%s: %q is shown as %q (raw %q)", lang, d, w.Detail, m)
			}
		}
	}
}

package office

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/report"
)

// The 管理台帳 (特定個人情報の取扱状況の記録): what specific personal
// information the office holds, who is responsible for it and who may
// handle it, for which purposes, and what has been erased — generated from
// the vault rather than kept by hand, so it is always current. It never
// holds a number. For 責任者 only (access.ReadAudit).

// Ledger is the generated 管理台帳.
type Ledger struct {
	Office      string          `json:"office"`
	GeneratedAt time.Time       `json:"generatedAt"`
	GeneratedBy string          `json:"generatedBy"` // the user's name
	Managers    []string        `json:"managers"`    // 責任者 (事務取扱責任者)
	Handlers    []string        `json:"handlers"`    // who may handle numbers for at least one client
	Kinds       []LedgerCount   `json:"kinds"`       // kinds of information held: number.<role>, scans
	Purposes    []LedgerCount   `json:"purposes"`    // numbers held per 利用目的
	Files       []LedgerFile    `json:"files"`       // one per client holding numbers (or that held them)
	Entries     []LedgerEntry   `json:"entries"`     // one per number held or erased
	Erasures    []LedgerErasure `json:"erasures"`    // the 廃棄記録, newest first
	Totals      LedgerTotals    `json:"totals"`
}

// LedgerCount is a count under a stable code.
type LedgerCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// LedgerTotals sums the ledger.
type LedgerTotals struct {
	Held           int `json:"held"`
	PastRetention  int `json:"pastRetention"`
	PendingErasure int `json:"pendingErasure"`
	Erased         int `json:"erased"`
	Sealed         int `json:"sealed"` // numbers held for clients the author cannot open (counted, not detailed)
}

// LedgerFile is one client's 特定個人情報ファイル.
type LedgerFile struct {
	Client         string             `json:"client"`
	Code           string             `json:"code"`
	Name           string             `json:"name"`
	Held           int                `json:"held"`
	Scans          int                `json:"scans"`
	Purposes       []mynumber.Purpose `json:"purposes"`
	Holders        []string           `json:"holders"` // names of the users who may handle these numbers
	FirstAcquired  mynumber.Date      `json:"firstAcquired" ts_type:"string"`
	LastAcquired   mynumber.Date      `json:"lastAcquired" ts_type:"string"`
	PastRetention  int                `json:"pastRetention"`
	PendingErasure int                `json:"pendingErasure"`
	Erased         int                `json:"erased"`
	Sealed         bool               `json:"sealed"` // the author cannot open this client's numbers: counts only
}

// LedgerEntry is one number's line: whose, why, since when, checked how,
// kept until when, and its state — never the number.
type LedgerEntry struct {
	Client       string             `json:"client"`
	ClientCode   string             `json:"clientCode"`
	ClientName   string             `json:"clientName"`
	Person       string             `json:"person"`
	PersonName   string             `json:"personName"`
	Role         string             `json:"role"`
	Purposes     []mynumber.Purpose `json:"purposes"`
	AcquiredAt   mynumber.Date      `json:"acquiredAt" ts_type:"string"`
	AcquiredBy   string             `json:"acquiredBy"` // name
	NumberDoc    mynumber.Doc       `json:"numberDoc"`
	IdentityDocs []mynumber.Doc     `json:"identityDocs"`
	Method       mynumber.Method    `json:"method"`
	Scans        int                `json:"scans"`
	Due          mynumber.Date      `json:"due" ts_type:"string"` // zero while still needed
	Status       string             `json:"status"`               // held, past_retention, pending_erasure, erased
	ErasedAt     time.Time          `json:"erasedAt"`
}

// LedgerErasure is one line of the 廃棄記録.
type LedgerErasure struct {
	ClientName string    `json:"clientName"`
	PersonName string    `json:"personName"`
	Docs       []string  `json:"docs"`
	Reason     string    `json:"reason"`
	ProposedBy string    `json:"proposedBy"`
	ProposedAt time.Time `json:"proposedAt"`
	ApprovedBy string    `json:"approvedBy"`
	ApprovedAt time.Time `json:"approvedAt"`
}

// Ledger generates the 管理台帳 as of now.
func (o *Office) Ledger(now time.Time) (*Ledger, error) {
	m, err := o.v.Matrix()
	if err != nil {
		return nil, err
	}
	all, err := o.v.Targets("mynumber/") // access.ReadAudit
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	l := &Ledger{Office: o.v.Name(), GeneratedAt: now}
	handlers := map[string]bool{}
	for _, hs := range m.Handlers {
		for _, h := range hs {
			handlers[h] = true
		}
	}
	for _, u := range m.Users {
		names[u.ID] = u.Name
		if u.Disabled {
			continue
		}
		if u.ID == o.v.User() {
			l.GeneratedBy = u.Name
		}
		if u.Role == string(access.Admin) {
			l.Managers = append(l.Managers, u.Name)
		}
		if handlers[u.ID] || u.Role == string(access.Handler) {
			l.Handlers = append(l.Handlers, u.Name)
		}
	}
	name := func(id string) string { return cmp.Or(names[id], id) }

	cs, err := o.Clients()
	if err != nil {
		return nil, err
	}
	clients := map[string]*records.Client{}
	for i := range cs {
		clients[cs[i].ID] = &cs[i]
	}
	files := map[string]*LedgerFile{}
	file := func(id string) *LedgerFile {
		f := files[id]
		if f == nil {
			f = &LedgerFile{Client: id}
			if c := clients[id]; c != nil {
				f.Code, f.Name = c.Code, c.Name
			}
			for _, h := range m.Handlers[id] {
				f.Holders = append(f.Holders, name(h))
			}
			files[id] = f
		}
		return f
	}

	erasures, err := o.v.Erasures()
	if err != nil {
		return nil, err
	}
	pending := map[string]bool{}
	for _, e := range erasures {
		if e.ApprovedAt == 0 {
			pending[e.Target] = true
		}
	}

	numbers, err := o.numbers()
	if err != nil {
		return nil, err
	}
	today, _ := mynumber.NewDate(now.Year(), now.Month(), now.Day())
	opened := map[string]bool{}
	kinds := map[string]int{}
	purposes := map[mynumber.Purpose]int{}
	for _, n := range numbers {
		target := numberTarget(n.client, n.person)
		opened[target] = true
		f := file(n.client)
		e := LedgerEntry{Client: n.client, ClientCode: f.Code, ClientName: f.Name, Person: n.person,
			Role: n.rec.Role, Purposes: n.rec.Purposes, AcquiredAt: n.rec.AcquiredAt, AcquiredBy: name(n.rec.AcquiredBy),
			NumberDoc: n.rec.Verification.NumberDoc, IdentityDocs: n.rec.Verification.IdentityDocs,
			Method: n.rec.Verification.Method, Scans: len(n.rec.Scans), Status: "held"}
		var person *records.Person
		if p, err := o.Person(n.client, n.person); err == nil {
			person = &p.Value
			e.PersonName = p.Value.Name
			if e.Role == "" && len(p.Value.Roles) > 0 {
				e.Role = string(p.Value.Roles[0])
			}
		}
		var past bool
		e.Due, past, _ = due(&n.rec, person, clients[n.client], today)
		switch {
		case pending[target]:
			e.Status = "pending_erasure"
			f.PendingErasure++
		case past:
			e.Status = "past_retention"
			f.PastRetention++
		}
		f.Held++
		f.Scans += e.Scans
		for _, p := range n.rec.Purposes {
			if !slices.Contains(f.Purposes, p) {
				f.Purposes = append(f.Purposes, p)
			}
			purposes[p]++
		}
		if f.FirstAcquired.IsZero() || e.AcquiredAt.Before(f.FirstAcquired) {
			f.FirstAcquired = e.AcquiredAt
		}
		if e.AcquiredAt.After(f.LastAcquired) {
			f.LastAcquired = e.AcquiredAt
		}
		kinds["number."+cmp.Or(e.Role, "unknown")]++
		if e.Scans > 0 {
			kinds["scans"]++
		}
		l.Entries = append(l.Entries, e)
	}

	// Numbers the author cannot open are counted per client.
	for _, t := range all {
		if opened[t] {
			continue
		}
		parts := strings.SplitN(t, "/", 3)
		if len(parts) != 3 {
			continue
		}
		f := file(parts[1])
		f.Sealed = true
		f.Held++
		l.Totals.Sealed++
	}

	for _, e := range erasures {
		client, person, _ := strings.Cut(strings.TrimPrefix(e.Target, "mynumber/"), "/")
		le := LedgerErasure{Docs: e.Docs, Reason: e.Reason, ProposedBy: name(e.ProposedBy), ProposedAt: time.UnixMilli(e.ProposedAt)}
		if c := clients[client]; c != nil {
			le.ClientName = c.Name
		}
		if p, err := o.Person(client, person); err == nil {
			le.PersonName = p.Value.Name
		}
		if e.ApprovedAt == 0 {
			continue // pending: shown on its entry
		}
		le.ApprovedBy, le.ApprovedAt = name(e.ApprovedBy), time.UnixMilli(e.ApprovedAt)
		l.Erasures = append(l.Erasures, le)
		f := file(client)
		f.Erased++
		l.Entries = append(l.Entries, LedgerEntry{Client: client, ClientCode: f.Code, ClientName: f.Name, Person: person,
			PersonName: le.PersonName, Status: "erased", ErasedAt: le.ApprovedAt})
	}

	for _, f := range files {
		slices.Sort(f.Purposes)
		l.Files = append(l.Files, *f)
		l.Totals.Held += f.Held
		l.Totals.PastRetention += f.PastRetention
		l.Totals.PendingErasure += f.PendingErasure
		l.Totals.Erased += f.Erased
	}
	slices.SortFunc(l.Files, func(a, b LedgerFile) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.Client, b.Client))
	})
	slices.SortStableFunc(l.Entries, func(a, b LedgerEntry) int {
		return cmp.Or(strings.Compare(a.ClientCode, b.ClientCode), strings.Compare(a.Client, b.Client), strings.Compare(a.PersonName, b.PersonName))
	})
	l.Kinds = counts(kinds)
	pc := map[string]int{}
	for p, n := range purposes {
		pc[string(p)] = n
	}
	l.Purposes = counts(pc)
	return l, nil
}

func counts(m map[string]int) []LedgerCount {
	out := make([]LedgerCount, 0, len(m))
	for k, n := range m {
		out = append(out, LedgerCount{k, n})
	}
	slices.SortFunc(out, func(a, b LedgerCount) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Translate gives the words for a stable code ("ledger.title",
// "purpose.tax_return", …) in the user's language.
type Translate func(key string) string

// wareki formats d in the Japanese era ("令和8年11月22日"), "" for zero.
func wareki(d mynumber.Date) string {
	if d.IsZero() {
		return ""
	}
	s, err := jtext.FormatWareki(d.Y, d.M, d.D)
	if err != nil {
		return d.String()
	}
	return s
}

// warekiTime formats the day of t in Japan ("令和8年11月22日"), "" for zero.
func warekiTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jst.Wareki(t)
}

func join[T ~string](t Translate, prefix string, codes []T) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = t(prefix + string(c))
	}
	return strings.Join(out, "、")
}

// Doc lays the ledger out as a printable report (A4 landscape).
func (l *Ledger) Doc(t Translate, footer string) *report.Doc {
	d := &report.Doc{
		Title:     t("ledger.title"),
		Landscape: true,
		Created:   l.GeneratedAt,
		Footer:    footer,
		Meta: []string{
			t("ledger.office") + "：" + l.Office,
			t("ledger.generatedAt") + "：" + warekiTime(l.GeneratedAt) + " " + jst.In(l.GeneratedAt).Format("15:04"),
			t("ledger.generatedBy") + "：" + l.GeneratedBy,
		},
	}
	none := t("ledger.none")
	orNone := func(s string) string { return cmp.Or(s, none) }
	kinds := make([]string, len(l.Kinds))
	for i, k := range l.Kinds {
		kinds[i] = fmt.Sprintf("%s（%d）", t("ledger.kind."+k.Code), k.Count)
	}
	ps := make([]string, len(l.Purposes))
	for i, p := range l.Purposes {
		ps[i] = fmt.Sprintf("%s（%d）", t("purpose."+p.Code), p.Count)
	}
	summary := report.Section{Heading: t("ledger.summary"), Pairs: [][2]string{
		{t("ledger.managers"), orNone(strings.Join(l.Managers, "、"))},
		{t("ledger.handlers"), orNone(strings.Join(l.Handlers, "、"))},
		{t("ledger.kinds"), orNone(strings.Join(kinds, "、"))},
		{t("ledger.purposes"), orNone(strings.Join(ps, "、"))},
		{t("ledger.storage"), t("ledger.storageText")},
		{t("ledger.held"), strconv.Itoa(l.Totals.Held)},
		{t("ledger.pastRetention"), strconv.Itoa(l.Totals.PastRetention)},
		{t("ledger.pendingErasure"), strconv.Itoa(l.Totals.PendingErasure)},
		{t("ledger.erased"), strconv.Itoa(l.Totals.Erased)},
	}}
	if l.Totals.Sealed > 0 {
		summary.Paragraphs = append(summary.Paragraphs, t("ledger.sealedNote"))
	}
	files := &report.Table{Empty: none, Columns: []report.Column{
		{Title: t("ledger.col.code"), Width: 1}, {Title: t("ledger.col.client"), Width: 2.4},
		{Title: t("ledger.col.held"), Width: 0.7, Right: true}, {Title: t("ledger.col.purposes"), Width: 3.2},
		{Title: t("ledger.col.holders"), Width: 2}, {Title: t("ledger.col.acquired"), Width: 2.2},
		{Title: t("ledger.col.deletion"), Width: 2.2},
	}}
	for _, f := range l.Files {
		acquired, purposes := "", join(t, "purpose.", f.Purposes)
		if !f.FirstAcquired.IsZero() {
			acquired = wareki(f.FirstAcquired) + "〜" + wareki(f.LastAcquired)
		}
		if f.Sealed {
			purposes = t("ledger.sealed")
		}
		deletion := fmt.Sprintf("%s %d／%s %d／%s %d", t("ledger.short.past"), f.PastRetention, t("ledger.short.pending"), f.PendingErasure, t("ledger.short.erased"), f.Erased)
		files.Rows = append(files.Rows, []string{f.Code, cmp.Or(f.Name, t("ledger.unknownClient")), strconv.Itoa(f.Held), purposes, orNone(strings.Join(f.Holders, "、")), acquired, deletion})
	}
	entries := &report.Table{Empty: none, Columns: []report.Column{
		{Title: t("ledger.col.client"), Width: 2}, {Title: t("ledger.col.person"), Width: 1.6}, {Title: t("ledger.col.role"), Width: 0.9},
		{Title: t("ledger.col.purposes"), Width: 2.6}, {Title: t("ledger.col.acquiredAt"), Width: 1.4}, {Title: t("ledger.col.verification"), Width: 2.6},
		{Title: t("ledger.col.due"), Width: 1.4}, {Title: t("ledger.col.status"), Width: 1.3},
	}}
	for _, e := range l.Entries {
		verification := ""
		if e.Status != "erased" {
			verification = t("ledger.numberCheck") + "：" + t("doc."+string(e.NumberDoc)) + "\n" +
				t("ledger.identityCheck") + "：" + cmp.Or(join(t, "doc.", e.IdentityDocs), t("ledger.sameDoc")) + "（" + t("method."+string(e.Method)) + "）"
		}
		role := ""
		if e.Role != "" {
			role = t("personRole." + e.Role)
		}
		acquired := wareki(e.AcquiredAt)
		if e.AcquiredBy != "" {
			acquired += "\n" + e.AcquiredBy
		}
		status, keep := t("ledger.status."+e.Status), cmp.Or(wareki(e.Due), t("ledger.dueNone"))
		if e.Status == "erased" {
			status, keep = status+"\n"+warekiTime(e.ErasedAt), ""
		}
		entries.Rows = append(entries.Rows, []string{cmp.Or(e.ClientName, t("ledger.unknownClient")), cmp.Or(e.PersonName, t("ledger.unknownPerson")), role,
			join(t, "purpose.", e.Purposes), acquired, verification, keep, status})
	}
	erasures := &report.Table{Empty: none, Columns: []report.Column{
		{Title: t("ledger.col.erasedAt"), Width: 1.3}, {Title: t("ledger.col.client"), Width: 2}, {Title: t("ledger.col.person"), Width: 1.6},
		{Title: t("ledger.col.docs"), Width: 2.4}, {Title: t("ledger.col.reason"), Width: 1.4},
		{Title: t("ledger.col.proposed"), Width: 1.6}, {Title: t("ledger.col.approved"), Width: 1.6},
	}}
	for _, e := range l.Erasures {
		erasures.Rows = append(erasures.Rows, []string{warekiTime(e.ApprovedAt), cmp.Or(e.ClientName, t("ledger.unknownClient")), cmp.Or(e.PersonName, t("ledger.unknownPerson")),
			join(t, "purpose.", e.Docs), t("erasureReason." + e.Reason), e.ProposedBy + "\n" + warekiTime(e.ProposedAt), e.ApprovedBy})
	}
	d.Sections = []report.Section{
		summary,
		{Heading: t("ledger.filesTitle"), Table: files},
		{Heading: t("ledger.entriesTitle"), Paragraphs: []string{t("ledger.entriesNote")}, Table: entries},
		{Heading: t("ledger.erasuresTitle"), Table: erasures},
	}
	return d
}

// WriteCSV writes one row per number held or erased (the ledger's detail,
// for a spreadsheet) in enc, with the titles in the user's language.
// Formulas are escaped for Excel. Never a number.
func (l *Ledger) WriteCSV(w io.Writer, enc jtext.Encoding, t Translate) error {
	cw := jtext.NewCSVWriter(w, enc)
	cw.EscapeFormulas = true
	cols := []string{"code", "client", "person", "role", "purposes", "acquiredAt", "acquiredBy", "numberDoc", "identityDocs", "method", "scans", "holders", "due", "status", "erasedAt"}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = t("ledger.csv." + c)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	holders := map[string]string{}
	for _, f := range l.Files {
		holders[f.Client] = strings.Join(f.Holders, "、")
	}
	iso := func(d mynumber.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	for _, e := range l.Entries {
		row := []string{e.ClientCode, e.ClientName, e.PersonName, "", "", iso(e.AcquiredAt), e.AcquiredBy, "", "", "", "", holders[e.Client], iso(e.Due), t("ledger.status." + e.Status), ""}
		if e.Role != "" {
			row[3] = t("personRole." + e.Role)
		}
		if e.Status == "erased" {
			row[14] = jst.In(e.ErasedAt).Format("2006-01-02")
		} else {
			row[4] = join(t, "purpose.", e.Purposes)
			row[7] = t("doc." + string(e.NumberDoc))
			row[8] = join(t, "doc.", e.IdentityDocs)
			row[9] = t("method." + string(e.Method))
			row[10] = strconv.Itoa(e.Scans)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

package audit

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/report"
)

// Printed reports of the log: a period's report (what happened, who did
// it, what looks unusual, then every entry) and an incident report
// (everything about one client, person or user in a period), laid out
// with core/report. Both never hold a My Number.

// Kinds of Subject.
const (
	SubjectClient = "client"
	SubjectPerson = "person"
	SubjectUser   = "user"
)

// Subject is what an incident report is about.
type Subject struct {
	Kind   string `json:"kind"`             // SubjectClient, SubjectPerson, else SubjectUser
	ID     string `json:"id"`               // the client's, person's or user's id
	Client string `json:"client,omitempty"` // a person's client
	Name   string `json:"name,omitempty"`   // for the heading; "" looks it up in Names
}

// Filter selects every entry about s from from to to (unix ms, to
// excluded; 0 leaves a side open): a client's entries include those about
// its people.
func (s Subject) Filter(from, to int64) Filter {
	f := Filter{From: from, To: to}
	switch s.Kind {
	case SubjectClient:
		f.Clients = []string{s.ID}
	case SubjectPerson:
		f.Persons = []string{s.ID}
		if s.Client != "" {
			f.Clients = []string{s.Client}
		}
	default:
		f.Users = []string{s.ID}
	}
	return f
}

func (s *Subject) text(t Translate, names *Names) string {
	kind := s.Kind
	if kind != SubjectClient && kind != SubjectPerson {
		kind = SubjectUser // as Filter reads it
	}
	name := s.Name
	if name == "" {
		switch kind {
		case SubjectClient:
			name = names.client(s.ID)
		case SubjectPerson:
			name = names.Persons[s.ID]
			if name == "" {
				name = s.ID
			}
			if s.Client != "" {
				name += "（" + names.client(s.Client) + "）"
			}
		default:
			name = names.user(s.ID)
		}
	}
	return t("audit.subject."+kind) + " " + name
}

// DocMaxRows is how many entries a printed report lists by default; the
// CSV export has them all.
const DocMaxRows = 5000

// Printout is a printed report (or its CSV): which entries, about what,
// for which office, made by whom and when.
type Printout struct {
	Filter      Filter    // the entries; the report's period is Filter.From–To
	Subject     *Subject  // an incident report's subject (its Filter, narrowed as needed); nil for a period's report
	Office      string    // the office's name
	GeneratedBy string    // the user's name
	GeneratedAt time.Time // when; also the PDF's creation date
	Footer      string    // e.g. "Kinko 0.1.0"
	MaxRows     int       // entries listed at most; 0 for DocMaxRows
}

// period writes p's period in 和暦, an open side as the first or last
// entry's day. The dash is ～ (U+FF5E), which Shift_JIS (CP932) can write,
// unlike 〜 (U+301C).
func (p *Printout) period(t Translate, st *Stats) string {
	from, to := p.Filter.From, p.Filter.To-1
	if p.Filter.From == 0 {
		from = st.First
	}
	if p.Filter.To == 0 {
		to = st.Last
	}
	if from == 0 && to <= 0 {
		return t("audit.report.periodAll")
	}
	return warekiDate(from) + "～" + warekiDate(to)
}

// ExportCSV writes p's entries as WriteCSV does; an incident's CSV begins
// with two rows naming its subject and period, then a blank line.
func (x *Index) ExportCSV(w io.Writer, p Printout, enc jtext.Encoding, t Translate, names Names) error {
	cw := newCSV(w, enc)
	if p.Subject != nil {
		st := x.Stats(p.Filter)
		if err := cw.Write([]string{t("audit.report.subject"), p.Subject.text(t, &names)}); err != nil {
			return err
		}
		if err := cw.Write([]string{t("audit.report.period"), p.period(t, st)}); err != nil {
			return err
		}
		if err := cw.Write(nil); err != nil {
			return err
		}
	}
	if err := writeHeader(cw, t); err != nil {
		return err
	}
	if err := writeRows(cw, x.Entries(p.Filter), t, &names); err != nil {
		return err
	}
	return cw.Flush()
}

// Doc lays out p as a printable report (A4 landscape) for report.WritePDF:
// the period in 和暦, the counts per action, per user and (My Numbers shown
// or copied) per purpose, the unusual activity, who was involved (an
// incident), then the entries, oldest first, up to p.MaxRows. It reads the
// index more than once: give the period an end (Filter.To) in the past so
// that entries added meanwhile cannot make its parts disagree.
func (x *Index) Doc(p Printout, t Translate, names Names) *report.Doc {
	st := x.Stats(p.Filter)
	title := t("audit.report.title")
	if p.Subject != nil {
		title = t("audit.report.incidentTitle")
	}
	d := &report.Doc{Title: title, Landscape: true, Created: p.GeneratedAt, Footer: p.Footer}
	if p.Office != "" {
		d.Meta = append(d.Meta, t("audit.report.office")+"："+p.Office)
	}
	if p.Subject != nil {
		d.Meta = append(d.Meta, t("audit.report.subject")+"："+p.Subject.text(t, &names))
	}
	d.Meta = append(d.Meta, t("audit.report.period")+"："+p.period(t, st))
	if !p.GeneratedAt.IsZero() {
		d.Meta = append(d.Meta, t("audit.report.generatedAt")+"："+warekiTime(p.GeneratedAt.UnixMilli()))
	}
	if p.GeneratedBy != "" {
		d.Meta = append(d.Meta, t("audit.report.generatedBy")+"："+p.GeneratedBy)
	}
	none := t("audit.report.none")
	countTable := func(title string, cs []Count, word func(string) string) *report.Table {
		tb := &report.Table{Empty: none, Columns: []report.Column{{Title: title, Width: 4}, {Title: t("audit.report.col.count"), Width: 1, Right: true}}}
		for _, c := range cs {
			tb.Rows = append(tb.Rows, []string{word(c.Key), strconv.Itoa(c.N)})
		}
		return tb
	}
	userName := func(id string) string {
		if id == "" {
			return t("audit.report.noUser")
		}
		return names.user(id)
	}
	d.Sections = append(d.Sections,
		report.Section{Heading: t("audit.report.summary"), Pairs: [][2]string{
			{t("audit.report.total"), strconv.Itoa(st.Total)},
			{t("audit.report.users"), strconv.Itoa(len(st.ByUser))},
			{t("audit.report.unusualCount"), strconv.Itoa(len(st.Unusual))},
		}},
		report.Section{Heading: t("audit.report.byAction"), Table: countTable(t("audit.report.col.action"), st.ByAction, func(a string) string { return actionText(t, Action(a)) })},
		report.Section{Heading: t("audit.report.byUser"), Table: countTable(t("audit.report.col.user"), st.ByUser, userName)},
		report.Section{Heading: t("audit.report.reveals"), Table: countTable(t("audit.report.col.purpose"), st.Reveals, func(p string) string {
			if p == "" {
				return t("audit.report.noPurpose")
			}
			return purposeText(t, p)
		})},
	)

	unusual := &report.Table{Empty: none, Columns: []report.Column{
		{Title: t("audit.report.col.finding"), Width: 2.4}, {Title: t("audit.report.col.user"), Width: 2},
		{Title: t("audit.report.col.window"), Width: 4}, {Title: t("audit.report.col.count"), Width: 1, Right: true},
	}}
	for _, f := range st.Unusual {
		who := userName(f.User)
		if f.Code == FindingFailedLogins {
			who = t("audit.report.login") + "：" + f.Login
		}
		unusual.Rows = append(unusual.Rows, []string{t(key("audit.unusual.", f.Code)), who, window(f.From, f.To), strconv.Itoa(f.N)})
	}
	d.Sections = append(d.Sections, report.Section{Heading: t("audit.report.unusual"), Paragraphs: []string{t("audit.report.unusualNote")}, Table: unusual})

	if p.Subject != nil {
		who := &report.Table{Empty: none, Columns: []report.Column{
			{Title: t("audit.report.col.user"), Width: 2}, {Title: t("audit.report.col.count"), Width: 0.8, Right: true},
			{Title: t("audit.report.col.first"), Width: 2}, {Title: t("audit.report.col.last"), Width: 2}, {Title: t("audit.report.col.actions"), Width: 5},
		}}
		for _, u := range x.Touched(p.Filter) {
			acts := ""
			for k, a := range u.Actions {
				if k > 0 {
					acts += "、"
				}
				acts += fmt.Sprintf("%s %d", actionText(t, Action(a.Key)), a.N)
			}
			who.Rows = append(who.Rows, []string{userName(u.User), strconv.Itoa(u.N), warekiTime(u.First), warekiTime(u.Last), acts})
		}
		d.Sections = append(d.Sections, report.Section{Heading: t("audit.report.touched"), Table: who})
	}

	limit := p.MaxRows
	if limit <= 0 {
		limit = DocMaxRows
	}
	entries := &report.Table{Empty: none, Columns: []report.Column{
		{Title: t("audit.report.col.time"), Width: 2.1}, {Title: t("audit.report.col.user"), Width: 1.4}, {Title: t("audit.report.col.trust"), Width: 1.1},
		{Title: t("audit.report.col.device"), Width: 1.5},
		{Title: t("audit.report.col.action"), Width: 1.5}, {Title: t("audit.report.col.target"), Width: 2.4}, {Title: t("audit.report.col.purpose"), Width: 1.5},
		{Title: t("audit.report.col.result"), Width: 1.3}, {Title: t("audit.report.col.detail"), Width: 1.6},
	}}
	for e := range x.Entries(p.Filter) {
		if len(entries.Rows) == limit {
			break
		}
		who := userName(e.User)
		if e.Login != "" {
			who += "\n" + t("audit.report.login") + "：" + e.Login
		}
		entries.Rows = append(entries.Rows, []string{warekiTime(e.Time), who, trustText(t, e.Trust), names.device(e.Device), actionText(t, e.Action),
			targetText(&e, &names), purposeText(t, e.Purpose), resultText(t, e.Result), detailText(t, e.Detail, &names)})
	}
	sec := report.Section{Heading: t("audit.report.entries"), Paragraphs: []string{t("audit.report.trustNote")}, Table: entries}
	if len(entries.Rows) < st.Total {
		sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf("%s（%d / %d）", t("audit.report.truncated"), len(entries.Rows), st.Total))
	}
	d.Sections = append(d.Sections, sec)
	return d
}

// window writes a finding's time span, the second day only when it
// differs from the first.
func window(from, to int64) string {
	switch {
	case from == to:
		return warekiTime(from)
	case jstDay(from) == jstDay(to):
		return warekiTime(from) + "～" + time.UnixMilli(to).In(japan).Format(time.TimeOnly)
	}
	return warekiTime(from) + "～" + warekiTime(to)
}

package audit

import (
	"cmp"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/jtext"
)

// Exports of the log: CSV for a spreadsheet, and (report.go) a printable
// PDF. Entries never hold a My Number, and nothing here adds one: the
// words come from the locale files, the names from Names.

// Translate gives the words for a key in the user's language. The keys
// asked for are audit.* (columns and headings), audit.action.<code>,
// audit.result.<code>, audit.unusual.<code> — codes with dots written as
// underscores ("login.failed" → audit.action.login_failed) — and
// purpose.<code> and errors.<code> as the window uses them.
type Translate func(key string) string

// Names turns the ids in entries into what a reader knows: the app fills
// it from the roster (vault.Accounts, vault.Devices) and the client list.
// An id without a name is shown as it is.
type Names struct {
	Users   map[string]string     // user id → name
	Devices map[string]DeviceName // device id → PC
	Clients map[string]string     // client id → name
	Persons map[string]string     // person id → name (an incident's subject)
}

// DeviceName is a PC as the roster knows it.
type DeviceName struct {
	PC     string // the PC's name
	OSUser string // the Windows (or macOS) user who installed Kinko there
}

func (n *Names) user(id string) string { return cmp.Or(n.Users[id], id) }

func (n *Names) client(id string) string { return cmp.Or(n.Clients[id], id) }

func (n *Names) device(id string) string {
	d, ok := n.Devices[id]
	switch {
	case !ok || d.PC == "":
		return id
	case d.OSUser == "":
		return d.PC
	}
	return d.PC + " / " + d.OSUser
}

// key is the locale key of a code under prefix: dots become underscores,
// so that "login" and "login.failed" are both plain keys.
func key(prefix, code string) string { return prefix + strings.ReplaceAll(code, ".", "_") }

func actionText(t Translate, a Action) string { return t(key("audit.action.", string(a))) }

func resultText(t Translate, r string) string {
	switch r {
	case ResultOK, ResultDenied:
		return t("audit.result." + r)
	case "":
		return ""
	}
	sep := t("audit.detail.sep")
	if sep == "audit.detail.sep" {
		sep = "："
	}
	return t("audit.result.failed") + sep + t("errors."+r)
}

// trustText words a Trust (audit.trust.<code>); "" for an entry whose
// trust nobody worked out (added to an index by other code than the log
// reader).
func trustText(t Translate, tr Trust) string {
	if tr == "" {
		return ""
	}
	return t("audit.trust." + string(tr))
}

func purposeText(t Translate, p string) string {
	if p == "" {
		return ""
	}
	return t("purpose." + p)
}

// detailText puts an entry's detail ("rows=12 cli", "purposes=a,b") into
// words, pair by pair and word by word, with audit.detail.<key> and
// audit.detail.word.<word> (frontend/src/views/audit/format.ts does the
// same); a pair or word the catalog does not know is shown as it is.
func detailText(t Translate, d string, names *Names) string {
	known := func(key string) (string, bool) {
		s := t(key)
		return s, s != "" && s != key
	}
	word := func(w string) string {
		if s, ok := known("audit.detail.word." + strings.ReplaceAll(w, ".", "_")); ok {
			return s
		}
		return w
	}
	sep, ok := known("audit.detail.sep")
	if !ok {
		sep = "："
	}
	parts := strings.Fields(d)
	for i, p := range parts {
		k, v, pair := strings.Cut(p, "=")
		if !pair {
			parts[i] = word(p)
			continue
		}
		name, ok := known("audit.detail." + k)
		if !ok {
			continue
		}
		switch k {
		case "purposes":
			ps := strings.Split(v, ",")
			for j, c := range ps {
				ps[j] = purposeText(t, c)
			}
			and, ok := known("audit.detail.and")
			if !ok {
				and = "、"
			}
			v = strings.Join(ps, and)
		case "role":
			if s, ok := known("roles." + v); ok {
				v = s
			}
		case "level":
			if s, ok := known("levels." + v); ok {
				v = s
			} else {
				v = word(v)
			}
		case "user":
			v = names.user(v)
		case "reason":
			if s, ok := known("erasureReason." + v); ok {
				v = s
			}
		case "owner_only":
			v = word(v)
		case "verb":
			v = "kinko " + strings.ReplaceAll(v, ".", " ")
		}
		parts[i] = name + sep + v
	}
	return strings.Join(parts, " ")
}

// targetText is what an entry was about: its label, else its client's
// name, else the record id.
func targetText(e *Entry, names *Names) string {
	switch {
	case e.Label != "":
		return e.Label
	case e.Target == "client/"+e.Client && e.Client != "":
		return names.client(e.Client)
	}
	return e.Target
}

// warekiTime writes ms as "令和8年11月22日 09:15:03" in Japan.
func warekiTime(ms int64) string { return jst.WarekiTime(time.UnixMilli(ms)) }

// warekiDate writes the day of ms in Japan as "令和8年11月22日".
func warekiDate(ms int64) string { return jst.Wareki(time.UnixMilli(ms)) }

// csvColumns are the CSV's columns; their titles are audit.csv.<col>.
var csvColumns = []string{"time", "wareki", "user", "trust", "login", "device", "action", "client", "target", "purpose", "result", "detail", "op"}

// WriteCSV writes one row per entry, after a row of column titles: the
// time (ISO 8601 and 和暦, in Japan), the user, whether a signature
// confirms the entry as theirs (its Trust), the login name tried (failed
// logins), the PC, the action, the client, what the entry was about, the
// purpose, the result, the detail and the op id. Words come from t, names
// from names; formulas are escaped for Excel. It returns the writer's
// error or, in Shift_JIS, a *jtext.EncodeError for a character that
// encoding lacks (write UTF-8 then).
func WriteCSV(w io.Writer, entries iter.Seq[Entry], enc jtext.Encoding, t Translate, names Names) error {
	cw := newCSV(w, enc)
	if err := writeHeader(cw, t); err != nil {
		return err
	}
	if err := writeRows(cw, entries, t, &names); err != nil {
		return err
	}
	return cw.Flush()
}

func newCSV(w io.Writer, enc jtext.Encoding) *jtext.CSVWriter {
	cw := jtext.NewCSVWriter(w, enc)
	cw.EscapeFormulas = true
	return cw
}

func writeHeader(cw *jtext.CSVWriter, t Translate) error {
	header := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		header[i] = t("audit.csv." + c)
	}
	return cw.Write(header)
}

// Words are an entry in words: every column of the CSV.
type Words struct {
	Time    string `json:"time"`   // ISO 8601 in Japan
	Wareki  string `json:"wareki"` // 令和8年11月22日 10:15:03
	User    string `json:"user"`
	Trust   string `json:"trust"` // the entry's Trust in words
	Login   string `json:"login,omitempty"`
	Device  string `json:"device"`
	Action  string `json:"action"`
	Client  string `json:"client,omitempty"`
	Target  string `json:"target,omitempty"`
	Purpose string `json:"purpose,omitempty"`
	Result  string `json:"result"`
	Detail  string `json:"detail,omitempty"`
	Op      string `json:"op"`
}

// Describe puts e into words with t and names, as the CSV and the CLI's
// list show it.
func Describe(e *Entry, t Translate, names *Names) Words {
	w := Words{
		Time:    time.UnixMilli(e.Time).In(japan).Format("2006-01-02T15:04:05.000-07:00"),
		Wareki:  warekiTime(e.Time),
		User:    names.user(e.User),
		Trust:   trustText(t, e.Trust),
		Login:   e.Login,
		Device:  names.device(e.Device),
		Action:  actionText(t, e.Action),
		Target:  targetText(e, names),
		Purpose: purposeText(t, e.Purpose),
		Result:  resultText(t, e.Result),
		Detail:  detailText(t, e.Detail, names),
		Op:      e.Op,
	}
	if e.Client != "" {
		w.Client = names.client(e.Client)
	}
	if e.User == "" {
		w.User = t("audit.report.noUser")
	}
	return w
}

func writeRows(cw *jtext.CSVWriter, entries iter.Seq[Entry], t Translate, names *Names) error {
	row := make([]string, len(csvColumns))
	for e := range entries {
		w := Describe(&e, t, names)
		row = append(row[:0], w.Time, w.Wareki, w.User, w.Trust, w.Login, w.Device, w.Action, w.Client, w.Target, w.Purpose, w.Result, w.Detail, w.Op)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}

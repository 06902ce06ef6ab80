package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/vault"
)

// logCommands: kinko log verify — the access log's tamper check.
func logCommands() *Command {
	return &Command{
		Name: "log", Summary: "cli.log.summary", Usage: "cli.log.usage",
		Subs: []*Command{logList(), logVerify(), logExport(), logReview()},
	}
}

func logVerify() *Command {
	var f vaultFlags
	return &Command{
		Name: "verify", Summary: "cli.log.verify.summary", Usage: "cli.log.verify.usage",
		Flags: func(fs *flag.FlagSet) { f.register(fs, true) },
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			return env.withVault(&f, audit.LogVerify, func(u *use) error {
				v := u.Vault
				v.Sync(nil) // what this PC holds goes to the folder first; an unreachable folder fails below
				// The backups this PC can reach are witnesses too.
				external, labels := (&app.Backups{Session: u.Session, DataDir: env.DataDir}).LogWitnesses(ctx, nil)
				rpt, err := v.VerifyLogWith(ctx, nil, external)
				u.entry.Detail = fmt.Sprintf("problems=%d", problemCount(rpt))
				// Logged as the check's own outcome, whatever it found.
				if err := u.trace(err); err != nil {
					return err
				}
				if f.json {
					if err := env.printJSON(rpt); err != nil {
						return err
					}
				} else {
					printLogReport(env, v, rpt, labels)
				}
				if !rpt.OK() {
					return &app.Error{Code: "log.tampered", Params: map[string]any{"problems": len(rpt.Problems)}}
				}
				return nil
			})
		},
	}
}

func problemCount(r *audit.Report) int {
	if r == nil {
		return 0
	}
	return len(r.Problems)
}

// printLogReport writes the verification in words: counts, then each
// problem with the PC and users it names, then torn and open tails.
func printLogReport(env *Env, v *vault.Vault, r *audit.Report, witnesses map[string]string) {
	n := app.LogNames(v)
	maps.Copy(n.Devices, witnesses) // backups as witnesses, by their labels
	fmt.Fprintln(env.Stdout, env.T("cli.log.verify.counts", map[string]any{"devices": r.Devices, "ops": r.Ops, "entries": r.Entries, "checkpoints": r.Checkpoints}))
	for _, p := range r.Problems {
		fmt.Fprintln(env.Stdout, "  "+app.DescribeProblem(func(k string, p map[string]any) string { return env.T(k, p) }, n, p))
	}
	for _, t := range r.Torn {
		fmt.Fprintln(env.Stdout, "  "+env.T("audit.verify.torn", map[string]any{"device": n.Device(t.Device), "after": t.After}))
	}
	for _, t := range r.Tails {
		if t.Unsigned > 0 {
			fmt.Fprintln(env.Stdout, "  "+env.T("audit.verify.unsigned", map[string]any{"device": n.Device(t.Device), "count": t.Unsigned}))
		}
	}
	if r.OK() {
		fmt.Fprintln(env.Stdout, env.T("audit.verify.ok", nil))
	}
}

// logIndex reads the whole log into an index (責任者 and 監査 only).
func logIndex(v *vault.Vault) (*audit.Index, error) {
	idx := audit.NewIndex()
	st, err := v.LogEntries(func(e *audit.Entry) error { idx.Add(e); return nil })
	idx.Settle(st.Settled)
	return idx, err
}

// parseDay reads a --from/--to day (西暦 or 和暦, as the date fields take
// them) as the start of that day in Japan, unix ms; "" is 0 (open).
func parseDay(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	y, m, d, err := jtext.ParseDate(s)
	if err != nil {
		return 0, err
	}
	return time.Date(y, m, d, 0, 0, 0, 0, jst.Zone).UnixMilli(), nil
}

// logList: kinko log list — the entries a filter selects, newest first,
// one line each (or JSON). Reading the log is itself logged.
func logList() *Command {
	var f vaultFlags
	var from, to, client, user, actions, purposes, text string
	var sensitive bool
	var limit int
	return &Command{
		Name: "list", Summary: "cli.log.list.summary", Usage: "cli.log.list.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&from, "from", "", "cli.flag.from")
			fs.StringVar(&to, "to", "", "cli.flag.to")
			fs.StringVar(&client, "client", "", "cli.flag.log_client")
			fs.StringVar(&user, "user", "", "cli.flag.log_by")
			fs.StringVar(&actions, "action", "", "cli.flag.log_action")
			fs.StringVar(&purposes, "purpose", "", "cli.flag.log_purpose")
			fs.StringVar(&text, "text", "", "cli.flag.log_text")
			fs.BoolVar(&sensitive, "sensitive", false, "cli.flag.log_sensitive")
			fs.IntVar(&limit, "limit", 50, "cli.flag.limit")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			filter, err := dayRange(from, to)
			if err != nil {
				return err
			}
			filter.Text, filter.Sensitive = text, sensitive
			for a := range strings.SplitSeq(actions, ",") {
				if a = strings.TrimSpace(a); a != "" {
					filter.Actions = append(filter.Actions, audit.Action(a))
				}
			}
			for p := range strings.SplitSeq(purposes, ",") {
				if p = strings.TrimSpace(p); p != "" {
					filter.Purposes = append(filter.Purposes, p)
				}
			}
			return env.withVault(&f, audit.LogView, func(u *use) error { return listLog(env, u.Vault, &f, filter, client, user, limit) })
		},
	}
}

// listLog prints the entries filter (with --client and --user) selects.
func listLog(env *Env, v *vault.Vault, f *vaultFlags, filter audit.Filter, client, user string, limit int) error {
	idx, err := logIndex(v)
	if err != nil {
		return err
	}
	off := office.New(v)
	if client != "" {
		id, err := clientID(off, client)
		if err != nil {
			return err
		}
		filter.Clients = []string{id}
	}
	if user != "" {
		id, err := knownUser(v, user)
		if err != nil {
			return err
		}
		filter.Users = []string{id}
	}
	es, total := idx.Query(filter, 0, max(limit, 1), true)
	names := app.AuditNames(v, idx, off.ClientNames())
	t := func(key string) string { return env.T(key, nil) }
	words := make([]audit.Words, len(es))
	for i := range es {
		words[i] = audit.Describe(&es[i], t, &names)
	}
	if f.json {
		out := make([]logEntryJSON, len(es))
		for i := range es {
			out[i] = logEntryJSONOf(&es[i], &words[i])
		}
		return env.printJSON(map[string]any{"total": total, "entries": out})
	}
	for i, w := range words {
		// An entry no signature confirms as its user's is never shown as
		// plainly theirs.
		if tr := es[i].Trust; tr != audit.TrustVerified && tr != "" {
			w.User += "［" + w.Trust + "］"
		}
		fields := []string{env.when(es[i].Time), w.User, w.Action}
		for _, x := range []string{w.Target, w.Purpose} {
			if x != "" {
				fields = append(fields, x)
			}
		}
		if w.Result != env.T("audit.result.ok", nil) {
			fields = append(fields, w.Result)
		}
		fields = append(fields, w.Device)
		if w.Login != "" {
			fields = append(fields, env.T("audit.csv.login", nil)+env.T("audit.detail.sep", nil)+w.Login)
		}
		fmt.Fprintln(env.Stdout, strings.Join(fields, "  "))
	}
	if len(filter.Users) > 0 {
		fmt.Fprintln(env.Stdout, env.T("audit.filter.usersNote", nil))
	}
	fmt.Fprintln(env.Stdout, env.T("cli.log.list.total", map[string]any{"shown": len(words), "total": total}))
	return nil
}

// logEntryJSON is one entry of `log list --json`: stable codes (action,
// result, purpose, trust), ids and the names they stand for; the words
// a person reads are the text output's.
type logEntryJSON struct {
	Time       string       `json:"time"` // RFC 3339 in Japan time
	Op         string       `json:"op"`
	User       string       `json:"user,omitempty"` // user id
	UserName   string       `json:"userName,omitempty"`
	Login      string       `json:"login,omitempty"` // the login name typed (failed logins)
	Device     string       `json:"device"`          // device id
	DeviceName string       `json:"deviceName"`
	Action     audit.Action `json:"action"`
	Client     string       `json:"client,omitempty"` // client id
	Target     string       `json:"target,omitempty"` // record id
	TargetName string       `json:"targetName,omitempty"`
	Purpose    string       `json:"purpose,omitempty"`
	Result     string       `json:"result"` // ok, denied or an error code
	Detail     string       `json:"detail,omitempty"`
	Trust      audit.Trust  `json:"trust"`
}

func logEntryJSONOf(e *audit.Entry, w *audit.Words) logEntryJSON {
	j := logEntryJSON{Time: isoTime(e.Time), Op: e.Op, User: e.User, Login: e.Login, Device: e.Device, DeviceName: w.Device,
		Action: e.Action, Client: e.Client, Target: e.Target, TargetName: w.Target, Purpose: e.Purpose, Result: e.Result, Detail: e.Detail, Trust: e.Trust}
	if e.User != "" {
		j.UserName = w.User
	}
	return j
}

// dayRange is the filter of --from and --to (days in Japan, both
// included; "" leaves a side open).
func dayRange(from, to string) (audit.Filter, error) {
	var f audit.Filter
	var err error
	if f.From, err = parseDay(from); err != nil {
		return f, err
	}
	if f.To, err = parseDay(to); err != nil {
		return f, err
	}
	if f.To != 0 {
		f.To += 24 * 3600 * 1000 // --to is the last day included
	}
	return f, nil
}

// clientID finds a client by its code.
func clientID(off *office.Office, code string) (string, error) {
	codes, err := off.CodeIndex()
	if err != nil {
		return "", err
	}
	id, ok := codes[strings.ToUpper(code)]
	if !ok {
		return "", &app.Error{Code: "cli.unknown_client", Params: map[string]any{"client": code}}
	}
	if office.Ambiguous(id) {
		return "", &app.Error{Code: "cli.ambiguous_client", Params: map[string]any{"client": code}}
	}
	return id, nil
}

// personID finds one of a client's people by name (spaces and kana width
// do not matter) and returns the name as stored; a name two people share
// is refused, not guessed.
func personID(off *office.Office, client, name string) (id, full string, err error) {
	people, err := off.People(client)
	if err != nil {
		return "", "", err
	}
	want := jtext.Fold(strings.Join(strings.Fields(name), ""))
	for _, p := range people {
		if jtext.Fold(strings.Join(strings.Fields(p.Name), "")) == want {
			if id != "" {
				return "", "", &app.Error{Code: "cli.ambiguous_person", Params: map[string]any{"person": name}}
			}
			id, full = p.ID, p.Name
		}
	}
	if id == "" {
		return "", "", &app.Error{Code: "cli.unknown_person", Params: map[string]any{"person": name}}
	}
	return id, full, nil
}

// knownUser finds a user by login name, or says who is unknown.
func knownUser(v *vault.Vault, login string) (string, error) {
	id, err := userID(v, login)
	if err != nil {
		return "", &app.Error{Code: "cli.unknown_user", Params: map[string]any{"user": login}}
	}
	return id, nil
}

// logExport: kinko log export — the log of a period, or an incident report
// on one client or user, as PDF or CSV.
func logExport() *Command {
	var f vaultFlags
	var file, encName, from, to, client, person, user string
	return &Command{
		Name: "export", Summary: "cli.log.export.summary", Usage: "cli.log.export.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&file, "file", "", "cli.flag.report_file")
			fs.StringVar(&encName, "encoding", "utf-8-bom", "cli.flag.out_encoding")
			fs.StringVar(&from, "from", "", "cli.flag.from")
			fs.StringVar(&to, "to", "", "cli.flag.to")
			fs.StringVar(&client, "client", "", "cli.flag.client_code")
			fs.StringVar(&person, "person", "", "cli.flag.log_person")
			fs.StringVar(&user, "user", "", "cli.flag.log_user")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			ext := strings.ToLower(filepath.Ext(file))
			if file == "" || (ext != ".pdf" && ext != ".csv") || (client != "" && user != "") || (person != "" && client == "") {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko log export"})
			}
			enc, err := jtext.ParseEncoding(encName)
			if err != nil {
				return err
			}
			period, err := dayRange(from, to)
			if err != nil {
				return err
			}
			return env.withVault(&f, audit.LogExport, func(u *use) error {
				u.entry.Label, u.entry.Detail = filepath.Base(file), strings.TrimPrefix(ext, ".")
				return exportLog(env, u, file, ext, enc, period, client, person, user)
			})
		},
	}
}

// exportLog writes the log of period, or an incident report on --client
// (and --person) or --user, to file; the entry is written before the file
// is renamed into place.
func exportLog(env *Env, u *use, file, ext string, enc jtext.Encoding, period audit.Filter, client, person, user string) error {
	v := u.Vault
	fromMs, toMs := period.From, period.To
	idx, err := logIndex(v)
	if err != nil {
		return err
	}
	off := office.New(v)
	names := app.AuditNames(v, idx, off.ClientNames())
	p := audit.Printout{Filter: audit.Filter{From: fromMs, To: toMs}, Office: v.Name(), GeneratedBy: names.Users[v.User()], GeneratedAt: time.Now(), Footer: "Kinko " + app.Version}
	e := &u.entry
	switch {
	case person != "":
		cid, err := clientID(off, client)
		if err != nil {
			return err
		}
		pid, pname, err := personID(off, cid, person)
		if err != nil {
			return err
		}
		p.Subject = &audit.Subject{Kind: audit.SubjectPerson, ID: pid, Client: cid, Name: pname + "（" + names.Clients[cid] + "）"}
		e.Client, e.Person, e.Detail = cid, pid, e.Detail+" incident person"
	case client != "":
		id, err := clientID(off, client)
		if err != nil {
			return err
		}
		p.Subject = &audit.Subject{Kind: audit.SubjectClient, ID: id}
		e.Client, e.Detail = id, e.Detail+" incident client"
	case user != "":
		id, err := knownUser(v, user)
		if err != nil {
			return err
		}
		p.Subject = &audit.Subject{Kind: audit.SubjectUser, ID: id}
		e.Detail += " incident user"
	}
	if p.Subject != nil {
		p.Filter = p.Subject.Filter(fromMs, toMs)
	}
	t := func(key string) string { return env.T(key, nil) }
	err = outfile.WriteSecret(file, func(w io.Writer) error {
		var err error
		if ext == ".pdf" {
			err = report.WritePDF(w, idx.Doc(p, t, names))
		} else {
			err = idx.ExportCSV(w, p, enc, t, names)
		}
		if err != nil {
			return err
		}
		return u.trace(nil) // on disk before the file is put in place
	})
	if err != nil {
		return err
	}
	_, total := idx.Query(p.Filter, 0, 0, false)
	fmt.Fprintln(env.Stdout, env.T("cli.log.export.done", map[string]any{"entries": total, "file": file}))
	return nil
}

// logReview: kinko log review — confirm the monthly review of the log.
func logReview() *Command {
	var f vaultFlags
	var month, note string
	return &Command{
		Name: "review", Summary: "cli.log.review.summary", Usage: "cli.log.review.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&month, "month", "", "cli.flag.month")
			fs.StringVar(&note, "note", "", "cli.flag.note")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if _, err := time.Parse("2006-01", month); err != nil {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko log review"})
			}
			return env.withVault(&f, audit.LogReview, func(u *use) error {
				u.entry.Detail = "month=" + month
				rd, err := u.Vault.LogReader() // 責任者 and 監査 only; not a read of the log
				if err != nil {
					return err
				}
				rd.Close()
				// The confirmation is the entry itself.
				u.entry.Label = strings.TrimSpace(note)
				if err := u.trace(nil); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, env.T("cli.log.review.done", map[string]any{"month": month}))
				return nil
			})
		},
	}
}

package app

import (
	"context"
	"io"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/vault"
)

// LogService is the bound service of the アクセスログ area, for 責任者 and
// 監査: the filtered list, the per-record view, charts, the monthly review,
// verification and exports. The log is decrypted into an in-memory index
// once per session and topped up with what syncs bring; it is dropped at
// lock.
type LogService struct {
	vs *VaultService

	mu   sync.Mutex
	user string
	rd   *vault.LogReader
	idx  *audit.Index
}

// drop forgets the index and the reader's keys (at lock, or a user change).
func (l *LogService) drop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropLocked()
}

func (l *LogService) dropLocked() {
	if l.rd != nil {
		l.rd.Close()
	}
	l.rd, l.idx, l.user = nil, nil, ""
}

// index returns the session's index, reading what arrived since the last
// call. Only a 責任者 or 監査 gets one. Reading the log is itself logged,
// once per session, by whichever method reads it first — and every refused
// attempt.
func (l *LogService) index() (*audit.Index, vault.LogStats, error) {
	var st vault.LogStats
	var v *vault.Vault
	err := l.vs.withVault(func(vv *vault.Vault) error { v = vv; return nil })
	if err != nil {
		return nil, st, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if u := v.User(); u != l.user || l.rd == nil {
		l.dropLocked()
		rd, err := v.LogReader()
		// Written through v's Session directly: l.mu is held, and the
		// vault service's lock is taken before it elsewhere. Queued, so
		// the first Read below holds it.
		if err := (Session{Vault: v}).Trace(audit.Entry{Action: audit.LogView}, err); err != nil {
			if rd != nil {
				rd.Close()
			}
			return nil, st, err
		}
		l.rd, l.idx, l.user = rd, audit.NewIndex(), u
	}
	if l.rd.Pending() >= l.vs.a.opt.LogReadJobOps {
		st, err = l.readAsJob()
	} else {
		st, err = l.rd.Read(func(e *audit.Entry) error { l.idx.Add(e); return nil })
	}
	// Entries read earlier as pending whose checkpoint has arrived; kept
	// also from a read that was cancelled or failed.
	l.idx.Settle(st.Settled)
	if err != nil {
		return nil, st, Err(err)
	}
	return l.idx, st, nil
}

// readAsJob reads what arrived into the index as the job "log.open" and
// waits for it, so the window shows its progress and a cancel button
// (Options.LogReadJobOps says when). A cancelled read keeps what it read;
// the next call goes on from there. The caller holds l.mu, so the job has
// the reader to itself.
func (l *LogService) readAsJob() (vault.LogStats, error) {
	type outcome struct {
		st  vault.LogStats
		err error
	}
	done := make(chan outcome, 1)
	rd, idx := l.rd, l.idx
	l.vs.a.Jobs.Start(context.Background(), "log.open", func(ctx context.Context, rep progress.Reporter) (any, error) {
		total, n := int64(rd.Pending()), int64(0)
		rep.Report(progress.Update{Stage: "read", Total: total})
		st, err := rd.Read(func(e *audit.Entry) error {
			idx.Add(e)
			if n++; n%1024 == 0 {
				rep.Report(progress.Update{Stage: "read", Done: min(n, total), Total: total})
				return ctx.Err()
			}
			return nil
		})
		if err == nil {
			rep.Report(progress.Update{Stage: "read", Done: total, Total: total})
		}
		done <- outcome{st, err}
		return nil, err
	})
	o := <-done
	return o.st, o.err
}

// LogSummary is what the area shows on opening.
type LogSummary struct {
	Entries    int          `json:"entries"`
	Unreadable int          `json:"unreadable"` // entries sealed to keys this user cannot open
	Values     audit.Values `json:"values"`     // what the filters can offer
	Names      LogNamesView `json:"names"`
}

// LogNamesView names the ids entries hold.
type LogNamesView struct {
	Users   map[string]string `json:"users"`
	Devices map[string]string `json:"devices"` // "PC（OS user）"
	// Clients names the clients the reader may see, and the others by the
	// newest name the log holds (a 監査 usually opens no client file).
	Clients map[string]string `json:"clients"`
	Persons map[string]string `json:"persons"` // "name（client）", from the log
	// PersonClient is each person's client.
	PersonClient map[string]string `json:"personClient"`
}

// Open reads the log (what arrived since the last call) and returns its
// summary. Opening the log is itself logged, once per session (index).
func (l *LogService) Open() (*LogSummary, error) {
	idx, st, err := l.index()
	if err != nil {
		return nil, err
	}
	return &LogSummary{Entries: idx.Len(), Unreadable: st.Unreadable, Values: idx.Values(), Names: l.namesView(idx)}, nil
}

func (l *LogService) namesView(idx *audit.Index) LogNamesView {
	out := LogNamesView{Users: map[string]string{}, Devices: map[string]string{}, Clients: map[string]string{}, Persons: map[string]string{}, PersonClient: map[string]string{}}
	l.vs.withVault(func(v *vault.Vault) error {
		n := LogNames(v)
		out.Users, out.Devices = n.Users, n.Devices
		return nil
	})
	if idx != nil {
		l := idx.Labels()
		out.Clients, out.Persons, out.PersonClient = l.Clients, l.Persons, l.PersonClient
	}
	if off, err := l.vs.office(); err == nil {
		maps.Copy(out.Clients, off.ClientNames())
	}
	return out
}

// names is the index's Names for exports.
func (l *LogService) names(idx *audit.Index) audit.Names {
	var clients map[string]string
	if off, err := l.vs.office(); err == nil {
		clients = off.ClientNames()
	}
	var n audit.Names
	l.vs.withVault(func(v *vault.Vault) error { n = AuditNames(v, idx, clients); return nil })
	return n
}

// LogQuery is one page of the list.
type LogQuery struct {
	Filter      audit.Filter `json:"filter"`
	Offset      int          `json:"offset"`
	Limit       int          `json:"limit"`
	NewestFirst bool         `json:"newestFirst"`
}

// LogPage is a page of entries and how many match in all.
type LogPage struct {
	Entries []audit.Entry `json:"entries"`
	Total   int           `json:"total"`
}

// Query returns a page of the entries q selects.
func (l *LogService) Query(q LogQuery) (*LogPage, error) {
	idx, _, err := l.index()
	if err != nil {
		return nil, err
	}
	limit := min(max(q.Limit, 0), 1000)
	es, total := idx.Query(q.Filter, q.Offset, limit, q.NewestFirst)
	if es == nil {
		es = []audit.Entry{}
	}
	return &LogPage{Entries: es, Total: total}, nil
}

// Stats sums the entries f selects for the charts, with unusual activity.
func (l *LogService) Stats(f audit.Filter) (*audit.Stats, error) {
	idx, _, err := l.index()
	if err != nil {
		return nil, err
	}
	return idx.Stats(f), nil
}

// Touched answers "who touched this record" for a filter on one client,
// person or target.
func (l *LogService) Touched(f audit.Filter) ([]audit.Toucher, error) {
	idx, _, err := l.index()
	if err != nil {
		return nil, err
	}
	out := idx.Touched(f)
	if out == nil {
		out = []audit.Toucher{}
	}
	return out, nil
}

// LogVerifyView is the outcome of a verification with the names it needs.
type LogVerifyView struct {
	Report *audit.Report `json:"report"`
	Names  LogNamesView  `json:"names"`
}

// Verify starts the job ("log.verify") that checks the log in the vault
// folder for tampering; its result is a LogVerifyView. The run is logged.
func (l *LogService) Verify() (string, error) {
	var id string
	err := l.vs.withVault(func(v *vault.Vault) error {
		id = l.vs.a.Jobs.Start(context.Background(), "log.verify", func(ctx context.Context, r progress.Reporter) (any, error) {
			// This PC's entries go to the folder first; an unreachable folder
			// fails below. What the sync imports reaches the search index as
			// the poll's does, and a cancel stops it.
			l.vs.syncFor(ctx, v)
			// The backups this PC can reach are witnesses too.
			external, labels := l.vs.a.backup.logWitnesses(ctx, v)
			rpt, err := v.VerifyLogWith(ctx, r, external)
			e := audit.Entry{Action: audit.LogVerify}
			if rpt != nil {
				e.Detail = "problems=" + strconv.Itoa(len(rpt.Problems))
			}
			if err := l.vs.trace(e, err); err != nil {
				return nil, err
			}
			l.mu.Lock()
			idx := l.idx
			l.mu.Unlock()
			view := &LogVerifyView{Report: rpt, Names: l.namesView(idx)}
			maps.Copy(view.Names.Devices, labels)
			return view, nil
		})
		return nil
	})
	return id, err
}

// LogReview is a monthly review the 責任者 confirmed.
type LogReview struct {
	Month string `json:"month"` // "2026-10"
	User  string `json:"user"`
	Time  int64  `json:"time"`
	Note  string `json:"note"`
}

// Reviews lists the confirmed monthly reviews, newest first (they are
// log entries themselves).
func (l *LogService) Reviews() ([]LogReview, error) {
	idx, _, err := l.index()
	if err != nil {
		return nil, err
	}
	out := []LogReview{}
	for e := range idx.Entries(audit.Filter{Actions: []audit.Action{audit.LogReview}, Results: []string{audit.ResultOK}}) {
		out = append(out, LogReview{Month: strings.TrimPrefix(e.Detail, "month="), User: e.User, Time: e.Time, Note: e.Label})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// ConfirmReview records that the user reviewed the log of month
// ("2026-10") with a note; the confirmation is a log entry. Only readers
// of the log may confirm.
func (l *LogService) ConfirmReview(month, note string) error {
	if _, err := time.Parse("2006-01", month); err != nil {
		return &Error{Code: CodeUsage}
	}
	err := l.vs.withVault(func(v *vault.Vault) error {
		rd, err := v.LogReader() // 責任者 and 監査 only; not a read of the log
		if err == nil {
			rd.Close()
		}
		return err
	})
	if err != nil {
		return l.vs.trace(audit.Entry{Action: audit.LogReview, Detail: "month=" + month}, err)
	}
	return l.vs.trace(audit.Entry{Action: audit.LogReview, Detail: "month=" + month, Label: strings.TrimSpace(note)}, nil)
}

// SaveReport saves the entries f selects — or, with subject, an incident
// report on one client, person or user for f's period — as "pdf" or "csv"
// (encoding "utf-8-bom" or "shift_jis") where the user picks. It returns
// the path, "" when the user cancelled.
func (l *LogService) SaveReport(f audit.Filter, subject *audit.Subject, format, encoding, lang string) (string, error) {
	idx, _, err := l.index()
	if err != nil {
		return "", err
	}
	a := l.vs.a
	t := func(key string) string { return a.t(lang, key) }
	p := audit.Printout{Filter: f, Subject: subject, GeneratedAt: l.vs.now(), Footer: "Kinko " + Version}
	l.vs.withVault(func(v *vault.Vault) error {
		p.Office = v.Name()
		n := LogNames(v)
		p.GeneratedBy = n.User(v.User())
		return nil
	})
	if subject != nil {
		p.Filter = subject.Filter(f.From, f.To)
	}
	names := l.names(idx)
	name := a.t(lang, "audit.file.log")
	if subject != nil {
		name = a.t(lang, "audit.file.incident")
	}
	name += "_" + p.GeneratedAt.Format("20060102")
	e := audit.Entry{Action: audit.LogExport, Detail: format}
	if subject != nil {
		e.Detail += " incident " + subject.Kind
		e.Client = subject.Client
		if subject.Kind == audit.SubjectClient {
			e.Client = subject.ID
		}
	}
	var path string
	switch format {
	case "pdf":
		doc := idx.Doc(p, t, names)
		path, err = a.saveAs(lang, "audit.saveTitle", safeFileName(name+".pdf"), "PDF", "*.pdf", 0o600,
			func(w io.Writer) error { return report.WritePDF(w, doc) })
	case "csv":
		enc, perr := jtext.ParseEncoding(encoding)
		if perr != nil {
			return "", Err(perr)
		}
		path, err = a.saveAs(lang, "audit.saveTitle", safeFileName(name+".csv"), "CSV", "*.csv", 0o600,
			func(w io.Writer) error { return idx.ExportCSV(w, p, enc, t, names) })
	default:
		return "", &Error{Code: CodeUsage}
	}
	if path == "" && err == nil {
		return "", nil
	}
	e.Label = safeFileName(name + "." + format)
	return path, l.vs.trace(e, err)
}

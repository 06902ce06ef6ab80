package app

import (
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// Every operation a user starts — from the window or from the command line
// — writes exactly one access-log entry, refusals included, since an
// attempt on a hidden client or a number is exactly what an auditor looks
// for. Listing and searching are not logged; opening a client's file is.
//
// Both faces write their entries through Session, so the rules below hold
// whichever door an operation came through: the window's bound services
// (VaultService.trace) and every command-line verb on a vault (the runner
// in app/cli, which also logs the --as user in through Session.Login).

// Door says which face an operation came through. It is added to every
// entry's Detail, so the log tells a verb run from a script from a click.
type Door string

// The doors.
const (
	DoorWindow Door = ""    // the window: entries carry no mark
	DoorCLI    Door = "cli" // the command line: "cli" ends the Detail
)

// Session is one face's use of an open vault: the window's, or one
// command-line verb's. It is the one place that logs users in and writes
// the entries of operations, so a new bound method or verb gets the same
// rules by passing through it. A zero Vault writes nothing.
type Session struct {
	Vault *vault.Vault
	Door  Door
}

// resultOf is an entry's result: "ok", "denied" for access refusals, or
// the error's stable code.
func resultOf(err error) string {
	if err == nil {
		return audit.ResultOK
	}
	code := ToError(err).Code
	if strings.HasPrefix(code, "access.") || code == "vault.no_access" {
		return audit.ResultDenied
	}
	return code
}

// Trace records e with the outcome err and returns err as an *Error. When
// a sensitive entry (audit.Action.Sensitive) cannot be written, a
// successful operation reports that failure instead: callers that hand out
// personal data (a revealed number, an export) call it before handing it
// out and give nothing on an error. Never put a My Number, a password or a
// key in e.
func (s Session) Trace(e audit.Entry, err error) error {
	if s.Vault == nil {
		return Err(err)
	}
	e.Result = resultOf(err)
	if s.Door != DoorWindow {
		e.Detail = strings.TrimSpace(e.Detail + " " + string(s.Door))
	}
	// Entries that gate personal data are on disk before it is handed
	// out; the others are written within vault.LogFlushDelay, so they add
	// microseconds, not an fsync, to what they record.
	write := s.Vault.LogLater
	if e.Action.Sensitive() {
		write = s.Vault.Log
	}
	if lerr := write(e); lerr != nil && err == nil {
		return Err(lerr)
	}
	return Err(err)
}

// Login logs login in with password and writes a login entry, or a
// login.failed entry with the name typed and the reason (written while
// locked, so it has no user). The password is never logged. detail says
// what the login was for (the CLI's "verb=export.clients"); "" for none.
// Errors: those of vault.Login, as *Error.
func (s Session) Login(login string, password []byte, detail string) error {
	if err := s.Vault.Login(login, password); err != nil {
		return s.Trace(audit.Entry{Action: audit.LoginFailed, Login: login, Detail: detail}, err)
	}
	return s.Trace(audit.Entry{Action: audit.Login, Login: login, Detail: detail}, nil)
}

// ClientEntry is an entry about a client's file, labelled with its name
// when the session may read it. off may be nil (no label).
func ClientEntry(off *office.Office, action audit.Action, client string) audit.Entry {
	return audit.Entry{Action: action, Client: client, Target: "client/" + client, Label: clientName(off, client)}
}

// PersonEntry is an entry about a person (target kind "person" or
// "mynumber"), labelled "name（client）" as far as the session may read
// them. off may be nil (no label).
func PersonEntry(off *office.Office, action audit.Action, kind, client, person string) audit.Entry {
	e := audit.Entry{Action: action, Client: client, Person: person, Target: kind + "/" + client + "/" + person}
	if off != nil {
		name := ""
		if p, err := off.Person(client, person); err == nil {
			name = p.Value.Name
		}
		if c := clientName(off, client); c != "" {
			name += "（" + c + "）"
		}
		e.Label = name
	}
	return e
}

// clientName is a client's name for a label: from the session's index of
// names (the window's), else read from the record (a CLI verb loads none);
// "" for a client the session may not read.
func clientName(off *office.Office, client string) string {
	if off == nil || client == "" {
		return ""
	}
	if n := off.ClientName(client); n != "" {
		return n
	}
	if c, err := off.Client(client); err == nil {
		return c.Value.Name
	}
	return ""
}

// trace writes the window's entry through the open vault's Session.
func (s *VaultService) trace(e audit.Entry, err error) error {
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	return Session{Vault: v}.Trace(e, err)
}

// clientEntry is ClientEntry with the logged-in session's office.
func (s *VaultService) clientEntry(action audit.Action, client string) audit.Entry {
	off, _ := s.office()
	return ClientEntry(off, action, client)
}

// personEntry is PersonEntry with the logged-in session's office.
func (s *VaultService) personEntry(action audit.Action, kind, client, person string) audit.Entry {
	off, _ := s.office()
	return PersonEntry(off, action, kind, client, person)
}

// personTarget is the person entry for a person record p (new people get
// their id after saving).
func (s *VaultService) personTarget(action audit.Action, p records.Person) audit.Entry {
	return s.personEntry(action, "person", p.ClientID, p.ID)
}

// Rows is the Detail pair of a row count ("rows=12"), which the log's
// unusual-activity check reads for large exports.
func Rows(n int) string { return "rows=" + strconv.Itoa(n) }

func purposesDetail(ps []mynumber.Purpose) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return "purposes=" + strings.Join(out, ",")
}

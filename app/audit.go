package app

import (
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
)

// Every operation a user starts from the window writes exactly one
// access-log entry — refusals included, since an attempt on a hidden client
// or a number is exactly what an auditor looks for. Listing and searching
// are not logged; opening a client's file is.

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

// trace records e with the outcome err and returns err. When a sensitive
// entry (audit.Action.Sensitive) cannot be written, a successful operation
// reports that failure instead: callers that hand out personal data (a
// revealed number, an export) call it before handing it out and give
// nothing on an error.
func (s *VaultService) trace(e audit.Entry, err error) error {
	e.Result = resultOf(err)
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	if v == nil {
		return Err(err)
	}
	// Entries that gate personal data are on disk before it is handed
	// out; the others are written within vault.LogFlushDelay, so they add
	// microseconds, not an fsync, to what they record.
	write := v.LogLater
	if e.Action.Sensitive() {
		write = v.Log
	}
	if lerr := write(e); lerr != nil && err == nil {
		return Err(lerr)
	}
	return Err(err)
}

// clientEntry is an entry about a client's file, labelled with its name.
func (s *VaultService) clientEntry(action audit.Action, client string) audit.Entry {
	e := audit.Entry{Action: action, Client: client, Target: "client/" + client}
	if off, err := s.office(); err == nil {
		e.Label = off.ClientName(client)
	}
	return e
}

// personEntry is an entry about a person (target kind "person" or
// "mynumber"), labelled "name（client）".
func (s *VaultService) personEntry(action audit.Action, kind, client, person string) audit.Entry {
	e := audit.Entry{Action: action, Client: client, Person: person, Target: kind + "/" + client + "/" + person}
	if off, err := s.office(); err == nil {
		name := ""
		if p, err := off.Person(client, person); err == nil {
			name = p.Value.Name
		}
		if c := off.ClientName(client); c != "" {
			name += "（" + c + "）"
		}
		e.Label = name
	}
	return e
}

// personTarget is the person entry for a person record p (new people get
// their id after saving).
func (s *VaultService) personTarget(action audit.Action, p records.Person) audit.Entry {
	return s.personEntry(action, "person", p.ClientID, p.ID)
}

func rows(n int) string { return "rows=" + strconv.Itoa(n) }

func purposesDetail(ps []mynumber.Purpose) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return "purposes=" + strings.Join(out, ",")
}

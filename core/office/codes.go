package office

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/kinko-jp/kinko/core/records"
)

// Client codes (顧問先コード) are the office's keys for its clients: lists,
// imports of people and other software name clients by them. One PC refuses
// a code it already has (an import's CodeExists, ErrCodeTaken), but two PCs
// that have not synced can each give the same code to a new client. That is
// not a record conflict the vault sees — the two clients are different
// records — so the office finds it here, among the clients the user can
// read, and the window, `kinko vault codes` and the status show it until
// someone gives one of the clients another code.

// ErrCodeTaken: a client (new or edited) was given a client code another
// client the user can read already has. *CodeTakenError names it.
var ErrCodeTaken = errors.New("office: the client code is taken")

// CodeTakenError is ErrCodeTaken with the code and the client that has it.
type CodeTakenError struct {
	Code  string // as the other client has it
	Owner string // that client's name
}

func (e *CodeTakenError) Error() string { return ErrCodeTaken.Error() }
func (e *CodeTakenError) Unwrap() error { return ErrCodeTaken }

// CodeConflict is one client code that several clients have.
type CodeConflict struct {
	Code    string       `json:"code"`
	Clients []CodeHolder `json:"clients"` // two or more, by name
}

// CodeHolder is a client in a CodeConflict.
type CodeHolder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ambiguousCode stands in CodeIndex for the client of a code several
// clients share: a person's row naming it is refused (CodeAmbiguousClient).
const ambiguousCode = "\x00ambiguous"

// Ambiguous reports whether a client id from CodeIndex stands for a code
// several clients share rather than for one client.
func Ambiguous(id string) bool { return id == ambiguousCode }

// codeKey is how codes compare: what an import compares (CodeIndex).
func codeKey(code string) string { return strings.ToUpper(code) }

// CodeConflicts lists the client codes several of clients share, by code.
func CodeConflicts(clients []records.Client) []CodeConflict {
	by := map[string][]records.Client{}
	for _, c := range clients {
		if c.Code != "" {
			by[codeKey(c.Code)] = append(by[codeKey(c.Code)], c)
		}
	}
	out := []CodeConflict{}
	for _, cs := range by {
		if len(cs) < 2 {
			continue
		}
		slices.SortFunc(cs, func(a, b records.Client) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
		cc := CodeConflict{Code: cs[0].Code}
		for _, c := range cs {
			cc.Clients = append(cc.Clients, CodeHolder{ID: c.ID, Name: c.Name})
		}
		out = append(out, cc)
	}
	slices.SortFunc(out, func(a, b CodeConflict) int { return cmp.Compare(codeKey(a.Code), codeKey(b.Code)) })
	return out
}

// CodeConflicts lists the client codes several clients the user can read
// share.
func (o *Office) CodeConflicts() ([]CodeConflict, error) {
	cs, err := o.Clients()
	if err != nil {
		return nil, err
	}
	return CodeConflicts(cs), nil
}

// checkCode refuses c's code if another client the user can read has it
// (*CodeTakenError). A client keeps a code it already had, even one it
// shares: the conflict is resolved by changing a code, never by refusing
// other edits.
func (o *Office) checkCode(c *records.Client, old string) error {
	if c.Code == "" || codeKey(c.Code) == codeKey(old) {
		return nil
	}
	cs, err := o.Clients()
	if err != nil {
		return err
	}
	for _, other := range cs {
		if other.ID != c.ID && codeKey(other.Code) == codeKey(c.Code) {
			return &CodeTakenError{Code: other.Code, Owner: other.Name}
		}
	}
	return nil
}

package records

import "strings"

// DocKind says whether a Doc describes a client or a person.
type DocKind string

// Document kinds.
const (
	DocClient DocKind = "client"
	DocPerson DocKind = "person"
)

// Doc is what the search index knows about one record: the texts it matches
// a query against and returns for display in the result list. The vault
// builds Docs from decrypted records with DocFromClient and DocFromPerson;
// a Doc holds personal data and lives in memory only.
type Doc struct {
	// Target identifies the record: ClientTarget(id) or
	// PersonTarget(clientID, id). Put replaces a Doc with the same Target.
	Target string
	// ClientID is the client the record belongs to (its own id for a
	// client); Search's allow function decides on it.
	ClientID string
	Kind     DocKind
	Name     string
	Kana     string
	Code     string // client code; empty for persons
	// Phone is matched as typed and also by its digits alone, so 03-1234
	// finds 0312345678 and 031234 finds 03-1234-5678.
	Phone   string
	Address string
	// Extra holds further searchable text, one item per line (e-mail,
	// postal code, contacts, tags, a person's client name). Lines are
	// matched separately; a match here ranks below matches on name, kana or
	// code.
	Extra string
}

// ClientTarget returns the index target of client id: "client/<id>".
func ClientTarget(id string) string { return "client/" + id }

// PersonTarget returns the index target of person id of client clientID:
// "person/<clientID>/<id>".
func PersonTarget(clientID, id string) string { return "person/" + clientID + "/" + id }

// DocFromClient builds the search document of c. Besides name, kana, code,
// phone and address it makes the corporate number, postal code, e-mail,
// contacts (name, reading, phone, e-mail) and tags searchable. Notes are
// not indexed.
func DocFromClient(c *Client) Doc {
	extra := []string{c.CorporateNumber, c.Postal, c.Email}
	for _, ct := range c.Contacts {
		extra = append(extra, ct.Name, ct.Kana, ct.Phone, ct.Email)
	}
	extra = append(extra, c.Tags...)
	return Doc{
		Target:   ClientTarget(c.ID),
		ClientID: c.ID,
		Kind:     DocClient,
		Name:     c.Name,
		Kana:     c.Kana,
		Code:     c.Code,
		Phone:    c.Phone,
		Address:  c.Address,
		Extra:    joinLines(extra),
	}
}

// DocFromPerson builds the search document of p. clientName, the name of
// p's client, goes into Extra so that "山田商事 佐藤" finds 佐藤 at 山田商事;
// pass "" when the caller may not know it. Notes and dates are not indexed.
func DocFromPerson(p *Person, clientName string) Doc {
	return Doc{
		Target:   PersonTarget(p.ClientID, p.ID),
		ClientID: p.ClientID,
		Kind:     DocPerson,
		Name:     p.Name,
		Kana:     p.Kana,
		Phone:    p.Phone,
		Address:  p.Address,
		Extra:    joinLines([]string{clientName, p.Postal}),
	}
}

func joinLines(items []string) string {
	var b strings.Builder
	for _, it := range items {
		it = strings.TrimSpace(strings.ReplaceAll(it, "\n", " "))
		if it == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(it)
	}
	return b.String()
}

package office

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// RetentionItem is one My Number record in the retention view: when it may
// be erased and whether that day has come (the deletion queue).
type RetentionItem struct {
	Client   string             `json:"client"`
	Person   string             `json:"person"`
	Due      mynumber.Date      `json:"due" ts_type:"string"` // zero while a trigger has not happened
	Past     bool               `json:"past"`                 // due ≤ today: propose its 廃棄
	Trigger  string             `json:"trigger"`              // what ended the need: retired, engagement_end, "" (still needed)
	Purposes []mynumber.Purpose `json:"purposes"`
}

// Retention computes, for every My Number record the user can open, the
// day it may be erased under the default rules of each purpose's document,
// from the person's leaving date (its last filing year is the year they
// left) and the end of the client's engagement, whichever came first. A
// number of someone still employed by a client still engaged is never due.
// Items past their date come first.
func (o *Office) Retention(today mynumber.Date) ([]RetentionItem, error) {
	clients := map[string]*records.Client{}
	cs, err := o.Clients()
	if err != nil {
		return nil, err
	}
	for i := range cs {
		clients[cs[i].ID] = &cs[i]
	}
	numbers, err := o.numbers()
	if err != nil {
		return nil, err
	}
	out := make([]RetentionItem, 0, len(numbers))
	for _, n := range numbers {
		item := RetentionItem{Client: n.client, Person: n.person, Purposes: n.rec.Purposes}
		var person *records.Person
		if p, err := o.Person(n.client, n.person); err == nil {
			person = &p.Value
		}
		item.Due, item.Past, item.Trigger = due(&n.rec, person, clients[n.client], today)
		out = append(out, item)
	}
	slices.SortStableFunc(out, func(a, b RetentionItem) int {
		if a.Past != b.Past {
			if a.Past {
				return -1
			}
			return 1
		}
		return a.Due.Compare(b.Due)
	})
	return out, nil
}

// heldNumber is a My Number record with where it is.
type heldNumber struct {
	client, person string
	rec            NumberRecord
}

// numbers reads every My Number record the user can open.
func (o *Office) numbers() ([]heldNumber, error) {
	var out []heldNumber
	// Scan holds the vault: callers read people afterwards.
	err := o.v.Scan("mynumber/", func(target string, data []byte) error {
		var n heldNumber
		if err := json.Unmarshal(data, &n.rec); err != nil {
			return fmt.Errorf("%w: number record", vault.ErrCorruptReplica)
		}
		parts := strings.SplitN(target, "/", 3)
		if len(parts) != 3 {
			return fmt.Errorf("%w: number target", vault.ErrCorruptReplica)
		}
		n.client, n.person = parts[1], parts[2]
		out = append(out, n)
		return nil
	})
	return out, err
}

// due is the day rec may be erased under the default rules of its
// purposes' documents, from the person's leaving date (its last filing
// year is the year they left) and the end of the client's engagement,
// whichever came first; zero with no trigger yet. person and client may be
// nil (not readable).
func due(rec *NumberRecord, person *records.Person, client *records.Client, today mynumber.Date) (day mynumber.Date, past bool, trigger string) {
	facts := mynumber.Facts{Acquired: rec.AcquiredAt}
	if person != nil && person.Left != nil {
		facts.Retired = civil(*person.Left)
		facts.FilingYear = person.Left.Y
		trigger = "retired"
	}
	if client != nil && client.EngagedUntil != nil {
		end := civil(*client.EngagedUntil)
		if facts.Retired.IsZero() || end.Before(facts.Retired) {
			facts.EngagementEnd, facts.FilingYear, trigger = end, end.Y, "engagement_end"
			if facts.Retired.IsZero() {
				facts.Retired = end // nobody is employed by a client no longer engaged
			}
		}
	}
	if trigger == "" {
		return mynumber.Date{}, false, ""
	}
	var rules []mynumber.Rule
	for _, p := range rec.Purposes {
		if r, ok := mynumber.RuleFor(p.DocType()); ok {
			rules = append(rules, r)
		}
	}
	day, past = mynumber.Overdue(rules, facts, today)
	return day, past, trigger
}

func civil(d records.Date) mynumber.Date {
	c, _ := mynumber.NewDate(d.Y, d.M, d.D)
	return c
}

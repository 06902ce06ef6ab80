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
	type found struct {
		client, person string
		rec            NumberRecord
	}
	var numbers []found
	// Scan holds the vault; read the people afterwards.
	err = o.v.Scan("mynumber/", func(target string, data []byte) error {
		var f found
		if err := json.Unmarshal(data, &f.rec); err != nil {
			return fmt.Errorf("%w: number record", vault.ErrCorruptReplica)
		}
		parts := strings.SplitN(target, "/", 3)
		if len(parts) != 3 {
			return fmt.Errorf("%w: number target", vault.ErrCorruptReplica)
		}
		f.client, f.person = parts[1], parts[2]
		numbers = append(numbers, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]RetentionItem, 0, len(numbers))
	for _, n := range numbers {
		rec := n.rec
		item := RetentionItem{Client: n.client, Person: n.person, Purposes: rec.Purposes}
		facts := mynumber.Facts{Acquired: rec.AcquiredAt}
		if p, err := o.Person(n.client, n.person); err == nil && p.Value.Left != nil {
			facts.Retired = civil(*p.Value.Left)
			facts.FilingYear = p.Value.Left.Y
			item.Trigger = "retired"
		}
		if c := clients[n.client]; c != nil && c.EngagedUntil != nil {
			end := civil(*c.EngagedUntil)
			if facts.Retired.IsZero() || end.Before(facts.Retired) {
				facts.EngagementEnd, facts.FilingYear, item.Trigger = end, end.Y, "engagement_end"
				if facts.Retired.IsZero() {
					facts.Retired = end // nobody is employed by a client no longer engaged
				}
			}
		}
		var rules []mynumber.Rule
		for _, p := range rec.Purposes {
			if r, ok := mynumber.RuleFor(p.DocType()); ok {
				rules = append(rules, r)
			}
		}
		if item.Trigger != "" {
			item.Due, item.Past = mynumber.Overdue(rules, facts, today)
		}
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

func civil(d records.Date) mynumber.Date {
	c, _ := mynumber.NewDate(d.Y, d.M, d.D)
	return c
}

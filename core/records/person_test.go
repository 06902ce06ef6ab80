package records_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/records"
)

func day(y int, m time.Month, d int) *records.Date { return &records.Date{Y: y, M: m, D: d} }

func validPerson() records.Person {
	return records.Person{
		ID:       "p1",
		ClientID: "c1",
		Roles:    []records.PersonRole{records.RoleEmployee},
		Name:     "佐藤一郎",
		Kana:     "サトウ　イチロウ",
		Birth:    day(1980, time.June, 15),
		Joined:   day(2005, time.April, 1),
		Postal:   "150-0001",
		Address:  "東京都渋谷区神宮前1-1-1",
		Phone:    "090-1111-2222",
	}
}

func TestPersonNormalize(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *records.Person)
		want func(p *records.Person)
	}{
		{"trims", func(p *records.Person) { p.ID, p.ClientID, p.Name = " p1", "c1 ", "　佐藤一郎 " }, func(p *records.Person) {}},
		{"roles deduplicated", func(p *records.Person) {
			p.Roles = []records.PersonRole{"officer", " employee", "officer", ""}
		}, func(p *records.Person) {
			p.Roles = []records.PersonRole{records.RoleOfficer, records.RoleEmployee}
		}},
		{"reading", func(p *records.Person) { p.Kana = "ｻﾄｳ ｲﾁﾛｳ" }, func(p *records.Person) {}},
		{"postal and phone", func(p *records.Person) { p.Postal, p.Phone = "１５００００１", "090 1111 2222" }, func(p *records.Person) {}},
		{"empty relation dropped", func(p *records.Person) { p.Relation = &records.Relation{To: " "} }, func(p *records.Person) {}},
		{"relation trimmed", func(p *records.Person) { p.Relation = &records.Relation{To: " p0 ", Kind: "child "} },
			func(p *records.Person) { p.Relation = &records.Relation{To: "p0", Kind: records.RelationChild} }},
		{"zero dates dropped", func(p *records.Person) { p.Left = &records.Date{} }, func(p *records.Person) {}},
		{"email narrowed", func(p *records.Person) { p.Email = " ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ　" },
			func(p *records.Person) { p.Email = "sato@example.jp" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := validPerson(), validPerson()
			tt.edit(&got)
			tt.want(&want)
			got.Normalize()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Normalize:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *records.Person)
		want []records.FieldError
	}{
		{"valid", func(p *records.Person) {}, nil},
		{"required", func(p *records.Person) { p.ID, p.ClientID, p.Name, p.Roles = "", "", "", nil },
			[]records.FieldError{{"id", "required"}, {"client_id", "required"}, {"roles", "roles.required"}, {"name", "required"}}},
		{"unknown role", func(p *records.Person) { p.Roles = []records.PersonRole{"officer", "boss"} },
			[]records.FieldError{{"roles[1]", "roles.unknown"}}},
		{"all roles", func(p *records.Person) {
			p.Roles = []records.PersonRole{records.RoleOfficer, records.RoleEmployee, records.RoleDependent, records.RolePayee}
		}, nil},
		{"reading", func(p *records.Person) { p.Kana = "さとう" }, []records.FieldError{{"kana", "kana.not_katakana"}}},
		{"left before joined", func(p *records.Person) { p.Left = day(2005, time.March, 31) },
			[]records.FieldError{{"left", "dates.order"}}},
		{"left on joining day", func(p *records.Person) { p.Left = day(2005, time.April, 1) }, nil},
		{"born after joining", func(p *records.Person) { p.Birth = day(2006, time.January, 1) },
			[]records.FieldError{{"birth", "dates.order"}}},
		{"born after leaving", func(p *records.Person) { p.Joined, p.Left = nil, day(1979, time.January, 1) },
			[]records.FieldError{{"birth", "dates.order"}}},
		{"invalid dates", func(p *records.Person) { p.Birth, p.Joined = day(1980, 2, 30), day(2005, 13, 1) },
			[]records.FieldError{{"birth", "date.invalid"}, {"joined", "date.invalid"}}},
		{"relation", func(p *records.Person) { p.Relation = &records.Relation{To: "p0", Kind: records.RelationSpouse} }, nil},
		{"relation to self", func(p *records.Person) { p.Relation = &records.Relation{To: "p1", Kind: records.RelationChild} },
			[]records.FieldError{{"relation.to", "relation.self"}}},
		{"relation incomplete", func(p *records.Person) { p.Relation = &records.Relation{} },
			[]records.FieldError{{"relation.to", "required"}, {"relation.kind", "required"}}},
		{"relation unknown kind", func(p *records.Person) { p.Relation = &records.Relation{To: "p0", Kind: "cousin"} },
			[]records.FieldError{{"relation.kind", "relation.unknown"}}},
		{"postal and phone", func(p *records.Person) { p.Postal, p.Phone = "150", "090111122" },
			[]records.FieldError{{"postal", "postal.format"}, {"phone", "phone.format"}}},
		{"email", func(p *records.Person) { p.Email = "sato@example.jp" }, nil},
		{"email without at", func(p *records.Person) { p.Email = "sato.example.jp" }, []records.FieldError{{"email", "email.format"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPerson()
			tt.edit(&p)
			checkValidation(t, p.Validate(), tt.want)
		})
	}
}

func TestPersonJSONFieldNames(t *testing.T) {
	p := validPerson()
	p.Left = day(2020, time.March, 31)
	p.Relation = &records.Relation{To: "p0", Kind: records.RelationChild}
	p.Notes = "n"
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"p1","client_id":"c1","roles":["employee"],"name":"佐藤一郎","kana":"サトウ　イチロウ",` +
		`"birth":"1980-06-15","joined":"2005-04-01","left":"2020-03-31","relation":{"to":"p0","kind":"child"},` +
		`"postal":"150-0001","address":"東京都渋谷区神宮前1-1-1","phone":"090-1111-2222","notes":"n"}`
	if string(b) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", b, want)
	}
	var back records.Person
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if got := p.SafeLabel(); got != "p1" {
		t.Errorf("SafeLabel = %q", got)
	}
	if !p.HasRole(records.RoleEmployee) || p.HasRole(records.RolePayee) {
		t.Error("HasRole")
	}
}

package office

import (
	"encoding/json"
	"testing"

	"github.com/kinko-jp/kinko/core/records"
)

// FuzzDecodePersonFast: whenever the fast decoder takes a record, it is
// what encoding/json makes of it, without error; a real person record is
// taken.
func FuzzDecodePersonFast(f *testing.F) {
	birth, _ := records.ParseDate("1980-02-25")
	real, err := json.Marshal(records.Person{ID: "p1", ClientID: "c1", Roles: []records.PersonRole{records.RoleOfficer, records.RoleEmployee},
		Name: "井上 愛", Kana: "イノウエ アイ", Birth: &birth, Postal: "604-2339", Address: "大阪府大阪市北区梅田9-16", Phone: "090-3286-8787", Notes: "扶養控除等申告書 提出済"})
	if err != nil {
		f.Fatal(err)
	}
	if d, ok := decodePersonFast(real); !ok || d.Name != "井上 愛" || d.Address != "大阪府大阪市北区梅田9-16" || d.ClientID != "c1" {
		f.Fatalf("a real record: %+v, %v", d, ok)
	}
	for _, s := range []string{string(real), `{}`, ` { "name" : "a" , "roles":[ "x" ,"y"] } `, `{"name":"a","name":"b"}`, `{"Name":"a"}`,
		`{"name":["a"]}`, `{"roles":"x"}`, `{"name":"a\"b"}`, `{"name":"\u0041"}`, "{\"name\":\"a\xff\"}", `{"name":"a"}x`, `{"name":"a",}`,
		`{"name":null}`, `{"birth":{"y":1}}`, `{"roles":[1]}`, `[]`, `{"id":"1","id":2}`, "{\"name\":\"\x01\"}", `{"relation":"spouse"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := decodePersonFast(data)
		if !ok {
			return
		}
		var want personDoc
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("taken %q, which encoding/json refuses: %v", data, err)
		}
		if got != want {
			t.Fatalf("%q: %+v, encoding/json: %+v", data, got, want)
		}
	})
}

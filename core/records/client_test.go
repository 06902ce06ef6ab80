package records_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/records"
)

func validClient() records.Client {
	return records.Client{
		ID:              "c1",
		Code:            "A-0012",
		Kind:            records.KindCorporation,
		Name:            "株式会社山田商事",
		Kana:            "ヤマダショウジ",
		CorporateNumber: "1180301018771",
		Postal:          "123-4567",
		Address:         "東京都千代田区丸の内1-2-3",
		Phone:           "03-1234-5678",
		Email:           "info@yamada.example.jp",
		Contacts:        []records.Contact{{Name: "山田花子", Kana: "ヤマダ　ハナコ", Title: "経理", Phone: "090-1234-5678"}},
		FiscalMonth:     3,
		Staff:           []string{"u1"},
		EngagedFrom:     &records.Date{Y: 2020, M: time.April, D: 1},
		Tags:            []string{"法人", "月次"},
	}
}

func TestClientNormalize(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *records.Client)
		want func(c *records.Client)
	}{
		{"trims text",
			func(c *records.Client) {
				c.ID, c.Name, c.Address, c.Notes = " c1 ", "\t山田商事　", " 東京都 ", " memo\n"
			},
			func(c *records.Client) { c.ID, c.Name, c.Address, c.Notes = "c1", "山田商事", "東京都", "memo" }},
		{"full-width code narrowed", func(c *records.Client) { c.Code = "Ａ－００１２" }, func(c *records.Client) { c.Code = "A-0012" }},
		{"hiragana reading", func(c *records.Client) { c.Kana = "やまだしょうじ" }, func(c *records.Client) { c.Kana = "ヤマダショウジ" }},
		{"half-width reading", func(c *records.Client) { c.Kana = "ﾔﾏﾀﾞｼｮｳｼﾞ" }, func(c *records.Client) { c.Kana = "ヤマダショウジ" }},
		{"reading spaces collapsed", func(c *records.Client) { c.Kana = "  やまだ   　たろう " }, func(c *records.Client) { c.Kana = "ヤマダ　タロウ" }},
		{"reading voicing marks", func(c *records.Client) { c.Kana = "か゛んは゜ﾃﾞｨ ｳﾞｧｰ" }, func(c *records.Client) { c.Kana = "ガンパディ　ヴァー" }},
		{"reading iteration and small kana", func(c *records.Client) { c.Kana = "いすゞ ゎ" }, func(c *records.Client) { c.Kana = "イスヾ　ヮ" }},
		{"postal digits", func(c *records.Client) { c.Postal = "1234567" }, func(c *records.Client) { c.Postal = "123-4567" }},
		{"postal full-width with mark", func(c *records.Client) { c.Postal = "〒１２３－４５６７" }, func(c *records.Client) { c.Postal = "123-4567" }},
		{"postal long-vowel dash", func(c *records.Client) { c.Postal = "123ー4567" }, func(c *records.Client) { c.Postal = "123-4567" }},
		{"postal too short left alone", func(c *records.Client) { c.Postal = "１２３-456" }, func(c *records.Client) { c.Postal = "123-456" }},
		{"phone full-width", func(c *records.Client) { c.Phone = "０３－１２３４－５６７８" }, func(c *records.Client) { c.Phone = "03-1234-5678" }},
		{"phone without hyphens kept", func(c *records.Client) { c.Phone = "0312345678" }, func(c *records.Client) { c.Phone = "0312345678" }},
		{"phone parentheses", func(c *records.Client) { c.Phone = "03(1234)5678" }, func(c *records.Client) { c.Phone = "03-1234-5678" }},
		{"phone leading parentheses", func(c *records.Client) { c.Phone = "（03）1234-5678" }, func(c *records.Client) { c.Phone = "03-1234-5678" }},
		{"phone spaces", func(c *records.Client) { c.Phone = "03 1234  5678" }, func(c *records.Client) { c.Phone = "03-1234-5678" }},
		{"phone international", func(c *records.Client) { c.Phone = "＋81 3-1234-5678" }, func(c *records.Client) { c.Phone = "+81-3-1234-5678" }},
		{"phone with words left alone", func(c *records.Client) { c.Phone = "03-1234-5678 内線12" }, func(c *records.Client) { c.Phone = "03-1234-5678 内線12" }},
		{"email full-width", func(c *records.Client) { c.Email = " ｉｎｆｏ＠ｙａｍａｄａ．ｊｐ " }, func(c *records.Client) { c.Email = "info@yamada.jp" }},
		{"corporate number hyphens", func(c *records.Client) { c.CorporateNumber = "1-1803-0101-8771" }, func(c *records.Client) { c.CorporateNumber = "1180301018771" }},
		{"corporate number full-width spaces", func(c *records.Client) { c.CorporateNumber = "１１８０ ３０１０ １８７７１" }, func(c *records.Client) { c.CorporateNumber = "1180301018771" }},
		{"tags deduplicated after folding", func(c *records.Client) { c.Tags = []string{" 月次 ", "", "ＶＩＰ", "vip", "月次"} }, func(c *records.Client) { c.Tags = []string{"月次", "ＶＩＰ"} }},
		{"empty tags become nil", func(c *records.Client) { c.Tags = []string{" ", ""} }, func(c *records.Client) { c.Tags = nil }},
		{"staff deduplicated", func(c *records.Client) { c.Staff = []string{"u1", " u2", "u1", ""} }, func(c *records.Client) { c.Staff = []string{"u1", "u2"} }},
		{"empty contact dropped", func(c *records.Client) {
			c.Contacts = append(c.Contacts, records.Contact{Name: " ", Phone: "　"})
		}, func(c *records.Client) {}},
		{"contact normalised", func(c *records.Client) {
			c.Contacts = []records.Contact{{Name: " 佐藤 ", Kana: "さとう", Phone: "０９０ １１１１ ２２２２"}}
		}, func(c *records.Client) {
			c.Contacts = []records.Contact{{Name: "佐藤", Kana: "サトウ", Phone: "090-1111-2222"}}
		}},
		{"zero date pointer becomes nil", func(c *records.Client) { c.EngagedUntil = &records.Date{} }, func(c *records.Client) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := validClient(), validClient()
			tt.edit(&got)
			tt.want(&want)
			got.Normalize()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Normalize:\n got %+v\nwant %+v", got, want)
			}
			again := got
			again.Contacts = slices.Clone(got.Contacts)
			again.Normalize()
			if !reflect.DeepEqual(again, got) {
				t.Errorf("Normalize not idempotent:\n once  %+v\n twice %+v", got, again)
			}
		})
	}
}

func TestClientValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *records.Client)
		want []records.FieldError // nil: valid
	}{
		{"valid", func(c *records.Client) {}, nil},
		{"minimal", func(c *records.Client) {
			*c = records.Client{ID: "c", Kind: records.KindIndividual, Name: "山田太郎"}
		}, nil},
		{"required", func(c *records.Client) { c.ID, c.Kind, c.Name = "", "", "" },
			[]records.FieldError{{"id", "required"}, {"kind", "required"}, {"name", "required"}}},
		{"unknown kind", func(c *records.Client) { c.Kind = "company"; c.CorporateNumber = "" },
			[]records.FieldError{{"kind", "kind.unknown"}}},
		{"hiragana reading", func(c *records.Client) { c.Kana = "やまだ" }, []records.FieldError{{"kana", "kana.not_katakana"}}},
		{"latin reading", func(c *records.Client) { c.Kana = "Yamada" }, []records.FieldError{{"kana", "kana.not_katakana"}}},
		{"ascii space in reading", func(c *records.Client) { c.Kana = "ヤマダ ショウジ" }, []records.FieldError{{"kana", "kana.not_katakana"}}},
		{"reading with middle dot and long vowel", func(c *records.Client) { c.Kana = "ジョン・スミス　コーポレーション" }, nil},
		{"postal format", func(c *records.Client) { c.Postal = "1234567" }, []records.FieldError{{"postal", "postal.format"}}},
		{"phone mobile", func(c *records.Client) { c.Phone = "090-1234-5678" }, nil},
		{"phone free dial", func(c *records.Client) { c.Phone = "0120-123-456" }, nil},
		{"phone no hyphens", func(c *records.Client) { c.Phone = "0312345678" }, nil},
		{"phone international", func(c *records.Client) { c.Phone = "+81-3-1234-5678" }, nil},
		{"phone too short", func(c *records.Client) { c.Phone = "03-1234-567" }, []records.FieldError{{"phone", "phone.format"}}},
		{"phone too long", func(c *records.Client) { c.Phone = "090-1234-56789" }, []records.FieldError{{"phone", "phone.format"}}},
		{"phone without leading zero", func(c *records.Client) { c.Phone = "3-1234-5678" }, []records.FieldError{{"phone", "phone.format"}}},
		{"phone double hyphen", func(c *records.Client) { c.Phone = "03--1234-5678" }, []records.FieldError{{"phone", "phone.format"}}},
		{"phone words", func(c *records.Client) { c.Phone = "03-1234-5678 内線12" }, []records.FieldError{{"phone", "phone.format"}}},
		{"email no at", func(c *records.Client) { c.Email = "info.yamada.jp" }, []records.FieldError{{"email", "email.format"}}},
		{"email no dot", func(c *records.Client) { c.Email = "info@localhost" }, []records.FieldError{{"email", "email.format"}}},
		{"email space", func(c *records.Client) { c.Email = "in fo@yamada.jp" }, []records.FieldError{{"email", "email.format"}}},
		{"email two ats", func(c *records.Client) { c.Email = "a@b@yamada.jp" }, []records.FieldError{{"email", "email.format"}}},
		{"email empty label", func(c *records.Client) { c.Email = "a@yamada..jp" }, []records.FieldError{{"email", "email.format"}}},
		{"corporate number length", func(c *records.Client) { c.CorporateNumber = "118030101877" },
			[]records.FieldError{{"corporate_number", "corporate_number.format"}}},
		{"corporate number check digit", func(c *records.Client) { c.CorporateNumber = "2180301018771" },
			[]records.FieldError{{"corporate_number", "corporate_number.check_digit"}}},
		{"corporate number on individual", func(c *records.Client) { c.Kind = records.KindSoleProprietor },
			[]records.FieldError{{"corporate_number", "corporate_number.not_corporation"}}},
		{"corporation without corporate number", func(c *records.Client) { c.CorporateNumber = "" }, nil},
		{"fiscal month 0 means unknown", func(c *records.Client) { c.FiscalMonth = 0 }, nil},
		{"fiscal month 12", func(c *records.Client) { c.FiscalMonth = 12 }, nil},
		{"fiscal month 13", func(c *records.Client) { c.FiscalMonth = 13 }, []records.FieldError{{"fiscal_month", "fiscal_month.range"}}},
		{"fiscal month negative", func(c *records.Client) { c.FiscalMonth = -1 }, []records.FieldError{{"fiscal_month", "fiscal_month.range"}}},
		{"engagement order", func(c *records.Client) { c.EngagedUntil = &records.Date{Y: 2020, M: time.March, D: 31} },
			[]records.FieldError{{"engaged_until", "engagement.order"}}},
		{"engagement same day", func(c *records.Client) { c.EngagedUntil = &records.Date{Y: 2020, M: time.April, D: 1} }, nil},
		{"engagement invalid date", func(c *records.Client) { c.EngagedFrom = &records.Date{Y: 2020, M: time.February, D: 30} },
			[]records.FieldError{{"engaged_from", "date.invalid"}}},
		{"contacts", func(c *records.Client) {
			c.Contacts = []records.Contact{{Name: "佐藤"}, {Kana: "さとう", Phone: "12345", Email: "x"}}
		}, []records.FieldError{
			{"contacts[1].name", "required"}, {"contacts[1].kana", "kana.not_katakana"},
			{"contacts[1].phone", "phone.format"}, {"contacts[1].email", "email.format"},
		}},
		{"empty staff and tag", func(c *records.Client) { c.Staff = []string{"u1", ""}; c.Tags = []string{" "} },
			[]records.FieldError{{"staff[1]", "required"}, {"tags[0]", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validClient()
			tt.edit(&c)
			checkValidation(t, c.Validate(), tt.want)
		})
	}
}

// checkValidation compares an error from Validate with the expected field
// errors, and checks that its message carries no field contents.
func checkValidation(t *testing.T, err error, want []records.FieldError) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("Validate() = %v, want nil", err)
		}
		return
	}
	var ve *records.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, records.ErrInvalid) {
		t.Fatalf("Validate() = %v, want a *ValidationError matching ErrInvalid", err)
	}
	if !reflect.DeepEqual(ve.Fields, want) {
		t.Errorf("Validate() fields = %v, want %v", ve.Fields, want)
	}
	for _, f := range want {
		if !ve.Has(f.Field, f.Code) {
			t.Errorf("Has(%q, %q) = false", f.Field, f.Code)
		}
		if !slices.Contains(records.Codes(), f.Code) {
			t.Errorf("code %q missing from Codes()", f.Code)
		}
	}
	assertSafeMessage(t, err.Error())
}

// assertSafeMessage fails if msg could contain personal data: it must be
// ASCII (every name, reading and address in these tests is Japanese) and
// contain no digit run long enough to be a phone number or date.
func assertSafeMessage(t *testing.T, msg string) {
	t.Helper()
	run := 0
	for _, r := range msg {
		if r > 0x7E || (r < ' ' && r != '\t') {
			t.Fatalf("message %q is not plain ASCII", msg)
		}
		if r >= '0' && r <= '9' {
			if run++; run > 3 {
				t.Fatalf("message %q contains a long digit run", msg)
			}
		} else {
			run = 0
		}
	}
}

func TestCorporateNumberVectors(t *testing.T) {
	f, err := os.Open("testdata/corporate_numbers.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("bad vector line %q", line)
		}
		n++
		t.Run(cols[0], func(t *testing.T) {
			c := validClient()
			c.CorporateNumber = cols[0]
			var want []records.FieldError
			switch cols[1] {
			case "ok":
			case records.CodeCorporateNumberFormat, records.CodeCorporateNumberCheckDigit:
				want = []records.FieldError{{Field: "corporate_number", Code: cols[1]}}
			default:
				t.Fatalf("unknown expectation %q", cols[1])
			}
			checkValidation(t, c.Validate(), want)
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no corporate number vectors")
	}
}

func TestClientJSONFieldNames(t *testing.T) {
	// The JSON names are a stored format inside sealed records: this test
	// fails if a field is renamed.
	c := validClient()
	c.EngagedUntil = &records.Date{Y: 2030, M: time.March, D: 31}
	c.Notes = "n"
	c.Contacts[0].Email = "h@yamada.example.jp"
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"c1","code":"A-0012","kind":"corporation","name":"株式会社山田商事","kana":"ヤマダショウジ",` +
		`"corporate_number":"1180301018771","postal":"123-4567","address":"東京都千代田区丸の内1-2-3",` +
		`"phone":"03-1234-5678","email":"info@yamada.example.jp","contacts":[{"name":"山田花子","kana":"ヤマダ　ハナコ",` +
		`"title":"経理","phone":"090-1234-5678","email":"h@yamada.example.jp"}],"fiscal_month":3,"staff":["u1"],` +
		`"engaged_from":"2020-04-01","engaged_until":"2030-03-31","notes":"n","tags":["法人","月次"]}`
	if string(b) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", b, want)
	}
	var back records.Client
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	min, _ := json.Marshal(records.Client{ID: "c", Kind: records.KindIndividual, Name: "x"})
	if string(min) != `{"id":"c","kind":"individual","name":"x"}` {
		t.Errorf("empty fields not omitted: %s", min)
	}
}

func TestClientSafeLabel(t *testing.T) {
	c := validClient()
	if got := c.SafeLabel(); got != "A-0012" {
		t.Errorf("SafeLabel = %q", got)
	}
	c.Code = ""
	if got := c.SafeLabel(); got != "c1" {
		t.Errorf("SafeLabel without code = %q", got)
	}
}

func ExampleClient_Validate() {
	c := records.Client{
		ID:     "c-42",
		Kind:   records.KindCorporation,
		Name:   "株式会社山田商事",
		Kana:   "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞｼｮｳｼﾞ",
		Postal: "〒１００００05",
		Phone:  "03(1234)5678",
		// A wrong check digit: the published number is 1180301018771.
		CorporateNumber: "2180301018771",
	}
	c.Normalize()
	fmt.Println(c.Kana, c.Postal, c.Phone)
	err := c.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, records.ErrInvalid), c.SafeLabel())
	// Output:
	// カブシキガイシャ　ヤマダショウジ 100-0005 03-1234-5678
	// records: invalid record: corporate_number (corporate_number.check_digit)
	// true c-42
}

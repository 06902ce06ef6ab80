package mynumber_test

import (
	"errors"
	"fmt"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func ExampleParseIndividual() {
	n, err := mynumber.ParseIndividual("１２３４－５６７８－９０１８")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)          // fmt only ever shows the masked form
	fmt.Printf("%#v\n", n)  // even with %#v
	fmt.Println(n.Reveal()) // the reveal screen and government forms only

	_, err = mynumber.ParseIndividual("1234-5678-9019")
	fmt.Println(errors.Is(err, mynumber.ErrCheckDigit), err)
	// Output:
	// **** **** 9018
	// **** **** 9018
	// 123456789018
	// true mynumber: check digit mismatch: individual number
}

func ExampleNumber_MarshalJSON() {
	n, _ := mynumber.ParseIndividual("123456789018")
	_, err := n.MarshalJSON()
	fmt.Println(errors.Is(err, mynumber.ErrNotMarshalable))
	// Output: true
}

func ExampleParseCorporate() {
	c, err := mynumber.ParseCorporate("7-0000-1205-0002") // 国税庁
	fmt.Println(c, err)
	// Output: 7000012050002 <nil>
}

func ExampleFindIndividual() {
	text := []byte("山田太郎 個人番号 1234 5678 9018、法人番号 7000012050002")
	for _, s := range mynumber.FindIndividual(text) {
		fmt.Printf("bytes %d–%d\n", s.Start, s.End)
	}
	// Output: bytes 26–40
}

func ExampleVerification_Check() {
	v := mynumber.Verification{
		NumberDoc:    mynumber.DocNotificationCard,
		IdentityDocs: []mynumber.Doc{mynumber.DocHealthInsurance},
		Method:       mynumber.MethodMail,
		VerifiedBy:   "sato",
		VerifiedAt:   mynumber.Date{Y: 2025, M: 11, D: 20},
	}
	_, err := v.Check()
	var ve *mynumber.VerificationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Reason)
	}

	v.IdentityDocs = append(v.IdentityDocs, mynumber.DocPensionBook)
	warnings, err := v.Check()
	fmt.Println(warnings, err)
	// Output:
	// identity-needs-two
	// [notification-card] <nil>
}

func ExampleRule_Due() {
	r, _ := mynumber.RuleFor(mynumber.DocTypeDependentsDeclaration)
	due, ok := r.Due(mynumber.Facts{FilingYear: 2025}) // 令和7年分
	fmt.Println(due, ok)
	// Output: 2033-01-11 true
}

func ExampleOverdue() {
	dep, _ := mynumber.RuleFor(mynumber.DocTypeDependentsDeclaration)
	emp, _ := mynumber.RuleFor(mynumber.DocTypeEmploymentInsurance)
	facts := mynumber.Facts{FilingYear: 2025, Retired: mynumber.Date{Y: 2025, M: 12, D: 31}}
	today := mynumber.Date{Y: 2033, M: 1, D: 11}
	due, past := mynumber.Overdue([]mynumber.Rule{dep, emp}, facts, today)
	fmt.Println(due, past)
	// Output: 2033-01-11 true
}

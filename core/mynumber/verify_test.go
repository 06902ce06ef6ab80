package mynumber_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

func TestVerificationCheck(t *testing.T) {
	at := mynumber.Date{Y: 2025, M: 11, D: 20}
	const (
		card     = mynumber.DocMyNumberCard
		notif    = mynumber.DocNotificationCard
		letter   = mynumber.DocNoticeLetter
		juminhyo = mynumber.DocResidentRecord
		license  = mynumber.DocDriversLicense
		passport = mynumber.DocPassport
		zairyu   = mynumber.DocResidenceCard
		hoken    = mynumber.DocHealthInsurance
		nenkin   = mynumber.DocPensionBook
		photo    = mynumber.DocOtherPhotoID
	)
	tests := []struct {
		name     string
		number   mynumber.Doc
		identity []mynumber.Doc
		method   mynumber.Method
		by       string
		at       mynumber.Date
		reason   mynumber.Reason // "" = accepted
		warnings []string
	}{
		{"card alone proves both", card, nil, mynumber.MethodInPerson, "sato", at, "", nil},
		{"card by mail", card, nil, mynumber.MethodMail, "sato", at, "", nil},
		{"card online", card, nil, mynumber.MethodOnline, "sato", at, "", nil},
		{"card with redundant license", card, []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, "", nil},
		{"notification card and license warns", notif, []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, "", []string{mynumber.WarnNotificationCard}},
		{"notification card alone", notif, nil, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoIdentityProof, nil},
		{"resident record and passport", juminhyo, []mynumber.Doc{passport}, mynumber.MethodMail, "sato", at, "", nil},
		{"resident record and residence card", juminhyo, []mynumber.Doc{zairyu}, mynumber.MethodInPerson, "sato", at, "", nil},
		{"resident record and other photo ID", juminhyo, []mynumber.Doc{photo}, mynumber.MethodInPerson, "sato", at, "", nil},
		{"resident record and card as identity", juminhyo, []mynumber.Doc{card}, mynumber.MethodInPerson, "sato", at, "", nil},
		{"resident record and two secondary docs", juminhyo, []mynumber.Doc{hoken, nenkin}, mynumber.MethodMail, "sato", at, "", nil},
		{"one secondary doc", juminhyo, []mynumber.Doc{hoken}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonIdentityNeedsTwo, nil},
		{"same secondary doc twice", juminhyo, []mynumber.Doc{nenkin, nenkin}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonIdentityNeedsTwo, nil},
		{"secondary plus number-only doc", juminhyo, []mynumber.Doc{hoken, notif}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonIdentityNeedsTwo, nil},
		{"secondary plus photo ID", juminhyo, []mynumber.Doc{hoken, license}, mynumber.MethodInPerson, "sato", at, "", nil},
		{"number-only docs as identity", juminhyo, []mynumber.Doc{juminhyo, notif}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoIdentityProof, nil},
		{"no identity docs", juminhyo, nil, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoIdentityProof, nil},
		{"employer confirmed needs no identity doc", juminhyo, nil, mynumber.MethodEmployerConfirmed, "sato", at, "", nil},
		{"employer confirmed with notification card", notif, nil, mynumber.MethodEmployerConfirmed, "sato", at, "", []string{mynumber.WarnNotificationCard}},
		{"employer confirmed still needs number proof", "", nil, mynumber.MethodEmployerConfirmed, "sato", at, mynumber.ReasonNoNumberProof, nil},
		{"notice letter as number proof", letter, []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoticeLetter, nil},
		{"notice letter with employer", letter, nil, mynumber.MethodEmployerConfirmed, "sato", at, mynumber.ReasonNoticeLetter, nil},
		{"notice letter as identity", juminhyo, []mynumber.Doc{letter, license}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoticeLetter, nil},
		{"license is not number proof", license, []mynumber.Doc{passport}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoNumberProof, nil},
		{"health card is not number proof", hoken, []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoNumberProof, nil},
		{"no number doc", "", []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonNoNumberProof, nil},
		{"unknown number doc", "basic_resident_card", []mynumber.Doc{license}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonUnknownDoc, nil},
		{"unknown identity doc", card, []mynumber.Doc{"student_card"}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonUnknownDoc, nil},
		{"unknown doc wins over notice letter", letter, []mynumber.Doc{"x"}, mynumber.MethodInPerson, "sato", at, mynumber.ReasonUnknownDoc, nil},
		{"unknown method", card, nil, "fax", "sato", at, mynumber.ReasonUnknownMethod, nil},
		{"empty method", card, nil, "", "sato", at, mynumber.ReasonUnknownMethod, nil},
		{"missing who", card, nil, mynumber.MethodInPerson, "  ", at, mynumber.ReasonMissingWhoWhen, nil},
		{"missing when", card, nil, mynumber.MethodInPerson, "sato", mynumber.Date{}, mynumber.ReasonMissingWhoWhen, nil},
		{"impossible when", card, nil, mynumber.MethodInPerson, "sato", mynumber.Date{Y: 2025, M: 2, D: 29}, mynumber.ReasonMissingWhoWhen, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mynumber.Verification{
				NumberDoc: tt.number, IdentityDocs: tt.identity, Method: tt.method,
				VerifiedBy: tt.by, VerifiedAt: tt.at,
			}
			warnings, err := v.Check()
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want accepted", err)
				}
				if !slices.Equal(warnings, tt.warnings) {
					t.Fatalf("warnings = %q, want %q", warnings, tt.warnings)
				}
				return
			}
			var ve *mynumber.VerificationError
			if !errors.As(err, &ve) {
				t.Fatalf("Check() = %v, want *VerificationError %q", err, tt.reason)
			}
			if ve.Reason != tt.reason {
				t.Fatalf("reason = %q, want %q", ve.Reason, tt.reason)
			}
			if !errors.Is(err, mynumber.ErrVerification) {
				t.Error("errors.Is(err, ErrVerification) = false")
			}
			if warnings != nil {
				t.Errorf("warnings = %q alongside an error", warnings)
			}
			if want := "mynumber: identity verification rejected: " + string(tt.reason); err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

func TestDocsAndMethods(t *testing.T) {
	docs := mynumber.Docs()
	if len(docs) != 10 {
		t.Fatalf("Docs() has %d entries, want 10", len(docs))
	}
	for _, d := range docs {
		if !d.Valid() {
			t.Errorf("%q.Valid() = false", d)
		}
	}
	for _, m := range mynumber.Methods() {
		if !m.Valid() {
			t.Errorf("%q.Valid() = false", m)
		}
	}
	if mynumber.Doc("").Valid() || mynumber.Method("").Valid() {
		t.Error("empty codes are valid")
	}
}

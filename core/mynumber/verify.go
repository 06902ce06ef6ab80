package mynumber

import "strings"

// Doc is a document shown (or sent as a copy) for 本人確認, the identity
// verification the office must perform whenever it receives a My Number
// (番号法 第16条): 番号確認 (the number is the person's) plus 身元確認 (the
// person is who they claim to be). Codes are stored and never renamed.
type Doc string

// The documents. Which check each one satisfies is encoded in Check.
const (
	DocMyNumberCard     Doc = "mynumber_card"         // 個人番号カード: number and identity
	DocNotificationCard Doc = "notification_card"     // 通知カード: number only, with a warning (abolished 2020-05-25)
	DocNoticeLetter     Doc = "notice_letter"         // 個人番号通知書: proves nothing, rejected
	DocResidentRecord   Doc = "resident_record"       // 住民票の写し（個人番号記載）: number only
	DocDriversLicense   Doc = "drivers_license"       // 運転免許証: identity (photo)
	DocPassport         Doc = "passport"              // 旅券: identity (photo)
	DocResidenceCard    Doc = "residence_card"        // 在留カード: identity (photo)
	DocHealthInsurance  Doc = "health_insurance_card" // 健康保険証: secondary identity, two needed
	DocPensionBook      Doc = "pension_book"          // 年金手帳: secondary identity, two needed
	DocOtherPhotoID     Doc = "other_photo_id"        // その他の顔写真付き公的身分証明書: identity
)

// Method is how the verification was done. Codes are stored and never renamed.
type Method string

// The methods.
const (
	MethodInPerson          Method = "in_person"          // 対面（原本の提示）
	MethodMail              Method = "mail"               // 郵送（写しの送付）
	MethodOnline            Method = "online"             // オンライン（画像の送信・公的個人認証）
	MethodEmployerConfirmed Method = "employer_confirmed" // 雇用関係にあり本人確認済みの者（身元確認書類を省略）
)

// Reason is the stable code of a rejected verification, carried by
// *VerificationError. The app maps each to a translated message; codes are
// never renamed.
type Reason string

// The rejection reasons.
const (
	ReasonNoticeLetter     Reason = "notice-letter"      // a 個人番号通知書 was offered; it proves neither number nor identity
	ReasonNoNumberProof    Reason = "no-number-proof"    // NumberDoc is missing or cannot prove the number
	ReasonNoIdentityProof  Reason = "no-identity-proof"  // no document proves identity
	ReasonIdentityNeedsTwo Reason = "identity-needs-two" // only one secondary identity document
	ReasonUnknownDoc       Reason = "unknown-doc"        // a Doc code this version does not know
	ReasonUnknownMethod    Reason = "unknown-method"     // Method is empty or unknown
	ReasonMissingWhoWhen   Reason = "missing-who-when"   // VerifiedBy empty, or VerifiedAt zero or not a real date
)

// WarnNotificationCard is the warning code Check returns when the number was
// confirmed with a 通知カード. New cards stopped being issued on 2020-05-25;
// an existing card still proves the number only while the name and address
// on it match the resident record, which the clerk must confirm.
const WarnNotificationCard = "notification-card"

// VerificationError is the error Check returns; Reason says why. It matches
// ErrVerification with errors.Is.
type VerificationError struct {
	Reason Reason
}

func (e *VerificationError) Error() string {
	return "mynumber: identity verification rejected: " + string(e.Reason)
}

// Is makes errors.Is(err, ErrVerification) true.
func (e *VerificationError) Is(target error) bool { return target == ErrVerification }

// Verification records one 本人確認 performed when a number was acquired.
// The acquisition form fills it in, calls Check, and the vault stores it with
// the number (it holds no number itself).
type Verification struct {
	NumberDoc    Doc    `json:"number_doc"`    // document that proved the number (番号確認)
	IdentityDocs []Doc  `json:"identity_docs"` // documents that proved identity (身元確認)
	Method       Method `json:"method"`
	VerifiedBy   string `json:"verified_by"` // the user who checked the documents
	VerifiedAt   Date   `json:"verified_at" ts_type:"string"`
}

type docRole struct {
	number    bool // proves the number (番号確認書類)
	primary   bool // proves identity alone (顔写真付き身元確認書類)
	secondary bool // proves identity together with another secondary document
}

var docRoles = map[Doc]docRole{
	DocMyNumberCard:     {number: true, primary: true},
	DocNotificationCard: {number: true},
	DocNoticeLetter:     {},
	DocResidentRecord:   {number: true},
	DocDriversLicense:   {primary: true},
	DocPassport:         {primary: true},
	DocResidenceCard:    {primary: true},
	DocHealthInsurance:  {secondary: true},
	DocPensionBook:      {secondary: true},
	DocOtherPhotoID:     {primary: true},
}

// Docs returns every known Doc, as a fresh slice, for the acquisition form.
func Docs() []Doc {
	return []Doc{
		DocMyNumberCard, DocNotificationCard, DocNoticeLetter, DocResidentRecord,
		DocDriversLicense, DocPassport, DocResidenceCard, DocHealthInsurance,
		DocPensionBook, DocOtherPhotoID,
	}
}

// Valid reports whether d is a known document code.
func (d Doc) Valid() bool { _, ok := docRoles[d]; return ok }

// Methods returns every known Method, as a fresh slice.
func Methods() []Method {
	return []Method{MethodInPerson, MethodMail, MethodOnline, MethodEmployerConfirmed}
}

// Valid reports whether m is a known method code.
func (m Method) Valid() bool {
	switch m {
	case MethodInPerson, MethodMail, MethodOnline, MethodEmployerConfirmed:
		return true
	}
	return false
}

// Check applies the 本人確認 rules to v. The acquisition form calls it before
// a number is saved, and the vault calls it again before recording the
// acquisition. On success it returns the warning codes the clerk must
// acknowledge (WarnNotificationCard) and a nil error; otherwise nil warnings
// and a *VerificationError. The checks run in this order, so the reason is
// the first rule broken:
//
//  1. unknown-doc: NumberDoc or an IdentityDocs entry is not a known code.
//  2. unknown-method: Method is not a known code.
//  3. notice-letter: a 個人番号通知書 appears anywhere; it is proof of neither.
//  4. no-number-proof: NumberDoc is empty or cannot prove the number (only
//     mynumber_card, notification_card and resident_record can).
//  5. identity: satisfied by a mynumber_card as NumberDoc or in
//     IdentityDocs, by any photo ID (drivers_license, passport,
//     residence_card, other_photo_id), by two different secondary documents
//     (health_insurance_card, pension_book), or by Method employer_confirmed
//     (番号法施行規則 第3条第5項: an employer who knows the employee need
//     not see identity documents). One secondary document alone gives
//     identity-needs-two; nothing usable gives no-identity-proof. Number-only
//     documents in IdentityDocs count for nothing.
//  6. missing-who-when: VerifiedBy is blank or VerifiedAt is not a valid
//     date.
func (v Verification) Check() (warnings []string, err error) {
	reject := func(r Reason) ([]string, error) { return nil, &VerificationError{Reason: r} }

	if v.NumberDoc != "" && !v.NumberDoc.Valid() {
		return reject(ReasonUnknownDoc)
	}
	for _, d := range v.IdentityDocs {
		if !d.Valid() {
			return reject(ReasonUnknownDoc)
		}
	}
	if !v.Method.Valid() {
		return reject(ReasonUnknownMethod)
	}
	if v.NumberDoc == DocNoticeLetter {
		return reject(ReasonNoticeLetter)
	}
	for _, d := range v.IdentityDocs {
		if d == DocNoticeLetter {
			return reject(ReasonNoticeLetter)
		}
	}
	if !docRoles[v.NumberDoc].number {
		return reject(ReasonNoNumberProof)
	}

	identity := v.NumberDoc == DocMyNumberCard || v.Method == MethodEmployerConfirmed
	var secondary []Doc
	for _, d := range v.IdentityDocs {
		switch r := docRoles[d]; {
		case r.primary:
			identity = true
		case r.secondary && !containsDoc(secondary, d):
			secondary = append(secondary, d)
		}
	}
	switch {
	case identity, len(secondary) >= 2:
	case len(secondary) == 1:
		return reject(ReasonIdentityNeedsTwo)
	default:
		return reject(ReasonNoIdentityProof)
	}

	if strings.TrimSpace(v.VerifiedBy) == "" || !v.VerifiedAt.Valid() {
		return reject(ReasonMissingWhoWhen)
	}
	if v.NumberDoc == DocNotificationCard {
		warnings = append(warnings, WarnNotificationCard)
	}
	return warnings, nil
}

func containsDoc(ds []Doc, d Doc) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// Reasons lists every Reason a *VerificationError can carry, for the app's
// table of error codes.
func Reasons() []Reason {
	return []Reason{ReasonNoticeLetter, ReasonNoNumberProof, ReasonNoIdentityProof, ReasonIdentityNeedsTwo,
		ReasonUnknownDoc, ReasonUnknownMethod, ReasonMissingWhoWhen}
}

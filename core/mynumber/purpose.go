package mynumber

// Purpose is a 利用目的: why the office holds a person's My Number. The list is
// fixed (番号法 第9条 limits use to 個人番号関係事務, and the guideline requires
// the purpose to be stated to the person at acquisition); the codes are
// stored in the vault and journal and are never renamed. The frontend shows
// the Japanese names from its locale files, keyed by code.
type Purpose string

// The purposes, with the document they serve.
const (
	PurposeWithholdingSlip       Purpose = "withholding_slip"       // 源泉徴収票（給与所得・退職所得の源泉徴収票）
	PurposePaymentRecord         Purpose = "payment_record"         // 支払調書（報酬・料金等、不動産の使用料等ほか）
	PurposeSalaryReport          Purpose = "salary_report"          // 給与支払報告書（市区町村へ提出）
	PurposeDependentsDeclaration Purpose = "dependents_declaration" // 給与所得者の扶養控除等（異動）申告書
	PurposeSocialInsurance       Purpose = "social_insurance"       // 健康保険・厚生年金保険関係届出（資格取得届等）
	PurposeEmploymentInsurance   Purpose = "employment_insurance"   // 雇用保険関係届出（資格取得届等）
	PurposeTaxReturn             Purpose = "tax_return"             // 確定申告書（所得税及び復興特別所得税）
	PurposeOtherTaxFiling        Purpose = "other_tax_filing"       // その他の税務届出（贈与税・相続税・消費税の申告書等）
)

var purposes = []Purpose{
	PurposeWithholdingSlip,
	PurposePaymentRecord,
	PurposeSalaryReport,
	PurposeDependentsDeclaration,
	PurposeSocialInsurance,
	PurposeEmploymentInsurance,
	PurposeTaxReturn,
	PurposeOtherTaxFiling,
}

// Purposes returns every Purpose in display order, as a fresh slice. The
// acquisition form calls it to build its choice list.
func Purposes() []Purpose {
	return append([]Purpose(nil), purposes...)
}

// Valid reports whether p is one of Purposes. The vault calls it before
// recording an acquisition or a reveal.
func (p Purpose) Valid() bool {
	for _, q := range purposes {
		if p == q {
			return true
		}
	}
	return false
}

// DocType returns the retention document type for records kept for p (the
// codes are the same), for looking up a Rule.
func (p Purpose) DocType() DocType { return DocType(p) }

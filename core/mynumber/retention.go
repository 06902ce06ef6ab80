package mynumber

import "time"

// Trigger is the event from which a retention period is counted. Codes are
// stored and never renamed.
type Trigger string

// The triggers.
const (
	TriggerFiling        Trigger = "filing"         // the document's filing for a tax year (Facts.FilingYear)
	TriggerRetirement    Trigger = "retirement"     // the employee left (Facts.Retired)
	TriggerEngagementEnd Trigger = "engagement_end" // the 顧問契約 or payment relationship ended (Facts.EngagementEnd)
	TriggerAcquired      Trigger = "acquired"       // the number was acquired (Facts.Acquired)
)

// DocType is the kind of document a My Number is kept for; it decides the
// retention rule. The codes are the Purpose codes (Purpose.DocType).
type DocType string

// The document types, one per Purpose.
const (
	DocTypeWithholdingSlip       DocType = "withholding_slip"       // 源泉徴収票
	DocTypePaymentRecord         DocType = "payment_record"         // 支払調書
	DocTypeSalaryReport          DocType = "salary_report"          // 給与支払報告書
	DocTypeDependentsDeclaration DocType = "dependents_declaration" // 扶養控除等申告書
	DocTypeSocialInsurance       DocType = "social_insurance"       // 健康保険・厚生年金保険関係届出
	DocTypeEmploymentInsurance   DocType = "employment_insurance"   // 雇用保険関係届出
	DocTypeTaxReturn             DocType = "tax_return"             // 確定申告書
	DocTypeOtherTaxFiling        DocType = "other_tax_filing"       // その他の税務届出
)

// Rule says how long a My Number kept for Doc must be retained: Years
// counted from the day after Trigger (or, for TriggerFiling, from a start
// fixed by the document type; see Start). After that the guideline requires
// the number to be erased 「できるだけ速やかに」, so the record enters the
// deletion queue.
type Rule struct {
	Doc     DocType `json:"doc"`
	Years   int     `json:"years"`
	Trigger Trigger `json:"trigger"`
}

// Facts are what the vault knows about one person's record, from which Due
// computes dates. A zero field means the event has not happened (or is not
// known), and rules triggered by it are not yet due.
type Facts struct {
	// FilingYear is the tax year the document is for (the 年分 printed on
	// it: 令和7年分 = 2025), not the calendar year it was handed in. Zero
	// means not filed.
	FilingYear    int  `json:"filing_year,omitempty"`
	Retired       Date `json:"retired" ts_type:"string"`        // last day of employment (退職日)
	EngagementEnd Date `json:"engagement_end" ts_type:"string"` // last day of the engagement
	Acquired      Date `json:"acquired" ts_type:"string"`       // day the number was acquired
}

var defaultRules = []Rule{
	{DocTypeWithholdingSlip, 7, TriggerFiling},
	{DocTypePaymentRecord, 7, TriggerFiling},
	{DocTypeSalaryReport, 7, TriggerFiling},
	{DocTypeDependentsDeclaration, 7, TriggerFiling},
	{DocTypeSocialInsurance, 2, TriggerRetirement},
	{DocTypeEmploymentInsurance, 4, TriggerRetirement},
	{DocTypeTaxReturn, 7, TriggerFiling},
	{DocTypeOtherTaxFiling, 7, TriggerFiling},
}

// DefaultRules returns the built-in rule for every DocType, as a fresh slice
// the caller may change (an office may keep documents longer, never
// shorter). The vault seeds a new vault's retention settings with it. The
// legal basis of each rule is in the package documentation.
func DefaultRules() []Rule {
	return append([]Rule(nil), defaultRules...)
}

// RuleFor returns the default rule for d, or false for an unknown type.
func RuleFor(d DocType) (Rule, bool) {
	for _, r := range defaultRules {
		if r.Doc == d {
			return r, true
		}
	}
	return Rule{}, false
}

// Start returns the first day of the retention period (起算日), or false
// if the trigger has not happened (zero or invalid fact) or is unknown.
//
// For the event triggers it is the day after the event (民法 第140条: the
// first day is not counted). For TriggerFiling it depends on Doc, with
// Y = Facts.FilingYear:
//   - dependents_declaration: 11 January of Y+1, the day after 10 January of
//     the year following the submission deadline (所得税法施行規則
//     第76条の3); this date is fixed by the rule, not a deadline, so it is
//     never moved for weekends.
//   - withholding_slip, payment_record, salary_report: the day after the
//     filing deadline, 31 January of Y+1 (所得税法 第226条・第225条, 地方税法
//     第317条の6), moved to the following Monday when it falls on a weekend
//     (国税通則法 第10条第2項, 地方税法 第20条の5第2項).
//   - tax_return: the day after the 確定申告 deadline, 15 March of Y+1
//     (所得税法 第120条), moved past a weekend the same way.
//   - anything else (other_tax_filing, custom types): 1 January of Y+2.
//     The deadlines of other filings for year Y (贈与税 15 March, 個人消費税
//     31 March, 相続税 ten months after the death) all fall within Y+1, so
//     counting from the end of Y+1 never erases early.
func (r Rule) Start(f Facts) (Date, bool) {
	var event Date
	switch r.Trigger {
	case TriggerFiling:
		y := f.FilingYear
		if y < 1 || y > 9000 {
			return Date{}, false
		}
		switch r.Doc {
		case DocTypeDependentsDeclaration:
			return Date{y + 1, time.January, 11}, true
		case DocTypeWithholdingSlip, DocTypePaymentRecord, DocTypeSalaryReport:
			return afterDeadline(Date{y + 1, time.January, 31}), true
		case DocTypeTaxReturn:
			return afterDeadline(Date{y + 1, time.March, 15}), true
		default:
			return Date{y + 2, time.January, 1}, true
		}
	case TriggerRetirement:
		event = f.Retired
	case TriggerEngagementEnd:
		event = f.EngagementEnd
	case TriggerAcquired:
		event = f.Acquired
	default:
		return Date{}, false
	}
	if !event.Valid() || event.Y > 9000 {
		return Date{}, false
	}
	return event.AddDays(1), true
}

// afterDeadline returns the day after a statutory deadline, first moving a
// deadline that falls on a Saturday or Sunday to the Monday. (No national
// holiday falls on or right after 31 January or 15 March, and the year-end
// holidays are far away, so weekends are the only case.)
func afterDeadline(d Date) Date {
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDays(2)
	case time.Sunday:
		d = d.AddDays(1)
	}
	return d.AddDays(1)
}

// Due returns the first day on which the record may — and, under the
// guideline, should promptly — be erased: the day after the retention period
// of r.Years ends. It returns false if the trigger has not happened (see
// Start) or r.Years is negative. The deletion queue calls it through Overdue.
//
// Per 民法 第143条 a period of N years starting on S ends on the day before
// S's anniversary N years later, so Due is that anniversary. When S is
// 29 February and the final year is not a leap year, the period ends on
// 28 February and Due is 1 March (not Date.AddYears's 28 February, which is
// still inside the period).
func (r Rule) Due(f Facts) (Date, bool) {
	if r.Years < 0 {
		return Date{}, false
	}
	s, ok := r.Start(f)
	if !ok {
		return Date{}, false
	}
	y := s.Y + r.Years
	if s.M == time.February && s.D == 29 && !isLeap(y) {
		return Date{y, time.March, 1}, true
	}
	return Date{y, s.M, s.D}, true
}

// Overdue decides whether a record kept under several rules (one per
// document it serves) may be erased. The deletion queue calls it daily with
// today's date. due is the latest Due of all rules, since the number must be
// kept while any document still needs it; past reports whether today is on
// or after due. If rules is empty or any rule's trigger has not happened, due
// is the zero Date and past is false: the record stays.
func Overdue(rules []Rule, f Facts, today Date) (due Date, past bool) {
	if len(rules) == 0 {
		return Date{}, false
	}
	for _, r := range rules {
		d, ok := r.Due(f)
		if !ok {
			return Date{}, false
		}
		if d.After(due) {
			due = d
		}
	}
	return due, today.Valid() && !today.Before(due)
}

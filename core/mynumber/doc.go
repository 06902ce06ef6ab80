// Package mynumber holds the rules for 個人番号 (My Number) and 法人番号
// (corporate number) that the rest of Kinko enforces: parsing and check
// digits, masking, finding numbers in outgoing text, the fixed list of
// 利用目的, the 本人確認 rules and the retention periods after which a
// number must be erased. It is pure: no I/O, no clock (callers pass dates),
// no global state. DESIGN.md §5 describes the lifecycle it serves; the
// governing texts are 番号法 (行政手続における特定の個人を識別するための番号の
// 利用等に関する法律) and the 個人情報保護委員会 guideline 「特定個人情報の
// 適正な取扱いに関するガイドライン（事業者編）」.
//
// # Individual numbers never leak
//
// Number holds the twelve digits behind an unexported pointer. Everything
// that can print or encode it — String, GoString, fmt's every verb, log/slog —
// gives the masked form "**** **** 9018"; json, xml and other text encoders
// fail with ErrNotMarshalable. The digits come out only through Reveal (the
// reveal screen and government-form export) and Bytes (to be sealed into the
// vault), both easy to find in review. No error from this package contains
// any part of its input: messages are fixed strings without digits.
//
// # Parsing and check digits
//
// ParseIndividual and ParseCorporate accept what people type: full-width
// digits, spaces (including the ideographic space) and dash-like characters,
// including ー, which a Japanese IME types for '-'. They apply NFKC, remove
// the separators and require exactly 12 (13) ASCII digits (ErrFormat) with a
// valid check digit (ErrCheckDigit). IndividualCheckDigit and
// CorporateCheckDigit expose the two check-digit formulas (番号法施行令 第8条
// with 平成26年総務省令第85号 第5条; 法人番号の指定等に関する省令 第2条).
//
// # Finding numbers in text
//
// FindIndividual scans UTF-8 text for twelve-digit runs, or 4-4-4 groups
// separated by spaces or dashes, with a valid check digit. Share packages use
// it to stop a My Number leaving the office (番号法 第19条 forbids providing
// it outside the permitted cases). About one random 12-digit run in eleven
// passes the check digit, so a hit is "probably a My Number": the share
// screen lets the user override, and the override is logged.
//
// # Purposes and 本人確認
//
// Purpose is the fixed list of 利用目的 a number may be acquired for.
// Verification records the identity check (番号法 第16条, 施行規則 第1条〜
// 第4条) and Verification.Check applies the rules:
//
//   - 番号確認 needs a 個人番号カード, a 通知カード (accepted with the warning
//     "notification-card": no new cards since 2020-05-25, and a card proves
//     the number only while its name and address are current) or a 住民票の
//     写し with the number. The 個人番号通知書 (sent since 2020) proves
//     nothing and is rejected ("notice-letter").
//   - 身元確認 needs the 個人番号カード, one photo ID (運転免許証, 旅券,
//     在留カード, other official photo ID), or two different secondary
//     documents (健康保険証, 年金手帳). For a known employee the employer may
//     skip identity documents (method employer_confirmed; 施行規則 第3条第5項).
//   - Who checked and when must be recorded ("missing-who-when").
//
// # Retention
//
// A number may be kept only while a document needs it (番号法 第20条); the
// guideline then requires prompt erasure. Rule gives each DocType a period
// and a trigger; Rule.Due is the first day the record may be erased and
// Overdue combines the rules of one record (the latest Due wins). Dates are
// civil dates (Date); periods follow 民法 第140条・第143条 (the first day is
// not counted unless the period starts at midnight; a period ends the day
// before the anniversary; a 29 February start ends on 28 February in a
// common year, so Due is 1 March). The default rules, with Y the tax year
// (年分) of the document:
//
//   - dependents_declaration (扶養控除等申告書): 7 years from 11 January of
//     Y+1, the day after 10 January of the year following the deadline
//     (所得税法施行規則 第76条の3). For 2025 the record is due on 2033-01-11.
//   - withholding_slip, payment_record, salary_report (源泉徴収票, 支払調書,
//     給与支払報告書): 7 years from the day after the 31 January (Y+1)
//     filing deadline, the deadline moved past a weekend as 国税通則法
//     第10条第2項 does. No statute fixes how long copies are kept; 7 years
//     matches the longest period in which the tax office may reassess
//     (国税通則法 第70条) and the 7-year keeping of 帳簿書類.
//   - tax_return (確定申告書, 所得税): 7 years from the day after the 15 March
//     (Y+1) deadline, moved past a weekend; same reasoning.
//   - other_tax_filing: 7 years from 1 January of Y+2, a conservative start
//     after every deadline for year Y.
//   - employment_insurance (雇用保険関係届出): 4 years from the day after the
//     employee left (雇用保険法施行規則 第143条: 4 years from 完結の日).
//   - social_insurance (健康保険・厚生年金保険関係届出): 2 years from the day
//     after the employee left (健康保険法施行規則 第34条, 厚生年金保険法施行規則
//     第28条: 2 years from 完結の日).
//
// Where the law counts from a 完結の日 that may come after the last working
// day, record the later date as Facts.Retired. All rules err towards keeping
// a record slightly longer, never erasing it early.
package mynumber

//! A granted subsidy's 実績報告: what was done, in the company's words, and its receipts in
//! the order a purchase goes — 見積 → 発注 → 納品 → 請求 → 支払 — each with its date and at
//! least one file. The dates must run in that order and none may be in the future; each
//! problem is named at its field. The amount is fixed afterwards by the office (額の確定).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::call::form::AnswerError;
use crate::i18n::{Text, Words};
use crate::kernel::coded_enum;

coded_enum!(
    /// A receipt of the report, in the order a purchase goes.
    Receipt {
        Estimate = "estimate" / "見積書" / "Quotation",
        Order = "order" / "発注書" / "Purchase order",
        Delivery = "delivery" / "納品書" / "Delivery note",
        Invoice = "invoice" / "請求書" / "Invoice",
        Payment = "payment" / "支払の証明（振込記録・領収書）" / "Proof of payment",
    }
);

impl Receipt {
    /// The key its files are kept under (`report_estimate` …) and its date is typed as
    /// (`date_estimate` …).
    pub fn file_key(self) -> String {
        format!("report_{}", self.code())
    }

    pub fn date_key(self) -> String {
        format!("date_{}", self.code())
    }

    /// The receipt whose files are kept under `key`, if any.
    pub fn of_file_key(key: &str) -> Option<Receipt> {
        key.strip_prefix("report_").and_then(Receipt::from_code)
    }
}

/// The longest report kept.
pub const REPORT_MAX: usize = 4_000;

/// A validated report: its words and each receipt's date, by the receipt's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub text: String,
    pub dates: BTreeMap<String, NaiveDate>,
}

/// Checks a report as typed: its words, and each receipt's date (`dates`, by the receipt's
/// code; 和暦 or western) present, in the purchase's order and not after `today`. Every
/// problem is named at its field.
pub fn validate(
    text: &str,
    dates: &BTreeMap<String, String>,
    today: NaiveDate,
) -> Result<Report, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > REPORT_MAX {
        errors.push(AnswerError::new(
            "report",
            "実施した内容を4,000文字以内で書いてください。",
            "Say what was done (at most 4,000 characters).",
        ));
    }
    let mut out = BTreeMap::new();
    let mut before: Option<(Receipt, NaiveDate)> = None;
    for r in Receipt::ALL.iter().copied() {
        let typed = dates.get(r.code()).map(String::as_str).unwrap_or_default();
        let Some(day) = crate::jdate::parse(typed) else {
            errors.push(date_error(
                r,
                format!(
                    "{}の日付を入力してください（例: 2026-04-01、令和8年4月1日）。",
                    r.name().ja
                ),
                format!("Enter the date of the {}.", r.name().en.to_lowercase()),
            ));
            continue;
        };
        if day > today {
            errors.push(date_error(
                r,
                format!("{}の日付が未来になっています。", r.name().ja),
                format!(
                    "The date of the {} is in the future.",
                    r.name().en.to_lowercase()
                ),
            ));
        } else if let Some((p, d)) = before.filter(|(_, d)| day < *d) {
            errors.push(date_error(
                r,
                format!(
                    "{}の日付（{}）が{}の日付（{}）より前です。見積→発注→納品→請求→支払の順になるよう確認してください。",
                    r.name().ja,
                    crate::jdate::wareki(day),
                    p.name().ja,
                    crate::jdate::wareki(d)
                ),
                format!(
                    "The {} is dated before the {}: quotation, order, delivery, invoice and payment go in that order.",
                    r.name().en.to_lowercase(),
                    p.name().en.to_lowercase()
                ),
            ));
        }
        before = Some((r, day));
        out.insert(r.code().to_owned(), day);
    }
    if errors.is_empty() {
        Ok(Report { text, dates: out })
    } else {
        Err(errors)
    }
}

/// A date's problem at its field (`date_{code}`).
fn date_error(r: Receipt, ja: String, en: String) -> AnswerError {
    AnswerError {
        key: r.date_key(),
        message: Words::new(ja, en),
    }
}

/// The receipts without a file among `keys` (the file keys kept).
pub fn missing<'a>(keys: impl IntoIterator<Item = &'a str> + Clone) -> Vec<Receipt> {
    Receipt::ALL
        .iter()
        .copied()
        .filter(|r| !keys.clone().into_iter().any(|k| k == r.file_key()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dates(v: [&str; 5]) -> BTreeMap<String, String> {
        Receipt::ALL
            .iter()
            .zip(v)
            .map(|(r, d)| (r.code().to_owned(), d.to_owned()))
            .collect()
    }

    #[test]
    fn receipts_run_in_the_purchases_order() {
        let today = day("2026-12-01");
        let ok = dates([
            "2026-06-01",
            "令和8年6月10日",
            "2026-07-01",
            "2026-07-01",
            "2026-07-31",
        ]);
        let r = validate("試作を3台製作した。", &ok, today).unwrap();
        assert_eq!(r.dates["order"], day("2026-06-10"));
        let wrong = dates(["2026-06-10", "2026-06-01", "", "2026-07-01", "2027-01-01"]);
        let e = validate("", &wrong, today).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            fields,
            ["report", "date_order", "date_delivery", "date_payment"]
        );
        assert!(
            e[1].message.get(crate::Lang::Ja).contains(
                "発注書の日付（令和8年6月1日）が見積書の日付（令和8年6月10日）より前です"
            )
        );
        assert!(e[3].message.get(crate::Lang::Ja).contains("未来"));
    }

    #[test]
    fn every_receipt_needs_a_file() {
        let keys = ["report_estimate", "report_order", "q3"];
        assert_eq!(
            missing(keys),
            [Receipt::Delivery, Receipt::Invoice, Receipt::Payment]
        );
        assert_eq!(
            Receipt::of_file_key("report_invoice"),
            Some(Receipt::Invoice)
        );
        assert_eq!(Receipt::of_file_key("q1"), None);
    }
}

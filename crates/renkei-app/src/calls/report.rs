//! A granted subsidy's 実績報告 (`renkei_domain::call::report`): the company keeps its
//! receipts' files (見積書, 発注書, 納品書, 請求書, 支払の証明) under the report's keys while
//! the application is awarded, and submits the report with each receipt's date; the dates in
//! the purchase's order, every receipt with a file, each problem named at its field and
//! nothing moved. The office then fixes the amount (額の確定) or returns the report.

use std::collections::BTreeMap;

use renkei_domain::call::application::{CallApplication, Move, Party, State};
use renkei_domain::call::form::AnswerError;
use renkei_domain::call::report::{self, Receipt};
use renkei_domain::workflow;
use renkei_store::{ApplicationRecord, ApplicationWrite, Result};

use super::applications::{Application, Refused, make, parties};
use super::today;
use crate::App;
use crate::access::{Caller, Checked};

/// Whether the caller may keep the report's files now: the company's people, while their
/// granted subsidy waits for its report.
pub fn may_report(caller: &Caller, a: &Application) -> bool {
    a.call.kind.grants_money()
        && a.record.state == State::Awarded
        && parties(caller, a).contains(&Party::Applicant)
}

/// Submits the report: its words and each receipt's date (by the receipt's code), once
/// every receipt has a file, from the version the person saw.
pub async fn submit(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    (text, dates): (&str, &BTreeMap<String, String>),
    seen_version: i64,
) -> Result<std::result::Result<ApplicationRecord, Refused>> {
    // Not the caller's step, or not now: said before what was typed is looked at.
    let step =
        workflow::party_for::<CallApplication>(a.record.state, &parties(caller, a), &Move::Report);
    if let Err(r) = step {
        return Ok(Err(Refused::Step(r)));
    }
    let (valid, mut errors) = match report::validate(text, dates, today()) {
        Ok(v) => (Some(v), Vec::new()),
        Err(e) => (None, e),
    };
    let files = app.store().application_files(a.record.id).await?;
    for r in report::missing(files.iter().map(|f| f.field_key.as_str())) {
        errors.push(AnswerError::new(
            &r.file_key(),
            format!("{}を添付してください。", r.name().ja),
            format!("Attach the {}.", r.name().en.to_lowercase()),
        ));
    }
    let (Some(valid), true) = (valid, errors.is_empty()) else {
        return Ok(Err(Refused::Answers(errors)));
    };
    let write = ApplicationWrite {
        report: Some(valid.text),
        report_dates: valid.dates,
        ..Default::default()
    };
    make(app, caller, a, seen_version, &Move::Report, &write).await
}

/// Whether the caller may keep or remove a file under `key` now: a receipt's while the
/// report is due, a form's file field's while the application may be changed.
pub fn may_change_file(caller: &Caller, a: &Application, key: &str) -> bool {
    if Receipt::of_file_key(key).is_some() {
        may_report(caller, a)
    } else {
        super::applications::may_edit(caller, a)
    }
}

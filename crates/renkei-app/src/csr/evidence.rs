//! A certification's evidence files: the company's people keep a file for an item that
//! needs a document (of a kind kept, at most `research_group::DOCUMENT_MAX_BYTES`, as a
//! research group's documents), in place of the one it had, or remove it, while the
//! company may change its answers; whoever may read the certification reads them. An
//! application needs a file for every required item that needs a document ([`missing`]).

use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::csr::certification::{Party, Refusal, State};
use renkei_domain::csr::checklist::{self, Evidence, Reason};
use renkei_domain::research_group;
use renkei_store::{CertificationRecord, ChecklistRecord, EvidenceFile, Result};

use super::Refused;
use super::certification::parties;
use crate::App;
use crate::access::{Caller, Checked};

/// Whether the caller may change the certification's files now: the company's people,
/// loaded for writing, while it is a draft or returned.
fn may_change(
    caller: &Caller,
    r: &Checked<CertificationRecord>,
) -> std::result::Result<(), Refused<State>> {
    if r.action() != Action::Write || !parties(caller, r).contains(&Party::Company) {
        return Err(Refused::Step(Refusal::NotYours));
    }
    if !r.state.editable() {
        return Err(Refused::Step(if r.state.is_end() {
            Refusal::Ended(r.state)
        } else {
            Refusal::NotNow
        }));
    }
    Ok(())
}

/// Keeps a file for `item` (an item of the certification's checklist that needs a
/// document), in place of the one it had.
pub async fn add(
    app: &App,
    caller: &Caller,
    r: &Checked<CertificationRecord>,
    item: &str,
    (name, content): (&str, Vec<u8>),
) -> Result<std::result::Result<EvidenceFile, Refused<State>>> {
    if let Err(refused) = may_change(caller, r) {
        return Ok(Err(refused));
    }
    let list = app.store().checklist(r.checklist_id).await?;
    let item = item.trim();
    if list
        .list
        .item(item)
        .is_none_or(|i| i.evidence != Evidence::File)
    {
        return Ok(Err(super::field(
            "item",
            "書類を添付する項目を選んでください。",
            "Choose an item that needs a document.",
        )));
    }
    let name = renkei_domain::text::clean(name);
    let media_type = match research_group::document_type(&name, content.len()) {
        Ok(t) => t,
        Err(e) => return Ok(Err(Refused::Fields(vec![e]))),
    };
    Ok(Ok(app
        .store()
        .insert_evidence_file(r, item, (&name, media_type, content), &caller.actor)
        .await?))
}

/// Removes one of the certification's files.
pub async fn remove(
    app: &App,
    caller: &Caller,
    r: &Checked<CertificationRecord>,
    file: i64,
) -> Result<std::result::Result<(), Refused<State>>> {
    if let Err(refused) = may_change(caller, r) {
        return Ok(Err(refused));
    }
    app.store()
        .delete_evidence_file(r, file, &caller.actor)
        .await?;
    Ok(Ok(()))
}

/// The items whose document is missing (required, or answered yes), named: an application
/// needs none.
pub async fn missing(
    app: &App,
    r: &CertificationRecord,
    list: &ChecklistRecord,
) -> Result<Vec<Reason>> {
    let files = app.store().evidence_files(r.id).await?;
    let has = |k: &str| files.iter().any(|f| f.item_key == k);
    Ok(checklist::missing_files(&list.list, &r.answers, has))
}

/// The refusal of an application while an item's document is missing (the items
/// are named in the certification's evaluation).
pub fn missing_error() -> FieldError {
    FieldError::new(
        "evidence",
        "書類（ファイル）が添付されていない項目があります。評価の一覧に項目を示しています。",
        "An item's document is not attached: the evaluation names the item.",
    )
}

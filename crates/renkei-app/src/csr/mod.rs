//! The CSR challenge certification and giving back (`renkei_domain::csr`): a city's scheme —
//! its checklist's versions, defined by import or by new thresholds (here); a company's
//! certification as a workflow on the engine, its answers, renewal and reminders
//! (`certification`), its evidence files (`evidence`); the public registry, the certified community and its matching
//! requests, and the contributions of supported companies (`community`).

pub mod certification;
pub mod community;
pub mod evidence;

use renkei_domain::FieldError;
use renkei_domain::access::{Action, CsrThing, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::csr::checklist::{Checklist, Thresholds};
use renkei_domain::kernel::too_long;
use renkei_domain::text::clean;
use renkei_domain::workflow::Refusal;
use renkei_store::{ChecklistRecord, CompanyId};

use crate::App;
use crate::access::{Caller, Denied};

/// Why a use case of the certification was refused: a form's fields, or a workflow's step.
#[derive(Debug)]
pub enum Refused<S> {
    Fields(Vec<FieldError>),
    Step(Refusal<S>),
}

pub(crate) fn field<S>(name: &'static str, ja: &'static str, en: &'static str) -> Refused<S> {
    Refused::Fields(vec![FieldError::new(name, ja, en)])
}

/// The companies the caller works at.
pub fn own_companies(caller: &Caller) -> Vec<CompanyId> {
    caller
        .subject
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::CompanyUser { company } => Some(CompanyId(*company)),
            _ => None,
        })
        .collect()
}

/// A city's current checklist and every version (newest first): public.
pub async fn scheme(
    app: &App,
    caller: &Caller,
    city: &CityCode,
) -> std::result::Result<Vec<ChecklistRecord>, Denied> {
    app.require(caller, Action::Read, Resource::Csr(CsrThing::Scheme(city)))
        .await?;
    Ok(app.store().checklists_of(city).await?)
}

/// A checklist version, if it is the city's.
pub async fn checklist_version(
    app: &App,
    caller: &Caller,
    city: &CityCode,
    id: renkei_store::ChecklistId,
) -> std::result::Result<ChecklistRecord, Denied> {
    app.require(caller, Action::Read, Resource::Csr(CsrThing::Scheme(city)))
        .await?;
    match app.store().checklist(id).await {
        Ok(c) if c.city == *city => Ok(c),
        Ok(_) | Err(renkei_store::StoreError::NotFound) => Err(Denied::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Writes a new version of the city's checklist: its title (required, at most 200
/// characters), items and thresholds, by the city's full staff.
pub async fn define(
    app: &App,
    caller: &Caller,
    city: &CityCode,
    (title, list, thresholds): (&str, &Checklist, &Thresholds),
) -> std::result::Result<std::result::Result<ChecklistRecord, Vec<FieldError>>, Denied> {
    app.require(caller, Action::Write, Resource::Csr(CsrThing::Scheme(city)))
        .await?;
    let title = clean(title);
    let mut errors = Vec::new();
    if title.is_empty() {
        errors.push(FieldError::new(
            "title",
            "チェックリストの名称を入力してください。",
            "Enter the checklist's title.",
        ));
    }
    too_long(&mut errors, "title", &title, 200);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let r = app
        .store()
        .insert_checklist(city, (&title, list, thresholds), &caller.actor)
        .await?;
    Ok(Ok(r))
}

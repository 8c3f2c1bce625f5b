//! Evidence (第3章 5, 第4章): the dashboards of a city and of the whole network, read from
//! what the other capabilities record, as tables of figures (`table`) that pages, JSON,
//! XLSX files and PDF reports render alike. The pipeline (`pipeline`: products per stage and
//! type, moves per quarter, the time in each stage, the referral funnel with its step times
//! and what is overdue) and the programs (`programs`: outcomes, events, calls, consultations
//! with their service level, dispatches, bridges, the caseload, company voices).
//!
//! Who reads what: `access::evidence` decides the page; the figures of other cities' records
//! are then suppressed where fewer than 3 of them make a cell (`evidence::disclosure`), for
//! everyone but the administrators.

pub mod city_report;
pub mod pilot;
pub mod pipeline;
pub mod programs;
pub mod proposals;
pub mod table;

use chrono::Utc;
use renkei_domain::Lang;
use renkei_domain::access::{Action, EvidenceThing, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::evidence::{Audience, Filter};
use renkei_domain::jdate;

pub use city_report::city_report;
pub use pilot::{Report, ReportSection, pilot};
pub use proposals::proposals;
pub use table::{Figure, Row, Section, Table};

use crate::App;
use crate::access::{Caller, Denied};

/// Whose dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    City(CityCode),
    Network,
}

/// A dashboard: its scope, the filter it was read with, its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub scope: Scope,
    pub filter: Filter,
    pub sections: Vec<Section>,
}

impl Dashboard {
    /// A table by its key, wherever it is.
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.sections
            .iter()
            .flat_map(|s| &s.tables)
            .find(|t| t.key == key)
    }
}

/// The current fiscal year (年度) in Japan.
pub fn this_fiscal_year() -> i32 {
    let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9 is an offset");
    jdate::fiscal_year(Utc::now().with_timezone(&jst).date_naive())
}

/// Checks that `caller` may read the evidence of `scope`, and who they are to its figures.
pub async fn audience(app: &App, caller: &Caller, scope: Scope) -> Result<Audience, Denied> {
    let thing = match &scope {
        Scope::City(c) => EvidenceThing::City(c),
        Scope::Network => EvidenceThing::Network,
    };
    app.require(caller, Action::Read, Resource::Evidence(thing))
        .await?;
    Ok(match scope {
        // A city's own dashboard is of its records (and of the referrals it is a party to).
        Scope::City(c) => match Audience::of(&caller.subject) {
            Audience::All => Audience::All,
            Audience::Own(_) => Audience::Own(vec![c]),
        },
        Scope::Network => Audience::of(&caller.subject),
    })
}

/// The dashboard of `scope` for `filter` (a city's is narrowed to the city whatever the
/// filter says), in `lang`.
pub async fn dashboard(
    app: &App,
    caller: &Caller,
    scope: Scope,
    filter: Filter,
    lang: Lang,
) -> Result<Dashboard, Denied> {
    let audience = audience(app, caller, scope).await?;
    let filter = match scope {
        Scope::City(c) => Filter {
            city: Some(c),
            ..filter
        },
        Scope::Network => filter,
    };
    let mut sections = pipeline::sections(app, &filter, &audience, lang).await?;
    sections.extend(programs::sections(app, &filter, &audience, scope, lang).await?);
    Ok(Dashboard {
        scope,
        filter,
        sections,
    })
}

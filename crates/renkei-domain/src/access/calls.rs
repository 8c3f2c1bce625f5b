//! The policy of calls (公募): the call, its applications, and its review. Decided here and
//! asked through [`super::decide`] only.

use super::{Action, Decision, Resource, Role, Subject};
use crate::city::CityCode;
use Decision::*;

/// Who reads and changes a call: anyone reads a published one; its cities' staff and
/// coordinators read a draft; their staff who may write change it.
pub(super) fn call(
    subject: &Subject,
    action: Action,
    cities: &[CityCode],
    published: bool,
) -> Decision {
    let works = cities.iter().any(|c| subject.works_in(c));
    let allowed = match action {
        Action::Read => published || works,
        Action::Write => cities.iter().any(|c| subject.is_staff_of(c, true)),
    };
    if allowed {
        Allow
    } else if works || published {
        Forbidden
    } else {
        NotFound
    }
}

/// Whether `subject` is the reviewer of `call` whose account is one of `people`.
fn reviews(subject: &Subject, call: i64, people: &[i64]) -> bool {
    subject.roles.contains(&Role::Reviewer { call })
        && subject.person.is_some_and(|p| people.contains(&p))
}

/// Who reads and writes an application: the company's people do both; the company's home
/// city's coordinators and staff who may write prepare it (代理申請), its staff and
/// coordinators read it; the call's cities' staff and coordinators read it; a reviewer reads
/// the applications assigned to them, and never learns of the others.
pub(super) fn call_application(
    subject: &Subject,
    action: Action,
    resource: Resource<'_>,
) -> Decision {
    let Resource::CallApplication {
        call,
        cities,
        company,
        home_city,
        reviewers,
    } = resource
    else {
        return NotFound;
    };
    let own = subject.roles.contains(&Role::CompanyUser { company });
    let agent = subject.is_staff_of(home_city, true)
        || subject
            .roles
            .contains(&Role::Coordinator { city: *home_city });
    let office = cities.iter().any(|c| subject.works_in(c));
    let reader = own || office || subject.works_in(home_city) || reviews(subject, call, reviewers);
    let allowed = match action {
        Action::Read => reader,
        Action::Write => own || agent,
    };
    if allowed {
        Allow
    } else if reader {
        Forbidden
    } else {
        NotFound
    }
}

/// Who reads and runs a call's review: see [`Resource::CallReview`].
pub(super) fn call_review(
    subject: &Subject,
    action: Action,
    call: i64,
    cities: &[CityCode],
    sheet_of: Option<i64>,
) -> Decision {
    let office = cities.iter().any(|c| subject.works_in(c));
    let runs = cities.iter().any(|c| subject.is_staff_of(c, true));
    let on_panel = subject.roles.contains(&Role::Reviewer { call });
    let own_sheets = sheet_of.is_some_and(|r| reviews(subject, call, &[r]));
    let (read, write) = match sheet_of {
        None => (office || on_panel, runs),
        Some(_) => (office || own_sheets, own_sheets),
    };
    let allowed = match action {
        Action::Read => read,
        Action::Write => write,
    };
    if allowed {
        Allow
    } else if read || on_panel {
        Forbidden
    } else {
        NotFound
    }
}

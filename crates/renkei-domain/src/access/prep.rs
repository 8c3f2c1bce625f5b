//! The policy of a referral's step prepared for an officer's approval
//! (`crate::referral_prep`), and of support records written by coordinators. Decided here and
//! asked through [`super::decide`] only.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use crate::referral_prep::Party;
use Decision::*;

/// What the policy needs to know of a preparation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrepFacts {
    /// The city whose step it is: the product's home city for ①, the receiving city for ④.
    pub city: CityCode,
    /// The account that prepared it.
    pub preparer: i64,
}

/// A coordinator of `city`, or its read-only staff (the members of its support organisations
/// acting for it): those who prepare a step for an officer.
fn prepares_for(subject: &Subject, city: &CityCode) -> bool {
    subject.roles.iter().any(|r| match r {
        Role::Coordinator { city: c } => c == city,
        Role::CityStaff { city: c, .. } => c == city,
        _ => false,
    })
}

/// Preparing a step of `city`: its coordinators and every one of its staff (an officer may
/// prepare too, and approves it as any officer). Asked once the product or the referral was
/// read, so a refusal is never "not found".
pub(super) fn prepare(subject: &Subject, city: &CityCode) -> Decision {
    if prepares_for(subject, city) {
        Allow
    } else {
        Forbidden
    }
}

/// The parties `subject` is to a preparation: its preparer (while they still work in the
/// city) and the city's officers (its staff who may write).
pub fn prep_parties(subject: &Subject, f: &PrepFacts) -> Vec<Party> {
    let mut parties = Vec::new();
    if subject.person == Some(f.preparer) && prepares_for(subject, &f.city) {
        parties.push(Party::Preparer);
    }
    if subject.is_staff_of(&f.city, true) {
        parties.push(Party::Officer);
    }
    parties
}

/// A preparation: read by the city's staff and coordinators; moved by its parties.
pub(super) fn preparation(subject: &Subject, action: Action, f: &PrepFacts) -> Decision {
    let allowed = match action {
        Action::Read => subject.works_in(&f.city),
        Action::Write => !prep_parties(subject, f).is_empty(),
    };
    if allowed {
        Allow
    } else if subject.works_in(&f.city) {
        Forbidden
    } else {
        NotFound
    }
}

/// A support record on a product of `home_city`: written by the city's staff who may write
/// and by its coordinators (who give most of the support); read as the product (asked once
/// the product was read, so a refusal is never "not found").
pub(super) fn support_record(subject: &Subject, home_city: &CityCode) -> Decision {
    let coordinator = subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::Coordinator { city } if city == home_city));
    if subject.is_staff_of(home_city, true) || coordinator {
        Allow
    } else {
        Forbidden
    }
}

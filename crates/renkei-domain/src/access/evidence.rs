//! The policy of the evidence (第3章 5, 第4章): a city's dashboard and fiscal-year report,
//! read by its own staff and coordinators; the network's dashboard and the reports across
//! cities, read by every designated city's staff and coordinators (their figures of other
//! cities aggregated, see `evidence::disclosure`). Administrators read both. Nothing is
//! written here: the evidence reads what the other capabilities record. Decided here and
//! asked through [`super::decide`] only.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use Decision::*;

/// What of the evidence is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceThing<'a> {
    /// A city's dashboard, lists and fiscal-year report.
    City(&'a CityCode),
    /// The network's dashboard and the reports across cities (the pilot's summary, the
    /// evidence for the proposals to the state).
    Network,
}

pub(super) fn evidence(subject: &Subject, action: Action, thing: EvidenceThing<'_>) -> Decision {
    if !subject.is_signed_in() {
        return Forbidden;
    }
    match thing {
        EvidenceThing::City(c) => match action {
            Action::Read if subject.works_in(c) => Allow,
            _ if subject.works_in(c) => Forbidden,
            _ => NotFound,
        },
        EvidenceThing::Network => {
            let network = subject
                .roles
                .iter()
                .any(|r| matches!(r, Role::CityStaff { .. } | Role::Coordinator { .. }));
            match action {
                Action::Read if network => Allow,
                _ => Forbidden,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Resource, decide};
    use super::*;

    #[test]
    fn a_city_reads_its_own_the_network_reads_the_aggregate() {
        let chiba = CityCode::parse("121002").unwrap();
        let hiroshima = CityCode::parse("341002").unwrap();
        let one = |r: Role| Subject {
            roles: vec![r],
            person: Some(1),
        };
        let e = |s: &Subject, a: Action, t: EvidenceThing<'_>| decide(s, a, Resource::Evidence(t));
        let ro = one(Role::CityStaff {
            city: chiba,
            read_only: true,
        });
        let coord = one(Role::Coordinator { city: chiba });
        let company = one(Role::CompanyUser { company: 1 });
        let admin = one(Role::PlatformAdmin);
        let own = EvidenceThing::City(&chiba);
        let other = EvidenceThing::City(&hiroshima);
        assert_eq!(e(&ro, Action::Read, own), Allow);
        assert_eq!(e(&coord, Action::Read, own), Allow);
        assert_eq!(e(&ro, Action::Read, other), NotFound);
        assert_eq!(e(&ro, Action::Write, own), Forbidden);
        assert_eq!(e(&company, Action::Read, own), NotFound);
        assert_eq!(e(&admin, Action::Read, other), Allow);
        assert_eq!(e(&coord, Action::Read, EvidenceThing::Network), Allow);
        assert_eq!(e(&admin, Action::Read, EvidenceThing::Network), Allow);
        assert_eq!(e(&company, Action::Read, EvidenceThing::Network), Forbidden);
        let anonymous = Subject::anonymous();
        assert_eq!(e(&anonymous, Action::Read, own), Forbidden);
        assert_eq!(
            e(&anonymous, Action::Read, EvidenceThing::Network),
            Forbidden
        );
    }
}

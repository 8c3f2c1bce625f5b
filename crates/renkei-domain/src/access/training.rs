//! The policy of coordinators' training: curricula (a city's, or the network's kept by the
//! administrators), one coordinator's training record (hours, certificates, their matrix), a
//! city's training and gaps, and the network's counts. Decided here and asked through
//! [`super::decide`] only.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use Decision::*;

/// What of the training is acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingThing<'a> {
    /// A curriculum of a city (`Some`), or of the whole network (`None`, the council's).
    Curriculum(Option<&'a CityCode>),
    /// One coordinator's training (`person`, coordinating for `cities`): their records, hours,
    /// certificates and matrix; written (an external course recorded) by their city's staff.
    Person { person: i64, cities: &'a [CityCode] },
    /// A city's coordinators' training and its gaps against its products' stages.
    City(&'a CityCode),
    /// The network's counts, city by city (the evidence for the proposal to the state).
    Network,
}

/// Staff (full or read-only) or coordinators of any designated city.
fn in_network(subject: &Subject) -> bool {
    subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::CityStaff { .. } | Role::Coordinator { .. }))
}

pub(super) fn training(subject: &Subject, action: Action, thing: TrainingThing<'_>) -> Decision {
    if !subject.is_signed_in() {
        return Forbidden;
    }
    let network = in_network(subject);
    match thing {
        // Curricula are read across the network (a coordinator finds a network course);
        // a city's are written by its full staff, the network's by administrators only.
        TrainingThing::Curriculum(city) => match (action, city) {
            (Action::Read, _) if network => Allow,
            (Action::Write, Some(c)) if subject.is_staff_of(c, true) => Allow,
            _ => Forbidden,
        },
        // A coordinator's own record, and their city's staff and coordinators; nobody else
        // learns of it. Their city's full staff record external courses.
        TrainingThing::Person { person, cities } => {
            let own = subject.person == Some(person)
                && subject
                    .roles
                    .iter()
                    .any(|r| matches!(r, Role::Coordinator { city } if cities.contains(city)));
            let city = cities.iter().any(|c| subject.works_in(c));
            let keeps = cities.iter().any(|c| subject.is_staff_of(c, true));
            match action {
                Action::Write if keeps => Allow,
                Action::Read if own || city => Allow,
                _ if own || city => Forbidden,
                _ => NotFound,
            }
        }
        // A city's page: its own staff and coordinators; it changes nothing.
        TrainingThing::City(c) => match action {
            Action::Read if subject.works_in(c) => Allow,
            _ if subject.works_in(c) => Forbidden,
            _ => NotFound,
        },
        // The counts: every city's staff and coordinators.
        TrainingThing::Network => match action {
            Action::Read if network => Allow,
            _ => Forbidden,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Resource, decide};
    use super::*;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    fn one(r: Role) -> Subject {
        Subject {
            roles: vec![r],
            person: Some(100),
        }
    }

    #[test]
    fn curricula_persons_cities_and_the_network() {
        let chiba = city("121002");
        let hiroshima = city("341002");
        let staff = one(Role::CityStaff {
            city: chiba,
            read_only: false,
        });
        let ro = one(Role::CityStaff {
            city: chiba,
            read_only: true,
        });
        let coord = one(Role::Coordinator { city: chiba });
        let company = one(Role::CompanyUser { company: 1 });
        let admin = one(Role::PlatformAdmin);
        let t =
            |s: &Subject, a: Action, th: TrainingThing<'_>| decide(s, a, Resource::Training(th));
        let own_c = TrainingThing::Curriculum(Some(&chiba));
        let other_c = TrainingThing::Curriculum(Some(&hiroshima));
        let net_c = TrainingThing::Curriculum(None);
        assert_eq!(t(&staff, Action::Write, own_c), Allow);
        assert_eq!(t(&staff, Action::Write, other_c), Forbidden);
        assert_eq!(t(&staff, Action::Write, net_c), Forbidden);
        assert_eq!(t(&admin, Action::Write, net_c), Allow);
        assert_eq!(t(&ro, Action::Write, own_c), Forbidden);
        assert_eq!(t(&coord, Action::Read, other_c), Allow);
        assert_eq!(t(&company, Action::Read, own_c), Forbidden);
        assert_eq!(t(&Subject::anonymous(), Action::Read, net_c), Forbidden);
        let cities = [chiba];
        let me = TrainingThing::Person {
            person: 100,
            cities: &cities,
        };
        let other = TrainingThing::Person {
            person: 7,
            cities: &[hiroshima],
        };
        assert_eq!(t(&coord, Action::Read, me), Allow);
        assert_eq!(t(&coord, Action::Write, me), Forbidden);
        assert_eq!(t(&staff, Action::Write, me), Allow);
        assert_eq!(t(&ro, Action::Write, me), Forbidden);
        assert_eq!(t(&staff, Action::Read, other), NotFound);
        assert_eq!(t(&company, Action::Read, me), NotFound);
        assert_eq!(t(&ro, Action::Read, TrainingThing::City(&chiba)), Allow);
        assert_eq!(
            t(&staff, Action::Read, TrainingThing::City(&hiroshima)),
            NotFound
        );
        assert_eq!(t(&coord, Action::Read, TrainingThing::Network), Allow);
        assert_eq!(t(&company, Action::Read, TrainingThing::Network), Forbidden);
        assert_eq!(
            t(&admin, Action::Read, TrainingThing::City(&hiroshima)),
            Allow
        );
    }
}

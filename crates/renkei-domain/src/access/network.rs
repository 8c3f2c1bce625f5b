//! The policy of the coordinator network: the directory and each coordinator's profile, and
//! requests for help across cities. Decided here and asked through [`super::decide`] only.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use crate::network::help::Party;
use Decision::*;

/// What the policy needs to know of a request for help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpFacts {
    /// The asking city: the company's (and the product's) home city.
    pub city: CityCode,
    pub company: i64,
    /// The account that asked.
    pub asker: i64,
    /// The coordinator asked (or who took it), none while it is open to the network.
    pub helper: Option<i64>,
    /// Whether it waits for any coordinator of another city to take it.
    pub open_to_network: bool,
}

/// Whether `subject` is a staff member or a coordinator of any designated city: those the
/// directory is for.
fn in_network(subject: &Subject) -> bool {
    subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::CityStaff { .. } | Role::Coordinator { .. }))
}

/// A coordinator of a city other than `city`.
fn coordinator_elsewhere(subject: &Subject, city: &CityCode) -> bool {
    subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::Coordinator { city: c } if c != city))
}

/// The directory: staff (full or read-only) and coordinators of every city read it; the
/// others are refused (companies and the public have no part in it).
pub(super) fn directory(subject: &Subject, action: Action) -> Decision {
    if action == Action::Read && in_network(subject) {
        Allow
    } else {
        Forbidden
    }
}

/// A coordinator's profile: read by the directory's readers; kept by the coordinator and by
/// the full staff of a city they coordinate for.
pub(super) fn profile(
    subject: &Subject,
    action: Action,
    person: i64,
    cities: &[CityCode],
) -> Decision {
    let own = subject.person == Some(person)
        && subject
            .roles
            .iter()
            .any(|r| matches!(r, Role::Coordinator { city } if cities.contains(city)));
    let keeps = own || cities.iter().any(|c| subject.is_staff_of(c, true));
    let reads = in_network(subject);
    match action {
        Action::Read if reads => Allow,
        Action::Write if keeps => Allow,
        _ if reads => Forbidden,
        _ => NotFound,
    }
}

/// Asking for help for a company or product of `city`: its staff who may write and its
/// coordinators.
pub(super) fn ask(subject: &Subject, city: &CityCode) -> Decision {
    if subject.is_staff_of(city, true) || subject.roles.contains(&Role::Coordinator { city: *city })
    {
        Allow
    } else {
        Forbidden
    }
}

/// The parties `subject` is to a request: the asker (who asked, and the asking city's full
/// staff), the helper (the coordinator asked), a taker (a coordinator of another city while
/// the request is open to the network).
pub fn help_parties(subject: &Subject, f: &HelpFacts) -> Vec<Party> {
    let mut parties = Vec::new();
    if subject.person == Some(f.asker) || subject.is_staff_of(&f.city, true) {
        parties.push(Party::Asker);
    }
    if f.helper.is_some() && subject.person == f.helper {
        parties.push(Party::Helper);
    }
    if f.open_to_network && coordinator_elsewhere(subject, &f.city) {
        parties.push(Party::Taker);
    }
    parties
}

/// Whether `subject` is one of the company's people (who consent to what is shared).
pub fn speaks_for_company(subject: &Subject, f: &HelpFacts) -> bool {
    subject
        .roles
        .contains(&Role::CompanyUser { company: f.company })
}

/// Whether `subject` reads the company's name and its product's details on a request: the
/// asking city's people, the company's own and administrators always; anyone else (the
/// helper) once the company consented (`network::help::shows_company`).
pub fn sees_company(subject: &Subject, f: &HelpFacts, consented: bool) -> bool {
    let home = subject.is_admin() || subject.works_in(&f.city) || speaks_for_company(subject, f);
    crate::network::help::shows_company(home, consented)
}

/// A request: read by its parties, by the asking city's staff and coordinators and by the
/// company's people; moved by its parties, consented to by the company's people (the
/// workflow says which move is whose). Anyone else does not learn it exists.
pub(super) fn help_request(subject: &Subject, action: Action, f: &HelpFacts) -> Decision {
    let parties = help_parties(subject, f);
    let company = speaks_for_company(subject, f);
    let reads = !parties.is_empty() || company || subject.works_in(&f.city);
    match action {
        Action::Write if !parties.is_empty() || company => Allow,
        Action::Read if reads => Allow,
        _ if reads => Forbidden,
        _ => NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Resource, decide};
    use super::*;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    /// Every role of the policy table's test, each the person 100, in 千葉市.
    fn subjects() -> Vec<Subject> {
        let chiba = city("121002");
        let one = |r: Role| Subject {
            roles: vec![r],
            person: Some(100),
        };
        vec![
            Subject::anonymous(),
            one(Role::PlatformAdmin),
            one(Role::CityStaff {
                city: chiba,
                read_only: false,
            }),
            one(Role::CityStaff {
                city: chiba,
                read_only: true,
            }),
            one(Role::Coordinator { city: chiba }),
            one(Role::CompanyUser { company: 1 }),
            one(Role::TargetContact { organization: 1 }),
            one(Role::Reviewer { call: 1 }),
        ]
    }

    fn row(action: Action, resource: Resource<'_>) -> String {
        subjects()
            .iter()
            .map(|s| match decide(s, action, resource) {
                Allow => 'A',
                Forbidden => 'F',
                NotFound => 'N',
            })
            .collect()
    }

    #[test]
    fn the_directory_and_the_profiles() {
        use Action::{Read, Write};
        let (chiba, hiroshima) = (city("121002"), city("341002"));
        //                                                     anon admin staff ro coord comp targ revw
        assert_eq!(row(Read, Resource::CoordinatorDirectory), "FAAAAFFF");
        assert_eq!(row(Write, Resource::CoordinatorDirectory), "FAFFFFFF");
        let of = |person, cities| Resource::CoordinatorProfile { person, cities };
        let (chiba_only, hiroshima_only) = ([chiba], [hiroshima]);
        // Another person's profile, of 千葉市 and of 広島市.
        assert_eq!(row(Read, of(7, &chiba_only)), "FAAAANNN");
        assert_eq!(row(Write, of(7, &chiba_only)), "FAAFFNNN");
        assert_eq!(row(Read, of(7, &hiroshima_only)), "FAAAANNN");
        assert_eq!(row(Write, of(7, &hiroshima_only)), "FAFFFNNN");
        // One's own: the coordinator keeps it.
        assert_eq!(row(Write, of(100, &chiba_only)), "FAAFANNN");
        assert_eq!(row(Write, Resource::HelpAsk(&chiba)), "FFAFAFFF");
        assert_eq!(row(Write, Resource::HelpAsk(&hiroshima)), "FFFFFFFF");
    }

    #[test]
    fn requests_for_help() {
        use Action::{Read, Write};
        let (chiba, hiroshima) = (city("121002"), city("341002"));
        // Asked by someone else of 千葉市 about company 1, of 広島市's coordinator 9.
        let asked = HelpFacts {
            city: chiba,
            company: 1,
            asker: 8,
            helper: Some(9),
            open_to_network: false,
        };
        //                                                     anon admin staff ro coord comp targ revw
        assert_eq!(row(Read, Resource::HelpRequest(&asked)), "FAAAAANN");
        assert_eq!(row(Write, Resource::HelpRequest(&asked)), "FFAFFANN");
        // Asked by 広島市 of the network: a coordinator of 千葉市 may take it.
        let network = HelpFacts {
            city: hiroshima,
            company: 2,
            helper: None,
            open_to_network: true,
            ..asked
        };
        assert_eq!(row(Read, Resource::HelpRequest(&network)), "FANNANNN");
        assert_eq!(row(Write, Resource::HelpRequest(&network)), "FFNNANNN");
        // Once taken by someone else, the others of 千葉市 no longer see it.
        let taken = HelpFacts {
            helper: Some(9),
            open_to_network: false,
            ..network
        };
        assert_eq!(row(Read, Resource::HelpRequest(&taken)), "FANNNNNN");
        // The person asked (100) is its helper.
        let mine = HelpFacts {
            helper: Some(100),
            ..taken
        };
        let coordinator = &subjects()[4];
        assert_eq!(help_parties(coordinator, &mine), [Party::Helper]);
        assert_eq!(
            decide(coordinator, Write, Resource::HelpRequest(&mine)),
            Allow
        );
        let staff = &subjects()[2];
        assert_eq!(help_parties(staff, &asked), [Party::Asker]);
        assert!(speaks_for_company(&subjects()[5], &asked));
    }
}

//! The policy of the CSR challenge certification and of giving back (`crate::csr`): a city's
//! scheme (its checklist, read by anyone, kept by its full staff), a company's certification
//! (read by its people and its city's staff and coordinators, moved by its parties), the
//! certified community (its members and every city's staff and coordinators), a matching
//! request between members (its two companies), a company's contributions (proposed by its
//! people, confirmed by its city's full staff). Decided here and asked through
//! [`super::decide`] only; the public registry is open to anyone and asks nothing.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use crate::csr::certification::Party;
use crate::csr::contribution::{MatchParty, Party as ContributionParty};
use Decision::*;

/// What of the certification is acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrThing<'a> {
    /// A city's scheme: its checklist's versions and thresholds, the applications' list.
    Scheme(&'a CityCode),
    /// What only a company's people do for it in `city` (its home city): start a
    /// self-assessment, propose a contribution.
    Start { city: &'a CityCode, company: i64 },
    /// A company's certification (its self-assessment, application and term).
    Certification { city: &'a CityCode, company: i64 },
    /// The certified community's directory and matching (`member`: the caller's company
    /// holds a certification now).
    Community { member: bool },
    /// A business-matching request between two member companies.
    Matching { asker: i64, asked: i64 },
    /// A company's contributions (地域貢献), kept by its home city.
    Contribution { city: &'a CityCode, company: i64 },
}

impl CsrThing<'_> {
    /// The city it is of, if one (for a refusal's audit line).
    pub fn city(&self) -> Option<CityCode> {
        match self {
            CsrThing::Scheme(c)
            | CsrThing::Start { city: c, .. }
            | CsrThing::Certification { city: c, .. }
            | CsrThing::Contribution { city: c, .. } => Some(**c),
            CsrThing::Community { .. } | CsrThing::Matching { .. } => None,
        }
    }
}

fn own(subject: &Subject, company: i64) -> bool {
    subject.roles.contains(&Role::CompanyUser { company })
}

/// The parties `subject` is to a company's certification of `city`: the company's people;
/// the city's full staff, as its staff and as the committee recording its decision.
pub fn csr_parties(subject: &Subject, city: &CityCode, company: i64) -> Vec<Party> {
    let mut parties = Vec::new();
    if own(subject, company) {
        parties.push(Party::Company);
    }
    if subject.is_staff_of(city, true) {
        parties.extend([Party::Staff, Party::Committee]);
    }
    parties
}

/// The parties `subject` is to a contribution of `company` of `city`.
pub fn contribution_parties(
    subject: &Subject,
    city: &CityCode,
    company: i64,
) -> Vec<ContributionParty> {
    let mut parties = Vec::new();
    if own(subject, company) {
        parties.push(ContributionParty::Company);
    }
    if subject.is_staff_of(city, true) {
        parties.push(ContributionParty::City);
    }
    parties
}

/// The parties `subject` is to a matching request.
pub fn matching_parties(subject: &Subject, asker: i64, asked: i64) -> Vec<MatchParty> {
    let mut parties = Vec::new();
    if own(subject, asker) {
        parties.push(MatchParty::Asker);
    }
    if own(subject, asked) {
        parties.push(MatchParty::Asked);
    }
    parties
}

/// Staff (full or read-only) or coordinators of any city.
fn in_network(subject: &Subject) -> bool {
    subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::CityStaff { .. } | Role::Coordinator { .. }))
}

/// A company's record of `city`: read by its people and the city's staff and coordinators,
/// written by its people and the city's full staff; nobody else learns of it.
fn company_record(subject: &Subject, action: Action, city: &CityCode, company: i64) -> Decision {
    let reads = own(subject, company) || subject.works_in(city);
    let writes = own(subject, company) || subject.is_staff_of(city, true);
    match action {
        Action::Read if reads => Allow,
        Action::Write if writes => Allow,
        _ if reads => Forbidden,
        _ => NotFound,
    }
}

pub(super) fn csr(subject: &Subject, action: Action, thing: CsrThing<'_>) -> Decision {
    match thing {
        // The checklist is the scheme's public face: every question is read before starting.
        CsrThing::Scheme(city) => match action {
            Action::Read => Allow,
            Action::Write if subject.is_staff_of(city, true) => Allow,
            Action::Write => Forbidden,
        },
        _ if !subject.is_signed_in() => Forbidden,
        CsrThing::Start { company, .. } => {
            if own(subject, company) && action == Action::Write {
                Allow
            } else {
                Forbidden
            }
        }
        CsrThing::Certification { city, company } | CsrThing::Contribution { city, company } => {
            company_record(subject, action, city, company)
        }
        CsrThing::Community { member } => match action {
            Action::Read if member || in_network(subject) => Allow,
            Action::Write if member => Allow,
            _ => Forbidden,
        },
        CsrThing::Matching { asker, asked } => {
            if !matching_parties(subject, asker, asked).is_empty() {
                Allow
            } else {
                NotFound
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Resource, decide};
    use super::*;

    fn one(r: Role) -> Subject {
        Subject {
            roles: vec![r],
            person: Some(100),
        }
    }

    #[test]
    fn schemes_certifications_the_community_and_contributions() {
        let saitama = CityCode::parse("111007").unwrap();
        let chiba = CityCode::parse("121002").unwrap();
        let staff = one(Role::CityStaff {
            city: saitama,
            read_only: false,
        });
        let ro = one(Role::CityStaff {
            city: saitama,
            read_only: true,
        });
        let coord = one(Role::Coordinator { city: saitama });
        let firm = one(Role::CompanyUser { company: 1 });
        let other = one(Role::CompanyUser { company: 2 });
        let chiba_staff = one(Role::CityStaff {
            city: chiba,
            read_only: false,
        });
        let admin = one(Role::PlatformAdmin);
        let anon = Subject::anonymous();
        let d = |s: &Subject, a, t| decide(s, a, Resource::Csr(t));
        let scheme = CsrThing::Scheme(&saitama);
        assert_eq!(d(&anon, Action::Read, scheme), Allow);
        assert_eq!(d(&staff, Action::Write, scheme), Allow);
        assert_eq!(d(&ro, Action::Write, scheme), Forbidden);
        assert_eq!(d(&chiba_staff, Action::Write, scheme), Forbidden);
        assert_eq!(d(&admin, Action::Write, scheme), Forbidden);
        let start = CsrThing::Start {
            city: &saitama,
            company: 1,
        };
        assert_eq!(d(&firm, Action::Write, start), Allow);
        assert_eq!(d(&other, Action::Write, start), Forbidden);
        assert_eq!(d(&staff, Action::Write, start), Forbidden);
        let cert = CsrThing::Certification {
            city: &saitama,
            company: 1,
        };
        assert_eq!(d(&firm, Action::Write, cert), Allow);
        assert_eq!(d(&staff, Action::Write, cert), Allow);
        assert_eq!(d(&coord, Action::Read, cert), Allow);
        assert_eq!(d(&coord, Action::Write, cert), Forbidden);
        assert_eq!(d(&ro, Action::Write, cert), Forbidden);
        assert_eq!(d(&other, Action::Read, cert), NotFound);
        assert_eq!(d(&chiba_staff, Action::Read, cert), NotFound);
        assert_eq!(d(&admin, Action::Read, cert), Allow);
        assert_eq!(d(&admin, Action::Write, cert), Forbidden);
        assert_eq!(d(&anon, Action::Read, cert), Forbidden);
        assert_eq!(
            csr_parties(&staff.clone(), &saitama, 1),
            [Party::Staff, Party::Committee]
        );
        assert_eq!(csr_parties(&firm, &saitama, 1), [Party::Company]);
        let community = |member| CsrThing::Community { member };
        assert_eq!(d(&firm, Action::Write, community(true)), Allow);
        assert_eq!(d(&firm, Action::Read, community(false)), Forbidden);
        assert_eq!(d(&chiba_staff, Action::Read, community(false)), Allow);
        assert_eq!(d(&chiba_staff, Action::Write, community(false)), Forbidden);
        let matching = CsrThing::Matching { asker: 2, asked: 1 };
        assert_eq!(d(&firm, Action::Write, matching), Allow);
        assert_eq!(d(&staff, Action::Read, matching), NotFound);
        assert_eq!(matching_parties(&firm, 2, 1), [MatchParty::Asked]);
        let contribution = CsrThing::Contribution {
            city: &saitama,
            company: 1,
        };
        assert_eq!(d(&firm, Action::Write, contribution), Allow);
        assert_eq!(d(&coord, Action::Write, contribution), Forbidden);
        assert_eq!(
            contribution_parties(&staff, &saitama, 1),
            [ContributionParty::City]
        );
    }
}

//! The policy of the showcase (products shown to every designated city): who reads a
//! showcased product, who publishes it, and who asks its home city for a referral. Decided
//! here and asked through [`super::decide`] only.

use super::{Action, Decision, Role, Subject};
use crate::city::CityCode;
use Decision::*;

/// Whether `subject` works for any designated city (staff or coordinator): the people the
/// network's showcase is shown to.
pub fn in_network(subject: &Subject) -> bool {
    subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::CityStaff { .. } | Role::Coordinator { .. }))
}

/// Who reads and changes a product's showcase: anyone reads a public one, the staff and
/// coordinators of every designated city read one shown to the network, the company's people
/// read their own; only the company's people publish, change and withdraw it (it is their
/// consent). The home city's staff read it as its record's owner, and change nothing.
pub(super) fn showcase(
    subject: &Subject,
    action: Action,
    (home_city, company, public): (&CityCode, i64, bool),
) -> Decision {
    let own = subject.roles.contains(&Role::CompanyUser { company });
    let reads = public || own || in_network(subject);
    let allowed = match action {
        Action::Read => reads,
        Action::Write => own,
    };
    if allowed {
        Allow
    } else if reads || subject.works_in(home_city) || !subject.is_signed_in() {
        // Those who read it, its city, and an anonymous caller (who signs in first).
        Forbidden
    } else {
        NotFound
    }
}

/// The cities `subject` may ask `home_city` for a referral for: those it is staff of, who
/// may write, other than the home city (the receiving city of the referral it starts).
pub fn asking_cities(subject: &Subject, home_city: &CityCode) -> Vec<CityCode> {
    let mut out = Vec::new();
    for r in &subject.roles {
        if let Role::CityStaff {
            city,
            read_only: false,
        } = r
            && city != home_city
            && !out.contains(city)
        {
            out.push(*city);
        }
    }
    out
}

/// Who asks a showcased product's home city for a referral to their city: another
/// designated city's staff who may write (the request is theirs to make; the referral it
/// starts is the home city's to send).
pub(super) fn showcase_request(subject: &Subject, home_city: &CityCode) -> Decision {
    if !asking_cities(subject, home_city).is_empty() {
        Allow
    } else {
        Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Decision, Resource, Role, Subject, decide};
    use crate::city::CityCode;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    /// Anonymous, admin, 千葉市's staff (full, read-only) and coordinator, the people of
    /// company 1 and of company 2, a target's contact: A(llow), F(orbidden), N(ot found).
    fn answers(action: Action, resource: Resource<'_>) -> String {
        let chiba = city("121002");
        let one = |r: Role| Subject {
            roles: vec![r],
            person: Some(1),
        };
        let subjects = [
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
            one(Role::CompanyUser { company: 2 }),
            one(Role::TargetContact { organization: 1 }),
        ];
        subjects
            .iter()
            .map(|s| match decide(s, action, resource) {
                Decision::Allow => 'A',
                Decision::Forbidden => 'F',
                Decision::NotFound => 'N',
            })
            .collect()
    }

    #[test]
    fn a_showcase_is_read_by_the_network_or_anyone_and_changed_by_its_company() {
        let kumamoto = city("431001");
        let chiba = city("121002");
        let shown = |home_city, public| Resource::Showcase {
            home_city,
            company: 1,
            public,
        };
        //                                                          anon admin st ro co c1 c2 tg
        assert_eq!(answers(Action::Read, shown(&kumamoto, false)), "FAAAAANN");
        assert_eq!(answers(Action::Read, shown(&kumamoto, true)), "AAAAAAAA");
        assert_eq!(answers(Action::Write, shown(&kumamoto, false)), "FFFFFANN");
        assert_eq!(answers(Action::Write, shown(&chiba, false)), "FFFFFANN");
        let ask = |home_city| Resource::ShowcaseRequest { home_city };
        assert_eq!(answers(Action::Write, ask(&kumamoto)), "FFAFFFFF");
        assert_eq!(answers(Action::Write, ask(&chiba)), "FFFFFFFF");
    }
}

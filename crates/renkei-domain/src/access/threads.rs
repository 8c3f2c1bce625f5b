//! The policy of discussion threads between the cities (情報交換): the list of threads and
//! starting a topic, and one thread (`network::thread::ThreadFacts` says who reads each
//! kind). Decided here and asked through [`super::decide`] only.

use super::showcase::in_network;
use super::{Action, Decision, Role, Subject};
use crate::network::thread::ThreadFacts;
use Decision::*;

/// Whether `subject` writes as a member of the network: a coordinator of any city, or staff
/// of any city who may write.
fn writes_in_network(subject: &Subject) -> bool {
    subject.roles.iter().any(|r| {
        matches!(
            r,
            Role::Coordinator { .. }
                | Role::CityStaff {
                    read_only: false,
                    ..
                }
        )
    })
}

/// Whether `subject` reads a thread of `f`: every city's staff and coordinators for the
/// network's, else those of its cities.
pub fn reads_thread(subject: &Subject, f: &ThreadFacts) -> bool {
    if f.network {
        in_network(subject)
    } else {
        f.cities.iter().any(|c| subject.works_in(c))
    }
}

/// Whether `subject` posts in a thread of `f`: its readers who are coordinators or staff who
/// may write, of the cities that read it.
fn posts_in(subject: &Subject, f: &ThreadFacts) -> bool {
    if f.network {
        writes_in_network(subject)
    } else {
        f.cities.iter().any(|c| {
            subject.is_staff_of(c, true) || subject.roles.contains(&Role::Coordinator { city: *c })
        })
    }
}

/// The threads (the list, the form that starts one): every city's staff and coordinators read
/// them, those who may write start one; the others are refused.
pub(super) fn threads(subject: &Subject, action: Action) -> Decision {
    let allowed = match action {
        Action::Read => in_network(subject),
        Action::Write => writes_in_network(subject),
    };
    if allowed { Allow } else { Forbidden }
}

/// One thread: read by its readers, posted in by those of them who may write (a new thread
/// of its subject, likewise); anyone else does not learn it exists.
pub(super) fn thread(subject: &Subject, action: Action, f: &ThreadFacts) -> Decision {
    let reads = reads_thread(subject, f);
    let allowed = match action {
        Action::Read => reads,
        Action::Write => posts_in(subject, f),
    };
    if allowed {
        Allow
    } else if reads || !subject.is_signed_in() {
        Forbidden
    } else {
        NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Resource, decide};
    use super::*;
    use crate::city::CityCode;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    /// anon, admin, 千葉市's staff (full, read-only) and coordinator, a company's person, a
    /// target's contact, a reviewer: A(llow), F(orbidden), N(ot found).
    fn row(action: Action, resource: Resource<'_>) -> String {
        let chiba = city("121002");
        let one = |r: Role| Subject {
            roles: vec![r],
            person: Some(100),
        };
        [
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
        .iter()
        .map(|s| match decide(s, action, resource) {
            Allow => 'A',
            Forbidden => 'F',
            NotFound => 'N',
        })
        .collect()
    }

    #[test]
    fn threads_by_kind_and_city() {
        use Action::{Read, Write};
        let (chiba, hiroshima, sapporo) = (city("121002"), city("341002"), city("011002"));
        //                                              anon admin staff ro coord comp targ revw
        assert_eq!(row(Read, Resource::Threads), "FAAAAFFF");
        assert_eq!(row(Write, Resource::Threads), "FFAFAFFF");
        let topic = ThreadFacts::topic();
        assert_eq!(row(Read, Resource::Thread(&topic)), "FAAAANNN");
        assert_eq!(row(Write, Resource::Thread(&topic)), "FFAFANNN");
        // A product of 広島市 shown to the network; not shown; of 千葉市, not shown.
        let shown = ThreadFacts::product(hiroshima, true);
        assert_eq!(row(Read, Resource::Thread(&shown)), "FAAAANNN");
        let hidden = ThreadFacts::product(hiroshima, false);
        assert_eq!(row(Read, Resource::Thread(&hidden)), "FANNNNNN");
        assert_eq!(row(Write, Resource::Thread(&hidden)), "FFNNNNNN");
        let home = ThreadFacts::product(chiba, false);
        assert_eq!(row(Read, Resource::Thread(&home)), "FAAAANNN");
        assert_eq!(row(Write, Resource::Thread(&home)), "FFAFANNN");
        // A referral from 広島市 to 千葉市, sent; not yet sent; between two other cities.
        let sent = ThreadFacts::referral(hiroshima, chiba, true);
        assert_eq!(row(Read, Resource::Thread(&sent)), "FAAAANNN");
        assert_eq!(row(Write, Resource::Thread(&sent)), "FFAFANNN");
        let unsent = ThreadFacts::referral(hiroshima, chiba, false);
        assert_eq!(row(Read, Resource::Thread(&unsent)), "FANNNNNN");
        let others = ThreadFacts::referral(hiroshima, sapporo, true);
        assert_eq!(row(Read, Resource::Thread(&others)), "FANNNNNN");
    }
}

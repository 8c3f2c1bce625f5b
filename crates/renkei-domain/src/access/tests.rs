//! The policy's table: every resource × action × role, written out by hand.

use super::*;

fn city(code: &str) -> CityCode {
    CityCode::parse(code).unwrap()
}

/// A city's staff role, read-only or not.
fn staff(city: CityCode, read_only: bool) -> Role {
    Role::CityStaff { city, read_only }
}

/// Every role, in the caller's own city (千葉市) where it has one.
fn subjects() -> Vec<(&'static str, Subject)> {
    let chiba = city("121002");
    let one = |r: Role| Subject {
        roles: vec![r],
        person: None,
    };
    vec![
        ("anonymous", Subject::anonymous()),
        ("admin", one(Role::PlatformAdmin)),
        ("staff", one(staff(chiba, false))),
        ("staff-ro", one(staff(chiba, true))),
        ("coordinator", one(Role::Coordinator { city: chiba })),
        ("company", one(Role::CompanyUser { company: 1 })),
        ("target", one(Role::TargetContact { organization: 1 })),
        ("reviewer", one(Role::Reviewer { call: 1 })),
    ]
}

/// A row of the policy table: a resource, an action, and the decision for each subject of
/// [`subjects`], in order, as A(llow), F(orbidden) or N(ot found).
type Row<'a> = (Resource<'a>, Action, &'static str);

/// Checks every row of `table`.
fn check(table: &[Row<'_>]) {
    for (resource, action, expected) in table {
        let got: String = subjects()
            .iter()
            .map(|(_, s)| match decide(s, *action, *resource) {
                Allow => 'A',
                Forbidden => 'F',
                NotFound => 'N',
            })
            .collect();
        assert_eq!(
            &got,
            expected,
            "{resource:?} {action:?} for {:?}",
            subjects().iter().map(|(n, _)| *n).collect::<Vec<_>>()
        );
    }
}

/// Coordinators' training: curricula, another coordinator of each city, the cities'
/// pages and the network's counts.
fn training_rows<'a>(own: &'a CityCode, foreign: &'a CityCode) -> Vec<Row<'a>> {
    vec![
        (
            Resource::Training(TrainingThing::Curriculum(Some(own))),
            Action::Read,
            "FAAAAFFF",
        ),
        (
            Resource::Training(TrainingThing::Curriculum(Some(own))),
            Action::Write,
            "FAAFFFFF",
        ),
        (
            Resource::Training(TrainingThing::Curriculum(Some(foreign))),
            Action::Write,
            "FAFFFFFF",
        ),
        (
            Resource::Training(TrainingThing::Curriculum(None)),
            Action::Write,
            "FAFFFFFF",
        ),
        (
            Resource::Training(TrainingThing::Person {
                person: 999,
                cities: std::slice::from_ref(own),
            }),
            Action::Read,
            "FAAAANNN",
        ),
        (
            Resource::Training(TrainingThing::Person {
                person: 999,
                cities: std::slice::from_ref(own),
            }),
            Action::Write,
            "FAAFFNNN",
        ),
        (
            Resource::Training(TrainingThing::Person {
                person: 999,
                cities: std::slice::from_ref(foreign),
            }),
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::Training(TrainingThing::City(own)),
            Action::Read,
            "FAAAANNN",
        ),
        (
            Resource::Training(TrainingThing::City(foreign)),
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::Training(TrainingThing::Network),
            Action::Read,
            "FAAAAFFF",
        ),
    ]
}

/// The evidence: a city's dashboard and report, the network's dashboard and reports.
fn evidence_rows<'a>(own: &'a CityCode, foreign: &'a CityCode) -> Vec<Row<'a>> {
    vec![
        //                                        anon admin staff ro coord comp targ revw
        (
            Resource::Evidence(EvidenceThing::City(own)),
            Action::Read,
            "FAAAANNN",
        ),
        (
            Resource::Evidence(EvidenceThing::City(own)),
            Action::Write,
            "FAFFFNNN",
        ),
        (
            Resource::Evidence(EvidenceThing::City(foreign)),
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::Evidence(EvidenceThing::Network),
            Action::Read,
            "FAAAAFFF",
        ),
    ]
}

/// The catalog, the menus, the audit trail and the cities' accounts.
fn city_rows<'a>(own: &'a CityCode, foreign: &'a CityCode) -> Vec<Row<'a>> {
    vec![
        //                                        anon admin staff ro coord comp targ revw
        (Resource::Catalog, Action::Read, "AAAAAAAA"),
        (Resource::Catalog, Action::Write, "FFFFFFFF"),
        (Resource::CityMenu(own), Action::Read, "AAAAAAAA"),
        (Resource::CityMenu(own), Action::Write, "FAAFFFFF"),
        (Resource::CityMenu(foreign), Action::Read, "AAAAAAAA"),
        (Resource::CityMenu(foreign), Action::Write, "FAFFFFFF"),
        (Resource::AuditLog(None), Action::Read, "FAFFFFFF"),
        (Resource::AuditLog(Some(own)), Action::Read, "FAAAFFFF"),
        (Resource::AuditLog(Some(foreign)), Action::Read, "FANNFFFF"),
        (Resource::AuditLog(Some(own)), Action::Write, "FFFFFFFF"),
        (Resource::CityUsers(own), Action::Read, "NAAANNNN"),
        (Resource::CityUsers(own), Action::Write, "NAAFNNNN"),
        (Resource::CityUsers(foreign), Action::Read, "NANNNNNN"),
        (Resource::CityUsers(foreign), Action::Write, "NANNNNNN"),
    ]
}

/// The cities' records, grants, companies and the platform; `shared`: the own city alone.
fn record_rows<'a>(
    own: &'a CityCode,
    foreign: &'a CityCode,
    shared: &'a [CityCode],
) -> Vec<Row<'a>> {
    vec![
        //                                        anon admin staff ro coord comp targ revw
        (
            Resource::CityRecord {
                owner: own,
                shared_with: &[],
            },
            Action::Read,
            "FAAAANNN",
        ),
        (
            Resource::CityRecord {
                owner: own,
                shared_with: &[],
            },
            Action::Write,
            "FAAFFNNN",
        ),
        (
            Resource::CityRecord {
                owner: foreign,
                shared_with: &[],
            },
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::CityRecord {
                owner: foreign,
                shared_with: &[],
            },
            Action::Write,
            "FANNNNNN",
        ),
        (
            Resource::CityRecord {
                owner: foreign,
                shared_with: shared,
            },
            Action::Read,
            "FAAAANNN",
        ),
        (
            Resource::CityRecord {
                owner: foreign,
                shared_with: shared,
            },
            Action::Write,
            "FAFFFNNN",
        ),
        (Resource::CityGrants(own), Action::Read, "FAAANNNN"),
        (Resource::CityGrants(own), Action::Write, "FAAFNNNN"),
        (Resource::CityGrants(foreign), Action::Read, "FANNNNNN"),
        (
            Resource::Company {
                id: 1,
                home_city: own,
                shared_with: &[],
            },
            Action::Read,
            "FAAAAANN",
        ),
        (
            Resource::Company {
                id: 1,
                home_city: own,
                shared_with: &[],
            },
            Action::Write,
            "FAAFFFNN",
        ),
        (
            Resource::Company {
                id: 1,
                home_city: foreign,
                shared_with: &[],
            },
            Action::Read,
            "FANNNANN",
        ),
        (
            Resource::Company {
                id: 2,
                home_city: foreign,
                shared_with: &[],
            },
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::Company {
                id: 2,
                home_city: foreign,
                shared_with: shared,
            },
            Action::Read,
            "FAAAANNN",
        ),
        (Resource::Platform, Action::Read, "FAFFFFFF"),
        (Resource::Platform, Action::Write, "FAFFFFFF"),
        // The people of company 1 (the company user's own) of the own city, and of
        // company 2 of the foreign city.
        (
            Resource::CompanyPeople {
                id: 1,
                home_city: own,
            },
            Action::Read,
            "FAAAAANN",
        ),
        (
            Resource::CompanyPeople {
                id: 1,
                home_city: own,
            },
            Action::Write,
            "FAAFFFNN",
        ),
        (
            Resource::CompanyPeople {
                id: 2,
                home_city: foreign,
            },
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::CompanyPeople {
                id: 2,
                home_city: foreign,
            },
            Action::Write,
            "FANNNNNN",
        ),
    ]
}

/// A consultation case: company 1 at its own city's desk, company 2 at another city's,
/// and company 1 asking another city's desk.
fn consultation_rows<'a>(own: &'a CityCode, foreign: &'a CityCode) -> Vec<Row<'a>> {
    vec![
        (
            Resource::Consultation {
                city: own,
                company: 1,
            },
            Action::Read,
            "FAAAAANN",
        ),
        (
            Resource::Consultation {
                city: own,
                company: 1,
            },
            Action::Write,
            "FAAFFANN",
        ),
        (
            Resource::Consultation {
                city: foreign,
                company: 2,
            },
            Action::Read,
            "FANNNNNN",
        ),
        (
            Resource::Consultation {
                city: foreign,
                company: 2,
            },
            Action::Write,
            "FANNNNNN",
        ),
        (
            Resource::Consultation {
                city: foreign,
                company: 1,
            },
            Action::Write,
            "FANNNANN",
        ),
    ]
}

/// The CSR certification: a city's scheme, the own company's certification and
/// contributions, another city's company's, the community and a matching request.
/// Order: anonymous, admin, staff, staff-ro, coordinator, company, target, reviewer.
fn csr_rows<'a>(own: &'a CityCode, foreign: &'a CityCode) -> Vec<Row<'a>> {
    let cert = |city, company| CsrThing::Certification { city, company };
    let contribution = |city, company| CsrThing::Contribution { city, company };
    vec![
        (
            Resource::Csr(CsrThing::Scheme(own)),
            Action::Read,
            "AAAAAAAA",
        ),
        (
            Resource::Csr(CsrThing::Scheme(own)),
            Action::Write,
            "FFAFFFFF",
        ),
        (
            Resource::Csr(CsrThing::Scheme(foreign)),
            Action::Write,
            "FFFFFFFF",
        ),
        (
            Resource::Csr(CsrThing::Start {
                city: own,
                company: 1,
            }),
            Action::Write,
            "FFFFFAFF",
        ),
        (Resource::Csr(cert(own, 1)), Action::Read, "FAAAAANN"),
        (Resource::Csr(cert(own, 1)), Action::Write, "FFAFFANN"),
        (Resource::Csr(cert(foreign, 2)), Action::Read, "FANNNNNN"),
        (
            Resource::Csr(contribution(own, 1)),
            Action::Write,
            "FFAFFANN",
        ),
        (
            Resource::Csr(CsrThing::Community { member: false }),
            Action::Read,
            "FAAAAFFF",
        ),
        (
            Resource::Csr(CsrThing::Community { member: false }),
            Action::Write,
            "FFFFFFFF",
        ),
        (
            Resource::Csr(CsrThing::Matching { asker: 1, asked: 2 }),
            Action::Write,
            "FFNNNANN",
        ),
    ]
}

/// The policy table, one row per (resource, action).
#[test]
fn the_policy_table() {
    let (own, foreign) = (city("121002"), city("341002"));
    check(&city_rows(&own, &foreign));
    check(&consultation_rows(&own, &foreign));
    check(&record_rows(&own, &foreign, &[own]));
    check(&training_rows(&own, &foreign));
    check(&evidence_rows(&own, &foreign));
    check(&csr_rows(&own, &foreign));
    let sent_by_own = ReferralFacts {
        sending: &own,
        receiving: &foreign,
        company: 1,
        sent: true,
        open: true,
        targets: &[1],
    };
    let received = ReferralFacts {
        sending: &foreign,
        receiving: &own,
        company: 2,
        targets: &[],
        ..sent_by_own
    };
    let not_sent = ReferralFacts {
        sent: false,
        ..received
    };
    let closed = ReferralFacts {
        open: false,
        ..sent_by_own
    };
    check(&[
        //                                        anon admin staff ro coord comp targ revw
        // A referral sent by the own city, of company 1, introduced to target 1.
        (Resource::Referral(&sent_by_own), Action::Read, "FAAAAAAN"),
        (Resource::Referral(&sent_by_own), Action::Write, "FFAFFAAN"),
        // Received from the foreign city: the own city is the receiving party.
        (Resource::Referral(&received), Action::Read, "FAAAANNN"),
        (Resource::Referral(&received), Action::Write, "FFAFFNNN"),
        // Not yet sent: the receiving city and the target know nothing of it.
        (Resource::Referral(&not_sent), Action::Read, "FANNNNNN"),
        // Closed: its target no longer sees it.
        (Resource::Referral(&closed), Action::Read, "FAAAAANN"),
    ]);
}

#[test]
fn a_referral_step_is_prepared_by_the_citys_people_and_approved_by_its_full_staff() {
    let (own, foreign) = (city("121002"), city("341002"));
    let prepared = PrepFacts {
        city: own,
        preparer: 999,
    };
    let elsewhere = PrepFacts {
        city: foreign,
        ..prepared
    };
    check(&[
        //                                        anon admin staff ro coord comp targ revw
        (Resource::ReferralPrepare(&own), Action::Write, "FFAAAFFF"),
        (
            Resource::ReferralPrepare(&foreign),
            Action::Write,
            "FFFFFFFF",
        ),
        (Resource::ReferralPrep(&prepared), Action::Read, "FAAAANNN"),
        (Resource::ReferralPrep(&prepared), Action::Write, "FFAFFNNN"),
        (Resource::ReferralPrep(&elsewhere), Action::Read, "FANNNNNN"),
        (
            Resource::SupportRecord { home_city: &own },
            Action::Write,
            "FAAFAFFF",
        ),
        (
            Resource::SupportRecord {
                home_city: &foreign,
            },
            Action::Write,
            "FAFFFFFF",
        ),
    ]);
    // Its preparer moves it (resubmits, withdraws) while they work in the city.
    let preparer = Subject {
        roles: vec![Role::Coordinator { city: own }],
        person: Some(999),
    };
    assert_eq!(
        prep_parties(&preparer, &prepared),
        vec![crate::referral_prep::Party::Preparer]
    );
    assert!(prep_parties(&preparer, &elsewhere).is_empty());
}

#[test]
fn lists_hold_what_each_role_may_read() {
    let (chiba, hiroshima) = (city("121002"), city("341002"));
    let both = Subject {
        roles: vec![
            staff(chiba, true),
            Role::Coordinator { city: hiroshima },
            Role::CompanyUser { company: 7 },
        ],
        person: None,
    };
    let scope = list_scope(&both);
    assert_eq!(
        (scope.all, scope.cities, scope.companies),
        (false, vec![chiba, hiroshima], vec![7])
    );
    assert!(list_scope(&Subject::anonymous()).is_empty());
    assert!(
        list_scope(&Subject {
            roles: vec![Role::PlatformAdmin],
            person: None,
        })
        .all
    );
}

#[test]
fn a_company_manager_invites_the_company_people_and_nothing_more() {
    let chiba = city("121002");
    let manager = Subject {
        roles: vec![
            Role::CompanyUser { company: 1 },
            Role::CompanyManager { company: 1 },
        ],
        person: None,
    };
    let people = |id| Resource::CompanyPeople {
        id,
        home_city: &chiba,
    };
    assert_eq!(decide(&manager, Action::Write, people(1)), Allow);
    assert_eq!(decide(&manager, Action::Read, people(1)), Allow);
    assert_eq!(decide(&manager, Action::Write, people(2)), NotFound);
    let company = Resource::Company {
        id: 1,
        home_city: &chiba,
        shared_with: &[],
    };
    assert_eq!(decide(&manager, Action::Write, company), Forbidden);
    assert_eq!(list_scope(&manager).companies, vec![1]);
}

#[test]
fn roles_add_up() {
    let (chiba, hiroshima) = (city("121002"), city("341002"));
    let both = Subject {
        roles: vec![staff(chiba, true), staff(hiroshima, false)],
        person: None,
    };
    assert_eq!(
        decide(&both, Action::Write, Resource::CityMenu(&hiroshima)),
        Allow
    );
    assert_eq!(
        decide(&both, Action::Write, Resource::CityMenu(&chiba)),
        Forbidden
    );
    assert_eq!(
        decide(&both, Action::Read, Resource::AuditLog(Some(&chiba))),
        Allow
    );
}

//! The calls' rules, held against tables written out by hand.

use std::collections::BTreeMap;

use super::application::{CallApplication, Move, Party, State};
use super::eligibility::{Applicant, EligibilityDraft, unmet};
use super::form::{FieldDraft, check_answers, validate_fields};
use super::*;
use crate::catalog::{CompanyType, Stage};
use crate::company::CompanySize;
use crate::workflow::{Refusal, check_table};

/// The application table, written apart from the workflow: (move, party, from states, to).
fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal<State>> {
    use State::*;
    let rows: &[(&str, Party, &[State], State)] = &[
        ("hand_over", Party::Agent, &[Draft], Prepared),
        (
            "submit",
            Party::Applicant,
            &[Draft, Prepared, Returned],
            Submitted,
        ),
        ("return", Party::Office, &[Submitted], Returned),
        ("accept", Party::Office, &[Submitted], InReview),
        ("refuse", Party::Office, &[Submitted, Returned], Refused),
        ("decide", Party::Office, &[InReview, Decided], Decided),
        ("release_award", Party::Office, &[Decided], Awarded),
        ("release_decline", Party::Office, &[Decided], NotAwarded),
        ("report", Party::Applicant, &[Awarded], Reported),
        ("return_report", Party::Office, &[Reported], Awarded),
        ("settle", Party::Office, &[Reported], Settled),
        (
            "withdraw",
            Party::Applicant,
            &[Draft, Prepared, Submitted, Returned, InReview, Decided],
            Withdrawn,
        ),
    ];
    let (_, by, from, to) = rows
        .iter()
        .find(|r| r.0 == m.code())
        .expect("every move has a row");
    if *by != p {
        return Err(Refusal::NotYours);
    }
    if !from.contains(&s) {
        return Err(if s.is_end() {
            Refusal::Ended(s)
        } else {
            Refusal::NotNow
        });
    }
    Ok(*to)
}

#[test]
fn the_application_workflow_allows_what_the_table_says() {
    let wrong = check_table::<CallApplication>(&Party::ALL, &Move::all(), expected);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_phases_go_one_way_and_only_the_owner_moves_them() {
    let order = [
        (PhaseMove::Publish, Phase::Draft, Phase::Open),
        (PhaseMove::EndApplications, Phase::Open, Phase::Screening),
        (PhaseMove::StartReview, Phase::Screening, Phase::Review),
        (PhaseMove::Release, Phase::Review, Phase::Released),
        (PhaseMove::Close, Phase::Released, Phase::Closed),
    ];
    let wrong = check_table::<CallPhases>(&[PhaseParty::Owner], &PhaseMove::ALL, |s, m, _| {
        let (_, from, to) = order.iter().find(|o| o.0 == *m).expect("a row");
        if *from == s {
            Ok(*to)
        } else if s == Phase::Closed {
            Err(Refusal::Ended(s))
        } else {
            Err(Refusal::NotNow)
        }
    });
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_decision_shows_to_the_applicant_only_once_released() {
    assert_eq!(State::Decided.applicant_name(), State::InReview.name());
    assert_eq!(State::Awarded.applicant_name(), State::Awarded.name());
}

fn draft() -> CallDraft {
    CallDraft {
        title: "医療機器開発補助金".into(),
        kind: "subsidy".into(),
        measure_code: "development.grants-loans".into(),
        opens_on: "令和8年12月1日".into(),
        closes_on: "2027-01-15".into(),
        budget_yen: "１０，０００，０００円".into(),
        max_amount_yen: "2,000,000".into(),
        fields: vec![FieldDraft {
            label: "事業計画".into(),
            kind: "long_text".into(),
            required: true,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn a_call_is_read_as_offices_write_it() {
    let lead = CityCode::parse("141003").unwrap();
    let d = draft();
    let call = d.validate(&lead).expect("valid");
    assert_eq!(call.budget_yen, Some(10_000_000));
    assert_eq!(call.max_amount_yen, Some(2_000_000));
    assert_eq!(call.opens_on.to_string(), "2026-12-01");
    assert_eq!(call.fields[0].key, "q1");
    assert_eq!(call.reviewers_per_application, 2);
}

#[test]
fn a_wrong_call_names_each_field() {
    let lead = CityCode::parse("141003").unwrap();
    let mut d = draft();
    d.measure_code = "no-such-measure".into();
    d.closes_on = "2026-11-01".into();
    d.max_amount_yen = "20,000,000".into();
    d.kind = "wide_area_award".into();
    let errors = d.validate(&lead).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    for f in ["measure_code", "closes_on", "partner_cities"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
}

#[test]
fn yen_amounts_read_as_people_type_them() {
    assert_eq!(parse_yen("1,000,000"), Some(Some(1_000_000)));
    assert_eq!(parse_yen("１２３円"), Some(Some(123)));
    assert_eq!(parse_yen(""), Some(None));
    assert_eq!(parse_yen("-5"), None);
    assert_eq!(parse_yen("百万"), None);
    assert_eq!(yen_text(1_234_567), "1,234,567円");
    assert_eq!(yen_text(0), "0円");
}

#[test]
fn answers_are_kept_as_typed_and_checked_whole_on_submission() {
    let mut e = Vec::new();
    let fields = validate_fields(
        &mut e,
        &[
            FieldDraft {
                section: "基本".into(),
                label: "事業名".into(),
                kind: "short_text".into(),
                required: true,
                ..Default::default()
            },
            FieldDraft {
                label: "申請額".into(),
                kind: "amount".into(),
                ..Default::default()
            },
            FieldDraft {
                label: "見積書".into(),
                kind: "file".into(),
                required: true,
                ..Default::default()
            },
            FieldDraft {
                label: "".into(),
                ..Default::default()
            },
        ],
    );
    assert!(e.is_empty());
    assert_eq!(fields.len(), 3);
    let mut typed = BTreeMap::new();
    typed.insert("q2".to_owned(), "１，５００，０００円".to_owned());
    let (saved, errors) = check_answers(&fields, &typed, &[], false);
    assert!(errors.is_empty(), "a draft may be partial");
    assert_eq!(saved["q2"], "1500000");
    let (_, errors) = check_answers(&fields, &typed, &[], true);
    let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["q1", "q3"]);
    typed.insert("q1".to_owned(), "褥瘡予防".to_owned());
    typed.insert("q2".to_owned(), "たくさん".to_owned());
    let (kept, errors) = check_answers(&fields, &typed, &["q3".to_owned()], true);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].key, "q2");
    assert_eq!(kept["q2"], "たくさん", "what was typed is kept");
}

#[test]
fn eligibility_names_every_rule_not_met() {
    let mut e = Vec::new();
    let rules = EligibilityDraft {
        company_types: vec!["manufacturer-entry".into()],
        sizes: vec!["sme".into(), "small-scale".into()],
        stages: vec![Stage::Development.code().into()],
        home: "call_cities".into(),
    }
    .validate(&mut e);
    assert!(e.is_empty(), "{e:?}");
    let chiba = CityCode::parse("121002").unwrap();
    let saitama = CityCode::parse("111007").unwrap();
    let a = Applicant {
        company_type: Some(CompanyType::ManufacturerEntry),
        size: Some(CompanySize::Large),
        home_city: &saitama,
        product_stage: Some(Stage::Sales),
    };
    let why = unmet(&rules, std::slice::from_ref(&chiba), &a);
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(why[0].ja.contains("企業規模"));
    assert!(why[1].ja.contains("段階"));
    assert!(why[2].ja.contains("所在地"));
    let ok = Applicant {
        size: Some(CompanySize::Sme),
        home_city: &chiba,
        product_stage: Some(Stage::Development),
        ..a
    };
    assert!(unmet(&rules, std::slice::from_ref(&chiba), &ok).is_empty());
}

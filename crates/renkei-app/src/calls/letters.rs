//! Decision letters (決定通知書) of calls, as use cases: a city's settings for its letters, or
//! the defaults it starts from ([`settings`]); who may have an application's letter and when
//! ([`available`]); its 文書番号, given once when the results are released (in the release's
//! transaction, by `ApplicationFlow`) or, for an application released without one, when its
//! letter is first printed, and kept ([`issue`]); and the letter itself, every text composed
//! from the call, the application, the company and the city's settings ([`letter`]), for
//! `renkei_pdf` to typeset.
//!
//! The letter is the applicant's once the results are released; the call's office sees it
//! once the panel has decided (a draft, without number or day, to check before the release).
//! The company's home city's staff and coordinators, who read the application, have it once
//! released too. A reviewer never: they read the application on their sheet only, without
//! the company in blind review.

use chrono::NaiveDate;
use renkei_domain::Lang;
use renkei_domain::access::{Action, Role};
use renkei_domain::call::application::{State, Verdict};
use renkei_domain::call::letter::{self, LetterSettings};
use renkei_domain::call::{Kind, japan_day, yen_text};
use renkei_domain::city::CityCode;
use renkei_pdf::{DecisionLetter, LetterItem};
use renkei_store::{
    Actor, ApplicationId, ContactRecord, LetterRecord, Result, Store, StoreError, Tx,
};

use super::applications::Application;
use super::{is_office, today};
use crate::App;
use crate::access::{Caller, Checked, Denied};

/// A city's settings for its letters, or the defaults it starts from (naming it), with the
/// version read: 0 while it has saved none.
pub async fn settings(store: &Store, city: &CityCode) -> Result<(LetterSettings, i64)> {
    Ok(match store.letter_settings(city).await? {
        Some(r) => (r.settings, r.version),
        None => (
            LetterSettings::defaults(&store.city_name(&city.to_string())),
            0,
        ),
    })
}

/// What the letter of an application is for a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Decided, not yet released: the office's draft to check.
    Draft,
    /// Released: the letter as sent.
    Issued,
}

/// The decision an application's letter tells, once decided.
fn verdict(a: &Application) -> Option<Verdict> {
    match a.record.state {
        State::Awarded | State::Reported | State::Settled => Some(Verdict::Award),
        State::NotAwarded => Some(Verdict::Decline),
        State::Decided => match a.record.verdict.as_deref() {
            Some("award") => Some(Verdict::Award),
            Some("decline") => Some(Verdict::Decline),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the caller may have the application's letter now, and as what: the call's office
/// once decided or released; the company's people and its home city's staff and
/// coordinators once released; nobody else.
pub fn available(caller: &Caller, a: &Application) -> Option<Stage> {
    verdict(a)?;
    let released = a.record.state != State::Decided;
    if is_office(caller, &a.call) {
        return Some(if released {
            Stage::Issued
        } else {
            Stage::Draft
        });
    }
    let home = a.company.home_city;
    let reads = caller.subject.roles.iter().any(|r| match r {
        Role::CompanyUser { company } => *company == a.company.id.0,
        Role::CityStaff { city, .. } | Role::Coordinator { city } => *city == home,
        _ => false,
    });
    (reads && released).then_some(Stage::Issued)
}

/// Gives the application's letter its 文書番号 and day (today), in the caller's transaction,
/// unless it has them: the call's lead city's next number of the fiscal year.
pub async fn issue(
    app: &App,
    tx: &Tx,
    city: &CityCode,
    id: ApplicationId,
    actor: &Actor,
) -> Result<LetterRecord> {
    app.store().issue_letter(tx, id, city, today(), actor).await
}

/// The number and day of a released application's letter: as given, or given now.
async fn issued(app: &App, caller: &Caller, a: &Application) -> Result<LetterRecord> {
    let store = app.store();
    if let Some(l) = store.letter_of(a.record.id).await? {
        return Ok(l);
    }
    let tx = store.begin().await?;
    match issue(app, &tx, &a.call.city_code, a.record.id, &caller.actor).await {
        Ok(l) => {
            tx.commit().await?;
            Ok(l)
        }
        // Someone printing it at the same moment gave it its number first.
        Err(StoreError::Conflict) => {
            drop(tx);
            store
                .letter_of(a.record.id)
                .await?
                .ok_or(StoreError::Conflict)
        }
        Err(e) => Err(e),
    }
}

/// The application's letter in `lang`, for a caller it is available to (else not found).
pub async fn letter(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    lang: Lang,
) -> std::result::Result<DecisionLetter, Denied> {
    debug_assert_eq!(a.action(), Action::Read);
    let (Some(stage), Some(verdict)) = (available(caller, a), verdict(a)) else {
        let what = format!("decision letter of application {}", a.record.id);
        return Err(app.absent(caller, Action::Read, what).await);
    };
    let store = app.store();
    let number = match stage {
        Stage::Issued => Some(issued(app, caller, a).await?),
        Stage::Draft => None,
    };
    let (settings, _) = settings(store, &a.call.city_code).await?;
    let contacts = store
        .company(a.company.id)
        .await?
        .map(|(_, c)| c)
        .unwrap_or_default();
    let cities: Vec<String> = a
        .call
        .cities
        .iter()
        .map(|c| store.city_name(&c.to_string()))
        .collect();
    let facts = Facts {
        a,
        verdict,
        settings: &settings,
        number: number.as_ref(),
        representative: representative(&contacts),
        cities: &cities,
    };
    Ok(compose(lang, &facts))
}

/// The company's representative as printed (`代表取締役　山田　太郎`), if a contact's role
/// names one.
fn representative(contacts: &[ContactRecord]) -> Option<String> {
    contacts
        .iter()
        .find(|c| c.role.contains("代表") || c.role.to_lowercase().contains("representative"))
        .map(|c| format!("{}　{}", c.role.trim(), c.name.trim()))
}

/// What a letter is composed from.
struct Facts<'a> {
    a: &'a Application,
    verdict: Verdict,
    settings: &'a LetterSettings,
    /// The number and day, once released.
    number: Option<&'a LetterRecord>,
    representative: Option<String>,
    /// The call's cities' names, the lead first.
    cities: &'a [String],
}

fn date_text(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Ja => renkei_domain::jdate::wareki(d),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

fn pick(lang: Lang, ja: String, en: String) -> String {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// The letter, every text in `lang` (the city's own words — issuer, 補助条件, 教示 — as it
/// wrote them).
fn compose(lang: Lang, f: &Facts<'_>) -> DecisionLetter {
    let a = f.a;
    let kind = a.call.kind;
    let grant = kind.grants_money() && f.verdict == Verdict::Award;
    let (number, date, draft) =
        match f.number {
            Some(l) => (
                l.number.clone(),
                date_text(lang, l.issued_on),
                String::new(),
            ),
            None => {
                let mark = match f.settings.number_mark.as_str() {
                    "" => "第",
                    m => m,
                };
                (
                format!("{mark}　　号"),
                pick(lang, "令和　年　月　日".into(), "(the day of release)".into()),
                pick(
                    lang,
                    "【案】結果の公表前の確認用（文書番号と日付は公表時に付きます）".into(),
                    "DRAFT — for checking before the release (the number and day are given then)"
                        .into(),
                ),
            )
            }
        };
    let mut addressee = vec![a.company.name.clone()];
    addressee.extend(f.representative.clone());
    let carries_appeal = letter::carries_appeal(kind);
    DecisionLetter {
        lang: lang.code(),
        number,
        date,
        addressee,
        honorific: pick(lang, "様".into(), String::new()),
        issuer: f.settings.issuer.clone(),
        draft,
        title: letter::title(kind, f.verdict).get(lang).to_owned(),
        body: body(lang, f),
        record: pick(lang, "記".into(), "Particulars".into()),
        end: pick(lang, "以上".into(), "End".into()),
        items: items(lang, f, grant),
        appeal_heading: match (carries_appeal, lang) {
            (false, _) => String::new(),
            (true, Lang::Ja) => "【教示】".into(),
            (true, Lang::En) => "Notice of the right to appeal (教示, as the city wrote it)".into(),
        },
        appeal: if carries_appeal {
            f.settings.appeal_paragraphs()
        } else {
            Vec::new()
        },
        footer: a
            .record
            .receipt_no
            .as_deref()
            .map(|n| pick(lang, format!("受付番号 {n}"), format!("Receipt number {n}")))
            .unwrap_or_default(),
    }
}

/// The body sentence: the application, the call and the decision.
fn body(lang: Lang, f: &Facts<'_>) -> String {
    let a = f.a;
    let title = &a.call.title;
    let submitted = a.record.submitted_at.map(japan_day);
    let reason = a
        .record
        .decision_reason
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    match lang {
        Lang::Ja => {
            let when = submitted
                .map(|d| format!("{}付けで", date_text(lang, d)))
                .unwrap_or_default();
            let decided = match (a.call.kind, f.verdict) {
                (Kind::Subsidy, Verdict::Award) => {
                    "下記のとおり補助金を交付することに決定したので通知します。".to_owned()
                }
                (Kind::Subsidy, Verdict::Decline) if reason => {
                    "下記の理由により補助金を交付しないことに決定したので通知します。".to_owned()
                }
                (Kind::Subsidy, Verdict::Decline) => {
                    "補助金を交付しないことに決定したので通知します。".to_owned()
                }
                (Kind::Award, Verdict::Award) => {
                    "表彰することに決定したので通知します。".to_owned()
                }
                (Kind::Certification, Verdict::Award) => {
                    "認定することに決定したので通知します。".to_owned()
                }
                (Kind::WideAreaAward, Verdict::Award) => format!(
                    "指定都市連携による広域表彰（{}）の対象とすることに決定したので通知します。",
                    f.cities.join("・")
                ),
                (_, Verdict::Decline) => "採択しないことに決定したので通知します。".to_owned(),
            };
            format!("　{when}申請のあった「{title}」について、審査の結果、{decided}")
        }
        Lang::En => {
            let when = submitted
                .map(|d| format!(" of {}", date_text(lang, d)))
                .unwrap_or_default();
            let decided = match (a.call.kind, f.verdict) {
                (Kind::Subsidy, Verdict::Award) => {
                    "to grant the subsidy as set out below".to_owned()
                }
                (Kind::Subsidy, Verdict::Decline) => "not to grant the subsidy".to_owned(),
                (Kind::Award, Verdict::Award) => "to give you the award".to_owned(),
                (Kind::Certification, Verdict::Award) => "to certify you".to_owned(),
                (Kind::WideAreaAward, Verdict::Award) => format!(
                    "to give you the designated cities' wide-area award ({})",
                    f.cities.join(", ")
                ),
                (_, Verdict::Decline) => "not to choose your application".to_owned(),
            };
            format!(
                "Regarding your application{when} to \"{title}\", we inform you that, after review, we have decided {decided}."
            )
        }
    }
}

/// The items of the 記.
fn items(lang: Lang, f: &Facts<'_>, grant: bool) -> Vec<LetterItem> {
    let a = f.a;
    let item = |ja: &str, en: &str, text: String| LetterItem {
        label: pick(lang, ja.to_owned(), en.to_owned()),
        text,
        lines: Vec::new(),
    };
    let mut out = vec![item("公募の名称", "Call", a.call.title.clone())];
    if let Some(n) = &a.record.receipt_no {
        out.push(item("受付番号", "Receipt number", n.clone()));
    }
    if a.call.kind.is_wide_area() {
        let sep = pick(lang, "・".into(), ", ".into());
        out.push(item(
            "審査した指定都市",
            "Judging cities",
            f.cities.join(&sep),
        ));
    }
    if grant {
        let yen = a.record.granted_yen.map(yen_text).unwrap_or_default();
        out.push(item(
            "交付決定額",
            "Amount granted",
            pick(lang, format!("金{yen}"), yen.clone()),
        ));
        let lines = f.settings.condition_lines();
        if !lines.is_empty() {
            out.push(LetterItem {
                lines,
                ..item("補助条件", "Conditions of the grant", String::new())
            });
        }
    }
    if let Some(r) = a.record.decision_reason.as_deref().map(str::trim)
        && !r.is_empty()
    {
        out.push(item("理由", "Reasons", r.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use renkei_domain::call::EligibilityDraft;
    use renkei_store::{ApplicationRecord, CallRecord, CompanyId, CompanyRecord};

    use super::*;

    fn chiba() -> CityCode {
        CityCode::parse("121002").unwrap()
    }

    fn application(kind: Kind, state: State, verdict: &str) -> Application {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 1, 0, 0).unwrap();
        let call = CallRecord {
            id: 1,
            city_code: chiba(),
            cities: vec![chiba(), CityCode::parse("431001").unwrap()],
            measure_code: "development.grants-loans".into(),
            title: "医療機器開発補助金".into(),
            description: String::new(),
            kind,
            phase: renkei_domain::call::Phase::Released,
            phase_since: None,
            opens_on: None,
            closes_on: None,
            budget_yen: None,
            max_amount_yen: None,
            reviewers_per_application: 2,
            blind: false,
            eligibility: EligibilityDraft::default().validate(&mut Vec::new()),
            fields: Vec::new(),
            rubric: None,
            version: 1,
            created_at: now,
        };
        let record = ApplicationRecord {
            id: ApplicationId(7),
            call_id: 1,
            company_id: CompanyId(3),
            product_id: None,
            state,
            state_since: now,
            answers: Default::default(),
            requested_yen: Some(1_500_000),
            receipt_no: Some("R8-0001-0001".into()),
            submitted_at: Some(now),
            prepared_by_id: None,
            prepared_by_label: String::new(),
            correction_reason: None,
            correction_due: None,
            verdict: Some(verdict.into()),
            decision_reason: Some("新規性が高い".into()),
            granted_yen: Some(1_500_000),
            report: None,
            report_dates: Default::default(),
            fixed_yen: None,
            version: 5,
            created_at: now,
            updated_at: now,
        };
        let company = CompanyRecord {
            id: CompanyId(3),
            home_city: chiba(),
            name: "株式会社サンプル医工".into(),
            name_kana: String::new(),
            name_key: String::new(),
            corporate_number: None,
            postal_code: None,
            address: String::new(),
            industry: String::new(),
            size: None,
            company_type: None,
            website: None,
            notes: String::new(),
            merged_into: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        Application {
            record,
            call,
            company,
        }
    }

    fn composed(lang: Lang, a: &Application, number: Option<&LetterRecord>) -> DecisionLetter {
        let settings = LetterSettings {
            number_mark: "千経産第".into(),
            ..LetterSettings::defaults("千葉市")
        };
        let cities = ["千葉市".to_owned(), "熊本市".to_owned()];
        let facts = Facts {
            a,
            verdict: verdict(a).unwrap(),
            settings: &settings,
            number,
            representative: Some("代表取締役　山田　太郎".into()),
            cities: &cities,
        };
        compose(lang, &facts)
    }

    fn issued() -> LetterRecord {
        LetterRecord {
            application_id: ApplicationId(7),
            fiscal_year: 2026,
            seq: 12,
            number: "千経産第12号".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        }
    }

    #[test]
    fn a_granted_subsidy_has_its_amount_conditions_and_appeal() {
        let a = application(Kind::Subsidy, State::Awarded, "award");
        let l = composed(Lang::Ja, &a, Some(&issued()));
        assert_eq!(l.title, "補助金交付決定通知書");
        assert_eq!(
            (l.number.as_str(), l.date.as_str()),
            ("千経産第12号", "令和8年12月3日")
        );
        assert_eq!(
            l.addressee,
            ["株式会社サンプル医工", "代表取締役　山田　太郎"]
        );
        assert!(
            l.body
                .contains("令和8年11月1日付けで申請のあった「医療機器開発補助金」")
        );
        let labels: Vec<&str> = l.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(
            labels,
            ["公募の名称", "受付番号", "交付決定額", "補助条件", "理由"]
        );
        assert_eq!(l.items[2].text, "金1,500,000円");
        assert_eq!(l.items[3].lines.len(), 6);
        assert_eq!(l.appeal_heading, "【教示】");
        assert!(l.appeal[0].contains("千葉市長に対して審査請求"));
        assert!(l.draft.is_empty());
    }

    #[test]
    fn awards_and_certifications_carry_no_appeal_and_a_wide_area_award_names_its_cities() {
        for (kind, verdict, title) in [
            (Kind::Award, "award", "表彰決定通知書"),
            (Kind::Certification, "award", "認定通知書"),
            (Kind::WideAreaAward, "award", "広域表彰決定通知書"),
            (Kind::Award, "decline", "審査結果通知書（不採択）"),
        ] {
            let state = if verdict == "award" {
                State::Awarded
            } else {
                State::NotAwarded
            };
            let l = composed(
                Lang::Ja,
                &application(kind, state, verdict),
                Some(&issued()),
            );
            assert_eq!(l.title, title);
            assert!(
                l.appeal_heading.is_empty() && l.appeal.is_empty(),
                "{title}"
            );
            assert!(l.items.iter().all(|i| i.label != "交付決定額"), "{title}");
            if kind == Kind::WideAreaAward {
                assert!(l.body.contains("千葉市・熊本市"), "{}", l.body);
            }
        }
    }

    #[test]
    fn a_refused_subsidy_has_the_appeal_and_the_office_sees_a_draft_before_release() {
        let a = application(Kind::Subsidy, State::NotAwarded, "decline");
        let l = composed(Lang::Ja, &a, Some(&issued()));
        assert_eq!(l.title, "補助金不交付決定通知書");
        assert!(l.body.contains("下記の理由により補助金を交付しない"));
        assert_eq!(l.appeal_heading, "【教示】");
        let a = application(Kind::Subsidy, State::Decided, "award");
        let l = composed(Lang::En, &a, None);
        assert_eq!(l.title, "Notice of a subsidy grant");
        assert!(l.draft.starts_with("DRAFT") && l.number == "千経産第　　号");
        assert!(l.body.contains("to grant the subsidy"));
    }

    #[test]
    fn the_letter_is_the_companys_once_released_and_the_offices_once_decided() {
        let caller = |roles: Vec<Role>| Caller {
            subject: renkei_domain::access::Subject {
                person: Some(9),
                roles,
            },
            actor: Actor::system("test"),
        };
        let company = caller(vec![Role::CompanyUser { company: 3 }]);
        let office = caller(vec![Role::CityStaff {
            city: chiba(),
            read_only: false,
        }]);
        let reviewer = caller(vec![Role::Reviewer { call: 1 }]);
        let decided = application(Kind::Subsidy, State::Decided, "award");
        let released = application(Kind::Subsidy, State::Settled, "award");
        let in_review = application(Kind::Subsidy, State::InReview, "award");
        assert_eq!(available(&company, &decided), None);
        assert_eq!(available(&company, &released), Some(Stage::Issued));
        assert_eq!(available(&office, &decided), Some(Stage::Draft));
        assert_eq!(available(&office, &released), Some(Stage::Issued));
        assert_eq!(available(&office, &in_review), None);
        assert_eq!(available(&reviewer, &released), None);
    }
}

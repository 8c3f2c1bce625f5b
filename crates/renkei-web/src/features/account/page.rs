//! The signed-in person's own page: who they are, their roles in words, and the pages they
//! may open from there.

use askama::Template;
use askama_web::WebTemplate;
use renkei_domain::Lang;
use renkei_domain::access::Role;

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::city_name;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A role in words, e.g. 「千葉市 職員（更新可）」.
pub(crate) fn role_text(state: &AppState, lang: Lang, role: &Role) -> String {
    match role {
        Role::PlatformAdmin => tr(lang, "プラットフォーム管理者", "Platform administrator").into(),
        Role::CityStaff { city, read_only } => format!(
            "{} {}",
            city_name(state, &city.to_string()),
            if *read_only {
                tr(lang, "職員（閲覧のみ）", "staff (read-only)")
            } else {
                tr(lang, "職員（更新可）", "staff")
            }
        ),
        Role::Coordinator { city } => format!(
            "{} {}",
            city_name(state, &city.to_string()),
            tr(lang, "コーディネーター", "coordinator")
        ),
        Role::CompanyUser { company } => {
            format!("{} #{company}", tr(lang, "企業ユーザー", "Company user"))
        }
        Role::TargetContact { organization } => format!(
            "{} #{organization}",
            tr(lang, "販路開拓先の担当者", "Sales-channel target contact")
        ),
        Role::CompanyManager { company } => format!(
            "{} #{company}",
            tr(
                lang,
                "企業の利用者の管理者",
                "Manager of the company's people"
            )
        ),
        Role::Reviewer { call } => format!("{} #{call}", tr(lang, "審査員", "Reviewer")),
    }
}

// ---------------------------------------------------------------------------------------
// My account

#[derive(Template, WebTemplate)]
#[template(path = "account/account.html")]
pub struct AccountPage {
    base: Base,
    name: String,
    email: String,
    roles: Vec<String>,
    csrf: String,
    /// Pages this person may open: (href, label).
    links: Vec<(String, String)>,
}

pub async fn account(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<AccountPage, AppError> {
    viewer.require_signed_in().await?;
    let Some(session) = &viewer.session else {
        return Err(AppError::SignInRequired);
    };
    let (_, unread) = state.store.notifications(session.user.id).await?;
    let mut links = vec![
        (
            "/notifications".to_owned(),
            format!(
                "{}（{} {unread}）",
                tr(lang, "お知らせ", "Notifications"),
                tr(lang, "未読", "unread")
            ),
        ),
        (
            crate::access::ENROL_PATH.to_owned(),
            tr(lang, "2段階認証", "Two-step verification").to_owned(),
        ),
    ];
    for role in &session.roles {
        match role {
            Role::PlatformAdmin => {
                links.push((
                    "/admin/users".into(),
                    tr(lang, "全アカウント", "All accounts").into(),
                ));
                links.push((
                    "/audit".into(),
                    tr(lang, "監査ログ（全体）", "Audit trail (all)").into(),
                ));
                links.push((
                    "/admin/outbox".into(),
                    tr(lang, "送信メール", "Outbox").into(),
                ));
                links.extend(dashboards(lang, None));
            }
            Role::CityStaff { city, .. } => {
                let name = city_name(&state, &city.to_string());
                links.extend(dashboards(lang, Some((city.to_string(), &name))));
                links.push((
                    format!("/cities/{city}/users"),
                    format!("{name} {}", tr(lang, "の職員アカウント", "staff accounts")),
                ));
                links.push((
                    format!("/cities/{city}/audit"),
                    format!("{name} {}", tr(lang, "の監査ログ", "audit trail")),
                ));
                links.push((
                    format!("/cities/{city}/grants"),
                    format!("{name} {}", tr(lang, "の共有（権限付与）", "grants")),
                ));
                links.push((
                    format!("/cities/{city}/registrations"),
                    format!(
                        "{name} {}",
                        tr(lang, "への企業登録の申込み", "registration requests")
                    ),
                ));
                links.push((
                    format!("/cities/{city}/events"),
                    format!("{name} {}", tr(lang, "の催し（主催・共催）", "events")),
                ));
                links.push((
                    format!("/cities/{city}/consultations"),
                    format!("{name} {}", tr(lang, "の相談窓口", "consultation desk")),
                ));
                links.push((
                    format!("/cities/{city}/voices"),
                    format!(
                        "{name} {}",
                        tr(lang, "の企業の声（段階別）", "company voices by stage")
                    ),
                ));
                links.push((
                    format!("/cities/{city}/rubric"),
                    format!(
                        "{name} {}",
                        tr(lang, "のアイデア検証評価の評価項目", "idea-review rubric")
                    ),
                ));
                links.push((
                    format!("/cities/{city}/referral-times"),
                    format!(
                        "{name} {}",
                        tr(lang, "の紹介の標準期間", "referral expected times")
                    ),
                ));
            }
            Role::TargetContact { .. } => {
                links.push((
                    "/introductions".into(),
                    tr(lang, "市からの製品紹介", "Introductions from the city").into(),
                ));
            }
            Role::CompanyUser { company } => {
                links.push((
                    "/referrals".into(),
                    tr(lang, "他都市への紹介", "Referrals to other cities").into(),
                ));
                links.push((
                    format!("/companies/{company}/consultations"),
                    tr(lang, "相談窓口への相談", "Ask the consultation desk").into(),
                ));
            }
            Role::Coordinator { city } => {
                links.push((
                    format!("/cities/{city}/consultations"),
                    format!(
                        "{} {}",
                        city_name(&state, &city.to_string()),
                        tr(lang, "の相談窓口", "consultation desk")
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(AccountPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "アカウント", "Account"),
            "account",
        ),
        name: session.user.display_name.clone(),
        email: session.user.email.to_string(),
        roles: session
            .roles
            .iter()
            .map(|r| role_text(&state, lang, r))
            .collect(),
        csrf: session.csrf_token.clone(),
        links,
    })
}

/// The dashboards a person reads from their page: their city's (staff), and the network's.
fn dashboards(lang: Lang, city: Option<(String, &str)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some((code, name)) = city {
        out.push((
            format!("/cities/{code}/dashboard"),
            format!("{name} {}", tr(lang, "のダッシュボード", "dashboard")),
        ));
    }
    let network = tr(
        lang,
        "ネットワーク全体のダッシュボード",
        "The network's dashboard",
    );
    out.push(("/network/dashboard".to_owned(), network.to_owned()));
    out
}

//! The demo's showcase: three pilot products shown to the other cities by their companies'
//! own people, through the same use case as the form — 熊本市's 褥瘡予防管理システム and
//! さいたま市's 注射トレーニング器 to every designated city's staff and coordinators, and
//! 広島市's 卓上型パーティション to anyone. 千葉市's stays its own city's record.

use anyhow::Context;
use renkei_app::App;
use renkei_app::showcase;
use renkei_domain::access::{Action, Role};
use renkei_domain::showcase::ShowcaseDraft;

use super::consultations::caller;
use super::{HIROSHIMA, KUMAMOTO, SAITAMA, pilot_company};

/// Each showcased pilot product: its city, the introduction, the channel kinds, to whom.
const SHOWN: &[(&str, &str, &[&str], &str)] = &[
    (
        KUMAMOTO,
        "病棟・介護施設の床擦れ（褥瘡）の予防と早期回復を、リスク評価・体位変換の記録・写真による経過管理で支援するシステム。熊本市内の病院で導入実績あり。",
        &["hospital", "care-facility", "nursing-school"],
        "network",
    ),
    (
        SAITAMA,
        "注射時の注入・吸引圧力を可視化し、看護学生・新人看護師の手技の習得を支援するトレーニング器。",
        &["nursing-school", "hospital", "university"],
        "network",
    ),
    (
        HIROSHIMA,
        "視覚的な刺激を遮り、発達障害のある子が作業や学習に集中できる環境をつくる卓上型パーティション。特別支援学校での利用を想定。",
        &["special-needs-school", "public-body"],
        "public",
    ),
];

/// Loads the showcase (after the demo's companies and accounts).
pub async fn load(store: &renkei_store::Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    for (city, summary, channels, audience) in SHOWN {
        let company = pilot_company(store, city).await?;
        let products = store.company_products(company.id).await?;
        let product = products.first().context("a pilot product per company")?;
        let address = format!("company.{city}@demo.renkei.example");
        let email = renkei_domain::identity::Email::parse(&address)
            .map_err(|m| anyhow::anyhow!("{}", m.en))?;
        let (user, _) = store
            .user_by_email(&email)
            .await?
            .context("the demo accounts are loaded first")?;
        let who = caller(
            Role::CompanyUser {
                company: company.id.0,
            },
            Some(user.id.0),
            &user.display_name,
        );
        let checked = app
            .product(&who, Action::Read, product.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo showcase: {e}"))?;
        let draft = ShowcaseDraft {
            summary: (*summary).into(),
            channels: channels.iter().map(|c| (*c).to_owned()).collect(),
            audience: (*audience).into(),
            agree: true,
        };
        showcase::publish(&app, &who, &checked, &company.name, &draft)
            .await?
            .map_err(|r| anyhow::anyhow!("demo showcase refused: {r:?}"))?;
    }
    Ok(())
}

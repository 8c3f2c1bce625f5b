//! A product showcased to every designated city (全指定都市へのショーケース): with its
//! company's consent, a product's profile (what it is, its evaluations and adoptions, the
//! channel kinds it wants) is shown to the staff and coordinators of every designated city
//! ([`Audience::Network`]) or to anyone ([`Audience::Public`]). Other cities browse and
//! search it and may ask the home city to refer the product to them, which starts a referral
//! at its first step (①) in the home city. Without the consent, a product stays its city's
//! record. The consent is the company's (its own people publish and withdraw), kept with its
//! wording and the wording's version; the referral's own consent (②) is still asked.

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::{coded_enum, invalid, required};
use crate::target::TargetKind;

/// The version of the wording below; kept with each showcased product.
pub const WORDING_VERSION: &str = "2026-12-v1";

/// What the showcase shows.
pub const ITEMS: &str = "企業名、所在する市、製品・サービスの名称と開発段階、分野、紹介文（この画面で入力する説明）、受けた評価（受賞・採択・認定等）、導入実績、希望する販路の種類";

/// The longest introduction.
pub const SUMMARY_MAX: usize = 300;

coded_enum!(
    /// Who a showcased product is shown to.
    Audience {
        Network = "network" / "全指定都市の職員・コーディネーター" / "Staff and coordinators of every designated city",
        Public = "public" / "一般公開（どなたでも）" / "Anyone (public)",
    }
);

/// The wording the company agrees to, as shown on the form and kept with the showcase.
pub fn wording(company: &str, product: &str, audience: Audience) -> String {
    let to = match audience {
        Audience::Network => "Renkeiを利用するすべての指定都市の職員とコーディネーター",
        Audience::Public => {
            "Renkeiの公開ページを閲覧するすべての人（指定都市の職員とコーディネーターを含む）"
        }
    };
    format!(
        "{company}は、「{product}」について、{to}に次の情報を表示することに同意します。表示する情報: {ITEMS}。利用目的: 他の指定都市が、自らの市の病院・学校・保険者等への紹介（都市間の販路開拓支援）を検討し、所在する市に紹介を依頼するため。担当者の連絡先その他の情報は、紹介ごとにあらためて同意を得てから提供されます。この同意は、公開をやめることでいつでも撤回できます。"
    )
}

/// A showcase as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShowcaseDraft {
    pub summary: String,
    /// The channel kinds' codes, as ticked.
    pub channels: Vec<String>,
    /// The audience's code.
    pub audience: String,
    /// The consent box.
    pub agree: bool,
}

/// A showcase, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Showcase {
    pub summary: String,
    pub channels: Vec<TargetKind>,
    pub audience: Audience,
}

impl ShowcaseDraft {
    /// The showcase, cleaned, or every problem, each at its field.
    pub fn validate(&self) -> Result<Showcase, Vec<FieldError>> {
        let mut errors = Vec::new();
        let summary = required(
            &mut errors,
            "summary",
            &self.summary,
            SUMMARY_MAX,
            (
                "紹介文を入力してください（何をする製品・サービスか、どのような場面で役立つか）。",
                "Enter an introduction: what the product does and where it helps.",
            ),
        );
        let mut channels = Vec::new();
        for code in &self.channels {
            match TargetKind::from_code(code) {
                Some(k) if !channels.contains(&k) => channels.push(k),
                Some(_) => {}
                None => {
                    invalid::<()>(
                        &mut errors,
                        "channels",
                        "販路の種類は一覧から選んでください。",
                        "Choose the channel kinds from the list.",
                    );
                }
            }
        }
        if self.channels.is_empty() {
            invalid::<()>(
                &mut errors,
                "channels",
                "希望する販路の種類を1つ以上選んでください。",
                "Choose at least one channel kind.",
            );
        }
        let audience = Audience::from_code(&self.audience);
        if audience.is_none() {
            invalid::<()>(
                &mut errors,
                "audience",
                "公開する範囲を選んでください。",
                "Choose who it is shown to.",
            );
        }
        if !self.agree {
            invalid::<()>(
                &mut errors,
                "agree",
                "公開には、表示する情報と利用目的への同意が必要です。同意する場合はチェックを入れてください。",
                "Tick the box to agree to what is shown and why.",
            );
        }
        match audience {
            Some(audience) if errors.is_empty() => Ok(Showcase {
                summary,
                channels,
                audience,
            }),
            _ => Err(errors),
        }
    }
}

/// Why another city asks for a product (kept as the referral's reason, after who asked).
pub const REASON_MAX: usize = 300;

/// The referral's reason for a request from `city`: who asked, then why.
pub fn request_reason(city: &str, why: &str) -> String {
    format!("{city}からの紹介依頼（ショーケース）: {why}")
}

/// What is wrong with the reason another city gives for its request.
pub fn check_request(why: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let why = required(
        &mut errors,
        "reason",
        why,
        REASON_MAX,
        (
            "紹介を希望する理由を入力してください（例：市内の病院で褥瘡対策の需要がある）。",
            "Enter why your city wants this product introduced.",
        ),
    );
    if errors.is_empty() {
        Ok(why)
    } else {
        Err(errors)
    }
}

/// How a request from another city is answered when it cannot be made: the product is its
/// own city's, or the caller's city has no staff who may write.
pub fn not_for(home: bool) -> Text {
    if home {
        Text::new(
            "自市の製品は、製品のページから他都市への紹介を選定してください。",
            "Your own city's products are referred from the product's page.",
        )
    } else {
        Text::new(
            "紹介の依頼は、指定都市の職員（編集権限のある方）が行えます。",
            "Only a designated city's staff who may write ask for a referral.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_showcase_needs_an_introduction_channels_an_audience_and_the_consent() {
        let errors = ShowcaseDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["summary", "channels", "audience", "agree"]);
        let ok = ShowcaseDraft {
            summary: " 褥瘡の予防管理 ".into(),
            channels: vec!["hospital".into(), "care-facility".into(), "hospital".into()],
            audience: "network".into(),
            agree: true,
        };
        let s = ok.validate().unwrap();
        assert_eq!(s.summary, "褥瘡の予防管理");
        assert_eq!(s.channels, [TargetKind::Hospital, TargetKind::CareFacility]);
        assert_eq!(s.audience, Audience::Network);
        let unknown = ShowcaseDraft {
            channels: vec!["moon".into()],
            ..ok.clone()
        };
        let errors = unknown.validate().unwrap_err();
        assert_eq!(errors[0].field, "channels");
        let long = ShowcaseDraft {
            summary: "あ".repeat(SUMMARY_MAX + 1),
            ..ok
        };
        assert_eq!(long.validate().unwrap_err()[0].field, "summary");
    }

    #[test]
    fn the_wording_names_the_company_the_product_and_the_audience() {
        let w = wording("ゼロシステム㈱", "褥瘡予防管理システム", Audience::Public);
        assert!(w.contains("ゼロシステム㈱") && w.contains("褥瘡予防管理システム"));
        assert!(w.contains("公開ページ") && w.contains(ITEMS));
        assert!(!wording("a", "b", Audience::Network).contains("公開ページ"));
    }

    #[test]
    fn a_request_says_who_asked_and_why() {
        assert_eq!(check_request("  ").unwrap_err()[0].field, "reason");
        let why = check_request(" 市内の病院で需要がある ").unwrap();
        assert_eq!(
            request_reason("千葉市", &why),
            "千葉市からの紹介依頼（ショーケース）: 市内の病院で需要がある"
        );
    }
}

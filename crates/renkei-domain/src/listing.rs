//! A company's listing as a possible partner for other cities (連携候補としての公開): with
//! its own consent, a company lets the staff and coordinators of every designated city see
//! its name, its city, its industry and what it offers when they look for partners for
//! another company (企業間連携の斡旋). Without it, a city's companies stay its own records:
//! Renkei suggests only what the caller may read. The consent is the company's (its own
//! people give and withdraw it), kept with its wording and the wording's version; contact
//! details and the rest still go to a candidate only with a consent per request.

use crate::FieldError;
use crate::kernel::{invalid, required};

/// The version of the wording below; kept with each listing.
pub const WORDING_VERSION: &str = "2026-12-v1";

/// What other cities are shown.
pub const ITEMS: &str = "企業名、所在する市、業種、連携できること（この画面で入力する説明）";

/// The longest description of what the company offers.
pub const OFFERS_MAX: usize = 300;

/// The wording the company agrees to, as shown on the form and kept with the listing.
pub fn wording(company: &str) -> String {
    format!(
        "{company}は、Renkeiを利用する指定都市の職員とコーディネーターが、他の企業の連携先（共同開発・製造・委託等）を探す際に、次の情報を表示することに同意します。表示する情報: {ITEMS}。利用目的: 他の指定都市の企業との連携の候補として打診を受けるため。連絡先その他の情報は、打診ごとにあらためて同意を得てから提供されます。この同意は、公開をやめることでいつでも撤回できます。"
    )
}

/// A listing as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingDraft {
    pub offers: String,
    /// The consent box.
    pub agree: bool,
}

impl ListingDraft {
    /// What the company offers, cleaned, or every problem.
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let offers = required(
            &mut errors,
            "offers",
            &self.offers,
            OFFERS_MAX,
            (
                "連携できることを入力してください（例：精密切削加工、医療機器の組立、組込みソフトウェア開発）。",
                "Enter what the company offers, e.g. precision machining.",
            ),
        );
        if !self.agree {
            invalid::<()>(
                &mut errors,
                "agree",
                "公開には、表示する情報と利用目的への同意が必要です。同意する場合はチェックを入れてください。",
                "Tick the box to agree to what is shown and why.",
            );
        }
        if errors.is_empty() {
            Ok(offers)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_needs_what_is_offered_and_the_consent() {
        let errors = ListingDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["offers", "agree"]);
        let ok = ListingDraft {
            offers: " 精密切削加工 ".into(),
            agree: true,
        };
        assert_eq!(ok.validate().unwrap(), "精密切削加工");
        let long = ListingDraft {
            offers: "あ".repeat(OFFERS_MAX + 1),
            agree: true,
        };
        assert!(long.validate().is_err());
        assert!(wording("株式会社テスト").contains(ITEMS));
    }
}

//! The sign-in page's buttons: one for every identity provider that is switched on
//! (「千葉市の職員IDでサインイン」), shared by the password sign-in and the provider's.

use renkei_app::oidc;
use renkei_domain::Lang;
use renkei_domain::oidc::Audience;

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::city_name;

/// A button of the sign-in page.
#[derive(Debug, Clone)]
pub struct ProviderButton {
    pub href: String,
    pub label: String,
}

/// The buttons of every identity provider that is switched on: 「千葉市の職員IDでサインイン」.
pub(crate) async fn buttons(state: &AppState, lang: Lang) -> Result<Vec<ProviderButton>, AppError> {
    Ok(oidc::offered(&state.app)
        .await?
        .into_iter()
        .map(|p| {
            let city = city_name(state, &p.city.to_string());
            let label = match (lang, p.audience) {
                (Lang::Ja, Audience::Staff) => format!("{city}の職員IDでサインイン"),
                (Lang::Ja, Audience::Companies) => {
                    format!("{city}の事業者ID (gBizID 等) でサインイン")
                }
                (Lang::En, Audience::Staff) => format!("Sign in with {city} staff ID"),
                (Lang::En, Audience::Companies) => {
                    format!("Sign in with a {city} business ID (gBizID etc.)")
                }
            };
            ProviderButton {
                href: format!("/sign-in/oidc/{}", p.id),
                label,
            }
        })
        .collect())
}

//! Sign-in through OpenID Connect: a city's identity providers and the one rule of who may
//! use them. A city configures one provider for its staff and, separately, one for the
//! people of its companies (the national business ID, gBizID, is OpenID-Connect-based);
//! what a configuration must be ([`ProviderInput::validate`]) and which account a provider
//! may sign in ([`may_sign_in`]) are decided here. Signing in never creates an account: it
//! only links to one that was invited or approved.

use crate::access::Role;
use crate::city::CityCode;
use crate::kernel::coded_enum;
use crate::{FieldError, Text};

coded_enum!(
    /// The people a provider signs in.
    Audience {
        Staff = "staff" / "職員" / "Staff",
        Companies = "companies" / "事業者" / "Company users",
    }
);

/// How long a sign-in started at a provider may take to come back.
pub const LOGIN_VALID: chrono::Duration = chrono::Duration::minutes(10);

/// The claim that holds the e-mail address when none is named.
pub const DEFAULT_EMAIL_CLAIM: &str = "email";
pub const ISSUER_MAX: usize = 300;
pub const CLIENT_ID_MAX: usize = 200;
pub const CLIENT_SECRET_MAX: usize = 500;
pub const CLAIM_MAX: usize = 100;

/// A provider's configuration as a city's officer typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderDraft {
    pub audience: Audience,
    /// The issuer: discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// The client's secret; `None` keeps the one stored (a form never shows it back), and an
    /// empty one makes a public client (PKCE only).
    pub client_secret: Option<String>,
    /// The claim of the ID token that holds the e-mail address.
    pub email_claim: String,
    pub enabled: bool,
}

/// What a configuration form holds, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderInput {
    pub audience: String,
    pub issuer: String,
    pub client_id: String,
    /// Empty: keep the stored secret (when changing) or none (when adding).
    pub client_secret: String,
    pub email_claim: String,
    pub enabled: bool,
}

impl ProviderInput {
    /// The draft, or every problem with it (each on its field, in both languages).
    pub fn validate(&self, changing: bool) -> Result<ProviderDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let audience = Audience::from_code(self.audience.trim());
        if audience.is_none() {
            errors.push(FieldError::new(
                "audience",
                "対象の利用者（職員または事業者）を選んでください。",
                "Choose whom the provider signs in (staff or company users).",
            ));
        }
        let issuer = self.issuer.trim().to_owned();
        if let Err(e) = check_issuer(&issuer) {
            errors.push(e);
        }
        let client_id = self.client_id.trim().to_owned();
        if client_id.is_empty() {
            errors.push(FieldError::new(
                "client_id",
                "クライアントIDを入力してください。",
                "Enter the client ID.",
            ));
        } else if client_id.chars().count() > CLIENT_ID_MAX || !printable(&client_id) {
            errors.push(FieldError::new(
                "client_id",
                "クライアントIDは空白を含まない200文字以内の英数字・記号で入力してください。",
                "The client ID must be at most 200 characters without spaces.",
            ));
        }
        let secret = self.client_secret.trim().to_owned();
        if secret.chars().count() > CLIENT_SECRET_MAX || !(secret.is_empty() || printable(&secret))
        {
            errors.push(FieldError::new(
                "client_secret",
                "クライアントシークレットは空白を含まない500文字以内で入力してください。",
                "The client secret must be at most 500 characters without spaces.",
            ));
        }
        let claim = match self.email_claim.trim() {
            "" => DEFAULT_EMAIL_CLAIM.to_owned(),
            c => c.to_owned(),
        };
        if claim.chars().count() > CLAIM_MAX || !printable(&claim) {
            errors.push(FieldError::new(
                "email_claim",
                "メールアドレスのクレーム名は空白を含まない100文字以内で入力してください（例: email）。",
                "The e-mail claim's name must be at most 100 characters without spaces, such as email.",
            ));
        }
        match audience {
            Some(audience) if errors.is_empty() => Ok(ProviderDraft {
                audience,
                issuer,
                client_id,
                client_secret: if changing && secret.is_empty() {
                    None
                } else {
                    Some(secret)
                },
                email_claim: claim,
                enabled: self.enabled,
            }),
            _ => Err(errors),
        }
    }
}

/// Printable ASCII without spaces: what identifiers, secrets and claim names are.
fn printable(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_graphic())
}

/// An issuer must be `https://`, or `http://` only on this machine (127.0.0.1, localhost,
/// ::1): a provider's tokens and secrets never cross a network in clear. No query, no
/// fragment, no user name or password in it.
pub fn check_issuer(issuer: &str) -> Result<(), FieldError> {
    let wrong = || {
        FieldError::new(
            "issuer",
            "発行者（Issuer）は https:// で始まるURLで入力してください（例: https://id.city.example.lg.jp）。http:// は 127.0.0.1 と localhost に限ります。",
            "Enter the issuer as an https:// URL, such as https://id.city.example.lg.jp; http:// only for 127.0.0.1 and localhost.",
        )
    };
    if issuer.is_empty() {
        return Err(FieldError::new(
            "issuer",
            "発行者（Issuer）のURLを入力してください。",
            "Enter the issuer's URL.",
        ));
    }
    if issuer.chars().count() > ISSUER_MAX {
        return Err(FieldError::new(
            "issuer",
            "発行者（Issuer）のURLは300文字以内で入力してください。",
            "Keep the issuer's URL within 300 characters.",
        ));
    }
    let url = url::Url::parse(issuer).map_err(|_| wrong())?;
    let local = matches!(
        url.host(),
        Some(url::Host::Domain("localhost"))
            | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
            | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
    );
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && local);
    let clean = url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.host().is_some()
        && !issuer.contains(char::is_whitespace);
    if scheme_ok && clean {
        Ok(())
    } else {
        Err(wrong())
    }
}

/// Why a provider may not sign an account in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAllowed {
    /// The account was deactivated.
    Inactive,
    /// The account holds no role of the people this provider is for.
    NotItsPeople,
}

/// Whether the provider of `city` for `audience` may sign in an account that is `active`
/// and holds `roles`. A staff provider signs in the city's staff (full or read-only) and its
/// coordinators; a company provider, the people of companies whose home city is the city
/// (`company_cities`: the home city of each company the roles name). Nobody else, platform
/// administrators included: they sign in with their password.
pub fn may_sign_in(
    audience: Audience,
    city: &CityCode,
    active: bool,
    roles: &[Role],
    company_cities: &[(i64, CityCode)],
) -> Result<(), NotAllowed> {
    if !active {
        return Err(NotAllowed::Inactive);
    }
    let home = |company: &i64| {
        company_cities
            .iter()
            .find(|(id, _)| id == company)
            .map(|(_, c)| c)
    };
    let its_people = roles.iter().any(|r| match (audience, r) {
        (Audience::Staff, Role::CityStaff { city: c, .. } | Role::Coordinator { city: c }) => {
            c == city
        }
        (Audience::Companies, Role::CompanyUser { company }) => home(company) == Some(city),
        _ => false,
    });
    if its_people {
        Ok(())
    } else {
        Err(NotAllowed::NotItsPeople)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    fn input(issuer: &str) -> ProviderInput {
        ProviderInput {
            audience: "staff".into(),
            issuer: issuer.into(),
            client_id: "renkei".into(),
            client_secret: "s3cret".into(),
            email_claim: String::new(),
            enabled: true,
        }
    }

    #[test]
    fn an_issuer_is_https_or_plain_http_on_this_machine_only() {
        for ok in [
            "https://id.city.chiba.example.lg.jp",
            "https://login.example.com/realms/chiba",
            "http://127.0.0.1:8080",
            "http://localhost:3000/oidc",
            "http://[::1]:9000",
        ] {
            assert_eq!(check_issuer(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "id.example.com",
            "http://id.example.com",
            "http://10.0.0.1",
            "ftp://id.example.com",
            "https://id.example.com?x=1",
            "https://id.example.com#top",
            "https://user:pw@id.example.com",
            "javascript:alert(1)",
        ] {
            let e = check_issuer(bad).unwrap_err();
            assert_eq!(e.field, "issuer", "{bad}");
        }
    }

    #[test]
    fn a_draft_names_every_wrong_field_in_both_languages() {
        let bad = ProviderInput {
            audience: "emperors".into(),
            issuer: "http://id.example.com".into(),
            client_id: " ".into(),
            client_secret: "has space".into(),
            email_claim: "e mail".into(),
            enabled: true,
        };
        let errors = bad.validate(false).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "audience",
                "issuer",
                "client_id",
                "client_secret",
                "email_claim"
            ]
        );
        for e in &errors {
            assert!(!e.message.ja.is_empty() && !e.message.en.is_empty());
        }
    }

    #[test]
    fn the_claim_defaults_to_email_and_an_empty_secret_keeps_the_stored_one_when_changing() {
        let mut i = input(" https://id.example.com ");
        let d = i.validate(false).unwrap();
        assert_eq!(d.issuer, "https://id.example.com");
        assert_eq!(d.email_claim, "email");
        assert_eq!(d.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(d.audience, Audience::Staff);
        i.client_secret.clear();
        assert_eq!(i.validate(true).unwrap().client_secret, None);
        assert_eq!(
            i.validate(false).unwrap().client_secret.as_deref(),
            Some("")
        );
        i.email_claim = "https://example.com/claims/mail".into();
        assert_eq!(
            i.validate(true).unwrap().email_claim,
            "https://example.com/claims/mail"
        );
    }

    #[test]
    fn a_provider_signs_in_only_the_people_it_is_for() {
        use Audience::*;
        let (chiba, osaka) = (city("121002"), city("271004"));
        let staff = |c, read_only| Role::CityStaff { city: c, read_only };
        let companies = [(7, chiba), (8, osaka)];
        let check = |a, roles: &[Role]| may_sign_in(a, &chiba, true, roles, &companies);
        // Staff: the city's staff (full or read-only) and coordinators.
        assert_eq!(check(Staff, &[staff(chiba, false)]), Ok(()));
        assert_eq!(check(Staff, &[staff(chiba, true)]), Ok(()));
        assert_eq!(check(Staff, &[Role::Coordinator { city: chiba }]), Ok(()));
        // Not another city's staff, a company's people, an administrator or a target.
        for roles in [
            vec![staff(osaka, false)],
            vec![Role::Coordinator { city: osaka }],
            vec![Role::CompanyUser { company: 7 }],
            vec![Role::PlatformAdmin],
            vec![Role::TargetContact { organization: 7 }],
            vec![],
        ] {
            assert_eq!(
                check(Staff, &roles),
                Err(NotAllowed::NotItsPeople),
                "{roles:?}"
            );
        }
        // Companies: people of a company whose home city is the city, nobody else.
        assert_eq!(
            check(Companies, &[Role::CompanyUser { company: 7 }]),
            Ok(())
        );
        for roles in [
            vec![Role::CompanyUser { company: 8 }],
            vec![Role::CompanyUser { company: 9 }],
            vec![staff(chiba, false)],
            vec![Role::PlatformAdmin],
        ] {
            assert_eq!(
                check(Companies, &roles),
                Err(NotAllowed::NotItsPeople),
                "{roles:?}"
            );
        }
        // A deactivated account, whatever it holds.
        assert_eq!(
            may_sign_in(Staff, &chiba, false, &[staff(chiba, false)], &[]),
            Err(NotAllowed::Inactive)
        );
    }

    #[test]
    fn audiences_have_stable_codes_and_names() {
        assert_eq!(Audience::from_code("staff"), Some(Audience::Staff));
        assert_eq!(Audience::from_code("companies"), Some(Audience::Companies));
        assert_eq!(Audience::ALL.len(), 2);
    }
}

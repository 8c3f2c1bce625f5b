//! The public form: a company asks a designated city to register it, without an account. The
//! form carries a CSRF token checked against a cookie (double submit, as the sign-in form);
//! a client address may send a few requests an hour. A valid request ends on the thank-you
//! page (303); a wrong one comes back with each error linked to its field (422).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::registrations::{self, Submitted};
use renkei_domain::city::DESIGNATED_CITIES;
use renkei_domain::company::{CompanyDraft, CompanySize};
use renkei_domain::registration::RegistrationDraft;
use renkei_domain::{FieldError, Lang, Text};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, FormInput};
use crate::lang::UiLang;
use crate::shared::cookies::{form_token_ok, issue_form_token};
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, TextInput, coded_choices};
use crate::shared::layout::{Base, tr};

const STALE: Text = Text::new(
    "画面の有効期限が切れました。もう一度送信してください。",
    "This form has expired. Please send it again.",
);
const TOO_MANY: Text = Text::new(
    "この端末からの申込みが多すぎます。1時間ほどおいてからお試しください。",
    "Too many requests from this device. Try again in an hour.",
);

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    csrf: String,
    city: String,
    name: String,
    name_kana: String,
    corporate_number: String,
    postal_code: String,
    address: String,
    industry: String,
    size: String,
    website: String,
    applicant_name: String,
    applicant_email: String,
    department: String,
    note: String,
}

impl RegisterForm {
    fn draft(&self) -> RegistrationDraft {
        RegistrationDraft {
            company: CompanyDraft {
                name: self.name.clone(),
                name_kana: self.name_kana.clone(),
                corporate_number: self.corporate_number.clone(),
                postal_code: self.postal_code.clone(),
                address: self.address.clone(),
                industry: self.industry.clone(),
                size: self.size.clone(),
                website: self.website.clone(),
                ..Default::default()
            },
            applicant_name: self.applicant_name.clone(),
            applicant_email: self.applicant_email.clone(),
            department: self.department.clone(),
            city: self.city.clone(),
            note: self.note.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/register.html")]
pub struct RegisterPage {
    base: Base,
    csrf: String,
    cities: Vec<Choice>,
    sizes: Vec<Choice>,
    company: Vec<TextInput>,
    applicant: Vec<TextInput>,
    note: String,
    errors: Errors,
}

#[allow(clippy::too_many_arguments)]
fn input(
    lang: Lang,
    name: &'static str,
    label: (&'static str, &'static str),
    hint: (&'static str, &'static str),
    required: bool,
    kind: &'static str,
    value: &str,
) -> TextInput {
    TextInput {
        name,
        label: tr(lang, label.0, label.1),
        hint: tr(lang, hint.0, hint.1),
        required,
        value: value.chars().take(2_000).collect(),
        kind,
    }
}

fn page(state: &AppState, lang: Lang, uri: &Uri, f: &RegisterForm, csrf: String) -> RegisterPage {
    let cities = DESIGNATED_CITIES
        .iter()
        .map(|code| Choice {
            value: (*code).to_owned(),
            label: city_name(state, code),
            selected: f.city == *code,
        })
        .collect();
    let sizes = coded_choices(
        &CompanySize::ALL,
        CompanySize::code,
        CompanySize::name,
        lang,
        &f.size,
    );
    let company = vec![
        input(
            lang,
            "name",
            ("企業名", "Company name"),
            ("例：株式会社〇〇", "e.g. 株式会社〇〇"),
            true,
            "text",
            &f.name,
        ),
        input(
            lang,
            "name_kana",
            ("フリガナ", "Reading (katakana)"),
            (
                "カタカナ（ひらがなで入力しても構いません）",
                "In katakana or hiragana",
            ),
            false,
            "text",
            &f.name_kana,
        ),
        input(
            lang,
            "corporate_number",
            ("法人番号", "Corporate number"),
            (
                "13桁。法人番号がない場合は空欄",
                "13 digits; leave empty if there is none",
            ),
            false,
            "text",
            &f.corporate_number,
        ),
        input(
            lang,
            "postal_code",
            ("郵便番号", "Postal code"),
            ("例：260-8722", "e.g. 260-8722"),
            false,
            "text",
            &f.postal_code,
        ),
        input(
            lang,
            "address",
            ("所在地", "Address"),
            ("", ""),
            false,
            "text",
            &f.address,
        ),
        input(
            lang,
            "industry",
            ("業種", "Industry"),
            ("例：医療機器製造", "e.g. medical-device manufacturing"),
            false,
            "text",
            &f.industry,
        ),
        input(
            lang,
            "website",
            ("ウェブサイト", "Website"),
            ("https:// で始まるURL", "A URL starting with https://"),
            false,
            "url",
            &f.website,
        ),
    ];
    let applicant = vec![
        input(
            lang,
            "applicant_name",
            ("氏名", "Your name"),
            ("", ""),
            true,
            "text",
            &f.applicant_name,
        ),
        input(
            lang,
            "applicant_email",
            ("メールアドレス", "E-mail address"),
            (
                "結果とアカウントの案内をこのアドレスにお送りします",
                "The city's answer and your account's link are sent here",
            ),
            true,
            "email",
            &f.applicant_email,
        ),
        input(
            lang,
            "department",
            ("部署・役職", "Department"),
            ("", ""),
            false,
            "text",
            &f.department,
        ),
    ];
    RegisterPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(
                lang,
                "企業として利用を申し込む",
                "Ask to register your company",
            ),
            "sign-in",
        ),
        csrf,
        cities,
        sizes,
        company,
        applicant,
        note: f.note.chars().take(2_000).collect(),
        errors: Errors::default(),
    }
}

pub async fn form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
) -> Result<Response, AppError> {
    let (csrf, cookie) = issue_form_token(&state).await?;
    let page = page(&state, lang, &uri, &RegisterForm::default(), csrf);
    Ok(([(SET_COOKIE, cookie)], page).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
    Caller(caller): Caller,
    FormInput(form): FormInput<RegisterForm>,
) -> Result<Response, AppError> {
    let token_ok = form_token_ok(&state, &headers, &form.csrf).await?;
    let (csrf, cookie) = issue_form_token(&state).await?;
    let again = |status: StatusCode, errors: Vec<FieldError>| {
        let mut p = page(&state, lang, &uri, &form, csrf);
        p.errors = Errors::of(lang, &errors);
        (status, [(SET_COOKIE, cookie)], p).into_response()
    };
    if !token_ok {
        let e = FieldError {
            field: "csrf",
            message: STALE,
        };
        return Ok(again(StatusCode::FORBIDDEN, vec![e]));
    }
    let request = match form.draft().validate() {
        Ok(r) => r,
        Err(errors) => return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, errors)),
    };
    match registrations::submit(&state.app, &request, &caller).await? {
        Submitted::Done(_) => {
            state.mail_queued();
            Ok(Redirect::to("/register-company/thanks").into_response())
        }
        Submitted::TooMany => {
            let e = FieldError {
                field: "csrf",
                message: TOO_MANY,
            };
            Ok(again(StatusCode::TOO_MANY_REQUESTS, vec![e]))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/thanks.html")]
pub struct ThanksPage {
    base: Base,
}

pub async fn thanks(UiLang(lang): UiLang, uri: Uri) -> ThanksPage {
    ThanksPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "お申込みを受け付けました", "Request received"),
            "sign-in",
        ),
    }
}

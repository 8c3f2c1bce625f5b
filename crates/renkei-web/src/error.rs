//! One error type for the web layer. The API answers every error with the same JSON envelope
//! (`{"errors":[{"status","code","detail","field"}]}`); pages answer with an error page.
//! Internal details are logged, never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renkei_domain::FieldError;
use renkei_domain::{Lang, Text};
use renkei_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    MethodNotAllowed,
    /// The input is wrong; every problem is listed, field by field.
    Validation(Vec<FieldError>),
    /// Someone else changed the record first.
    Conflict,
    BadRequest {
        field: Option<&'static str>,
        message: Text,
    },
    /// The request could not be read (bad JSON, a query parameter of the wrong type …).
    Malformed(String),
    /// The caller must sign in first (pages send them to the sign-in page).
    SignInRequired,
    /// Signed in, and not allowed to do this.
    Forbidden,
    /// Signed in as staff of a city that requires a second factor, without one: pages send
    /// them to enrol first.
    SecondFactorDue,
    /// A state-changing request without the session's CSRF token.
    CsrfMismatch,
    /// A one-time link that can no longer be used (expired, used, unknown), with why.
    Gone(Text),
    /// A referral step the workflow refuses (not this party's: 403; not now: 409), with why.
    Refused(renkei_domain::referral::Refusal),
    /// A step of another workflow refused, with why: 403 when it is not the caller's step,
    /// 409 otherwise ([`AppError::step_refused`]).
    StepRefused {
        not_yours: bool,
        message: Text,
    },
    Internal(anyhow::Error),
}

impl AppError {
    /// A workflow's refusal of a step, with its words.
    pub fn step_refused<W: renkei_domain::workflow::Workflow>(
        r: renkei_domain::workflow::Refusal<W::State>,
    ) -> AppError {
        AppError::StepRefused {
            not_yours: r == renkei_domain::workflow::Refusal::NotYours,
            message: W::refusal_message(&r),
        }
    }
}

impl From<renkei_app::access::Denied> for AppError {
    fn from(e: renkei_app::access::Denied) -> Self {
        use renkei_app::access::Denied;
        match e {
            Denied::NotFound => AppError::NotFound,
            Denied::Forbidden => AppError::Forbidden,
            Denied::SignInRequired => AppError::SignInRequired,
            Denied::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict,
            StoreError::WorkflowGrant => AppError::BadRequest {
                field: None,
                message: Text::new(
                    "紹介の共有は、紹介のページで「取り下げ」を行うと終わります。この画面では取り消せません。",
                    "A referral's grant ends when the referral is withdrawn on its page; it cannot be revoked here.",
                ),
            },
            StoreError::Duplicate(field) => AppError::Validation(vec![FieldError {
                field,
                message: Text::new("すでに使われています。", "Already in use."),
            }]),
            other => AppError::Internal(other.into()),
        }
    }
}

const NOT_FOUND: Text = Text::new(
    "お探しのページまたはデータは見つかりませんでした。",
    "The page or record you asked for was not found.",
);
const METHOD_NOT_ALLOWED: Text = Text::new(
    "この操作はこのアドレスでは使えません。",
    "This method is not allowed here.",
);
const CONFLICT: Text = Text::new(
    "ほかの人が先にこのデータを更新しました。最新の内容を確認してから、もう一度操作してください。",
    "Someone else changed this record first. Check the latest version and try again.",
);
const INTERNAL: Text = Text::new(
    "システムエラーが発生しました。時間をおいてもう一度お試しください。解決しない場合は管理者にお問い合わせください。",
    "Something went wrong on our side. Please try again later, or contact the administrator.",
);
const MALFORMED: Text = Text::new(
    "リクエストの形式が正しくありません。",
    "The request is malformed.",
);
pub const VALIDATION: Text = Text::new(
    "入力内容に誤りがあります。各項目のメッセージを確認してください。",
    "Some input is not valid. See the message on each field.",
);

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::BadRequest { .. } | AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfMismatch | AppError::SecondFactorDue => {
                StatusCode::FORBIDDEN
            }
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Refused(renkei_domain::referral::Refusal::NotYours) => StatusCode::FORBIDDEN,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::StepRefused {
                not_yours: true, ..
            } => StatusCode::FORBIDDEN,
            AppError::StepRefused { .. } => StatusCode::CONFLICT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Validation(_) => "validation",
            AppError::Conflict => "conflict",
            AppError::BadRequest { .. } | AppError::Malformed(_) => "bad_request",
            AppError::SignInRequired => "sign_in_required",
            AppError::Forbidden => "forbidden",
            AppError::SecondFactorDue => "second_factor_required",
            AppError::CsrfMismatch => "csrf",
            AppError::Gone(_) => "gone",
            AppError::Refused(renkei_domain::referral::Refusal::NotYours) => "forbidden",
            AppError::Refused(_) => "conflict",
            AppError::StepRefused {
                not_yours: true, ..
            } => "forbidden",
            AppError::StepRefused { .. } => "conflict",
            AppError::Internal(_) => "internal",
        }
    }

    /// The headline message for the person.
    pub fn message(&self) -> Text {
        match self {
            AppError::NotFound => NOT_FOUND,
            AppError::MethodNotAllowed => METHOD_NOT_ALLOWED,
            AppError::Validation(_) => VALIDATION,
            AppError::Conflict => CONFLICT,
            AppError::BadRequest { message, .. } => *message,
            AppError::Malformed(_) => MALFORMED,
            AppError::SignInRequired => {
                Text::new("この操作にはサインインが必要です。", "Sign in to do this.")
            }
            AppError::Forbidden => Text::new(
                "この操作を行う権限がありません。",
                "You are not allowed to do this.",
            ),
            AppError::SecondFactorDue => Text::new(
                "この市では職員に2段階認証が必要です。先にアカウントのページで設定してください。",
                "This city requires its staff to use two-step verification: set it up on your account page first.",
            ),
            AppError::CsrfMismatch => Text::new(
                "画面の有効期限が切れたか、正しくない送信です。画面を開き直してからもう一度操作してください。",
                "This form has expired or was not sent from Renkei. Open the page again and retry.",
            ),
            AppError::Gone(why) => *why,
            AppError::Refused(r) => {
                use renkei_domain::workflow::Workflow;
                renkei_domain::referral::Referral::refusal_message(r)
            }
            AppError::StepRefused { message, .. } => *message,
            AppError::Internal(_) => INTERNAL,
        }
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
    }
}

/// The error envelope of the JSON API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub errors: Vec<ErrorItem>,
}

/// One error: what is wrong and, for input errors, where.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorItem {
    /// The HTTP status, as a string.
    #[schema(example = "422")]
    pub status: String,
    /// A stable machine-readable code: `not_found`, `validation`, `conflict`, `bad_request`,
    /// `method_not_allowed`, `sign_in_required`, `forbidden`, `csrf` or `internal`.
    #[schema(example = "validation")]
    pub code: String,
    /// What is wrong, for a person, in the request's language (`Accept-Language`; Japanese by default).
    #[schema(example = "名称を入力してください。")]
    pub detail: String,
    /// The input field the error is about, if any.
    #[schema(example = "name")]
    pub field: Option<String>,
}

impl IntoResponse for AppError {
    /// Answers with the status only and carries the error along: `routes::render_errors`
    /// renders it as the API's JSON envelope or as an error page, in the request's language,
    /// so handlers never need to know the language to fail.
    fn into_response(self) -> Response {
        self.log();
        let mut response = self.status().into_response();
        response.extensions_mut().insert(std::sync::Arc::new(self));
        response
    }
}

/// The details of an error, one line per problem, in `lang`.
pub fn details(error: &AppError, lang: Lang) -> Vec<(Option<&'static str>, String)> {
    match error {
        AppError::Validation(fields) => fields
            .iter()
            .map(|f| (Some(f.field), f.message.get(lang).to_owned()))
            .collect(),
        AppError::BadRequest { field, message } => vec![(*field, message.get(lang).to_owned())],
        AppError::Malformed(why) => vec![(None, format!("{} ({why})", MALFORMED.get(lang)))],
        other => vec![(None, other.message().get(lang).to_owned())],
    }
}

/// Renders the JSON envelope for an error.
pub fn api_error_response(error: &AppError, lang: Lang) -> Response {
    let status = error.status();
    let errors = details(error, lang)
        .into_iter()
        .map(|(field, detail)| ErrorItem {
            status: status.as_u16().to_string(),
            code: error.code().to_owned(),
            detail,
            field: field.map(str::to_owned),
        })
        .collect();
    (status, Json(ErrorEnvelope { errors })).into_response()
}

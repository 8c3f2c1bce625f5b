//! Extractors whose rejections become an [`AppError`], so that a malformed query, form or JSON
//! body is answered like every other error: the JSON envelope under `/api/`, the error page
//! elsewhere. The reason axum gives is kept, in English, after the localized message.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use renkei_store::Actor;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `Query<T>` that fails with a `bad_request` error.
pub struct QueryInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryInput<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| QueryInput(q.0))
            .map_err(|e: QueryRejection| AppError::Malformed(e.body_text()))
    }
}

/// `Json<T>` that fails with a `bad_request` error saying what is wrong with the body.
pub struct JsonInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonInput<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|j| JsonInput(j.0))
            .map_err(|e: JsonRejection| AppError::Malformed(e.body_text()))
    }
}

/// `Form<T>` that fails with a `bad_request` error.
pub struct FormInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormInput<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| FormInput(f.0))
            .map_err(|e: FormRejection| AppError::Malformed(e.body_text()))
    }
}

/// Who is acting and from where, for the audit trail: the peer address of the connection and
/// the request id. Until accounts exist every caller is anonymous.
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let request_id = parts
            .extensions
            .get::<crate::middleware::RequestId>()
            .map(|r| r.0.clone());
        Ok(Caller(Actor::anonymous(address, request_id)))
    }
}

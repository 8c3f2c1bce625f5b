//! Extractors whose rejections become an [`AppError`], so that a malformed query, form or JSON
//! body is answered like every other error: the JSON envelope under `/api/`, the error page
//! elsewhere. The reason axum gives is kept, in English, after the localized message.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use std::net::{IpAddr, SocketAddr};

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

/// The reverse proxies whose `X-Forwarded-For` is believed (see `Config::trusted_proxies`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub std::sync::Arc<Vec<IpAddr>>);

/// The client's address: the connection's peer, unless the peer is a trusted proxy; then the
/// nearest address of `X-Forwarded-For` that is not a trusted proxy (each proxy appends the
/// address it received from, so only the part added by trusted proxies can be believed).
pub fn client_address(peer: IpAddr, forwarded: &[&str], trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// Who is acting and from where, for the audit trail and throttling: the client's address
/// (see [`client_address`]) and the request id, as an anonymous actor (the `Viewer` names the
/// account).
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let trusted = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default();
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| client_address(c.0.ip(), &forwarded, &trusted.0).to_string());
        let request_id = parts
            .extensions
            .get::<crate::middleware::RequestId>()
            .map(|r| r.0.clone());
        Ok(Caller(Actor::anonymous(address, request_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = [ip("10.0.0.5")];
        // A direct client's header is ignored: it could say anything.
        assert_eq!(
            client_address(ip("203.0.113.9"), &["198.51.100.1"], &proxy),
            ip("203.0.113.9")
        );
        // Through the proxy: the address the proxy saw, not what the client put before it.
        assert_eq!(
            client_address(ip("10.0.0.5"), &["198.51.100.1, 203.0.113.9"], &proxy),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_address(ip("10.0.0.5"), &["203.0.113.9", "10.0.0.5"], &proxy),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_address(ip("10.0.0.5"), &["junk"], &proxy),
            ip("10.0.0.5")
        );
    }
}

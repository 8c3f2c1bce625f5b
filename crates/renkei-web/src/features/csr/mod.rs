//! The CSR challenge certification (CSRチャレンジ企業認証) any city may run, and giving back
//! (地域貢献): a city's scheme with its versioned checklist, import and export (`scheme`); a
//! company's self-assessment, application and certification with its downloads
//! (`certification`) and its evidence files (`evidence`); the public registry and its open data (`registry`); the certified
//! community, its matching requests and the contributions of supported companies
//! (`community`). The rules are `renkei_app::csr`.

mod certification;
mod community;
mod evidence;
pub(crate) mod registry;
mod scheme;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The certification's operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(registry::api_registry))
}

/// The certification's pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    let t = t
        .add("/cities/{city}/csr", GET, Public, get(scheme::page))
        .add(
            "/cities/{city}/csr/checklist.xlsx",
            GET,
            Public,
            get(scheme::export),
        )
        .add(
            "/cities/{city}/csr/checklist",
            POST,
            CsrScheme,
            post(scheme::import),
        )
        .add(
            "/cities/{city}/csr/thresholds",
            POST,
            CsrScheme,
            post(scheme::thresholds),
        )
        .add(
            "/cities/{city}/csr/certifications",
            POST,
            CsrStart,
            post(scheme::start),
        )
        .add(
            "/cities/{city}/csr/registry",
            GET,
            Public,
            get(registry::of_city),
        )
        .add("/csr/registry", GET, Public, get(registry::all))
        .add("/csr/registry.csv", GET, Public, get(registry::csv))
        .add("/csr/registry.json", GET, Public, get(registry::json));
    certifications(t)
        .add(
            "/csr/community",
            GET,
            CsrCommunity(Action::Read),
            get(community::page),
        )
        .add(
            "/csr/matching",
            POST,
            CsrCommunity(Action::Write),
            post(community::ask),
        )
        .add(
            "/csr/matching/{id}/move",
            POST,
            CsrMatching,
            post(community::step_matching),
        )
        .add(
            "/companies/{id}/contributions",
            GET,
            Company(Action::Read),
            get(community::contributions),
        )
        .add(
            "/companies/{id}/contributions",
            POST,
            CsrStart,
            post(community::propose),
        )
        .add(
            "/csr/contributions/{id}/move",
            POST,
            CsrContribution(Action::Write),
            post(community::step_contribution),
        )
}

fn certifications(t: Table) -> Table {
    use certification as c;
    let read = CsrCertification(Action::Read);
    let write = CsrCertification(Action::Write);
    t.add("/csr/certifications", GET, SignedIn, get(c::list))
        .add("/csr/certifications/{id}", GET, read, get(c::show))
        .add(
            "/csr/certifications/{id}/answers",
            POST,
            write,
            post(c::answers),
        )
        .add("/csr/certifications/{id}/move", POST, write, post(c::step))
        .add(
            "/csr/certifications/{id}/renew",
            POST,
            write,
            post(c::renew),
        )
        .add(
            "/csr/certifications/{id}/evidence",
            POST,
            write,
            post(evidence::upload).layer(evidence::body_limit()),
        )
        .add(
            "/csr/certifications/{id}/evidence/{file}",
            GET,
            read,
            get(evidence::download),
        )
        .add(
            "/csr/certifications/{id}/evidence/{file}/delete",
            POST,
            write,
            post(evidence::remove),
        )
        .add(
            "/csr/certifications/{id}/answers.xlsx",
            GET,
            read,
            get(c::answers_xlsx),
        )
        .add(
            "/csr/certifications/{id}/answers.pdf",
            GET,
            read,
            get(c::answers_pdf),
        )
        .add(
            "/csr/certifications/{id}/certificate.pdf",
            GET,
            read,
            get(c::certificate),
        )
}

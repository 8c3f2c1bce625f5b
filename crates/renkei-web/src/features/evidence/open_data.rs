//! Open data (`/open-data`), under CC BY 4.0: the catalog (the report's stages, company types
//! and measures) and every city's menu as Open Referral HSDS 3.1-compatible JSON and CSV —
//! each designated city an organization, each menu entry a service, the catalog's stages and
//! measures a taxonomy whose terms the services carry as attributes —; the public registries
//! (published events, the winners of awards, the companies holding a CSR challenge
//! certification, served by the CSR feature at `/csr/registry.json` and `.csv`); and a machine-readable
//! description of the datasets (a Frictionless Data Package, `datapackage.json`). Ids are
//! UUIDs made from each record's stable key, so they stay the same from one export to the
//! next. [`export`] writes the same files to a folder (`renkei export open-data`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use renkei_app::App;
use renkei_domain::catalog::{CompanyType, MEASURES, Measure, Scope, Stage};
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use renkei_store::{EventQuery, MenuRecord, Store};
use serde_json::{Value, json};

use crate::error::AppError;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The licence of the open data.
pub const LICENSE: &str = "CC-BY-4.0";
pub const LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The HSDS tables served as CSV, with their columns (HSDS 3.1's names).
pub const TABLES: [(&str, &[&str]); 5] = [
    ("organizations", &["id", "name", "description", "website"]),
    (
        "services",
        &[
            "id",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "status",
            "fees_description",
            "last_modified",
        ],
    ),
    ("taxonomies", &["id", "name", "description", "version"]),
    (
        "taxonomy_terms",
        &[
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "taxonomy_id",
            "language",
        ],
    ),
    (
        "attributes",
        &[
            "id",
            "link_id",
            "link_type",
            "link_entity",
            "taxonomy_term_id",
            "value",
        ],
    ),
];

/// A UUID made from a stable key (FNV-1a, 128 bits, marked as version 8: made here).
pub fn uuid_of(key: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in key.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013b);
    }
    let mut bytes = h.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(bytes).to_string()
}

fn stage_term(s: Stage) -> String {
    uuid_of(&format!("renkei:stage:{}", s.code()))
}

fn measure_term(m: &Measure) -> String {
    uuid_of(&format!("renkei:measure:{}", m.code))
}

/// Every object of the HSDS export, by table.
pub struct Hsds {
    pub organizations: Vec<Value>,
    pub services: Vec<Value>,
    pub taxonomies: Vec<Value>,
    pub taxonomy_terms: Vec<Value>,
    pub attributes: Vec<Value>,
}

fn taxonomies() -> (Vec<Value>, Vec<Value>) {
    let stages = uuid_of("renkei:taxonomy:stages");
    let measures = uuid_of("renkei:taxonomy:measures");
    let types = uuid_of("renkei:taxonomy:company-types");
    let taxonomies = vec![
        json!({"id": stages, "name": "Renkei 8段階（開発段階）", "description": "理想的な支援成功モデル（第2章）の8段階: ニーズ・シーズの発掘から製造・生産まで。", "version": "1"}),
        json!({"id": measures, "name": "Renkei 支援施策", "description": "理想的な支援成功モデルの支援施策。各施策は段階（または全段階共通）の下にある。", "version": "1"}),
        json!({"id": types, "name": "Renkei 企業の3類型", "description": "開発が医療関連企業・大学・ものづくり企業をどう活かすかによる3類型。", "version": "1"}),
    ];
    let mut terms: Vec<Value> = Stage::ALL
        .into_iter()
        .map(|s| {
            json!({"id": stage_term(s), "code": s.code(), "name": format!("{} {}", s.mark(), s.name().ja),
                "description": s.name().en, "taxonomy": "renkei-stages", "taxonomy_id": stages, "language": "ja"})
        })
        .collect();
    let common = uuid_of("renkei:stage:all-stages");
    terms.push(json!({"id": common, "code": "all-stages", "name": "全段階共通", "description": "All stages",
        "taxonomy": "renkei-stages", "taxonomy_id": stages, "language": "ja"}));
    for m in MEASURES.iter() {
        let parent = match m.scope {
            Scope::Stage(s) => stage_term(s),
            Scope::AllStages => common.clone(),
        };
        terms.push(
            json!({"id": measure_term(m), "code": m.code, "name": m.name.ja,
            "description": m.description.ja, "parent_id": parent, "taxonomy": "renkei-measures",
            "taxonomy_id": measures, "language": "ja"}),
        );
    }
    for t in CompanyType::ALL {
        terms.push(
            json!({"id": uuid_of(&format!("renkei:company-type:{}", t.code())), "code": t.code(),
            "name": format!("{} {}", t.mark(), t.name().ja), "description": t.description().ja,
            "taxonomy": "renkei-company-types", "taxonomy_id": types, "language": "ja"}),
        );
    }
    (taxonomies, terms)
}

fn attribute(service: &str, term: String, value: &str) -> Value {
    json!({"id": uuid_of(&format!("renkei:attribute:{service}:{term}")), "link_id": service,
        "link_type": "service", "link_entity": "service", "taxonomy_term_id": term, "value": value})
}

fn service(m: &MenuRecord) -> (Value, Vec<Value>) {
    let id = uuid_of(&format!("renkei:menu-entry:{}", m.id.0));
    let org = uuid_of(&format!("renkei:city:{}", m.city_code));
    let e = &m.entry;
    let mut fees = Vec::new();
    if let Some(y) = e.budget_yen {
        fees.push(format!(
            "予算 {}円",
            renkei_app::evidence::table::grouped(y)
        ));
    }
    let mut s = json!({"id": id, "organization_id": org, "name": e.name,
        "alternate_name": e.measure.name.ja, "description": e.description, "status": "active",
        "last_modified": m.updated_at.to_rfc3339()});
    if let Some(url) = e.url.as_ref().filter(|u| url::Url::parse(u).is_ok()) {
        s["url"] = json!(url);
    }
    if !fees.is_empty() {
        s["fees_description"] = json!(fees.join(" "));
    }
    let mut attrs = vec![attribute(
        &id,
        measure_term(e.measure),
        e.offering.name().ja,
    )];
    if let Scope::Stage(st) = e.measure.scope {
        attrs.push(attribute(&id, stage_term(st), ""));
    }
    s["attributes"] = json!(attrs);
    (s, attrs)
}

/// The HSDS export of the catalog and every designated city's menu.
pub async fn hsds(store: &Store) -> Result<Hsds, AppError> {
    let codes: Vec<&str> = MEASURES.iter().map(|m| m.code).collect();
    let entries = store.entries_for_measures(&codes).await?;
    let organizations = DESIGNATED_CITIES
        .iter()
        .filter_map(|c| CityCode::parse(c).ok())
        .map(|c| {
            let name = store.city_name(&c.to_string());
            json!({"id": uuid_of(&format!("renkei:city:{c}")), "name": name,
                "description": format!("{name}（指定都市、地方公共団体コード {c}）の医療・介護・健康関連産業の支援メニュー。")})
        })
        .collect();
    let (taxonomies, taxonomy_terms) = taxonomies();
    let mut services = Vec::new();
    let mut attributes = Vec::new();
    for e in &entries {
        let (s, a) = service(e);
        services.push(s);
        attributes.extend(a);
    }
    Ok(Hsds {
        organizations,
        services,
        taxonomies,
        taxonomy_terms,
        attributes,
    })
}

impl Hsds {
    /// The export as one JSON document: each table an array of HSDS objects.
    pub fn json(&self) -> Value {
        json!({
            "license": LICENSE, "license_url": LICENSE_URL,
            "attribution": "Renkei（指定都市連携プラットフォーム）; HSDS: an Open Referral resource",
            "organizations": self.organizations, "services": self.services,
            "taxonomies": self.taxonomies, "taxonomy_terms": self.taxonomy_terms,
        })
    }

    /// A table as CSV (HSDS's tabular form), by its name.
    pub fn csv(&self, table: &str) -> Option<String> {
        let (_, columns) = TABLES.iter().find(|(t, _)| *t == table)?;
        let rows = match table {
            "organizations" => &self.organizations,
            "services" => &self.services,
            "taxonomies" => &self.taxonomies,
            "taxonomy_terms" => &self.taxonomy_terms,
            _ => &self.attributes,
        };
        let lines = rows.iter().map(|r| {
            columns
                .iter()
                .map(|c| match &r[*c] {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect::<Vec<String>>()
        });
        Some(renkei_io::write_csv(columns, lines))
    }
}

/// The public registries: published events open to anyone, and the winners of awards and
/// certifications once released.
pub async fn registries(app: &App) -> Result<(Value, Value), AppError> {
    let events = renkei_app::events::calendar(
        app,
        EventQuery {
            limit: 200,
            ..Default::default()
        },
    )
    .await?;
    let events: Vec<Value> = events
        .iter()
        .filter(|e| e.audience == renkei_domain::event::Audience::Public)
        .map(|e| {
            json!({"id": uuid_of(&format!("renkei:event:{}", e.id.0)), "title": e.title,
                "city": e.city.to_string(), "kind": e.kind.code(), "venue": e.venue,
                "starts_at": e.starts_at.to_rfc3339(), "ends_at": e.ends_at.to_rfc3339(),
                "url": app.link(&format!("/events/{}", e.id.0))})
        })
        .collect();
    let winners = renkei_app::calls::winners::winners(app, None).await?;
    let winners: Vec<Value> = winners
        .iter()
        .map(|w| {
            json!({"call": w.call.title, "call_kind": w.call.kind.code(), "receipt": w.receipt,
                "company": w.company, "company_city": w.company_city.to_string(), "product": w.product})
        })
        .collect();
    Ok((
        json!({"license": LICENSE, "events": events}),
        json!({"license": LICENSE, "winners": winners}),
    ))
}

/// The machine-readable description of the datasets (a Frictionless Data Package).
pub fn datapackage(base: &str) -> Value {
    let mut resources: Vec<Value> = vec![
        json!({"name": "hsds", "path": format!("{base}/open-data/hsds.json"),
        "format": "json", "mediatype": "application/json",
        "description": "支援メニューと理想的な支援成功モデル（HSDS 3.1互換のJSON）"}),
    ];
    for (t, _) in TABLES {
        resources.push(json!({"name": format!("hsds-{}", t.replace('_', "-")),
            "path": format!("{base}/open-data/hsds/{t}.csv"), "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "profile": "tabular-data-resource"}));
    }
    resources.push(
        json!({"name": "events", "path": format!("{base}/open-data/events.json"), "format": "json",
        "mediatype": "application/json", "description": "一般公開の催し"}),
    );
    resources.push(
        json!({"name": "award-winners", "path": format!("{base}/open-data/award-winners.json"),
        "format": "json", "mediatype": "application/json", "description": "表彰・認定の受賞者"}),
    );
    resources.push(
        json!({"name": "csr-registry", "path": format!("{base}/csr/registry.json"), "format": "json",
        "mediatype": "application/json", "description": "CSRチャレンジ企業 認証企業一覧"}),
    );
    resources.push(
        json!({"name": "csr-registry-csv", "path": format!("{base}/csr/registry.csv"), "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "description": "CSRチャレンジ企業 認証企業一覧（CSV）"}),
    );
    json!({
        "profile": "data-package", "name": "renkei-open-data",
        "title": "Renkei 指定都市 医療・介護・健康関連産業 支援メニュー（オープンデータ）",
        "description": "指定都市の支援メニュー、理想的な支援成功モデルの段階と施策、公開の催しと受賞者。Open Referral HSDS 3.1互換。",
        "licenses": [{"name": LICENSE, "path": LICENSE_URL, "title": "Creative Commons Attribution 4.0"}],
        "sources": [{"title": "Human Services Data Specification 3.1 (Open Referral)", "path": "https://openreferral.org/"}],
        "resources": resources,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence/open_data.html")]
pub struct OpenDataPage {
    pub base: Base,
    pub tables: Vec<&'static str>,
}

/// `GET /open-data`.
pub async fn page(PageContext(_state, lang, uri, _viewer): PageContext) -> OpenDataPage {
    OpenDataPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "オープンデータ", "Open data"),
            "cities",
        ),
        tables: TABLES.iter().map(|(t, _)| *t).collect(),
    }
}

/// `GET /open-data/hsds.json`.
pub async fn hsds_json(PageContext(state, ..): PageContext) -> Result<Json<Value>, AppError> {
    Ok(Json(hsds(&state.store).await?.json()))
}

/// `GET /open-data/hsds/{table}.csv` (a route per table).
pub async fn hsds_csv(
    PageContext(state, _lang, uri, _): PageContext,
) -> Result<Response, AppError> {
    let table = uri
        .path()
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".csv"))
        .unwrap_or_default()
        .to_owned();
    let csv = hsds(&state.store)
        .await?
        .csv(&table)
        .ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

/// `GET /open-data/events.json` and `/open-data/award-winners.json`.
pub async fn registry(
    PageContext(state, _lang, uri, _): PageContext,
) -> Result<Json<Value>, AppError> {
    let (events, winners) = registries(&state.app).await?;
    Ok(Json(if uri.path().ends_with("events.json") {
        events
    } else {
        winners
    }))
}

/// `GET /open-data/datapackage.json`.
pub async fn description(PageContext(state, ..): PageContext) -> Json<Value> {
    Json(datapackage(&state.app.link("")))
}

/// Writes every open-data file into `dir` (`renkei export open-data`): what was written.
pub async fn export(app: &App, dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(dir.join("hsds"))?;
    let h = hsds(app.store())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut written = Vec::new();
    let mut put = |name: String, text: String| -> anyhow::Result<()> {
        std::fs::write(dir.join(&name), text)?;
        written.push(name);
        Ok(())
    };
    put("hsds.json".into(), serde_json::to_string_pretty(&h.json())?)?;
    for (t, _) in TABLES {
        put(format!("hsds/{t}.csv"), h.csv(t).unwrap_or_default())?;
    }
    let (events, winners) = registries(app)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    put("events.json".into(), serde_json::to_string_pretty(&events)?)?;
    put(
        "award-winners.json".into(),
        serde_json::to_string_pretty(&winners)?,
    )?;
    let certified = crate::features::csr::registry::open_data(app, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    put(
        "csr-registry.json".into(),
        serde_json::to_string_pretty(&certified)?,
    )?;
    put(
        "datapackage.json".into(),
        serde_json::to_string_pretty(&datapackage(&app.link("")))?,
    )?;
    Ok(written)
}

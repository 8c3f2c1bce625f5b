//! Open data, on each test database, through HTTP: the catalog and the demo cities' menus as
//! HSDS JSON, every object validated against the HSDS 3.1 JSON schemas (copied under
//! `data/hsds-3.1/` with their licence), the same as CSV tables, the dataset description
//! under CC BY 4.0, the public registries, and the same files written to a folder.
//!
//! The schemas use only `type`, `properties`, `required`, `items`, `enum`, `format` and `$ref`
//! (besides annotations): the validator below checks exactly those, and fails on any other
//! keyword, so that a schema it cannot check is never passed silently.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::TestApp;

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/http/data/hsds-3.1")
}

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(schemas().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Keywords that only annotate (no validation).
const ANNOTATIONS: [&str; 10] = [
    "name",
    "path",
    "title",
    "description",
    "example",
    "constraints",
    "core",
    "datapackage_metadata",
    "datapackage_type",
    "tabular_required",
];

fn format_ok(format: &str, s: &str) -> Result<(), String> {
    let ok = match format {
        "uuid" => uuid::Uuid::parse_str(s).is_ok() && s.len() == 36,
        "uri" => url::Url::parse(s).is_ok(),
        "email" => s.contains('@') && !s.contains(' '),
        "date-time" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        other => return Err(format!("unknown format {other}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("not a {format}: {s}"))
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => false,
    }
}

/// Validates `v` against `s`, pushing each problem with where it is.
fn validate(s: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = s.as_object() else {
        errors.push(format!("{at}: a schema that is not an object"));
        return;
    };
    for (k, rule) in s {
        match k.as_str() {
            "$ref" => validate(&schema(rule.as_str().unwrap()), v, at, errors),
            "type" => {
                let t = rule.as_str().unwrap();
                if !type_ok(t, v) {
                    errors.push(format!("{at}: not of type {t}: {v}"));
                }
            }
            "format" => {
                if let Some(text) = v.as_str()
                    && let Err(e) = format_ok(rule.as_str().unwrap(), text)
                {
                    errors.push(format!("{at}: {e}"));
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(v) {
                    errors.push(format!("{at}: {v} is not one of {rule}"));
                }
            }
            "required" => {
                for key in rule.as_array().unwrap() {
                    if v.is_object() && v.get(key.as_str().unwrap()).is_none() {
                        errors.push(format!("{at}: {key} is required"));
                    }
                }
            }
            "properties" => {
                if let Some(obj) = v.as_object() {
                    for (name, value) in obj {
                        if let Some(p) = rule.get(name) {
                            validate(p, value, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    validate(rule, item, &format!("{at}[{i}]"), errors);
                }
            }
            a if ANNOTATIONS.contains(&a) => {}
            other => errors.push(format!(
                "{at}: the schema's keyword {other} is not checked here"
            )),
        }
    }
}

fn problems(schema_file: &str, objects: &Value) -> Vec<String> {
    let s = schema(schema_file);
    let mut errors = Vec::new();
    for (i, o) in objects.as_array().unwrap().iter().enumerate() {
        validate(&s, o, &format!("{schema_file}[{i}]"), &mut errors);
    }
    errors
}

#[test]
fn the_validator_finds_what_is_wrong() {
    let bad = serde_json::json!([{"id": "not-a-uuid", "description": 3, "status": "open"}]);
    let found = problems("service.json", &bad);
    assert!(
        found.iter().any(|e| e.contains("name\" is required")),
        "{found:?}"
    );
    assert!(found.iter().any(|e| e.contains("not a uuid")), "{found:?}");
    assert!(
        found.iter().any(|e| e.contains("not of type string")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|e| e.contains("is not one of")),
        "{found:?}"
    );
}

#[tokio::test]
async fn the_menus_and_the_catalog_as_hsds_valid_against_its_schemas() {
    for app in TestApp::each(true).await {
        let (status, d) = app.get_json("/open-data/hsds.json").await;
        assert_eq!(status, 200, "open data needs no account");
        assert_eq!(d["license"], "CC-BY-4.0");
        let services = d["services"].as_array().unwrap();
        assert!(
            services.len() >= 4,
            "the demo menus' entries: {}",
            services.len()
        );
        assert_eq!(
            d["organizations"].as_array().unwrap().len(),
            20,
            "every designated city"
        );
        for (file, table) in [
            ("organization.json", "organizations"),
            ("service.json", "services"),
            ("taxonomy.json", "taxonomies"),
            ("taxonomy_term.json", "taxonomy_terms"),
        ] {
            let found = problems(file, &d[table]);
            assert!(found.is_empty(), "{}: {found:#?}", app.backend);
        }
        // Every service's attributes point at a term of the catalog's taxonomy, and every
        // service at an organization.
        let terms: Vec<&str> = d["taxonomy_terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        let orgs: Vec<&str> = d["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        for s in services {
            assert!(orgs.contains(&s["organization_id"].as_str().unwrap()));
            for a in s["attributes"].as_array().unwrap() {
                assert!(terms.contains(&a["taxonomy_term_id"].as_str().unwrap()));
                assert_eq!(a["link_id"], s["id"]);
            }
        }
        let stage = d["taxonomy_terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == "sales")
            .unwrap();
        assert_eq!(stage["name"], "⑦ 販路開拓");
        // The ids stay the same from one export to the next.
        let (_, again) = app.get_json("/open-data/hsds.json").await;
        assert_eq!(again["services"][0]["id"], d["services"][0]["id"]);
        // The tables as CSV, HSDS's column names first.
        let (status, csv) = app.get_text("/open-data/hsds/services.csv").await;
        assert_eq!(status, 200);
        assert!(
            csv.trim_start_matches('\u{feff}')
                .starts_with("\"id\",\"organization_id\",\"name\""),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), services.len() + 1);
        // The description: the licence and every resource.
        let (_, dp) = app.get_json("/open-data/datapackage.json").await;
        assert_eq!(dp["licenses"][0]["name"], "CC-BY-4.0");
        assert!(dp["resources"].as_array().unwrap().len() >= 8);
        let names: Vec<&str> = dp["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        assert!(names.contains(&"csr-registry"), "{names:?}");
        let (status, events) = app.get_json("/open-data/events.json").await;
        assert_eq!(status, 200);
        assert!(events["events"].is_array());
        let (status, page) = app.get_text("/open-data").await;
        assert_eq!(status, 200);
        assert!(page.contains("CC BY 4.0"));
        // The same files, written to a folder (`renkei export open-data`).
        let dir = std::env::temp_dir().join(format!("renkei-open-data-{}", uuid::Uuid::new_v4()));
        let renkei = renkei_app::App::new(app.store.clone(), "https://renkei.example");
        let written = renkei_web::open_data::export(&renkei, &dir).await.unwrap();
        assert!(written.contains(&"hsds/services.csv".to_owned()));
        let registry: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("csr-registry.json")).unwrap())
                .unwrap();
        assert!(registry["companies"].is_array(), "{registry}");
        assert!(registry["license_url"].as_str().unwrap().contains("by/4.0"));
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("hsds.json")).unwrap()).unwrap();
        assert_eq!(file["services"], d["services"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}

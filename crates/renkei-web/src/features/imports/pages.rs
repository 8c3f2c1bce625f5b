//! Importing companies from the pages: upload a CSV (UTF-8, BOM, Shift_JIS) or XLSX file;
//! see which column is taken for which field, change it where the file has other headers,
//! and see every problem of every row (line, column, reason) before anything is written; then
//! import all rows in one transaction, with the progress shown (the page refreshes itself).
//! The file waits in the database between the steps, visible only to who uploaded it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Lang;
use renkei_domain::import::{
    ImportKind, KindValues, RowError, companies_from_rows, kind_value_key, products_from_rows,
    targets_from_rows, unknown_kind_values,
};
use renkei_domain::target::TargetKind;
use renkei_store::{ImportUpload, UploadStatus, UserId};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::writable_cities;
use crate::shared::format::city_name;
use crate::shared::forms::Choice;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The largest file taken (bytes).
pub const MAX_UPLOAD: usize = renkei_io::Limits::UPLOAD.file_bytes;

/// Reads an uploaded file within the upload limits, on a thread of its own: reading a large
/// file takes time the async workers must not lose.
async fn read_upload(content: Vec<u8>) -> Result<renkei_io::Table, AppError> {
    tokio::task::spawn_blocking(move || {
        renkei_io::read_within(&content, &renkei_io::Limits::UPLOAD)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("reading an upload: {e}")))?
    .map_err(|e| AppError::Malformed(e.to_string()))
}

/// The person, once they may register companies somewhere.
async fn importer(state: &AppState, viewer: &Viewer) -> Result<UserId, AppError> {
    viewer.require_signed_in().await?;
    if writable_cities(state, viewer).is_empty() {
        return Err(AppError::Forbidden);
    }
    viewer
        .session
        .as_ref()
        .map(|s| s.user.id)
        .ok_or(AppError::Forbidden)
}

#[derive(Template, WebTemplate)]
#[template(path = "imports/import_upload.html")]
pub struct UploadPage {
    base: Base,
    csrf: String,
    cities: Vec<Choice>,
    error: Option<String>,
    max_mb: usize,
}

fn upload_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    error: Option<String>,
) -> UploadPage {
    UploadPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "企業の一括取り込み", "Import companies"),
            "companies",
        ),
        csrf: viewer.csrf().to_owned(),
        cities: writable_cities(state, viewer)
            .into_iter()
            .map(|c| Choice {
                label: city_name(state, &c.to_string()),
                value: c.to_string(),
                selected: false,
            })
            .collect(),
        error,
        max_mb: MAX_UPLOAD / 1024 / 1024,
    }
}

pub async fn upload_form(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<UploadPage, AppError> {
    importer(&state, &viewer).await?;
    Ok(upload_page(&state, lang, &uri, &viewer, None))
}

pub async fn upload(
    PageContext(state, lang, uri, viewer): PageContext,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let user = importer(&state, &viewer).await?;
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let (mut file, mut name, mut city, mut csrf) =
        (None, String::new(), String::new(), String::new());
    let mut kind = String::from("companies");
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                name = field.file_name().unwrap_or("upload").to_owned();
                file = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|e| AppError::Malformed(e.body_text()))?,
                );
            }
            "city" => city = field.text().await.unwrap_or_default(),
            "kind" => kind = field.text().await.unwrap_or_default(),
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    viewer.check_csrf(&csrf).await?;
    let again = |message: &str| {
        let page = upload_page(&state, lang, &uri, &viewer, Some(message.to_owned()));
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return again(tr(lang, "ファイルを選んでください。", "Choose a file."));
    };
    let table = match read_upload(bytes.to_vec()).await {
        Ok(table) => table,
        Err(AppError::Malformed(message)) => return again(&message),
        Err(e) => return Err(e),
    };
    if !table.format.fits_name(&name) {
        return again(&format!(
            "{}（{}）{}",
            tr(
                lang,
                "ファイル名の拡張子と中身",
                "The file's name and its content"
            ),
            table.format.label(),
            tr(
                lang,
                "が合いません。CSVは「.csv」、Excelは「.xlsx」の名前で保存したファイルを選んでください。",
                " do not match: choose a CSV saved as .csv, or an Excel file saved as .xlsx."
            )
        ));
    }
    let default_city = if city.is_empty() {
        None
    } else {
        let allowed = writable_cities(&state, &viewer)
            .into_iter()
            .find(|c| c.to_string() == city);
        if allowed.is_none() {
            return again(tr(
                lang,
                "取り込み先の市を一覧から選んでください。",
                "Choose a city from the list.",
            ));
        }
        allowed
    };
    let saved = state
        .store
        .save_upload(
            user,
            ImportKind::from_code(&kind).unwrap_or(ImportKind::Companies),
            &name,
            bytes.to_vec(),
            default_city,
        )
        .await?;
    state.tables.put(saved.id, Arc::new(table));
    Ok(Redirect::to(&format!("/companies/import/{}", saved.id)).into_response())
}

pub struct ColumnView {
    pub index: usize,
    pub header: String,
    pub samples: Vec<String>,
    pub choices: Vec<Choice>,
}

pub struct ErrorView {
    pub line: String,
    pub column: String,
    pub message: &'static str,
}

/// A value of the kind column that names no kind, and the kind the person maps it to.
pub struct KindValueView {
    pub index: usize,
    pub value: String,
    /// How many rows hold it.
    pub rows: usize,
    pub choices: Vec<Choice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "imports/import_check.html")]
pub struct CheckPage {
    base: Base,
    id: i64,
    filename: String,
    format: &'static str,
    rows: usize,
    csrf: String,
    columns: Vec<ColumnView>,
    /// The kind column's values that name no kind (target imports).
    kind_values: Vec<KindValueView>,
    errors: Vec<ErrorView>,
    error_count: usize,
    ready: usize,
    /// running / done: the progress.
    status: String,
    done: i64,
    total: i64,
    message: String,
    /// What the rows are, as the messages count them: 「件の企業」…
    noun: &'static str,
}

fn mapping_from(
    upload: &ImportUpload,
    form: &HashMap<String, String>,
    headers: &[String],
) -> Vec<Option<&'static str>> {
    let auto = upload.kind.auto_map(headers);
    (0..headers.len())
        .map(|i| match form.get(&format!("map_{i}")) {
            Some(v) if v.is_empty() => None,
            Some(v) => upload
                .kind
                .fields()
                .iter()
                .find(|f| f.key == v)
                .map(|f| f.key),
            None => auto[i],
        })
        .collect()
}

/// What the form says the kind column's unknown values mean: `kind_value_{i}` (a value as
/// the page listed it) mapped to the kind `kind_{i}`; a value left unchosen is not mapped.
fn kind_values_from(form: &HashMap<String, String>) -> KindValues {
    form.iter()
        .filter_map(|(k, value)| {
            let i = k.strip_prefix("kind_value_")?;
            let kind = TargetKind::from_code(form.get(&format!("kind_{i}"))?)?;
            Some((kind_value_key(value), kind))
        })
        .collect()
}

/// The rows of a file, checked: ready to import, or every problem.
enum Checked {
    Companies(
        Vec<(
            renkei_domain::company::Company,
            Option<renkei_domain::company::Contact>,
        )>,
    ),
    Products(Vec<(renkei_store::CompanyRecord, renkei_domain::product::Product)>),
    Targets(Vec<(renkei_domain::city::CityCode, renkei_domain::target::Target)>),
    Problems(Vec<RowError>),
}

impl Checked {
    fn ready(&self) -> usize {
        match self {
            Checked::Companies(r) => r.len(),
            Checked::Products(r) => r.len(),
            Checked::Targets(r) => r.len(),
            Checked::Problems(_) => 0,
        }
    }
}

async fn check(
    state: &AppState,
    viewer: &Viewer,
    upload: &ImportUpload,
    (headers, rows): (&[String], &[(u64, Vec<String>)]),
    mapping: &[Option<&str>],
    kind_values: &KindValues,
) -> Result<Checked, AppError> {
    if upload.kind == ImportKind::Products {
        // Products only under companies of the cities where the person may register.
        let cities = writable_cities(state, viewer);
        let index = state.store.company_index(Some(&cities)).await?;
        return Ok(
            match products_from_rows(headers, rows, mapping, |v| index.resolve(v)) {
                Ok(r) => Checked::Products(r),
                Err(e) => Checked::Problems(e),
            },
        );
    }
    let default_city = upload.default_city;
    if upload.kind == ImportKind::Targets {
        let mut known = std::collections::HashSet::new();
        for city in writable_cities(state, viewer) {
            for code in state.store.target_source_codes(&city).await? {
                known.insert((city, code));
            }
        }
        return Ok(
            match targets_from_rows(
                headers,
                rows,
                mapping,
                kind_values,
                default_city,
                |v| state.store.city_named(v),
                &known,
            ) {
                Ok(r) => Checked::Targets(r),
                Err(e) => Checked::Problems(e),
            },
        );
    }
    Ok(
        match companies_from_rows(headers, rows, mapping, default_city, |v| {
            state.store.city_named(v)
        }) {
            Ok(r) => Checked::Companies(r),
            Err(e) => Checked::Problems(e),
        },
    )
}

/// An upload's file read, its columns mapped and its rows checked.
struct Reading {
    table: Arc<renkei_io::Table>,
    mapping: Vec<Option<&'static str>>,
    /// The kind column's values that name no kind, with their rows (target imports).
    unknown_kinds: Vec<(String, usize)>,
    /// What the person mapped them to.
    kind_values: KindValues,
    checked: Checked,
}

/// Reads an upload's file and checks its rows, its columns taken as `chosen` says (the
/// form's `map_{i}`) and, where it says nothing, as the headers tell; the kind column's
/// unknown values as it maps them (`kind_value_{i}`, `kind_{i}`).
async fn read(
    state: &AppState,
    viewer: &Viewer,
    upload: &ImportUpload,
    chosen: &HashMap<String, String>,
) -> Result<Reading, AppError> {
    let table = match state.tables.get(upload.id) {
        Some(table) => table,
        None => {
            let table = Arc::new(read_upload(upload.content.clone()).await?);
            state.tables.put(upload.id, table.clone());
            table
        }
    };
    let mapping = mapping_from(upload, chosen, &table.headers);
    let rows: Vec<(u64, Vec<String>)> = table
        .rows
        .iter()
        .map(|r| (r.line, r.cells.clone()))
        .collect();
    let unknown_kinds = if upload.kind == ImportKind::Targets {
        unknown_kind_values(&rows, &mapping)
    } else {
        Vec::new()
    };
    let kind_values = kind_values_from(chosen);
    let file = (table.headers.as_slice(), rows.as_slice());
    let checked = check(state, viewer, upload, file, &mapping, &kind_values).await?;
    Ok(Reading {
        table,
        mapping,
        unknown_kinds,
        kind_values,
        checked,
    })
}

/// The page of an upload: its progress, or (with its `reading`) its columns and problems.
fn check_page(
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    upload: &ImportUpload,
    reading: Option<&Reading>,
) -> CheckPage {
    let (table, mapping, checked) = match reading {
        Some(r) => (Some(&*r.table), r.mapping.as_slice(), Some(&r.checked)),
        None => (None, &[][..], None),
    };
    let columns = table
        .map(|t| {
            t.headers
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let mut choices = vec![Choice {
                        value: String::new(),
                        label: tr(lang, "（取り込まない）", "(not imported)").into(),
                        selected: mapping.get(i).copied().flatten().is_none(),
                    }];
                    choices.extend(upload.kind.fields().iter().map(|f| Choice {
                        value: f.key.into(),
                        label: f.label.get(lang).into(),
                        selected: mapping.get(i).copied().flatten() == Some(f.key),
                    }));
                    ColumnView {
                        index: i,
                        header: h.clone(),
                        samples: t
                            .rows
                            .iter()
                            .take(3)
                            .map(|r| r.cells.get(i).cloned().unwrap_or_default())
                            .collect(),
                        choices,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let (errors, error_count, ready) = match checked {
        Some(Checked::Problems(es)) => (
            es.iter()
                .take(1000)
                .map(|e| ErrorView {
                    line: e.place(lang),
                    column: e.column.clone(),
                    message: e.message.get(lang),
                })
                .collect(),
            es.len(),
            0,
        ),
        Some(c) => (vec![], 0, c.ready()),
        None => (vec![], 0, 0),
    };
    CheckPage {
        base: Base::new(
            lang,
            uri.to_string(),
            match upload.kind {
                ImportKind::Products => tr(lang, "開発案件の一括取り込み", "Import products"),
                ImportKind::Targets => tr(
                    lang,
                    "販路開拓先の一括取り込み",
                    "Import sales-channel targets",
                ),
                ImportKind::Companies => tr(lang, "企業の一括取り込み", "Import companies"),
            },
            "companies",
        ),
        id: upload.id,
        filename: upload.filename.clone(),
        format: table.map_or("", |t| t.format.label()),
        rows: table.map_or(0, |t| t.rows.len()),
        csrf: viewer.csrf().to_owned(),
        columns,
        kind_values: reading
            .map(|r| kind_value_views(lang, r))
            .unwrap_or_default(),
        errors,
        error_count,
        ready,
        status: upload.status.code().to_owned(),
        done: upload.done,
        total: upload.total,
        message: upload.message.clone(),
        noun: match upload.kind {
            ImportKind::Products => tr(lang, "件の開発案件", " products"),
            ImportKind::Targets => tr(lang, "件の販路開拓先", " targets"),
            ImportKind::Companies => tr(lang, "件の企業", " companies"),
        },
    }
}

/// The kind column's unknown values, each with the kinds to choose from (the one mapped
/// selected).
fn kind_value_views(lang: Lang, reading: &Reading) -> Vec<KindValueView> {
    reading
        .unknown_kinds
        .iter()
        .enumerate()
        .map(|(index, (value, rows))| {
            let mapped = reading.kind_values.get(value).copied();
            let mut choices = vec![Choice {
                value: String::new(),
                label: tr(lang, "（選んでください）", "(choose)").into(),
                selected: mapped.is_none(),
            }];
            choices.extend(TargetKind::ALL.iter().map(|k| Choice {
                value: k.code().into(),
                label: k.name().get(lang).into(),
                selected: mapped == Some(*k),
            }));
            KindValueView {
                index,
                value: value.clone(),
                rows: *rows,
                choices,
            }
        })
        .collect()
}

async fn load(state: &AppState, viewer: &Viewer, id: i64) -> Result<ImportUpload, AppError> {
    let user = importer(state, viewer).await?;
    state
        .store
        .upload(id, user)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<CheckPage, AppError> {
    let mut upload = load(&state, &viewer, id).await?;
    if upload.status != UploadStatus::Uploaded {
        if let Some(done) = state
            .import_progress
            .lock()
            .ok()
            .and_then(|m| m.get(&id).copied())
        {
            upload.done = upload.done.max(done as i64);
        }
        return Ok(check_page(lang, &uri, &viewer, &upload, None));
    }
    let reading = read(&state, &viewer, &upload, &HashMap::new()).await?;
    Ok(check_page(lang, &uri, &viewer, &upload, Some(&reading)))
}

#[derive(Debug, Default, Deserialize)]
pub struct Step {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

/// Checks again with the columns as chosen, or (with `commit`) starts the import.
pub async fn step(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(Step { fields }): FormInput<Step>,
) -> Result<Response, AppError> {
    let upload = load(&state, &viewer, id).await?;
    viewer
        .check_csrf(fields.get("csrf").map_or("", String::as_str))
        .await?;
    if upload.status != UploadStatus::Uploaded {
        return Ok(Redirect::to(&format!("/companies/import/{id}")).into_response());
    }
    let reading = read(&state, &viewer, &upload, &fields).await?;
    let problems = matches!(reading.checked, Checked::Problems(_));
    if problems || !fields.contains_key("commit") {
        let status = if problems {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let page = check_page(lang, &uri, &viewer, &upload, Some(&reading));
        return Ok((status, page).into_response());
    }
    let checked = reading.checked;
    // Companies go only into cities where the person may register them.
    let writable = writable_cities(&state, &viewer);
    let outside = match &checked {
        Checked::Companies(rows) => rows.iter().any(|(c, _)| !writable.contains(&c.home_city)),
        Checked::Targets(rows) => rows.iter().any(|(c, _)| !writable.contains(c)),
        _ => false,
    };
    if outside {
        return Err(AppError::BadRequest {
            field: None,
            message: renkei_domain::Text::new(
                "登録できない市のデータが含まれています。自分の市のデータだけを取り込んでください。",
                "The file holds records of a city you cannot register in.",
            ),
        });
    }
    if !state.store.start_upload(id, checked.ready()).await? {
        return Ok(Redirect::to(&format!("/companies/import/{id}")).into_response());
    }
    // The rows are checked; the file as read is not kept past its import.
    state.tables.remove(id);
    let (store, actor, memory) = (
        state.store.clone(),
        viewer.actor.clone(),
        state.import_progress.clone(),
    );
    if let Ok(mut m) = memory.lock() {
        m.insert(id, 0);
    }
    tokio::spawn(async move {
        // The heart beats while the import runs: a node that dies stops it, and another
        // node's sweep marks the import failed (`crate::watch_imports`). Whatever way this
        // task ends, even by a panic, the heart stops and the node no longer claims it.
        let beat_store = store.clone();
        let _running = Running {
            heart: tokio::spawn(async move {
                let mut every = tokio::time::interval(crate::IMPORT_BEATS_EVERY);
                loop {
                    every.tick().await;
                    let _ = beat_store.heartbeat_upload(id).await;
                }
            }),
            memory: memory.clone(),
            id,
        };
        let progress_store = store.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
        let reporter = tokio::spawn(async move {
            while let Some(done) = rx.recv().await {
                let _ = progress_store.upload_progress(id, done).await;
            }
        });
        let report = |done: usize| {
            if let Ok(mut m) = memory.lock() {
                m.insert(id, done);
            }
            let _ = tx.send(done);
        };
        let result = match &checked {
            Checked::Companies(rows) => store.import_companies(rows, &actor, report).await,
            Checked::Products(rows) => store.import_products(rows, &actor, report).await,
            Checked::Targets(rows) => store.import_sales_targets(rows, &actor, report).await,
            Checked::Problems(_) => Ok(0),
        };
        drop(tx);
        let _ = reporter.await;
        let finished = match result {
            Ok(n) => store.finish_upload(id, true, &format!("{n}")).await,
            Err(e) => {
                tracing::error!(error = %e, "import failed");
                store
                    .finish_upload(
                        id,
                        false,
                        "取り込みに失敗しました。何も書き込まれていません。",
                    )
                    .await
            }
        };
        if let Err(e) = finished {
            tracing::error!(error = %e, "cannot record the end of an import");
        }
    });
    Ok(Redirect::to(&format!("/companies/import/{id}")).into_response())
}

/// An import this node runs: its heart and its claim in the node's progress, both given up
/// when dropped (at the end of the import, or when its task panics).
struct Running {
    heart: tokio::task::JoinHandle<()>,
    memory: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i64, usize>>>,
    id: i64,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.heart.abort();
        if let Ok(mut m) = self.memory.lock() {
            m.remove(&self.id);
        }
    }
}

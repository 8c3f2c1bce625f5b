//! The `renkei` binary: `serve`, `migrate` and `demo`.
//!
//! Every setting can be given as a flag or as an environment variable (flags win); `renkei
//! --help` lists them, and the README's configuration table documents them.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use renkei_store::Store;
use renkei_web::config::{self, Config};
use renkei_web::{Application, demo};

mod admin;

use admin::{AdminCommand, admin};

#[derive(Parser, Debug)]
#[command(
    name = "renkei",
    version,
    about = "Renkei（連携）: 指定都市の医療・介護・健康関連産業 支援プラットフォーム"
)]
struct Cli {
    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, env = "RENKEI_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
struct Database {
    /// Database URL: `sqlite://path?mode=rwc` (embedded) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = config::DEFAULT_DATABASE_URL)]
    database_url: String,

    /// Mark cookies Secure: set it when the node is served over TLS (usually behind a proxy).
    #[arg(long, env = "RENKEI_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    secure_cookies: bool,

    /// Size of the database connection pool.
    #[arg(long, env = "RENKEI_DB_MAX_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    db_max_connections: u32,

    /// The address people open, for links in e-mail (default: http:// and the listening address).
    #[arg(long, env = "RENKEI_PUBLIC_URL")]
    public_url: Option<String>,

    /// Where mail is sent: smtp://host:25, smtp://user:pass@host:587?tls=required, smtps://…
    /// Unset, messages stay in the outbox (/admin/outbox).
    #[arg(long, env = "RENKEI_SMTP_URL")]
    smtp_url: Option<String>,

    /// The sender of Renkei's mail.
    #[arg(long, env = "RENKEI_MAIL_FROM", default_value = renkei_web::config::DEFAULT_MAIL_FROM)]
    mail_from: String,

    /// Addresses of the reverse proxies in front of the node, comma-separated: their
    /// X-Forwarded-For names the client (for throttling and the audit trail).
    #[arg(long, env = "RENKEI_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,

    /// A newer list of national holidays (`YYYY-MM-DD: 名称` lines) to count open days
    /// (開庁日) with, in place of the one compiled in.
    #[arg(long, env = "RENKEI_HOLIDAYS")]
    holidays: Option<std::path::PathBuf>,

    /// The bearer token a metrics collector sends to read /metrics (Prometheus text format);
    /// unset, /metrics is not served.
    #[arg(long, env = "RENKEI_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve Renkei: apply pending migrations, then listen.
    Serve {
        /// Address to listen on, `host:port`.
        #[arg(long, env = "RENKEI_ADDR", default_value = config::DEFAULT_ADDR)]
        addr: SocketAddr,
        #[command(flatten)]
        db: Database,
    },
    /// Apply pending migrations and bring the catalog up to date, then exit.
    Migrate {
        #[command(flatten)]
        db: Database,
    },
    /// Accounts, from the command line: how the first administrator of a fresh install is made.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
        #[command(flatten)]
        db: Database,
    },
    /// Import companies (with a contact each, optionally) from a CSV (UTF-8, UTF-8 with BOM
    /// or Shift_JIS) or XLSX file. Every row is checked first; if any is wrong, every problem
    /// is listed (line, column, reason) and nothing is written. Otherwise all rows are
    /// written in one transaction: all or none, even if the process is stopped midway.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
        #[command(flatten)]
        db: Database,
    },
    /// Export a list as CSV (UTF-8 with BOM, for Excel) or XLSX, to a file or standard output.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
        #[command(flatten)]
        db: Database,
    },
    /// Write a report of the evidence as PDF (Japanese fonts embedded) or XLSX, as the
    /// council's secretariat sees it (every city's records).
    Report {
        #[command(subcommand)]
        what: ReportCommand,
        #[command(flatten)]
        db: Database,
    },
    /// Rebuild the search index from the database, on this machine and on every running
    /// node (they follow the request in the audit trail), and print what it holds.
    Reindex {
        #[command(flatten)]
        db: Database,
    },
    /// Copy the embedded (SQLite) database to a new file while nodes keep serving: one
    /// consistent moment, checked (`PRAGMA integrity_check`) before it is reported done.
    /// PostgreSQL is backed up with its own tools (docs/operations.md).
    Backup {
        /// The new file to write (it must not exist).
        #[arg(long)]
        out: std::path::PathBuf,
        #[command(flatten)]
        db: Database,
    },
    /// Serve on a fresh embedded database (./renkei-data/demo.sqlite, wiped at each start)
    /// loaded with demo data. DATABASE_URL is not used, so a real database is never touched.
    Demo {
        /// Address to listen on, `host:port`.
        #[arg(long, env = "RENKEI_ADDR", default_value = config::DEFAULT_ADDR)]
        addr: SocketAddr,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Companies: one per row. Columns are found from their headers (企業名, フリガナ, 法人番号,
    /// 所在地, 本拠地の市, 担当者 …); `--map` says what others mean.
    Companies {
        /// The file: .csv or .xlsx.
        file: std::path::PathBuf,
        /// The home city of rows that give none (code or name, e.g. 121002 or 千葉市).
        #[arg(long)]
        city: Option<String>,
        /// Check only: list the problems, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What a column means, as `header=field` (e.g. `事業所名=name`); repeat as needed.
        /// Fields: home_city, name, name_kana, corporate_number, postal_code, address,
        /// industry, size, company_type, website, notes, contact_name, contact_role,
        /// contact_email, contact_phone.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        maps: Vec<String>,
    },
    /// Products: one per row, each naming its company (corporate number or name) and its
    /// current stage (1–8, ①–⑧). Fields for `--map`: company, name, stage, summary,
    /// category, company_type, target_users, regulatory_class, regulatory_status, ip_status.
    Products {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        maps: Vec<String>,
    },
    /// Sales-channel targets (販路開拓先): one per row, with its kind (病院, 薬局, 看護学校 …)
    /// and city. Fields for `--map`: city, kind, name, name_kana, postal_code, address,
    /// departments, size, interests, contact_name, contact_department, contact_email,
    /// contact_phone, source_code. Rows whose source code was imported before are skipped.
    Targets {
        file: std::path::PathBuf,
        /// The city of rows that give none (code or name).
        #[arg(long)]
        city: Option<String>,
        /// The file is the regional health bureaus' list of medical institutions
        /// (`all_med_inst_cd.csv`: no header; code, code, name, postal code, address): its
        /// hospitals, dental clinics and clinics in the designated cities become targets of
        /// those cities.
        #[arg(long)]
        medical_institutions: bool,
        #[arg(long)]
        dry_run: bool,
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        maps: Vec<String>,
        /// What a value of the kind column means, as `value=kind` (e.g. `調剤薬局=pharmacy`,
        /// `店舗販売業=その他`), for values that are no kind; repeat as needed. Kinds:
        /// hospital, clinic, dental-clinic, pharmacy, nursing-school, special-needs-school,
        /// university, mutual-aid, health-insurance, care-facility, care-provider,
        /// public-body, trading-company, manufacturer, other (or their Japanese names).
        #[arg(long = "kind-value", value_name = "VALUE=KIND")]
        kind_values: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum ReportCommand {
    /// The referral pilot's summary (第3章 5): referrals per pair of cities, their steps and
    /// times, targets and outcomes, the participants' feedback and the lessons.
    Pilot {
        #[command(flatten)]
        file: ReportFile,
    },
    /// The evidence for the proposals to the state (第4章), aggregated across cities.
    Proposals {
        #[command(flatten)]
        file: ReportFile,
    },
    /// A city's fiscal-year report of its support model.
    City {
        /// The city's code (e.g. 121002).
        #[arg(long)]
        city: String,
        #[command(flatten)]
        file: ReportFile,
    },
}

/// What every report takes: the year, the file and its format, the language.
#[derive(clap::Args, Debug)]
struct ReportFile {
    /// The fiscal year (年度) by the year it starts in, or in 令和 (`令和8`); the current one
    /// if left out.
    #[arg(long, default_value = "")]
    year: String,
    /// `pdf` or `xlsx` (by default, from the file's extension).
    #[arg(long)]
    format: Option<String>,
    /// `ja` or `en`.
    #[arg(long, default_value = "ja")]
    lang: String,
    /// The file to write.
    #[arg(long)]
    out: std::path::PathBuf,
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// The open data (CC BY 4.0): the catalog and every city's menu as HSDS JSON and CSV,
    /// the public registries and the datasets' description (datapackage.json), into a folder.
    OpenData {
        /// The folder to write into (made if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Every product (or one city's), with its company and stage.
    Products {
        #[arg(long)]
        city: Option<String>,
        /// `csv` or `xlsx`.
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Every company (or one city's).
    Companies {
        /// Only this city's (code or name).
        #[arg(long)]
        city: Option<String>,
        /// `csv` or `xlsx`.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

const DEMO_DB: &str = "./renkei-data/demo.sqlite";

/// One connection to the database, for the commands that run and exit.
async fn open_store(db: &Database) -> anyhow::Result<renkei_store::Store> {
    renkei_store::Store::connect(&db.database_url, 1)
        .await
        .with_context(|| {
            format!(
                "DATABASE_URL: cannot open {}",
                config::redact(&db.database_url)
            )
        })
}

/// A file's rows (each with its line) with its headers, and the field each column holds.
struct Mapped {
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
    mapping: Vec<Option<&'static str>>,
}

/// Reads a file and matches its columns: found from the headers, then `--map header=field`.
fn read_mapped(
    file: &std::path::Path,
    fields: &[renkei_domain::import::FieldSpec],
    auto: fn(&[String]) -> Vec<Option<&'static str>>,
    maps: &[String],
) -> anyhow::Result<Mapped> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let table = renkei_io::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut mapping = auto(&table.headers);
    for m in maps {
        let (header, field) = m
            .split_once('=')
            .with_context(|| format!("--map {m}: write it as header=field"))?;
        let field = fields
            .iter()
            .find(|f| f.key == field.trim())
            .with_context(|| format!("--map {m}: no field {field}"))?
            .key;
        let column = table
            .headers
            .iter()
            .position(|h| h.trim() == header.trim())
            .with_context(|| format!("--map {m}: no column {header}"))?;
        mapping[column] = Some(field);
    }
    eprintln!(
        "{}: {} ({} rows)",
        file.display(),
        table.format.label(),
        table.rows.len()
    );
    for (h, m) in table.headers.iter().zip(&mapping) {
        eprintln!("  {h} → {}", m.unwrap_or("(not imported)"));
    }
    Ok(Mapped {
        headers: table.headers,
        rows: table.rows.into_iter().map(|r| (r.line, r.cells)).collect(),
        mapping,
    })
}

/// The rows of a file once checked; else every problem of the file, printed one per line,
/// and a failure.
fn accepted<T>(
    file: &std::path::Path,
    checked: Result<Vec<T>, Vec<renkei_domain::import::RowError>>,
) -> anyhow::Result<Vec<T>> {
    checked.map_err(|errors| {
        for e in &errors {
            println!(
                "{}\t{}\t{}",
                e.place(renkei_domain::Lang::Ja),
                e.column,
                e.message.ja
            );
        }
        anyhow::anyhow!(
            "{} problem(s) in {}: nothing was imported",
            errors.len(),
            file.display()
        )
    })
}

/// The designated city `--city` names, when it is given.
fn city_option(
    store: &renkei_store::Store,
    city: Option<&str>,
) -> anyhow::Result<Option<renkei_domain::city::CityCode>> {
    city.map(|c| {
        store
            .city_named(c)
            .with_context(|| format!("--city: not a designated city: {c}"))
    })
    .transpose()
}

/// Writes the `rows` of a file with `write`, printing its progress, and says how many `what`
/// it wrote; a dry run only says how many it would write.
async fn write_rows<T>(
    store: &renkei_store::Store,
    (what, rows): (&str, &[T]),
    dry_run: bool,
    write: impl AsyncFnOnce(
        &renkei_store::Store,
        &[T],
        &renkei_store::Actor,
        Box<dyn Fn(usize)>,
    ) -> renkei_store::Result<usize>,
) -> anyhow::Result<()> {
    if dry_run {
        println!(
            "{} {what} can be imported (dry run: nothing written)",
            rows.len()
        );
        return Ok(());
    }
    let total = rows.len();
    let actor = renkei_store::Actor::system("import-cli");
    let progress = Box::new(move |done| eprintln!("  written {done}/{total}"));
    let n = write(store, rows, &actor, progress).await?;
    println!("imported {n} {what}");
    Ok(())
}

/// What `--kind-value value=kind` says the kind column's values mean.
fn kind_values(given: &[String]) -> anyhow::Result<renkei_domain::import::KindValues> {
    given
        .iter()
        .map(|m| {
            let (value, kind) = m
                .rsplit_once('=')
                .with_context(|| format!("--kind-value {m}: write it as value=kind"))?;
            let kind = renkei_domain::target::TargetKind::parse(kind)
                .with_context(|| format!("--kind-value {m}: no kind {kind}"))?;
            Ok((renkei_domain::import::kind_value_key(value), kind))
        })
        .collect()
}

/// Imports sales-channel targets: a file with headers, or the medical-institutions list.
async fn import_targets(
    file: &std::path::Path,
    city: Option<&str>,
    medical_institutions: bool,
    dry_run: bool,
    (maps, kind_value_args): (&[String], &[String]),
    db: &Database,
) -> anyhow::Result<()> {
    let kind_values = kind_values(kind_value_args)?;
    let store = open_store(db).await?;
    let mut known = std::collections::HashSet::new();
    for c in store.cities() {
        let code = c.code;
        for s in store.target_source_codes(&code).await? {
            known.insert((code, s));
        }
    }
    let checked = if medical_institutions {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let table =
            renkei_io::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        // No header row: the first line is an institution too.
        let mut rows = vec![(1, table.headers.clone())];
        rows.extend(table.rows.into_iter().map(|r| (r.line, r.cells)));
        let cities: Vec<_> = store
            .cities()
            .iter()
            .map(|c| (c.code, c.name.clone()))
            .collect();
        eprintln!("{}: {} institutions", file.display(), rows.len());
        renkei_domain::import::medical_institutions(&rows, &cities, &known)
    } else {
        let m = read_mapped(
            file,
            renkei_domain::import::TARGET_FIELDS,
            renkei_domain::import::auto_map_targets,
            maps,
        )?;
        for (value, rows) in renkei_domain::import::unknown_kind_values(&m.rows, &m.mapping) {
            if !kind_values.contains_key(&value) {
                eprintln!("  kind value {value} ({rows} rows) is no kind: --kind-value {value}=…");
            }
        }
        renkei_domain::import::targets_from_rows(
            &m.headers,
            &m.rows,
            &m.mapping,
            &kind_values,
            city_option(&store, city)?,
            |v| store.city_named(v),
            &known,
        )
    };
    let targets = accepted(file, checked)?;
    write_rows(
        &store,
        ("targets", &targets),
        dry_run,
        Store::import_sales_targets,
    )
    .await
}

async fn import(what: ImportCommand, db: Database) -> anyhow::Result<()> {
    if let ImportCommand::Targets {
        file,
        city,
        medical_institutions,
        dry_run,
        maps,
        kind_values,
    } = &what
    {
        return import_targets(
            file,
            city.as_deref(),
            *medical_institutions,
            *dry_run,
            (maps, kind_values),
            &db,
        )
        .await;
    }
    if let ImportCommand::Products {
        file,
        dry_run,
        maps,
    } = &what
    {
        let m = read_mapped(
            file,
            renkei_domain::import::PRODUCT_FIELDS,
            renkei_domain::import::auto_map_products,
            maps,
        )?;
        let store = open_store(&db).await?;
        let index = store.company_index(None).await?;
        let checked =
            renkei_domain::import::products_from_rows(&m.headers, &m.rows, &m.mapping, |v| {
                index.resolve(v)
            });
        let products = accepted(file, checked)?;
        return write_rows(
            &store,
            ("products", &products),
            *dry_run,
            Store::import_products,
        )
        .await;
    }
    let ImportCommand::Companies {
        file,
        city,
        dry_run,
        maps,
    } = what
    else {
        unreachable!("products and targets are handled above")
    };
    let m = read_mapped(
        &file,
        renkei_domain::import::COMPANY_FIELDS,
        renkei_domain::import::auto_map,
        &maps,
    )?;
    let store = open_store(&db).await?;
    let checked = renkei_domain::import::companies_from_rows(
        &m.headers,
        &m.rows,
        &m.mapping,
        city_option(&store, city.as_deref())?,
        |v| store.city_named(v),
    );
    let companies = accepted(&file, checked)?;
    write_rows(
        &store,
        ("companies", &companies),
        dry_run,
        Store::import_companies,
    )
    .await
}

async fn export(what: ExportCommand, db: Database) -> anyhow::Result<()> {
    let (products, city, format, output) = match what {
        ExportCommand::OpenData { out } => {
            let public_url = db.public_url.clone().unwrap_or_default();
            let app = renkei_app::App::new(open_store(&db).await?, &public_url);
            let written = renkei_web::open_data::export(&app, &out).await?;
            eprintln!(
                "wrote {} open-data files to {}",
                written.len(),
                out.display()
            );
            return Ok(());
        }
        ExportCommand::Companies {
            city,
            format,
            output,
        } => (false, city, format, output),
        ExportCommand::Products {
            city,
            format,
            output,
        } => (true, city, format, output),
    };
    let store = open_store(&db).await?;
    let city = city_option(&store, city.as_deref())?;
    let everything = renkei_domain::access::ListScope {
        all: true,
        ..Default::default()
    };
    if products {
        let query = renkei_store::ProductQuery {
            city,
            ..Default::default()
        };
        let rows = store.product_rows(&everything, &query).await?;
        let header = renkei_domain::import::product_header(renkei_domain::Lang::Ja);
        return write_export(rows, &header, "開発案件", &format, output, "products");
    }
    let query = renkei_store::CompanyQuery {
        city,
        ..Default::default()
    };
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let p = store
            .companies(
                &everything,
                &query,
                renkei_store::PageRequest::new(page, renkei_store::PageRequest::MAX_PER_PAGE),
            )
            .await?;
        let last = p.page * p.per_page >= p.total;
        rows.extend(p.items.into_iter().map(|c| {
            let code = |c: Option<&str>| c.unwrap_or_default().to_owned();
            vec![
                c.home_city.to_string(),
                c.name,
                c.name_kana,
                code(c.corporate_number.as_ref().map(|n| n.as_str())),
                c.postal_code.unwrap_or_default(),
                c.address,
                c.industry,
                code(c.size.map(|s| s.code())),
                code(c.company_type.map(|t| t.code())),
                c.website.unwrap_or_default(),
                c.notes,
            ]
        }));
        if last {
            break;
        }
        page += 1;
    }
    let header: Vec<&str> = [
        "home_city",
        "name",
        "name_kana",
        "corporate_number",
        "postal_code",
        "address",
        "industry",
        "size",
        "company_type",
        "website",
        "notes",
    ]
    .iter()
    .map(|k| {
        renkei_domain::import::COMPANY_FIELDS
            .iter()
            .find(|f| f.key == *k)
            .map_or(*k, |f| f.label.ja)
    })
    .collect();
    write_export(rows, &header, "企業", &format, output, "companies")
}

/// Writes a report to a file, as the platform's administrators see it.
async fn report(what: ReportCommand, db: Database) -> anyhow::Result<()> {
    let (file, city) = match &what {
        ReportCommand::Pilot { file } | ReportCommand::Proposals { file } => (file, None),
        ReportCommand::City { city, file } => (
            file,
            Some(
                renkei_domain::city::CityCode::parse(city)
                    .map_err(|e| anyhow::anyhow!("--city: {e}"))?,
            ),
        ),
    };
    let lang = if file.lang == "en" {
        renkei_domain::Lang::En
    } else {
        renkei_domain::Lang::Ja
    };
    let filter = renkei_domain::evidence::Filter::parse(
        &renkei_domain::evidence::FilterInput {
            year: file.year.clone(),
            ..Default::default()
        },
        renkei_app::evidence::this_fiscal_year(),
    )
    .map_err(|e| {
        let why: Vec<&str> = e.iter().map(|f| f.message.get(lang)).collect();
        anyhow::anyhow!("{}", why.join(" "))
    })?;
    let app = renkei_app::App::new(open_store(&db).await?, "");
    let caller = renkei_app::access::Caller {
        subject: renkei_domain::access::Subject {
            roles: vec![renkei_domain::access::Role::PlatformAdmin],
            person: None,
        },
        actor: renkei_store::Actor::system("report-cli"),
    };
    use renkei_app::evidence;
    let report = match (&what, city) {
        (ReportCommand::Pilot { .. }, _) => evidence::pilot(&app, &caller, filter, lang).await,
        (ReportCommand::Proposals { .. }, _) => {
            evidence::proposals(&app, &caller, filter, lang).await
        }
        (_, Some(c)) => evidence::city_report(&app, &caller, c, filter, lang).await,
        (_, None) => anyhow::bail!("--city is needed"),
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let format = file.format.clone().unwrap_or_else(|| {
        file.out
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("pdf")
            .to_lowercase()
    });
    let bytes = match format.as_str() {
        "pdf" => renkei_web::reports::pdf(&report, lang)?,
        "xlsx" => renkei_web::reports::xlsx(&report, lang)?,
        other => anyhow::bail!("--format: pdf or xlsx, not {other}"),
    };
    std::fs::write(&file.out, bytes)
        .with_context(|| format!("cannot write {}", file.out.display()))?;
    eprintln!(
        "wrote “{}” ({}) to {}",
        report.title,
        report.subtitle,
        file.out.display()
    );
    Ok(())
}

/// Writes an export as CSV or XLSX, to a file or standard output.
fn write_export(
    rows: Vec<Vec<String>>,
    header: &[&str],
    sheet: &str,
    format: &str,
    output: Option<std::path::PathBuf>,
    what: &str,
) -> anyhow::Result<()> {
    let n = rows.len();
    let bytes = match format {
        "csv" => renkei_io::write_csv(header, rows.into_iter()).into_bytes(),
        "xlsx" => renkei_io::write_xlsx(sheet, header, rows.into_iter())
            .map_err(|e| anyhow::anyhow!("XLSX: {e}"))?,
        other => anyhow::bail!("--format {other}: use csv or xlsx"),
    };
    match output {
        Some(path) => {
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("exported {n} {what} to {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(())
}

const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn";

fn init_tracing(format: LogFormat) -> anyhow::Result<()> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => {
            tracing_subscriber::EnvFilter::try_new(&directives)
                .with_context(|| format!("RUST_LOG: cannot read the log filter {directives:?}"))?
        }
        _ => tracing_subscriber::EnvFilter::new(DEFAULT_LOG_FILTER),
    };
    // Logs go to stderr, colored only on a terminal; stdout is left for what a command prints.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(cli.log_format)?;
    match cli.command {
        Command::Serve { addr, db } => {
            let config = Config {
                addr,
                database_url: db.database_url,
                db_max_connections: db.db_max_connections,
                secure_cookies: db.secure_cookies,
                public_url: db.public_url,
                smtp_url: db.smtp_url,
                mail_from: db.mail_from,
                trusted_proxies: db.trusted_proxies,
                holidays_file: db.holidays,
                metrics_token: db.metrics_token,
                ..Config::default()
            };
            let app = Application::build(&config).await?;
            tracing::info!(
                address = %app.local_addr(),
                database = %config.redacted_database_url(),
                backend = app.store().backend_name(),
                "Renkei is serving"
            );
            println!("Renkei: http://{}/", app.local_addr());
            app.run_until_stopped().await?;
        }
        Command::Migrate { db } => {
            let store = open_store(&db).await?;
            let pending = store.pending_migrations().await?;
            store.migrate().await?;
            println!(
                "migrations applied: {}",
                if pending.is_empty() {
                    "none pending".to_owned()
                } else {
                    pending.join(", ")
                }
            );
            println!(
                "database is at: {}",
                store
                    .applied_migrations()
                    .await?
                    .last()
                    .cloned()
                    .unwrap_or_default()
            );
        }
        Command::Reindex { db } => {
            let store = open_store(&db).await?;
            let started = std::time::Instant::now();
            let n = store
                .request_reindex(&renkei_store::Actor::system("reindex-cli"))
                .await?;
            println!(
                "search index rebuilt: {n} records in {} ms; running nodes rebuild at their next search",
                started.elapsed().as_millis()
            );
            for (kind, count) in store.search_index_counts().await? {
                println!("  {:<12} {count}", kind.code());
            }
        }
        Command::Backup { out, db } => {
            let store = open_store(&db).await?;
            let started = std::time::Instant::now();
            store
                .backup_to(&out)
                .await
                .with_context(|| format!("cannot back up to {}", out.display()))?;
            let url = format!("sqlite://{}?mode=rw", out.display());
            let copy = renkei_store::Store::connect(&url, 1)
                .await
                .with_context(|| format!("cannot open the copy {}", out.display()))?;
            copy.integrity_check()
                .await
                .with_context(|| format!("the copy {} is not sound", out.display()))?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or_default();
            println!(
                "backed up to {} ({size} bytes, integrity ok) in {} ms",
                out.display(),
                started.elapsed().as_millis()
            );
        }
        Command::Admin { command, db } => admin(command, db).await?,
        Command::Import { what, db } => import(what, db).await?,
        Command::Export { what, db } => export(what, db).await?,
        Command::Report { what, db } => report(what, db).await?,
        Command::Demo { addr } => {
            for suffix in ["", "-wal", "-shm"] {
                let f = format!("{DEMO_DB}{suffix}");
                if Path::new(&f).exists() {
                    std::fs::remove_file(&f)
                        .with_context(|| format!("cannot remove the old demo database {f}"))?;
                }
            }
            let config = Config {
                addr,
                database_url: format!("sqlite://{DEMO_DB}?mode=rwc"),
                db_max_connections: 10,
                ..Config::default()
            };
            let app = Application::build(&config).await?;
            let n = demo::load(app.store()).await?;
            demo::load_business_meeting(app.store()).await?;
            let accounts = demo::load_accounts(app.store()).await?;
            demo::load_consultations(app.store()).await?;
            println!();
            println!(
                "  Renkei demo ({n} menu entries of the four pilot cities, database {DEMO_DB})"
            );
            println!("  Open: http://{}/", app.local_addr());
            println!("  English: http://{}/?lang=en", app.local_addr());
            println!("  API reference: http://{}/api/docs/", app.local_addr());
            println!(
                "  Sign in: http://{}/sign-in  (every demo account's password: {})",
                app.local_addr(),
                demo::DEMO_PASSWORD
            );
            for (email, name) in &accounts {
                println!("    {email:<42} {name}");
            }
            println!("  Stop with Ctrl-C.");
            println!();
            app.run_until_stopped().await?;
        }
    }
    Ok(())
}

//! `renkei import` and `renkei export` as a city would run them, on every test database: a
//! file of thousands of rows with mistakes is refused whole with every mistake listed; the
//! corrected file imports; UTF-8, UTF-8 with BOM, Shift_JIS and XLSX are read alike; an import
//! killed midway leaves nothing behind; exports read back.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use renkei_store::testing::{TestDatabase, count_rows, test_databases};

fn renkei(args: &[&str], url: &str) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .output()
        .expect("run renkei");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A company file of `n` rows as Excel users make them; `broken` lines carry mistakes.
fn company_csv(n: usize, broken: bool) -> String {
    let mut s = String::from("本拠地,企業名,フリガナ,法人番号,業種,規模,類型,担当者,メール\r\n");
    for i in 0..n {
        let line = i + 2;
        let (name, number, mail) = match (broken, line) {
            (true, 100) => (String::new(), String::new(), String::new()),
            (true, 1500) => (
                format!("株式会社テスト{i}"),
                "1234567890123".into(),
                String::new(),
            ),
            (true, 2999) => (format!("㈱試験{i}"), String::new(), "no-at-sign".into()),
            _ => (
                format!("株式会社テスト{i}"),
                String::new(),
                format!("t{i}@example.jp"),
            ),
        };
        let city = if i % 2 == 0 { "千葉市" } else { "121002" };
        s.push_str(&format!(
            "{city},{name},テスト{i},{number},医療機器製造,中小企業,ものづくり企業活用型,担当 {i},{mail}\r\n"
        ));
    }
    s
}

fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("renkei-import-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// `renkei export WHAT --format xlsx` into a file beside `file`, read back.
fn exported_xlsx(file: &std::path::Path, what: &str, url: &str) -> renkei_io::Table {
    let out_file = file.with_extension("xlsx");
    let out = out_file.to_str().unwrap();
    let (ok, _, err) = renkei(&["export", what, "--format", "xlsx", "--output", out], url);
    assert!(ok, "{err}");
    renkei_io::read(&std::fs::read(&out_file).unwrap()).unwrap()
}

async fn migrated() -> Vec<TestDatabase> {
    let dbs = test_databases().await;
    for db in &dbs {
        let (ok, _, err) = renkei(&["migrate"], &db.url);
        assert!(ok, "{err}");
    }
    dbs
}

async fn companies(db: &TestDatabase) -> i64 {
    let store = renkei_store::Store::connect(&db.url, 1).await.unwrap();
    count_rows(&store, "companies").await
}

#[tokio::test]
async fn a_file_with_mistakes_is_refused_whole_and_the_corrected_one_imports() {
    for db in migrated().await {
        // Shift_JIS, as Excel writes a CSV on a Japanese PC.
        let text = company_csv(3000, true);
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable);
        let file = temp("企業一覧.csv", &sjis);
        let (ok, out, err) = renkei(&["import", "companies", file.to_str().unwrap()], &db.url);
        assert!(!ok, "{}: refused", db.backend);
        assert!(
            err.contains("CSV (Shift_JIS)") && err.contains("3 problem(s)"),
            "{err}"
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0].starts_with("100行目\t企業名\t企業名を入力してください"),
            "{out}"
        );
        assert!(lines[1].starts_with("1500行目\t法人番号\t"), "{out}");
        assert!(lines[2].starts_with("2999行目\tメール\t"), "{out}");
        assert_eq!(companies(&db).await, 0, "nothing written");

        // Corrected, saved as UTF-8 with BOM: checked, then imported whole.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(company_csv(3000, false).as_bytes());
        let file = temp("企業一覧.csv", &bom);
        let (ok, out, _) = renkei(
            &["import", "companies", "--dry-run", file.to_str().unwrap()],
            &db.url,
        );
        assert!(
            ok && out.contains("3000 companies can be imported"),
            "{out}"
        );
        assert_eq!(companies(&db).await, 0, "a dry run writes nothing");
        let (ok, out, err) = renkei(&["import", "companies", file.to_str().unwrap()], &db.url);
        assert!(ok, "{err}");
        assert!(
            out.contains("imported 3000 companies") && err.contains("written 3000/3000"),
            "{out}{err}"
        );
        assert_eq!(companies(&db).await, 3000, "{}", db.backend);

        // Exported as CSV and XLSX, they read back.
        let (ok, csv, _) = renkei(&["export", "companies", "--city", "千葉市"], &db.url);
        assert!(ok);
        let table = renkei_io::read(csv.as_bytes()).unwrap();
        assert_eq!(
            (table.format, table.rows.len()),
            (renkei_io::Format::Utf8Bom, 3000)
        );
        let table = exported_xlsx(&file, "companies", &db.url);
        assert_eq!(
            (table.format, table.rows.len()),
            (renkei_io::Format::Xlsx, 3000)
        );
        assert_eq!(table.headers[1], "企業名");
    }
}

#[tokio::test]
async fn xlsx_and_plain_utf8_import_and_unknown_headers_can_be_mapped() {
    for db in migrated().await {
        let rows = vec![
            vec![
                "熊本市".to_owned(),
                "ゼロシステム㈱".to_owned(),
                "7000012050002".to_owned(),
            ],
            vec![
                "431001".to_owned(),
                "くまもと医工㈱".to_owned(),
                String::new(),
            ],
        ];
        let xlsx = renkei_io::write_xlsx("企業", &["市", "事業所名", "法人番号"], rows.into_iter())
            .unwrap();
        let file = temp("kumamoto.xlsx", &xlsx);
        let (ok, out, _) = renkei(&["import", "companies", file.to_str().unwrap()], &db.url);
        assert!(!ok && out.contains("企業名"), "no name column found: {out}");
        let (ok, out, err) = renkei(
            &[
                "import",
                "companies",
                "--map",
                "事業所名=name",
                file.to_str().unwrap(),
            ],
            &db.url,
        );
        assert!(ok && out.contains("imported 2 companies"), "{out}{err}");
        let plain = temp(
            "plain.csv",
            "企業名,所在地\n広島工業㈱,広島市中区\n".as_bytes(),
        );
        let (ok, out, err) = renkei(
            &[
                "import",
                "companies",
                "--city",
                "広島市",
                plain.to_str().unwrap(),
            ],
            &db.url,
        );
        assert!(
            ok && out.contains("imported 1 companies") && err.contains("CSV (UTF-8)"),
            "{out}{err}"
        );
        assert_eq!(companies(&db).await, 3, "{}", db.backend);
    }
}

#[tokio::test]
async fn an_import_killed_midway_leaves_nothing_behind() {
    for db in migrated().await {
        let file = temp("big.csv", company_csv(60_000, false).as_bytes());
        let mut child = Command::new(env!("CARGO_BIN_EXE_renkei"))
            .args(["import", "companies", file.to_str().unwrap()])
            .env("DATABASE_URL", &db.url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut midway = false;
        for line in lines.by_ref() {
            if line.unwrap().contains("written 2000/60000") {
                midway = true;
                break;
            }
        }
        assert!(midway, "{}: the import reported its progress", db.backend);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            companies(&db).await,
            0,
            "{}: nothing of a killed import",
            db.backend
        );
    }
}

#[tokio::test]
async fn products_import_under_their_companies_and_export_back() {
    for db in migrated().await {
        let companies_file = temp(
            "companies.csv",
            "本拠地,企業名,法人番号\n千葉市,㈱アミン,7000012050002\n熊本市,ゼロシステム㈱,\n"
                .as_bytes(),
        );
        let (ok, _, err) = renkei(
            &["import", "companies", companies_file.to_str().unwrap()],
            &db.url,
        );
        assert!(ok, "{err}");
        let wrong = "法人番号または企業名,製品名,段階,薬事区分\r\n7000012050002,脳梗塞リスク評価サービス,⑦,\r\n存在しない㈱,試作品,9,クラスⅨ\r\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(wrong);
        let file = temp("products.csv", &sjis);
        let (ok, out, _) = renkei(
            &[
                "import",
                "products",
                "--map",
                "法人番号または企業名=company",
                file.to_str().unwrap(),
            ],
            &db.url,
        );
        assert!(!ok, "{}: refused", db.backend);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0].starts_with("3行目\t法人番号または企業名\t"),
            "{out}"
        );
        assert!(
            lines[1].starts_with("3行目\t段階\t") && lines[2].starts_with("3行目\t薬事区分\t"),
            "{out}"
        );
        let right = "企業,製品名,段階\n7000012050002,脳梗塞リスク評価サービス,⑦\nゼロシステム株式会社,褥瘡予防管理システム,7\n";
        let file = temp("products.csv", right.as_bytes());
        let (ok, out, err) = renkei(&["import", "products", file.to_str().unwrap()], &db.url);
        assert!(ok && out.contains("imported 2 products"), "{out}{err}");
        let table = exported_xlsx(&file, "products", &db.url);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells[2], "7", "the stage");
        // What was exported imports again: the same columns, read by their headers.
        let (ok, out, _) = renkei(
            &[
                "import",
                "products",
                "--dry-run",
                file.with_extension("xlsx").to_str().unwrap(),
            ],
            &db.url,
        );
        assert!(ok && out.contains("2 products can be imported"), "{out}");
    }
}

async fn targets(db: &TestDatabase) -> i64 {
    let store = renkei_store::Store::connect(&db.url, 1).await.unwrap();
    count_rows(&store, "sales_targets").await
}

/// 260 lines of the regional health bureaus' list (see `tests/data/README.md`): 120 in 千葉市,
/// 80 in 広島市, 40 in 札幌市 (designated cities), 20 in 市原市 (not one).
const MEDICAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/medical-institutions-sample.csv"
);

#[tokio::test]
async fn medical_institutions_and_target_files_become_sales_channel_targets_once() {
    for db in migrated().await {
        let (ok, out, err) = renkei(
            &["import", "targets", "--medical-institutions", MEDICAL],
            &db.url,
        );
        assert!(ok, "{}: {err}", db.backend);
        assert!(out.contains("imported 240 targets"), "{out}");
        assert_eq!(targets(&db).await, 240);
        // The same list again adds nothing: each institution is known by its code.
        let (ok, out, _) = renkei(
            &["import", "targets", "--medical-institutions", MEDICAL],
            &db.url,
        );
        assert!(ok && out.contains("imported 0 targets"), "{out}");
        let store = renkei_store::Store::connect(&db.url, 1).await.unwrap();
        let chiba = renkei_domain::city::CityCode::parse("121002").unwrap();
        let in_chiba = store.sales_targets_of(&chiba).await.unwrap();
        assert_eq!(in_chiba.len(), 120);
        assert!(
            in_chiba
                .iter()
                .any(|t| t.kind.code() == "hospital" && t.name.contains("病院")),
            "hospitals by name"
        );
        assert!(in_chiba.iter().all(|t| t.source_code.len() == 9));

        // A city's own list, from Excel (Shift_JIS), with a mistake: refused whole.
        let text = "種別,名称,病床数,担当者,メール\r\n特別支援学校,広島市立テスト特別支援学校,,教務 太郎,kyomu@example.jp\r\n銀行,広島テスト銀行,,,\r\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let file = temp("販路開拓先.csv", &sjis);
        let args = [
            "import",
            "targets",
            "--city",
            "広島市",
            file.to_str().unwrap(),
        ];
        let (ok, out, _) = renkei(&args, &db.url);
        assert!(!ok, "{out}");
        assert!(
            out.starts_with("3行目\t種別\t種別を選んでください"),
            "{out}"
        );
        assert_eq!(targets(&db).await, 240, "nothing written");
        let fixed = text.replace("銀行,広島テスト銀行", "健康保険組合,広島テスト健康保険組合");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&fixed);
        let file = temp("販路開拓先.csv", &sjis);
        let args = [
            "import",
            "targets",
            "--city",
            "広島市",
            file.to_str().unwrap(),
        ];
        let (ok, out, err) = renkei(&args, &db.url);
        assert!(ok, "{err}");
        assert!(out.contains("imported 2 targets"), "{out}");
        assert_eq!(targets(&db).await, 242);
        // The search index, rebuilt from the database: every target is in it.
        let (ok, out, err) = renkei(&["reindex"], &db.url);
        assert!(ok, "{err}");
        assert!(
            out.contains("search index rebuilt") && out.contains("target       242"),
            "{out}"
        );
    }
}

/// Rows shaped like 熊本市's list of pharmacies (see `tests/data/README.md`).
const PHARMACIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/kumamoto-pharmacies.csv"
);

#[tokio::test]
async fn a_pharmacy_list_imports_with_its_kind_values_mapped() {
    for db in migrated().await {
        let args = ["import", "targets", "--city", "熊本市", PHARMACIES];
        let (ok, out, err) = renkei(&args, &db.url);
        assert!(!ok, "{out}");
        assert!(
            err.contains("  業務種別 → kind") && err.contains("  有効期間 → (not imported)"),
            "{err}"
        );
        assert!(
            err.contains("kind value 店舗販売業 (2 rows) is no kind"),
            "{err}"
        );
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0].starts_with("4行目\t業務種別\t種別を選んでください"),
            "{out}"
        );
        assert_eq!(targets(&db).await, 0);
        let (ok, _, err) = renkei(
            &[&args[..], &["--kind-value", "店舗販売業=nope"]].concat(),
            &db.url,
        );
        assert!(
            !ok && err.contains("--kind-value 店舗販売業=nope: no kind nope"),
            "{err}"
        );
        let mapped = [
            &args[..],
            &[
                "--kind-value",
                "店舗販売業=その他",
                "--kind-value",
                "薬局・店舗販売業=pharmacy",
            ],
        ]
        .concat();
        let (ok, out, err) = renkei(&mapped, &db.url);
        assert!(ok, "{}: {err}", db.backend);
        assert!(out.contains("imported 5 targets"), "{out}");
        assert_eq!(targets(&db).await, 5);

        // A file whose header row lacks the columns: the problem is the header row's.
        let file = temp(
            "薬局.csv",
            "所在地,開設者氏名\r\n熊本市中央区,株式会社\r\n".as_bytes(),
        );
        let (ok, out, _) = renkei(
            &[
                "import",
                "targets",
                "--city",
                "熊本市",
                file.to_str().unwrap(),
            ],
            &db.url,
        );
        assert!(!ok);
        assert!(out.starts_with("見出し行\t名称・種別\t"), "{out}");
        assert!(!out.contains("0行目"), "{out}");
    }
}

/// `renkei admin create-user` with the password from the environment, as a script runs it.
fn create_user(url: &str, email: &str, role: &str, scope: Option<&str>) -> (bool, String) {
    let scope = scope.map_or(vec![], |s| vec!["--scope", s]);
    common::create_user(
        (email, "企業 担当"),
        role,
        &scope,
        &[
            ("DATABASE_URL", url),
            ("RENKEI_NEW_PASSWORD", "企業の担当者2026"),
        ],
    )
}

#[tokio::test]
async fn a_company_s_first_person_is_made_from_the_command_line() {
    use renkei_domain::access::Role;
    for db in migrated().await {
        let file = temp("companies.csv", company_csv(2, false).as_bytes());
        let (ok, _, err) = renkei(&["import", "companies", file.to_str().unwrap()], &db.url);
        assert!(ok, "{err}");
        let store = renkei_store::Store::connect(&db.url, 1).await.unwrap();
        let city = renkei_domain::city::CityCode::parse("121002").unwrap();
        let scope = renkei_domain::access::ListScope {
            cities: vec![city],
            ..Default::default()
        };
        let page = store
            .companies(&scope, &Default::default(), Default::default())
            .await
            .unwrap();
        let company = page.items[0].id.0;
        let (ok, text) = create_user(&db.url, "a@example.jp", "company-manager", None);
        assert!(!ok && text.contains("--scope"), "{text}");
        let (ok, text) = create_user(&db.url, "a@example.jp", "company-manager", Some("999999"));
        assert!(
            !ok && text.contains("no company has the number 999999"),
            "{text}"
        );
        let id = company.to_string();
        let (ok, text) = create_user(&db.url, "a@example.jp", "company-manager", Some(&id));
        assert!(ok, "{}: {text}", db.backend);
        let email = renkei_domain::identity::Email::parse("a@example.jp").unwrap();
        let (_, roles) = store.user_by_email(&email).await.unwrap().unwrap();
        assert_eq!(
            roles,
            [
                Role::CompanyUser { company },
                Role::CompanyManager { company }
            ]
        );
    }
}

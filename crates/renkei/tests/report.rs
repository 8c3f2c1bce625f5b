//! `renkei report` as the council's secretariat runs it, on every test database: the pilot's
//! summary, the evidence for the proposals to the state and a city's fiscal-year report are
//! written as PDF and XLSX (by the file's extension or `--format`), in Japanese or English;
//! a wrong year, format or city is refused with a message saying which, and no file is left.

use std::path::Path;
use std::process::Command;

use renkei_store::testing::test_databases;

fn renkei(args: &[&str], url: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .output()
        .expect("run renkei");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn report(url: &str, what: &[&str], more: &[&str], out: &Path) -> (bool, String) {
    let mut args = vec!["report"];
    args.extend(what);
    args.extend(more);
    let out = out.display().to_string();
    args.extend(["--out", &out]);
    renkei(&args, url)
}

#[tokio::test]
async fn reports_are_written_as_pdf_and_xlsx_and_bad_arguments_are_refused() {
    for db in test_databases().await {
        let (ok, text) = renkei(&["migrate"], &db.url);
        assert!(ok, "{text}");
        let dir = std::env::temp_dir().join(format!(
            "renkei-report-{}-{}",
            std::process::id(),
            db.backend
        ));
        std::fs::create_dir_all(&dir).unwrap();

        // The pilot's summary as PDF, the year in 令和.
        let pdf = dir.join("pilot.pdf");
        let (ok, text) = report(&db.url, &["pilot"], &["--year", "令和8"], &pdf);
        assert!(ok, "{}: {text}", db.backend);
        assert!(
            text.contains("wrote “") && text.contains("令和8年度"),
            "{text}"
        );
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

        // A city's report as XLSX, read back as a workbook.
        let xlsx = dir.join("chiba.xlsx");
        let (ok, text) = report(
            &db.url,
            &["city"],
            &["--city", "121002", "--year", "2026"],
            &xlsx,
        );
        assert!(ok, "{text}");
        let table = renkei_io::read(&std::fs::read(&xlsx).unwrap()).expect("a workbook");
        assert!(!table.headers.is_empty());

        // The proposals in English, the format given whatever the extension.
        let other = dir.join("proposals.out");
        let more = ["--format", "pdf", "--lang", "en"];
        let (ok, text) = report(&db.url, &["proposals"], &more, &other);
        assert!(ok, "{text}");
        assert!(std::fs::read(&other).unwrap().starts_with(b"%PDF-"));

        // Refused, each saying why, no file written.
        let none = dir.join("none.pdf");
        let (ok, text) = report(&db.url, &["pilot"], &["--year", "来年"], &none);
        assert!(!ok && text.contains("2000年度から2100年度"), "{text}");
        let (ok, text) = report(&db.url, &["pilot"], &["--format", "docx"], &none);
        assert!(!ok && text.contains("pdf or xlsx"), "{text}");
        let (ok, text) = report(&db.url, &["city"], &["--city", "12100"], &none);
        assert!(!ok && text.contains("--city"), "{text}");
        assert!(!none.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! What the documents' tests share: reading a PDF back with poppler's tools.

use std::process::Command;

/// Runs a poppler tool (Debian's poppler-utils) over the PDF and returns what it printed.
pub fn poppler(tool: &str, pdf: &[u8], extra: &[&str]) -> String {
    let path = std::env::temp_dir().join(format!(
        "renkei-pdf-{}-{tool}-{:?}.pdf",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, pdf).unwrap();
    let mut args: Vec<&str> = extra.to_vec();
    args.push(path.to_str().unwrap());
    if tool == "pdftotext" {
        args.push("-");
    }
    let out = Command::new(tool)
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian's poppler-utils) could not run: {e}"));
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{tool} failed: {:?}", out);
    String::from_utf8(out.stdout).unwrap()
}

/// Whether an IPAex font is embedded in the PDF (pdffonts' "emb" column).
pub fn ipaex_embedded(pdf: &[u8]) -> Result<(), String> {
    let fonts = poppler("pdffonts", pdf, &[]);
    let line = fonts
        .lines()
        .find(|l| l.contains("IPAex"))
        .ok_or_else(|| format!("no IPAex font in:\n{fonts}"))?;
    if line.contains(" yes ") {
        Ok(())
    } else {
        Err(format!("not embedded: {line}"))
    }
}

//! A CSR certification's evidence files, on each test database, through HTTP: a checklist
//! whose required financial criterion needs a document; the company cannot apply without
//! its file (the item named), a file too large or of a kind not kept is refused with 422 and
//! nothing kept, the city's staff cannot attach one; with the file the application goes
//! through, the staff download the same bytes under the file's name, another company and
//! another city's staff cannot; once applied the files no longer change.

use renkei_domain::csr::certification::State;
use renkei_domain::csr::checklist::COLUMNS;
use renkei_domain::research_group::DOCUMENT_MAX_BYTES;
use renkei_store::CertificationId;

use crate::brokering::{SAITAMA, company};
use crate::consultations::posted;
use crate::csr::{answer, import, people, record, rows, step};
use crate::helpers::{TestApp, audit_actions};

/// The test's checklist, its financial criterion needing a document (書類).
fn xlsx() -> Vec<u8> {
    let rows = rows(false).into_iter().map(|mut r| {
        if r[2] == "財-01" {
            r[5] = "書類".to_owned();
        }
        r
    });
    renkei_io::write_xlsx("チェックリスト", &COLUMNS, rows).unwrap()
}

/// A file sent with the certification page's evidence form: (status, redirect or page).
async fn upload(node: &TestApp, id: i64, item: &str, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", node.csrf_token().unwrap_or_default())
        .text("item", item.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let r = node
        .client
        .post(node.url(&format!("/csr/certifications/{id}/evidence")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = crate::helpers::location(&r);
    let body = r.text().await.unwrap_or_default();
    (status, if status == 303 { to } else { body })
}

#[tokio::test]
async fn csr_evidence_a_document_item_needs_its_file_to_apply_and_staff_download_it() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "CSR書類テスト株式会社", SAITAMA).await;
        let (other, _) = company(&app, "CSR書類別会社株式会社", SAITAMA).await;
        let p = people(&app, &c, &other).await;
        assert_eq!(import(&p.officer, xlsx(), "2").await.0, 303);
        let (status, to) = posted(
            &p.firm,
            &format!("/cities/{SAITAMA}/csr/certifications"),
            &[],
        )
        .await;
        assert_eq!(status, 303, "{to}");
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let answers = [
            ("a_守-01", "yes"),
            ("n_守-01", "就業規則を確認"),
            ("a_守-02", "na"),
            ("a_伸-01", "yes"),
            ("a_伸-02", "yes"),
            ("a_伸-03", "in_progress"),
            // A document item: its file is the evidence, no note needed.
            ("a_財-01", "yes"),
        ];
        assert_eq!(answer(&app, &p.firm, id, &answers).await.0, 303);

        // Without the file: refused, the item named.
        let (status, page) = step(&app, &p.firm, id, &[("move", "apply")]).await;
        assert_eq!(status, 422, "{}: {page}", app.backend);
        assert!(
            page.contains("項目「財-01」の書類（ファイル）が添付されていません"),
            "{page}"
        );
        assert_eq!(record(&app, id).await.state, State::Draft);

        // Too large, of a kind not kept, the staff's: refused, nothing kept.
        let big = vec![b'a'; DOCUMENT_MAX_BYTES + 1];
        let (status, page) = upload(&p.firm, id, "財-01", "決算書.pdf", big).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("10MB"), "{page}");
        let (status, page) = upload(&p.firm, id, "財-01", "tool.exe", b"MZ".to_vec()).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("id=\"e-file\""), "{page}");
        let (status, _) = upload(&p.firm, id, "守-02", "x.pdf", b"%PDF".to_vec()).await;
        assert_eq!(status, 422);
        let pdf = b"%PDF-1.4 financial statements".to_vec();
        assert_eq!(
            upload(&p.officer, id, "財-01", "a.pdf", pdf.clone())
                .await
                .0,
            403
        );
        let cid = CertificationId(id);
        assert!(app.store.evidence_files(cid).await.unwrap().is_empty());

        // With the file: the application goes through.
        let (status, to) = upload(&p.firm, id, "財-01", "決算書 2026.pdf", pdf.clone()).await;
        assert_eq!(status, 303, "{to}");
        let files = app.store.evidence_files(cid).await.unwrap();
        assert_eq!(files.len(), 1);
        let fid = files[0].id;
        assert_eq!(
            (files[0].item_key.as_str(), files[0].size_bytes),
            ("財-01", pdf.len() as i64)
        );
        assert_eq!(step(&app, &p.firm, id, &[("move", "apply")]).await.0, 303);
        assert_eq!(record(&app, id).await.state, State::Applied);

        // The staff see the file on the page and download the same bytes.
        let (_, page) = p
            .officer
            .get_text(&format!("/csr/certifications/{id}"))
            .await;
        assert!(page.contains("決算書 2026.pdf"), "{page}");
        let path = format!("/csr/certifications/{id}/evidence/{fid}");
        let r = p.officer.get(&path).await;
        assert_eq!(r.status().as_u16(), 200);
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains("filename*=UTF-8''%E6%B1%BA%E7%AE%97%E6%9B%B8%202026.pdf"),
            "{disposition}"
        );
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
        assert_eq!(p.firm.status(&path).await, 200);
        assert_eq!(p.other.status(&path).await, 404);
        assert_eq!(p.chiba.status(&path).await, 404);

        // Applied: the files no longer change.
        let (status, _) = upload(&p.firm, id, "財-01", "b.pdf", b"%PDF".to_vec()).await;
        assert_eq!(status, 409);
        let remove = format!("/csr/certifications/{id}/evidence/{fid}/delete");
        assert_eq!(posted(&p.firm, &remove, &[]).await.0, 409);
        assert_eq!(app.store.evidence_files(cid).await.unwrap().len(), 1);
        let actions = audit_actions(&app, Some(SAITAMA), 200).await;
        assert!(
            actions
                .iter()
                .any(|a| a == "csr_certification.evidence.create"),
            "{actions:?}"
        );
    }
}

//! A CSR certification's evidence files: one per checklist item at most (the item's key),
//! tied to the certification (and so to the checklist version it answers), its content kept
//! in the database like a research group's documents (name, media type, size, who kept it).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000045_csr_certifications::CsrCertifications;
use super::shared::{Columns, index, migration};

migration!(evidence_files);

#[derive(DeriveIden)]
enum CsrEvidenceFiles {
    Table,
    Id,
    CertificationId,
    ItemKey,
    FileName,
    MediaType,
    SizeBytes,
    Content,
    ActorLabel,
    CreatedAt,
}

async fn evidence_files(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrEvidenceFiles as F;
    m.create_table(
        Table::create()
            .table(F::Table)
            .id(F::Id)
            .col(big_integer(F::CertificationId))
            .col(string_len(F::ItemKey, 32))
            .col(string(F::FileName))
            .col(string(F::MediaType))
            .col(big_integer(F::SizeBytes))
            .col(blob(F::Content))
            .col(string(F::ActorLabel))
            .created_at(F::CreatedAt)
            .references(
                F::CertificationId,
                CsrCertifications::Table,
                CsrCertifications::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "csr_evidence_files_certification",
        F::Table,
        [F::CertificationId],
    )
    .await
}

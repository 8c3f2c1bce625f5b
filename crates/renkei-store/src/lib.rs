//! Renkei's storage: one schema and one code path for SQLite (the embedded default) and
//! PostgreSQL (production, and several app nodes on one database).
//!
//! The schema lives in versioned migrations (`migration`), applied by [`Store::migrate`] at
//! start-up and by `renkei migrate`. Queries are written once with SeaORM / sea-query, which
//! render them for either database; nothing here branches on the backend except the
//! connection set-up and the migration lock.

pub mod audit;
mod audited;
mod bridges;
mod calls;
mod coalesce;
mod companies;
mod consultations;
mod csr;
mod dispatches;
pub mod entity;
mod events;
mod evidence;
mod grants;
mod handle;
mod history;
mod imports;
mod kernel;
mod keys;
mod links;
mod listings;
mod mail;
mod menu;
mod migration;
mod national_bodies;
mod needs;
mod network;
mod notifications;
mod oidc;
mod operations;
mod organizations;
mod partnering;
mod products;
mod records;
mod referrals;
mod registrations;
mod research_groups;
mod reviews;
mod search;
mod second_factor;
mod sessions;
mod showcase;
pub mod sync;
mod targets;
pub mod testing;
mod tokens;
mod training;
mod tx;
mod users;

pub use audit::{Actor, AuditQuery, AuditRecord};
pub use bridges::{BridgeEvent, BridgeId, BridgeOpening, BridgeRecord, BridgeWrite};
pub use calls::CallRecord;
pub use calls::applications::{
    ApplicationDraft, ApplicationEvent, ApplicationId, ApplicationRecord, ApplicationWrite,
};
pub use calls::files::ApplicationFile;
pub use calls::letters::{LetterRecord, LetterSettingsRecord};
pub use calls::reviews::{ConflictRecord, ReviewerRecord, SheetId, SheetRecord, SheetWrite};
pub use companies::{CompanyIndex, CompanyQuery, CompanyRecord, ContactRecord};
pub use consultations::{
    CaseOpening, ConsultationEvent, ConsultationId, ConsultationNote, ConsultationQuery,
    ConsultationRecord, MoveWrite,
};
pub use csr::{
    CertificationEvent, CertificationId, CertificationRecord, CertificationWrite, ChecklistId,
    ChecklistRecord, ContributionEvent, ContributionId, ContributionRecord, EvidenceFile,
    MatchingId, MatchingRecord,
};
pub use dispatches::{
    DispatchEvent, DispatchId, DispatchOpening, DispatchRecord, DispatchVisit, DispatchWithVisits,
    ExpertId, ExpertRecord,
};
pub use events::{
    Arrival, DrawRecord, EVENT_REGISTRATIONS_PER_CLIENT_PER_HOUR, EventId, EventLinks, EventQuery,
    EventRecord, EventRegistrationEvent, EventRegistrationId, EventRegistrationRecord,
    MeetingRecord, MeetingRequestId, MeetingRequestRecord, MeetingSetupRecord, MoveFields,
    NewEventRegistration, NewParticipant, OutcomeRecord, ParticipantId, ParticipantRecord, QuotaId,
    QuotaRecord, SurveyRecord,
};
pub use evidence::{
    AdoptionCount, ApplicationCount, BridgeCount, CaseRow, CsrCount, DispatchCount, EventCount,
    MeetingCount, ProductCount, ReferralHistory, StageLine, SupportCount, TargetCount, VoiceRow,
};
pub use grants::GrantRecord;
pub use handle::Store;
pub use history::HistoryLine;
pub use imports::{ImportUpload, UploadStatus};
pub use kernel::{Page, PageRequest, Result, StoreError};
pub use keys::FormTokens;
pub use links::{LinkError, LinkPurpose, ValidLink};
pub use listings::ListingRecord;
pub use mail::{MAX_ATTEMPTS, MailAttachment, MailId, OutboxRecord, OutgoingMail};
pub use menu::{MenuEntryId, MenuQuery, MenuRecord};
pub use national_bodies::NationalBodyRecord;
pub use needs::NeedSeedRecord;
pub use network::help::{
    HelpAsking, HelpConsent, HelpEvent, HelpRequestId, HelpRequestRecord, HelpScope, HelpWrite,
};
pub use network::sites::{SiteId, SiteRecord};
pub use network::threads::{PostRecord, ThreadAbout, ThreadFilter, ThreadId, ThreadRecord};
pub use network::{CoordinatorAccount, ProfileRecord};
pub use notifications::{Notice, NotificationRecord};
pub use oidc::{ClientSecret, IdentityProviderId, IdentityProviderRecord, PendingLogin, TakeError};
pub use operations::PoolUse;
pub use organizations::{HelperNames, OrganizationId, OrganizationRecord};
pub use partnering::{
    Candidacy, CandidateConsent, CandidateEvent, CandidateId, CandidateRecord, CandidateWrite,
    NewCandidate, PartnerRequestId, PartnerRequestRecord, RequestOpening,
};
pub use products::{
    AdoptionRecord, EvaluationRecord, ProductEventKind, ProductEventRecord, ProductQuery,
    ProductRecord, SupportRecord, product_row,
};
pub use referrals::{
    ActivityRecord, Answered, CompanyId, Consent, FeedbackRecord, Overdue, PreparationEvent,
    PreparationId, PreparationRecord, PreparationWrite, Preparing, ProductId, ReferralEventRecord,
    ReferralId, ReferralQuery, ReferralRecord, ReferralTargetRecord, TARGET_LINK_VALID,
    TargetLinkError,
};
pub use registrations::{
    Approved, REGISTRATIONS_PER_CLIENT_PER_HOUR, RegistrationEvent, RegistrationId,
    RegistrationRecord,
};
pub use research_groups::{
    GroupDocument, GroupMeetingId, GroupMeetingRecord, MemberId, MemberRecord, ResearchGroupId,
    ResearchGroupRecord,
};
pub use reviews::{ReviewRecord, VoiceRecord};
pub use search::{DocKind, Hit, REINDEX_ACTION, SearchQuery, SearchResult, Similar, TargetMatch};
pub use second_factor::{PendingOutcome, SecondFactorStatus};
pub use sessions::{NewSession, SessionInfo, SignInError};
pub use showcase::{ShowcaseEntry, ShowcaseFilter, ShowcaseRecord};
pub use sync::City;
pub use targets::{SalesTargetRecord, TargetId, TargetQuery};
pub use tokens::{ApiTokenId, ApiTokenRecord, TOKEN_PREFIX, TokenInfo};
pub use training::{
    CertificateId, CertificateRecord, CourseRecord, CurriculumId, CurriculumRecord,
    NewTrainingRecord, TrainingRecord, TrainingRecordId,
};
pub use tx::Tx;
pub use users::{Invited, UserId, UserRecord, role_label};

/// A fresh secret: 256 bits from the operating system's CSPRNG, as 64 hex characters (for
/// CSRF tokens of forms that have no session yet).
pub fn new_token() -> String {
    sessions::random_token()
}

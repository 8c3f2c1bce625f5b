//! Renkei's documents as PDF, typeset by [typst](https://typst.app) with Japanese fonts
//! embedded.
//!
//! A document is a typst template (in `templates/`, compiled into the binary) and a value
//! serialised to JSON, which the template reads as `json("/data.json")`. The template never
//! reaches the file system, the network or the clock: everything it shows, labels and dates
//! included (already in the reader's language and in 和暦 where the form uses it), comes in
//! the value, so the same value always gives the same document.
//!
//! Fonts: the IPAex fonts (Debian's `fonts-ipaexfont`), or every `.ttf`/`.otf`/`.ttc` file
//! in the folder `RENKEI_FONTS` names. They are read once per process.
//!
//! Typesetting takes tens of milliseconds of CPU: callers on an async runtime run
//! [`render`] on a blocking thread.

mod agenda;
mod bridge;
mod certificate;
mod letter;
mod report;
mod world;

pub use agenda::{AgendaDocument, AgendaLine, agenda};
pub use bridge::{BridgeDocument, bridge};
pub use certificate::{CertificateDocument, certificate};
pub use letter::{DecisionLetter, LetterItem, letter};
pub use report::{ReportDocument, ReportQuote, ReportSection, ReportTable, report};
pub use world::{Error, render};

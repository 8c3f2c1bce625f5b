//! The typst world a document is typeset in: one template, one JSON value at `/data.json`,
//! the fonts, and nothing else (no files, no packages, no clock).

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No font to typeset Japanese with.
    #[error(
        "no Japanese font: install Debian's fonts-ipaexfont, or set RENKEI_FONTS to a folder of .ttf/.otf files"
    )]
    NoFonts,
    /// The template or the value was wrong (a defect: the message says where).
    #[error("typesetting failed: {0}")]
    Typeset(String),
}

/// The folders searched for fonts when `RENKEI_FONTS` is not set.
const DEBIAN_FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/ipaexfont-gothic",
    "/usr/share/fonts/opentype/ipaexfont-mincho",
];

/// The fonts, read once.
struct Fonts {
    book: LazyHash<FontBook>,
    list: Vec<Font>,
}

fn font_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        })
        .collect();
    files.sort();
    files
}

fn load_fonts() -> Option<Fonts> {
    let dirs: Vec<PathBuf> = match std::env::var_os("RENKEI_FONTS") {
        Some(dir) if !dir.is_empty() => vec![PathBuf::from(dir)],
        _ => DEBIAN_FONTS.iter().map(PathBuf::from).collect(),
    };
    let list: Vec<Font> = dirs
        .iter()
        .flat_map(|d| font_files(d))
        .filter_map(|f| std::fs::read(f).ok())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    if list.is_empty() {
        return None;
    }
    Some(Fonts {
        book: LazyHash::new(FontBook::from_fonts(&list)),
        list,
    })
}

fn fonts() -> Result<&'static Fonts, Error> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS.get_or_init(load_fonts).as_ref().ok_or(Error::NoFonts)
}

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("a fixed, valid path");
    FileId::new(RootedPath::new(VirtualRoot::Project, path))
}

/// One document being typeset.
struct Doc {
    fonts: &'static Fonts,
    main: Source,
    data_id: FileId,
    data: Bytes,
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_with_slash()))
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.list.get(index).cloned()
    }

    /// No clock: a document shows the dates its value gives.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn diagnostics(errors: EcoVec<SourceDiagnostic>) -> Error {
    let text: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
    Error::Typeset(text.join("; "))
}

/// Typesets `template` with `data` readable as `json("/data.json")`, as PDF bytes.
pub fn render(template: &str, data: &impl Serialize) -> Result<Vec<u8>, Error> {
    let fonts = fonts()?;
    let json = serde_json::to_vec(data).map_err(|e| Error::Typeset(e.to_string()))?;
    let doc = Doc {
        fonts,
        main: Source::new(file_id("/main.typ"), template.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::new(json),
    };
    let paged: PagedDocument = typst::compile(&doc).output.map_err(diagnostics)?;
    let pdf = typst_pdf::pdf(&paged, &PdfOptions::default()).map_err(diagnostics);
    // Typst memoises across documents; keep only what recent ones used.
    typst::comemo::evict(10);
    pdf
}

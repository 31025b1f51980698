//! PRD.md and CLAUDE.md: from Markdown to the requirements model.
//!
//! [`parse`], [`parse_parts`] and [`parse_claude`] read bytes in two steps:
//! [`document`] turns Markdown into sections of blocks, then a reader
//! recognises what each section means, by the words of
//! [`vocab`](self) in any of its languages. Neither panics nor fails on odd
//! Markdown; only input that is not UTF-8 or is over [`MAX_INPUT_BYTES`]
//! is refused.

mod claude;
pub mod document;
mod input;
mod model;
mod requirements;
mod sections;
mod summary;
mod target_words;
mod targets;
mod text;
mod vocab;

pub use input::{InputError, MAX_INPUT_BYTES};
pub use model::*;

use document::Document;

/// Reads a PRD.md named `PRD.md`. Empty input gives an empty [`Prd`].
pub fn parse(input: &[u8]) -> Result<Prd, InputError> {
    parse_parts(&[("PRD.md", input)]).map_err(|(_, error)| error)
}

/// Reads the parts of a PRD (the files of a folder, in name order) as one
/// document: every item keeps its file and line, and each file gets its
/// summary. The error names the file that could not be read.
pub fn parse_parts<'f>(parts: &[(&'f str, &[u8])]) -> Result<Prd, (&'f str, InputError)> {
    let mut prd = Prd::default();
    for &(file, bytes) in parts {
        let source = input::decode(bytes).map_err(|error| (file, error))?;
        let doc = Document::parse(source);
        let mut read = requirements::read(&doc, file);
        read.documents = vec![summary::of(&read, &doc, file)];
        summary::merge(&mut prd, read);
    }
    Ok(prd)
}

/// Reads a CLAUDE.md named `CLAUDE.md`. Empty input gives an empty [`ClaudeMd`].
pub fn parse_claude(input: &[u8]) -> Result<ClaudeMd, InputError> {
    parse_claude_named("CLAUDE.md", input)
}

/// Reads a CLAUDE.md named `file`: its lines cite that name.
pub fn parse_claude_named(file: &str, input: &[u8]) -> Result<ClaudeMd, InputError> {
    let source = input::decode(input)?;
    Ok(claude::read(&Document::parse(source), source, file))
}

//! PRD.md and CLAUDE.md: from Markdown to the requirements model.
//!
//! [`parse`] and [`parse_claude`] read bytes in two steps: [`document`] turns
//! Markdown into sections of blocks, then a reader recognises what each
//! section means. Neither panics nor fails on odd Markdown; only input that
//! is not UTF-8 or is over [`MAX_INPUT_BYTES`] is refused.

mod claude;
pub mod document;
mod input;
mod model;
mod requirements;
mod target_words;
mod targets;
mod text;

pub use input::{InputError, MAX_INPUT_BYTES};
pub use model::*;

use document::Document;

/// Reads a PRD.md. Empty input gives an empty [`Prd`].
pub fn parse(input: &[u8]) -> Result<Prd, InputError> {
    let source = input::decode(input)?;
    Ok(requirements::read(&Document::parse(source)))
}

/// Reads a CLAUDE.md. Empty input gives an empty [`ClaudeMd`].
pub fn parse_claude(input: &[u8]) -> Result<ClaudeMd, InputError> {
    let source = input::decode(input)?;
    Ok(claude::read(&Document::parse(source)))
}

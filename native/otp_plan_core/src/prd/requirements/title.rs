//! The product's name: from the first level-1 heading, or, when that only
//! says what the document is ("Product Requirements Document (PRD)"), from
//! the heading after it; else from front matter.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::prd::document::Document;
use crate::prd::sections::{self, Kind};
use crate::prd::text::{self, Words};
use crate::prd::vocab::{Label, LANGUAGES};

/// Every word of a document-type phrase (`product`, `requirement`, `prd`, …).
static DOCUMENT_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .flat_map(|l| l.labels)
        .filter(|(label, _)| *label == Label::DocumentType)
        .flat_map(|(_, phrases)| phrases.iter())
        .flat_map(|p| Words::of(p).iter().map(str::to_string).collect::<Vec<_>>())
        .chain(["document", "doc", "draft", "version"].map(String::from))
        .collect()
});

/// The index of the part naming the product, and the name.
pub fn find(doc: &Document) -> Option<(usize, String)> {
    let first = doc.parts.iter().position(|p| p.level > 0 && !p.pseudo)?;
    let part = &doc.parts[first];
    if part.level != 1 {
        return None;
    }
    match product_name(&part.raw_title) {
        // A section's heading (`# Overview`) names no product.
        Some(name) if Kind::of(&name).is_none() || name != part.title => {
            return Some((first, name))
        }
        Some(_) => return None,
        None => {}
    }
    // A generic title: the name is the next heading, when that is a name
    // rather than a section.
    let next = doc.parts[first + 1..]
        .iter()
        .position(|p| !p.pseudo && p.level <= 2)
        .map(|i| first + 1 + i)?;
    let candidate = &doc.parts[next];
    let is_section = Kind::of(&candidate.title).is_some();
    (!is_section)
        .then(|| product_name(&candidate.raw_title))
        .flatten()
        .map(|name| (next, name))
}

pub fn from_front_matter(doc: &Document) -> Option<String> {
    ["project", "name", "title", "product"]
        .iter()
        .find_map(|key| {
            doc.front_matter
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
        })
        .and_then(|(_, value)| product_name(value))
}

/// Whether a title only says what the document is.
fn is_document_type(raw: &str) -> bool {
    let words = Words::of(&without_brackets(raw));
    !words.is_empty() && words.iter().all(is_document_word)
}

fn is_document_word(word: &str) -> bool {
    DOCUMENT_WORDS.contains(word)
        || word
            .trim_start_matches('v')
            .chars()
            .all(|c| c.is_ascii_digit())
}

/// `raw` without bracketed groups that only name the document (`(PRD)`).
fn without_brackets(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(open) = rest.find(['(', '[']) {
        let close = rest[open..].find([')', ']']).map(|c| open + c + 1);
        let Some(close) = close else { break };
        out.push_str(&rest[..open]);
        let inner = &rest[open..close];
        if !is_document_type(&inner[1..inner.len() - 1]) {
            out.push_str(inner);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// `Product Requirements Document: Shop` → `Shop`; `Shop PRD` → `Shop`;
/// `Aurum Vault — MVP Product Requirements Document (PRD)` → `Aurum Vault`;
/// `Tools for Teachers` stays whole. `None` when only document words remain.
pub fn product_name(raw: &str) -> Option<String> {
    let raw = without_brackets(raw);
    let mut pieces: Vec<&str> = Vec::new();
    for piece in raw
        .split([':', '—', '–', '|', '：'])
        .flat_map(|p| p.split(" - "))
    {
        // `PRD for Shop`: only a document phrase before `for` is dropped.
        match piece.split_once(" for ") {
            Some((before, after)) if is_document_type(before) => pieces.push(after),
            _ => pieces.push(piece),
        }
    }
    let named = pieces
        .into_iter()
        .find(|p| !p.trim().is_empty() && !is_document_type(p) && !Words::of(p).is_empty())?;
    let mut tokens: Vec<&str> = named.split_whitespace().collect();
    let generic = |t: &&str| {
        let words = Words::of(t);
        !words.is_empty() && words.iter().all(is_document_word)
    };
    while tokens.len() > 1 && tokens.last().is_some_and(generic) {
        tokens.pop();
    }
    while tokens.len() > 1 && tokens.first().is_some_and(generic) {
        tokens.remove(0);
    }
    let name = text::clean_heading(&tokens.join(" ")).into_owned();
    (!name.is_empty() && sections::label(&name) != Some(Label::DocumentType)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> Option<String> {
        product_name(raw)
    }

    #[test]
    fn names_without_the_document_words() {
        assert_eq!(
            name("Product Requirements Document: Shop").as_deref(),
            Some("Shop")
        );
        assert_eq!(name("Shop PRD").as_deref(), Some("Shop"));
        assert_eq!(
            name("Harbor — MVP Product Requirements Document (PRD)").as_deref(),
            Some("Harbor")
        );
        assert_eq!(
            name("PRD for Tools for Teachers").as_deref(),
            Some("Tools for Teachers")
        );
        assert_eq!(name("Ledger Specification").as_deref(), Some("Ledger"));
        assert_eq!(name("Dock Hub — PRD v1.2.0").as_deref(), Some("Dock Hub"));
        assert_eq!(
            name("Product Requirements Document - tide-api").as_deref(),
            Some("tide-api")
        );
    }

    #[test]
    fn a_generic_title_has_no_name() {
        assert_eq!(name("Product Requirements Document (PRD)"), None);
        assert_eq!(name("PRD"), None);
        assert_eq!(name("Documento de Requisitos del Producto"), None);
    }
}

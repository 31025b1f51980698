//! The product's name: from the first level-1 heading, or, when that only
//! says what the document is ("Product Requirements Document (PRD)"), from
//! the heading after it; else from front matter.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::prd::document::{Block, Document};
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
    let is_section = Kind::of_words(&candidate.words).is_some();
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

/// Every document-type phrase, as normalised words.
static DOCUMENT_PHRASES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .flat_map(|l| l.labels)
        .filter(|(label, _)| *label == Label::DocumentType)
        .flat_map(|(_, phrases)| phrases.iter())
        .map(|p| Words::of(p).iter().map(str::to_string).collect())
        .collect()
});

/// How many of the last tokens are a document phrase, leaving a name before them.
fn document_phrase_at_end(tokens: &[&str]) -> Option<usize> {
    (1..tokens.len())
        .rev()
        .find(|&n| is_phrase(&tokens[tokens.len() - n..]))
}

fn document_phrase_at_start(tokens: &[&str]) -> Option<usize> {
    (1..tokens.len()).rev().find(|&n| is_phrase(&tokens[..n]))
}

fn is_phrase(tokens: &[&str]) -> bool {
    let words = Words::of(&tokens.join(" "));
    let words: Vec<&str> = words.iter().collect();
    !words.is_empty()
        && (DOCUMENT_PHRASES.iter().any(|p| *p == words)
            || words.iter().all(|w| {
                w.trim_start_matches('v')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
            }))
}

/// `UC-0052`, `PRD-IRPF-001`: a code, not a name.
fn is_id(piece: &str) -> bool {
    let piece = piece.trim();
    !piece.contains(' ')
        && piece.chars().any(|c| c.is_ascii_digit())
        && piece.contains('-')
        && piece.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A name on the first line of a document without a title heading:
/// `PRD — Sistema X`, `Project: Ledger`.
pub fn from_first_line(doc: &Document) -> Option<String> {
    let part = doc.parts.first()?;
    let Some(Block::Paragraph { lines }) = part.blocks.first() else {
        return None;
    };
    let line = lines.first()?;
    let plain = line.plain();
    let (before, after) = plain.split_once([':', '—', '–', '：'])?;
    let names = Words::of(before);
    let labelled = [
        "project", "product", "name", "projeto", "proyecto", "produit",
    ]
    .iter()
    .any(|w| names.iter().eq([*w]));
    if labelled {
        product_name(after)
    } else if is_document_type(before) {
        product_name(&plain)
    } else {
        None
    }
}

/// Words after a name that say it names the product: `the Ledger project`.
const PRODUCT_NOUNS: &[&str] = &[
    "project",
    "application",
    "app",
    "platform",
    "system",
    "tool",
    "product",
];

/// For a document without a title: the product its opening paragraphs
/// name as `the <Name> project` (or application, platform, …), the name
/// capitalised.
pub fn from_opening(doc: &Document) -> Option<String> {
    let mut lines = doc.parts.iter().take(3).flat_map(|p| {
        p.blocks.iter().flat_map(|b| match b {
            Block::Paragraph { lines } => lines.as_slice(),
            _ => &[],
        })
    });
    lines.find_map(|line| named_product(&line.plain()))
}

fn named_product(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        if !token.eq_ignore_ascii_case("the") {
            continue;
        }
        let name: Vec<&str> = tokens[i + 1..]
            .iter()
            .take_while(|t| t.starts_with(|c: char| c.is_uppercase()))
            .copied()
            .collect();
        let noun = tokens
            .get(i + 1 + name.len())
            .map(|t| t.trim_end_matches(['.', ',', ';']));
        if !name.is_empty() && noun.is_some_and(|n| PRODUCT_NOUNS.contains(&n)) {
            return Some(name.join(" "));
        }
    }
    None
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
    // The first piece that names something: not the document's kind, not
    // an identifier such as `UC-0052`.
    let named = pieces.into_iter().find(|p| {
        !p.trim().is_empty() && !is_document_type(p) && !Words::of(p).is_empty() && !is_id(p)
    })?;
    let mut tokens: Vec<&str> = named.split_whitespace().collect();
    // A document phrase at either end (`Shop PRD`, `Ledger Build Plan`),
    // whole: `Six-Lens Master Plan` keeps its `Plan`.
    while let Some(n) = document_phrase_at_end(&tokens) {
        tokens.truncate(tokens.len() - n);
    }
    while let Some(n) = document_phrase_at_start(&tokens) {
        tokens.drain(..n);
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
    fn a_product_named_in_the_opening() {
        assert_eq!(
            named_product("Phases for the Harbor Sync project, in order.").as_deref(),
            Some("Harbor Sync")
        );
        assert_eq!(named_product("Phases for the project."), None);
        assert_eq!(named_product("the Best tool"), Some("Best".into()));
    }

    #[test]
    fn a_generic_title_has_no_name() {
        assert_eq!(name("Product Requirements Document (PRD)"), None);
        assert_eq!(name("PRD"), None);
        assert_eq!(name("Documento de Requisitos del Producto"), None);
    }
}

//! Numbered requirements (`FR-1`, `FR1.2`, `US-003`, `RF05`): when a
//! document numbers its requirements, those numbered units are its
//! features, at the finest level it numbers, whatever the headings say.

use std::collections::HashSet;

use crate::prd::document::{Block, Document, Item};
use crate::prd::model::Feature;

use super::features;

/// Prefixes of requirement numbers, each its own family.
const FAMILIES: &[&str] = &[
    "FR", "RF", "REQ", "RQ", "US", "U", "F", "FEAT", "STORY", "UR", "CAP",
];

/// Prefixes that number something else: non-functional requirements,
/// acceptance criteria, tests, decisions, risks, rules, standards.
const NOT_REQUIREMENTS: &[&str] = &[
    "NFR", "NF", "AC", "TC", "SC", "ADR", "RISK", "BR", "RN", "DR", "CR", "PR", "ISO", "RFC",
    "HTTP", "UTF", "SHA", "CVE", "UC", "NFRS", "TASK", "T", "R", "P", "M", "Q", "V", "S", "W",
];

/// Words that, followed by a number, name a requirement heading: `### Requirement 3`.
const UNIT_WORDS: &[&str] = &[
    "Requirement",
    "Requisito",
    "Story",
    "User Story",
    "Anforderung",
];

/// Fewest numbered units that make a document's requirement list.
const AT_LEAST: usize = 3;

/// The requirement number `text` starts with: (family, number). A prefix
/// not listed (`DIST-01`, `PTT-02`) counts when written with a dash and
/// two digits, all such prefixes as one family: projects number their
/// requirements by area.
pub fn id_of(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    for word in UNIT_WORDS {
        if let Some(rest) = text.strip_prefix(word).and_then(|r| r.strip_prefix(' ')) {
            let n = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let n = rest[..n].trim_end_matches('.').len();
            if n > 0 && !rest[n..].starts_with(|c: char| c.is_alphanumeric()) {
                return Some((word, &text[..word.len() + 1 + n]));
            }
        }
    }
    let prefix_len = text
        .find(|c: char| !c.is_ascii_uppercase())
        .unwrap_or(text.len());
    let prefix = &text[..prefix_len];
    let rest = &text[prefix_len..];
    let family = if FAMILIES.contains(&prefix) {
        prefix
    } else if (2..=5).contains(&prefix_len)
        && !NOT_REQUIREMENTS.contains(&prefix)
        && rest.starts_with('-')
        && rest[1..].chars().take_while(char::is_ascii_digit).count() >= 2
    {
        "area"
    } else {
        return None;
    };
    // `FR-A01`: a letter names the area, digits follow.
    let area_letter = rest.len() > 2
        && rest.starts_with('-')
        && rest[1..].starts_with(|c: char| c.is_ascii_uppercase())
        && rest[2..].starts_with(|c: char| c.is_ascii_digit());
    let digits_at = usize::from(rest.starts_with(['-', '_'])) + usize::from(area_letter);
    let number = &rest[digits_at..];
    let len = number
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(number.len());
    let digits = number[..len].trim_end_matches('.');
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A lettered variant (`FR-004a`), then the end of the number.
    let mut end = prefix_len + digits_at + digits.len();
    if text[end..].starts_with(|c: char| c.is_ascii_lowercase())
        && !text[end + 1..].starts_with(|c: char| c.is_alphanumeric())
    {
        end += 1;
    }
    let after = &text[end..];
    let ends =
        after.is_empty() || after.starts_with([':', ' ', ')', '(', '.', '-', '—', '*', '：']);
    ends.then_some((family, &text[..end]))
}

/// Where a numbered unit is written.
enum Unit<'d, 'a> {
    Heading(usize),
    Item(&'d Item<'a>),
    Line(String, usize),
}

/// The features of a document that numbers its requirements, or `None`.
/// `skip[i]` marks parts whose units are not requirements (out of scope,
/// future, appendices).
pub fn features<'d, 'a>(doc: &'d Document<'a>, skip: &[bool], file: &str) -> Option<Vec<Feature>> {
    let mut units: Vec<(String, String, Unit<'d, 'a>)> = Vec::new();
    let mut add = |text: &str, unit: Unit<'d, 'a>| {
        if let Some((family, id)) = id_of(text) {
            units.push((family.to_string(), id.to_string(), unit));
        }
    };
    for (i, part) in doc.parts.iter().enumerate() {
        if skip[i] {
            continue;
        }
        if part.level > 0 {
            add(&part.raw_title, Unit::Heading(i));
        }
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => {
                    for line in lines {
                        let plain = line.plain();
                        // Most lines carry no number: copied only when one does.
                        if id_of(&plain).is_some() {
                            add(&plain, Unit::Line(plain.to_string(), line.span.line));
                        }
                    }
                }
                Block::List { items, .. } => {
                    let mut stack: Vec<&'d Item<'a>> = items.iter().rev().collect();
                    while let Some(item) = stack.pop() {
                        add(&item.line.plain(), Unit::Item(item));
                        stack.extend(item.children.iter().rev());
                    }
                }
                Block::Table { rows, span, .. } => {
                    for (n, row) in rows.iter().enumerate() {
                        if let Some(first) = row.first().filter(|f| id_of(f).is_some()) {
                            add(first, Unit::Line(row.join(" | "), span.line + 2 + n));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (family, _, _) in &units {
        match counts.iter_mut().find(|(f, _)| f == family) {
            Some((_, n)) => *n += 1,
            None => counts.push((family, 1)),
        }
    }
    // The family numbering the most units: the document's finest breakdown.
    let family = counts.iter().max_by_key(|(_, n)| *n)?.0.to_string();
    let ids: Vec<String> = units
        .iter()
        .filter(|(f, _, _)| *f == family)
        .map(|(_, id, _)| id.clone())
        .collect();
    // The finest level: `FR1` goes when `FR1.1` is there.
    let parents: HashSet<&str> = ids
        .iter()
        .filter(|id| ids.iter().any(|other| other.starts_with(&format!("{id}."))))
        .map(String::as_str)
        .collect();
    let mut seen = HashSet::new();
    let chosen: Vec<&(String, String, Unit)> = units
        .iter()
        .filter(|(f, id, _)| *f == family && !parents.contains(id.as_str()))
        .filter(|(_, id, _)| seen.insert(id.clone()))
        .collect();
    if chosen.len() < AT_LEAST {
        return None;
    }
    Some(
        chosen
            .into_iter()
            .map(|(_, _, unit)| match unit {
                Unit::Heading(i) => features::of_part(doc, *i, None, file),
                Unit::Item(item) => features::of_item(item, None, file),
                Unit::Line(text, line) => Feature {
                    name: text.clone(),
                    file: file.to_string(),
                    line: *line,
                    ..Feature::default()
                },
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_numbers() {
        assert_eq!(id_of("FR-1: Sign in"), Some(("FR", "FR-1")));
        assert_eq!(id_of("FR1.2 System shall"), Some(("FR", "FR1.2")));
        assert_eq!(id_of("**US-003**: Export"), Some(("US", "US-003")));
        assert_eq!(id_of("FR-004a (Layout)"), Some(("FR", "FR-004a")));
        assert_eq!(id_of("NFR-1: Fast"), None);
        assert_eq!(id_of("FRIDAY release"), None);
        assert_eq!(id_of("P0 items"), None);
        assert_eq!(id_of("F1 racing"), Some(("F", "F1")));
        assert_eq!(id_of("DIST-01: Builds"), Some(("area", "DIST-01")));
        assert_eq!(id_of("ISO-9001 rules"), None);
        assert_eq!(id_of("FR-A01: Holdings"), Some(("FR", "FR-A01")));
        assert_eq!(id_of("Story 1.2 Load data"), Some(("Story", "Story 1.2")));
        assert_eq!(
            id_of("Requirement 3"),
            Some(("Requirement", "Requirement 3"))
        );
    }

    #[test]
    fn the_finest_numbered_level_is_the_features() {
        let doc = Document::parse(
            "# Spec\n## FR1: Search\n- FR1.1: by name\n- FR1.2: by type\n## FR2: Lists\n- FR2.1: add\n## Out of scope\n- FR9.1: later\n",
        );
        let skip: Vec<bool> = (0..doc.parts.len()).map(|i| i == 4).collect();
        let found = features(&doc, &skip, "PRD.md").unwrap();
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["FR1.1: by name", "FR1.2: by type", "FR2.1: add"]);
        assert_eq!(found[2].line, 6);
    }
}

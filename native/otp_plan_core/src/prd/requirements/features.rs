//! Features: headings and bold pseudo-headings under a features section,
//! list items (`FR-1` bullets, user stories), requirement table rows; each
//! with its priority, acceptance criteria (checklists, Gherkin) and details.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::prd::document::{Block, Document, Item, Line};
use crate::prd::model::Feature;
use crate::prd::sections::{self, Kind};
use crate::prd::text::{self, Words};
use crate::prd::vocab::Label;

/// `(Priority: P1)`, `(P0)`, `[Must]` in a title.
fn priority_in(raw: &str) -> Option<String> {
    let words = Words::of(raw);
    let p_level =
        |w: &str| w.len() == 2 && w.starts_with('p') && w[1..].chars().all(|c| c.is_ascii_digit());
    if let Some(level) = words.iter().find(|w| p_level(w)) {
        return Some(level.to_uppercase());
    }
    let mut after = words.iter().skip_while(|&w| w != "priority");
    after.next()?;
    after.next().map(str::to_string)
}

fn is_acceptance(words: &Words) -> bool {
    matches!(
        sections::label_of(words),
        Some(Label::Acceptance | Label::DoneWhen)
    ) || Kind::of_words(words) == Some(Kind::SuccessCriteria)
}

/// Gherkin steps of a code block or paragraph line.
fn is_gherkin(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or_default();
    matches!(
        first.trim_end_matches(':'),
        "Given" | "When" | "Then" | "And" | "But" | "Scenario" | "Dado" | "Cuando" | "Entonces"
    )
}

/// A feature from a heading and everything under it.
pub fn of_part(doc: &Document, index: usize, priority: Option<&str>, file: &str) -> Feature {
    let part = &doc.parts[index];
    let mut feature = Feature {
        name: part.title.to_string(),
        file: file.to_string(),
        line: part.span.line,
        priority: priority_in(&part.raw_title).or_else(|| priority.map(str::to_string)),
        ..Feature::default()
    };
    let mut acceptance_below: Option<u8> = None;
    for i in std::iter::once(index).chain(doc.descendants(index)) {
        let sub = &doc.parts[i];
        if acceptance_below.is_some_and(|l| sub.level <= l) {
            acceptance_below = None;
        }
        if i != index && is_acceptance(&sub.words) {
            acceptance_below = Some(sub.level);
        }
        let accepting = acceptance_below.is_some();
        for block in &sub.blocks {
            match block {
                Block::Paragraph { lines } => {
                    for line in lines {
                        if accepting || is_gherkin(&line.text) {
                            feature.acceptance.push(line.plain().into_owned());
                        } else {
                            note(&mut feature, line);
                        }
                    }
                }
                Block::List { items, .. } => {
                    for item in items {
                        if accepting || item.checked.is_some() {
                            flatten(item, &mut feature.acceptance);
                        } else {
                            note_item(&mut feature, item);
                        }
                    }
                }
                Block::Code { code, lang, .. } => {
                    let gherkin = lang
                        .as_deref()
                        .is_some_and(|l| matches!(l, "gherkin" | "feature" | "cucumber"));
                    for line in code.lines().map(str::trim) {
                        if (gherkin && !line.is_empty()) || is_gherkin(line) {
                            feature.acceptance.push(line.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    feature
}

/// `REQ-12`, `FR-1`, `US-003`, `NFR-P1`, `F1`: a label that only identifies.
fn is_id(label: &str) -> bool {
    let label = label.trim();
    label.chars().any(|c| c.is_ascii_digit())
        && !label.contains(' ')
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.".contains(c))
}

/// A feature from a list item: `**Name**: description`, `FR-1: text`, a
/// user story; sub-items are its details or acceptance criteria.
pub fn of_item(item: &Item, priority: Option<&str>, file: &str) -> Feature {
    let line = &item.line;
    let (name, description) = match &line.label {
        Some(label) if is_id(label) && !line.text.is_empty() => (line.plain().into_owned(), None),
        Some(label) => (
            text::clean_heading(label).into_owned(),
            Some(line.text.to_string()).filter(|t| !t.is_empty()),
        ),
        None => (line.text.to_string(), None),
    };
    let mut feature = Feature {
        priority: priority_in(&name).or_else(|| priority.map(str::to_string)),
        name,
        description,
        file: file.to_string(),
        line: line.span.line,
        ..Feature::default()
    };
    let mut accepting = false;
    for child in &item.children {
        let words = &child.line.label_words;
        let label = (!words.is_empty())
            .then(|| sections::label_of(words))
            .flatten();
        if !words.is_empty() && is_acceptance(words) {
            accepting = true;
            if !child.line.text.is_empty() {
                feature.acceptance.push(child.line.text.to_string());
            }
            child
                .children
                .iter()
                .for_each(|c| flatten(c, &mut feature.acceptance));
        } else if label == Some(Label::Priority) {
            feature.priority = Some(child.line.text.to_string());
        } else if accepting || child.checked.is_some() || is_gherkin(&child.line.text) {
            flatten(child, &mut feature.acceptance);
        } else {
            note_item(&mut feature, child);
        }
    }
    feature
}

/// Rows of a table whose header names the requirement (`ID | Requirement |
/// Priority`); the first row starts two lines below the header.
pub fn of_table(
    header: &[Cow<str>],
    rows: &[Vec<Cow<str>>],
    file: &str,
    line: usize,
) -> Option<Vec<Feature>> {
    let columns: Vec<Option<Label>> = header.iter().map(|h| sections::label(h)).collect();
    let at = |wanted: Label| columns.iter().position(|c| *c == Some(wanted));
    let name = at(Label::Requirement)?;
    let description = at(Label::Description).filter(|&d| d != name);
    let priority = at(Label::Priority);
    let acceptance = at(Label::Acceptance);
    Some(
        rows.iter()
            .enumerate()
            .filter_map(|(n, row)| {
                Some(Feature {
                    name: super::cell(row, Some(name))?,
                    file: file.to_string(),
                    line: line + 2 + n,
                    priority: super::cell(row, priority),
                    description: super::cell(row, description),
                    acceptance: super::cell(row, acceptance).into_iter().collect(),
                    ..Feature::default()
                })
            })
            .collect(),
    )
}

/// A feature named again (a feature list, then user stories grouped under
/// the same names) is one feature: the later mention adds its details,
/// acceptance criteria and priority to the first.
pub fn merge_repeats(features: Vec<Feature>) -> Vec<Feature> {
    let mut merged: Vec<Feature> = Vec::with_capacity(features.len());
    // Each name's words (and file) → its first feature, so that a long
    // list is read once, not once per feature.
    let mut first_of: HashMap<(String, Words), usize> = HashMap::new();
    for feature in features {
        let words = Words::of(&feature.name);
        if words.is_empty() {
            merged.push(feature);
            continue;
        }
        let key = (feature.file.clone(), words);
        match first_of.get(&key) {
            Some(&at) => {
                let first = &mut merged[at];
                first.priority = first.priority.take().or(feature.priority);
                first.description = first.description.take().or(feature.description);
                first.acceptance.extend(feature.acceptance);
                first.details.extend(feature.details);
            }
            None => {
                first_of.insert(key, merged.len());
                merged.push(feature);
            }
        }
    }
    merged
}

fn flatten(item: &Item, out: &mut Vec<String>) {
    out.push(item.line.plain().into_owned());
    item.children.iter().for_each(|child| flatten(child, out));
}

/// An item's line as a note; its sub-items as notes too, or as acceptance
/// criteria when they are checklist items or Gherkin steps.
fn note_item(feature: &mut Feature, item: &Item) {
    note(feature, &item.line);
    for child in &item.children {
        if child.checked.is_some() || is_gherkin(&child.line.text) {
            flatten(child, &mut feature.acceptance);
        } else {
            note_item(feature, child);
        }
    }
}

/// Files a line under the note its label names (`**Processes**: …`); the
/// first unlabelled line describes the feature, the others are details.
fn note(feature: &mut Feature, line: &Line) {
    let words = &line.label_words;
    let has = |w: &str| words.contains(w);
    let slot = if words.is_empty() {
        if feature.description.is_some() {
            feature.details.push(line.plain().into_owned());
            return;
        }
        &mut feature.description
    } else if has("process") {
        &mut feature.processes
    } else if has("supervision") {
        &mut feature.supervision
    } else if has("concurrency") {
        &mut feature.concurrency
    } else if has("error") || has("failure") || has("fault") {
        &mut feature.error_handling
    } else if sections::label_of(words) == Some(Label::Description) {
        &mut feature.description
    } else if sections::label_of(words) == Some(Label::Priority) {
        &mut feature.priority
    } else {
        feature.details.push(line.plain().into_owned());
        return;
    };
    let text = if words.is_empty() {
        line.plain().into_owned()
    } else {
        line.text.to_string()
    };
    if slot.is_none() && !text.is_empty() {
        *slot = Some(text);
    } else if !text.is_empty() {
        feature.details.push(line.plain().into_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_in_titles() {
        assert_eq!(
            priority_in("User Story 1 - Glance (Priority: P1)").as_deref(),
            Some("P1")
        );
        assert_eq!(priority_in("Login (P0)").as_deref(), Some("P0"));
        assert_eq!(priority_in("Login"), None);
    }

    #[test]
    fn ids_and_user_stories() {
        let doc = Document::parse(
            "- **FR-1**: Users sign in\n  - [ ] Rejects bad passwords\n- As a buyer, I want a cart\n  - Given a cart\n",
        );
        let Block::List { items, .. } = &doc.parts[0].blocks[0] else {
            panic!()
        };
        let first = of_item(&items[0], None, "PRD.md");
        assert_eq!(first.name, "FR-1: Users sign in");
        assert_eq!(first.acceptance, ["Rejects bad passwords"]);
        let story = of_item(&items[1], Some("Must"), "PRD.md");
        assert_eq!(story.name, "As a buyer, I want a cart");
        assert_eq!(story.priority.as_deref(), Some("Must"));
        assert_eq!(story.acceptance, ["Given a cart"]);
        assert_eq!(story.line, 3);
    }
}

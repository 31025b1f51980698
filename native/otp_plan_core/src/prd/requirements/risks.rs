//! Risks: table rows, list items with Impact / Probability / Mitigation
//! fields (as sub-bullets, following bullets or label pairs), and headings
//! that name one risk.

use std::borrow::Cow;

use crate::prd::document::{Block, Item, Line, Part};
use crate::prd::model::Risk;
use crate::prd::sections;
use crate::prd::vocab::Label;

/// The risk field a line names, bold (`**Impact**: High`) or not
/// (`Impact: High`), and its value.
fn field<'l>(line: &'l Line) -> Option<(Label, &'l str)> {
    let (label, value) = match line.label.as_deref() {
        Some(label) => (label, line.text.as_ref()),
        None => {
            let (label, value) = line.text.split_once([':', '：'])?;
            (label, value.trim())
        }
    };
    match sections::label(label) {
        Some(l @ (Label::Risk | Label::Probability | Label::Impact | Label::Mitigation)) => {
            Some((l, value))
        }
        _ => None,
    }
}

fn set(risk: &mut Risk, label: Label, value: &str) {
    let value = Some(value.to_string()).filter(|v| !v.is_empty());
    let slot = match label {
        Label::Probability => &mut risk.probability,
        Label::Impact => &mut risk.impact,
        Label::Mitigation => &mut risk.mitigation,
        _ => return,
    };
    if slot.is_none() {
        *slot = value;
    }
}

/// Reads the risks of a part under a risks section. `names_risk` is true
/// when the part's own heading is one risk (`#### Data loss`) rather than a
/// group of them (`### Technical Risks`).
pub fn of_part(part: &Part, names_risk: bool, file: &str, out: &mut Vec<Risk>) {
    let first = out.len();
    let mut titled = names_risk.then(|| Risk {
        risk: part.title.to_string(),
        file: file.to_string(),
        line: part.span.line,
        ..Risk::default()
    });
    let mut current: Option<usize> = None;
    let mut lines: Vec<(&Line, Option<&[Item]>)> = Vec::new();
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines: ls } => lines.extend(ls.iter().map(|l| (l, None))),
            Block::List { items, .. } => {
                lines.extend(items.iter().map(|i| (&i.line, Some(i.children.as_slice()))))
            }
            Block::Table { header, rows, span } => {
                if let Some(risks) = of_table(header, rows, file, span.line) {
                    out.extend(risks);
                }
            }
            _ => {}
        }
    }
    for (line, children) in lines {
        match field(line) {
            Some((Label::Risk, value)) => {
                out.push(risk_of(value, line, file));
                current = Some(out.len() - 1);
                fields(
                    &mut out[current.unwrap_or_default()],
                    children.unwrap_or_default(),
                );
            }
            Some((label, value)) => {
                let at = match (current, titled.take()) {
                    (Some(at), _) => at,
                    (None, Some(risk)) => {
                        out.push(risk);
                        out.len() - 1
                    }
                    (None, None) => continue,
                };
                current = Some(at);
                set(&mut out[at], label, value);
            }
            None => {
                // An item is a risk, unless the heading is the risk and the
                // item only describes it.
                let Some(children) = children else { continue };
                let has_fields = children.iter().any(|c| field(&c.line).is_some());
                if !has_fields && (titled.is_some() || (names_risk && current.is_some())) {
                    continue;
                }
                let mut risk = risk_of(&line.plain(), line, file);
                split_mitigation(&mut risk);
                if let Some(label) = line.label.as_deref() {
                    let rest = risk.risk[label.len()..].trim_start_matches([':', ' ']);
                    risk.description = Some(rest.to_string()).filter(|d| !d.is_empty());
                    risk.risk = label.to_string();
                }
                fields(&mut risk, children);
                out.push(risk);
                current = Some(out.len() - 1);
            }
        }
    }
    if let (Some(risk), true) = (titled, out.len() == first) {
        out.push(risk);
    }
}

/// `**High Risk**: X` / `**Mitigation**: Y` pairs anywhere in a part.
pub fn pairs(part: &Part, file: &str, out: &mut Vec<Risk>) {
    let mut current: Option<usize> = None;
    // Only bold labels: a plain `Risk: …` sentence outside a risks section
    // is prose.
    let mut see = |line: &Line| match field(line).filter(|_| line.label.is_some()) {
        Some((Label::Risk, value)) if !value.is_empty() => {
            out.push(risk_of(value, line, file));
            current = Some(out.len() - 1);
        }
        Some((label, value)) => {
            if let Some(at) = current {
                set(&mut out[at], label, value);
            }
        }
        None => {}
    };
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines } => lines.iter().for_each(&mut see),
            Block::List { items, .. } => items.iter().for_each(|i| {
                see(&i.line);
                i.children.iter().for_each(|c| see(&c.line));
            }),
            _ => {}
        }
    }
}

fn risk_of(text: &str, line: &Line, file: &str) -> Risk {
    Risk {
        risk: text.to_string(),
        file: file.to_string(),
        line: line.span.line,
        ..Risk::default()
    }
}

/// Probability, impact and mitigation from sub-items; an unlabelled
/// sub-item is the mitigation when none is named.
fn fields(risk: &mut Risk, children: &[Item]) {
    for child in children {
        match field(&child.line) {
            Some((Label::Risk, _)) | None => {
                if risk.mitigation.is_none() && child.line.label.is_none() {
                    risk.mitigation = Some(child.line.plain().into_owned());
                }
            }
            Some((label, value)) => set(risk, label, value),
        }
    }
}

/// `Payment outage. Mitigation: retries` → risk and mitigation.
fn split_mitigation(risk: &mut Risk) {
    let lower = risk.risk.to_lowercase();
    if let Some(at) = lower.find("mitigation:") {
        if let (Some(before), Some(after)) = (
            risk.risk.get(..at),
            risk.risk.get(at + "mitigation:".len()..),
        ) {
            risk.mitigation = Some(after.trim().trim_end_matches(')').to_string());
            risk.risk = before
                .trim_end_matches([' ', '.', ',', ':', ';', '-', '—', '–', '('])
                .to_string();
        }
    }
}

/// Rows of a table with a risk column and a probability, impact or
/// mitigation column; the first row starts two lines below the header.
pub fn of_table(
    header: &[Cow<str>],
    rows: &[Vec<Cow<str>>],
    file: &str,
    line: usize,
) -> Option<Vec<Risk>> {
    let columns: Vec<Option<Label>> = header.iter().map(|h| sections::label(h)).collect();
    let at = |wanted: Label| columns.iter().position(|c| *c == Some(wanted));
    let risk = at(Label::Risk)?;
    let others = [Label::Probability, Label::Impact, Label::Mitigation].map(at);
    if others.iter().all(Option::is_none) {
        return None;
    }
    Some(
        rows.iter()
            .enumerate()
            .filter_map(|(n, row)| {
                Some(Risk {
                    risk: super::cell(row, Some(risk))?,
                    file: file.to_string(),
                    line: line + 2 + n,
                    probability: super::cell(row, others[0]),
                    impact: super::cell(row, others[1]),
                    mitigation: super::cell(row, others[2]),
                    ..Risk::default()
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prd::document::Document;

    fn risks(source: &str) -> Vec<Risk> {
        let doc = Document::parse(source);
        let mut out = Vec::new();
        for part in &doc.parts[1..] {
            of_part(part, part.level > 1, "PRD.md", &mut out);
        }
        out
    }

    #[test]
    fn sub_bullets_are_fields_of_one_risk() {
        let found = risks(
            "# Risks\n- **Vendor outage**\n  - Impact: High\n  - Probability: Low\n  - Mitigation: Two providers\n- Schema drift\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].risk, "Vendor outage");
        assert_eq!(found[0].impact.as_deref(), Some("High"));
        assert_eq!(found[0].mitigation.as_deref(), Some("Two providers"));
        assert_eq!(found[1].line, 6);
    }

    #[test]
    fn flat_field_bullets_follow_their_risk() {
        let found = risks(
            "# Risks\n- **Vendor outage**: payments stop\n- **Impact**: High\n- **Mitigation**: Two providers\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].mitigation.as_deref(), Some("Two providers"));
    }

    #[test]
    fn label_pairs() {
        let found = risks("# Risks\n**High Risk**: Rate limits\n**Mitigation**: Backoff\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].risk, "Rate limits");
        assert_eq!(found[0].mitigation.as_deref(), Some("Backoff"));
    }
}

//! Risks: table rows, list items with Impact / Probability / Mitigation
//! fields (as sub-bullets, following bullets or label pairs), and headings
//! that name one risk.

use std::borrow::Cow;

use crate::prd::document::{Block, Item, Line, Part};
use crate::prd::model::Risk;
use crate::prd::sections::{self, Kind};
use crate::prd::text::Words;
use crate::prd::vocab::Label;

/// The risk field a line names, bold (`**Impact**: High`) or not
/// (`Impact: High`), and its value.
fn field<'l>(line: &'l Line) -> Option<(Label, &'l str)> {
    let (label, value) = match &line.label {
        Some(_) => (sections::label_of(&line.label_words), line.text.as_ref()),
        None => {
            let (label, value) = line.text.split_once([':', '：'])?;
            (sections::label(label), value.trim())
        }
    };
    match label {
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
    // Bullets that each start with their own bold name are the risks; the
    // heading above them only groups them.
    let names_risk = names_risk
        && !names_each(part)
        && risk_lines(part) <= 1
        && super::ids::id_of(&part.raw_title).is_none();
    let mut titled = names_risk.then(|| Risk {
        risk: part.title.to_string(),
        file: file.to_string(),
        line: part.span.line,
        ..Risk::default()
    });
    let mut current: Option<usize> = None;
    // Each line with its item's children, and whether a field line follows
    // it in the same paragraph (`R-001 Share offline` / `Mitigation: retry`).
    let mut lines: Vec<(&Line, Option<&[Item]>, bool)> = Vec::new();
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines: ls } => lines.extend(ls.iter().enumerate().map(|(n, l)| {
                let fields_follow = ls.get(n + 1).is_some_and(|next| is_field(next));
                (l, None, fields_follow)
            })),
            Block::List { items, .. } => lines.extend(
                items
                    .iter()
                    .map(|i| (&i.line, Some(i.children.as_slice()), false)),
            ),
            Block::Table { header, rows, span } => {
                if let Some(risks) = of_table(header, rows, file, span.line) {
                    out.extend(risks);
                }
            }
            _ => {}
        }
    }
    for (line, children, fields_follow) in lines {
        match field(line) {
            // Under a heading that names the risk, `**Risk**:` describes it.
            Some((Label::Risk, value)) => {
                let risk = match titled.take() {
                    Some(mut risk) => {
                        risk.description = Some(value.to_string()).filter(|v| !v.is_empty());
                        risk
                    }
                    None => risk_of(value, line, file),
                };
                out.push(risk);
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
            None if children.is_none() && fields_follow && !is_placeholder(line) => {
                out.push(risk_of(&line.plain(), line, file));
                current = Some(out.len() - 1);
            }
            None => {
                // An item is a risk, unless the heading is the risk and the
                // item only describes it.
                let Some(children) = children else { continue };
                let has_fields = children.iter().any(|c| field(&c.line).is_some());
                if !has_fields && (titled.is_some() || (names_risk && current.is_some())) {
                    continue;
                }
                if is_placeholder(line) || is_requirement(line) {
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

/// Whether a part's lines carry risk fields (`**Mitigation**: …`): under
/// a risks section, such a part is about risks whatever its heading says.
pub fn has_fields(part: &Part) -> bool {
    let mut any = false;
    each_line(part, |line| any |= field(line).is_some());
    any
}

/// How many `**Risk**:` lines a part has: more than one, and its heading
/// groups them.
fn risk_lines(part: &Part) -> usize {
    let mut count = 0;
    each_line(part, |line| {
        count += usize::from(matches!(field(line), Some((Label::Risk, _))))
    });
    count
}

/// Every paragraph line and list item of a part, sub-items included.
fn each_line<'p>(part: &'p Part, mut f: impl FnMut(&'p Line)) {
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines } => lines.iter().for_each(&mut f),
            Block::List { items, .. } => {
                // Two levels: a risk and its field sub-bullets.
                for item in items {
                    f(&item.line);
                    item.children.iter().for_each(|c| f(&c.line));
                }
            }
            _ => {}
        }
    }
}

fn is_field(line: &Line) -> bool {
    field(line).is_some_and(|(label, _)| label != Label::Risk)
}

/// Whether every bullet of a part starts with a bold name that is not a
/// risk field (`- **Vendor lock-in**: two providers`).
fn names_each(part: &Part) -> bool {
    let mut items = part.blocks.iter().flat_map(|block| match block {
        Block::List { items, .. } => items.as_slice(),
        _ => &[],
    });
    let mut any = false;
    let all = items.all(|item| {
        any = true;
        item.line.label.is_some() && field(&item.line).is_none()
    });
    any && all
}

/// An unfilled template's line: `Risk 1`, `Dependency 2`.
fn is_placeholder(line: &Line) -> bool {
    let words = Words::of(&line.plain());
    let named: Vec<&str> = words
        .iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    named.len() == 1
        && named.len() < words.len()
        && (sections::label(named[0]) == Some(Label::Risk) || Kind::of(named[0]).is_some())
}

/// `FR-C01: Macro data`: a numbered requirement, whatever its heading says.
fn is_requirement(line: &Line) -> bool {
    super::ids::id_of(&line.plain()).is_some()
}

/// `**High Risk**: X` / `**Mitigation**: Y` pairs anywhere in a part.
pub fn pairs(part: &Part, file: &str, out: &mut Vec<Risk>) {
    let mut current: Option<usize> = None;
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines } => {
                for line in lines {
                    pair_line(line, file, out, &mut current);
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    if let Some(risk) = named_over_risk(item, file) {
                        out.push(risk);
                        current = None;
                        continue;
                    }
                    pair_line(&item.line, file, out, &mut current);
                    for child in &item.children {
                        pair_line(&child.line, file, out, &mut current);
                    }
                }
            }
            _ => {}
        }
    }
}

/// One line of a label pair. Only bold labels: a plain `Risk: …`
/// sentence outside a risks section is prose.
fn pair_line(line: &Line, file: &str, out: &mut Vec<Risk>, current: &mut Option<usize>) {
    match field(line).filter(|_| line.label.is_some()) {
        Some((Label::Risk, value)) if !value.is_empty() => {
            out.push(risk_of(value, line, file));
            *current = Some(out.len() - 1);
        }
        Some((label, value)) => {
            if let Some(at) = *current {
                set(&mut out[at], label, value);
            }
        }
        None => {}
    }
}

/// `1. **Auth**` over `- **Risk**: …` / `- **Mitigation**: …`: one risk,
/// starting at the item that names it.
fn named_over_risk(item: &Item, file: &str) -> Option<Risk> {
    item.line.label.as_ref()?;
    let (first, rest) = item.children.split_first()?;
    let (Label::Risk, value) = field(&first.line).filter(|_| first.line.label.is_some())? else {
        return None;
    };
    let mut risk = risk_of(&item.line.plain(), &item.line, file);
    risk.description = Some(value.to_string()).filter(|v| !v.is_empty());
    fields(&mut risk, rest);
    Some(risk)
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

    /// Risk lines of a whole document, as the reader finds them.
    fn read(source: &str) -> Vec<(usize, String)> {
        crate::prd::parse(source.as_bytes())
            .unwrap()
            .risks
            .into_iter()
            .map(|r| (r.line, r.risk))
            .collect()
    }

    #[test]
    fn a_heading_over_one_risk_field_is_the_risk() {
        let found = read(
            "# Kiln\n## Risks\n### Kiln overheating\n- **Risk**: sensor drift\n- **Mitigation**: dual probes\n### Glaze supply\n- **Risk**: one vendor\n- **Mitigation**: second vendor\n",
        );
        assert_eq!(
            found,
            [(3, "Kiln overheating".into()), (6, "Glaze supply".into())]
        );
    }

    #[test]
    fn a_heading_over_several_risk_fields_groups_them() {
        let found = read(
            "# Kiln\n## Risks\n### Operations\n**Risk**: sensor drift\n- **Mitigation**: dual probes\n\n**Risk**: one vendor\n- **Mitigation**: second vendor\n",
        );
        assert_eq!(
            found,
            [(4, "sensor drift".into()), (7, "one vendor".into())]
        );
    }

    #[test]
    fn a_group_heading_over_bold_named_bullets_is_no_risk() {
        let found = read(
            "# Kiln\n## Risks\n### Technical Challenges\n- **Sensor drift**: dual probes\n- **Power cuts**: a UPS\n",
        );
        assert_eq!(
            found,
            [(4, "Sensor drift".into()), (5, "Power cuts".into())]
        );
        // A heading with headings under it groups them, under any name.
        let nested = read(
            "# Kiln\n## Risks\n### Hardware\n#### Power cuts\n- **Risk**: outages\n- **Mitigation**: a UPS\n### Resource Constraints\n#### Staff\n- **Risk**: one operator\n- **Mitigation**: training\n",
        );
        assert_eq!(nested, [(4, "Power cuts".into()), (8, "Staff".into())]);
    }

    #[test]
    fn a_line_before_its_mitigation_is_a_risk() {
        let found = read(
            "# Kiln\n## Risks\nK-1 Sensor drift\n  Mitigation: dual probes\n\nK-2 Power cuts\n  Mitigation: a UPS\n",
        );
        assert_eq!(
            found,
            [(3, "K-1 Sensor drift".into()), (6, "K-2 Power cuts".into())]
        );
    }

    #[test]
    fn a_numbered_item_over_risk_fields_is_one_risk_wherever_it_stands() {
        let found = read(
            "# Kiln\n## Scope notes\n1. **Firing schedule**\n   - **Risk**: long firings\n   - **Mitigation**: presets\n   - **Mitigation**: alarms\n",
        );
        assert_eq!(found, [(3, "Firing schedule".into())]);
    }

    #[test]
    fn template_placeholders_and_risk_features_are_no_risks() {
        assert!(read("# Kiln\n## Risks & Dependencies\n- Risk 1\n- Dependency 1\n").is_empty());
        let features = "# Kiln\n## Functional Requirements\n### Module C: Risk analysis\n**FR-C1: Score batches**\n- weigh each batch\n";
        assert!(read(features).is_empty());
    }

    #[test]
    fn label_pairs() {
        let found = risks("# Risks\n**High Risk**: Rate limits\n**Mitigation**: Backoff\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].risk, "Rate limits");
        assert_eq!(found[0].mitigation.as_deref(), Some("Backoff"));
    }
}

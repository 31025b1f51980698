//! Phases of the delivery plan: headings, list items, table rows or lines
//! of a code block, with their weeks, deliverables and done state.

use std::borrow::Cow;

use crate::prd::document::{Block, Document, Item, Line};
use crate::prd::model::{Deliverable, Phase, WeekRange};
use crate::prd::sections::{self, Kind};
use crate::prd::text::{self, Words};
use crate::prd::vocab::Label;

/// Words that number a phase: `Phase 2`, `Fase 1`, `Sprint 3`, `단계 1`.
const PHASE_WORDS: &[&str] = &[
    "phase",
    "milestone",
    "sprint",
    "stage",
    "iteration",
    "release",
    "fase",
    "etapa",
    "étape",
    "meilenstein",
    "этап",
    "фаза",
    "단계",
    "阶段",
    "階段",
    "フェーズ",
    "m",
];

/// Words of a week count or range: `Weeks 1-2`, `(2-3 weeks)`, `Semana 4`.
const WEEK_WORDS: &[&str] = &[
    "week",
    "weeks",
    "wk",
    "wks",
    "w",
    "semana",
    "semanas",
    "semaine",
    "semaines",
    "woche",
    "wochen",
    "주",
    "주차",
    "週",
    "周",
    "неделя",
    "недели",
    "недель",
];

/// `Phase 2`, `Milestone 1.5`, `M3` at the start of `raw`, and
/// where it ends (after a `:` or dash that follows it).
fn numbering(raw: &str) -> Option<(String, usize)> {
    let trimmed = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lead = raw.len() - trimmed.len();
    let word_end = trimmed
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_end];
    if !PHASE_WORDS.contains(&word.to_lowercase().as_str()) {
        return None;
    }
    let after_word = &trimmed[word_end..];
    let spaced = after_word.trim_start();
    // `M3` needs the number right after it.
    if word.chars().count() == 1 && spaced.len() != after_word.len() {
        return None;
    }
    let count_len = spaced
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || "IVX".contains(c)))
        .unwrap_or(spaced.len());
    let count = spaced[..count_len].trim_end_matches('.');
    let numeric = !count.is_empty()
        && (count.starts_with(|c: char| c.is_ascii_digit())
            || count.chars().all(|c| "IVX".contains(c)));
    if !numeric {
        return None;
    }
    let end = lead + word_end + (after_word.len() - spaced.len()) + count_len;
    let label =
        raw[lead..lead + word_end + (after_word.len() - spaced.len()) + count.len()].to_string();
    let rest = &raw[end..];
    let sep = rest.len()
        - rest
            .trim_start_matches([':', '-', '–', '—', '.', ' ', ')', '：'])
            .len();
    Some((label, end + sep))
}

/// Whether a heading or item names a phase: numbered (`Phase 2: Carts`) or
/// placed in weeks (`Weeks 3-4: Checkout`, `MVP (Weeks 1-4)`).
pub fn is_phase_title(raw: &str) -> bool {
    numbering(raw).is_some() || weeks(raw).is_some()
}

/// Whether a phase is for later: `Future`, `Post-MVP`, `Out of scope`.
pub fn is_future(raw: &str) -> bool {
    sections::mentions(&Words::of(raw), Label::Future)
}

/// The weeks `raw` places something in: `Weeks 3-4` → 3..4, `Week 2` → 2..2,
/// `(2-3 weeks)` → 2..3.
pub fn weeks(raw: &str) -> Option<WeekRange> {
    let tokens = tokens(raw);
    for (i, token) in tokens.iter().enumerate() {
        let Token::Word(word) = token else { continue };
        if !WEEK_WORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        // `Week 3`, `Weeks 3-4`, `Week 3 to 4`.
        if let Some(range) = range_at(&tokens, i + 1) {
            return Some(range);
        }
        // `2-3 weeks`, `3 weeks`.
        if let Some(range) = range_before(&tokens, i) {
            return Some(range);
        }
    }
    None
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Num(u32),
    Dash,
    Other,
}

fn tokens(raw: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            // A number glued to a decimal point is no week.
            match raw[start..end].parse() {
                Ok(n) if !raw[end..].starts_with(['.', ',']) || raw[end + 1..].starts_with(' ') => {
                    out.push(Token::Num(n))
                }
                _ => out.push(Token::Other),
            }
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            match &raw[start..end] {
                "to" | "a" | "bis" | "à" => out.push(Token::Dash),
                word => out.push(Token::Word(word)),
            }
        } else if matches!(c, '-' | '–' | '—' | '~' | '〜') {
            out.push(Token::Dash);
        } else if !c.is_whitespace() {
            out.push(Token::Other);
        }
    }
    out
}

fn range_at(tokens: &[Token], i: usize) -> Option<WeekRange> {
    let Some(Token::Num(start)) = tokens.get(i) else {
        return None;
    };
    let end = match (tokens.get(i + 1), tokens.get(i + 2)) {
        (Some(Token::Dash), Some(Token::Num(end))) if end >= start => *end,
        _ => *start,
    };
    Some(WeekRange { start: *start, end })
}

fn range_before(tokens: &[Token], i: usize) -> Option<WeekRange> {
    let Some(Token::Num(last)) = i.checked_sub(1).and_then(|j| tokens.get(j)) else {
        return None;
    };
    match (i.checked_sub(3).map(|j| &tokens[j]), tokens.get(i - 2)) {
        (Some(Token::Num(first)), Some(Token::Dash)) if first <= last => Some(WeekRange {
            start: *first,
            end: *last,
        }),
        _ => Some(WeekRange {
            start: *last,
            end: *last,
        }),
    }
}

/// Marks of a finished phase in its title: ✅, ✔, `[x]`, `(Complete)`, `- Done`.
fn marked_done(raw: &str) -> bool {
    if raw.contains(['✅', '✔', '☑']) || raw.contains("[x]") || raw.contains("[X]") {
        return true;
    }
    // A done word in brackets or after a separator, not in the name itself.
    let tail = raw
        .rfind(['(', '[', '—', '–', '|'])
        .or_else(|| raw.rfind(" - "))
        .map(|at| &raw[at..]);
    tail.is_some_and(|tail| sections::mentions(&Words::of(tail), Label::Done))
}

/// `Phase 2: Carts (Weeks 4-6) ✅` → (`Phase 2`, `Carts`): numbering, week
/// ranges, durations and done marks dropped, and any bracket dropped whole.
pub fn name_of(raw: &str) -> (Option<String>, String) {
    let (label, rest) = match numbering(raw) {
        Some((label, end)) => (Some(label), &raw[end..]),
        None => (None, raw),
    };
    let mut name = String::new();
    let mut depth = 0usize;
    let mut group = String::new();
    for c in rest.chars() {
        match c {
            '(' | '[' | '（' => {
                depth += 1;
                group.push(c);
            }
            ')' | ']' | '）' if depth > 0 => {
                depth -= 1;
                group.push(c);
                if depth == 0 {
                    if !is_schedule_note(&group) {
                        name.push_str(&group);
                    }
                    group.clear();
                }
            }
            _ if depth > 0 => group.push(c),
            _ => name.push(c),
        }
    }
    // An unclosed bracket is kept as written, never cut.
    name.push_str(&group);
    let mut name = name.replace(['✅', '✔', '☑'], "");
    // `Weeks 1-2: Setup` → `Setup`; `Setup — Weeks 1-2` → `Setup`.
    if let Some((before, after)) = name.split_once([':', '：']) {
        if weeks(before).is_some() && !after.trim().is_empty() {
            name = after.to_string();
        }
    }
    for sep in [" — ", " – ", " - ", " | "] {
        if let Some((before, after)) = name.rsplit_once(sep) {
            if is_schedule_note(after) && !before.trim().is_empty() {
                name = before.to_string();
            }
        }
    }
    let cleaned = text::clean_heading(&name).into_owned();
    let name = if cleaned.is_empty() || Words::of(&cleaned).is_empty() {
        label
            .clone()
            .unwrap_or_else(|| text::clean_heading(raw).into_owned())
    } else {
        cleaned
    };
    (label, name)
}

/// A bracket or tail that only says when or how far: `(Weeks 1-2)`,
/// `(2-3 days)`, `(Complete)`, `(Q3 2026)`.
fn is_schedule_note(group: &str) -> bool {
    let words = Words::of(group);
    let schedule = [
        "week", "wk", "day", "month", "sprint", "hour", "q1", "q2", "q3", "q4", "semana", "mes",
        "dia", "주", "주차", "개월", "일", "週", "周", "月", "天",
    ];
    weeks(group).is_some()
        || sections::mentions(&words, Label::Done)
        || (group.chars().any(|c| c.is_ascii_digit())
            && words
                .iter()
                .any(|w| schedule.iter().any(|s| w.starts_with(s))))
}

/// Whether the lines under a heading are the phase's exit criteria.
fn is_criteria(words: &Words) -> bool {
    matches!(
        sections::label_of(words),
        Some(Label::DoneWhen | Label::Acceptance)
    ) || Kind::of_words(words) == Some(Kind::SuccessCriteria)
}

/// Sub-sections of a phase that are not its deliverables.
fn is_aside(own: Option<Kind>) -> bool {
    matches!(
        own,
        Some(
            Kind::Problem
                | Kind::Goals
                | Kind::Summary
                | Kind::Vision
                | Kind::Risks
                | Kind::OutOfScope
                | Kind::Users
                | Kind::Dependencies
                | Kind::Assumptions
        )
    )
}

fn new_phase(raw: &str, file: &str, line: usize) -> Phase {
    let (label, name) = name_of(raw);
    Phase {
        name,
        label,
        file: file.to_string(),
        line,
        weeks: weeks(raw),
        done: marked_done(raw),
        ..Phase::default()
    }
}

/// A phase heading and the parts under it.
pub fn of_part(doc: &Document, index: usize, own: &[Option<Kind>], file: &str) -> Phase {
    let part = &doc.parts[index];
    let mut phase = new_phase(&part.raw_title, file, part.span.line);
    let mut skip_below: Option<u8> = None;
    let mut criteria_below: Option<u8> = None;
    for i in std::iter::once(index).chain(doc.descendants(index)) {
        let sub = &doc.parts[i];
        if skip_below.is_some_and(|l| sub.level > l) {
            continue;
        }
        skip_below = None;
        if criteria_below.is_some_and(|l| sub.level <= l) {
            criteria_below = None;
        }
        if i != index {
            if is_criteria(&Words::of(&sub.title)) {
                criteria_below = Some(sub.level);
            } else if is_aside(own[i]) {
                skip_below = Some(sub.level);
                continue;
            }
        }
        // A `Done when:` line makes the list after it the criteria.
        let mut criteria_next = false;
        for block in &sub.blocks {
            match block {
                Block::List { items, .. } => {
                    for item in items {
                        if criteria_below.is_some() || criteria_next {
                            flatten_text(item, &mut phase.criteria);
                        } else {
                            deliver(item, &mut phase);
                        }
                    }
                    criteria_next = false;
                }
                Block::Paragraph { lines } => {
                    for line in lines {
                        let plain = line.plain();
                        let (head, rest) = plain.split_once(':').unwrap_or((&plain, ""));
                        let words = Words::of(head);
                        if is_criteria(&words) {
                            criteria_next = rest.trim().is_empty();
                            phase.criteria.extend(split_criteria(rest));
                        } else if sections::label_of(&words) == Some(Label::Duration) {
                            phase.weeks = phase.weeks.or_else(|| weeks(rest));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    settle(phase)
}

/// A list item naming a phase, its sub-items the deliverables.
pub fn of_item(line: &Line, checked: Option<bool>, children: &[Item], file: &str) -> Phase {
    let title: Cow<str> = match &line.label {
        Some(label) if numbering(label).is_some() || weeks(label).is_some() => {
            Cow::Borrowed(label.as_ref())
        }
        _ => line.plain(),
    };
    let mut phase = new_phase(&title, file, line.span.line);
    phase.done |= checked == Some(true);
    if phase.weeks.is_none() {
        phase.weeks = weeks(&line.plain());
    }
    children.iter().for_each(|child| deliver(child, &mut phase));
    settle(phase)
}

/// A phase from a table row: the phase column names it; a duration,
/// deliverables or status column adds to it.
pub fn of_row(header: &[Cow<str>], row: &[Cow<str>], file: &str, line: usize) -> Option<Phase> {
    let columns: Vec<Option<Label>> = header.iter().map(|h| sections::label(h)).collect();
    let name_at = columns
        .iter()
        .position(|c| *c == Some(Label::PhaseName))
        .or_else(|| row.first().filter(|c| is_phase_title(c)).map(|_| 0))?;
    let name_cell = row.get(name_at).filter(|c| !c.is_empty())?;
    let mut phase = new_phase(name_cell, file, line);
    // `| Phase 1 | Search | … |`: a name column names the phase.
    let titled = columns
        .iter()
        .enumerate()
        .position(|(i, c)| i != name_at && *c == Some(Label::Requirement));
    if let Some(cell) = titled.and_then(|i| row.get(i)).filter(|c| !c.is_empty()) {
        phase.name = text::clean_heading(cell).into_owned();
        phase.label = phase.label.or_else(|| Some(name_cell.to_string()));
    }
    for (i, cell) in row.iter().enumerate() {
        if i == name_at || Some(i) == titled {
            continue;
        }
        match columns.get(i).copied().flatten() {
            Some(Label::Duration) if phase.weeks.is_none() => phase.weeks = weeks(cell),
            Some(Label::Deliverables | Label::Description) if !cell.is_empty() => {
                phase.deliverables.push(Deliverable {
                    text: cell.to_string(),
                    done: false,
                    line,
                })
            }
            _ => {
                let status = header
                    .get(i)
                    .is_some_and(|h| Words::of(h).contains("status"));
                if status {
                    phase.done |= marked_done(&format!("({cell})")) || cell.contains(['✅', '✔']);
                }
            }
        }
    }
    if is_future(name_cell) {
        return None;
    }
    Some(phase)
}

/// Phases written as lines of a code block (a plain-text timeline).
pub fn of_code(code: &str, file: &str, first_line: usize) -> Vec<Phase> {
    code.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric());
            // Only lines that start with their numbering: a tree's leaves are not phases.
            (numbering(trimmed).is_some() && !is_future(trimmed))
                .then(|| settle(new_phase(trimmed, file, first_line + 1 + n)))
        })
        .collect()
}

fn deliver(item: &Item, phase: &mut Phase) {
    let words = item
        .line
        .label
        .as_deref()
        .map(Words::of)
        .unwrap_or_default();
    if !words.is_empty() && is_criteria(&words) {
        phase.criteria.extend(
            (!item.line.text.is_empty())
                .then(|| item.line.text.to_string())
                .into_iter()
                .flat_map(|t| split_criteria(&t)),
        );
        item.children
            .iter()
            .for_each(|c| flatten_text(c, &mut phase.criteria));
        return;
    }
    phase.deliverables.push(Deliverable {
        text: item.line.plain().into_owned(),
        done: item.checked == Some(true),
        line: item.line.span.line,
    });
    item.children.iter().for_each(|child| deliver(child, phase));
}

/// `a; b; c` → three criteria.
fn split_criteria(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn flatten_text(item: &Item, out: &mut Vec<String>) {
    out.push(item.line.plain().into_owned());
    item.children.iter().for_each(|c| flatten_text(c, out));
}

/// A phase whose every deliverable is ticked is done.
fn settle(mut phase: Phase) -> Phase {
    phase.done |= !phase.deliverables.is_empty() && phase.deliverables.iter().all(|d| d.done);
    phase
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u32, end: u32) -> Option<WeekRange> {
        Some(WeekRange { start, end })
    }

    #[test]
    fn week_ranges_in_their_usual_places() {
        assert_eq!(weeks("Phase 2: Carts (Weeks 4-6)"), range(4, 6));
        assert_eq!(weeks("Week 3"), range(3, 3));
        assert_eq!(weeks("MVP: Login (2-3 weeks)"), range(2, 3));
        assert_eq!(weeks("Weeks 1 to 2"), range(1, 2));
        assert_eq!(weeks("Semana 4"), range(4, 4));
        assert_eq!(weeks("Phase 1: Setup"), None);
        assert_eq!(weeks("Sprint 3"), None);
    }

    #[test]
    fn names_drop_numbering_and_whole_brackets() {
        assert_eq!(
            name_of("Phase 2: Carts (Weeks 4-6)"),
            (Some("Phase 2".into()), "Carts".into())
        );
        assert_eq!(
            name_of("MVP: Core Login System (2-3 weeks)").1,
            "MVP: Core Login System"
        );
        assert_eq!(name_of("Phase 2 Features").1, "Features");
        assert_eq!(name_of("Phase 3: Launch ✅").1, "Launch");
        assert_eq!(name_of("Weeks 1-2: Setup").1, "Setup");
        assert_eq!(
            name_of("Phase 4: Polish (UI (dark mode)").1,
            "Polish (UI (dark mode)"
        );
        assert_eq!(name_of("Phase 5").1, "Phase 5");
    }

    #[test]
    fn done_and_future_marks() {
        assert!(marked_done("Phase 1: Setup ✅"));
        assert!(marked_done("Phase 1: Setup (Complete)"));
        assert!(!marked_done("Phase 2: Completion screens"));
        assert!(is_future("Phase 5: Future Enhancements"));
        assert!(is_future("Post-MVP"));
        assert!(!is_future("Phase 2: Payments"));
    }

    #[test]
    fn numbering_needs_a_number() {
        assert!(is_phase_title("Phase 1: Setup"));
        assert!(is_phase_title("Milestone 2 - Beta"));
        assert!(is_phase_title("M3: Beta"));
        assert!(!is_phase_title("Phase Overview"));
        assert!(!is_phase_title("Release notes"));
        assert!(!is_phase_title("Mobile app"));
    }
}

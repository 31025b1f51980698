//! Phases of the delivery plan: headings, list items, table rows or lines
//! of a code block, with their weeks, deliverables and done state.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::prd::document::{Block, Document, Item, Line, Part};
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

/// Words that place something in weeks when a number follows them:
/// `Weeks 1-2`, `Semana 4`, `W3`.
const WEEK_WORDS: &[&str] = &[
    "week",
    "weeks",
    "wk",
    "wks",
    "w",
    "semana",
    "semaine",
    "woche",
    "неделя",
];

/// Words that place something in weeks after its number: `1주차`, `2-3주차`.
const WEEK_AFTER: &[&str] = &["주차"];

/// Units of a length of time after a number: `2-3 weeks`, `3개월`, `0.5 days`.
const DURATION_UNITS: &[&str] = &[
    "week",
    "weeks",
    "wk",
    "wks",
    "semana",
    "semanas",
    "semaine",
    "semaines",
    "woche",
    "wochen",
    "sem",
    "주",
    "週",
    "周",
    "周間",
    "週間",
    "неделя",
    "недели",
    "недель",
    "day",
    "days",
    "dia",
    "dias",
    "día",
    "días",
    "jour",
    "jours",
    "tag",
    "tage",
    "일",
    "日",
    "天",
    "month",
    "months",
    "mes",
    "meses",
    "mois",
    "monat",
    "monate",
    "개월",
    "ヶ月",
    "か月",
    "个月",
    "月",
    "sprint",
    "sprints",
];

/// Words of a note on when or how urgently, in a phase's title:
/// `(this sprint)`, `(do now)`, `(low priority)`, `(needs Phase 2)`.
const WHEN_WORDS: &[&str] = &[
    "sprint",
    "now",
    "next",
    "priority",
    "parallel",
    "parallele",
    "paralelo",
    "standalone",
    "need",
    "after",
    "before",
    "q1",
    "q2",
    "q3",
    "q4",
];

/// Column headings that name what a row is: `| Phase | Name | … |`.
const NAME_COLUMNS: &[&str] = &[
    "name", "title", "nombre", "nome", "nom", "이름", "名称", "名前",
];

/// Month names that date a phase: `(Jan 13-19)`, `(Feb 3-10)`.
const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// `Phase 2`, `Milestone 1.5`, `M3` at the start of `raw`, and
/// where it ends (after a `:` or dash that follows it).
fn numbering(raw: &str) -> Option<(String, usize)> {
    numbered_by(raw, PHASE_WORDS)
}

/// [`numbering`] by any of `words`.
fn numbered_by(raw: &str, words: &[&str]) -> Option<(String, usize)> {
    let trimmed = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lead = raw.len() - trimmed.len();
    let word_end = trimmed
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_end];
    if !words.contains(&word.to_lowercase().as_str()) {
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

/// `MVP Feature Set (Phase 1)`: numbering in a closing bracket.
/// The label and the title before it.
fn bracketed_numbering(raw: &str) -> Option<(String, &str)> {
    let inner = raw.trim_end().strip_suffix([')', '）'])?;
    let open = inner.rfind(['(', '（'])?;
    let within = &inner[open..].trim_start_matches(['(', '（']);
    let (label, end) = numbering(within)?;
    let rest = &within[end..];
    let before = &raw[..open];
    (!before.trim().is_empty() && rest.trim().is_empty()).then_some((label, before))
}

/// Whether a heading or item names a phase: numbered (`Phase 2: Carts`)
/// or placed in weeks (`Weeks 3-4: Checkout`). A numbering in brackets
/// (`Backend stack (Phase 1)`) only says which phase a section serves.
pub fn is_phase_title(raw: &str) -> bool {
    numbering(raw).is_some() || weeks(raw).is_some()
}

/// Whether a phase is for later: `Future`, `Post-MVP`, `Out of scope`.
/// Its name says so, not a note beside it (`Nil not zero (do now)` is no
/// "not now").
pub fn is_future(raw: &str) -> bool {
    is_future_named(&name_of(raw))
}

/// [`is_future`] of a heading already split by [`name_of`].
fn is_future_named((label, name): &Named) -> bool {
    let words = Words::of(&[label.as_deref().unwrap_or_default(), name].join(" "));
    sections::mentions(&words, Label::Future)
}

/// A phase heading's label and name, as [`name_of`] splits it.
pub type Named = (Option<String>, String);

/// The kind a heading names. A timeline word in brackets only places the
/// section in a phase (`Backend functions (Phase 1)`): the words outside
/// say what it is.
pub fn section_kind(part: &Part) -> Option<Kind> {
    let title = &part.title;
    let kind = Kind::of_words(&part.words);
    if kind != Some(Kind::Timeline) {
        return kind;
    }
    let outside = outside_brackets(title);
    match Kind::of(&outside) {
        _ if outside.len() == title.len() => kind,
        None if Words::of(&outside).is_empty() => kind,
        Some(Kind::Timeline) => kind,
        other => other,
    }
}

fn outside_brackets(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' | '（' => depth += 1,
            ')' | ']' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// What a heading is to the delivery plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// One phase, with its heading's label and name: the parts under it
    /// are its deliverables.
    Phase(Named),
    /// A phase for later: not in the plan.
    Future,
    /// It holds phases (sub-headings numbered like it, a phase table or
    /// timeline code) without being one.
    Group,
}

/// Sections a numbered phase heading can stand under without being a
/// phase: metrics or risks per phase are not the plan.
fn is_about_phases(kind: Option<Kind>) -> bool {
    matches!(
        kind,
        Some(
            Kind::SuccessMetrics
                | Kind::SuccessCriteria
                | Kind::Nfr
                | Kind::Risks
                | Kind::Testing
                | Kind::Users
                | Kind::Ux
                | Kind::Api
                | Kind::Architecture
                | Kind::Scaling
                | Kind::Security
                | Kind::FaultTolerance
        )
    )
}

/// The role of part `i`, `parent_kind` being the kind it stands under.
pub fn role_of(
    doc: &Document,
    i: usize,
    own: &[Option<Kind>],
    parent_kind: Option<Kind>,
) -> Option<Role> {
    let part = &doc.parts[i];
    let raw = &part.raw_title;
    let numbered = is_phase_title(raw);
    // Under a timeline, a heading is a phase unless it names a section of its own.
    let under_timeline = parent_kind == Some(Kind::Timeline)
        && !matches!(
            own[i],
            Some(
                Kind::Timeline
                    | Kind::SuccessCriteria
                    | Kind::Risks
                    | Kind::Kept
                    | Kind::Dependencies
                    | Kind::Assumptions
                    | Kind::OpenQuestions
                    | Kind::Summary
                    | Kind::Vision
            )
        );
    if !(numbered || under_timeline) || (numbered && is_about_phases(parent_kind)) {
        return None;
    }
    let named = name_of(raw);
    if is_future_named(&named) {
        return Some(Role::Future);
    }
    // `Phase 3.1` under `Phase 3`: the finer phases are the plan.
    let label = numbering(raw).map(|(label, _)| format!("{}.", label.to_lowercase()));
    let numbered_below = label.is_some_and(|label| {
        doc.descendants(i).map(|j| &doc.parts[j]).any(|p| {
            p.parent == Some(i)
                && numbering(&p.raw_title)
                    .is_some_and(|(sub, _)| sub.to_lowercase().starts_with(&label))
        })
    });
    if numbered_below || (!numbered && holds_phases(part)) {
        return Some(Role::Group);
    }
    // An unnumbered heading of prose only (`MVP Strategy`) is about the plan.
    let prose_only = part
        .blocks
        .iter()
        .all(|b| matches!(b, Block::Paragraph { .. }));
    if !numbered && prose_only && doc.descendants(i).next().is_none() {
        return None;
    }
    Some(Role::Phase(named))
}

/// Whether a part's own lines name phases: a phase table, a timeline in
/// code, or list items that are phase titles.
fn holds_phases(part: &Part) -> bool {
    part.blocks.iter().any(|block| match block {
        Block::Table { header, rows, .. } => {
            rows.iter().any(|row| of_row(header, row, "", 0).is_some())
        }
        Block::Code { code, .. } => of_code(code, "", 0).len() >= 2,
        Block::List { items, .. } => {
            items
                .iter()
                .filter(|item| is_phase_title(&item.line.plain()))
                .count()
                >= 2
        }
        _ => false,
    })
}

/// A one-line paragraph over a list that opens with its place in time
/// (`0–30 days (MVP)`, `Weeks 1-2: Setup`) or its numbering.
pub fn is_paragraph_title(raw: &str) -> bool {
    is_phase_title(raw) || strip_leading_schedule(raw).len() != raw.len()
}

/// A phase written twice (a list and its detail headings, a progress
/// table, a timeline in code) is one: the first keeps its place, and takes
/// a done mark, weeks or duration only the restatement gives.
pub fn merge_restated(phases: &mut Vec<Phase>) {
    // Two labels say whether they are one phase; else two names do. The
    // first phase of each label, of each name, and of each name among
    // those without a label, so that a long plan is read once.
    let mut by_label: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<Words, usize> = HashMap::new();
    let mut unlabelled_by_name: HashMap<Words, usize> = HashMap::new();
    let mut kept: Vec<Phase> = Vec::with_capacity(phases.len());
    for phase in phases.drain(..) {
        let label = phase.label.as_ref().map(|l| l.to_lowercase());
        let name = Words::of(&phase.name);
        let named = |map: &HashMap<Words, usize>| {
            (!name.is_empty())
                .then(|| map.get(&name).copied())
                .flatten()
        };
        let same = match &label {
            Some(label) => {
                let labelled = by_label.get(label).copied();
                labelled.into_iter().chain(named(&unlabelled_by_name)).min()
            }
            None => named(&by_name),
        };
        if let Some(at) = same {
            let first = &mut kept[at];
            first.done |= phase.done;
            first.weeks = first.weeks.or(phase.weeks);
            first.duration = first.duration.take().or(phase.duration);
            continue;
        }
        let at = kept.len();
        match label {
            Some(label) => by_label.entry(label).or_insert(at),
            None => unlabelled_by_name.entry(name.clone()).or_insert(at),
        };
        by_name.entry(name).or_insert(at);
        kept.push(phase);
    }
    *phases = kept;
}

/// A table that names a phase already read by its label (`| Phase 1
/// development | 10 weeks |`) among rows without one schedules that plan
/// more finely: its unlabelled rows are steps, not phases.
pub fn drop_finer_steps(read: &[Phase], rows: &mut Vec<Phase>) {
    let known = |label: &str| {
        read.iter().any(|p| {
            p.label
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(label))
        })
    };
    if rows.iter().any(|r| r.label.as_deref().is_some_and(known)) {
        rows.retain(|r| r.label.is_some());
    }
}

/// The weeks of the schedule `raw` places something in: `Weeks 3-4` →
/// 3..4, `Week 2` → 2..2, `2주차` → 2..2. A length (`2-3 weeks`) is no
/// place in the schedule: see [`duration`].
pub fn weeks(raw: &str) -> Option<WeekRange> {
    let tokens = tokens(raw);
    for (i, (token, _)) in tokens.iter().enumerate() {
        let Token::Word(word) = token else { continue };
        let word = word.to_lowercase();
        if WEEK_WORDS.contains(&word.as_str()) {
            if let Some(range) = range_at(&tokens, i + 1) {
                return Some(range);
            }
        } else if WEEK_AFTER.contains(&word.as_str()) {
            if let Some((range, _)) = range_before(&tokens, i) {
                return Some(range);
            }
        }
    }
    None
}

/// How long something takes, as written: `(2-3 weeks)` → `2-3 weeks`,
/// `3개월`, `0.5 days`.
pub fn duration(raw: &str) -> Option<String> {
    let tokens = tokens(raw);
    tokens.iter().enumerate().find_map(|(i, (token, span))| {
        let Token::Word(word) = token else {
            return None;
        };
        if !DURATION_UNITS.contains(&word.to_lowercase().as_str()) {
            return None;
        }
        let (_, first) = range_before(&tokens, i)?;
        Some(raw[tokens[first].1.start..span.end].to_string())
    })
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Num(u32),
    /// A number with a decimal part: a length (`0.5 days`), never a week.
    Fraction,
    Dash,
    Other,
}

fn tokens(raw: &str) -> Vec<(Token<'_>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let same = |d: char| {
            if c.is_ascii_digit() {
                d.is_ascii_digit()
            } else {
                d.is_alphabetic()
            }
        };
        if c.is_ascii_digit() || c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                // `0.5`: a decimal point between digits stays in the number.
                let decimal = c.is_ascii_digit()
                    && matches!(d, '.' | ',')
                    && raw[i + 1..].starts_with(|n: char| n.is_ascii_digit());
                if !same(d) && !decimal {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            let text = &raw[start..end];
            let token = if c.is_ascii_digit() {
                text.parse().map_or(Token::Fraction, Token::Num)
            } else {
                match text {
                    "to" | "a" | "bis" | "à" => Token::Dash,
                    word => Token::Word(word),
                }
            };
            out.push((token, start..end));
        } else if matches!(c, '-' | '–' | '—' | '~' | '〜') {
            out.push((Token::Dash, start..start + c.len_utf8()));
        } else if !c.is_whitespace() {
            out.push((Token::Other, start..start + c.len_utf8()));
        }
    }
    out
}

fn range_at(tokens: &[(Token, std::ops::Range<usize>)], i: usize) -> Option<WeekRange> {
    let Some((Token::Num(start), _)) = tokens.get(i) else {
        return None;
    };
    let end = match (tokens.get(i + 1), tokens.get(i + 2)) {
        (Some((Token::Dash, _)), Some((Token::Num(end), _))) if end >= start => *end,
        _ => *start,
    };
    Some(WeekRange { start: *start, end })
}

/// The number or range right before token `i`, and the index where it starts.
fn range_before(
    tokens: &[(Token, std::ops::Range<usize>)],
    i: usize,
) -> Option<(WeekRange, usize)> {
    let last_at = i.checked_sub(1)?;
    let last = match tokens[last_at].0 {
        Token::Num(n) => n,
        Token::Fraction => 0,
        _ => return None,
    };
    let before = |back: usize| {
        i.checked_sub(back)
            .and_then(|j| tokens.get(j))
            .map(|t| &t.0)
    };
    match (before(3), before(2)) {
        (Some(Token::Num(first)), Some(Token::Dash)) if *first <= last => Some((
            WeekRange {
                start: *first,
                end: last,
            },
            i - 3,
        )),
        _ => Some((
            WeekRange {
                start: last,
                end: last,
            },
            last_at,
        )),
    }
}

/// Marks of a finished phase in its title: ✅, ✔, `[x]`, `(Complete)`, `- Done`.
fn marked_done(raw: &str) -> bool {
    if raw.contains(DONE_MARKS) || raw.contains("[x]") || raw.contains("[X]") {
        return true;
    }
    // A done word in brackets or after a separator, not in the name itself.
    let tail = raw
        .rfind(['(', '[', '—', '–', '|'])
        .or_else(|| raw.rfind(" - "))
        .map(|at| &raw[at..]);
    tail.is_some_and(|tail| sections::mentions(&Words::of(tail), Label::Done))
}

const DONE_MARKS: [char; 3] = ['✅', '✔', '☑'];

/// `Phase 2: Carts (Weeks 4-6)` → (`Phase 2`, `Carts`): numbering, week
/// ranges, durations and done marks dropped, and any bracket that only
/// says when dropped whole; a bracket never cut.
pub fn name_of(raw: &str) -> (Option<String>, String) {
    let (label, rest) = match numbering(raw) {
        Some((label, end)) => (Some(label), &raw[end..]),
        None => match bracketed_numbering(raw) {
            Some((label, before)) => (Some(label), before),
            None => (None, raw),
        },
    };
    // `0–30 dias (MVP)`, `Day 1-2: Setup`: a leading length or place in
    // time is no name.
    let rest = strip_leading_schedule(rest);
    let mut name = String::new();
    let mut kept_groups: Vec<String> = Vec::new();
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
                    if let Some(kept) = without_notes(&group) {
                        name.push_str(&kept);
                        kept_groups.push(kept);
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
    // `Launch ✅ COMPLETE`: the mark and the done words after it go.
    if let Some(at) = name.find(DONE_MARKS) {
        let after = &name[at..];
        if Words::of(after)
            .iter()
            .all(|w| sections::label(w) == Some(Label::Done))
        {
            name.truncate(at);
        }
    }
    let mut name = name.replace(DONE_MARKS, "");
    // `Weeks 1-2: Setup` → `Setup`; `Setup — Weeks 1-2` → `Setup`.
    if let Some((before, after)) = name.split_once([':', '：']) {
        if weeks(before).is_some() && !after.trim().is_empty() {
            name = after.to_string();
        }
    }
    for sep in [" — ", " – ", " - ", " | "] {
        if let Some((before, after)) = name.rsplit_once(sep) {
            if is_note(after) && !before.trim().is_empty() {
                name = before.to_string();
            }
        }
    }
    let mut cleaned = text::clean_heading(&name).into_owned();
    // `Phase 1 (MVP - 3 months)`: the bracket is the only name.
    if let [only] = kept_groups.as_slice() {
        if cleaned == text::clean_heading(only) {
            cleaned = text::clean_heading(only.trim_matches(['(', ')', '[', ']', '（', '）']))
                .into_owned();
        }
    }
    let name = if cleaned.is_empty() || Words::of(&cleaned).is_empty() {
        label
            .clone()
            .unwrap_or_else(|| text::clean_heading(raw).into_owned())
    } else {
        cleaned
    };
    (label, name)
}

/// `0–30 dias (MVP)` → `(MVP)`; `Day 1-2: Setup` → `Setup`.
fn strip_leading_schedule(raw: &str) -> &str {
    let tokens = tokens(raw);
    let Some(unit) = tokens
        .iter()
        .position(|(t, _)| !matches!(t, Token::Num(_) | Token::Fraction | Token::Dash))
    else {
        return raw;
    };
    let (Token::Word(word), span) = &tokens[unit] else {
        return raw;
    };
    let unit_first = unit == 0
        && tokens
            .get(1)
            .is_some_and(|(t, _)| matches!(t, Token::Num(_)));
    let lengthy = unit > 0 && DURATION_UNITS.contains(&word.to_lowercase().as_str());
    let placed = unit_first && DURATION_UNITS.contains(&word.to_lowercase().as_str());
    if !(lengthy || placed) {
        return raw;
    }
    // The schedule ends after its last number (`Day 1-2`) or its unit (`0–30 dias`).
    let end = if placed {
        tokens
            .iter()
            .skip(1)
            .take_while(|(t, _)| matches!(t, Token::Num(_) | Token::Dash))
            .last()
            .map_or(span.end, |(_, s)| s.end)
    } else {
        span.end
    };
    let rest = raw[end..].trim_start_matches([':', '-', '–', '—', ' ', '：']);
    if Words::of(rest).is_empty() {
        raw
    } else {
        rest
    }
}

/// A bracket without the parts that only say when, how far or in what
/// state (`(MVP - 3 months)` → `(MVP)`); `None` when nothing else is left,
/// or when it opens with such a note (`(do now — 2 lines, …)`).
fn without_notes(group: &str) -> Option<String> {
    let inner = group.trim_matches(['(', ')', '[', ']', '（', '）']);
    let parts: Vec<&str> = inner
        .split([',', '，', '、'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.first().is_some_and(|p| is_note(p)) {
        return None;
    }
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_note(p)).collect();
    if kept.is_empty() {
        None
    } else if kept.len() == parts.len() {
        Some(group.to_string())
    } else {
        Some(format!("({})", kept.join(", ")))
    }
}

/// A bracket or tail that only says when, how far or in what state:
/// `(Weeks 1-2)`, `(2-3 days)`, `(Complete)`, `(in progress)`,
/// `(Jan 13-19)`, `(this sprint)`, `(2/2 plans)`.
fn is_note(group: &str) -> bool {
    let words = Words::of(group);
    let has_digit = group.chars().any(|c| c.is_ascii_digit());
    let unit = |w: &str| {
        let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
        DURATION_UNITS.contains(&w) || WEEK_AFTER.contains(&w)
    };
    let progress = group.split_whitespace().any(|w| {
        w.split_once('/')
            .is_some_and(|(a, b)| is_count(a) && is_count(b.trim_end_matches(')')))
    });
    !words.is_empty()
        && (weeks(group).is_some()
            || duration(group).is_some()
            || progress
            || sections::mentions(&words, Label::Done)
            || sections::mentions(&words, Label::Underway)
            || words.iter().any(|w| WHEN_WORDS.contains(&w))
            || (has_digit && words.iter().any(|w| unit(w) || MONTHS.contains(&w))))
}

fn is_count(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '?')
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
    named_phase(name_of(raw), raw, file, line)
}

/// A phase from heading `raw`, already split into `label` and `name`.
fn named_phase((label, name): Named, raw: &str, file: &str, line: usize) -> Phase {
    Phase {
        name,
        label,
        file: file.to_string(),
        line,
        weeks: weeks(raw),
        duration: duration(raw),
        done: marked_done(raw),
        ..Phase::default()
    }
}

/// A phase heading (`named`: its label and name, as [`role_of`] read them)
/// and the parts under it.
pub fn of_part(
    doc: &Document,
    index: usize,
    named: Named,
    own: &[Option<Kind>],
    file: &str,
) -> Phase {
    let part = &doc.parts[index];
    let mut phase = named_phase(named, &part.raw_title, file, part.span.line);
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
            if is_criteria(&sub.words) {
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
                            phase.duration = phase.duration.take().or_else(|| duration(rest));
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
    if phase.duration.is_none() {
        phase.duration = duration(&line.plain());
    }
    children.iter().for_each(|child| deliver(child, &mut phase));
    settle(phase)
}

/// A phase from a table row: the phase column names it; a duration,
/// deliverables or status column adds to it.
pub fn of_row(header: &[Cow<str>], row: &[Cow<str>], file: &str, line: usize) -> Option<Phase> {
    let columns: Vec<Option<Label>> = header.iter().map(|h| sections::label(h)).collect();
    // `| Day | Task | … |` with `| 3 | Checkout | … |`: the first column
    // places the row in time, the next one names it.
    let timed = header
        .first()
        .is_some_and(|h| DURATION_UNITS.contains(&h.trim().to_lowercase().as_str()))
        && row.first().is_some_and(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|ch| ch.is_ascii_digit() || " -–~".contains(ch))
        });
    let name_at = columns
        .iter()
        .position(|c| *c == Some(Label::PhaseName))
        .or_else(|| {
            row.first()
                .filter(|c| is_phase_title(c) || timed)
                .map(|_| 0)
        })?;
    let name_cell = row.get(name_at).filter(|c| !c.is_empty())?;
    let mut phase = new_phase(name_cell, file, line);
    if timed {
        let unit = header[0].trim().to_lowercase();
        phase.weeks = WEEK_WORDS
            .contains(&unit.as_str())
            .then(|| weeks(&format!("{unit} {name_cell}")))
            .flatten();
    }
    // `| Phase 1 | Search | … |`: a name column names the phase.
    let titled = columns
        .iter()
        .enumerate()
        .position(|(i, c)| {
            i != name_at
                && (*c == Some(Label::Requirement)
                    || NAME_COLUMNS.contains(&header[i].trim().to_lowercase().as_str()))
        })
        .or_else(|| timed.then_some(1));
    if let Some(cell) = titled.and_then(|i| row.get(i)).filter(|c| !c.is_empty()) {
        phase.name = text::clean_heading(cell).into_owned();
        phase.label = phase.label.or_else(|| Some(name_cell.to_string()));
    }
    for (i, cell) in row.iter().enumerate() {
        if i == name_at || Some(i) == titled {
            continue;
        }
        match columns.get(i).copied().flatten() {
            Some(Label::Duration) => {
                phase.weeks = phase.weeks.or_else(|| weeks(cell));
                phase.duration = phase.duration.take().or_else(|| duration(cell));
            }
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

/// Words that make a status line no statement of fact: `Phase 1 is done
/// when …`, `Phase 2 will be complete …`.
const NOT_YET: &[&str] = &[
    "not", "when", "once", "if", "until", "will", "must", "should", "after", "before",
];

/// Status lines anywhere in the document (`Stages 0 through 3 are
/// complete.`, `Phase 4 is done.`) mark the phases they name done.
pub fn mark_stated_done(doc: &Document, phases: &mut [Phase]) {
    if phases.iter().all(|p| p.label.is_none()) {
        return;
    }
    for part in &doc.parts {
        for block in &part.blocks {
            let lines: Vec<&Line> = match block {
                Block::Paragraph { lines } => lines.iter().collect(),
                Block::List { items, .. } => items.iter().map(|i| &i.line).collect(),
                _ => continue,
            };
            for line in lines {
                let Some((word, numbers)) = stated_done(&line.plain()) else {
                    continue;
                };
                for phase in phases.iter_mut() {
                    let named = phase.label.as_deref().and_then(|l| {
                        let (w, n) = l.rsplit_once(' ')?;
                        Some((w.to_lowercase(), n.parse::<u32>().ok()?))
                    });
                    if named.is_some_and(|(w, n)| w == word && numbers.contains(&n)) {
                        phase.done = true;
                    }
                }
            }
        }
    }
}

/// `Stages 0 through 3 are complete` → (`stage`, 0..=3).
fn stated_done(raw: &str) -> Option<(String, std::ops::RangeInclusive<u32>)> {
    let tokens = tokens(raw);
    let (Token::Word(first), _) = tokens.first()? else {
        return None;
    };
    let first = first.to_lowercase();
    let word = first.strip_suffix('s').unwrap_or(&first);
    if !PHASE_WORDS.contains(&word) || word.chars().count() < 2 {
        return None;
    }
    let Some((Token::Num(start), _)) = tokens.get(1) else {
        return None;
    };
    let (end, rest_at) = match (tokens.get(2), tokens.get(3)) {
        (Some((Token::Dash | Token::Word("through" | "thru"), _)), Some((Token::Num(end), _))) => {
            (*end, 4)
        }
        _ => (*start, 2),
    };
    let rest_from = tokens
        .get(rest_at)
        .map_or(raw.len(), |(_, span)| span.start);
    let words = Words::of(&raw[rest_from..]);
    let done = sections::mentions(&words, Label::Done)
        && !words.iter().any(|w| NOT_YET.contains(&w))
        && !sections::mentions(&words, Label::Underway);
    (done && start <= &end).then(|| (word.to_string(), *start..=end))
}

/// A plan written outside any timeline section (a dependency graph in
/// code, a table led by a phase column): the first such block with two
/// phases or more, for a document whose timeline gives none.
pub fn loose(doc: &Document, kinds: &[Option<Kind>], file: &str) -> Vec<Phase> {
    let later = |i: usize| matches!(kinds[i], Some(Kind::OutOfScope | Kind::NonGoals));
    let blocks = doc
        .parts
        .iter()
        .enumerate()
        .filter(|&(i, _)| !later(i))
        .flat_map(|(_, part)| &part.blocks);
    for block in blocks {
        let found = match block {
            Block::Code { code, span, .. } => of_code(code, file, span.line),
            Block::Table { header, rows, span }
                if header.first().and_then(|h| sections::label(h)) == Some(Label::PhaseName) =>
            {
                rows.iter()
                    .enumerate()
                    .filter_map(|(n, row)| of_row(header, row, file, span.line + 2 + n))
                    .collect()
            }
            _ => continue,
        };
        if found.len() >= 2 {
            return found;
        }
    }
    epics(doc, kinds, file)
}

/// `Epic 1: Foundation` lines, the epics of a document that sequences its
/// work in epics and has no other plan: the first part with two or more.
fn epics(doc: &Document, kinds: &[Option<Kind>], file: &str) -> Vec<Phase> {
    for (i, part) in doc.parts.iter().enumerate() {
        if matches!(kinds[i], Some(Kind::OutOfScope | Kind::NonGoals)) {
            continue;
        }
        let mut found = Vec::new();
        for block in &part.blocks {
            let lines: Vec<&Line> = match block {
                Block::Paragraph { lines } => lines.iter().collect(),
                Block::List { items, .. } => items.iter().map(|i| &i.line).collect(),
                _ => continue,
            };
            for line in lines {
                let plain = line.plain();
                let Some((label, end)) = numbered_by(&plain, &["epic"]) else {
                    continue;
                };
                let name = text::clean_heading(&plain[end..]).into_owned();
                if !Words::of(&name).is_empty() {
                    found.push(Phase {
                        name,
                        label: Some(label),
                        file: file.to_string(),
                        line: line.span.line,
                        ..Phase::default()
                    });
                }
            }
        }
        if found.len() >= 2 {
            return found;
        }
    }
    Vec::new()
}

/// Phases written as lines of a code block (a plain-text timeline).
pub fn of_code(code: &str, file: &str, first_line: usize) -> Vec<Phase> {
    code.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric());
            // Only lines that start with their numbering: a tree's leaves are not phases.
            if numbering(trimmed).is_none() || is_future(trimmed) {
                return None;
            }
            let mut phase = new_phase(trimmed, file, first_line + 1 + n);
            // Aligned columns (`Phase 2: Carts      (needs Phase 1)`): the
            // name is the first column that says more than the numbering.
            let mut columns = trimmed
                .split("  ")
                .map(|c| c.trim_matches([' ', ':', '：', '|']))
                .filter(|c| !c.is_empty());
            if let Some(first) = columns.next() {
                let (_, name) = name_of(first);
                phase.name = if Some(&name) == phase.label.as_ref() {
                    columns
                        .find(|c| !is_note(c))
                        .map(|c| text::clean_heading(c).into_owned())
                        .unwrap_or(name)
                } else {
                    name
                };
            }
            Some(settle(phase))
        })
        .collect()
}

fn deliver(item: &Item, phase: &mut Phase) {
    let words = &item.line.label_words;
    if !words.is_empty() && is_criteria(words) {
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
        assert_eq!(weeks("1-2주차: 설계"), range(1, 2));
        assert_eq!(weeks("Weeks 1 to 2"), range(1, 2));
        assert_eq!(weeks("Semana 4"), range(4, 4));
        assert_eq!(weeks("Phase 1: Setup"), None);
        assert_eq!(weeks("Sprint 3"), None);
    }

    #[test]
    fn a_length_is_a_duration_not_a_place_in_the_schedule() {
        assert_eq!(weeks("MVP: Login (2-3 weeks)"), None);
        assert_eq!(
            duration("MVP: Login (2-3 weeks)").as_deref(),
            Some("2-3 weeks")
        );
        assert_eq!(duration("Phase 1 (MVP - 3개월)").as_deref(), Some("3개월"));
        assert_eq!(duration("Sanity (0.5 days)").as_deref(), Some("0.5 days"));
        assert_eq!(duration("Weeks 3-4: Checkout"), None);
    }

    #[test]
    fn names_drop_notes_on_when_and_state() {
        assert_eq!(
            name_of("Phase 1: Kiln wiring (do now — 2 lines)").1,
            "Kiln wiring"
        );
        assert_eq!(name_of("Phase 3: Glazes (this sprint)").1, "Glazes");
        assert_eq!(name_of("Phase 2 — Firing ✅ 완료").1, "Firing");
        assert_eq!(
            name_of("Phase 0: Kiln Setup ✅ **COMPLETE**").1,
            "Kiln Setup"
        );
        assert_eq!(name_of("Phase 2 — Glazes (진행 중)").1, "Glazes");
        assert_eq!(name_of("Phase 1 (MVP - 3개월)").1, "MVP");
        assert_eq!(name_of("Phase 2 (4-6개월)").1, "Phase 2");
        assert_eq!(
            name_of("Week 1: Kiln + Shelves (Jan 13-19)").1,
            "Kiln + Shelves"
        );
        assert_eq!(name_of("Phase 1: Kilns (2/2 plans)").1, "Kilns");
        assert_eq!(name_of("0–30 dias (MVP)").1, "MVP");
        assert_eq!(name_of("Day 1-2: Project setup").1, "Project setup");
        assert_eq!(
            name_of("Kiln Set (Phase 1)"),
            (Some("Phase 1".into()), "Kiln Set".into())
        );
        // A bracket that names something stays.
        assert_eq!(name_of("Phase 2: Payments (Stripe)").1, "Payments (Stripe)");
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

    fn read(source: &str) -> Vec<(usize, String, bool)> {
        crate::prd::parse(source.as_bytes())
            .unwrap()
            .phases
            .into_iter()
            .map(|p| (p.line, p.name, p.done))
            .collect()
    }

    #[test]
    fn status_lines_mark_the_phases_they_name() {
        let found = read(
            "# Kiln\n## Plan\n### Stage 0: Wiring\n- cables\n### Stage 1: Shelves\n- boards\n### Stage 2: Glazes\n- jars\n## Status\n- Stages 0 through 1 are complete.\n- Stage 2 is done when the jars arrive.\n",
        );
        let done: Vec<bool> = found.iter().map(|(_, _, done)| *done).collect();
        assert_eq!(done, [true, true, false]);
    }

    #[test]
    fn plans_outside_a_timeline_section() {
        // A numbered timeline in code, the document's only plan.
        let code = read(
            "# Kiln\n## Dependency Graph\n```\nPhase 1: Wiring          (standalone)\nPhase 2: Shelves         (needs Phase 1)\n```\n",
        );
        assert_eq!(
            code,
            [(4, "Wiring".into(), false), (5, "Shelves".into(), false)]
        );
        // A table led by a phase column, its name column naming each.
        let table = read(
            "# Kiln\n## Phase Overview\n| Phase | Name | Notes |\n|---|---|---|\n| 0 | Wiring | cables |\n| 1 | Shelves | boards |\n",
        );
        assert_eq!(
            table,
            [(5, "Wiring".into(), false), (6, "Shelves".into(), false)]
        );
        // An epic list, when nothing else is the plan.
        let epics = read("# Kiln\n## Epic List\n\nEpic 1: Wiring\n\nEpic 2: Shelves\n");
        assert_eq!(
            epics,
            [(4, "Wiring".into(), false), (6, "Shelves".into(), false)]
        );
    }

    #[test]
    fn rows_and_paragraphs_in_a_timeline() {
        // `| Day | Task |`: the first column places the row, the next names it.
        let days = read(
            "# Kiln\n## Roadmap\n### Ten-day sprint plan\n| Day | Task |\n|---|---|\n| 1 | Wiring |\n| 2 | Shelves |\n",
        );
        assert_eq!(
            days,
            [(6, "Wiring".into(), false), (7, "Shelves".into(), false)]
        );
        // A line that opens with its place in time, over a list.
        let spans = read(
            "# Kiln\n## Delivery plan\n0–30 days (Wiring)\n- cables\n\n31–60 days (Shelves)\n- boards\n",
        );
        assert_eq!(
            spans,
            [(3, "Wiring".into(), false), (6, "Shelves".into(), false)]
        );
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

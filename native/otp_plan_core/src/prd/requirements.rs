//! From a [`Document`] to a [`Prd`]: sections are recognised by what their
//! heading means, not by where they stand or how they are numbered.
//!
//! Each part gets a [`Kind`] from its own heading or, failing that, from the
//! nearest enclosing part. A part's paragraphs, items and tables then go to
//! the field its kind names; whatever no field takes is kept in
//! [`Prd::other_sections`] under its heading.

use super::document::{Block, Document, Item, Line, Part};
use super::model::{Feature, Phase, Prd, Risk, Section, Versions, WeekRange};
use super::targets;
use super::text;
use std::borrow::Cow;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Summary,
    Problem,
    Solution,
    SuccessCriteria,
    AppType,
    Architecture,
    Features,
    Ux,
    Api,
    OtpPatterns,
    Contexts,
    Performance,
    Scaling,
    Security,
    FaultTolerance,
    Testing,
    DevEnvironment,
    Tools,
    Deployment,
    ExternalServices,
    Libraries,
    SuccessMetrics,
    Risks,
    Timeline,
    /// Recognised so that a weaker rule does not claim it, but kept as is.
    Other,
}

/// Heading words (normalised by [`text::words`]) that name each kind. The
/// rule matching the most words wins; ties go to the earlier rule.
const RULES: &[(Kind, &[&[&str]])] = &[
    (
        Kind::Summary,
        &[
            &["executive", "summary"],
            &["summary"],
            &["overview"],
            &["introduction"],
        ],
    ),
    (
        Kind::Problem,
        &[&["problem"], &["pain", "point"], &["motivation"]],
    ),
    (Kind::Solution, &[&["solution"], &["proposed", "approach"]]),
    (
        Kind::SuccessCriteria,
        &[
            &["success", "criteria"],
            &["goal"],
            &["objective"],
            &["acceptance", "criteria"],
        ],
    ),
    (
        Kind::AppType,
        &[
            &["application", "type"],
            &["tech", "stack"],
            &["technology", "stack"],
            &["architecture", "overview"],
        ],
    ),
    (
        Kind::Architecture,
        &[
            &["architecture"],
            &["system", "design"],
            &["technical", "design"],
        ],
    ),
    (
        Kind::Features,
        &[
            &["feature"],
            &["functional", "requirement"],
            &["capability"],
            &["user", "story"],
            &["product", "specification"],
        ],
    ),
    (
        Kind::Ux,
        &[
            &["user", "experience"],
            &["ux"],
            &["ui"],
            &["user", "interface"],
            &["user", "flow"],
            &["user", "journey"],
        ],
    ),
    (Kind::Api, &[&["api"], &["endpoint"]]),
    (
        Kind::OtpPatterns,
        &[
            &["otp"],
            &["design", "pattern"],
            &["process", "architecture"],
            &["process", "design"],
            &["supervision"],
        ],
    ),
    (
        Kind::Contexts,
        &[
            &["phoenix", "context"],
            &["bounded", "context"],
            &["domain", "context"],
        ],
    ),
    (
        Kind::Performance,
        &[
            &["performance"],
            &["scalability"],
            &["non", "functional"],
            &["nfr"],
            &["concurrency", "target"],
        ],
    ),
    (Kind::Scaling, &[&["scaling"], &["scale"], &["horizontal"]]),
    (
        Kind::Security,
        &[
            &["security"],
            &["authentication"],
            &["authorization"],
            &["privacy"],
            &["compliance"],
        ],
    ),
    (
        Kind::FaultTolerance,
        &[
            &["fault", "tolerance"],
            &["reliability"],
            &["resilience"],
            &["error", "handling"],
            &["disaster", "recovery"],
        ],
    ),
    (
        Kind::Testing,
        &[
            &["test"],
            &["testing"],
            &["qa"],
            &["quality", "assurance"],
            &["validation"],
        ],
    ),
    (
        Kind::DevEnvironment,
        &[
            &["development", "environment"],
            &["environment"],
            &["prerequisite"],
        ],
    ),
    (
        Kind::Tools,
        &[&["code", "quality"], &["tool"], &["tooling"], &["linting"]],
    ),
    (
        Kind::Deployment,
        &[
            &["deployment"],
            &["deploy"],
            &["release"],
            &["infrastructure"],
            &["hosting"],
            &["devop"],
        ],
    ),
    (
        Kind::ExternalServices,
        &[
            &["external", "service"],
            &["integration"],
            &["third", "party", "service"],
        ],
    ),
    (
        Kind::Libraries,
        &[
            &["library"],
            &["dependency"],
            &["third", "party", "library"],
            &["package"],
        ],
    ),
    (
        Kind::SuccessMetrics,
        &[
            &["success", "metric"],
            &["metric"],
            &["kpi"],
            &["performance", "metric"],
            &["business", "metric"],
        ],
    ),
    (
        Kind::Risks,
        &[
            &["risk"],
            &["mitigation"],
            &["threat"],
            &["otp", "consideration"],
        ],
    ),
    (
        Kind::Timeline,
        &[
            &["timeline"],
            &["roadmap"],
            &["milestone"],
            &["implementation", "plan"],
            &["implementation", "strategy"],
            &["schedule"],
            &["release", "plan"],
            &["development", "phase"],
        ],
    ),
    (
        Kind::Other,
        &[
            &["non", "goal"],
            &["out", "scope"],
            &["dependency", "chain"],
            &["appendix"],
            &["appendice"],
            &["glossary"],
            &["market"],
        ],
    ),
];

/// A phrase of [`RULES`] with its kind and its rank in `RULES` order.
struct Rule {
    rank: usize,
    kind: Kind,
    phrase: &'static [&'static str],
}

/// Every phrase of [`RULES`] in the [`bucket`] of its first word, so that a
/// heading's word compares with only the few phrases sharing its bucket.
static RULES_BY_FIRST_WORD: LazyLock<[Vec<Rule>; 256]> = LazyLock::new(|| {
    let mut index = std::array::from_fn(|_| Vec::new());
    let phrases = RULES
        .iter()
        .flat_map(|&(kind, phrases)| phrases.iter().map(move |&phrase| (kind, phrase)));
    for (rank, (kind, phrase)) in phrases.enumerate() {
        if let Some(first) = phrase.first() {
            index[bucket(first.as_bytes())].push(Rule { rank, kind, phrase });
        }
    }
    index
});

/// One of 256 buckets for `word`, mixing its [`text::initial`], last byte and
/// length: the phrases' first words barely share one.
fn bucket(word: &[u8]) -> usize {
    let last = word.last().map_or(0, |b| usize::from(b & 31));
    (text::initial(word) << 3) ^ last ^ (word.len() & 7)
}

impl Kind {
    fn of(heading: &str) -> Option<Kind> {
        let words = text::words(heading);
        let mut best: Option<&Rule> = None;
        for word in words.iter() {
            let starting = RULES_BY_FIRST_WORD[bucket(word)]
                .iter()
                .filter(|rule| rule.phrase[0].as_bytes() == word);
            for rule in starting.filter(|rule| text::has_all(&words, &rule.phrase[1..])) {
                if best.is_none_or(|b| rule.outranks(b)) {
                    best = Some(rule);
                }
            }
        }
        best.map(|rule| rule.kind)
    }
}

impl Rule {
    /// More words win; of as many, the earlier rule.
    fn outranks(&self, other: &Rule) -> bool {
        (self.phrase.len(), other.rank) > (other.phrase.len(), self.rank)
    }
}

/// Bold labels that name a field wherever they appear: `- **Database**: PostgreSQL`.
#[derive(Clone, Copy)]
enum Field {
    Problem,
    Solution,
    SuccessCriteria,
    Framework,
    ConcurrencyModel,
    SupervisionStrategy,
    Database,
}

const LABELS: &[(&[&str], Field)] = &[
    (&["problem"], Field::Problem),
    (&["solution"], Field::Solution),
    (&["success", "criteria"], Field::SuccessCriteria),
    (&["framework"], Field::Framework),
    (&["concurrency", "model"], Field::ConcurrencyModel),
    (&["supervision", "strategy"], Field::SupervisionStrategy),
    (&["database"], Field::Database),
    (&["data", "store"], Field::Database),
];

fn label_field(label: &str) -> Option<Field> {
    let words = text::words(label);
    LABELS
        .iter()
        .find(|(phrase, _)| text::has_all(&words, phrase) && words.len() <= phrase.len() + 1)
        .map(|&(_, field)| field)
}

/// Reads the requirements out of `doc`.
pub fn read(doc: &Document) -> Prd {
    let mut prd = Prd {
        front_matter: doc.front_matter.clone(),
        ..Prd::default()
    };
    let title_part = title_part(doc);
    prd.title = title_part
        .and_then(|i| project_name(&doc.parts[i].raw_title))
        .or_else(|| front_matter_title(doc));

    let n = doc.parts.len();
    let own: Vec<Option<Kind>> = (0..n)
        .map(|i| {
            if i == 0 || Some(i) == title_part {
                None
            } else {
                Kind::of(&doc.parts[i].title)
            }
        })
        .collect();
    let mut kind = own.clone();
    for i in 0..n {
        if let (None, Some(parent)) = (kind[i], doc.parts[i].parent) {
            kind[i] = kind[parent];
        }
    }

    let mut claimed = vec![false; n];
    for i in 0..n {
        let part = &doc.parts[i];
        if !claimed[i] {
            let parent_kind = part.parent.and_then(|p| kind[p]);
            let whole = if is_phase_title(&part.raw_title)
                || (parent_kind == Some(Kind::Timeline) && own[i] != Some(Kind::Timeline))
            {
                prd.phases.push(phase_of_part(doc, i, &own));
                true
            } else if parent_kind == Some(Kind::Features) && is_feature_part(part, own[i]) {
                prd.features.push(feature_of_part(doc, i));
                true
            } else {
                route(&mut prd, part, kind[i]);
                false
            };
            if whole {
                doc.descendants(i).for_each(|d| claimed[d] = true);
            }
        }
        read_versions(part, &mut prd.versions);
    }
    prd.targets = targets::read(doc);
    prd
}

/// The part holding the document's title: its first heading, when that is
/// a level-1 heading naming the project rather than a section.
fn title_part(doc: &Document) -> Option<usize> {
    let part = doc.parts.get(1)?;
    let names_prd = is_prd_phrase(&text::words(&part.raw_title));
    (part.level == 1 && !part.pseudo && (names_prd || Kind::of(&part.title).is_none())).then_some(1)
}

fn is_prd_phrase(words: &text::Words) -> bool {
    text::has_all(words, &["prd"])
        || text::has_all(words, &["product", "requirement"])
        || text::has_all(words, &["requirement", "document"])
}

/// `Product Requirements Document: Shop` → `Shop`; `Shop PRD` → `Shop`.
fn project_name(raw: &str) -> Option<String> {
    let pieces = raw
        .split([':', '—', '–', '|'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" for "));
    let named: Vec<&str> = pieces
        .filter(|p| !p.trim().is_empty() && !is_prd_phrase(&text::words(p)))
        .collect();
    let mut name = if named.is_empty() {
        raw.to_string()
    } else {
        named.join(" ")
    };
    for phrase in [
        "product requirements document",
        "product requirements",
        "requirements document",
        "prd",
    ] {
        if let Some(at) = name.to_ascii_lowercase().find(phrase) {
            name.replace_range(at..at + phrase.len(), "");
        }
    }
    let name = text::clean_heading(&name);
    (!name.is_empty()).then(|| name.into_owned())
}

fn front_matter_title(doc: &Document) -> Option<String> {
    ["project", "name", "title"]
        .iter()
        .find_map(|key| {
            doc.front_matter
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
        })
        .and_then(|(_, value)| project_name(value))
}

/// Sends each block of `part` to the field its kind names; keeps the rest
/// as an unrecognised section.
fn route(prd: &mut Prd, part: &Part, kind: Option<Kind>) {
    let mut rest: Vec<String> = Vec::new();
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines } => {
                for line in lines {
                    if !take(prd, kind, line, None) {
                        rest.push(line.plain().into_owned());
                    }
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    if !take(prd, kind, &item.line, Some(&item.children)) {
                        flatten(item, &mut rest);
                    }
                }
            }
            Block::Table { header, rows, .. } => {
                let columns = Columns::of(header);
                let features = || feature_rows(&columns, rows);
                if let Some(risks) = risk_rows(&columns, rows) {
                    prd.risks.extend(risks);
                } else if let Some(features) =
                    (kind == Some(Kind::Features)).then(features).flatten()
                {
                    prd.features.extend(features);
                } else {
                    let lines: Vec<Line> = rows
                        .iter()
                        .map(|row| Line {
                            text: Cow::Owned(row.join(" | ")),
                            ..Line::default()
                        })
                        .collect();
                    if !lines.iter().all(|line| take(prd, kind, line, None)) {
                        let rows = std::iter::once(header).chain(rows);
                        rest.extend(rows.map(|row| row.join(" | ")));
                    }
                }
            }
            Block::Code { code, .. } => rest.push(code.trim_end().to_string()),
            Block::Html { html, .. } => rest.push(html.trim_end().to_string()),
        }
    }
    if !rest.is_empty() {
        prd.other_sections.push(Section {
            heading: part.title.to_string(),
            line: part.span.line,
            text: rest.join("\n"),
        });
    }
}

/// Takes a line into the field it belongs to; false when none wants it.
/// `children` is `Some` for a list item: only items make features, risks
/// and phases.
fn take(prd: &mut Prd, kind: Option<Kind>, line: &Line, children: Option<&[Item]>) -> bool {
    let free_labels = !matches!(kind, Some(Kind::Features | Kind::Risks | Kind::Timeline));
    if let (true, Some(field)) = (free_labels, line.label.as_deref().and_then(label_field)) {
        let value = Some(line.text.to_string()).filter(|t| !t.is_empty());
        let app = &mut prd.app_type;
        match field {
            Field::Problem => prd.problem = prd.problem.take().or(value),
            Field::Solution => prd.solution = prd.solution.take().or(value),
            Field::SuccessCriteria => prd.success_criteria.extend(value),
            Field::Framework => app.framework = app.framework.take().or(value),
            Field::ConcurrencyModel => {
                app.concurrency_model = app.concurrency_model.take().or(value)
            }
            Field::SupervisionStrategy => {
                app.supervision_strategy = app.supervision_strategy.take().or(value)
            }
            Field::Database => app.database = app.database.take().or(value),
        }
        return true;
    }
    let item = children.is_some();
    let children = children.unwrap_or_default();
    let list = match kind {
        Some(Kind::Features | Kind::Risks | Kind::Timeline) if !item => return false,
        Some(Kind::Features) => {
            prd.features.push(feature_of_item(line, children));
            return true;
        }
        Some(Kind::Risks) => {
            prd.risks.push(risk_of_item(line, children));
            return true;
        }
        Some(Kind::Timeline) if is_phase_title(&line.plain()) => {
            prd.phases.push(phase_of_item(line, children));
            return true;
        }
        Some(Kind::Problem) => return append(&mut prd.problem, line),
        Some(Kind::Solution) => return append(&mut prd.solution, line),
        Some(Kind::SuccessCriteria) => &mut prd.success_criteria,
        Some(Kind::Ux) => &mut prd.ux_requirements,
        Some(Kind::Api) => &mut prd.api,
        Some(Kind::OtpPatterns) => &mut prd.otp_patterns,
        Some(Kind::Contexts) => &mut prd.contexts,
        Some(Kind::Performance) => &mut prd.performance,
        Some(Kind::Scaling) => &mut prd.scaling,
        Some(Kind::Security) => &mut prd.security,
        Some(Kind::FaultTolerance) => &mut prd.fault_tolerance,
        Some(Kind::Testing) => &mut prd.test_types,
        Some(Kind::Tools) => &mut prd.tools,
        Some(Kind::Deployment) => &mut prd.deployment,
        Some(Kind::ExternalServices) => &mut prd.external_services,
        Some(Kind::Libraries) => &mut prd.libraries,
        Some(Kind::SuccessMetrics) => &mut prd.success_metrics,
        _ => return false,
    };
    list.push(line.plain().into_owned());
    children.iter().for_each(|child| flatten(child, list));
    true
}

fn append(field: &mut Option<String>, line: &Line) -> bool {
    let text = line.plain().into_owned();
    *field = Some(match field.take() {
        Some(before) => format!("{before} {text}"),
        None => text,
    });
    true
}

/// An item and its descendants, one line each.
fn flatten(item: &Item, out: &mut Vec<String>) {
    out.push(item.line.plain().into_owned());
    item.children.iter().for_each(|child| flatten(child, out));
}

/// Under a features section, a subsection is a feature unless its heading
/// names another section kind that sits beside features (UX, API, …).
fn is_feature_part(part: &Part, own: Option<Kind>) -> bool {
    let named = part
        .raw_title
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase()
        .starts_with("feature ");
    let beside = matches!(
        own,
        Some(
            Kind::Features
                | Kind::Ux
                | Kind::Api
                | Kind::Performance
                | Kind::Testing
                | Kind::SuccessCriteria
                | Kind::SuccessMetrics
                | Kind::Risks
                | Kind::Timeline
                | Kind::Other
        )
    );
    named || !beside
}

fn feature_of_part(doc: &Document, index: usize) -> Feature {
    let mut feature = Feature {
        name: doc.parts[index].title.to_string(),
        ..Feature::default()
    };
    for i in std::iter::once(index).chain(doc.descendants(index)) {
        for block in &doc.parts[i].blocks {
            match block {
                Block::Paragraph { lines } => {
                    lines.iter().for_each(|line| note(&mut feature, line))
                }
                Block::List { items, .. } => {
                    items.iter().for_each(|item| note_item(&mut feature, item))
                }
                _ => {}
            }
        }
    }
    feature
}

fn feature_of_item(line: &Line, children: &[Item]) -> Feature {
    let (name, description) = match &line.label {
        Some(label) => (
            label.as_ref(),
            Some(line.text.to_string()).filter(|t| !t.is_empty()),
        ),
        None => (line.text.as_ref(), None),
    };
    let mut feature = Feature {
        name: text::clean_heading(name).into_owned(),
        description,
        ..Feature::default()
    };
    children
        .iter()
        .for_each(|child| note_item(&mut feature, child));
    feature
}

fn note_item(feature: &mut Feature, item: &Item) {
    note(feature, &item.line);
    item.children
        .iter()
        .for_each(|child| note_item(feature, child));
}

/// Files a line under the feature note its label names (`**Processes**: …`);
/// an unlabelled line describes the feature.
fn note(feature: &mut Feature, line: &Line) {
    let words = line.label.as_deref().map(text::words).unwrap_or_default();
    let slot = if words.is_empty() {
        &mut feature.description
    } else if text::has_all(&words, &["process"]) {
        &mut feature.processes
    } else if text::has_all(&words, &["supervision"]) {
        &mut feature.supervision
    } else if text::has_all(&words, &["concurrency"]) {
        &mut feature.concurrency
    } else if text::has_all(&words, &["error"])
        || text::has_all(&words, &["failure"])
        || text::has_all(&words, &["fault"])
    {
        &mut feature.error_handling
    } else if text::has_all(&words, &["description"])
        || text::has_all(&words, &["what", "it", "doe"])
    {
        &mut feature.description
    } else {
        return;
    };
    let text = if words.is_empty() {
        line.plain().into_owned()
    } else {
        line.text.to_string()
    };
    if slot.is_none() && !text.is_empty() {
        *slot = Some(text);
    }
}

/// A table's headings, each normalised once, to find columns by.
struct Columns(Vec<text::Words>);

impl Columns {
    fn of(header: &[Cow<str>]) -> Columns {
        Columns(header.iter().map(|h| text::words(h)).collect())
    }

    /// The first column whose heading has any of the given (normalised) words.
    fn find(&self, names: &[&str]) -> Option<usize> {
        self.0
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
    }
}

/// A row's cell `i`, unless it is missing or empty.
fn cell(row: &[Cow<str>], i: usize) -> Option<String> {
    row.get(i).filter(|c| !c.is_empty()).map(|c| c.to_string())
}

/// Rows of a table whose header names the feature (`ID | Requirement | Priority`).
fn feature_rows(columns: &Columns, rows: &[Vec<Cow<str>>]) -> Option<Vec<Feature>> {
    let name = columns.find(&["feature", "requirement", "name", "title", "story"])?;
    let description = columns
        .find(&["description", "detail", "note"])
        .filter(|&d| d != name);
    Some(
        rows.iter()
            .filter_map(|row| {
                Some(Feature {
                    name: cell(row, name)?,
                    description: description.and_then(|d| cell(row, d)),
                    ..Feature::default()
                })
            })
            .collect(),
    )
}

/// Rows of a table with a risk column and a probability, impact or mitigation column.
fn risk_rows(columns: &Columns, rows: &[Vec<Cow<str>>]) -> Option<Vec<Risk>> {
    let risk = columns.find(&["risk", "threat", "challenge"])?;
    let others = [
        columns.find(&["probability", "likelihood"]),
        columns.find(&["impact", "severity"]),
        columns.find(&["mitigation", "contingency", "response"]),
    ];
    if others.iter().all(Option::is_none) {
        return None;
    }
    let other = |row: &[Cow<str>], k: usize| others[k].and_then(|i| cell(row, i));
    Some(
        rows.iter()
            .filter_map(|row| {
                Some(Risk {
                    risk: cell(row, risk)?,
                    probability: other(row, 0),
                    impact: other(row, 1),
                    mitigation: other(row, 2),
                })
            })
            .collect(),
    )
}

/// A risk from a list item: `Payment outage. Mitigation: retries`, with
/// `**Probability**`/`**Impact**`/`**Mitigation**` sub-items when given.
fn risk_of_item(line: &Line, children: &[Item]) -> Risk {
    let plain = line.plain();
    let mut risk = match plain.to_ascii_lowercase().find("mitigation:") {
        Some(at) => Risk {
            risk: plain[..at]
                .trim_end_matches([' ', '.', ',', ':', ';', '-', '—', '–', '('])
                .to_string(),
            mitigation: Some(
                plain[at + "mitigation:".len()..]
                    .trim()
                    .trim_end_matches(')')
                    .to_string(),
            ),
            ..Risk::default()
        },
        None => Risk {
            risk: plain.into_owned(),
            ..Risk::default()
        },
    };
    for child in children {
        let words = child
            .line
            .label
            .as_deref()
            .map(text::words)
            .unwrap_or_default();
        let value = Some(child.line.text.to_string());
        if text::has_all(&words, &["probability"]) || text::has_all(&words, &["likelihood"]) {
            risk.probability = value;
        } else if text::has_all(&words, &["impact"]) || text::has_all(&words, &["severity"]) {
            risk.impact = value;
        } else if text::has_all(&words, &["mitigation"]) {
            risk.mitigation = value;
        } else if risk.mitigation.is_none() {
            risk.mitigation = Some(child.line.plain().into_owned());
        }
    }
    risk
}

const PHASE_WORDS: &[&str] = &["phase", "milestone", "sprint", "stage", "iteration"];

/// `Phase 2: Carts`, `Milestone 1 - MVP`, `MVP (Weeks 1-4)`.
fn is_phase_title(raw: &str) -> bool {
    let mut words = raw
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // The phase words and numerals are ASCII: folding ASCII case matches
    // lowercasing a copy, without the copy.
    let counted = matches!((words.next(), words.next()), (Some(first), Some(count))
        if PHASE_WORDS.iter().any(|p| first.eq_ignore_ascii_case(p))
            && (count.bytes().all(|b| b.is_ascii_digit()) || count.chars().all(|c| "ivxIVX".contains(c))));
    counted || weeks(raw).is_some()
}

fn weeks(raw: &str) -> Option<WeekRange> {
    // A week range follows `week`, `wk` or their plurals, and only `W`
    // lowercases to `w`: without one, the scan cannot find a range.
    if !raw.bytes().any(|b| b | 0x20 == b'w') {
        return None;
    }
    let (start, end) = targets::weeks(raw)?;
    Some(WeekRange { start, end })
}

/// `Phase 2: Carts (Weeks 4-6)` → `Carts`.
fn phase_name(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    let mut name = raw.to_string();
    if let Some(open) = lower.find("(week").or_else(|| lower.find("(wk")) {
        let close = lower[open..].find(')').map_or(raw.len(), |c| open + c + 1);
        name.replace_range(open..close, "");
    } else if let Some(at) = lower.rfind("week").filter(|&at| at > 0) {
        name.truncate(at);
    } else if lower.starts_with("week") {
        name = raw
            .split_once(':')
            .map_or(String::new(), |(_, rest)| rest.to_string());
    }
    let name = text::clean_heading(&name);
    if name.is_empty() {
        text::clean_heading(raw).into_owned()
    } else {
        name.into_owned()
    }
}

fn phase_of_part(doc: &Document, index: usize, own: &[Option<Kind>]) -> Phase {
    let part = &doc.parts[index];
    let mut phase = Phase {
        name: phase_name(&part.raw_title),
        weeks: weeks(&part.raw_title),
        deliverables: Vec::new(),
    };
    let mut skip_below: Option<u8> = None;
    for i in std::iter::once(index).chain(doc.descendants(index)) {
        let level = doc.parts[i].level;
        match skip_below {
            Some(l) if level > l => continue,
            _ => skip_below = None,
        }
        if i != index && own[i] == Some(Kind::SuccessCriteria) {
            skip_below = Some(level);
            continue;
        }
        for block in &doc.parts[i].blocks {
            if let Block::List { items, .. } = block {
                items
                    .iter()
                    .for_each(|item| flatten(item, &mut phase.deliverables));
            }
        }
    }
    phase
}

fn phase_of_item(line: &Line, children: &[Item]) -> Phase {
    let title = line.label.as_deref().unwrap_or(&line.text);
    let mut phase = Phase {
        name: phase_name(title),
        weeks: weeks(&line.plain()),
        deliverables: Vec::new(),
    };
    children
        .iter()
        .for_each(|child| flatten(child, &mut phase.deliverables));
    if phase.deliverables.is_empty() && line.label.is_some() && !line.text.is_empty() {
        phase.deliverables.push(line.text.to_string());
    }
    phase
}

/// Elixir and OTP versions asked for in `part` (`Elixir 1.17`, `Erlang/OTP
/// 26+`), into those not yet known.
fn read_versions(part: &Part, versions: &mut Versions) {
    for block in &part.blocks {
        let done = match block {
            Block::Paragraph { lines } => lines.iter().any(|line| version_in(line, versions)),
            Block::List { items, .. } => items.iter().any(|item| versions_in_item(item, versions)),
            _ => false,
        };
        if done {
            return;
        }
    }
}

/// Reads the versions `line` states into those not yet known; true once
/// both are known.
fn version_in(line: &Line, versions: &mut Versions) -> bool {
    let known = |v: &Versions| v.elixir.is_some() && v.otp.is_some();
    if known(versions) {
        return true;
    }
    // A version is a number: most lines are ruled out by one cheap pass.
    let either =
        |test: fn(&str) -> bool| line.label.as_deref().is_some_and(test) || test(&line.text);
    let digits = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    if !either(digits) || !either(names_runtime) {
        return false;
    }
    let plain = line.plain();
    if versions.elixir.is_none() {
        versions.elixir = version_after(&plain, "elixir");
    }
    if versions.otp.is_none() {
        versions.otp = version_after(&plain, "otp").or_else(|| version_after(&plain, "erlang"));
    }
    known(versions)
}

/// Whether `s` contains `elixir`, `otp` or `erlang` in any case. Most
/// lines have none of the names' rarer letter pairs (`xi`, `tp`, `rl`),
/// which one vectorised pass tells; only the rest is searched name by name.
fn names_runtime(s: &str) -> bool {
    let bytes = s.as_bytes();
    // For a letter, `b | 0x20` is its lowercase.
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    let rare_pair = pairs.fold(false, |found, (&a, &b)| {
        found
            | matches!(
                (a | 0x20, b | 0x20),
                (b'x', b'i') | (b't', b'p') | (b'r', b'l')
            )
    });
    let at = |i: usize, name: &[u8]| {
        bytes
            .get(i..i + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
    };
    rare_pair
        && (0..bytes.len()).any(|i| match bytes[i] | 0x20 {
            b'e' => at(i, b"elixir") || at(i, b"erlang"),
            b'o' => at(i, b"otp"),
            _ => false,
        })
}

fn versions_in_item(item: &Item, versions: &mut Versions) -> bool {
    version_in(&item.line, versions)
        || item
            .children
            .iter()
            .any(|child| versions_in_item(child, versions))
}

/// The version written right after `name`: `Elixir ~> 1.15` → `~> 1.15`, `OTP 27+` → `27+`.
fn version_after(s: &str, name: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let end = from + at + name.len();
        let rest = &s[end..];
        let spec = rest.trim_start_matches([' ', '/', ':']);
        let spec = spec.strip_prefix("OTP").unwrap_or(spec).trim_start();
        let op_len = spec.len()
            - spec
                .trim_start_matches(['~', '>', '=', '<', ' ', 'v'])
                .len();
        let digits = spec[op_len..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(spec.len() - op_len);
        if digits > 0 && spec[op_len..].starts_with(|c: char| c.is_ascii_digit()) {
            let mut version = spec[..op_len + digits].trim_end_matches('.').to_string();
            if spec[op_len + digits..].starts_with('+') {
                version.push('+');
            }
            return Some(version.trim_start_matches('v').trim().to_string());
        }
        from = end;
    }
    None
}

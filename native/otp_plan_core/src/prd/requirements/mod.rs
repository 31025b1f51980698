//! From a [`Document`] to a [`Prd`]: sections are recognised by what their
//! heading means (see [`sections`](super::sections)), not by where they
//! stand or how they are numbered.
//!
//! Each part gets a [`Kind`] from its own heading or, failing that, from the
//! nearest enclosing part, and its content goes where the kind's row says.
//! Phases, features and risks are read by their own modules; whatever no
//! field takes is kept in [`Prd::other_sections`] under its heading.

mod features;
mod ids;
mod phases;
mod risks;
mod template;
mod title;
mod versions;

use std::borrow::Cow;

use super::document::{Block, Document, Item, Line, Part};
use super::model::{Located, Prd, Section};
use super::sections::{self, Field, Goes, Kind};
use super::targets;
use super::vocab::Label;
use phases::Role;

pub use template::unfilled;

/// Reads the requirements of one document, named `file` in what it yields.
pub fn read(doc: &Document, file: &str) -> Prd {
    let mut prd = Prd {
        front_matter: doc.front_matter.clone(),
        ..Prd::default()
    };
    let title = title::find(doc);
    // A template's placeholders are nobody's requirements: only its name.
    if unfilled(doc).is_some() {
        prd.title = title.map(|(_, name)| name);
        return prd;
    }
    let title_part = title.as_ref().map(|(i, _)| *i);
    prd.title = title
        .map(|(_, name)| name)
        .or_else(|| title::from_front_matter(doc))
        .or_else(|| title::from_first_line(doc))
        .or_else(|| title::from_opening(doc));

    let n = doc.parts.len();
    // The title and everything before it are the preamble: no section.
    let preamble =
        |i: usize| i == 0 || title_part.is_some_and(|t| i <= t && doc.parts[i].level <= 2);
    let named: Vec<Option<Kind>> = (0..n)
        .map(|i| {
            let described = || describes_product(doc, i, title_part).then_some(Kind::Summary);
            (!preamble(i))
                .then(|| phases::section_kind(&doc.parts[i]).or_else(described))
                .flatten()
        })
        .collect();
    let (mut own, mut kind) = kinds(doc, &named);
    let mut priority: Vec<Option<&str>> = vec![None; n];
    for i in 0..n {
        let parent = doc.parts[i].parent;
        // Inherited again: a part turned to features below turns its own parts too.
        if let (None, Some(p)) = (own[i], parent) {
            kind[i] = kind[p];
        }
        // `Risk analysis` among the features is a feature about risks, not
        // the document's risks, unless it holds risk fields.
        let in_features = parent.is_some_and(|p| kind[p] == Some(Kind::Features));
        if in_features && own[i] == Some(Kind::Risks) && !risks::has_fields(&doc.parts[i]) {
            own[i] = None;
            kind[i] = Some(Kind::Features);
        }
        priority[i] = if sections::is_priority_group(&doc.parts[i].words) {
            Some(doc.parts[i].title.as_ref())
        } else {
            parent.and_then(|p| priority[p])
        };
    }

    let mut reader = Reader {
        prd,
        file,
        summary_vision: None,
        lead_vision: None,
    };
    let mut claimed = vec![false; n];
    for i in 0..n {
        let part = &doc.parts[i];
        if !claimed[i] {
            let parent_kind = part.parent.and_then(|p| kind[p]);
            let under_risks = std::iter::successors(part.parent, |&p| doc.parts[p].parent)
                .any(|p| kind[p] == Some(Kind::Risks));
            let context = Context {
                kind: kind[i],
                parent_kind,
                under_risks,
                priority: priority[i],
                preamble: preamble(i),
            };
            let whole = reader.part(doc, i, &own, context);
            if whole {
                doc.descendants(i).for_each(|d| claimed[d] = true);
            }
        }
        // Every part, claimed or not: versions are read anywhere.
        versions::read(part, reader.file, &mut reader.prd.versions);
    }
    reader.prd.targets = targets::read(doc, file);
    let Reader {
        mut prd,
        summary_vision,
        lead_vision,
        ..
    } = reader;
    prd.vision = prd.vision.or(summary_vision).or(lead_vision);
    if prd.phases.is_empty() {
        prd.phases = phases::loose(doc, &kind, file);
    }
    phases::merge_restated(&mut prd.phases);
    phases::mark_stated_done(doc, &mut prd.phases);
    // Numbered requirements are the features, when the document numbers them.
    let skip: Vec<bool> = kind
        .iter()
        .map(|k| matches!(k, Some(Kind::OutOfScope | Kind::NonGoals | Kind::Kept)))
        .collect();
    if let Some(numbered) = ids::features(doc, &skip, file) {
        prd.features = numbered;
    }
    prd.features = features::merge_repeats(std::mem::take(&mut prd.features));
    prd
}

/// A section headed by `Description` alone says what the product is, as a
/// summary does, when no heading but the title encloses it; under a
/// feature it would describe the feature.
fn describes_product(doc: &Document, i: usize, title: Option<usize>) -> bool {
    let part = &doc.parts[i];
    let top = part.parent.is_none_or(|p| p == 0 || Some(p) == title);
    top && { part.words.len() == 1 && sections::mentions(&part.words, Label::ProductDescription) }
}

/// Each part's own kind and the kind it is read as (its own, or failing
/// that its section's). A heading that turns from features to another kind,
/// or to features from another kind (or is a bold pseudo-heading naming
/// features), must name its kind plainly; under an out-of-scope or non-goal
/// section everything is out of scope. Scope lists are the features of a
/// document that has no features section, and are kept as written otherwise.
fn kinds(doc: &Document, named: &[Option<Kind>]) -> (Vec<Option<Kind>>, Vec<Option<Kind>>) {
    let family = |k: Option<Kind>| match k {
        Some(Kind::Scope) => Some(Kind::Features),
        k => k,
    };
    let n = named.len();
    let mut own = vec![None; n];
    let mut kind: Vec<Option<Kind>> = vec![None; n];
    for i in 0..n {
        let part = &doc.parts[i];
        let parent = part.parent.and_then(|p| kind[p]);
        let features = Some(Kind::Features);
        own[i] = match (named[i], parent) {
            (_, Some(Kind::OutOfScope | Kind::NonGoals)) => None,
            (Some(k @ (Kind::OutOfScope | Kind::NonGoals)), _) => Some(k),
            (Some(k), p)
                if family(Some(k)) != family(p)
                    && (family(Some(k)) == features && (p.is_some() || part.pseudo)
                        || family(p) == features)
                    && !sections::plainly(k, &part.words) =>
            {
                None
            }
            (k, _) => k,
        };
        kind[i] = own[i].or(parent);
    }
    let scope = if own.contains(&Some(Kind::Features)) {
        Kind::Kept
    } else {
        Kind::Features
    };
    for i in 0..n {
        if own[i] == Some(Kind::Scope) {
            own[i] = Some(scope);
        }
        kind[i] = own[i].or(doc.parts[i].parent.and_then(|p| kind[p]));
    }
    (own, kind)
}

/// Where a part stands: its kind (own or inherited), its parent's, whether
/// a risks section encloses it, its priority group, and whether it is
/// before the title.
struct Context<'p> {
    kind: Option<Kind>,
    parent_kind: Option<Kind>,
    under_risks: bool,
    priority: Option<&'p str>,
    preamble: bool,
}

struct Reader<'f> {
    prd: Prd,
    file: &'f str,
    /// The first paragraph of a summary or overview: the vision when no
    /// section states one.
    summary_vision: Option<Located>,
    /// The first paragraph under the title, the last resort.
    lead_vision: Option<Located>,
}

impl Reader<'_> {
    fn located(&self, text: String, line: usize) -> Located {
        Located {
            text,
            file: self.file.to_string(),
            line,
        }
    }

    /// Reads part `i`; true when it took the parts under it too.
    fn part(&mut self, doc: &Document, i: usize, own: &[Option<Kind>], context: Context) -> bool {
        let Context {
            kind,
            parent_kind,
            under_risks,
            priority,
            preamble,
        } = context;
        let part = &doc.parts[i];
        let future = matches!(kind, Some(Kind::OutOfScope | Kind::NonGoals));
        if future {
            self.route(part, kind);
            return false;
        }
        match phases::role_of(doc, i, own, parent_kind).filter(|_| !preamble) {
            Some(Role::Phase(named)) => {
                let phase = phases::of_part(doc, i, named, own, self.file);
                self.prd.phases.push(phase);
                return true;
            }
            Some(Role::Future) => {
                let text = part.title.to_string();
                let line = self.located(text, part.span.line);
                self.prd.out_of_scope.push(line);
                return true;
            }
            Some(Role::Group) => {
                self.route(part, Some(Kind::Timeline));
                return false;
            }
            None => {}
        }
        if parent_kind == Some(Kind::Features) && is_feature_part(doc, i, own) {
            let feature = features::of_part(doc, i, priority, self.file);
            self.prd.features.push(feature);
            return true;
        }
        // Under a risks section, a part with risk fields is risks, whatever
        // its heading says (`### SFTP Authentication` over `**Risk**: …`).
        let risky = under_risks && risks::has_fields(part);
        if kind == Some(Kind::Risks) || risky {
            // A heading with headings under it groups risks; it is none itself.
            let leaf = doc.descendants(i).next().is_none();
            let names_risk = leaf && under_risks && own[i] != Some(Kind::Risks);
            risks::of_part(part, names_risk, self.file, &mut self.prd.risks);
            return false;
        }
        risks::pairs(part, self.file, &mut self.prd.risks);
        if preamble {
            if self.lead_vision.is_none() {
                self.lead_vision = first_text(doc, i, false).map(|(t, l)| self.located(t, l));
            }
            self.labels(part);
            return false;
        }
        match kind.map(Kind::goes) {
            Some(Goes::Vision) => {
                let found = first_text(doc, i, true).map(|(t, l)| self.located(t, l));
                if kind == Some(Kind::Vision) && own[i].is_some() {
                    self.prd.vision = self.prd.vision.take().or(found);
                } else if self.summary_vision.is_none() {
                    self.summary_vision = found;
                }
                self.labels(part);
            }
            _ => self.route(part, kind),
        }
        false
    }

    /// Labels that name a field wherever they stand: `**Database**: PostgreSQL`.
    fn labels(&mut self, part: &Part) {
        each_line(part, |line, _| {
            self.label(line);
        });
    }

    /// Takes a labelled line into the field its label names; false when none.
    fn label(&mut self, line: &Line) -> bool {
        let Some(label) = sections::label_of(&line.label_words) else {
            return false;
        };
        let value = Some(line.text.to_string())
            .filter(|t| !t.is_empty())
            .map(|t| self.located(t, line.span.line));
        let app = &mut self.prd.app_type;
        match label {
            Label::Vision => self.prd.vision = self.prd.vision.take().or(value),
            Label::Problem => self.prd.problem = self.prd.problem.take().or(value),
            Label::Solution => self.prd.solution = self.prd.solution.take().or(value),
            Label::SuccessCriteria => self.prd.success_criteria.extend(value),
            Label::Framework => app.framework = app.framework.take().or(value),
            Label::ConcurrencyModel => {
                app.concurrency_model = app.concurrency_model.take().or(value)
            }
            Label::SupervisionStrategy => {
                app.supervision_strategy = app.supervision_strategy.take().or(value)
            }
            Label::Database => app.database = app.database.take().or(value),
            _ => return false,
        }
        true
    }

    /// Sends each block of `part` where its kind's row says; keeps the rest
    /// as a section of its own.
    fn route(&mut self, part: &Part, kind: Option<Kind>) {
        let goes = kind.map(Kind::goes);
        let mut rest: Vec<String> = Vec::new();
        let mut taken_list = false;
        for (n, block) in part.blocks.iter().enumerate() {
            if std::mem::take(&mut taken_list) {
                continue;
            }
            // `0–30 days (MVP)` over a list, in a timeline: a phase and its items.
            if let (Some(Goes::Phases), Block::Paragraph { lines }) = (goes, block) {
                let next = part.blocks.get(n + 1);
                if let (Some(line), Some(Block::List { items, .. })) = (lines.last(), next) {
                    if lines.len() == 1 && phases::is_paragraph_title(&line.plain()) {
                        let phase = phases::of_item(line, None, items, self.file);
                        self.prd.phases.push(phase);
                        taken_list = true;
                        continue;
                    }
                }
            }
            match block {
                Block::Paragraph { lines } => {
                    for line in lines {
                        if !self.take(goes, line, None, None) {
                            rest.push(line.plain().into_owned());
                        }
                    }
                }
                Block::List { items, .. } => {
                    for item in items {
                        if !self.take(goes, &item.line, Some(item), priority_of(part)) {
                            flatten(item, &mut rest);
                        }
                    }
                }
                Block::Table { header, rows, span } => {
                    if let Some(found) = risks::of_table(header, rows, self.file, span.line) {
                        self.prd.risks.extend(found);
                        continue;
                    }
                    let table_features = (goes == Some(Goes::Features))
                        .then(|| features::of_table(header, rows, self.file, span.line))
                        .flatten();
                    if let Some(found) = table_features {
                        self.prd.features.extend(found);
                        continue;
                    }
                    if goes == Some(Goes::Phases) {
                        let mut found: Vec<_> = rows
                            .iter()
                            .enumerate()
                            .filter_map(|(n, row)| {
                                phases::of_row(header, row, self.file, span.line + 2 + n)
                            })
                            .collect();
                        phases::drop_finer_steps(&self.prd.phases, &mut found);
                        if !found.is_empty() {
                            self.prd.phases.extend(found);
                            continue;
                        }
                    }
                    let mut taken = true;
                    for (n, row) in rows.iter().enumerate() {
                        let line = Line {
                            text: Cow::Owned(row.join(" | ")),
                            span: super::document::Span {
                                offset: span.offset,
                                line: span.line + 2 + n,
                            },
                            ..Line::default()
                        };
                        taken &= self.take(goes, &line, None, None);
                    }
                    if !taken {
                        let rows = std::iter::once(header).chain(rows);
                        rest.extend(rows.map(|row| row.join(" | ")));
                    }
                }
                Block::Code { code, span, .. } => {
                    let found = if goes == Some(Goes::Phases) {
                        phases::of_code(code, self.file, span.line)
                    } else {
                        Vec::new()
                    };
                    if found.is_empty() {
                        rest.push(code.trim_end().to_string());
                    }
                    self.prd.phases.extend(found);
                }
                Block::Html { html, .. } => rest.push(html.trim_end().to_string()),
            }
        }
        if !rest.is_empty() {
            self.prd.other_sections.push(Section {
                heading: part.title.to_string(),
                file: self.file.to_string(),
                line: part.span.line,
                text: rest.join("\n"),
            });
        }
    }

    /// Takes a line (with its item, for a list item) where `goes` says;
    /// false when nothing wants it.
    fn take(
        &mut self,
        goes: Option<Goes>,
        line: &Line,
        item: Option<&Item>,
        priority: Option<&str>,
    ) -> bool {
        let own_fields = matches!(goes, Some(Goes::Features | Goes::Phases));
        if !own_fields && self.label(line) {
            return true;
        }
        let plain = || line.plain().into_owned();
        match goes {
            Some(Goes::Features) => {
                let Some(item) = item else {
                    return false;
                };
                let feature = features::of_item(item, priority, self.file);
                self.prd.features.push(feature);
            }
            Some(Goes::Phases) => {
                let Some(item) = item else {
                    return false;
                };
                if !phases::is_phase_title(&line.plain()) {
                    return false;
                }
                if phases::is_future(&line.plain()) {
                    let found = self.located(plain(), line.span.line);
                    self.prd.out_of_scope.push(found);
                } else {
                    let phase = phases::of_item(line, item.checked, &item.children, self.file);
                    self.prd.phases.push(phase);
                }
            }
            Some(Goes::Problem) => {
                let found = self.located(plain(), line.span.line);
                Located::append(&mut self.prd.problem, found);
            }
            Some(Goes::Solution) => {
                let found = self.located(plain(), line.span.line);
                Located::append(&mut self.prd.solution, found);
            }
            Some(Goes::List(field)) => {
                let mut lines = vec![plain()];
                if let Some(item) = item {
                    item.children.iter().for_each(|c| flatten(c, &mut lines));
                }
                for text in lines {
                    let found = self.located(text, line.span.line);
                    self.push(field, found);
                }
            }
            _ => return false,
        }
        true
    }

    fn push(&mut self, field: Field, line: Located) {
        let prd = &mut self.prd;
        let list = match field {
            Field::Goals => &mut prd.goals,
            Field::NonGoals => &mut prd.non_goals,
            Field::Users => &mut prd.users,
            Field::OutOfScope => &mut prd.out_of_scope,
            Field::Assumptions => &mut prd.assumptions,
            Field::OpenQuestions => &mut prd.open_questions,
            Field::SuccessCriteria => &mut prd.success_criteria,
            Field::Performance => &mut prd.performance,
            Field::Scaling => &mut prd.scaling,
            Field::Security => &mut prd.security,
            Field::FaultTolerance => &mut prd.fault_tolerance,
            Field::Ux => &mut prd.ux_requirements,
            Field::Api => &mut prd.api,
            Field::OtpPatterns => &mut prd.otp_patterns,
            Field::Contexts => &mut prd.contexts,
            Field::TestTypes => &mut prd.test_types,
            Field::Tools => &mut prd.tools,
            Field::Deployment => &mut prd.deployment,
            Field::ExternalServices => &mut prd.external_services,
            Field::Libraries => &mut prd.libraries,
            Field::SuccessMetrics => &mut prd.success_metrics,
        };
        list.push(line);
    }
}

/// The priority group a part's items belong to, when its heading is one.
fn priority_of<'p>(part: &'p Part) -> Option<&'p str> {
    sections::is_priority_group(&part.words).then_some(part.title.as_ref())
}

/// The non-empty cell of `row` in column `i`, if the table has that column.
fn cell(row: &[Cow<str>], i: Option<usize>) -> Option<String> {
    i.and_then(|i| row.get(i))
        .filter(|c| !c.is_empty())
        .map(|c| c.to_string())
}

/// An item and its descendants, one line each.
fn flatten(item: &Item, out: &mut Vec<String>) {
    out.push(item.line.plain().into_owned());
    item.children.iter().for_each(|child| flatten(child, out));
}

/// Every line of a part's paragraphs and list items, with its item.
fn each_line(part: &Part, mut f: impl FnMut(&Line, Option<&Item>)) {
    fn walk(item: &Item, f: &mut impl FnMut(&Line, Option<&Item>)) {
        f(&item.line, Some(item));
        item.children.iter().for_each(|c| walk(c, f));
    }
    for block in &part.blocks {
        match block {
            Block::Paragraph { lines } => lines.iter().for_each(|l| f(l, None)),
            Block::List { items, .. } => items.iter().for_each(|i| walk(i, &mut f)),
            _ => {}
        }
    }
}

/// The first paragraph of part `i` (or of the parts under it, when `deep`),
/// or failing that its first list item: a vision's text and line. A
/// labelled line is the vision only when its label says so (`**Vision**:`,
/// `**Solution Overview**:`); others (`**Version**: 1.2`, `**Problem**: …`)
/// say something else.
fn first_text(doc: &Document, i: usize, deep: bool) -> Option<(String, usize)> {
    let text_of = |line: &Line| match line
        .label
        .as_ref()
        .map(|_| sections::label_of(&line.label_words))
    {
        None if is_link(&line.text) => None,
        None => Some(line.text.to_string()),
        Some(Some(Label::Vision | Label::Solution)) => Some(line.text.to_string()),
        Some(_) => None,
    };
    let parts = std::iter::once(i).chain(doc.descendants(i).take_while(|_| deep));
    for p in parts {
        for block in &doc.parts[p].blocks {
            match block {
                Block::Paragraph { lines } => {
                    let prose: Vec<(String, usize)> = lines
                        .iter()
                        .filter_map(|l| text_of(l).map(|t| (t, l.span.line)))
                        .filter(|(t, _)| !t.is_empty())
                        .collect();
                    if let Some((_, line)) = prose.first() {
                        let text: Vec<&str> = prose.iter().map(|(t, _)| t.as_str()).collect();
                        return Some((text.join(" "), *line));
                    }
                }
                Block::List { items, .. } if deep => {
                    let first = items.iter().find_map(|item| {
                        text_of(&item.line)
                            .filter(|t| !t.is_empty())
                            .map(|t| (t, item.line.span.line))
                    });
                    if first.is_some() {
                        return first;
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// A line that is only a web address says nothing about the product.
fn is_link(text: &str) -> bool {
    let text = text.trim();
    !text.contains(char::is_whitespace)
        && (text.starts_with("http://") || text.starts_with("https://"))
}

/// Under a features section, a subsection is a feature unless its heading
/// groups features (by priority, as another features section, or by
/// holding headings of features itself) or names another kind of section
/// beside them (UX, API, …).
fn is_feature_part(doc: &Document, i: usize, own: &[Option<Kind>]) -> bool {
    let part = &doc.parts[i];
    let groups = doc.descendants(i).any(|j| {
        let sub = &doc.parts[j];
        sub.parent == Some(i)
            && !sub.pseudo
            && sections::label_of(&sub.words).is_none()
            && matches!(own[j], None | Some(Kind::Features))
    });
    let own = own[i];
    // `Feature 2: Carts`, `Requirement: Search`: a unit by its own name.
    let title = part
        .raw_title
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = title.split([' ', ':']).next().unwrap_or_default();
    let after = title[first.len()..].trim_start();
    let named = ["feature", "requirement", "requisito", "story", "epic"]
        .contains(&first.to_lowercase().as_str())
        && (after.starts_with(':') || after.starts_with(|c: char| c.is_ascii_digit()));
    if named {
        return true;
    }
    if groups || sections::is_priority_group(&part.words) {
        return false;
    }
    // `Core Features` heads more features; `Collaboration features` is one.
    if own == Some(Kind::Features) {
        return !sections::plainly(Kind::Features, &part.words);
    }
    let beside = matches!(
        own,
        Some(
            Kind::Ux
                | Kind::Api
                | Kind::Nfr
                | Kind::Testing
                | Kind::SuccessCriteria
                | Kind::SuccessMetrics
                | Kind::Risks
                | Kind::Timeline
                | Kind::Kept
                | Kind::Goals
                | Kind::Users
                | Kind::Vision
                | Kind::Summary
                | Kind::Problem
        )
    );
    !beside
}

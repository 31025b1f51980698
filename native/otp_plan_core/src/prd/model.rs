//! What a PRD says, as typed data: the requirements model.
//!
//! Every field is optional or may be empty: a one-line PRD and a 50 KB one
//! both produce a `Prd`. Text is kept as written (trimmed, Markdown inline
//! markup removed); nothing is summarised.

use serde::Serialize;

/// The requirements read from a PRD: one file, or the parts of a folder
/// read as one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prd {
    /// The product's name, wherever the document puts it (`# Product
    /// Requirements Document: Shop` → `Shop`, or the heading after a generic
    /// title), or from front matter.
    pub title: Option<String>,
    /// YAML front matter, key → value as written, in source order.
    pub front_matter: Vec<(String, String)>,
    /// What was read from each document, in reading order.
    pub documents: Vec<DocumentSummary>,
    /// The vision, mission or overview paragraph.
    pub vision: Option<Located>,
    pub goals: Vec<Located>,
    pub non_goals: Vec<Located>,
    pub users: Vec<Located>,
    /// Out-of-scope and future items: never features or phases.
    pub out_of_scope: Vec<Located>,
    pub assumptions: Vec<Located>,
    pub open_questions: Vec<Located>,
    pub problem: Option<Located>,
    pub solution: Option<Located>,
    pub success_criteria: Vec<Located>,
    pub app_type: AppType,
    pub features: Vec<Feature>,
    pub ux_requirements: Vec<Located>,
    /// API items, e.g. `REST: GET /api/products …`.
    pub api: Vec<Located>,
    pub otp_patterns: Vec<Located>,
    pub contexts: Vec<Located>,
    /// Every numeric target found anywhere in the PRD, in source order.
    pub targets: Vec<Target>,
    /// Performance requirements as written (their numbers are also in `targets`).
    pub performance: Vec<Located>,
    pub scaling: Vec<Located>,
    pub security: Vec<Located>,
    pub fault_tolerance: Vec<Located>,
    pub test_types: Vec<Located>,
    pub versions: Versions,
    pub tools: Vec<Located>,
    pub deployment: Vec<Located>,
    pub external_services: Vec<Located>,
    pub libraries: Vec<Located>,
    pub success_metrics: Vec<Located>,
    pub risks: Vec<Risk>,
    pub phases: Vec<Phase>,
    /// Sections no rule recognised, kept by heading so nothing is dropped.
    pub other_sections: Vec<Section>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AppType {
    pub framework: Option<Located>,
    pub concurrency_model: Option<Located>,
    pub supervision_strategy: Option<Located>,
    pub database: Option<Located>,
}

/// A line of the PRD kept with where it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Located {
    pub text: String,
    /// The document it comes from, as the host named it (`PRD.md`).
    pub file: String,
    /// 1-based line in that document.
    pub line: usize,
}

impl Located {
    /// Joins `more` to the paragraph in `field`, which keeps its first line.
    pub(crate) fn append(field: &mut Option<Located>, more: Located) {
        match field {
            Some(before) => {
                before.text.push(' ');
                before.text.push_str(&more.text);
            }
            None => *field = Some(more),
        }
    }
}

/// For unit tests: a line 1 of PRD.md.
#[cfg(test)]
impl From<&str> for Located {
    fn from(text: &str) -> Located {
        Located {
            text: text.to_string(),
            file: "PRD.md".into(),
            line: 1,
        }
    }
}

/// What one document yielded: the line printed for it, and its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    pub file: String,
    pub features: usize,
    pub targets: usize,
    pub risks: usize,
    pub phases: usize,
    /// Headings of the sections kept as written.
    pub kept: Vec<String>,
    /// `read PRD.md: 12 features, …`, and a warning when a document with
    /// sections yields no vision, features or targets.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Feature {
    pub name: String,
    pub file: String,
    /// 1-based line where the feature starts.
    pub line: usize,
    /// As written: `Must Have`, `P0`, `High`.
    pub priority: Option<String>,
    /// Acceptance criteria, checklist items and Gherkin steps, one each.
    pub acceptance: Vec<String>,
    /// Requirement details beyond the description, one line each.
    pub details: Vec<String>,
    pub description: Option<String>,
    pub processes: Option<String>,
    pub supervision: Option<String>,
    pub concurrency: Option<String>,
    pub error_handling: Option<String>,
}

/// What a numeric target measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    ConcurrentUsers,
    /// A response, query or processing time.
    Latency,
    /// A page load, start-up or time to interactive.
    LoadTime,
    /// Recovery time or point objectives, restarts after a failure.
    RecoveryTime,
    Availability,
    /// A share of failed requests, errors or bugs.
    ErrorRate,
    /// Test coverage.
    Coverage,
    Throughput,
    Memory,
    /// Records the system must hold: `up to 1M records`.
    DataVolume,
    Processes,
    /// A product or business measure: `80% of users finish onboarding`, `NPS > 50`.
    Kpi,
}

/// A quantity the PRD commits to, e.g. `p95 < 200ms` or `10,000 concurrent users`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub metric: Metric,
    /// The number in base units: milliseconds, bytes, percent, per second, or a count.
    pub value: f64,
    /// The upper end of a range (`10-20 connections`), in the same unit.
    pub upper: Option<f64>,
    /// The base unit: `ms` (any time), `bytes`, `%`, `per_second` or `count`.
    pub unit: &'static str,
    /// Percentile for latencies, e.g. `95`.
    pub percentile: Option<u8>,
    /// `<`, `<=`, `>`, `>=` or `=`; `None` when the text states a bare number.
    pub comparator: Option<&'static str>,
    /// What the number is about, when the text says (e.g. `checkout`).
    pub subject: Option<String>,
    /// The quantity exactly as written, e.g. `p95 < 200ms`.
    pub text: String,
    /// The whole sentence or list item it came from (cut to about 400 bytes
    /// around the quantity when longer).
    pub sentence: String,
    /// The document it comes from, as the host named it (`PRD.md`,
    /// `docs/prd/02-targets.md`).
    pub file: String,
    /// 1-based line in that document.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Versions {
    pub elixir: Option<Located>,
    pub otp: Option<Located>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Risk {
    pub risk: String,
    pub file: String,
    pub line: usize,
    pub description: Option<String>,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigation: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Phase {
    /// Name without numbering or weeks: `### Phase 2: Carts (Weeks 4-6)` → `Carts`.
    pub name: String,
    /// The PRD's own numbering, when it has one: `Phase 2`, `Milestone 1`.
    pub label: Option<String>,
    pub file: String,
    pub line: usize,
    /// The weeks of the schedule it takes: `Weeks 3-4`.
    pub weeks: Option<WeekRange>,
    /// How long it takes, as written: `2-3 weeks`, `3개월`.
    pub duration: Option<String>,
    /// Marked done (`[x]`, ✅, `Complete`), or every deliverable ticked.
    pub done: bool,
    pub deliverables: Vec<Deliverable>,
    /// The phase's own exit criteria (`Done when:`), one each.
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Deliverable {
    pub text: String,
    /// Ticked in the PRD (`- [x]`).
    pub done: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekRange {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Section {
    pub heading: String,
    pub file: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// Its text, Markdown markup removed, paragraphs and items separated by newlines.
    pub text: String,
}

/// What a CLAUDE.md says. All optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaudeMd {
    pub title: Option<String>,
    pub project_type: Option<Located>,
    pub primary_language: Option<Located>,
    pub framework: Option<Located>,
    pub architecture: Option<Located>,
    pub database: Option<Located>,
    pub purpose: Option<Located>,
    pub key_features: Vec<Located>,
    pub target_users: Option<Located>,
    /// `mix …` and other commands, as written, from shell blocks and inline
    /// code, in order.
    pub commands: Vec<Located>,
    /// Known tools, by name, where first mentioned.
    pub tools: Vec<Located>,
    pub conventions: Vec<Located>,
    /// What was read, said out loud: `read CLAUDE.md: type "Web
    /// application", framework Phoenix, database PostgreSQL, 4 commands`.
    pub summary: String,
}

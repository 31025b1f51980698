//! The decisions behind PLANNING.md.
//!
//! [`decide`] turns facts, PRD, CLAUDE.md and focus into a [`Plan`]: plain data
//! (tables, diagrams, keys) that the templates put into words. Everything here
//! is deterministic: lists keep source order or are sorted, nothing reads the
//! clock or the environment.

pub mod api;
pub mod checklist;
pub mod condition;
pub mod data;
pub mod facts;
pub mod firmware;
pub mod focus;
pub mod jobs;
pub mod mermaid;
pub mod performance;
pub mod phases;
pub mod pubsub;
pub mod quality;
pub mod read;
pub mod risks;
pub mod stack;
pub mod supervision;
pub mod web;

use serde::Serialize;

use crate::prd::{ClaudeMd, Located, Prd};
use facts::Facts;
use focus::{Area, Focus};

/// What kind of project this is, decided from the facts alone ([`Kind::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Phoenix,
    Umbrella,
    Nerves,
    /// An OTP application (`mod:` in mix.exs) without a web layer.
    OtpApp,
    /// No `mod:` (nothing of its own runs until a host starts it), or a Hex
    /// package whose application only starts its own helpers and that has no
    /// release setup: it is used as a dependency, never deployed on its own.
    Library,
}

/// Hex package metadata and no release of its own (`releases:`, rel/,
/// Dockerfile, fly.toml): the project ships as a package only.
fn published_only(facts: &Facts) -> bool {
    let release = &facts.release;
    facts.tooling.package.is_some()
        && release.releases.is_empty()
        && !release.rel_dir
        && !release.dockerfile
        && !release.fly
}

impl Kind {
    pub fn of(facts: &Facts) -> Kind {
        if facts.project.umbrella {
            Kind::Umbrella
        } else if facts.has_category("embedded") {
            Kind::Nerves
        } else if facts.web().is_some() || facts.has_dep("phoenix") {
            Kind::Phoenix
        } else if facts.project.module.is_some() && !published_only(facts) {
            Kind::OtpApp
        } else {
            Kind::Library
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The app name from mix.exs, else the PRD title.
    pub name: String,
    pub kind: Kind,
    /// The top-level sections, in order: each is the partial `_<key>.md.j2`.
    pub sections: Vec<&'static str>,
    /// The parts of Technical Architecture, in order: each is `_<key>.md.j2`.
    pub architecture: Vec<&'static str>,
    /// Architecture Decisions has something from the code or the PRD.
    pub decisions: bool,
    pub focus: Option<Focus>,
    pub facts_summary: Summary,
    pub supervision: supervision::Tree,
    pub web: Option<web::WebLayer>,
    pub data: data::DataLayer,
    /// The public API; planned for a library, read for every kind.
    pub api: api::Api,
    /// Oban, Broadway and libcluster as configured; empty when not used.
    pub jobs: jobs::Jobs,
    /// Only for a Nerves project.
    pub firmware: Option<firmware::Firmware>,
    pub stack: stack::Stack,
    pub phases: phases::Phases,
    pub risks: Vec<risks::RiskRow>,
    pub performance: performance::Performance,
    pub quality: quality::Quality,
    pub monitoring: quality::Monitoring,
    pub checklist: Vec<checklist::Item>,
    /// What was read from the code, in one line ([`read::notice`]).
    pub read: String,
}

/// Facts several sections mention, found once.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub app_module: Option<String>,
    pub pubsub: Option<pubsub::PubSub>,
    pub presence: Vec<String>,
    pub cluster: Option<String>,
    pub global_names: Vec<String>,
    pub horde: Vec<String>,
    pub genservers: usize,
    pub oban: bool,
    pub umbrella_apps: Vec<UmbrellaApp>,
    pub has_prd: bool,
    /// The PRD as the project names it (`PRD.md`, `docs/ledger.md`).
    pub prd_file: Option<String>,
    pub has_claude: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct UmbrellaApp {
    pub app: String,
    pub path: Option<String>,
    pub module: Option<String>,
    pub in_umbrella: Vec<String>,
}

/// PRD and CLAUDE.md items the decisions search for key words, grouped by where they count.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Tools, tests, deployment, fault tolerance, security, conventions, commands.
    pub items: Vec<Located>,
    /// Scaling and deployment items.
    pub scaling: Vec<Located>,
    /// OTP patterns, solution and feature notes: what the design says.
    pub design: Vec<Located>,
    pub libraries: Vec<Located>,
    pub prd_elixir: Option<Located>,
    pub prd_otp: Option<Located>,
    pub prd_database: Option<Located>,
}

impl Sources {
    fn new(prd: Option<&Prd>, claude: Option<&ClaudeMd>) -> Sources {
        let mut sources = Sources::default();
        if let Some(prd) = prd {
            for list in [
                &prd.tools,
                &prd.test_types,
                &prd.deployment,
                &prd.fault_tolerance,
                &prd.security,
            ] {
                sources.items.extend(list.iter().cloned());
            }
            sources.items.extend(prd.risks.iter().filter_map(|r| {
                Some(Located {
                    text: r.mitigation.clone()?,
                    file: r.file.clone(),
                    line: r.line,
                })
            }));
            sources.scaling.extend(prd.scaling.iter().cloned());
            sources.scaling.extend(prd.deployment.iter().cloned());
            sources.design.extend(prd.otp_patterns.iter().cloned());
            sources.design.extend(prd.solution.iter().cloned());
            sources.libraries = prd.libraries.clone();
            sources.prd_elixir = prd.versions.elixir.clone();
            sources.prd_otp = prd.versions.otp.clone();
            sources.prd_database = prd.app_type.database.clone();
        }
        if let Some(claude) = claude {
            for list in [&claude.tools, &claude.conventions, &claude.commands] {
                sources.items.extend(list.iter().cloned());
            }
            if sources.prd_database.is_none() {
                sources.prd_database = claude.database.clone();
            }
        }
        sources
    }

    /// The first item that contains any needle, case-insensitively.
    pub fn find(&self, needles: &[&str]) -> Option<Located> {
        find_in(&self.items, needles)
    }

    pub fn find_scaling(&self, needles: &[&str]) -> Option<Located> {
        find_in(&self.scaling, needles)
    }

    pub fn find_design(&self, needles: &[&str]) -> Option<Located> {
        find_in(&self.design, needles)
    }
}

fn find_in(items: &[Located], needles: &[&str]) -> Option<Located> {
    items
        .iter()
        .find(|item| {
            let item = item.text.to_lowercase();
            needles.iter().any(|n| contains_word(&item, n))
        })
        .cloned()
}

/// `needle` occurs in `text` not as part of a longer word ("ets" is not in "sets").
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub fn decide(
    facts: &Facts,
    prd: Option<&Prd>,
    claude: Option<&ClaudeMd>,
    focus: Option<&str>,
) -> Plan {
    let sources = Sources::new(prd, claude);
    let kind = Kind::of(facts);
    let tree = supervision::decide(facts, prd);
    let web = web::decide(facts);
    let stack = stack::decide(facts, &sources);
    let performance = performance::decide(prd, kind, web.is_some() || kind == Kind::Phoenix);
    let jobs = jobs::decide(facts);
    let risks = risks::decide(
        facts,
        prd,
        &tree,
        &jobs,
        performance.concurrent_users.as_deref(),
    );
    let live_views = web.as_ref().map_or(0, |w| w.live_views.len());
    let channels = web.as_ref().map_or(0, |w| w.channels.len());
    let quality = quality::decide(facts, kind, &stack, live_views, channels);
    let monitoring = quality::monitoring(facts, &tree.dynamic_supervisors);
    let data = data::decide(facts, &sources);
    let mut plan = Plan {
        name: facts
            .project
            .app
            .clone()
            .or_else(|| prd.and_then(|p| p.title.clone()))
            .unwrap_or_else(|| "project".into()),
        kind,
        sections: Vec::new(),
        architecture: Vec::new(),
        decisions: false,
        focus: focus.filter(|f| !f.trim().is_empty()).map(focus::classify),
        facts_summary: summary(facts, prd, claude.is_some()),
        supervision: tree,
        web,
        data,
        api: api::decide(facts),
        jobs,
        firmware: (kind == Kind::Nerves).then(|| firmware::decide(facts)),
        stack,
        phases: phases::decide(facts, prd),
        risks,
        performance,
        quality,
        monitoring,
        checklist: Vec::new(),
        read: String::new(),
    };
    let (test_types, deployment) = prd.map_or((&[][..], &[][..]), |p| {
        (&p.test_types[..], &p.deployment[..])
    });
    plan.checklist = checklist::decide(&plan, facts, test_types, deployment);
    plan.sections = sections(&plan);
    plan.decisions = decisions(&plan, prd);
    plan.architecture = architecture(&plan);
    plan.read = read::notice(&plan);
    if !plan.phases.from_prd {
        plan.phases.proposed = phases::propose(&plan, facts, prd);
        plan.phases.proposed_defaults = plan
            .phases
            .proposed
            .iter()
            .any(|p| p.steps.iter().any(|s| s.default));
    }
    plan
}

/// The plan's sections: a library has nothing to monitor unless it defines metrics.
fn sections(plan: &Plan) -> Vec<&'static str> {
    let monitored = plan.kind != Kind::Library
        || plan.monitoring.telemetry_module.is_some()
        || !plan.monitoring.reporters.is_empty();
    let mut sections = vec![
        "header",
        "vision",
        "objectives",
        "architecture",
        "implementation",
    ];
    sections.extend(["stack", "quality"]);
    if monitored {
        sections.push("monitoring");
    }
    sections.extend(["focus", "checklist", "next_steps"]);
    sections
}

/// Whether the code or the PRD decides anything Architecture Decisions names.
fn decisions(plan: &Plan, prd: Option<&Prd>) -> bool {
    let tree = &plan.supervision;
    let data = &plan.data;
    !tree.dynamic_supervisors.is_empty()
        || !tree.registries.is_empty()
        || plan.facts_summary.pubsub.is_some()
        || plan.facts_summary.oban
        || !plan.facts_summary.horde.is_empty()
        || !data.ets.is_empty()
        || !data.agents.is_empty()
        || !data.contexts.is_empty()
        || prd.is_some_and(|p| !p.otp_patterns.is_empty() || !p.contexts.is_empty())
}

/// The parts of Technical Architecture that have something true to say for
/// this project; the rest are left out, not filled with defaults.
fn architecture(plan: &Plan) -> Vec<&'static str> {
    let tree = &plan.supervision;
    let data = &plan.data;
    let library = plan.kind == Kind::Library;
    let runs_processes = tree.origin != "none" || !plan.api.child_specs.is_empty();
    let has_prd = plan.facts_summary.has_prd;
    let mut parts = Vec::new();
    if library {
        parts.push("api");
    }
    if plan.kind == Kind::Nerves {
        parts.push("firmware");
    }
    if runs_processes || !library {
        parts.push("otp_structure");
    }
    if plan.jobs.any_work() {
        parts.push("jobs");
    }
    if plan.web.is_some() || plan.kind == Kind::Phoenix {
        parts.push("web");
    }
    if plan.decisions || !library {
        parts.push("decisions");
    }
    if tree.origin != "none" || has_prd {
        parts.push("fault_tolerance");
    }
    if !plan.jobs.topologies.is_empty() {
        parts.push("cluster");
    }
    if !library || !data.repos.is_empty() || data.prd_database.is_some() {
        parts.push("data");
    }
    if !library || !data.ets.is_empty() || !data.caches.is_empty() {
        parts.push("performance_architecture");
    }
    parts
}

fn summary(facts: &Facts, prd: Option<&Prd>, has_claude: bool) -> Summary {
    let children = facts.all_children();
    let of_kind = |kinds: &[&str]| -> Vec<String> {
        children
            .iter()
            .filter(|c| kinds.contains(&c.kind()))
            .map(|c| c.name.clone().unwrap_or_else(|| c.title().to_string()))
            .collect()
    };
    let mut presence = of_kind(&["presence"]);
    presence.extend(
        facts
            .all_processes()
            .into_iter()
            .filter(|p| p.behaviour.as_deref() == Some("Phoenix.Presence"))
            .map(|p| p.module.clone()),
    );
    presence.sort();
    presence.dedup();
    Summary {
        app_module: facts.project.module.clone(),
        pubsub: pubsub::read(facts),
        presence,
        cluster: children
            .iter()
            .find(|c| matches!(c.kind(), "cluster" | "dns_cluster"))
            .map(|c| c.title().to_string()),
        global_names: children
            .iter()
            .filter_map(|c| c.name.clone())
            .filter(|n| n.contains(":global"))
            .collect(),
        horde: of_kind(&["horde_registry", "horde_supervisor"]),
        genservers: facts
            .all_processes()
            .iter()
            .filter(|p| p.behaviour.as_deref() == Some("GenServer"))
            .count(),
        oban: facts.has_dep("oban"),
        umbrella_apps: facts
            .apps
            .iter()
            .map(|a| UmbrellaApp {
                app: a.app.clone(),
                path: a.path.clone(),
                module: a.project.module.clone(),
                in_umbrella: a.in_umbrella.clone(),
            })
            .collect(),
        has_prd: prd.is_some(),
        prd_file: prd.map(|p| {
            p.documents
                .first()
                .map_or_else(|| "PRD.md".to_string(), |d| d.file.clone())
        }),
        has_claude,
    }
}

/// `count` with the word that agrees with it: `1 risk`, `4 risks`.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The one-line message for an unmatched focus, naming the closest areas.
pub fn focus_notice(focus: &Focus) -> Option<String> {
    if !focus.areas.is_empty() {
        return None;
    }
    let closest: Vec<&str> = focus.closest.iter().map(|a| a.title()).collect();
    let known: Vec<&str> = Area::ALL.iter().map(|a| a.title()).collect();
    Some(format!(
        "focus \"{}\" matches no known area; closest: {}. The plan has no focus section. Known areas: {}.",
        focus.text,
        closest.join(", "),
        known.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole() {
        assert!(contains_word("stock served from an ets cache", "ets"));
        assert!(!contains_word("keep sets small", "ets"));
        assert!(contains_word("ets", "ets"));
    }

    #[test]
    fn kind_falls_back_on_deps_and_mod() {
        let kind = |v| Kind::of(&Facts::from_value(&v).unwrap());
        use serde_json::json;
        assert_eq!(kind(json!({"deps": [{"name": "phoenix"}]})), Kind::Phoenix);
        assert_eq!(kind(json!({"project": {"mod": "A.App"}})), Kind::OtpApp);
        // A package whose application starts a helper scope is a library,
        // unless it is also released on its own.
        let package = json!({"description": "Tensors", "licenses": [], "links": []});
        assert_eq!(
            kind(json!({"project": {"mod": "A.App"}, "tooling": {"package": package}})),
            Kind::Library
        );
        assert_eq!(
            kind(json!({
                "project": {"mod": "A.App"},
                "tooling": {"package": package},
                "release": {"releases": ["a"]}
            })),
            Kind::OtpApp
        );
        assert_eq!(kind(json!({})), Kind::Library);
        assert_eq!(
            kind(json!({"deps": [{"name": "nerves_runtime"}]})),
            Kind::Nerves
        );
    }

    #[test]
    fn only_an_unmatched_focus_gets_a_notice() {
        assert_eq!(focus_notice(&focus::classify("OTP supervision tree")), None);
        let notice = focus_notice(&focus::classify("ectoo queries")).unwrap();
        assert!(
            notice.starts_with(
                "focus \"ectoo queries\" matches no known area; closest: data and Ecto, "
            ),
            "{notice}"
        );
    }
}

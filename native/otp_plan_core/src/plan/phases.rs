//! Development phases: the PRD's timeline when it has one, else phases
//! decided from the facts for this kind of project ([`propose`]): each step
//! is something the code lacks, and a step the facts neither show nor rule
//! out is marked as a default. A phase with no step is left out.

use serde::Serialize;

use super::facts::Facts;
use super::{Kind, Plan};
use crate::prd::{Deliverable, Prd};

#[derive(Debug, Clone, Serialize)]
pub struct Phases {
    /// True when the phases are the PRD's own.
    pub from_prd: bool,
    pub items: Vec<PhaseRow>,
    /// Without a PRD timeline: the phases decided from the facts, in order.
    pub proposed: Vec<Proposed>,
    /// Some proposed step is a default.
    pub proposed_defaults: bool,
    /// What the code already has, so the proposed phases skip it.
    pub existing: Existing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    /// `foundation`, `web`, `interfaces`, `firmware`, `core`, `production`,
    /// or for a library `api`, `tests`, `publishing`: the template words it.
    pub phase: &'static str,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What to do, as a key the template words.
    pub step: &'static str,
    /// What it is about: modules, targets or a count.
    pub subject: Option<String>,
    /// General advice the facts neither show nor contradict.
    pub default: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRow {
    /// The PRD's own numbering (`Phase 2`, `Milestone 1`), else `Phase n`.
    pub label: String,
    pub name: String,
    /// `Weeks 1-3`, or `Week 4` for a one-week phase.
    pub weeks: Option<String>,
    /// How long it takes, as the PRD writes it: `2-3 weeks`.
    pub duration: Option<String>,
    /// Marked done in the PRD.
    pub done: bool,
    pub deliverables: Vec<Deliverable>,
    /// The phase's own exit criteria; the last phase also gets the PRD's
    /// success criteria, which close the timeline.
    pub criteria: Vec<String>,
    /// Where the phase is written, e.g. `PRD.md line 40`.
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Existing {
    pub supervision: bool,
    pub repo: Option<String>,
    pub schemas: usize,
    pub endpoint: Option<String>,
    pub live_views: usize,
    pub telemetry: Option<String>,
    pub oban: bool,
}

pub fn decide(facts: &Facts, prd: Option<&Prd>) -> Phases {
    let children = facts.all_children();
    let existing = Existing {
        supervision: !facts.trees().is_empty(),
        repo: facts.repos().first().map(|r| r.module.clone()).or_else(|| {
            children
                .iter()
                .find(|c| c.kind() == "repo")
                .map(|c| c.title().to_string())
        }),
        schemas: facts.schemas().len(),
        endpoint: facts
            .web()
            .and_then(|(_, w)| w.endpoint.clone())
            .or_else(|| {
                children
                    .iter()
                    .find(|c| c.kind() == "endpoint")
                    .map(|c| c.title().to_string())
            }),
        live_views: facts
            .web()
            .map(|(_, w)| w.routes.iter().filter(|r| r.verb == "live").count())
            .unwrap_or(0),
        telemetry: children
            .iter()
            .find(|c| c.kind() == "telemetry")
            .map(|c| c.title().to_string()),
        oban: children.iter().any(|c| c.kind() == "oban"),
    };
    let prd_phases = prd.map(|p| p.phases.as_slice()).unwrap_or_default();
    let count = prd_phases.len();
    let items = prd_phases
        .iter()
        .enumerate()
        .map(|(i, phase)| PhaseRow {
            label: phase
                .label
                .clone()
                .unwrap_or_else(|| format!("Phase {}", i + 1)),
            name: phase.name.clone(),
            done: phase.done,
            source: format!("{} line {}", phase.file, phase.line),
            weeks: phase.weeks.map(|w| {
                if w.start == w.end {
                    format!("Week {}", w.start)
                } else {
                    format!("Weeks {}-{}", w.start, w.end)
                }
            }),
            duration: phase.duration.clone(),
            deliverables: phase.deliverables.clone(),
            criteria: match prd {
                Some(prd) if i + 1 == count => {
                    let mut all = phase.criteria.clone();
                    // The PRD's own success criteria, each with where it is written.
                    all.extend(
                        prd.success_criteria
                            .iter()
                            .map(|c| format!("{} ({} line {})", c.text, c.file, c.line)),
                    );
                    all
                }
                _ => phase.criteria.clone(),
            },
        })
        .collect();
    Phases {
        from_prd: count > 0,
        items,
        proposed: Vec::new(),
        proposed_defaults: false,
        existing,
    }
}

/// The phases of a project whose PRD has no timeline, from what its code
/// lacks; called once the rest of the plan is decided.
pub fn propose(plan: &Plan, facts: &Facts, prd: Option<&Prd>) -> Vec<Proposed> {
    let phases = if plan.kind == Kind::Library {
        library(plan)
    } else {
        application(plan, facts, prd)
    };
    phases.into_iter().filter(|p| !p.steps.is_empty()).collect()
}

fn step(step: &'static str, subject: Option<String>) -> Step {
    Step {
        step,
        subject,
        default: false,
    }
}

fn default(step: &'static str) -> Step {
    Step {
        step,
        subject: None,
        default: true,
    }
}

/// A library's phases: only what its code lacks, as [`super::api`] found it.
fn library(plan: &Plan) -> Vec<Proposed> {
    ["api", "tests", "publishing"]
        .into_iter()
        .map(|phase| Proposed {
            phase,
            steps: plan
                .api
                .open
                .iter()
                .filter(|o| o.phase == phase)
                .map(|o| step(o.item, o.subject.clone()))
                .collect(),
        })
        .collect()
}

fn application(plan: &Plan, facts: &Facts, prd: Option<&Prd>) -> Vec<Proposed> {
    let has = &plan.phases.existing;
    let tree = &plan.supervision;
    let tests = &facts.tests;
    let nerves = plan.kind == Kind::Nerves;

    let mut foundation = Vec::new();
    if !has.supervision {
        let proposed = (tree.origin == "proposed").then(|| "proposed".to_string());
        foundation.push(step("application", proposed));
    }
    if has.repo.is_none() && plan.data.prd_database.is_some() {
        foundation.push(step("repo", None));
    }
    let telemetry_deps = ["telemetry_metrics", "telemetry_poller"]
        .iter()
        .any(|d| facts.has_dep(d));
    if has.telemetry.is_none() && (plan.kind == Kind::Phoenix || telemetry_deps) {
        foundation.push(step("telemetry", None));
    }
    // The project's own processes: a library's (Repo, PubSub) restart is theirs to test.
    let own = facts
        .all_children()
        .iter()
        .filter(|c| c.defined_in_project && c.children.is_empty())
        .count();
    if tree.origin == "real" && own > 0 {
        foundation.push(step("restart_tests", Some(own.to_string())));
    }

    let mut interfaces = Vec::new();
    let mut firmware = Vec::new();
    if let Some(web) = &plan.web {
        if has.repo.is_some() && plan.data.contexts.is_empty() {
            interfaces.push(step("contexts", Some(web.route_count.to_string())));
        }
        if !web.live_views.is_empty() && tests.live_view == 0 {
            interfaces.push(step(
                "live_view_tests",
                Some(web.live_views.len().to_string()),
            ));
        }
        if !web.channels.is_empty() && tests.channel == 0 {
            interfaces.push(step("channel_tests", Some(web.channels.len().to_string())));
        }
    } else if plan.api.functions > plan.api.specced {
        let missing = plan.api.functions - plan.api.specced;
        interfaces.push(step("specs", Some(missing.to_string())));
    }
    if let Some(fw) = &plan.firmware {
        if !fw.targets.is_empty() {
            firmware.push(step("firmware", Some(fw.targets.join(", "))));
        }
        if ["nerves_pack", "nerves_ssh"]
            .iter()
            .any(|d| facts.has_dep(d))
        {
            firmware.push(step("upload", None));
        }
        let device_only: Vec<String> = facts
            .all_children()
            .iter()
            .filter(|c| c.condition.as_deref().is_some_and(|c| c.contains("target")))
            .map(|c| c.title().to_string())
            .collect();
        if !device_only.is_empty() {
            firmware.push(step("host_tests", Some(device_only.join(", "))));
        }
    }

    let mut core = Vec::new();
    if has.repo.is_some() && has.schemas == 0 {
        core.push(step("schemas", None));
    }
    // What the PRD decides about processes and the code does not show yet.
    if prd.is_some_and(|p| !p.otp_patterns.is_empty()) {
        core.push(step("process_design", None));
    }
    if tests.property == 0 && !nerves {
        core.push(default("hot_path_property_tests"));
    }

    let mut production = Vec::new();
    let release = &facts.release;
    if !nerves {
        // Distillery is superseded by Mix releases: moving is the step, not
        // a config/runtime.exs that Distillery would not read.
        if release.tool.as_deref() == Some("distillery") {
            production.push(step("mix_release", None));
        } else if release.releases.is_empty() && !release.rel_dir {
            production.push(step("release", None));
        } else if release.runtime_config.is_empty() {
            production.push(step("runtime_config", None));
        }
    }
    let metrics = plan.monitoring.metrics.len();
    if metrics > 0 {
        production.push(step("dashboards", Some(metrics.to_string())));
    }
    if !plan.performance.targets.is_empty() {
        production.push(step("load_test", None));
    } else if plan.performance.defaults.iter().any(|m| {
        matches!(
            m,
            crate::prd::Metric::Latency | crate::prd::Metric::ConcurrentUsers
        )
    }) {
        production.push(default("load_test_defaults"));
    }

    let interfaces_phase = if plan.web.is_some() {
        "web"
    } else {
        "interfaces"
    };
    vec![
        Proposed {
            phase: "foundation",
            steps: foundation,
        },
        Proposed {
            phase: interfaces_phase,
            steps: interfaces,
        },
        Proposed {
            phase: "firmware",
            steps: firmware,
        },
        Proposed {
            phase: "core",
            steps: core,
        },
        Proposed {
            phase: "production",
            steps: production,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prd::{Deliverable, Phase, WeekRange};
    use serde_json::json;

    #[test]
    fn prd_timeline_wins_and_the_last_phase_carries_the_success_criteria() {
        let prd = Prd {
            success_criteria: vec!["No overselling".into()],
            phases: vec![
                Phase {
                    name: "Catalogue".into(),
                    label: Some("Phase 2".into()),
                    file: "PRD.md".into(),
                    line: 7,
                    weeks: Some(WeekRange { start: 1, end: 3 }),
                    deliverables: vec![Deliverable {
                        text: "Product schemas".into(),
                        done: true,
                        line: 8,
                    }],
                    done: true,
                    ..Phase::default()
                },
                Phase {
                    name: "Launch".into(),
                    weeks: Some(WeekRange { start: 4, end: 4 }),
                    criteria: vec!["Load test passes".into()],
                    ..Phase::default()
                },
            ],
            ..Prd::default()
        };
        let phases = decide(&Facts::default(), Some(&prd));
        assert!(phases.from_prd);
        assert_eq!(phases.items[0].weeks.as_deref(), Some("Weeks 1-3"));
        assert_eq!(phases.items[0].label, "Phase 2");
        assert_eq!(phases.items[0].source, "PRD.md line 7");
        assert!(phases.items[0].done && phases.items[0].deliverables[0].done);
        assert!(phases.items[0].criteria.is_empty());
        assert_eq!(phases.items[1].label, "Phase 2");
        assert_eq!(phases.items[1].weeks.as_deref(), Some("Week 4"));
        assert_eq!(
            phases.items[1].criteria,
            ["Load test passes", "No overselling (PRD.md line 1)"]
        );
    }

    #[test]
    fn without_a_timeline_existing_parts_are_recorded() {
        let facts = Facts::from_value(&json!({
            "supervision": {"children": [{"module": "A.Repo", "kind": "repo"},
                                         {"module": "AWeb.Telemetry", "kind": "telemetry"}]}
        }))
        .unwrap();
        let phases = decide(&facts, None);
        assert!(!phases.from_prd);
        assert!(phases.items.is_empty());
        assert_eq!(phases.existing.repo.as_deref(), Some("A.Repo"));
        assert_eq!(phases.existing.telemetry.as_deref(), Some("AWeb.Telemetry"));
        assert_eq!(phases.existing.endpoint, None);
    }
}

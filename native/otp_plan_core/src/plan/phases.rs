//! Development phases: the PRD's timeline when it has one, else the four
//! default phases with what already exists left out.

use serde::Serialize;

use super::facts::Facts;
use crate::prd::{Deliverable, Prd};

#[derive(Debug, Clone, Serialize)]
pub struct Phases {
    /// True when the phases are the PRD's own.
    pub from_prd: bool,
    pub items: Vec<PhaseRow>,
    /// What the code already has, so the default phases skip it.
    pub existing: Existing,
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
                    all.extend(prd.success_criteria.iter().cloned());
                    all
                }
                _ => phase.criteria.clone(),
            },
        })
        .collect();
    Phases {
        from_prd: count > 0,
        items,
        existing,
    }
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
            ["Load test passes", "No overselling"]
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

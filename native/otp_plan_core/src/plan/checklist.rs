//! The quality checklist, evaluated: an item is ticked only with evidence.

use serde::Serialize;

use super::Plan;

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Key the template words.
    pub id: &'static str,
    pub done: bool,
    /// Where the evidence is, when there is some.
    pub evidence: Option<String>,
}

pub fn decide(plan: &Plan, prd_test_types: &[String], prd_deployment: &[String]) -> Vec<Item> {
    let tree = &plan.supervision;
    let mut items = vec![
        item(
            "tree_from_source",
            tree.origin == "real",
            tree.supervisors.first().and_then(|s| s.location.clone()),
        ),
        item(
            "strategies_stated",
            !tree.supervisors.is_empty() && tree.supervisors.iter().all(|s| s.strategy.is_some()),
            None,
        ),
        item(
            "process_communication",
            !tree.registries.is_empty() || plan.facts_summary.pubsub.is_some(),
            plan.facts_summary
                .pubsub
                .clone()
                .or_else(|| tree.registries.first().cloned()),
        ),
    ];
    if let Some(web) = &plan.web {
        items.push(item("web_from_router", true, web.router.clone()));
    }
    if !plan.data.repos.is_empty() {
        items.push(item(
            "schemas_listed",
            !plan.data.schemas.is_empty(),
            Some(format!("{} schemas", plan.data.schemas.len())),
        ));
    }
    let concurrency = plan.performance.targets.iter().find(|t| {
        matches!(
            t.metric,
            crate::prd::Metric::ConcurrentUsers | crate::prd::Metric::Processes
        )
    });
    items.push(item(
        "concurrency_targets",
        concurrency.is_some(),
        concurrency.map(|t| format!("PRD.md:{}", t.lines[0])),
    ));
    let risks = plan.risks.len();
    items.push(item(
        "risks_assessed",
        risks > 0,
        Some(format!("{risks} risks")).filter(|_| risks > 0),
    ));
    let process_tests = prd_test_types.iter().find(|t| {
        let t = t.to_lowercase();
        t.contains("liveview") || t.contains("genserver") || t.contains("property")
    });
    items.push(item(
        "process_tests",
        process_tests.is_some(),
        process_tests.cloned(),
    ));
    let release = prd_deployment
        .iter()
        .find(|d| d.to_lowercase().contains("release"));
    items.push(item("releases", release.is_some(), release.cloned()));
    items.push(item(
        "telemetry",
        plan.monitoring.telemetry_module.is_some(),
        plan.monitoring.telemetry_module.clone(),
    ));
    items
}

fn item(id: &'static str, done: bool, evidence: Option<String>) -> Item {
    Item {
        id,
        done,
        evidence: if done { evidence } else { None },
    }
}

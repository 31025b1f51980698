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
        items.push(item(
            "web_from_router",
            web.router.is_some(),
            web.router.clone(),
        ));
    }
    if !plan.data.repos.is_empty() {
        items.push(item(
            "schemas_listed",
            !plan.data.schemas.is_empty(),
            Some(super::counted(plan.data.schemas.len(), "schema", "schemas")),
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
        Some(super::counted(risks, "risk", "risks")),
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

#[cfg(test)]
mod tests {
    use crate::plan::{decide, facts::Facts};
    use serde_json::json;

    #[test]
    fn evidence_counts_agree_with_their_nouns() {
        let facts = Facts::from_value(&json!({
            "data": {"repos": [{"module": "A.Repo"}], "schemas": [{"module": "A.User"}]},
            "ets": [{"table": "hits", "options": ["public"], "file": "lib/a/hits.ex", "line": 3}]
        }))
        .unwrap();
        let plan = decide(&facts, None, None, None);
        let evidence = |id: &str| {
            let item = plan.checklist.iter().find(|i| i.id == id).unwrap();
            item.evidence.clone()
        };
        assert_eq!(evidence("schemas_listed").as_deref(), Some("1 schema"));
        assert_eq!(evidence("risks_assessed").as_deref(), Some("1 risk"));
    }

    #[test]
    fn an_endpoint_without_a_router_does_not_tick_the_router_item() {
        let facts = Facts::from_value(&json!({"web": {"endpoint": "AWeb.Endpoint"}})).unwrap();
        let plan = decide(&facts, None, None, None);
        let item = plan.checklist.iter().find(|i| i.id == "web_from_router");
        assert!(!item.unwrap().done);
    }
}

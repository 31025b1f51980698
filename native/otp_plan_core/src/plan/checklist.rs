//! The quality checklist, evaluated: an item is ticked only with evidence.

use serde::Serialize;

use super::facts::Facts;
use super::{Kind, Plan};
use crate::prd::Located;

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Key the template words.
    pub id: &'static str,
    pub done: bool,
    /// Where the evidence is, when there is some.
    pub evidence: Option<String>,
    /// The PRD line that asks for what is not done yet: a plan, not evidence.
    pub asked: Option<Located>,
}

pub fn decide(
    plan: &Plan,
    facts: &Facts,
    prd_test_types: &[Located],
    prd_deployment: &[Located],
) -> Vec<Item> {
    let mut items = if plan.kind == Kind::Library {
        library_items(plan)
    } else {
        service_items(plan, facts, prd_test_types, prd_deployment)
    };
    let ci_tests = facts.ci_tests();
    items.push(item("ci_tests", ci_tests.is_some(), ci_tests));
    let risks = plan.risks.len();
    items.push(item(
        "risks_assessed",
        risks > 0,
        Some(super::counted(risks, "risk", "risks")),
    ));
    items
}

/// What a library is judged by: its API docs, specs, doctests and package.
fn library_items(plan: &Plan) -> Vec<Item> {
    let api = &plan.api;
    let documented_modules = api.modules.len();
    vec![
        item(
            "moduledocs",
            documented_modules > 0 && api.undocumented.is_empty(),
            Some(super::counted(documented_modules, "module", "modules")),
        ),
        item(
            "docs_and_specs",
            api.functions > 0 && api.documented == api.functions && api.specced == api.functions,
            Some(format!(
                "{} of {} public functions",
                api.documented.min(api.specced),
                api.functions
            )),
        ),
        item(
            "doctests",
            api.doctests > 0,
            Some(super::counted(
                api.doctests as usize,
                "test file",
                "test files",
            )),
        ),
        item(
            "package_metadata",
            api.package
                .as_ref()
                .is_some_and(|p| p.description.is_some() && !p.licenses.is_empty()),
            api.package.as_ref().map(|p| p.licenses.join(", ")),
        ),
    ]
}

fn service_items(
    plan: &Plan,
    facts: &Facts,
    prd_test_types: &[Located],
    prd_deployment: &[Located],
) -> Vec<Item> {
    let tree = &plan.supervision;
    let mut items = vec![
        item(
            "tree_from_source",
            tree.origin == "real",
            tree.source
                .clone()
                .or_else(|| tree.supervisors.first().and_then(|s| s.location.clone())),
        ),
        item(
            "strategies_stated",
            !tree.supervisors.is_empty() && tree.supervisors.iter().all(|s| s.strategy.is_some()),
            None,
        ),
        item(
            "process_communication",
            !tree.registries.is_empty()
                || plan.facts_summary.pubsub.is_some()
                || !plan.facts_summary.horde.is_empty(),
            plan.facts_summary
                .pubsub
                .as_ref()
                .map(|p| p.shown.clone())
                .or_else(|| tree.registries.first().cloned())
                .or_else(|| plan.facts_summary.horde.first().cloned()),
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
    // Only where there are users to count: a web layer, or a PRD that may state them.
    if plan.web.is_some() || plan.facts_summary.has_prd {
        items.push(item(
            "concurrency_targets",
            concurrency.is_some(),
            concurrency.map(|t| format!("{}:{}", t.places[0].file, t.places[0].line)),
        ));
    }
    let tests = &facts.tests;
    let process_tests = [
        (tests.live_view, "LiveView test file", "LiveView test files"),
        (tests.channel, "channel test file", "channel test files"),
        (tests.property, "property test file", "property test files"),
    ]
    .into_iter()
    .find(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| super::counted(n as usize, one, many));
    let tests_asked = prd_test_types.iter().find(|t| {
        let t = t.text.to_lowercase();
        t.contains("liveview") || t.contains("genserver") || t.contains("property")
    });
    items.push(Item {
        asked: tests_asked.filter(|_| process_tests.is_none()).cloned(),
        ..item(
            if plan.web.is_some() {
                "process_or_live_view_tests"
            } else {
                "process_tests"
            },
            process_tests.is_some(),
            process_tests,
        )
    });
    let release = &facts.release;
    let distillery = release.tool.as_deref() == Some("distillery");
    let release_evidence = if !release.releases.is_empty() {
        Some("mix.exs declares releases".to_string())
    } else if distillery && release.rel_dir {
        Some("rel/config.exs".to_string())
    } else if distillery {
        Some("distillery in mix.exs".to_string())
    } else if release.rel_dir {
        Some("rel/".to_string())
    } else if release.dockerfile && !release.runtime_config.is_empty() {
        Some(format!("Dockerfile, {}", release.runtime_config.join(", ")))
    } else {
        None
    };
    let release_asked = prd_deployment
        .iter()
        .find(|d| d.text.to_lowercase().contains("release"));
    // A Distillery release is not a Mix release: the item says which it is.
    let release_id = if plan.kind == Kind::Nerves {
        "firmware"
    } else if distillery {
        "distillery_releases"
    } else {
        "releases"
    };
    let shipped = match plan.kind {
        Kind::Nerves => facts
            .has_dep("nerves")
            .then(|| "nerves in mix.exs".to_string()),
        _ => release_evidence,
    };
    items.push(Item {
        asked: release_asked.filter(|_| shipped.is_none()).cloned(),
        ..item(release_id, shipped.is_some(), shipped)
    });
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
        asked: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::{decide, facts::Facts};
    use serde_json::json;

    #[test]
    fn evidence_counts_agree_with_their_nouns() {
        let facts = Facts::from_value(&json!({
            "project": {"mod": "A.Application"},
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

    #[test]
    fn ci_that_runs_the_tests_through_a_wrapper_says_which() {
        let facts = Facts::from_value(&json!({
            "ci": [{"file": "ci.yml", "steps": ["coverage", "test"], "test_via": "mix coveralls"}]
        }))
        .unwrap();
        let plan = decide(&facts, None, None, None);
        let item = plan.checklist.iter().find(|i| i.id == "ci_tests").unwrap();
        assert!(item.done);
        assert_eq!(
            item.evidence.as_deref(),
            Some("ci.yml, through mix coveralls")
        );
    }

    #[test]
    fn a_distillery_release_is_not_called_a_mix_release() {
        let release = |release: serde_json::Value| {
            let facts = Facts::from_value(&json!({
                "project": {"mod": "A.Application"},
                "release": release
            }))
            .unwrap();
            let plan = decide(&facts, None, None, None);
            let item = plan
                .checklist
                .iter()
                .find(|i| i.id.ends_with("releases"))
                .unwrap()
                .clone();
            (item.id, item.done, item.evidence)
        };
        assert_eq!(
            release(json!({"tool": "distillery", "rel_dir": true})),
            ("distillery_releases", true, Some("rel/config.exs".into()))
        );
        assert_eq!(
            release(json!({"dockerfile": true, "runtime_config": ["config/releases.exs"]})),
            (
                "releases",
                true,
                Some("Dockerfile, config/releases.exs".into())
            )
        );
    }
}

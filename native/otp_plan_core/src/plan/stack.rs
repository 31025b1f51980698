//! Required tools: the deps as declared and locked, plus additions the PRD or
//! CLAUDE.md call for that the project does not have yet.

use serde::Serialize;

use super::facts::{Dep, Facts};
use super::Sources;
use crate::prd::Located;

#[derive(Debug, Clone, Serialize)]
pub struct Stack {
    pub elixir: Option<String>,
    pub prd_elixir: Option<Located>,
    pub prd_otp: Option<Located>,
    pub rows: Vec<Row>,
    pub recommended: Vec<Recommendation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    pub requirement: Option<String>,
    pub locked: Option<String>,
    pub source: String,
    pub category: Option<&'static str>,
    /// `runtime`, `build only`, or the environments from `only:`.
    pub scope: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub name: &'static str,
    pub only: &'static str,
    /// Why, as a key the template words: `property_tests`, `dialyzer`, `credo`,
    /// `circuit_breaker`, `clustering`, `prd_library`, `library_docs`.
    pub reason: &'static str,
    /// The PRD or CLAUDE.md text that asks for it.
    pub evidence: Option<Located>,
}

struct Rule {
    name: &'static str,
    only: &'static str,
    reason: &'static str,
    needles: &'static [&'static str],
    /// Any of these deps already covers the need.
    covered_by: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        name: "stream_data",
        only: "test",
        reason: "property_tests",
        needles: &[
            "streamdata",
            "stream_data",
            "property-based",
            "property based",
            "property test",
        ],
        covered_by: &["stream_data", "propcheck"],
    },
    Rule {
        name: "dialyxir",
        only: "dev, test",
        reason: "dialyzer",
        needles: &["dialyzer"],
        covered_by: &["dialyxir"],
    },
    Rule {
        name: "credo",
        only: "dev, test",
        reason: "credo",
        needles: &["credo"],
        covered_by: &["credo"],
    },
    Rule {
        name: "fuse",
        only: "runtime",
        reason: "circuit_breaker",
        needles: &["circuit breaker", "circuit-breaker"],
        covered_by: &["fuse", "external_service", "breaker_box", "circuit_breaker"],
    },
];

pub fn decide(facts: &Facts, sources: &Sources) -> Stack {
    let rows: Vec<Row> = facts
        .all_deps()
        .into_iter()
        .filter(|d| d.source.as_deref() != Some("umbrella"))
        .map(|d| Row {
            name: d.name.clone(),
            requirement: d.requirement.clone(),
            locked: d.locked.clone(),
            source: d.source.clone().unwrap_or_else(|| "hex".into()),
            category: d.category(),
            scope: scope(d),
        })
        .collect();

    let mut recommended: Vec<Recommendation> = RULES
        .iter()
        .filter(|rule| !rule.covered_by.iter().any(|dep| facts.has_dep(dep)))
        .filter_map(|rule| {
            sources.find(rule.needles).map(|evidence| Recommendation {
                name: rule.name,
                only: rule.only,
                reason: rule.reason,
                evidence: Some(evidence),
            })
        })
        .collect();
    if !facts.has_category("cluster") {
        if let Some(evidence) = sources.find_scaling(&["cluster", "nodes", "multi-node"]) {
            recommended.push(Recommendation {
                name: if facts.has_dep("phoenix") {
                    "dns_cluster"
                } else {
                    "libcluster"
                },
                only: "runtime",
                reason: "clustering",
                evidence: Some(evidence),
            });
        }
    }
    for library in &sources.libraries {
        let name = library.text.trim().to_lowercase().replace([' ', '-'], "_");
        let known = KNOWN_LIBRARIES.iter().find(|known| **known == name);
        if let Some(known) = known {
            if !facts.has_dep(known) && !recommended.iter().any(|r| r.name == *known) {
                recommended.push(Recommendation {
                    name: known,
                    only: "runtime",
                    reason: "prd_library",
                    evidence: Some(library.clone()),
                });
            }
        }
    }
    if facts.project.module.is_none()
        && !facts.project.umbrella
        && facts.web().is_none()
        && !facts.has_dep("ex_doc")
    {
        recommended.push(Recommendation {
            name: "ex_doc",
            only: "dev",
            reason: "library_docs",
            evidence: None,
        });
    }
    Stack {
        // An umbrella's root rarely states one; its apps do.
        elixir: facts
            .project
            .elixir
            .clone()
            .or_else(|| facts.apps.iter().find_map(|a| a.project.elixir.clone())),
        prd_elixir: sources.prd_elixir.clone(),
        prd_otp: sources.prd_otp.clone(),
        rows,
        recommended,
    }
}

/// Hex packages a PRD's library list is matched against; a name outside this
/// list is more likely prose than a package.
const KNOWN_LIBRARIES: &[&str] = &[
    "absinthe",
    "broadway",
    "cachex",
    "con_cache",
    "ecto_sql",
    "finch",
    "horde",
    "jason",
    "libcluster",
    "mox",
    "nebulex",
    "oban",
    "phoenix",
    "phoenix_live_view",
    "req",
    "swoosh",
    "tesla",
    "nerves",
    "bandit",
    "gen_stage",
    "flow",
    "telemetry",
    "opentelemetry",
    "prom_ex",
    "sentry",
    "ex_aws",
    "stripity_stripe",
    "nx",
    "explorer",
    "ash",
];

/// Where a dep is used: its `only:` environments, or build only, or at
/// runtime; with the Nerves `targets:` it is limited to, when it is.
fn scope(dep: &Dep) -> String {
    let base = if !dep.only.is_empty() {
        dep.only.join(", ")
    } else if dep.runtime == Some(false) {
        "build only".into()
    } else {
        "runtime".into()
    };
    if dep.targets.is_empty() {
        base
    } else {
        format!("{base} (targets: {})", dep.targets.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_keep_locked_versions_and_scopes() {
        let facts = Facts::from_value(&json!({"deps": [
            {"name": "phoenix", "requirement": "~> 1.7.14", "locked": "1.7.14"},
            {"name": "credo", "requirement": "~> 1.7", "only": ["dev", "test"], "runtime": false},
            {"name": "esbuild", "requirement": "~> 0.8", "runtime": false},
            {"name": "toolshed", "targets": ["host"]},
            {"name": "core", "source": "umbrella"}
        ]}))
        .unwrap();
        let stack = decide(&facts, &Sources::default());
        let rows: Vec<_> = stack
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.locked.as_deref(), r.scope.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("phoenix", Some("1.7.14"), "runtime"),
                ("credo", None, "dev, test"),
                ("esbuild", None, "build only"),
                ("toolshed", None, "runtime (targets: host)")
            ]
        );
    }

    #[test]
    fn recommends_only_what_is_asked_for_and_missing() {
        let facts = Facts::from_value(&json!({
            "project": {"mod": "A.Application"},
            "deps": [{"name": "credo"}, {"name": "oban"}]
        }))
        .unwrap();
        let sources = Sources {
            items: vec![
                "Property-based tests with StreamData".into(),
                "Credo in strict mode".into(),
                "Circuit breaker around payments".into(),
            ],
            scaling: vec!["Two nodes joined in a cluster".into()],
            libraries: vec!["Oban".into(), "Swoosh".into(), "our own glue".into()],
            ..Sources::default()
        };
        let names: Vec<_> = decide(&facts, &sources)
            .recommended
            .iter()
            .map(|r| (r.name, r.reason))
            .collect();
        assert_eq!(
            names,
            [
                ("stream_data", "property_tests"),
                ("fuse", "circuit_breaker"),
                ("libcluster", "clustering"),
                ("swoosh", "prd_library")
            ]
        );
    }
}

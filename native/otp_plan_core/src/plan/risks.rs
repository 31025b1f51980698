//! Risks: the PRD's rows, then risks the facts show, each with its source.
//! A derived risk the PRD already covers (by its key words) is left out.

use serde::Serialize;

use super::data::location;
use super::facts::Facts;
use super::jobs::Jobs;
use super::supervision::Tree;
use crate::prd::Prd;

#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    /// `prd` or `facts`.
    pub origin: &'static str,
    /// For derived risks, the key the template words: see [`derive`].
    pub kind: Option<&'static str>,
    /// For PRD rows, the risk as written.
    pub risk: Option<String>,
    /// What the derived risk is about: module names, tables, targets.
    pub subject: Option<String>,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigation: Option<String>,
    /// `PRD.md line 12`, or the file and line the fact was read from.
    pub source: String,
}

pub fn decide(
    facts: &Facts,
    prd: Option<&Prd>,
    tree: &Tree,
    jobs: &Jobs,
    concurrent_users: Option<&str>,
) -> Vec<RiskRow> {
    let prd_rows = prd.map(|p| p.risks.as_slice()).unwrap_or_default();
    let covered: String = prd_rows
        .iter()
        .map(|r| format!("{} {}", r.risk, r.mitigation.as_deref().unwrap_or("")))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    let mut rows: Vec<RiskRow> = prd_rows
        .iter()
        .map(|r| RiskRow {
            origin: "prd",
            kind: None,
            risk: Some(r.risk.clone()),
            subject: None,
            probability: r.probability.clone(),
            impact: r.impact.clone(),
            mitigation: r.mitigation.clone(),
            source: format!("{} line {}", r.file, r.line),
        })
        .collect();
    rows.extend(
        derive(facts, prd, tree, jobs, concurrent_users)
            .into_iter()
            .filter(|(keywords, _)| !keywords.iter().any(|k| covered.contains(k)))
            .map(|(_, row)| row),
    );
    rows
}

/// A risk the facts show. No source rates how likely or how bad it is, so it
/// has no probability or impact: a constant per kind would read as a finding.
fn row(kind: &'static str, subject: String, source: Option<String>) -> RiskRow {
    RiskRow {
        origin: "facts",
        kind: Some(kind),
        risk: None,
        subject: Some(subject),
        probability: None,
        impact: None,
        mitigation: None,
        source: source.unwrap_or_else(|| "mix.exs".into()),
    }
}

/// Derived risks with the words that show a PRD row already covers them.
/// Kinds: `default_restarts`, `global_names`, `cluster_without_netsplit_plan`,
/// `repo_pool`, `unsupervised_task`, `public_ets`, `opaque_children`,
/// `unlisted_queue`.
fn derive(
    facts: &Facts,
    prd: Option<&Prd>,
    tree: &Tree,
    jobs: &Jobs,
    concurrent_users: Option<&str>,
) -> Vec<(&'static [&'static str], RiskRow)> {
    let mut out: Vec<(&'static [&'static str], RiskRow)> = Vec::new();
    let children = facts.all_children();
    if let Some(top) = tree.supervisors.first().filter(|_| tree.origin == "real") {
        let nested = tree.supervisors.len() > 1;
        // Options not read may well set max_restarts: no risk from them.
        if !nested && top.options_read && top.max_restarts.is_none() && top.children >= 4 {
            out.push((
                &["restart intensity", "max_restarts"],
                row(
                    "default_restarts",
                    format!("{} ({} children)", top.name, top.children),
                    top.location.clone(),
                ),
            ));
        }
    }
    let global: Vec<String> = children
        .iter()
        .filter_map(|c| c.name.as_deref())
        .filter(|n| n.contains(":global"))
        .map(str::to_string)
        .collect();
    if !global.is_empty() {
        out.push((
            &["global"],
            row("global_names", global.join(", "), tree_location(tree)),
        ));
    }
    let cluster = children
        .iter()
        .find(|c| matches!(c.kind(), "cluster" | "dns_cluster"))
        .map(|c| c.title().to_string())
        .or_else(|| {
            facts
                .all_deps()
                .into_iter()
                .find(|d| d.category() == Some("cluster"))
                .map(|d| d.name.clone())
        });
    let netsplit_words: &[&str] = &["netsplit", "partition", "split-brain", "split brain"];
    let prd_plans_netsplit = prd.is_some_and(|p| {
        p.scaling
            .iter()
            .chain(&p.fault_tolerance)
            .chain(&p.deployment)
            .any(|s| {
                let text = s.text.to_lowercase();
                netsplit_words.iter().any(|w| text.contains(w))
            })
    });
    // Topologies read only from dev or test config say nothing of deployed
    // nodes: a netsplit risk rests on one that may hold where the app runs.
    let deployed: Vec<_> = jobs.deployed_topologies().collect();
    let only_local = !jobs.topologies.is_empty() && deployed.is_empty();
    if let Some(cluster) = cluster.filter(|_| !prd_plans_netsplit && !only_local) {
        // The topologies say how nodes meet; the first is where clustering is configured.
        let topologies: Vec<String> = deployed
            .iter()
            .map(|t| match t.strategy.as_deref() {
                Some(strategy) if !strategy.starts_with("built by ") => {
                    format!("{} ({strategy})", t.name)
                }
                _ => t.name.clone(),
            })
            .collect();
        let subject = match topologies.len() {
            0 => cluster,
            1 => format!("{cluster}, topology {}", topologies[0]),
            _ => format!("{cluster}, topologies {}", topologies.join(", ")),
        };
        out.push((
            netsplit_words,
            row(
                "cluster_without_netsplit_plan",
                subject,
                deployed
                    .first()
                    .map(|t| t.location.clone())
                    .or_else(|| tree_location(tree)),
            ),
        ));
    }
    // Workers whose queue no instance runs: one risk naming them all.
    let unlisted: Vec<_> = jobs.workers.iter().filter(|w| w.queue_unlisted).collect();
    if let Some(first) = unlisted.first() {
        let subject: Vec<String> = unlisted
            .iter()
            .map(|w| format!("{} → {}", w.module, w.queue.as_deref().unwrap_or("")))
            .collect();
        out.push((
            &["oban queue"],
            row("unlisted_queue", subject.join(", "), first.location.clone()),
        ));
    }
    if let (Some(repo), Some(users)) = (facts.repos().first(), concurrent_users) {
        out.push((
            &["pool"],
            row(
                "repo_pool",
                format!("{} · {} concurrent users", repo.module, users),
                Some("PRD.md".into()),
            ),
        ));
    }
    let started: Vec<&str> = children
        .iter()
        .filter_map(|c| c.module.as_deref())
        .collect();
    for task in facts
        .all_processes()
        .into_iter()
        .filter(|p| p.behaviour.as_deref() == Some("Task") && !started.contains(&p.module.as_str()))
    {
        out.push((
            &["unsupervised"],
            row(
                "unsupervised_task",
                task.module.clone(),
                location(task.file.as_deref(), task.line),
            ),
        ));
    }
    // One risk per idea: every public table in one row, named.
    let public: Vec<_> = facts
        .all_ets()
        .into_iter()
        .filter(|t| t.options.iter().any(|o| o == "public"))
        .collect();
    if let Some(first) = public.first() {
        let mut names: Vec<String> = public
            .iter()
            .map(|t| t.table.clone().unwrap_or_else(|| "(unnamed)".into()))
            .collect();
        names.dedup();
        out.push((
            &["public ets", "ets table"],
            row(
                "public_ets",
                names.join(", "),
                location(first.file.as_deref(), first.line),
            ),
        ));
    }
    if !tree.opaque.is_empty() {
        out.push((
            &[],
            row(
                "opaque_children",
                tree.opaque.join(", "),
                tree_location(tree),
            ),
        ));
    }
    out
}

fn tree_location(tree: &Tree) -> Option<String> {
    tree.supervisors.first().and_then(|s| s.location.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{jobs, supervision};
    use crate::prd::Risk;
    use serde_json::json;

    fn kinds(rows: &[RiskRow]) -> Vec<&str> {
        rows.iter().map(|r| r.kind.unwrap_or("prd")).collect()
    }

    #[test]
    fn facts_yield_risks_with_their_sources() {
        let facts = Facts::from_value(&json!({
            "deps": [{"name": "libcluster"}],
            "supervision": {"file": "lib/a/application.ex", "line": 5,
                "supervisor": {"name": "A.Supervisor", "strategy": "one_for_one"},
                "children": [
                    {"module": "A.Repo", "kind": "repo"},
                    {"module": "A.Leader", "name": "{:global, A.Leader}"},
                    {"module": "Cluster.Supervisor", "kind": "cluster"},
                    {"presence": "opaque", "call": "workers()"}
                ]},
            "data": {"repos": [{"module": "A.Repo"}]},
            "processes": [{"module": "A.Fire", "behaviour": "Task", "file": "lib/a/fire.ex", "line": 2}],
            "ets": [{"table": "hits", "options": ["public"], "file": "lib/a/hits.ex", "line": 9}]
        }))
        .unwrap();
        let tree = supervision::decide(&facts, None);
        let rows = decide(&facts, None, &tree, &jobs::decide(&facts), Some("10,000"));
        assert_eq!(
            kinds(&rows),
            [
                "default_restarts",
                "global_names",
                "cluster_without_netsplit_plan",
                "repo_pool",
                "unsupervised_task",
                "public_ets",
                "opaque_children"
            ]
        );
        assert_eq!(rows[0].source, "lib/a/application.ex:5");
        assert_eq!(
            rows[3].subject.as_deref(),
            Some("A.Repo · 10,000 concurrent users")
        );
        assert_eq!(rows[4].source, "lib/a/fire.ex:2");
        // No source rates a derived risk: no constant stands in for a rating.
        assert!(rows
            .iter()
            .all(|r| r.probability.is_none() && r.impact.is_none()));

        let mut unread = facts.clone();
        if let Some(tree) = unread.supervision.as_mut() {
            tree.supervisor.options_read = false;
        }
        let tree = supervision::decide(&unread, None);
        let rows = decide(&unread, None, &tree, &jobs::decide(&unread), None);
        assert!(!kinds(&rows).contains(&"default_restarts"));
    }

    #[test]
    fn jobs_facts_name_the_topologies_and_the_queues_no_instance_runs() {
        let facts = Facts::from_value(&json!({
            "deps": [{"name": "libcluster"}, {"name": "oban"}],
            "supervision": {"file": "lib/a/application.ex", "line": 5,
                "children": [{"module": "Cluster.Supervisor", "kind": "cluster"}]},
            "jobs": {
                "oban": [{"key": "Oban", "file": "config/config.exs", "line": 3,
                          "queues": [{"queue": "mail", "limit": 5}]}],
                "workers": [
                    {"module": "A.Mailer", "file": "lib/a/mailer.ex", "line": 2, "queue": "mail"},
                    {"module": "A.Archive", "file": "lib/a/archive.ex", "line": 4, "queue": "archive"}
                ],
                "topologies": [
                    {"name": "k8s", "strategy": "Cluster.Strategy.Kubernetes.DNS",
                     "file": "config/prod.exs", "line": 6},
                    {"name": "local", "strategy": "built by `strategy()`", "file": "config/dev.exs", "line": 2}
                ]
            }
        }))
        .unwrap();
        let tree = supervision::decide(&facts, None);
        let rows = decide(&facts, None, &tree, &jobs::decide(&facts), None);
        assert_eq!(
            kinds(&rows),
            ["cluster_without_netsplit_plan", "unlisted_queue"]
        );
        assert_eq!(
            rows[0].subject.as_deref(),
            Some("Cluster.Supervisor, topology k8s (Cluster.Strategy.Kubernetes.DNS)")
        );
        assert_eq!(rows[0].source, "config/prod.exs:6");
        assert_eq!(rows[1].subject.as_deref(), Some("A.Archive → archive"));
        assert_eq!(rows[1].source, "lib/a/archive.ex:4");
    }

    #[test]
    fn a_topology_read_only_from_dev_config_is_no_netsplit_risk() {
        let facts = Facts::from_value(&json!({
            "deps": [{"name": "libcluster"}],
            "supervision": {"file": "lib/a/application.ex", "line": 5,
                "children": [{"module": "Cluster.Supervisor", "kind": "cluster"}]},
            "jobs": {"topologies": [
                {"name": "local", "strategy": "Cluster.Strategy.Epmd", "file": "apps/a/config/dev.exs", "line": 2},
                {"name": "ci", "strategy": "Cluster.Strategy.Epmd", "file": "config/test.exs", "line": 4}
            ]}
        }))
        .unwrap();
        let jobs = jobs::decide(&facts);
        let only_in: Vec<_> = jobs.topologies.iter().map(|t| t.only_in).collect();
        assert_eq!(only_in, [Some("dev"), Some("test")]);
        let tree = supervision::decide(&facts, None);
        let rows = decide(&facts, None, &tree, &jobs, None);
        assert!(kinds(&rows).is_empty(), "{:?}", kinds(&rows));
    }

    #[test]
    fn public_tables_are_one_risk_that_names_them_all() {
        let table = |name: &str, line: u64| json!({"table": name, "options": ["public"], "file": "lib/a/t.ex", "line": line});
        let facts = Facts::from_value(&json!({
            "ets": [table("a", 1), table("b", 2), table("c", 3), table("d", 4),
                    table("e", 5), table("f", 6), table("g", 7)]
        }))
        .unwrap();
        let tree = supervision::decide(&facts, None);
        let rows = decide(&facts, None, &tree, &jobs::decide(&facts), None);
        assert_eq!(kinds(&rows), ["public_ets"]);
        assert_eq!(rows[0].subject.as_deref(), Some("a, b, c, d, e, f, g"));
        assert_eq!(rows[0].source, "lib/a/t.ex:1");
    }

    #[test]
    fn prd_rows_come_first_and_cover_derived_ones() {
        let facts = Facts::from_value(&json!({"data": {"repos": [{"module": "A.Repo"}]}})).unwrap();
        let prd = Prd {
            risks: vec![Risk {
                risk: "Repo pool exhaustion".into(),
                probability: Some("Medium".into()),
                impact: Some("High".into()),
                mitigation: Some("Load test".into()),
                file: "PRD.md".into(),
                line: 12,
                ..Risk::default()
            }],
            ..Prd::default()
        };
        let tree = supervision::decide(&facts, Some(&prd));
        let rows = decide(
            &facts,
            Some(&prd),
            &tree,
            &jobs::decide(&facts),
            Some("500"),
        );
        assert_eq!(kinds(&rows), ["prd"]);
        assert_eq!(rows[0].source, "PRD.md line 12");
    }
}

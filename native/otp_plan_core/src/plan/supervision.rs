//! The supervision tree: the project's own, drawn as read from source, or a
//! proposal derived from its deps and PRD when it has none.

use serde::Serialize;

use super::condition;
use super::facts::{Child, Facts, Process, Supervision, SupervisorOpts};
use super::mermaid::{Flowchart, Shape};
use crate::prd::Prd;

#[derive(Debug, Clone, Serialize)]
pub struct Tree {
    /// `real`: read from source; `proposed`: derived, nothing in the code yet; `none`: a library with nothing to supervise.
    pub origin: &'static str,
    pub diagram: Option<String>,
    /// Where the tree was read: the first application's start/2.
    pub source: Option<String>,
    /// Some start/2 picks one of several supervisors by a branch.
    pub branches: bool,
    /// One row per supervisor, top first, then nested ones depth first.
    pub supervisors: Vec<SupervisorRow>,
    /// When the diagram groups a big tree: every supervisor with the full
    /// list of its children, which the diagram only counts.
    pub children_table: Vec<ChildrenRow>,
    pub conditional: Vec<Conditional>,
    /// Calls whose children could not be resolved statically.
    pub opaque: Vec<String>,
    /// What a claim that the tree lacks something rests on.
    pub coverage: Coverage,
    /// Children by kind, for the proposed tree the kinds it would start.
    pub dynamic_supervisors: Vec<String>,
    pub registries: Vec<String>,
    /// The registries whose spec states `keys: :unique` (a key names one
    /// process) or `keys: :duplicate` (a key dispatches to many, it names
    /// none); a registry in neither has its keys unread.
    pub unique_registries: Vec<String>,
    pub duplicate_registries: Vec<String>,
    pub task_supervisors: Vec<String>,
    /// Child specs as the supervisors table counts them: every branch's own.
    pub children_count: usize,
    /// Specs written in several branches of one start/2, which starts only one.
    pub shared: Vec<Shared>,
    /// Children that can run: `children_count` less each repeat of a shared spec.
    pub distinct_count: usize,
}

/// One child spec written under several supervisors start/2 picks between.
#[derive(Debug, Clone, Serialize)]
pub struct Shared {
    pub child: String,
    /// The application module whose start/2 picks the branch.
    pub application: Option<String>,
    pub supervisors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SupervisorRow {
    pub name: String,
    /// The umbrella app it belongs to.
    pub app: Option<String>,
    pub strategy: Option<String>,
    pub max_restarts: Option<u64>,
    pub max_seconds: Option<u64>,
    /// False when its options were not read (restart intensity unknown, not default).
    pub options_read: bool,
    pub children: usize,
    pub location: Option<String>,
    /// An application's own supervisor (not one nested under it).
    pub top: bool,
    /// A DynamicSupervisor (or PartitionSupervisor): its children start at runtime.
    pub dynamic: bool,
    /// For one of several supervisors start/2 picks between: the branch's
    /// condition, and whether it is the default (`else` / catch-all) one.
    pub condition: Option<String>,
    pub default: bool,
}

/// The children an absence claim ("no PubSub in the tree") covers: it holds
/// for the whole tree only when `unresolved` is empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Child specs read, every branch's own (as `children_count`).
    pub read: usize,
    /// Specs, as written, that could be anything: a call that builds
    /// children, or a project module whose kind the reader could not tell.
    pub unresolved: Vec<String>,
    /// The start/2 (`file:line`) of each tree that has one.
    pub locations: Vec<String>,
}

/// A spec whose role is unknown: built by a call, written as a variable, or a
/// project module with no `use` or behaviour the reader knows (its own
/// `child_spec/1` may start a PubSub, a Registry, anything). A library module
/// is what its name says, even when no kind is known for it.
fn unresolved(child: &Child, processes: &[&Process]) -> bool {
    let known_behaviour = || {
        processes
            .iter()
            .any(|p| p.behaviour.is_some() && child.module.as_deref() == Some(p.module.as_str()))
    };
    child.presence() == "opaque"
        || child.module.is_none()
        || (child.defined_in_project
            && matches!(child.kind(), "worker" | "unknown")
            && !known_behaviour())
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildrenRow {
    pub supervisor: String,
    pub app: Option<String>,
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conditional {
    /// Every child the same condition starts, each once, in source order.
    pub children: Vec<String>,
    pub condition: Option<String>,
    /// `compile_time`: the condition reads only values fixed when the module
    /// compiles (module attributes such as `@app?`, a module-level `Mix.env()`
    /// switch), a build switch and not a runtime branch; `comprehension`: one
    /// child per element of a `for`; `branch`: a supervisor start/2 starts
    /// instead of the default one (`instead_of`); `device`: in a Nerves
    /// project, a test of the build target (on a device, not on the host);
    /// else `runtime`.
    pub form: &'static str,
    pub instead_of: Option<String>,
}

/// One entry per stated condition, naming every child it starts once: a
/// condition repeated over several specs is one switch to test.
fn grouped(entries: Vec<Conditional>) -> Vec<Conditional> {
    let mut groups: Vec<Conditional> = Vec::new();
    for entry in entries {
        let same = groups.iter_mut().find(|g| {
            entry.condition.is_some()
                && g.condition == entry.condition
                && g.form == entry.form
                && g.instead_of == entry.instead_of
        });
        match same {
            Some(group) => {
                for child in entry.children {
                    if !group.children.contains(&child) {
                        group.children.push(child);
                    }
                }
            }
            None => groups.push(entry),
        }
    }
    groups
}

fn form(condition: Option<&str>, nerves: bool) -> &'static str {
    match condition {
        Some(c) if c.starts_with("for ") => "comprehension",
        Some(c) if nerves && c.contains("target") => "device",
        Some(c) if condition::compile_time(c) => "compile_time",
        _ => "runtime",
    }
}

pub fn decide(facts: &Facts, prd: Option<&Prd>) -> Tree {
    let trees = facts.trees();
    if trees.is_empty() {
        return proposed(facts, prd);
    }
    let mut chart = Flowchart::new("TD");
    let mut supervisors = Vec::new();
    let total: usize = trees
        .iter()
        .flat_map(|(_, tree)| starts(tree))
        .map(|start| start.children.iter().map(|c| c.walk().len()).sum::<usize>())
        .sum();
    let mut budget = (total > DIAGRAM_NODES).then_some(DIAGRAM_NODES);
    let nerves = facts.has_category("embedded");
    let mut conditional = Vec::new();
    let mut children_table = Vec::new();
    let mut shared = Vec::new();
    let processes = facts.all_processes();
    let mut coverage = Coverage {
        read: total,
        ..Coverage::default()
    };
    for (app, tree) in &trees {
        if let Some(app) = app {
            chart.begin_subgraph(app);
        }
        let app_node = chart.node(
            tree.module.as_deref().unwrap_or("Application"),
            Shape::Stadium,
        );
        let starts = starts(tree);
        shared.extend(shared_specs(tree, &starts));
        let before = coverage.unresolved.len();
        for child in starts
            .iter()
            .flat_map(|s| s.children.iter().flat_map(Child::walk))
        {
            let spec = child.label.as_deref().unwrap_or(child.title());
            if unresolved(child, &processes) && !coverage.unresolved.iter().any(|u| u == spec) {
                coverage.unresolved.push(spec.to_string());
            }
        }
        if coverage.unresolved.len() > before {
            coverage
                .locations
                .extend(location(tree.file.as_deref(), tree.line));
        }
        let default = starts
            .iter()
            .find(|s| s.default && starts.len() > 1)
            .map(|s| supervisor_name(tree, s.opts));
        for start in &starts {
            let edge = (starts.len() > 1).then(|| {
                if start.default {
                    "default".to_string()
                } else {
                    start.condition.unwrap_or("if").to_string()
                }
            });
            draw_start(&mut chart, &app_node, start, edge.as_deref(), &mut budget);
            let name = supervisor_name(tree, start.opts);
            if budget.is_some() {
                let row = |supervisor: String, children: &[Child]| ChildrenRow {
                    supervisor,
                    app: app.map(str::to_string),
                    children: children.iter().map(|c| c.title().to_string()).collect(),
                };
                children_table.push(row(name.clone(), start.children));
                for child in start.children.iter().flat_map(Child::walk) {
                    if !child.children.is_empty() {
                        children_table.push(row(child.title().to_string(), &child.children));
                    }
                }
            }
            if !start.default && starts.len() > 1 {
                conditional.push(Conditional {
                    children: vec![name.clone()],
                    condition: start.condition.map(str::to_string),
                    form: "branch",
                    instead_of: default.clone(),
                });
            }
            supervisors.push(SupervisorRow {
                name,
                app: app.map(str::to_string),
                strategy: start.opts.strategy.clone(),
                max_restarts: start.opts.max_restarts,
                max_seconds: start.opts.max_seconds,
                options_read: start.opts.options_read,
                children: start.children.len(),
                location: location(tree.file.as_deref(), start.line),
                top: true,
                dynamic: false,
                condition: (starts.len() > 1)
                    .then(|| start.condition.map(str::to_string))
                    .flatten(),
                default: start.default && starts.len() > 1,
            });
            for child in start.children.iter().flat_map(Child::walk) {
                if is_supervisor(child) && child.defined_in_project {
                    supervisors.push(SupervisorRow {
                        name: child.title().to_string(),
                        app: app.map(str::to_string),
                        strategy: child.strategy.clone(),
                        max_restarts: None,
                        max_seconds: None,
                        options_read: true,
                        children: child.children.len(),
                        location: None,
                        top: false,
                        dynamic: matches!(
                            child.kind(),
                            "dynamic_supervisor" | "partition_supervisor" | "horde_supervisor"
                        ),
                        condition: None,
                        default: false,
                    });
                }
            }
            conditional.extend(
                start
                    .children
                    .iter()
                    .flat_map(Child::walk)
                    .filter(|c| c.presence() == "conditional")
                    .map(|c| Conditional {
                        children: vec![c.title().to_string()],
                        condition: c.condition.as_deref().map(condition::text),
                        form: form(c.condition.as_deref(), nerves),
                        instead_of: None,
                    }),
            );
        }
        if app.is_some() {
            chart.end_subgraph();
        }
    }
    let children = facts.all_children();
    Tree {
        origin: "real",
        diagram: Some(chart.finish()),
        source: trees
            .first()
            .and_then(|(_, tree)| location(tree.file.as_deref(), tree.line)),
        branches: trees.iter().any(|(_, tree)| !tree.branches.is_empty()),
        supervisors,
        children_table,
        conditional: grouped(conditional),
        coverage,
        opaque: children
            .iter()
            .filter(|c| c.presence() == "opaque")
            .map(|c| c.title().to_string())
            .fold(Vec::new(), |mut calls, call| {
                // The same call under several instances of one supervisor is one list to check.
                if !calls.contains(&call) {
                    calls.push(call);
                }
                calls
            }),
        dynamic_supervisors: named_of_kind(&children, "dynamic_supervisor"),
        registries: named_of_kind(&children, "registry"),
        unique_registries: registries_with_keys(&children, ":unique"),
        duplicate_registries: registries_with_keys(&children, ":duplicate"),
        task_supervisors: named_of_kind(&children, "task_supervisor"),
        children_count: total,
        distinct_count: total
            - shared
                .iter()
                .map(|s| s.supervisors.len() - 1)
                .sum::<usize>(),
        shared,
    }
}

/// The specs written, the same, in more than one branch of `tree`'s start/2,
/// with the supervisors of the branches that list them, in branch order.
fn shared_specs(tree: &Supervision, starts: &[Start]) -> Vec<Shared> {
    let mut specs: Vec<Shared> = Vec::new();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for start in starts {
        let supervisor = supervisor_name(tree, start.opts);
        for child in start.children.iter().flat_map(Child::walk) {
            let spec = child.label.as_deref().unwrap_or(child.title());
            match seen.iter().find(|(s, _)| *s == spec) {
                Some(&(_, at)) if !specs[at].supervisors.contains(&supervisor) => {
                    specs[at].supervisors.push(supervisor.clone());
                }
                Some(_) => {}
                None => {
                    seen.push((spec, specs.len()));
                    specs.push(Shared {
                        child: child.title().to_string(),
                        application: tree.module.clone(),
                        supervisors: vec![supervisor.clone()],
                    });
                }
            }
        }
    }
    specs.retain(|s| s.supervisors.len() > 1);
    specs
}

fn location(file: Option<&str>, line: Option<u64>) -> Option<String> {
    file.map(|file| match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    })
}

/// One `Supervisor.start_link` of an application's start/2: the only one,
/// or each of the branches it picks between, the default first.
struct Start<'a> {
    opts: &'a SupervisorOpts,
    children: &'a [Child],
    line: Option<u64>,
    condition: Option<&'a str>,
    default: bool,
}

fn starts(tree: &Supervision) -> Vec<Start<'_>> {
    if tree.branches.is_empty() {
        return vec![Start {
            opts: &tree.supervisor,
            children: &tree.children,
            line: tree.line,
            condition: None,
            default: true,
        }];
    }
    let mut starts: Vec<Start> = tree
        .branches
        .iter()
        .map(|b| Start {
            opts: &b.supervisor,
            children: &b.children,
            line: b.line,
            condition: b.condition.as_deref(),
            default: b.default,
        })
        .collect();
    starts.sort_by_key(|s| !s.default);
    starts
}

/// Its `name:`; else the application module's (the usual label of an unnamed
/// one), or, when the options were not read, "supervisor of" that module.
fn supervisor_name(tree: &Supervision, opts: &SupervisorOpts) -> String {
    let module = tree.module.as_deref();
    match (&opts.name, module) {
        (Some(name), _) => name.clone(),
        (None, Some(module)) if !opts.options_read => format!("supervisor of {module}"),
        (None, Some(module)) => module.to_string(),
        (None, None) => "top-level supervisor".to_string(),
    }
}

fn is_supervisor(child: &Child) -> bool {
    matches!(
        child.kind(),
        "supervisor" | "dynamic_supervisor" | "partition_supervisor" | "task_supervisor"
    ) || !child.children.is_empty()
}

fn named_of_kind(children: &[&Child], kind: &str) -> Vec<String> {
    children
        .iter()
        .filter(|c| c.kind() == kind)
        .map(|c| c.name.clone().unwrap_or_else(|| c.title().to_string()))
        .collect()
}

/// The registries whose spec, as written, states `keys: <keys>` (Elixir 1.17's
/// `keys: {:duplicate, :key}` partitioned form too).
fn registries_with_keys(children: &[&Child], keys: &str) -> Vec<String> {
    let stated: Vec<&Child> = children
        .iter()
        .copied()
        .filter(|c| {
            let written = c.label.as_deref().and_then(|l| l.split_once("keys: "));
            written.is_some_and(|(_, rest)| rest.trim_start_matches('{').starts_with(keys))
        })
        .collect();
    named_of_kind(&stated, "registry")
}

/// Past this many children in all, the diagram draws at most this many nodes:
/// each supervisor's descendants become one "N children" node, children past
/// the budget one "N more" node. The supervisors table keeps every count, so
/// a big project stays readable and within Mermaid's default size limits.
const DIAGRAM_NODES: usize = 60;

/// Draws one supervisor start/2 starts, under the application node (the edge
/// labelled with its branch when there are several), and its children.
/// `budget`: nodes left to draw when the diagram is grouped, None when it is not.
fn draw_start(
    chart: &mut Flowchart,
    app: &str,
    start: &Start,
    branch: Option<&str>,
    budget: &mut Option<usize>,
) {
    let name = start.opts.name.as_deref().unwrap_or("Supervisor");
    let top = chart.node(
        &with_strategy(name, start.opts.strategy.as_deref()),
        Shape::Box,
    );
    match branch {
        Some(label) => chart.dashed_edge(app, &top, Some(label)),
        None => chart.edge(app, &top),
    }
    let Some(left) = budget.as_mut() else {
        for child in start.children {
            draw_child(chart, &top, child);
        }
        return;
    };
    for (drawn, child) in start.children.iter().enumerate() {
        if *left == 0 {
            let more = chart.node(
                &format!("… {} more children", start.children.len() - drawn),
                Shape::Box,
            );
            chart.dashed_edge(&top, &more, None);
            break;
        }
        *left -= 1;
        let id = draw_node(chart, &top, child);
        let below = child.walk().len() - 1;
        if below > 0 && *left > 0 {
            *left -= 1;
            let group = chart.node(&format!("{below} children"), Shape::Box);
            chart.edge(&id, &group);
        }
    }
}

fn draw_child(chart: &mut Flowchart, parent: &str, child: &Child) {
    let id = draw_node(chart, parent, child);
    for grandchild in &child.children {
        draw_child(chart, &id, grandchild);
    }
}

/// Draws `child` under `parent` (its edge says how it is present); returns its id.
fn draw_node(chart: &mut Flowchart, parent: &str, child: &Child) -> String {
    let id = match child.presence() {
        "opaque" => chart.node(
            &format!(
                "built by {}",
                child.call.as_deref().unwrap_or(child.title())
            ),
            Shape::Slanted,
        ),
        _ => chart.node(&child_label(child), shape(child)),
    };
    if child.presence() == "conditional" {
        chart.dashed_edge(
            parent,
            &id,
            Some(child.condition.as_deref().unwrap_or("if")),
        );
    } else if child.presence() == "opaque" {
        chart.dashed_edge(parent, &id, None);
    } else if child.presence() == "runtime" {
        chart.dashed_edge(parent, &id, Some("at runtime"));
    } else {
        chart.edge(parent, &id);
    }
    id
}

fn child_label(child: &Child) -> String {
    // A spec whose module the source computes is named by what builds it.
    let module = match &child.module {
        Some(module) => module.clone(),
        None => format!("built by {}", child.title()),
    };
    let module = module.as_str();
    let mut label = match child.name.as_deref() {
        Some(name) if name != module => format!("{module} · {name}"),
        _ => module.to_string(),
    };
    // Seen by --runtime: say when a child written in the source is not up.
    if let Some(status) = child.status.as_deref().filter(|s| *s != "running") {
        label = format!("{label} · {}", status.replace('_', " "));
    }
    if is_supervisor(child) {
        with_strategy(&label, child.strategy.as_deref())
    } else {
        label
    }
}

fn with_strategy(label: &str, strategy: Option<&str>) -> String {
    match strategy {
        Some(strategy) => format!("{label} · {strategy}"),
        None => label.to_string(),
    }
}

fn shape(child: &Child) -> Shape {
    match child.kind() {
        "repo" => Shape::Database,
        "worker" | "genserver" | "agent" | "task" | "cache" => Shape::Round,
        _ => Shape::Box,
    }
}

/// The tree a project without one would start, from what its deps and PRD need.
fn proposed(facts: &Facts, prd: Option<&Prd>) -> Tree {
    let base = camelize(facts.project.app.as_deref().unwrap_or("app"));
    let prd_text = prd.map(prd_otp_text).unwrap_or_default();
    let mut children: Vec<(String, Option<String>, &str)> = Vec::new();
    let phoenix = facts.has_dep("phoenix");
    if phoenix {
        children.push((format!("{base}Web.Telemetry"), None, "telemetry"));
    }
    if facts.has_dep("ecto_sql") || facts.has_category("db_adapter") {
        children.push((format!("{base}.Repo"), None, "repo"));
    }
    if facts.has_category("cluster") {
        children.push(("DNSCluster".to_string(), None, "cluster"));
    }
    if phoenix || facts.has_dep("phoenix_pubsub") {
        children.push((
            "Phoenix.PubSub".into(),
            Some(format!("{base}.PubSub")),
            "pubsub",
        ));
    }
    if prd_text.contains("registry") {
        children.push((
            "Registry".into(),
            Some(format!("{base}.Registry")),
            "registry",
        ));
    }
    if prd_text.contains("dynamicsupervisor") || prd_text.contains("dynamic supervisor") {
        children.push((
            "DynamicSupervisor".into(),
            Some(format!("{base}.DynamicSupervisor")),
            "dynamic_supervisor",
        ));
    }
    if facts.has_dep("oban") {
        children.push(("Oban".into(), None, "oban"));
    }
    if phoenix {
        children.push((format!("{base}Web.Endpoint"), None, "endpoint"));
    }
    if children.is_empty() {
        return Tree {
            origin: "none",
            diagram: None,
            source: None,
            branches: false,
            supervisors: Vec::new(),
            children_table: Vec::new(),
            conditional: Vec::new(),
            opaque: Vec::new(),
            coverage: Coverage::default(),
            dynamic_supervisors: Vec::new(),
            registries: Vec::new(),
            unique_registries: Vec::new(),
            duplicate_registries: Vec::new(),
            task_supervisors: Vec::new(),
            children_count: 0,
            shared: Vec::new(),
            distinct_count: 0,
        };
    }
    let mut chart = Flowchart::new("TD");
    chart.begin_subgraph("Proposed, not in the code yet");
    let app = chart.node(&format!("{base}.Application"), Shape::Stadium);
    let top = chart.node(&format!("{base}.Supervisor · one_for_one"), Shape::Box);
    chart.edge(&app, &top);
    for (module, name, kind) in &children {
        let label = match name {
            Some(name) => format!("{module} · {name}"),
            None => module.clone(),
        };
        let shape = if *kind == "repo" {
            Shape::Database
        } else {
            Shape::Box
        };
        let id = chart.node(&label, shape);
        chart.edge(&top, &id);
    }
    chart.end_subgraph();
    let named = |kind: &str| -> Vec<String> {
        children
            .iter()
            .filter(|c| c.2 == kind)
            .filter_map(|c| c.1.clone())
            .collect()
    };
    Tree {
        origin: "proposed",
        diagram: Some(chart.finish()),
        source: None,
        branches: false,
        supervisors: vec![SupervisorRow {
            name: format!("{base}.Supervisor"),
            app: None,
            strategy: Some("one_for_one".into()),
            max_restarts: None,
            max_seconds: None,
            options_read: true,
            children: children.len(),
            location: None,
            top: true,
            dynamic: false,
            condition: None,
            default: false,
        }],
        children_table: Vec::new(),
        conditional: Vec::new(),
        opaque: Vec::new(),
        coverage: Coverage::default(),
        dynamic_supervisors: named("dynamic_supervisor"),
        registries: named("registry"),
        unique_registries: named("registry"),
        duplicate_registries: Vec::new(),
        task_supervisors: Vec::new(),
        children_count: children.len(),
        shared: Vec::new(),
        distinct_count: children.len(),
    }
}

/// What the PRD says about processes, lowercased, for keyword checks.
fn prd_otp_text(prd: &Prd) -> String {
    let mut text = prd
        .otp_patterns
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for feature in &prd.features {
        for part in [
            &feature.processes,
            &feature.supervision,
            &feature.concurrency,
        ] {
            text.push('\n');
            text.push_str(part.as_deref().unwrap_or(""));
        }
    }
    if let Some(model) = &prd.app_type.concurrency_model {
        text.push('\n');
        text.push_str(&model.text);
    }
    text.to_lowercase()
}

/// `my_app` → `MyApp`, as `Macro.camelize/1` does.
pub fn camelize(app: &str) -> String {
    app.split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts(value: serde_json::Value) -> Facts {
        Facts::from_value(&value).unwrap()
    }

    #[test]
    fn real_tree_draws_nesting_strategies_conditions_and_opaque_calls() {
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "Ledger.Application", "file": "lib/ledger/application.ex", "line": 7,
                    "supervisor": {"name": "Ledger.Supervisor", "strategy": "one_for_one"},
                    "children": [
                        {"module": "Ledger.Repo", "kind": "repo"},
                        {"module": "Ledger.Accounts.Supervisor", "kind": "supervisor", "strategy": "rest_for_one",
                         "defined_in_project": true,
                         "children": [{"module": "Ledger.Accounts.Store", "kind": "genserver"}]},
                        {"module": "Ledger.Poller", "kind": "worker", "presence": "conditional",
                         "condition": "Mix.env() != :test"},
                        {"presence": "opaque", "call": "extra_children()"}
                    ]
                }
            })),
            None,
        );
        assert_eq!(tree.origin, "real");
        assert_eq!(
            tree.diagram.unwrap(),
            "flowchart TD\n    n0([\"Ledger.Application\"])\n    n1[\"Ledger.Supervisor · one_for_one\"]\n    \
             n0 --> n1\n    n2[(\"Ledger.Repo\")]\n    n1 --> n2\n    \
             n3[\"Ledger.Accounts.Supervisor · rest_for_one\"]\n    n1 --> n3\n    \
             n4(\"Ledger.Accounts.Store\")\n    n3 --> n4\n    n5(\"Ledger.Poller\")\n    \
             n1 -.->|\"Mix.env() != :test\"| n5\n    n6[/\"built by extra_children()\"/]\n    n1 -.-> n6\n"
        );
        let names: Vec<_> = tree.supervisors.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Ledger.Supervisor", "Ledger.Accounts.Supervisor"]);
        assert_eq!(
            tree.supervisors[0].location.as_deref(),
            Some("lib/ledger/application.ex:7")
        );
        assert_eq!(tree.conditional[0].children, ["Ledger.Poller"]);
        assert_eq!(tree.opaque, ["extra_children()"]);
    }

    #[test]
    fn one_condition_over_several_specs_is_one_entry_naming_each_child_once() {
        let when = |module: &str, condition: &str| json!({"module": module, "kind": "genserver", "presence": "conditional", "condition": condition});
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "C.Application",
                    "children": [
                        when("C.Exporter", "role in [\"all\", \"web\"]"),
                        when("C.Cache", "role in [\"all\", \"web\"]"),
                        when("C.Exporter", "role in [\"all\", \"web\"]"),
                        when("C.Sweeper", "sweep?()")
                    ]
                }
            })),
            None,
        );
        let lines: Vec<_> = tree
            .conditional
            .iter()
            .map(|c| (c.children.join(" "), c.condition.clone().unwrap()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "C.Exporter C.Cache".to_string(),
                    "role in [\"all\", \"web\"]".to_string()
                ),
                ("C.Sweeper".to_string(), "sweep?()".to_string())
            ]
        );
    }

    #[test]
    fn a_registry_names_processes_only_when_its_keys_are_unique() {
        let registry = |name: &str, label: &str| json!({"module": "Registry", "kind": "registry", "name": name, "label": label});
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "K.Application",
                    "children": [
                        registry("K.Names", "{Registry, keys: :unique, name: K.Names}"),
                        registry("K.Topics", "{Registry, keys: :duplicate, name: K.Topics}"),
                        registry("K.Shards", "{Registry, keys: {:duplicate, :key}, name: K.Shards}"),
                        registry("K.Other", "{Registry, registry_opts()}")
                    ]
                }
            })),
            None,
        );
        assert_eq!(tree.registries.len(), 4);
        assert_eq!(tree.unique_registries, ["K.Names"]);
        assert_eq!(tree.duplicate_registries, ["K.Topics", "K.Shards"]);
    }

    #[test]
    fn coverage_names_the_specs_an_absence_claim_cannot_see_into() {
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "Q.Application", "file": "lib/q/application.ex", "line": 9,
                    "children": [
                        {"module": "Q.Repo", "label": "Q.Repo", "kind": "repo", "defined_in_project": true},
                        {"module": "Q.Bus", "label": "Q.Bus.child_spec()", "kind": "worker", "defined_in_project": true},
                        {"module": "Q.Stage", "label": "Q.Stage", "kind": "worker", "defined_in_project": true},
                        {"module": "Redix", "label": "{Redix, name: :r}", "kind": "unknown"},
                        {"presence": "opaque", "call": "plugins()", "label": "plugins()"},
                        {"presence": "opaque", "call": "plugins()", "label": "plugins()"}
                    ]
                },
                "processes": [{"module": "Q.Stage", "behaviour": "GenStage"}]
            })),
            None,
        );
        assert_eq!(tree.coverage.read, 6);
        assert_eq!(tree.opaque, ["plugins()"]);
        assert_eq!(
            tree.coverage.unresolved,
            ["Q.Bus.child_spec()", "plugins()"]
        );
        assert_eq!(tree.coverage.locations, ["lib/q/application.ex:9"]);
    }

    #[test]
    fn a_spec_in_several_branches_counts_as_the_table_shows_and_is_named() {
        let sweeper = json!({"module": "D.Sweeper", "label": "D.Sweeper", "kind": "genserver"});
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "D.Application", "file": "lib/d/application.ex", "line": 6,
                    "children": [sweeper.clone()],
                    "branches": [
                        {"condition": "worker?()", "default": false, "line": 8,
                         "supervisor": {"name": "D.WorkerSupervisor"}, "children": [sweeper.clone()]},
                        {"default": true, "line": 12, "supervisor": {"name": "D.Supervisor"},
                         "children": [{"module": "D.Stock", "label": "D.Stock"}, sweeper]}
                    ]
                }
            })),
            None,
        );
        let listed: usize = tree.supervisors.iter().map(|s| s.children).sum();
        assert_eq!(tree.children_count, listed);
        assert_eq!(tree.children_count, 3);
        assert_eq!(tree.distinct_count, 2);
        assert_eq!(tree.shared.len(), 1);
        assert_eq!(tree.shared[0].child, "D.Sweeper");
        assert_eq!(
            tree.shared[0].supervisors,
            ["D.Supervisor", "D.WorkerSupervisor"]
        );
    }

    #[test]
    fn a_big_tree_is_grouped_within_mermaid_limits() {
        let workers: Vec<_> = (0..50_000)
            .map(|i| json!({"module": format!("Big.Worker{i}"), "kind": "genserver", "presence": "runtime"}))
            .collect();
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "Big.Application",
                    "supervisor": {"name": "Big.Supervisor"},
                    "children": [
                        {"module": "Big.Pool", "kind": "supervisor", "defined_in_project": true,
                         "children": [{"module": "Big.Member"}, {"module": "Big.Spare"}]},
                        {"module": "Big.Dynamic", "kind": "dynamic_supervisor", "children": workers}
                    ]
                }
            })),
            None,
        );
        let diagram = tree.diagram.unwrap();
        // Mermaid's defaults: maxTextSize 50000, maxEdges 500.
        assert!(diagram.len() < 50_000, "{} bytes", diagram.len());
        assert!(diagram.matches("->").count() < 500);
        assert!(diagram.contains("Big.Pool"));
        assert!(diagram.contains("\"2 children\""));
        assert!(diagram.contains("\"50000 children\""));
        assert!(!diagram.contains("Big.Worker1"));
        assert_eq!(tree.children_count, 50_004);
        // The full list goes to the table instead.
        let rows: Vec<_> = tree
            .children_table
            .iter()
            .map(|r| (r.supervisor.as_str(), r.children.len()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Big.Supervisor", 2),
                ("Big.Pool", 2),
                ("Big.Dynamic", 50_000)
            ]
        );
        assert_eq!(tree.children_table[2].children[1], "Big.Worker1");
    }

    #[test]
    fn runtime_children_and_statuses_are_marked() {
        let tree = decide(
            &facts(json!({
                "supervision": {
                    "module": "Ledger.Application",
                    "supervisor": {"name": "Ledger.Supervisor"},
                    "children": [
                        {"module": "Ledger.Poller", "kind": "worker", "status": "not_running"},
                        {"module": "Ledger.Sequence", "kind": "agent", "status": "running"},
                        {"module": "Ledger.Account", "kind": "worker", "presence": "runtime",
                         "status": "running"}
                    ]
                }
            })),
            None,
        );
        let diagram = tree.diagram.unwrap();
        assert!(diagram.contains("n2(\"Ledger.Poller · not running\")\n    n1 --> n2\n"));
        assert!(diagram.contains("n3(\"Ledger.Sequence\")\n"));
        assert!(diagram.contains("n1 -.->|\"at runtime\"| n4\n"));
    }

    #[test]
    fn no_tree_gets_a_labelled_proposal_from_deps() {
        let tree = decide(
            &facts(json!({"project": {"app": "blog"},
                          "deps": [{"name": "phoenix"}, {"name": "ecto_sql"}, {"name": "oban"}]})),
            None,
        );
        assert_eq!(tree.origin, "proposed");
        let diagram = tree.diagram.unwrap();
        assert!(diagram.contains("subgraph g0[\"Proposed, not in the code yet\"]"));
        for module in [
            "BlogWeb.Telemetry",
            "Blog.Repo",
            "Phoenix.PubSub · Blog.PubSub",
            "Oban",
            "BlogWeb.Endpoint",
        ] {
            assert!(diagram.contains(module), "{module} missing from {diagram}");
        }
    }

    #[test]
    fn a_library_with_nothing_to_run_gets_no_tree() {
        let tree = decide(
            &facts(json!({"project": {"app": "slug"}, "deps": [{"name": "ex_doc"}]})),
            None,
        );
        assert_eq!(tree.origin, "none");
        assert!(tree.diagram.is_none());
    }

    #[test]
    fn camelize_matches_macro_camelize() {
        assert_eq!(camelize("my_app"), "MyApp");
        assert_eq!(camelize("shop"), "Shop");
    }
}

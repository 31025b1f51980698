//! Quality assurance and monitoring: what to test, which tools run, the
//! deployment pipeline, and which telemetry events exist to watch.

use serde::Serialize;

use super::facts::Facts;
use super::mermaid::{Flowchart, Shape};
use super::stack::Stack;
use super::Kind;

#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    /// Test layers this project needs, each with the test files it has.
    pub test_layers: Vec<Layer>,
    /// `*_test.exs` files in the project.
    pub test_files: u64,
    pub ecto_sandbox: bool,
    pub mocks: Vec<String>,
    /// Each check CI should run: where it already runs, or that it is to be added.
    pub checks: Vec<Check>,
    /// The CI files read, e.g. `.github/workflows/ci.yml`.
    pub ci_files: Vec<String>,
    /// Quality tools among the deps (present) and the recommendations (planned).
    pub tools: Vec<Tool>,
    pub credo_config: bool,
    pub dialyzer_flags: Vec<String>,
    /// Where the build ships to: `release`, `hex` or `firmware`.
    pub ships_as: &'static str,
    /// What already exists for shipping, as keys: `releases`, `rel_dir`,
    /// `runtime_config`, `dockerfile`, `fly`.
    pub shipping: Vec<&'static str>,
    pub releases: Vec<String>,
    /// Where the release reads its runtime config (the `runtime_config` key's words).
    pub runtime_config: Vec<String>,
    pub pipeline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Layer {
    /// `unit`, `genserver`, `ecto_sandbox`, `live_view`, `channel`, `oban`,
    /// `property` or `doctest`, as keys the template words.
    pub layer: &'static str,
    /// Test files of this kind, where the kind shows in the file (`None`: not told apart).
    pub files: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// A CI step key: `format`, `compile_warnings`, `credo`, `dialyzer`, `sobelow`, `deps_audit`, `test`.
    pub step: &'static str,
    /// The CI file that runs it already.
    pub runs_in: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: String,
    pub present: bool,
    /// The CI file that runs it.
    pub in_ci: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub telemetry_module: Option<String>,
    /// Metrics `Telemetry.Metrics` defines in the project, e.g. `summary vm.memory.total`.
    pub metrics: Vec<String>,
    /// Reporters that export them, e.g. `TelemetryMetricsPrometheus (in ShopWeb.Telemetry)`.
    pub reporters: Vec<String>,
    /// Telemetry events the project's own parts emit, e.g. `[:shop, :repo, :query]`.
    pub events: Vec<String>,
    pub dashboard: Option<String>,
    pub dynamic_supervisors: Vec<String>,
    pub ets_tables: Vec<String>,
    pub observability_deps: Vec<String>,
}

const QUALITY_DEPS: &[&str] = &[
    "credo",
    "dialyxir",
    "sobelow",
    "excoveralls",
    "mix_audit",
    "stream_data",
];

/// The CI step each quality dep runs.
fn step_of(dep: &str) -> Option<&'static str> {
    match dep {
        "credo" => Some("credo"),
        "dialyxir" => Some("dialyzer"),
        "sobelow" => Some("sobelow"),
        "mix_audit" => Some("deps_audit"),
        "excoveralls" => Some("coverage"),
        _ => None,
    }
}

pub fn decide(
    facts: &Facts,
    kind: Kind,
    stack: &Stack,
    live_views: usize,
    channels: usize,
) -> Quality {
    let processes = facts.all_processes();
    let behaves = |b: &str| processes.iter().any(|p| p.behaviour.as_deref() == Some(b));
    let tests = &facts.tests;
    let counted = |n: u64| Some(n);
    let mut layers = vec![Layer {
        layer: "unit",
        files: counted(tests.unit),
    }];
    let mut add = |layer: &'static str, files: Option<u64>| layers.push(Layer { layer, files });
    if behaves("GenServer") || behaves("Agent") {
        add("genserver", None);
    }
    if !facts.repos().is_empty() {
        add("ecto_sandbox", None);
    }
    if live_views > 0 || behaves("Phoenix.LiveView") || tests.live_view > 0 {
        add("live_view", counted(tests.live_view));
    }
    if channels > 0 || behaves("Phoenix.Channel") || tests.channel > 0 {
        add("channel", counted(tests.channel));
    }
    if facts.has_dep("oban") {
        add("oban", None);
    }
    let planned: Vec<&str> = stack.recommended.iter().map(|r| r.name).collect();
    if facts.has_dep("stream_data") || planned.contains(&"stream_data") || tests.property > 0 {
        add("property", counted(tests.property));
    }
    if kind == Kind::Library || tests.doctest > 0 {
        add("doctest", counted(tests.doctest));
    }
    let tools: Vec<Tool> = QUALITY_DEPS
        .iter()
        .filter(|name| facts.has_dep(name) || planned.contains(name))
        .map(|name| Tool {
            name: name.to_string(),
            present: facts.has_dep(name),
            in_ci: step_of(name)
                .and_then(|s| facts.ci_runs(s))
                .map(str::to_string),
        })
        .collect();
    let mut steps: Vec<&'static str> = vec!["compile_warnings", "format"];
    steps.extend(tools.iter().filter_map(|t| step_of(&t.name)));
    steps.push("test");
    let checks: Vec<Check> = steps
        .into_iter()
        .map(|step| Check {
            step,
            runs_in: match step {
                "test" => facts.ci_tests(),
                _ => facts.ci_runs(step).map(str::to_string),
            },
        })
        .collect();
    let release = &facts.release;
    let shipping: Vec<&'static str> = [
        ("releases", !release.releases.is_empty()),
        ("rel_dir", release.rel_dir),
        ("runtime_config", !release.runtime_config.is_empty()),
        ("dockerfile", release.dockerfile),
        ("fly", release.fly),
    ]
    .into_iter()
    .filter_map(|(key, present)| present.then_some(key))
    .collect();
    let ships_as = match kind {
        Kind::Library => "hex",
        Kind::Nerves => "firmware",
        _ => "release",
    };
    Quality {
        test_layers: layers,
        test_files: tests.files,
        ecto_sandbox: tests.ecto_sandbox,
        mocks: tests.mocks.clone(),
        pipeline: pipeline(&checks, test_step(facts), ships_as),
        checks,
        ci_files: facts.ci.iter().map(|f| f.file.clone()).collect(),
        tools,
        credo_config: facts.tooling.credo_config,
        dialyzer_flags: facts.tooling.dialyzer_flags.clone(),
        ships_as,
        shipping,
        releases: release.releases.clone(),
        runtime_config: release.runtime_config.clone(),
    }
}

/// `mix test`, with the database service the first Repo's adapter needs in CI.
fn test_step(facts: &Facts) -> String {
    let Some(repo) = facts.repos().into_iter().next() else {
        return "mix test".into();
    };
    let service = match repo.adapter.as_deref() {
        Some("Ecto.Adapters.Postgres") => "a PostgreSQL service",
        Some("Ecto.Adapters.MyXQL") => "a MySQL service",
        Some("Ecto.Adapters.Tds") => "a SQL Server service",
        // SQLite is a file: nothing to start.
        Some("Ecto.Adapters.SQLite3") => return "mix test".into(),
        _ => "the database the Repo uses",
    };
    format!("mix test (with {service})")
}

/// The pipeline as a flowchart: the checks in order, steps CI does not run
/// yet marked `(add)`, then how the build ships.
fn pipeline(checks: &[Check], test_step: String, ships_as: &str) -> String {
    let mut steps = vec!["mix deps.get".to_string()];
    for check in checks {
        let command = match check.step {
            "compile_warnings" => "mix compile --warnings-as-errors".to_string(),
            "format" => "mix format --check-formatted".to_string(),
            "credo" => "mix credo --strict".to_string(),
            "dialyzer" => "mix dialyzer".to_string(),
            "sobelow" => "mix sobelow".to_string(),
            "deps_audit" => "mix deps.audit".to_string(),
            "coverage" => "mix coveralls".to_string(),
            _ => test_step.clone(),
        };
        let ci_has_any = checks.iter().any(|c| c.runs_in.is_some());
        steps.push(if ci_has_any && check.runs_in.is_none() {
            format!("{command} (add)")
        } else {
            command
        });
    }
    steps.push(
        match ships_as {
            "hex" => "mix hex.publish",
            "firmware" => "MIX_TARGET=<target> mix firmware",
            _ => "MIX_ENV=prod mix release",
        }
        .to_string(),
    );
    let mut chart = Flowchart::new("LR");
    let mut previous: Option<String> = None;
    for step in &steps {
        let id = chart.node(step, Shape::Box);
        if let Some(previous) = previous {
            chart.edge(&previous, &id);
        }
        previous = Some(id);
    }
    chart.finish()
}

pub fn monitoring(facts: &Facts, dynamic_supervisors: &[String]) -> Monitoring {
    let children = facts.all_children();
    let mut events: Vec<String> = facts
        .repos()
        .iter()
        .map(|r| {
            let parts: Vec<String> = r
                .module
                .split('.')
                .map(underscore)
                .map(|p| format!(":{p}"))
                .collect();
            format!("[{}, :query]", parts.join(", "))
        })
        .collect();
    if facts.web().is_some() || children.iter().any(|c| c.kind() == "endpoint") {
        events.push("[:phoenix, :endpoint, :stop]".into());
        events.push("[:phoenix, :router_dispatch, :stop]".into());
    }
    if facts.has_dep("phoenix_live_view") {
        events.push("[:phoenix, :live_view, :handle_event, :stop]".into());
    }
    if facts.has_dep("oban") {
        events.push("[:oban, :job, :exception]".into());
    }
    if !facts.pipelines().is_empty() {
        events.push("[:broadway, :processor, :message, :exception]".into());
    }
    if facts.has_dep("finch") {
        events.push("[:finch, :request, :stop]".into());
    }
    let metrics = facts.metrics();
    Monitoring {
        telemetry_module: children
            .iter()
            .find(|c| c.kind() == "telemetry")
            .map(|c| c.title().to_string())
            .or_else(|| metrics.first().map(|m| m.module.clone())),
        metrics: metrics.iter().map(|m| m.metric.clone()).collect(),
        reporters: facts
            .reporters()
            .iter()
            .map(|r| format!("{} (in {})", r.reporter, r.module))
            .collect(),
        events,
        dashboard: facts.web().and_then(|(_, w)| {
            w.routes
                .iter()
                .find(|r| r.verb == "live_dashboard")
                .map(|r| r.path.clone())
        }),
        dynamic_supervisors: dynamic_supervisors.to_vec(),
        ets_tables: facts
            .all_ets()
            .iter()
            .filter_map(|t| t.table.clone())
            .collect(),
        observability_deps: facts
            .all_deps()
            .into_iter()
            .filter(|d| d.category() == Some("observability"))
            .map(|d| d.name.clone())
            .collect(),
    }
}

/// `ShopWeb` → `shop_web`, as `Macro.underscore/1` does for plain aliases.
pub fn underscore(alias: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = alias.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (after_lower || (before_lower && chars[i - 1].is_uppercase())) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn underscore_matches_macro_underscore() {
        assert_eq!(underscore("ShopWeb"), "shop_web");
        assert_eq!(underscore("Repo"), "repo");
        assert_eq!(underscore("HTTPClient"), "http_client");
    }

    #[test]
    fn the_test_step_starts_the_database_the_adapter_needs() {
        let step = |adapter: serde_json::Value| {
            let facts = Facts::from_value(
                &json!({"data": {"repos": [{"module": "A.Repo", "adapter": adapter}]}}),
            )
            .unwrap();
            test_step(&facts)
        };
        assert_eq!(
            step(json!("Ecto.Adapters.Postgres")),
            "mix test (with a PostgreSQL service)"
        );
        assert_eq!(step(json!("Ecto.Adapters.SQLite3")), "mix test");
        assert_eq!(
            step(json!(null)),
            "mix test (with the database the Repo uses)"
        );
        assert_eq!(test_step(&Facts::default()), "mix test");
    }

    #[test]
    fn repo_events_use_the_repo_module() {
        let facts =
            Facts::from_value(&json!({"data": {"repos": [{"module": "Shop.ReadRepo"}]}})).unwrap();
        assert_eq!(
            monitoring(&facts, &[]).events,
            ["[:shop, :read_repo, :query]"]
        );
    }
}

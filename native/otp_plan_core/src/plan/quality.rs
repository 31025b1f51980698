//! Quality assurance and monitoring: what to test, which tools run, the
//! deployment pipeline, and which telemetry events exist to watch.

use serde::Serialize;

use super::facts::Facts;
use super::mermaid::{Flowchart, Shape};
use super::stack::Stack;

#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    /// Test layers this project needs, as keys the template words:
    /// `unit`, `genserver`, `ecto_sandbox`, `live_view`, `channel`, `oban`, `property`.
    pub test_layers: Vec<&'static str>,
    /// Quality tools among the deps (present) and the recommendations (planned).
    pub tools: Vec<Tool>,
    pub pipeline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: String,
    pub present: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub telemetry_module: Option<String>,
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

pub fn decide(facts: &Facts, stack: &Stack, live_views: usize, channels: usize) -> Quality {
    let processes = facts.all_processes();
    let behaves = |b: &str| processes.iter().any(|p| p.behaviour.as_deref() == Some(b));
    let mut layers = vec!["unit"];
    if behaves("GenServer") || behaves("Agent") {
        layers.push("genserver");
    }
    if !facts.repos().is_empty() {
        layers.push("ecto_sandbox");
    }
    if live_views > 0 || behaves("Phoenix.LiveView") {
        layers.push("live_view");
    }
    if channels > 0 || behaves("Phoenix.Channel") {
        layers.push("channel");
    }
    if facts.has_dep("oban") {
        layers.push("oban");
    }
    let planned: Vec<&str> = stack.recommended.iter().map(|r| r.name).collect();
    if facts.has_dep("stream_data") || planned.contains(&"stream_data") {
        layers.push("property");
    }
    let tools: Vec<Tool> = QUALITY_DEPS
        .iter()
        .filter(|name| facts.has_dep(name) || planned.contains(name))
        .map(|name| Tool {
            name: name.to_string(),
            present: facts.has_dep(name),
        })
        .collect();
    Quality {
        test_layers: layers,
        pipeline: pipeline(&tools, test_step(facts)),
        tools,
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

fn pipeline(tools: &[Tool], test_step: String) -> String {
    let mut steps = vec![
        "mix deps.get".to_string(),
        "mix compile --warnings-as-errors".to_string(),
        "mix format --check-formatted".to_string(),
    ];
    for tool in tools {
        match tool.name.as_str() {
            "credo" => steps.push("mix credo --strict".into()),
            "dialyxir" => steps.push("mix dialyzer".into()),
            "sobelow" => steps.push("mix sobelow".into()),
            "mix_audit" => steps.push("mix deps.audit".into()),
            _ => {}
        }
    }
    steps.push(test_step);
    steps.push("MIX_ENV=prod mix release".into());
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
    if facts.has_dep("finch") {
        events.push("[:finch, :request, :stop]".into());
    }
    Monitoring {
        telemetry_module: children
            .iter()
            .find(|c| c.kind() == "telemetry")
            .map(|c| c.title().to_string()),
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

//! The project facts gathered in Elixir, read tolerantly.
//!
//! The shape follows the facts contract; every key may be missing or `null`
//! and reads as its default. Nulls are stripped before deserialising, so
//! `#[serde(default)]` covers both cases with one rule.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    pub project: Project,
    pub apps: Vec<App>,
    pub deps: Vec<Dep>,
    pub supervision: Option<Supervision>,
    pub processes: Vec<Process>,
    pub ets: Vec<EtsTable>,
    pub web: Option<Web>,
    pub data: Data,
    pub api: Api,
    pub telemetry: Telemetry,
    /// Read from the root's config/ (in an umbrella) or the app's config and source.
    pub jobs: Jobs,
    pub tests: Tests,
    pub ci: Vec<CiFile>,
    pub release: Release,
    pub tooling: Tooling,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    pub app: Option<String>,
    pub version: Option<String>,
    pub elixir: Option<String>,
    pub umbrella: bool,
    #[serde(rename = "mod")]
    pub module: Option<String>,
    pub extra_applications: Vec<String>,
}

/// One application of an umbrella, with the same facts as a top-level project.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct App {
    pub app: String,
    pub path: Option<String>,
    pub in_umbrella: Vec<String>,
    pub project: Project,
    pub deps: Vec<Dep>,
    pub supervision: Option<Supervision>,
    pub processes: Vec<Process>,
    pub ets: Vec<EtsTable>,
    pub web: Option<Web>,
    pub data: Data,
    pub api: Api,
    pub telemetry: Telemetry,
    pub jobs: Jobs,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Dep {
    pub name: String,
    pub requirement: Option<String>,
    pub source: Option<String>,
    pub only: Vec<String>,
    pub runtime: Option<bool>,
    pub optional: bool,
    pub targets: Vec<String>,
    pub locked: Option<String>,
    /// The requirement is not written in mix.exs: Mix computed it on load.
    pub requirement_computed: bool,
}

impl Dep {
    /// The role the dep plays in the plan, e.g. `web` or `cluster`; this table is
    /// the only place categories are decided.
    pub fn category(&self) -> Option<&'static str> {
        category(&self.name)
    }
}

/// Deps the plan talks about, by the role they play.
const CATEGORIES: &[(&str, &[&str])] = &[
    ("web", &["phoenix", "phoenix_html", "phoenix_ecto", "plug"]),
    ("live_view", &["phoenix_live_view"]),
    ("pubsub", &["phoenix_pubsub"]),
    ("data", &["ecto", "ecto_sql"]),
    ("db_adapter", &["postgrex", "myxql", "ecto_sqlite3", "tds"]),
    ("jobs", &["oban", "oban_pro", "oban_web", "quantum"]),
    ("pipeline", &["broadway", "gen_stage", "flow"]),
    ("cluster", &["libcluster", "dns_cluster"]),
    ("registry", &["horde", "swarm", "syn"]),
    ("cache", &["cachex", "nebulex", "con_cache"]),
    (
        "http_client",
        &["finch", "req", "tesla", "httpoison", "mint"],
    ),
    ("graphql", &["absinthe", "absinthe_plug"]),
    ("server", &["bandit", "plug_cowboy", "cowboy"]),
    (
        "observability",
        &[
            "telemetry",
            "telemetry_metrics",
            "telemetry_poller",
            "telemetry_metrics_prometheus",
            "telemetry_metrics_statsd",
            "prom_ex",
            "opentelemetry",
            "opentelemetry_api",
            "opentelemetry_exporter",
            "phoenix_live_dashboard",
        ],
    ),
    (
        "embedded",
        &[
            "nerves",
            "nerves_runtime",
            "nerves_pack",
            "shoehorn",
            "vintage_net",
        ],
    ),
    (
        "quality",
        &["credo", "dialyxir", "excoveralls", "sobelow", "mix_audit"],
    ),
    (
        "test",
        &[
            "stream_data",
            "mox",
            "ex_machina",
            "wallaby",
            "floki",
            "lazy_html",
        ],
    ),
    ("docs", &["ex_doc"]),
    ("bench", &["benchee"]),
];

pub fn category(name: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(category, _)| *category)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Supervision {
    pub module: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub supervisor: SupervisorOpts,
    /// Every child start/2 can start, each under its condition.
    pub children: Vec<Child>,
    /// When start/2 has several `Supervisor.start_link` calls (a standalone
    /// mode before the normal one): each call with its branch; else empty.
    pub branches: Vec<Branch>,
}

/// One `Supervisor.start_link` of a start/2 that has several.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Branch {
    /// The branch's condition, outermost first; None at the top level.
    pub condition: Option<String>,
    /// Reached through `else` or catch-all branches only: what runs unless configured otherwise.
    pub default: bool,
    pub line: Option<u64>,
    pub supervisor: SupervisorOpts,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SupervisorOpts {
    pub name: Option<String>,
    pub strategy: Option<String>,
    pub max_restarts: Option<u64>,
    pub max_seconds: Option<u64>,
    /// False when the options are built where the reader does not follow:
    /// then the fields above are unknown, not the defaults.
    pub options_read: bool,
}

/// Options not given are the defaults, read: only the reader's
/// `options_read: false` makes them unknown.
impl Default for SupervisorOpts {
    fn default() -> Self {
        SupervisorOpts {
            name: None,
            strategy: None,
            max_restarts: None,
            max_seconds: None,
            options_read: true,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Child {
    pub module: Option<String>,
    pub label: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub presence: Option<String>,
    pub condition: Option<String>,
    pub call: Option<String>,
    pub strategy: Option<String>,
    pub defined_in_project: bool,
    /// Only with `--runtime`: `running`, `restarting`, `undefined` or `not_running`;
    /// absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub children: Vec<Child>,
}

impl Child {
    pub fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("unknown")
    }

    pub fn presence(&self) -> &str {
        self.presence.as_deref().unwrap_or("always")
    }

    /// The shortest faithful name: the module, else the call that builds it, else the spec.
    pub fn title(&self) -> &str {
        self.module
            .as_deref()
            .or(self.call.as_deref())
            .or(self.label.as_deref())
            .unwrap_or("child")
    }

    /// This child and every descendant, depth first in source order.
    pub fn walk(&self) -> Vec<&Child> {
        let mut all = vec![self];
        for child in &self.children {
            all.extend(child.walk());
        }
        all
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Process {
    pub module: String,
    pub behaviour: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EtsTable {
    pub table: Option<String>,
    pub options: Vec<String>,
    pub module: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Web {
    /// The main router and endpoint: the ones whose routes and sockets are read.
    pub router: Option<String>,
    pub endpoint: Option<String>,
    /// Every router and endpoint in the source, the main one first.
    pub routers: Vec<String>,
    pub endpoints: Vec<String>,
    pub pipelines: Vec<Pipeline>,
    pub scopes: Vec<Scope>,
    pub routes: Vec<Route>,
    pub live_sessions: Vec<LiveSession>,
    pub sockets: Vec<Socket>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pipeline {
    pub name: String,
    pub plugs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Scope {
    pub path: String,
    pub alias: Option<String>,
    pub pipe_through: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Route {
    pub verb: String,
    pub path: String,
    pub module: Option<String>,
    pub action: Option<String>,
    pub scope: Option<String>,
    pub pipe_through: Vec<String>,
    pub live_session: Option<String>,
    /// The source condition the route is defined under, e.g. `Mix.env() == :dev`.
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveSession {
    pub name: String,
    pub on_mount: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Socket {
    pub path: String,
    pub module: Option<String>,
    pub channels: Vec<Channel>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    pub topic: String,
    pub module: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Data {
    pub repos: Vec<Repo>,
    pub schemas: Vec<Schema>,
    pub migrations: Option<u64>,
    pub contexts: Vec<Context>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Repo {
    pub module: String,
    pub adapter: Option<String>,
    pub otp_app: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Schema {
    pub module: String,
    pub source: Option<String>,
    pub embedded: bool,
    pub fields: Vec<Field>,
    pub assocs: Vec<Assoc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Assoc {
    pub kind: String,
    pub name: String,
    pub related: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Context {
    pub module: String,
    pub schemas: Vec<String>,
}

/// The public API as the source declares it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Api {
    /// Modules that are not `@moduledoc false`, by name.
    pub modules: Vec<ApiModule>,
    pub behaviours: Vec<Behaviour>,
    pub protocols: Vec<Protocol>,
    /// Modules a host can start in its own tree: `child_spec/1` defined or from `use`.
    pub child_specs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiModule {
    pub module: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    /// `written`, `missing`, or `not_read` (the file was only scanned for names).
    pub moduledoc: String,
    /// Public functions and macros, by name and arity.
    pub functions: u64,
    /// Those with a `@doc`.
    pub documented: u64,
    /// Those with a `@spec`.
    pub specced: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Behaviour {
    pub module: String,
    /// `name/arity` of each `@callback`.
    pub callbacks: Vec<String>,
    /// The project's modules with `@behaviour` of it.
    pub implementations: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Protocol {
    pub module: String,
    /// The types the project implements it for.
    pub implementations: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Telemetry {
    pub metrics: Vec<Metric>,
    pub reporters: Vec<Reporter>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Metric {
    /// The function and event name, e.g. `summary phoenix.endpoint.stop.duration`.
    pub metric: String,
    pub module: String,
    pub line: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Reporter {
    /// E.g. `TelemetryMetricsPrometheus` or `PromEx`.
    pub reporter: String,
    /// The module that names it.
    pub module: String,
}

/// Oban, Broadway and libcluster as the config and source state them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Jobs {
    pub oban: Vec<ObanConfig>,
    pub workers: Vec<ObanWorker>,
    pub pipelines: Vec<BroadwayPipeline>,
    pub topologies: Vec<Topology>,
}

/// A number or flag as the source writes it, or `built by `expr`` when it is
/// no literal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Setting {
    Flag(bool),
    Number(i64),
    Built(String),
}

/// One `config :app, Oban…, …` statement (or `{Oban, opts}` written in a module).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ObanConfig {
    /// The config key, e.g. `Oban` or `Oban.Web`; none for options written in a module.
    pub key: Option<String>,
    pub otp_app: Option<String>,
    /// The `name:` option, when set.
    pub name: Option<String>,
    pub file: String,
    pub line: Option<u64>,
    /// The config-file `if` the statement sits under, as source.
    pub condition: Option<String>,
    pub repo: Option<String>,
    pub queues: Vec<ObanQueue>,
    /// Set when `queues:` is no literal list.
    pub queues_built_by: Option<String>,
    /// `queues: false`.
    pub queues_disabled: bool,
    pub plugins: Vec<String>,
    pub cron: Vec<CronEntry>,
    /// The `testing:` mode, e.g. `manual`.
    pub testing: Option<String>,
}

impl ObanConfig {
    /// Whether this statement configures the test environment only.
    pub fn test_only(&self) -> bool {
        self.testing.is_some() || self.file.ends_with("/test.exs")
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ObanQueue {
    pub queue: String,
    pub limit: Option<Setting>,
    pub paused: Option<Setting>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CronEntry {
    pub schedule: String,
    pub worker: Option<String>,
    pub line: Option<u64>,
}

/// A module with `use Oban.Worker, …`, or with `use` of a project module
/// whose `__using__/1` uses it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ObanWorker {
    pub module: String,
    pub file: String,
    pub line: Option<u64>,
    /// The project module it uses Oban.Worker through, which may set options of its own.
    pub via: Option<String>,
    pub queue: Option<String>,
    /// None: not set, Oban's default applies.
    pub max_attempts: Option<Setting>,
    pub unique: bool,
}

/// A module with `use Broadway`, read from its `Broadway.start_link/2`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BroadwayPipeline {
    pub module: String,
    pub file: String,
    pub line: Option<u64>,
    /// The line of `Broadway.start_link`, when the module has one.
    pub start_line: Option<u64>,
    /// Set when the options are no literal this reader could follow.
    pub built_by: Option<String>,
    pub producer: Option<String>,
    pub producer_concurrency: Option<Setting>,
    pub processors: Vec<Stage>,
    /// Set when `processors:` is no literal list.
    pub processors_built_by: Option<String>,
    pub batchers: Vec<Stage>,
    pub batchers_built_by: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Stage {
    pub name: String,
    pub concurrency: Option<Setting>,
    pub batch_size: Option<Setting>,
}

/// A libcluster topology: its name and strategy module.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Topology {
    pub name: String,
    pub strategy: Option<String>,
    pub file: String,
    pub line: Option<u64>,
    pub condition: Option<String>,
}

/// `*_test.exs` files by the kinds they hold, and the test_helper's setup.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tests {
    pub files: u64,
    /// Files with a plain `test "..."` and none of the kinds below.
    pub unit: u64,
    pub live_view: u64,
    pub channel: u64,
    pub property: u64,
    pub doctest: u64,
    pub ecto_sandbox: bool,
    /// Mocks defined with `Mox.defmock/2`.
    pub mocks: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CiFile {
    pub file: String,
    /// Which of `format`, `compile_warnings`, `credo`, `dialyzer`, `sobelow`,
    /// `deps_audit`, `test`, `coverage`, `docs` it runs.
    pub steps: Vec<String>,
    /// The command that runs the tests when it is not `mix test` (`mix
    /// coveralls`, `mix check`, `mix ci (alias in mix.exs)`).
    pub test_via: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Release {
    /// Names under `releases:` in mix.exs.
    pub releases: Vec<String>,
    /// What builds the release: `mix`, `distillery`, or None.
    pub tool: Option<String>,
    pub rel_dir: bool,
    /// Where config is read when the release boots: `config/runtime.exs`,
    /// `config/releases.exs`, a config provider, Distillery's `rel/config/*.exs`.
    pub runtime_config: Vec<String>,
    pub dockerfile: bool,
    pub fly: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tooling {
    pub credo_config: bool,
    pub dialyzer_config: bool,
    pub dialyzer_flags: Vec<String>,
    pub formatter: bool,
    /// Benchmark scripts under `bench/`.
    pub benchmarks: Vec<String>,
    /// Hex package metadata from mix.exs, when it has any.
    pub package: Option<Package>,
    /// ExDoc config from `docs:` in mix.exs.
    pub docs: Option<Docs>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Package {
    pub description: Option<String>,
    pub licenses: Vec<String>,
    /// Link names, e.g. `GitHub`.
    pub links: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Docs {
    pub main: Option<String>,
    pub extras: Vec<String>,
}

impl Facts {
    /// Reads facts from the contract's JSON; a missing or `null` key is its default.
    pub fn from_value(value: &Value) -> Result<Facts, Error> {
        let mut value = value.clone();
        strip_nulls(&mut value);
        if value.is_null() {
            return Ok(Facts::default());
        }
        serde_json::from_value(value).map_err(|e| Error::Facts(e.to_string()))
    }

    /// Reads facts that must match the types here exactly: every key present
    /// (`null` only where the type is optional), none unknown, none mistyped.
    /// The test suite reads every facts fixture through this, so a key Elixir
    /// gathers and Rust drops, or one Rust expects and Elixir never sends, fails.
    pub fn checked(value: &Value) -> Result<Facts, Error> {
        let facts: Facts =
            serde_json::from_value(value.clone()).map_err(|e| Error::Facts(e.to_string()))?;
        let back = serde_json::to_value(&facts).expect("facts are plain data");
        match first_difference(value, &back, "facts") {
            None => Ok(facts),
            Some(difference) => Err(Error::Facts(difference)),
        }
    }

    /// Every dependency of the project and of its umbrella apps, first declaration
    /// of a name wins, in declaration order.
    pub fn all_deps(&self) -> Vec<&Dep> {
        let mut seen = std::collections::BTreeSet::new();
        let apps = self.apps.iter().flat_map(|a| a.deps.iter());
        self.deps
            .iter()
            .chain(apps)
            .filter(|d| seen.insert(d.name.as_str()))
            .collect()
    }

    pub fn has_dep(&self, name: &str) -> bool {
        self.all_deps().iter().any(|d| d.name == name)
    }

    pub fn has_category(&self, category: &str) -> bool {
        self.all_deps()
            .iter()
            .any(|d| d.category() == Some(category))
    }

    /// Every supervision tree: the project's own, then each umbrella app's.
    pub fn trees(&self) -> Vec<(Option<&str>, &Supervision)> {
        let own = self.supervision.iter().map(|s| (None, s));
        let apps = self
            .apps
            .iter()
            .filter_map(|a| a.supervision.as_ref().map(|s| (Some(a.app.as_str()), s)));
        own.chain(apps).collect()
    }

    /// Every child of every tree, depth first.
    pub fn all_children(&self) -> Vec<&Child> {
        self.trees()
            .into_iter()
            .flat_map(|(_, s)| s.children.iter().flat_map(Child::walk))
            .collect()
    }

    pub fn all_processes(&self) -> Vec<&Process> {
        self.with_apps(&self.processes, |a| &a.processes)
    }

    pub fn all_ets(&self) -> Vec<&EtsTable> {
        self.with_apps(&self.ets, |a| &a.ets)
    }

    /// The web layer: the project's, else the first umbrella app that has one.
    pub fn web(&self) -> Option<(Option<&str>, &Web)> {
        self.web.as_ref().map(|w| (None, w)).or_else(|| {
            self.apps
                .iter()
                .find_map(|a| a.web.as_ref().map(|w| (Some(a.app.as_str()), w)))
        })
    }

    pub fn repos(&self) -> Vec<&Repo> {
        self.with_apps(&self.data.repos, |a| &a.data.repos)
    }

    pub fn schemas(&self) -> Vec<&Schema> {
        self.with_apps(&self.data.schemas, |a| &a.data.schemas)
    }

    pub fn contexts(&self) -> Vec<&Context> {
        self.with_apps(&self.data.contexts, |a| &a.data.contexts)
    }

    /// The project's own `items`, then each umbrella app's.
    fn with_apps<'a, T>(&'a self, own: &'a [T], of_app: fn(&'a App) -> &'a [T]) -> Vec<&'a T> {
        own.iter()
            .chain(self.apps.iter().flat_map(|a| of_app(a).iter()))
            .collect()
    }

    pub fn api_modules(&self) -> Vec<&ApiModule> {
        self.with_apps(&self.api.modules, |a| &a.api.modules)
    }

    pub fn metrics(&self) -> Vec<&Metric> {
        self.with_apps(&self.telemetry.metrics, |a| &a.telemetry.metrics)
    }

    pub fn oban_configs(&self) -> Vec<&ObanConfig> {
        self.with_apps(&self.jobs.oban, |a| &a.jobs.oban)
    }

    pub fn oban_workers(&self) -> Vec<&ObanWorker> {
        self.with_apps(&self.jobs.workers, |a| &a.jobs.workers)
    }

    pub fn pipelines(&self) -> Vec<&BroadwayPipeline> {
        self.with_apps(&self.jobs.pipelines, |a| &a.jobs.pipelines)
    }

    pub fn topologies(&self) -> Vec<&Topology> {
        self.with_apps(&self.jobs.topologies, |a| &a.jobs.topologies)
    }

    pub fn reporters(&self) -> Vec<&Reporter> {
        self.with_apps(&self.telemetry.reporters, |a| &a.telemetry.reporters)
    }

    /// Whether any CI file runs `step`, and the first that does.
    pub fn ci_runs(&self, step: &str) -> Option<&str> {
        self.ci
            .iter()
            .find(|f| f.steps.iter().any(|s| s == step))
            .map(|f| f.file.as_str())
    }

    /// The first CI file that runs the tests, with the command when it is not `mix test`.
    pub fn ci_tests(&self) -> Option<String> {
        let file = self
            .ci
            .iter()
            .find(|f| f.steps.iter().any(|s| s == "test"))?;
        Some(match &file.test_via {
            Some(via) => format!("{}, through {via}", file.file),
            None => file.file.clone(),
        })
    }

    pub fn migrations(&self) -> u64 {
        let apps: u64 = self.apps.iter().filter_map(|a| a.data.migrations).sum();
        self.data.migrations.unwrap_or(0) + apps
    }
}

/// Where `given` and `read` (the same facts after a round trip through the
/// types) first differ, as a message naming the key path.
fn first_difference(given: &Value, read: &Value, path: &str) -> Option<String> {
    match (given, read) {
        (Value::Object(given), Value::Object(read)) => {
            if let Some(key) = given.keys().find(|k| !read.contains_key(*k)) {
                return Some(format!("{path}.{key}: unknown key"));
            }
            if let Some(key) = read.keys().find(|k| !given.contains_key(*k)) {
                return Some(format!("{path}.{key}: missing key"));
            }
            given
                .iter()
                .find_map(|(k, v)| first_difference(v, &read[k], &format!("{path}.{k}")))
        }
        (Value::Array(given), Value::Array(read)) if given.len() == read.len() => given
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(i, (g, r))| first_difference(g, r, &format!("{path}[{i}]"))),
        _ if given == read => None,
        _ => Some(format!("{path}: {given} reads as {read}")),
    }
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_and_null_keys_read_as_defaults() {
        let facts = Facts::from_value(&json!({
            "project": {"app": "a", "umbrella": null},
            "deps": null,
            "supervision": {"children": [{"module": "A.Repo", "children": null}]}
        }))
        .unwrap();
        assert_eq!(facts.project.app.as_deref(), Some("a"));
        assert!(!facts.project.umbrella);
        assert!(facts.deps.is_empty());
        let tree = facts.supervision.unwrap();
        assert_eq!(tree.children[0].presence(), "always");
        assert_eq!(tree.children[0].kind(), "unknown");
        assert!(Facts::from_value(&Value::Null).unwrap().web.is_none());
    }

    #[test]
    fn checked_facts_name_an_unknown_missing_or_mistyped_key() {
        let mut full = serde_json::to_value(Facts::default()).unwrap();
        assert!(Facts::checked(&full).is_ok());
        full["project"]["colour"] = json!("red");
        let err = Facts::checked(&full).unwrap_err().to_string();
        assert!(err.contains("facts.project.colour: unknown key"), "{err}");
        full["project"].as_object_mut().unwrap().remove("colour");
        full["project"].as_object_mut().unwrap().remove("version");
        let err = Facts::checked(&full).unwrap_err().to_string();
        assert!(err.contains("facts.project.version: missing key"), "{err}");
        full["project"]["version"] = json!(null);
        full["deps"] = json!(null);
        let err = Facts::checked(&full).unwrap_err().to_string();
        assert!(err.contains("invalid type: null"), "{err}");
    }

    #[test]
    fn a_wrong_type_is_an_error_naming_it() {
        let err = Facts::from_value(&json!({"deps": "phoenix"})).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}

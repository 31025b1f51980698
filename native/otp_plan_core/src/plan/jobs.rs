//! Background work and clustering as the config and source state them: Oban
//! instances with their queues and cron entries, Oban workers, Broadway
//! pipelines with their concurrency, libcluster topologies. Nothing here is a
//! default: a project without them gets empty lists, and the plan says nothing.

use serde::Serialize;

use super::data::location;
use super::facts::{Facts, ObanConfig, Setting};

#[derive(Debug, Clone, Serialize)]
pub struct Jobs {
    /// Oban config statements outside the test environment.
    pub oban: Vec<Instance>,
    pub cron: Vec<Cron>,
    pub workers: Vec<Worker>,
    pub pipelines: Vec<Pipeline>,
    pub topologies: Vec<Topology>,
    /// How Oban runs under test, from the test environment's config.
    pub testing: Option<Testing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Testing {
    /// The `testing:` mode, e.g. `manual` or `inline`.
    pub mode: Option<String>,
    /// `queues: false` in the test config: no queue runs.
    pub queues_disabled: bool,
    pub location: String,
}

impl Jobs {
    /// Whether there is anything about Oban or Broadway to say.
    pub fn any_work(&self) -> bool {
        !self.oban.is_empty() || !self.workers.is_empty() || !self.pipelines.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    /// The `name:` option, else the config key (`Oban`, `Oban.Web`).
    pub name: Option<String>,
    pub repo: Option<String>,
    pub queues: Vec<Queue>,
    pub queues_built_by: Option<String>,
    pub queues_disabled: bool,
    pub plugins: Vec<String>,
    pub cron: usize,
    pub condition: Option<String>,
    pub location: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Queue {
    pub queue: String,
    /// The limit as written: a number, or `built by `expr``.
    pub limit: Option<String>,
    /// `true`, or `built by `expr``; none when the queue starts running.
    pub paused: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cron {
    pub schedule: String,
    pub worker: Option<String>,
    /// The worker's module is a `use Oban.Worker` module of the project.
    pub worker_in_project: bool,
    pub location: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Worker {
    pub module: String,
    /// The project module it uses `Oban.Worker` through.
    pub via: Option<String>,
    pub queue: Option<String>,
    /// None: not set here (so Oban's default applies, unless `via` sets it).
    pub max_attempts: Option<String>,
    pub unique: bool,
    /// No queue list read here names the worker's queue (every list read is
    /// literal and no plugin manages queues): its jobs may never run.
    pub queue_unlisted: bool,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pipeline {
    pub module: String,
    pub producer: Option<String>,
    pub producer_concurrency: Option<String>,
    pub processors: Vec<Stage>,
    pub processors_built_by: Option<String>,
    pub batchers: Vec<Stage>,
    pub batchers_built_by: Option<String>,
    /// The `Broadway.start_link` options are no literal this reader followed.
    pub built_by: Option<String>,
    /// The module has no `Broadway.start_link` call this reader found.
    pub no_start_link: bool,
    /// An unconditional child of the supervision tree: every node that runs
    /// the app starts its own copy.
    pub in_tree: bool,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: String,
    pub concurrency: Option<String>,
    pub batch_size: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Topology {
    pub name: String,
    pub strategy: Option<String>,
    pub condition: Option<String>,
    pub location: String,
    /// `dev` or `test`: read from `config/dev.exs` or `config/test.exs`, so
    /// it says nothing of how deployed nodes meet.
    pub only_in: Option<&'static str>,
}

impl Jobs {
    /// The topologies that may hold where the app is deployed.
    pub fn deployed_topologies(&self) -> impl Iterator<Item = &Topology> {
        self.topologies.iter().filter(|t| t.only_in.is_none())
    }
}

/// The Mix env a config file applies to alone (`config/dev.exs`, an
/// umbrella app's `apps/a/config/test.exs`), if it is one.
fn only_in(file: &str) -> Option<&'static str> {
    let name = file.rsplit('/').next()?;
    let in_config = file.split('/').rev().nth(1) == Some("config");
    match name {
        "dev.exs" if in_config => Some("dev"),
        "test.exs" if in_config => Some("test"),
        _ => None,
    }
}

pub fn decide(facts: &Facts) -> Jobs {
    let (tests, configs): (Vec<&ObanConfig>, Vec<&ObanConfig>) = facts
        .oban_configs()
        .into_iter()
        .partition(|c| c.test_only());
    let always_started: Vec<&str> = facts
        .all_children()
        .into_iter()
        .filter(|c| c.presence() == "always")
        .filter_map(|c| c.module.as_deref())
        .collect();
    let worker_modules: Vec<&str> = facts
        .oban_workers()
        .iter()
        .map(|w| w.module.as_str())
        .collect();
    Jobs {
        oban: configs.iter().map(|c| instance(c)).collect(),
        cron: configs
            .iter()
            .flat_map(|c| {
                c.cron.iter().map(|e| Cron {
                    schedule: e.schedule.clone(),
                    worker: e.worker.clone(),
                    worker_in_project: e
                        .worker
                        .as_deref()
                        .is_some_and(|w| worker_modules.contains(&w)),
                    location: at(&c.file, e.line.or(c.line)),
                })
            })
            .collect(),
        workers: facts
            .oban_workers()
            .into_iter()
            .map(|w| Worker {
                module: w.module.clone(),
                via: w.via.clone(),
                queue: w.queue.clone(),
                max_attempts: w.max_attempts.as_ref().map(text),
                unique: w.unique,
                queue_unlisted: w.queue.as_deref().is_some_and(|q| unlisted(q, &configs)),
                location: location(Some(&w.file), w.line),
            })
            .collect(),
        pipelines: facts
            .pipelines()
            .into_iter()
            .map(|p| Pipeline {
                module: p.module.clone(),
                producer: p.producer.clone(),
                producer_concurrency: p.producer_concurrency.as_ref().map(text),
                processors: p.processors.iter().map(stage).collect(),
                processors_built_by: p.processors_built_by.clone(),
                batchers: p.batchers.iter().map(stage).collect(),
                batchers_built_by: p.batchers_built_by.clone(),
                built_by: p.built_by.clone(),
                no_start_link: p.start_line.is_none(),
                in_tree: always_started.contains(&p.module.as_str()),
                location: location(Some(&p.file), p.start_line.or(p.line)),
            })
            .collect(),
        topologies: facts
            .topologies()
            .into_iter()
            .map(|t| Topology {
                name: t.name.clone(),
                strategy: t.strategy.clone(),
                condition: t.condition.clone(),
                location: at(&t.file, t.line),
                only_in: only_in(&t.file),
            })
            .collect(),
        testing: tests
            .iter()
            .find(|c| c.testing.is_some() || c.queues_disabled)
            .map(|c| Testing {
                mode: c.testing.clone(),
                queues_disabled: c.queues_disabled,
                location: at(&c.file, c.line),
            }),
    }
}

fn instance(config: &ObanConfig) -> Instance {
    Instance {
        name: config.name.clone().or_else(|| config.key.clone()),
        repo: config.repo.clone(),
        queues: config
            .queues
            .iter()
            .map(|q| Queue {
                queue: q.queue.clone(),
                limit: q.limit.as_ref().map(text),
                paused: q
                    .paused
                    .as_ref()
                    .filter(|p| **p != Setting::Flag(false))
                    .map(text),
            })
            .collect(),
        queues_built_by: config.queues_built_by.clone(),
        queues_disabled: config.queues_disabled,
        plugins: config.plugins.clone(),
        cron: config.cron.len(),
        condition: config.condition.clone(),
        location: at(&config.file, config.line),
    }
}

/// Whether no queue list read names `queue`, when every list could be read.
fn unlisted(queue: &str, configs: &[&ObanConfig]) -> bool {
    let readable = !configs.is_empty()
        && configs.iter().all(|c| c.queues_built_by.is_none())
        && !configs
            .iter()
            .flat_map(|c| &c.plugins)
            .any(|p| p.contains("DynamicQueues") || p.starts_with("built by"));
    readable
        && !configs
            .iter()
            .flat_map(|c| &c.queues)
            .any(|q| q.queue == queue)
}

fn stage(stage: &super::facts::Stage) -> Stage {
    Stage {
        name: stage.name.clone(),
        concurrency: stage.concurrency.as_ref().map(text),
        batch_size: stage.batch_size.as_ref().map(text),
    }
}

fn text(setting: &Setting) -> String {
    match setting {
        Setting::Flag(flag) => flag.to_string(),
        Setting::Number(number) => number.to_string(),
        Setting::Built(text) => text.clone(),
    }
}

fn at(file: &str, line: Option<u64>) -> String {
    location(Some(file), line).unwrap_or_else(|| file.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jobs(value: serde_json::Value) -> Jobs {
        decide(&Facts::from_value(&json!({ "jobs": value })).unwrap())
    }

    #[test]
    fn test_config_is_left_out_and_values_keep_their_source() {
        let jobs = jobs(json!({
            "oban": [
                {"key": "Oban", "file": "config/config.exs", "line": 3, "repo": "A.Repo",
                 "queues": [{"queue": "mail", "limit": 5, "paused": false},
                            {"queue": "import", "limit": "built by `n`", "paused": true}],
                 "cron": [{"schedule": "@daily", "worker": "A.Sweep", "line": 9}]},
                {"key": "Oban", "file": "config/test.exs", "line": 1, "testing": "manual"}
            ],
            "workers": [{"module": "A.Sweep", "file": "lib/a/sweep.ex", "line": 1,
                         "queue": "mail", "max_attempts": null}]
        }));
        assert_eq!(jobs.oban.len(), 1);
        let testing = jobs.testing.as_ref().unwrap();
        assert_eq!(testing.mode.as_deref(), Some("manual"));
        assert_eq!(testing.location, "config/test.exs:1");
        let queues = &jobs.oban[0].queues;
        assert_eq!(queues[0].limit.as_deref(), Some("5"));
        assert_eq!(queues[0].paused, None);
        assert_eq!(queues[1].limit.as_deref(), Some("built by `n`"));
        assert_eq!(queues[1].paused.as_deref(), Some("true"));
        assert_eq!(jobs.cron[0].location, "config/config.exs:9");
        assert!(jobs.cron[0].worker_in_project);
        assert_eq!(jobs.workers[0].max_attempts, None);
        assert!(!jobs.workers[0].queue_unlisted);
    }

    #[test]
    fn a_queue_is_unlisted_only_when_every_list_was_read() {
        let worker = json!({"module": "A.W", "file": "lib/a/w.ex", "queue": "late"});
        let listed = |oban: serde_json::Value| {
            jobs(json!({"oban": [oban], "workers": [worker.clone()]})).workers[0].queue_unlisted
        };
        let config = json!({"file": "config/config.exs", "queues": [{"queue": "mail"}]});
        assert!(listed(config.clone()));
        let mut built = config.clone();
        built["queues_built_by"] = json!("built by `queues()`");
        assert!(!listed(built));
        let mut dynamic = config;
        dynamic["plugins"] = json!(["Oban.Pro.Plugins.DynamicQueues"]);
        assert!(!listed(dynamic));
        assert!(!jobs(json!({"workers": [worker]})).workers[0].queue_unlisted);
    }

    #[test]
    fn a_pipeline_every_node_starts_is_one_the_tree_always_starts() {
        let jobs = decide(
            &Facts::from_value(&json!({
                "supervision": {"children": [
                    {"module": "A.Orders"},
                    {"module": "A.Replay", "presence": "conditional", "condition": "replay?()"}
                ]},
                "jobs": {"pipelines": [
                    {"module": "A.Orders", "file": "lib/a/orders.ex"},
                    {"module": "A.Replay", "file": "lib/a/replay.ex"},
                    {"module": "A.Spare", "file": "lib/a/spare.ex"}
                ]}
            }))
            .unwrap(),
        );
        let in_tree: Vec<bool> = jobs.pipelines.iter().map(|p| p.in_tree).collect();
        assert_eq!(in_tree, [true, false, false]);
    }

    #[test]
    fn nothing_stated_is_nothing_planned() {
        let jobs = jobs(json!({}));
        assert!(!jobs.any_work());
        assert!(jobs.topologies.is_empty());
        assert!(jobs.testing.is_none());
    }
}

//! Performance requirements: the PRD's numbers verbatim, seed defaults where it is silent.

use serde::Serialize;

use super::Kind;
use crate::prd::{Metric, Prd};

/// Metrics every service plan states a requirement for; a default fills any the
/// PRD leaves out. Latency and concurrent users only for a project that serves
/// requests (a web layer); a library or a firmware gets no defaults at all,
/// only what its PRD states.
const REQUIRED: [Metric; 4] = [
    Metric::Latency,
    Metric::ConcurrentUsers,
    Metric::Availability,
    Metric::Memory,
];

#[derive(Debug, Clone, Serialize)]
pub struct Performance {
    pub targets: Vec<TargetRow>,
    /// The first target per metric, for the success definition.
    pub headline: Vec<TargetRow>,
    /// Required metrics the PRD states nothing about, in a fixed order.
    pub defaults: Vec<Metric>,
    /// The PRD's concurrent-user target as written, e.g. `10,000`.
    pub concurrent_users: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub metric: Metric,
    pub text: String,
    pub sentence: String,
    /// Every PRD line stating the same number.
    pub lines: Vec<usize>,
}

pub fn decide(prd: Option<&Prd>, kind: Kind, serves_requests: bool) -> Performance {
    let mut targets: Vec<TargetRow> = Vec::new();
    let mut keys: Vec<(Metric, u64, Option<u8>)> = Vec::new();
    let stated = prd.map(|p| p.targets.as_slice()).unwrap_or_default();
    for target in stated {
        let key = (target.metric, target.value.to_bits(), target.percentile);
        match keys.iter().position(|k| *k == key) {
            Some(i) => targets[i].lines.push(target.line),
            None => {
                keys.push(key);
                targets.push(TargetRow {
                    metric: target.metric,
                    text: target.text.clone(),
                    sentence: target.sentence.clone(),
                    lines: vec![target.line],
                });
            }
        }
    }
    let criteria = prd
        .map(|p| p.success_criteria.as_slice())
        .unwrap_or_default();
    let mut headline: Vec<TargetRow> = Vec::new();
    for target in &targets {
        let stated = criteria.iter().any(|c| c.contains(&target.text));
        if !stated && !headline.iter().any(|h| h.metric == target.metric) {
            headline.push(target.clone());
        }
    }
    let concurrent_users = prd.and_then(|p| {
        p.targets
            .iter()
            .find(|t| t.metric == Metric::ConcurrentUsers)
            .map(|t| t.text.clone())
    });
    Performance {
        defaults: REQUIRED
            .into_iter()
            .filter(|_| !matches!(kind, Kind::Library | Kind::Nerves))
            .filter(|m| serves_requests || !matches!(m, Metric::Latency | Metric::ConcurrentUsers))
            .filter(|m| !targets.iter().any(|t| t.metric == *m))
            .collect(),
        targets,
        headline,
        concurrent_users,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prd::Target;

    fn target(metric: Metric, value: f64, text: &str, line: usize) -> Target {
        Target {
            metric,
            value,
            upper: None,
            unit: "ms",
            percentile: Some(95),
            comparator: Some("<"),
            subject: None,
            text: text.into(),
            sentence: format!("Checkout {text}."),
            line,
        }
    }

    #[test]
    fn prd_numbers_are_kept_verbatim_and_defaults_fill_the_rest() {
        let prd = Prd {
            targets: vec![
                target(Metric::Latency, 200.0, "p95 under 200ms", 5),
                target(Metric::Latency, 200.0, "p95 < 200ms", 84),
                target(Metric::Latency, 500.0, "p99 < 500ms", 84),
            ],
            ..Prd::default()
        };
        let perf = decide(Some(&prd), Kind::Phoenix, true);
        assert_eq!(perf.targets.len(), 2);
        assert_eq!(perf.targets[0].text, "p95 under 200ms");
        assert_eq!(perf.targets[0].sentence, "Checkout p95 under 200ms.");
        assert_eq!(perf.targets[0].lines, [5, 84]);
        assert_eq!(perf.headline.len(), 1);
        assert_eq!(
            perf.defaults,
            [
                Metric::ConcurrentUsers,
                Metric::Availability,
                Metric::Memory
            ]
        );
    }

    #[test]
    fn no_prd_means_every_requirement_is_a_default() {
        assert_eq!(decide(None, Kind::Phoenix, true).defaults, REQUIRED);
        // Without a web layer there are no requests or users to count.
        assert_eq!(
            decide(None, Kind::OtpApp, false).defaults,
            [Metric::Availability, Metric::Memory]
        );
    }

    #[test]
    fn a_library_gets_no_service_defaults() {
        assert!(decide(None, Kind::Library, false).defaults.is_empty());
    }
}

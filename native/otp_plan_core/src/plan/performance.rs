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
    /// What the number is about, when the PRD says: a product measure's
    /// name (`Cart abandonment`), or `checkout` in `p95 < 200ms for checkout`.
    pub subject: Option<String>,
    pub text: String,
    pub sentence: String,
    /// Every PRD line stating the same number, in reading order.
    pub places: Vec<Place>,
    /// The same places as the plan prints them: `PRD.md line 5, 84`, one
    /// group per part of a split PRD (`docs/prd/01-a.md line 3; docs/prd/02-b.md line 12`).
    pub source: String,
}

/// A line of one document of the PRD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

/// `places` grouped by file, in order: `a.md line 3, 9; b.md line 12`.
fn source(places: &[Place]) -> String {
    let mut out = String::new();
    let mut file: Option<&str> = None;
    for place in places {
        if file == Some(place.file.as_str()) {
            out.push_str(&format!(", {}", place.line));
        } else {
            let sep = if file.is_some() { "; " } else { "" };
            out.push_str(&format!("{sep}{} line {}", place.file, place.line));
            file = Some(&place.file);
        }
    }
    out
}

pub fn decide(prd: Option<&Prd>, kind: Kind, serves_requests: bool) -> Performance {
    let mut targets: Vec<TargetRow> = Vec::new();
    // The same number of the same metric is one row; product measures are
    // told apart by what they measure (churn and conversion both at 3%).
    let mut keys: Vec<(Metric, u64, Option<u8>, Option<&str>)> = Vec::new();
    let stated = prd.map(|p| p.targets.as_slice()).unwrap_or_default();
    for target in stated {
        let key = (
            target.metric,
            target.value.to_bits(),
            target.percentile,
            target
                .subject
                .as_deref()
                .filter(|_| target.metric == Metric::Kpi),
        );
        let place = Place {
            file: target.file.clone(),
            line: target.line,
        };
        match keys.iter().position(|k| *k == key) {
            Some(i) => targets[i].places.push(place),
            None => {
                keys.push(key);
                targets.push(TargetRow {
                    metric: target.metric,
                    subject: target.subject.clone(),
                    text: target.text.clone(),
                    sentence: target.sentence.clone(),
                    places: vec![place],
                    source: String::new(),
                });
            }
        }
    }
    for target in &mut targets {
        target.source = source(&target.places);
    }
    let criteria = prd
        .map(|p| p.success_criteria.as_slice())
        .unwrap_or_default();
    let mut headline: Vec<TargetRow> = Vec::new();
    for target in &targets {
        let stated = criteria.iter().any(|c| c.text.contains(&target.text));
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
            file: "PRD.md".into(),
            line,
        }
    }

    #[test]
    fn product_measures_are_told_apart_by_what_they_measure() {
        let kpi = |subject: &str, file: &str, line| Target {
            metric: Metric::Kpi,
            value: 3.0,
            unit: "%",
            percentile: None,
            subject: Some(subject.into()),
            file: file.into(),
            ..target(Metric::Kpi, 3.0, "< 3%", line)
        };
        let prd = Prd {
            targets: vec![
                kpi("Churn", "docs/prd/01-a.md", 4),
                kpi("Conversion", "docs/prd/01-a.md", 5),
                kpi("Churn", "docs/prd/01-a.md", 9),
                kpi("Churn", "docs/prd/02-b.md", 2),
            ],
            ..Prd::default()
        };
        let perf = decide(Some(&prd), Kind::Library, false);
        let rows: Vec<(Option<&str>, &str)> = perf
            .targets
            .iter()
            .map(|t| (t.subject.as_deref(), t.source.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Some("Churn"),
                    "docs/prd/01-a.md line 4, 9; docs/prd/02-b.md line 2"
                ),
                (Some("Conversion"), "docs/prd/01-a.md line 5"),
            ]
        );
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
        assert_eq!(perf.targets[0].source, "PRD.md line 5, 84");
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

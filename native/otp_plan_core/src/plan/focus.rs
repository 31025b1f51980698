//! Classifies the free-text focus argument into known areas.
//!
//! Matching is on normalised words: `"LiveView and clustering"` gives two areas.
//! Words within one edit of a keyword also match, so `"supervison"` still
//! finds the supervision area. A focus that matches nothing is kept, and the
//! closest areas by edit distance are named instead.

use serde::Serialize;

/// An area the plan can go deep on, in the order the plan presents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Supervision,
    LiveView,
    Distributed,
    Data,
    Jobs,
    Realtime,
    Api,
    Embedded,
    Performance,
}

impl Area {
    pub const ALL: [Area; 9] = [
        Area::Supervision,
        Area::LiveView,
        Area::Distributed,
        Area::Data,
        Area::Jobs,
        Area::Realtime,
        Area::Api,
        Area::Embedded,
        Area::Performance,
    ];

    /// The name users see, also a valid focus argument.
    pub fn title(self) -> &'static str {
        match self {
            Area::Supervision => "OTP supervision tree",
            Area::LiveView => "Phoenix LiveView architecture",
            Area::Distributed => "distributed system",
            Area::Data => "data and Ecto",
            Area::Jobs => "background jobs and pipelines",
            Area::Realtime => "real-time channels and presence",
            Area::Api => "APIs",
            Area::Embedded => "embedded and Nerves",
            Area::Performance => "performance",
        }
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Area::Supervision => &[
                "otp",
                "supervision",
                "supervisor",
                "supervisors",
                "tree",
                "genserver",
                "genservers",
                "process",
                "processes",
                "restart",
                "fault",
            ],
            Area::LiveView => &["liveview", "live", "lv", "component", "components", "ui"],
            Area::Distributed => &[
                "distributed",
                "distribution",
                "cluster",
                "clustering",
                "clustered",
                "node",
                "nodes",
                "multinode",
                "horde",
                "libcluster",
                "netsplit",
            ],
            Area::Data => &[
                "data",
                "ecto",
                "database",
                "db",
                "postgres",
                "postgresql",
                "schema",
                "schemas",
                "repo",
                "sql",
                "migrations",
            ],
            Area::Jobs => &[
                "jobs",
                "job",
                "background",
                "oban",
                "broadway",
                "pipeline",
                "pipelines",
                "queue",
                "queues",
                "genstage",
                "worker",
                "workers",
            ],
            Area::Realtime => &[
                "realtime",
                "channel",
                "channels",
                "presence",
                "pubsub",
                "websocket",
                "websockets",
                "socket",
            ],
            Area::Api => &["api", "apis", "rest", "json", "graphql", "absinthe", "http"],
            Area::Embedded => &["embedded", "nerves", "firmware", "iot", "device", "devices"],
            Area::Performance => &[
                "performance",
                "latency",
                "throughput",
                "scaling",
                "scalability",
                "load",
                "caching",
                "cache",
                "ets",
                "benchmark",
            ],
        }
    }
}

/// What the focus argument asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Focus {
    /// The argument as given, trimmed.
    pub text: String,
    /// Areas it names, in plan order; empty when nothing matched.
    pub areas: Vec<Area>,
    /// For an unmatched focus: the nearest areas, best first.
    pub closest: Vec<Area>,
}

/// Words that carry no area: "Phoenix LiveView architecture" is about LiveView.
const NOISE: &[&str] = &[
    "and",
    "or",
    "the",
    "a",
    "an",
    "of",
    "for",
    "with",
    "in",
    "on",
    "to",
    "phoenix",
    "elixir",
    "architecture",
    "design",
    "system",
    "systems",
    "strategy",
    "plan",
    "app",
    "application",
];

pub fn classify(text: &str) -> Focus {
    let text = text.trim().to_string();
    let words = words(&text);
    let areas: Vec<Area> = Area::ALL
        .into_iter()
        .filter(|area| words.iter().any(|w| matches_area(w, *area)))
        .collect();
    let closest = if areas.is_empty() {
        closest(&words)
    } else {
        Vec::new()
    };
    Focus {
        text,
        areas,
        closest,
    }
}

/// Lowercase words without punctuation, joined forms split ("real-time" → "realtime"
/// is kept whole too, so both spellings match).
fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .flat_map(|w| {
            let joined = w.replace('-', "");
            let mut parts: Vec<String> = w.split('-').map(str::to_string).collect();
            if parts.len() > 1 {
                parts.push(joined);
            }
            parts
        })
        .filter(|w| !w.is_empty() && !NOISE.contains(&w.as_str()))
        .collect();
    words.dedup();
    words
}

fn matches_area(word: &str, area: Area) -> bool {
    area.keywords()
        .iter()
        .any(|k| *k == word || (word.len() >= 5 && k.len() >= 5 && edit_distance(word, k) <= 1))
}

/// The two areas whose keywords are nearest to any word of the focus.
fn closest(words: &[String]) -> Vec<Area> {
    let mut scored: Vec<(usize, Area)> = Area::ALL
        .into_iter()
        .map(|area| {
            let best = words
                .iter()
                .flat_map(|w| area.keywords().iter().map(move |k| distance_ratio(w, k)))
                .min()
                .unwrap_or(usize::MAX);
            (best, area)
        })
        .collect();
    scored.sort();
    scored.into_iter().take(2).map(|(_, area)| area).collect()
}

/// Edit distance scaled to the longer word, in thousandths, so short and long words compare.
fn distance_ratio(a: &str, b: &str) -> usize {
    let longest = a.chars().count().max(b.chars().count()).max(1);
    edit_distance(a, b) * 1000 / longest
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_areas_classify_to_one_area_each() {
        assert_eq!(classify("OTP supervision tree").areas, [Area::Supervision]);
        assert_eq!(
            classify("Phoenix LiveView architecture").areas,
            [Area::LiveView]
        );
        assert_eq!(classify("distributed system").areas, [Area::Distributed]);
    }

    #[test]
    fn several_areas_at_once_in_plan_order() {
        let focus = classify("clustering and LiveView, plus Oban jobs");
        assert_eq!(focus.areas, [Area::LiveView, Area::Distributed, Area::Jobs]);
        assert!(focus.closest.is_empty());
    }

    #[test]
    fn one_typo_still_matches() {
        assert_eq!(classify("supervison trees").areas, [Area::Supervision]);
        assert_eq!(classify("real-time presence").areas, [Area::Realtime]);
    }

    #[test]
    fn unknown_focus_names_the_closest_areas() {
        let focus = classify("  observabilty dashbords ");
        assert_eq!(focus.text, "observabilty dashbords");
        assert!(focus.areas.is_empty());
        assert_eq!(focus.closest.len(), 2);

        let focus = classify("ectoo queries");
        assert!(focus.areas.is_empty());
        assert_eq!(focus.closest[0], Area::Data);
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("oban", "oban"), 0);
    }
}

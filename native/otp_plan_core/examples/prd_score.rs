//! Scores the PRD reader on the real corpus: `script/prd-score [--floor FILE]`.
//!
//! Parses every file named by `<corpus>/manifest.json` (kind `prd` with
//! `prd::parse`, kind `claude` with `prd::parse_claude`) and compares the
//! result with our annotation `<annotations>/<name>.json` (format:
//! test/corpus/README.md). The parse result is read through
//! `serde_json::to_value` with tolerant key look-ups, so the scorer keeps
//! working while the model changes.
//!
//! Options: `--corpus DIR` (default `../shared/corpus/prd`), `--annotations DIR`
//! (default `test/corpus/prd`), `--only TEXT` (files whose name contains it),
//! `-v`/`--verbose` (print every miss), `--floor FILE` (JSON object of minimum
//! totals, e.g. `{"targets_precision": 0.9}`; exit 1 when a total is under it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use otp_plan_core::prd;
use serde_json::Value;

struct Options {
    corpus: PathBuf,
    annotations: PathBuf,
    only: Option<String>,
    verbose: bool,
    floor: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("prd-score: {message}");
            ExitCode::from(2)
        }
    }
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        corpus: PathBuf::from("../shared/corpus/prd"),
        annotations: PathBuf::from("test/corpus/prd"),
        only: None,
        verbose: false,
        floor: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--corpus" => options.corpus = value("--corpus")?.into(),
            "--annotations" => options.annotations = value("--annotations")?.into(),
            "--only" => options.only = Some(value("--only")?),
            "--floor" => options.floor = Some(value("--floor")?.into()),
            "-v" | "--verbose" => options.verbose = true,
            other => {
                return Err(format!(
                    "unknown option {other}; usage: prd-score [--floor FILE] [--only TEXT] [-v] \
                     [--corpus DIR] [--annotations DIR]"
                ))
            }
        }
    }
    Ok(options)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<ExitCode, String> {
    let options = options()?;
    let manifest = read_json(&options.corpus.join("manifest.json"))?;
    let entries = manifest
        .as_array()
        .ok_or("manifest.json is not a JSON array")?;
    let mut totals = Totals::default();
    let mut unannotated = Vec::new();
    let mut parse_time = Duration::ZERO;
    let mut bytes = 0;

    for entry in entries {
        let file = entry["file"]
            .as_str()
            .ok_or("a manifest entry has no file")?;
        if options
            .only
            .as_deref()
            .is_some_and(|only| !file.contains(only))
        {
            continue;
        }
        let name = file.strip_suffix(".md").unwrap_or(file);
        let annotation_path = options.annotations.join(format!("{name}.json"));
        if !annotation_path.exists() {
            unannotated.push(file.to_string());
            continue;
        }
        let annotation = read_json(&annotation_path)?;
        let input = std::fs::read(options.corpus.join(file))
            .map_err(|e| format!("{}: {e}", options.corpus.join(file).display()))?;
        bytes += input.len();
        let kind = entry["kind"].as_str().unwrap_or("prd");
        let started = Instant::now();
        let parsed = match kind {
            "claude" => prd::parse_claude(&input).map(serde_json::to_value),
            _ => prd::parse(&input).map(serde_json::to_value),
        };
        parse_time += started.elapsed();
        let parsed = parsed
            .map_err(|e| format!("{file}: {e}"))?
            .map_err(|e| format!("{file}: {e}"))?;
        let mut report = FileReport::new(file);
        if kind == "claude" {
            score_claude(&parsed, &annotation, &mut report);
        } else {
            score_prd(&parsed, &annotation, &mut report);
        }
        println!("{}", report.summary);
        if options.verbose {
            for miss in &report.misses {
                println!("    {miss}");
            }
        }
        totals.add(&report.counts);
    }

    if !unannotated.is_empty() {
        println!(
            "unannotated ({}, skipped): {}",
            unannotated.len(),
            unannotated.join(", ")
        );
    }
    println!(
        "parsed {} KB in {:.1} ms",
        bytes / 1024,
        parse_time.as_secs_f64() * 1000.0
    );
    let results = totals.print();
    match &options.floor {
        Some(path) => check_floor(&read_json(path)?, &results),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn check_floor(floor: &Value, results: &BTreeMap<&'static str, f64>) -> Result<ExitCode, String> {
    let floor = floor
        .as_object()
        .ok_or("the floor file is not a JSON object")?;
    let mut failed = false;
    for (key, minimum) in floor {
        let minimum = minimum
            .as_f64()
            .ok_or_else(|| format!("floor {key}: not a number"))?;
        let Some(&actual) = results.get(key.as_str()) else {
            let known: Vec<_> = results.keys().copied().collect();
            return Err(format!(
                "floor {key}: no such total (known: {})",
                known.join(", ")
            ));
        };
        if actual < minimum {
            println!(
                "FLOOR {key}: {:.1}% is under {:.1}%",
                actual * 100.0,
                minimum * 100.0
            );
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Hits out of cases for one field.
#[derive(Debug, Default, Clone, Copy)]
struct Ratio {
    hit: usize,
    of: usize,
}

impl Ratio {
    fn add(&mut self, other: Ratio) {
        self.hit += other.hit;
        self.of += other.of;
    }

    fn one(&mut self, hit: bool) {
        self.of += 1;
        self.hit += usize::from(hit);
    }

    fn value(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
}

/// The fields scored, in print order, with the goal.
const FIELDS: [(&str, &str, f64); 16] = [
    ("title", "title exact (files)", 0.95),
    ("targets_precision", "targets precision", 0.95),
    ("targets_recall", "targets recall", 0.85),
    ("targets_metric", "targets metric agrees (of matched)", 0.0),
    ("features", "features count ±10% (files)", 0.90),
    ("features_precision", "features precision (by line)", 0.0),
    ("features_recall", "features recall (by line)", 0.0),
    ("risks", "risks exact (files with risks)", 0.90),
    ("phases", "phases exact (files with phases)", 0.90),
    ("vision", "vision found (files with one)", 1.0),
    ("vision_precision", "vision absent where none (files)", 1.0),
    ("claude_type", "CLAUDE project type found", 1.0),
    ("claude_framework", "CLAUDE framework found", 1.0),
    ("claude_database", "CLAUDE database found", 1.0),
    ("claude_commands", "CLAUDE mix commands found", 1.0),
    ("claude_unstated", "CLAUDE facts absent where unstated", 1.0),
];

#[derive(Debug, Default)]
struct Counts(BTreeMap<&'static str, Ratio>);

impl Counts {
    fn get(&mut self, field: &'static str) -> &mut Ratio {
        self.0.entry(field).or_default()
    }
}

#[derive(Debug, Default)]
struct Totals(Counts);

impl Totals {
    fn add(&mut self, counts: &Counts) {
        for (field, ratio) in &counts.0 {
            self.0.get(field).add(*ratio);
        }
    }

    fn print(&self) -> BTreeMap<&'static str, f64> {
        println!("TOTAL");
        let mut results = BTreeMap::new();
        for (key, label, goal) in FIELDS {
            let ratio = self.0 .0.get(key).copied().unwrap_or_default();
            let goal = if goal > 0.0 {
                let mark = if ratio.value() >= goal { "ok" } else { "BELOW" };
                format!("goal ≥ {:.0}% {mark}", goal * 100.0)
            } else {
                "(no goal)".to_string()
            };
            println!(
                "  {label:<38} {:>6.1}%  {:>4}/{:<4}  {goal}",
                ratio.value() * 100.0,
                ratio.hit,
                ratio.of
            );
            results.insert(key, ratio.value());
        }
        results
    }
}

struct FileReport {
    summary: String,
    misses: Vec<String>,
    counts: Counts,
}

impl FileReport {
    fn new(file: &str) -> FileReport {
        FileReport {
            summary: format!("{file:<42}"),
            misses: Vec::new(),
            counts: Counts::default(),
        }
    }

    fn field(&mut self, text: std::fmt::Arguments) {
        let _ = write!(self.summary, " {text}");
    }
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "✗"
    }
}

// ---- tolerant look-ups ----

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => ["text", "name", "value"]
            .iter()
            .find_map(|key| map.get(*key).and_then(Value::as_str).map(str::to_string)),
        _ => None,
    }
}

fn line_of(value: &Value) -> Option<u64> {
    value.get("line").and_then(Value::as_u64)
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- PRD ----

fn score_prd(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    score_title(parsed, annotation, report);
    score_targets(parsed, annotation, report);
    score_features(parsed, annotation, report);
    score_risks(parsed, annotation, report);
    score_phases(parsed, annotation, report);
    score_vision(parsed, annotation, report);
}

fn score_title(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let found = parsed.get("title").and_then(text_of).map(|t| collapse(&t));
    let mut accepted: Vec<Option<String>> = vec![annotation
        .get("title")
        .and_then(Value::as_str)
        .map(collapse)];
    accepted.extend(
        list(annotation, "title_alternatives")
            .iter()
            .filter_map(Value::as_str)
            .map(|t| Some(collapse(t))),
    );
    let ok = accepted.contains(&found);
    report.counts.get("title").one(ok);
    report.field(format_args!("title {}", mark(ok)));
    if !ok {
        report.misses.push(format!(
            "title: found {found:?}, expected {:?}",
            accepted[0]
        ));
    }
}

/// A quantity in its base unit: time in ms, rates per second, sizes in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dimension {
    Time,
    Percent,
    Rate,
    Bytes,
    Count,
}

fn base(value: f64, unit: &str) -> (f64, Dimension) {
    let unit = unit.trim().to_lowercase();
    let (factor, dimension) = match unit.as_str() {
        "ms" | "millisecond" | "milliseconds" => (1.0, Dimension::Time),
        "s" | "sec" | "second" | "seconds" => (1000.0, Dimension::Time),
        "min" | "minute" | "minutes" => (60_000.0, Dimension::Time),
        "h" | "hour" | "hours" => (3_600_000.0, Dimension::Time),
        "day" | "days" => (86_400_000.0, Dimension::Time),
        "%" | "percent" => (1.0, Dimension::Percent),
        "per_second" | "/s" | "rps" => (1.0, Dimension::Rate),
        "per_minute" | "/min" => (1.0 / 60.0, Dimension::Rate),
        "per_hour" => (1.0 / 3600.0, Dimension::Rate),
        "bytes" | "byte" | "b" => (1.0, Dimension::Bytes),
        "kb" => (1024.0, Dimension::Bytes),
        "mb" => (1024.0 * 1024.0, Dimension::Bytes),
        "gb" => (1024.0 * 1024.0 * 1024.0, Dimension::Bytes),
        "tb" => (1024.0 * 1024.0 * 1024.0 * 1024.0, Dimension::Bytes),
        _ => (1.0, Dimension::Count),
    };
    (value * factor, dimension)
}

struct Quantity {
    line: Option<u64>,
    value: f64,
    dimension: Dimension,
    metric: String,
    text: String,
}

fn quantity(value: &Value) -> Option<Quantity> {
    let number = value.get("value").and_then(Value::as_f64)?;
    let unit = value.get("unit").and_then(Value::as_str).unwrap_or("count");
    let (number, dimension) = base(number, unit);
    Some(Quantity {
        line: line_of(value),
        value: number,
        dimension,
        metric: value
            .get("metric")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase(),
        text: value
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    })
}

fn same_quantity(found: &Quantity, expected: &Quantity) -> bool {
    let close = if expected.value == 0.0 {
        found.value == 0.0
    } else {
        ((found.value - expected.value) / expected.value).abs() <= 0.01
    };
    found.line == expected.line && found.dimension == expected.dimension && close
}

fn score_targets(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let found: Vec<Quantity> = list(parsed, "targets")
        .iter()
        .filter_map(quantity)
        .collect();
    let expected: Vec<Quantity> = list(annotation, "targets")
        .iter()
        .filter_map(quantity)
        .collect();
    let doubtful: Vec<u64> = list(annotation, "targets_doubtful")
        .iter()
        .filter_map(line_of)
        .collect();
    let mut used = vec![false; found.len()];
    let mut recall = Ratio::default();
    let mut metric = Ratio::default();
    for want in &expected {
        let hit = (0..found.len()).find(|&i| !used[i] && same_quantity(&found[i], want));
        recall.one(hit.is_some());
        match hit {
            Some(i) => {
                used[i] = true;
                let agrees = found[i].metric == want.metric;
                metric.one(agrees);
                if !agrees {
                    report.misses.push(format!(
                        "target metric: line {:?} {:?}: found {}, expected {}",
                        want.line, want.text, found[i].metric, want.metric
                    ));
                }
            }
            None => report.misses.push(format!(
                "target missed: line {:?} {} {:?} ({:?}, {})",
                want.line, want.value, want.dimension, want.text, want.metric
            )),
        }
    }
    let mut precision = Ratio::default();
    for (i, got) in found.iter().enumerate() {
        if used[i] {
            precision.one(true);
        } else if got.line.is_some_and(|line| doubtful.contains(&line)) {
            continue;
        } else {
            precision.one(false);
            report.misses.push(format!(
                "target invented: line {:?} {} {:?} {:?} ({})",
                got.line, got.value, got.dimension, got.text, got.metric
            ));
        }
    }
    report.counts.get("targets_precision").add(precision);
    report.counts.get("targets_recall").add(recall);
    report.counts.get("targets_metric").add(metric);
    report.field(format_args!(
        "targets P {}/{} R {}/{}",
        precision.hit, precision.of, recall.hit, recall.of
    ));
}

fn score_features(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let found = list(parsed, "features").len() as f64;
    let expected = list(annotation, "features").len() as f64;
    let doubtful = list(annotation, "features_doubtful").len() as f64;
    let ok = found >= (expected * 0.9).floor() && found <= ((expected + doubtful) * 1.1).ceil();
    report.counts.get("features").one(ok);
    // The count can agree while the features are other ones: match lines too.
    let lines = |value: &Value, key: &str| -> Vec<u64> {
        list(value, key).iter().filter_map(line_of).collect()
    };
    let (found_lines, expected_lines) = (lines(parsed, "features"), lines(annotation, "features"));
    let doubtful_lines = lines(annotation, "features_doubtful");
    let mut precision = Ratio::default();
    for line in found_lines.iter().filter(|l| !doubtful_lines.contains(l)) {
        precision.one(expected_lines.contains(line));
    }
    let mut recall = Ratio::default();
    for line in &expected_lines {
        let hit = found_lines.contains(line);
        recall.one(hit);
        if !hit {
            report.misses.push(format!("feature missed: line {line}"));
        }
    }
    report.counts.get("features_precision").add(precision);
    report.counts.get("features_recall").add(recall);
    report.field(format_args!("features {found}/{expected} {}", mark(ok)));
    if !ok {
        report.misses.push(format!(
            "features: found {found}, expected {expected} (+{doubtful} doubtful)"
        ));
    }
}

fn score_risks(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let Some(expected) = annotation.get("risks").and_then(Value::as_array) else {
        return;
    };
    let found = list(parsed, "risks");
    let found_lines: Vec<_> = found.iter().map(line_of).collect();
    let expected_lines: Vec<_> = expected.iter().map(line_of).collect();
    let ok = found_lines == expected_lines;
    report.counts.get("risks").one(ok);
    report.field(format_args!(
        "risks {}/{} {}",
        found.len(),
        expected.len(),
        mark(ok)
    ));
    if !ok {
        report.misses.push(format!(
            "risks: found lines {found_lines:?}, expected {expected_lines:?}"
        ));
    }
}

/// A phase name for comparison: lowercase, no punctuation, no leading
/// `Phase 2:` / `Milestone 1 -` / `2.` numbering.
fn phase_name(name: &str) -> String {
    let words: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let numbered = [
        "phase",
        "milestone",
        "stage",
        "sprint",
        "step",
        "part",
        "fase",
        "étape",
    ];
    let mut rest = &words[..];
    if rest.len() > 1
        && numbered.contains(&rest[0].as_str())
        && rest[1].chars().all(|c| c.is_ascii_digit())
    {
        rest = &rest[2..];
    } else if !rest.is_empty() && rest[0].chars().all(|c| c.is_ascii_digit()) {
        rest = &rest[1..];
    }
    rest.join(" ")
}

fn weeks_of(value: &Value) -> Option<(u64, u64)> {
    match value.get("weeks")? {
        Value::Array(pair) if pair.len() == 2 => Some((pair[0].as_u64()?, pair[1].as_u64()?)),
        Value::Object(map) => Some((map.get("start")?.as_u64()?, map.get("end")?.as_u64()?)),
        _ => None,
    }
}

fn phase_key(value: &Value) -> (Option<u64>, String, Option<(u64, u64)>, bool) {
    (
        line_of(value),
        phase_name(&text_of(value).unwrap_or_default()),
        weeks_of(value),
        value.get("done").and_then(Value::as_bool).unwrap_or(false),
    )
}

fn score_phases(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let Some(expected) = annotation.get("phases").and_then(Value::as_array) else {
        return;
    };
    let found: Vec<_> = list(parsed, "phases").iter().map(phase_key).collect();
    let expected: Vec<_> = expected.iter().map(phase_key).collect();
    let ok = found == expected;
    report.counts.get("phases").one(ok);
    report.field(format_args!(
        "phases {}/{} {}",
        found.len(),
        expected.len(),
        mark(ok)
    ));
    if !ok {
        report.misses.push(format!("phases: found {found:?}"));
        report.misses.push(format!("     expected {expected:?}"));
    }
}

fn score_vision(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    let found = parsed
        .get("vision")
        .and_then(text_of)
        .is_some_and(|t| !t.trim().is_empty());
    let expected = annotation
        .get("vision")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if expected {
        report.counts.get("vision").one(found);
    } else {
        report.counts.get("vision_precision").one(!found);
    }
    let ok = found == expected;
    report.field(format_args!("vision {}", mark(ok)));
    if !ok {
        report
            .misses
            .push(format!("vision: found {found}, expected {expected}"));
    }
}

// ---- CLAUDE.md ----

fn score_claude(parsed: &Value, annotation: &Value, report: &mut FileReport) {
    score_title(parsed, annotation, report);
    for (key, field) in [
        ("project_type", "claude_type"),
        ("framework", "claude_framework"),
        ("database", "claude_database"),
    ] {
        let found = parsed.get(key).and_then(text_of).unwrap_or_default();
        let Some(expected) = annotation.get(key).and_then(Value::as_str) else {
            // Not stated: anything found was invented.
            let ok = found.is_empty();
            report.counts.get("claude_unstated").one(ok);
            if !ok {
                report.field(format_args!("{key} invented"));
                report
                    .misses
                    .push(format!("{key}: found {found:?}, stated nowhere"));
            }
            continue;
        };
        let ok = found.to_lowercase().contains(&expected.to_lowercase());
        report.counts.get(field).one(ok);
        report.field(format_args!("{key} {}", mark(ok)));
        if !ok {
            report
                .misses
                .push(format!("{key}: found {found:?}, expected {expected:?}"));
        }
    }
    let found: Vec<String> = list(parsed, "commands")
        .iter()
        .filter_map(text_of)
        .map(|c| collapse(&c))
        .collect();
    let mut commands = Ratio::default();
    for expected in list(annotation, "commands").iter().filter_map(text_of) {
        let expected = collapse(&expected);
        let ok = found.contains(&expected);
        commands.one(ok);
        if !ok {
            report.misses.push(format!("command missed: {expected:?}"));
        }
    }
    report.counts.get("claude_commands").add(commands);
    report.field(format_args!("commands {}/{}", commands.hit, commands.of));
}

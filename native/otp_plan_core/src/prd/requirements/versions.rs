//! Elixir and OTP versions the PRD asks for (`Elixir 1.17`, `Erlang/OTP 26+`).

use crate::prd::document::{Block, Item, Line, Part};
use crate::prd::model::{Located, Versions};

/// Elixir and OTP versions asked for in `part` of `file` (`Elixir 1.17`,
/// `Erlang/OTP 26+`), into those not yet known.
pub fn read(part: &Part, file: &str, versions: &mut Versions) {
    for block in &part.blocks {
        let done = match block {
            Block::Paragraph { lines } => lines.iter().any(|line| version_in(line, file, versions)),
            Block::List { items, .. } => items
                .iter()
                .any(|item| versions_in_item(item, file, versions)),
            _ => false,
        };
        if done {
            return;
        }
    }
}

/// Reads the versions `line` states into those not yet known; true once
/// both are known.
fn version_in(line: &Line, file: &str, versions: &mut Versions) -> bool {
    let known = |v: &Versions| v.elixir.is_some() && v.otp.is_some();
    if known(versions) {
        return true;
    }
    let either =
        |test: fn(&str) -> bool| line.label.as_deref().is_some_and(test) || test(&line.text);
    let digits = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    if !either(digits) || !either(names_runtime) {
        return false;
    }
    let plain = line.plain();
    let located = |text| Located {
        text,
        file: file.to_string(),
        line: line.span.line,
    };
    if versions.elixir.is_none() {
        versions.elixir = version_after(&plain, "elixir").map(located);
    }
    if versions.otp.is_none() {
        versions.otp = version_after(&plain, "otp")
            .or_else(|| version_after(&plain, "erlang"))
            .map(located);
    }
    known(versions)
}

/// Whether `s` names Elixir, OTP or Erlang, in any case.
fn names_runtime(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    ["elixir", "otp", "erlang"]
        .iter()
        .any(|name| lower.contains(name))
}

fn versions_in_item(item: &Item, file: &str, versions: &mut Versions) -> bool {
    version_in(&item.line, file, versions)
        || item
            .children
            .iter()
            .any(|child| versions_in_item(child, file, versions))
}

/// The version written right after `name`: `Elixir ~> 1.15` → `~> 1.15`, `OTP 27+` → `27+`.
fn version_after(s: &str, name: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let end = from + at + name.len();
        let rest = &s[end..];
        let spec = rest.trim_start_matches([' ', '/', ':']);
        let spec = spec.strip_prefix("OTP").unwrap_or(spec).trim_start();
        let op_len = spec.len()
            - spec
                .trim_start_matches(['~', '>', '=', '<', ' ', 'v'])
                .len();
        let digits = spec[op_len..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(spec.len() - op_len);
        if digits > 0 && spec[op_len..].starts_with(|c: char| c.is_ascii_digit()) {
            let mut version = spec[..op_len + digits].trim_end_matches('.').to_string();
            if spec[op_len + digits..].starts_with('+') {
                version.push('+');
            }
            return Some(version.trim_start_matches('v').trim().to_string());
        }
        from = end;
    }
    None
}

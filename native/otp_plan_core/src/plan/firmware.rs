//! A Nerves project's firmware: the targets its deps are built for and the
//! Nerves systems it pulls in, read from `targets:` in mix.exs.

use serde::Serialize;

use super::facts::Facts;

#[derive(Debug, Clone, Serialize)]
pub struct Firmware {
    /// Device targets, in first-seen order (`host` left out).
    pub targets: Vec<String>,
    /// `nerves_system_*` deps.
    pub systems: Vec<String>,
    /// Deps built only for `:host`.
    pub host_only: Vec<String>,
}

pub fn decide(facts: &Facts) -> Firmware {
    let deps = facts.all_deps();
    let mut targets: Vec<String> = Vec::new();
    for target in deps.iter().flat_map(|d| &d.targets) {
        if target != "host" && !targets.contains(target) {
            targets.push(target.clone());
        }
    }
    Firmware {
        targets,
        systems: deps
            .iter()
            .filter(|d| d.name.starts_with("nerves_system_"))
            .map(|d| d.name.clone())
            .collect(),
        host_only: deps
            .iter()
            .filter(|d| d.targets == ["host"])
            .map(|d| d.name.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_come_from_the_deps() {
        let facts = Facts::from_value(&json!({"deps": [
            {"name": "nerves"},
            {"name": "toolshed", "targets": ["host"]},
            {"name": "nerves_system_rpi0", "targets": ["rpi0"]},
            {"name": "nerves_pack", "targets": ["rpi0", "rpi4"]}
        ]}))
        .unwrap();
        let fw = decide(&facts);
        assert_eq!(fw.targets, ["rpi0", "rpi4"]);
        assert_eq!(fw.systems, ["nerves_system_rpi0"]);
        assert_eq!(fw.host_only, ["toolshed"]);
    }
}

//! The Phoenix.PubSub the tree starts, as far as its spec states it: the
//! broadcast example needs its real name, and what a broadcast reaches
//! depends on its adapter.

use serde::Serialize;

use super::data::location;
use super::facts::{Child, Facts};

/// Phoenix.PubSub's own default adapter (distributed Erlang, through `:pg`).
const DEFAULT_ADAPTER: &str = "Phoenix.PubSub.PG2";

#[derive(Debug, Clone, Serialize)]
pub struct PubSub {
    /// The `name:` option, when the spec states it.
    pub name: Option<String>,
    /// The name, else the spec as written.
    pub shown: String,
    /// The adapter module: the one `adapter:` names, or the default when the
    /// spec's options are written out without one. None: not read (options
    /// in a variable or a call, or a spec cut short).
    pub adapter: Option<String>,
    /// `adapter:` is written in the spec.
    pub adapter_stated: bool,
    /// Broadcasts reach the nodes connected to this one, as the default
    /// adapter sends them.
    pub over_node_connections: bool,
    /// The start/2 whose children list it (`file:line`).
    pub location: Option<String>,
}

/// The first PubSub child of any tree.
pub fn read(facts: &Facts) -> Option<PubSub> {
    facts.trees().into_iter().find_map(|(_, tree)| {
        let child = tree
            .children
            .iter()
            .flat_map(Child::walk)
            .find(|c| c.kind() == "pubsub")?;
        let (adapter, adapter_stated) = adapter(child.label.as_deref());
        Some(PubSub {
            name: child.name.clone(),
            shown: child
                .name
                .clone()
                .or_else(|| child.label.clone())
                .unwrap_or_else(|| child.title().to_string()),
            over_node_connections: adapter.as_deref() == Some(DEFAULT_ADAPTER),
            adapter,
            adapter_stated,
            location: location(tree.file.as_deref(), tree.line),
        })
    })
}

/// The adapter a spec such as `{Phoenix.PubSub, name: A.PubSub, adapter: M}`
/// states, or the default when its keyword options are all written out and
/// none is `adapter:`; whether `adapter:` was written.
fn adapter(label: Option<&str>) -> (Option<String>, bool) {
    let Some(options) = label
        .and_then(|l| l.strip_prefix('{'))
        .and_then(|l| l.split_once(", ").map(|(_, rest)| rest))
    else {
        return (None, false);
    };
    let options = options.trim_start_matches('[');
    if let Some((_, rest)) = options.split_once("adapter: ") {
        let module: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_'))
            .collect();
        let is_module = module.starts_with(|c: char| c.is_ascii_uppercase());
        return (is_module.then_some(module), true);
    }
    let complete = options.ends_with('}') && !options.contains('…');
    let keyword = options.split_once(": ").is_some_and(|(key, _)| {
        !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    });
    (
        (complete && keyword).then(|| DEFAULT_ADAPTER.to_string()),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pubsub(label: &str, name: Option<&str>) -> Option<PubSub> {
        read(
            &Facts::from_value(&json!({
                "supervision": {
                    "module": "P.Application", "file": "lib/p/application.ex", "line": 4,
                    "children": [{"module": "Phoenix.PubSub", "kind": "pubsub", "label": label, "name": name}]
                }
            }))
            .unwrap(),
        )
    }

    #[test]
    fn literal_options_without_adapter_mean_the_default_adapter() {
        let p = pubsub("{Phoenix.PubSub, name: P.PubSub}", Some("P.PubSub")).unwrap();
        assert_eq!(p.name.as_deref(), Some("P.PubSub"));
        assert_eq!(p.adapter.as_deref(), Some("Phoenix.PubSub.PG2"));
        assert!(!p.adapter_stated);
        assert!(p.over_node_connections);
        assert_eq!(p.location.as_deref(), Some("lib/p/application.ex:4"));
    }

    #[test]
    fn a_stated_adapter_is_named() {
        let p = pubsub(
            "{Phoenix.PubSub, name: P.PubSub, adapter: Phoenix.PubSub.Redis, url: url}",
            Some("P.PubSub"),
        )
        .unwrap();
        assert_eq!(p.adapter.as_deref(), Some("Phoenix.PubSub.Redis"));
        assert!(p.adapter_stated);
        assert!(!p.over_node_connections);
    }

    #[test]
    fn options_in_a_variable_leave_name_and_adapter_unread() {
        let p = pubsub("{Phoenix.PubSub, pub_sub_opts}", None).unwrap();
        assert_eq!(p.name, None);
        assert_eq!(p.shown, "{Phoenix.PubSub, pub_sub_opts}");
        assert_eq!(p.adapter, None);
        assert!(!p.over_node_connections);
    }

    #[test]
    fn a_spec_cut_short_does_not_imply_the_default() {
        let p = pubsub(
            "{Phoenix.PubSub, name: P.PubSub, pool_size: 4, …}",
            Some("P.PubSub"),
        )
        .unwrap();
        assert_eq!(p.adapter, None);
    }
}

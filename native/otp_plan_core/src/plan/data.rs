//! The data layer and in-memory state, exactly as the code has them.

use serde::Serialize;

use super::facts::Facts;
use super::Sources;
use crate::prd::Located;

#[derive(Debug, Clone, Serialize)]
pub struct DataLayer {
    pub repos: Vec<RepoRow>,
    pub schemas: Vec<SchemaRow>,
    pub contexts: Vec<ContextRow>,
    pub migrations: u64,
    pub ets: Vec<EtsRow>,
    /// Children or deps that are caches by name (Cachex, Nebulex, ConCache…).
    pub caches: Vec<String>,
    pub agents: Vec<String>,
    pub genservers: Vec<String>,
    /// The PRD's words about ETS or caching, when the code has neither yet.
    pub planned_cache: Option<Located>,
    pub prd_database: Option<Located>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepoRow {
    pub module: String,
    pub adapter: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemaRow {
    pub module: String,
    pub source: Option<String>,
    pub embedded: bool,
    pub fields: usize,
    /// `has_many variants → Shop.Catalog.Variant`, in source order.
    pub assocs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContextRow {
    pub module: String,
    pub schemas: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EtsRow {
    pub table: String,
    pub owner: Option<String>,
    pub options: Vec<String>,
    pub location: Option<String>,
}

pub fn decide(facts: &Facts, sources: &Sources) -> DataLayer {
    let mut schemas: Vec<SchemaRow> = facts
        .schemas()
        .into_iter()
        .map(|s| SchemaRow {
            module: s.module.clone(),
            source: s.source.clone(),
            embedded: s.embedded,
            fields: s.fields.len(),
            assocs: s
                .assocs
                .iter()
                .map(|a| match &a.related {
                    Some(related) => format!("{} {} → {related}", a.kind, a.name),
                    None => format!("{} {}", a.kind, a.name),
                })
                .collect(),
        })
        .collect();
    schemas.sort_by(|a, b| a.module.cmp(&b.module));

    let ets: Vec<EtsRow> = facts
        .all_ets()
        .into_iter()
        .map(|t| EtsRow {
            table: t.table.clone().unwrap_or_else(|| "(unnamed)".into()),
            owner: t.module.clone(),
            options: t.options.clone(),
            location: location(t.file.as_deref(), t.line),
        })
        .collect();

    let mut caches: Vec<String> = facts
        .all_children()
        .into_iter()
        .filter(|c| c.kind() == "cache")
        .map(|c| c.name.clone().unwrap_or_else(|| c.title().to_string()))
        .collect();
    caches.extend(
        facts
            .all_deps()
            .into_iter()
            .filter(|d| d.category() == Some("cache"))
            .map(|d| d.name.clone()),
    );
    caches.dedup();

    let by_behaviour = |behaviour: &str| -> Vec<String> {
        let mut modules: Vec<String> = facts
            .all_processes()
            .into_iter()
            .filter(|p| p.behaviour.as_deref() == Some(behaviour))
            .map(|p| p.module.clone())
            .collect();
        modules.sort();
        modules
    };

    let planned_cache = if ets.is_empty() && caches.is_empty() {
        sources.find_design(&["ets", "cache", "caching"])
    } else {
        None
    };

    DataLayer {
        repos: facts
            .repos()
            .into_iter()
            .map(|r| RepoRow {
                module: r.module.clone(),
                adapter: r.adapter.clone(),
            })
            .collect(),
        schemas,
        contexts: facts
            .contexts()
            .into_iter()
            .map(|c| ContextRow {
                module: c.module.clone(),
                schemas: c.schemas.clone(),
            })
            .collect(),
        migrations: facts.migrations(),
        ets,
        caches,
        agents: by_behaviour("Agent"),
        genservers: by_behaviour("GenServer"),
        planned_cache,
        prd_database: sources.prd_database.clone(),
    }
}

pub fn location(file: Option<&str>, line: Option<u64>) -> Option<String> {
    match (file, line) {
        (Some(file), Some(line)) => Some(format!("{file}:{line}")),
        (Some(file), None) => Some(file.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ets_text_follows_the_code_not_the_prd() {
        let facts = Facts::from_value(&json!({
            "ets": [{"table": "stock", "options": ["named_table", "protected"], "module": "A.Stock",
                     "file": "lib/a/stock.ex", "line": 12}],
            "processes": [{"module": "A.Config", "behaviour": "Agent"}]
        }))
        .unwrap();
        let sources = Sources {
            design: vec!["Cache prices in ETS".into()],
            ..Sources::default()
        };
        let data = decide(&facts, &sources);
        assert_eq!(data.ets[0].location.as_deref(), Some("lib/a/stock.ex:12"));
        assert_eq!(data.agents, ["A.Config"]);
        assert_eq!(data.planned_cache, None);

        let empty = decide(&Facts::default(), &sources);
        assert_eq!(empty.planned_cache, Some("Cache prices in ETS".into()));
    }

    #[test]
    fn schemas_are_sorted_with_their_associations() {
        let facts = Facts::from_value(&json!({"data": {"schemas": [
            {"module": "B.Post", "source": "posts", "fields": [{"name": "title", "type": "string"}],
             "assocs": [{"kind": "belongs_to", "name": "author", "related": "B.User"}]},
            {"module": "A.User", "source": "users"}
        ]}}))
        .unwrap();
        let data = decide(&facts, &Sources::default());
        assert_eq!(data.schemas[0].module, "A.User");
        assert_eq!(data.schemas[1].assocs, ["belongs_to author → B.User"]);
        assert_eq!(data.schemas[1].fields, 1);
    }
}

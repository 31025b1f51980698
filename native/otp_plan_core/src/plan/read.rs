//! What the plan read from the code, in one line: printed on standard error
//! and kept in the JSON model (`plan.read`), as the PRD's and CLAUDE.md's
//! lines are. It names what could not be followed, so silence never
//! passes for "nothing there".

use super::{counted, Plan};

pub fn notice(plan: &Plan) -> String {
    let tree = &plan.supervision;
    let mut said = vec![match tree.origin {
        "real" => {
            let mut tree_said = format!(
                "{} under {}",
                counted(tree.children_count, "child", "children"),
                counted(tree.supervisors.len(), "supervisor", "supervisors")
            );
            if let Some(source) = &tree.source {
                tree_said.push_str(&format!(" from {source}"));
            }
            tree_said
        }
        _ => match &plan.facts_summary.app_module {
            Some(module) => format!("no supervision tree read from {module}.start/2"),
            None => "no supervision tree (no application module in mix.exs)".to_string(),
        },
    }];
    if !tree.opaque.is_empty() {
        let calls: Vec<String> = tree.opaque.iter().map(|c| format!("`{c}`")).collect();
        said.push(format!(
            "{} built by calls this reader cannot follow: {}",
            counted(tree.opaque.len(), "child entry", "child entries"),
            calls.join(", ")
        ));
    }
    if let Some(web) = &plan.web {
        said.push(counted(web.route_count, "route", "routes"));
    }
    if !plan.data.repos.is_empty() || !plan.data.schemas.is_empty() {
        said.push(counted(plan.data.schemas.len(), "schema", "schemas"));
    }
    format!("read the code: {}", said.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::plan::{decide, facts::Facts};
    use serde_json::json;

    #[test]
    fn says_what_the_tree_holds_and_what_could_not_be_followed() {
        let facts = Facts::from_value(&json!({
            "project": {"mod": "A.Application"},
            "supervision": {"module": "A.Supervisor", "file": "lib/a/application.ex", "line": 9,
                            "strategy": "one_for_one",
                            "children": [{"module": "A.Worker", "kind": "genserver"},
                                         {"presence": "opaque", "call": "extra_children()"}]}
        }))
        .unwrap();
        assert_eq!(
            decide(&facts, None, None, None).read,
            "read the code: 2 children under 1 supervisor from lib/a/application.ex:9, \
             1 child entry built by calls this reader cannot follow: `extra_children()`"
        );
    }

    #[test]
    fn says_which_start_gave_no_tree() {
        let facts = Facts::from_value(&json!({"project": {"mod": "A.Application"}})).unwrap();
        assert_eq!(
            decide(&facts, None, None, None).read,
            "read the code: no supervision tree read from A.Application.start/2"
        );
    }

    #[test]
    fn says_there_is_no_tree() {
        let read = decide(&Facts::default(), None, None, None).read;
        assert_eq!(
            read,
            "read the code: no supervision tree (no application module in mix.exs)"
        );
    }
}

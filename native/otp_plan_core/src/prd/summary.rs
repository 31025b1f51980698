//! What was read from each document, said out loud, and the parts of a
//! split PRD joined into one model.

use super::document::Document;
use super::model::{DocumentSummary, Prd};
use super::requirements;

/// Section names listed in a notice before the rest are counted.
const LISTED: usize = 8;

/// The summary of `prd`, read from `doc` named `file`.
pub fn of(prd: &Prd, doc: &Document, file: &str) -> DocumentSummary {
    let kept: Vec<String> = prd
        .other_sections
        .iter()
        .map(|s| s.heading.clone())
        .collect();
    let counts = [
        plural(prd.features.len(), "feature"),
        plural(prd.targets.len(), "target"),
        plural(prd.risks.len(), "risk"),
        plural(prd.phases.len(), "phase"),
    ]
    .join(", ");
    let blank = doc
        .parts
        .iter()
        .all(|p| p.blocks.is_empty() && p.level == 0);
    let mut line = if blank {
        format!("read {file}: it is empty")
    } else {
        format!("read {file}: {counts}")
    };
    if !kept.is_empty() {
        let named = kept
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = kept.len().saturating_sub(LISTED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        line.push_str(&format!(
            "; {} kept as written: {named}{more}",
            plural(kept.len(), "section")
        ));
    }
    let mut notices = vec![line];
    let has_sections = doc.parts.iter().any(|p| p.level > 0);
    if let Some(template) = requirements::unfilled(doc) {
        notices.push(format!(
            "{file} looks like an unfilled template ({} of {} lines are placeholders such as \"{}\"): \
             nothing was read from it; write the product's own vision, features and risks in it",
            template.placeholders, template.lines, template.example
        ));
    } else if has_sections
        && prd.vision.is_none()
        && prd.features.is_empty()
        && prd.targets.is_empty()
    {
        notices.push(format!(
            "{file} has sections but no vision, features or targets could be read: \
             head them `## Vision`, `## Features` and `## Success Metrics` (or their words in your language)"
        ));
    }
    DocumentSummary {
        file: file.to_string(),
        features: prd.features.len(),
        targets: prd.targets.len(),
        risks: prd.risks.len(),
        phases: prd.phases.len(),
        kept,
        notices,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Adds the model of the next part of a PRD: lists are appended in order;
/// a single value (title, vision, problem) is kept from the first part
/// that states it.
pub fn merge(into: &mut Prd, from: Prd) {
    let Prd {
        title,
        front_matter,
        documents,
        vision,
        goals,
        non_goals,
        users,
        out_of_scope,
        assumptions,
        open_questions,
        problem,
        solution,
        success_criteria,
        app_type,
        features,
        ux_requirements,
        api,
        otp_patterns,
        contexts,
        targets,
        performance,
        scaling,
        security,
        fault_tolerance,
        test_types,
        versions,
        tools,
        deployment,
        external_services,
        libraries,
        success_metrics,
        risks,
        phases,
        other_sections,
    } = from;
    fn first<T>(slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() {
            *slot = value;
        }
    }
    first(&mut into.title, title);
    if into.front_matter.is_empty() {
        into.front_matter = front_matter;
    }
    into.documents.extend(documents);
    first(&mut into.vision, vision);
    into.goals.extend(goals);
    into.non_goals.extend(non_goals);
    into.users.extend(users);
    into.out_of_scope.extend(out_of_scope);
    into.assumptions.extend(assumptions);
    into.open_questions.extend(open_questions);
    first(&mut into.problem, problem);
    first(&mut into.solution, solution);
    into.success_criteria.extend(success_criteria);
    let app = &mut into.app_type;
    first(&mut app.framework, app_type.framework);
    first(&mut app.concurrency_model, app_type.concurrency_model);
    first(&mut app.supervision_strategy, app_type.supervision_strategy);
    first(&mut app.database, app_type.database);
    into.features.extend(features);
    into.ux_requirements.extend(ux_requirements);
    into.api.extend(api);
    into.otp_patterns.extend(otp_patterns);
    into.contexts.extend(contexts);
    into.targets.extend(targets);
    into.performance.extend(performance);
    into.scaling.extend(scaling);
    into.security.extend(security);
    into.fault_tolerance.extend(fault_tolerance);
    into.test_types.extend(test_types);
    first(&mut into.versions.elixir, versions.elixir);
    first(&mut into.versions.otp, versions.otp);
    into.tools.extend(tools);
    into.deployment.extend(deployment);
    into.external_services.extend(external_services);
    into.libraries.extend(libraries);
    into.success_metrics.extend(success_metrics);
    into.risks.extend(risks);
    into.phases.extend(phases);
    into.other_sections.extend(other_sections);
}

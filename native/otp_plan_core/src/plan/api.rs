//! A library's public API as its source declares it: documented modules,
//! behaviours and protocols with their implementations, the modules a host
//! can start, doc and typespec coverage, package metadata and benchmarks.

use serde::Serialize;

use super::data::location;
use super::facts::{Behaviour, Docs, Facts, Package, Protocol};

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub modules: Vec<ModuleRow>,
    /// Public modules without a `@moduledoc` (not `@moduledoc false`).
    pub undocumented: Vec<String>,
    /// Public modules in files this reader only scanned for names.
    pub not_read: usize,
    pub behaviours: Vec<Behaviour>,
    pub protocols: Vec<Protocol>,
    pub child_specs: Vec<String>,
    pub functions: u64,
    pub documented: u64,
    pub specced: u64,
    /// Test files that run `doctest`.
    pub doctests: u64,
    pub package: Option<Package>,
    pub docs: Option<Docs>,
    pub benchmarks: Vec<String>,
    /// Whether benchee is a dependency.
    pub benchee: bool,
    /// What the library lacks, by phase, in order: the default phases of a
    /// library plan when its PRD has no timeline.
    pub open: Vec<Open>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Open {
    /// `api`, `tests` or `publishing`.
    pub phase: &'static str,
    /// What is open, as a key the template words: `moduledocs`, `docs`,
    /// `specs`, `doctests`, `property_tests`, `benchmarks`, `package`, `ex_doc`, `ci`.
    pub item: &'static str,
    /// What it is about: modules, or a count.
    pub subject: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleRow {
    pub module: String,
    pub functions: u64,
    pub documented: u64,
    pub specced: u64,
    pub location: Option<String>,
}

pub fn decide(facts: &Facts) -> Api {
    let mut api = read(facts);
    api.open = open(&api, facts);
    api
}

fn open(api: &Api, facts: &Facts) -> Vec<Open> {
    let gap = |phase, item, subject: Option<String>| Open {
        phase,
        item,
        subject,
    };
    let mut open = Vec::new();
    if !api.undocumented.is_empty() {
        open.push(gap("api", "moduledocs", Some(api.undocumented.join(", "))));
    }
    if api.functions > api.documented {
        let missing = api.functions - api.documented;
        open.push(gap("api", "docs", Some(missing.to_string())));
    }
    if api.functions > api.specced {
        let missing = api.functions - api.specced;
        open.push(gap("api", "specs", Some(missing.to_string())));
    }
    if api.doctests == 0 {
        open.push(gap("api", "doctests", None));
    }
    if facts.tests.property == 0 {
        open.push(gap("tests", "property_tests", None));
    }
    if api.benchmarks.is_empty() {
        open.push(gap("tests", "benchmarks", None));
    }
    let described = api
        .package
        .as_ref()
        .is_some_and(|p| p.description.is_some() && !p.licenses.is_empty());
    if !described {
        open.push(gap("publishing", "package", None));
    }
    if api.docs.is_none() {
        open.push(gap("publishing", "ex_doc", None));
    }
    if facts.ci_runs("test").is_none() {
        open.push(gap("publishing", "ci", None));
    }
    open
}

fn read(facts: &Facts) -> Api {
    let modules = facts.api_modules();
    let read: Vec<_> = modules
        .iter()
        .filter(|m| m.moduledoc != "not_read")
        .collect();
    let sum = |f: fn(&super::facts::ApiModule) -> u64| read.iter().map(|m| f(m)).sum();
    Api {
        modules: read
            .iter()
            .filter(|m| m.moduledoc == "written")
            .map(|m| ModuleRow {
                module: m.module.clone(),
                functions: m.functions,
                documented: m.documented,
                specced: m.specced,
                location: location(m.file.as_deref(), m.line),
            })
            .collect(),
        undocumented: read
            .iter()
            .filter(|m| m.moduledoc == "missing")
            .map(|m| m.module.clone())
            .collect(),
        not_read: modules.len() - read.len(),
        behaviours: facts.api.behaviours.clone(),
        protocols: facts.api.protocols.clone(),
        child_specs: facts.api.child_specs.clone(),
        functions: sum(|m| m.functions),
        documented: sum(|m| m.documented),
        specced: sum(|m| m.specced),
        doctests: facts.tests.doctest,
        package: facts.tooling.package.clone(),
        docs: facts.tooling.docs.clone(),
        benchmarks: facts.tooling.benchmarks.clone(),
        benchee: facts.has_dep("benchee"),
        open: Vec::new(),
    }
}

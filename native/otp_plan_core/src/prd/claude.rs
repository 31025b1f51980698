//! From a [`Document`] to a [`ClaudeMd`]: the Project Overview key/values,
//! purpose, features, users, shell commands, tools and conventions.

use super::document::{Block, Document, Item, Line};
use super::model::ClaudeMd;
use super::text;

/// Tools recognised by name anywhere in the file, as (words to match, name to report).
const TOOLS: &[(&[&str], &str)] = &[
    (&["credo"], "Credo"),
    (&["dialyzer"], "Dialyzer"),
    (&["dialyxir"], "Dialyxir"),
    (&["sobelow"], "Sobelow"),
    (&["excoveralls"], "ExCoveralls"),
    (&["ex_doc"], "ExDoc"),
    (&["exdoc"], "ExDoc"),
    (&["exunit"], "ExUnit"),
    (&["streamdata"], "StreamData"),
    (&["stream_data"], "StreamData"),
    (&["mox"], "Mox"),
    (&["mix", "format"], "mix format"),
    (&["docker"], "Docker"),
    (&["kubernetes"], "Kubernetes"),
    (&["github", "actions"], "GitHub Actions"),
];

const SHELLS: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "console",
    "zsh",
    "terminal",
    "shell-session",
];

/// Words of a title that only say what the file is.
const FILE_WORDS: &[&str] = &[
    "claude",
    "md",
    "development",
    "guide",
    "instruction",
    "project",
    "context",
    "memory",
    "for",
];

pub fn read(doc: &Document) -> ClaudeMd {
    let title = doc
        .parts
        .iter()
        .find(|p| p.level == 1 && !p.pseudo)
        .and_then(|p| project_name(&p.raw_title));
    let mut claude = ClaudeMd {
        title,
        ..ClaudeMd::default()
    };
    for part in &doc.parts {
        let words = text::words(&part.title);
        let section = Section::of(&words);
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => lines
                    .iter()
                    .for_each(|line| take(&mut claude, section, line)),
                Block::List { items, .. } => items
                    .iter()
                    .for_each(|item| take_item(&mut claude, section, item)),
                Block::Code {
                    lang: Some(lang),
                    code,
                    ..
                } if SHELLS.contains(&lang.to_ascii_lowercase().as_str()) => {
                    claude.commands.extend(commands(code));
                }
                _ => {}
            }
        }
    }
    claude.tools.extend(tools_named(doc, &claude.commands));
    claude
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Purpose,
    KeyFeatures,
    TargetUsers,
    Tools,
    Conventions,
    Other,
}

impl Section {
    fn of(words: &text::Words) -> Section {
        let any = |phrases: &[&[&str]]| phrases.iter().any(|p| text::has_all(words, p));
        if any(&[&["purpose"], &["mission"]]) {
            Section::Purpose
        } else if any(&[&["feature"]]) {
            Section::KeyFeatures
        } else if any(&[&["target", "user"], &["audience"]]) {
            Section::TargetUsers
        } else if any(&[&["tool"], &["tooling"]]) {
            Section::Tools
        } else if any(&[
            &["guideline"],
            &["convention"],
            &["style"],
            &["coding", "standard"],
            &["best", "practice"],
            &["rule"],
        ]) {
            Section::Conventions
        } else {
            Section::Other
        }
    }
}

fn take_item(claude: &mut ClaudeMd, section: Section, item: &Item) {
    take(claude, section, &item.line);
    item.children
        .iter()
        .for_each(|child| take_item(claude, section, child));
}

fn take(claude: &mut ClaudeMd, section: Section, line: &Line) {
    if let Some(label) = &line.label {
        let words = text::words(label);
        let value = Some(line.text.to_string()).filter(|t| !t.is_empty());
        let slot = if text::has_all(&words, &["project", "type"]) {
            Some(&mut claude.project_type)
        } else if text::has_all(&words, &["language"]) {
            Some(&mut claude.primary_language)
        } else if text::has_all(&words, &["framework"]) {
            Some(&mut claude.framework)
        } else if text::has_all(&words, &["architecture"]) {
            Some(&mut claude.architecture)
        } else if text::has_all(&words, &["database"]) {
            Some(&mut claude.database)
        } else if text::has_all(&words, &["purpose"]) {
            Some(&mut claude.purpose)
        } else if text::has_all(&words, &["target", "user"]) {
            Some(&mut claude.target_users)
        } else {
            None
        };
        if let Some(slot) = slot {
            if slot.is_none() {
                *slot = value;
            }
            return;
        }
    }
    let text = line.plain().into_owned();
    match section {
        Section::Purpose => append(&mut claude.purpose, text),
        Section::TargetUsers => append(&mut claude.target_users, text),
        Section::KeyFeatures => claude.key_features.push(text),
        Section::Tools => claude.tools.push(text),
        Section::Conventions => claude.conventions.push(text),
        Section::Other => {}
    }
}

fn append(field: &mut Option<String>, text: String) {
    *field = Some(match field.take() {
        Some(before) => format!("{before} {text}"),
        None => text,
    });
}

/// The commands of a shell block: one per line, prompts and comments dropped.
fn commands(code: &str) -> impl Iterator<Item = String> + '_ {
    code.lines()
        .map(|line| line.trim().trim_start_matches("$ ").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
}

/// Known tools named in the text or the commands, in order of first mention.
fn tools_named(doc: &Document, commands: &[String]) -> Vec<String> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut position = 0;
    let mut see = |s: &str| {
        let words: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .map(str::to_lowercase)
            .collect();
        for start in 0..words.len() {
            for (phrase, name) in TOOLS {
                let matches = phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| words.get(start + k).is_some_and(|x| x == w));
                if matches && !found.iter().any(|(_, n)| n == name) {
                    found.push((position, name));
                }
            }
            position += 1;
        }
    };
    for part in &doc.parts {
        see(&part.raw_title);
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => lines.iter().for_each(|l| see(&l.plain())),
                Block::List { items, .. } => items.iter().for_each(|i| see_item(i, &mut see)),
                _ => {}
            }
        }
    }
    commands.iter().for_each(|c| see(c));
    found.sort_by_key(|&(position, _)| position);
    found
        .into_iter()
        .map(|(_, name)| name.to_string())
        .collect()
}

fn see_item(item: &Item, see: &mut impl FnMut(&str)) {
    see(&item.line.plain());
    item.children.iter().for_each(|child| see_item(child, see));
}

/// `Claude Development Guide for Shop` → `Shop`; `CLAUDE.md` → none.
fn project_name(raw: &str) -> Option<String> {
    let pieces: Vec<&str> = raw
        .split(" for ")
        .flat_map(|p| p.split([':', '—', '–', '|']))
        .collect();
    pieces
        .into_iter()
        .rev()
        .find(|p| {
            // A word that is none of them.
            text::words(p)
                .iter()
                .any(|w| FILE_WORDS.iter().all(|f| f.as_bytes() != w))
        })
        .map(|p| text::clean_heading(p).into_owned())
}

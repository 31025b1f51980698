//! From a [`Document`] to a [`ClaudeMd`]: the project's type, framework
//! and database where the file states them, purpose, features, users,
//! commands (fenced or inline), tools and conventions.

use super::document::{Block, Document, Item, Line};
use super::model::{ClaudeMd, Located};
use super::text::{self, Words};

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
    "instruction",
    "agent",
    "universal",
    "readme",
];

/// Frameworks recognised by name, most specific first.
const FRAMEWORKS: &[&str] = &[
    "Phoenix LiveView",
    "Phoenix",
    "LiveView",
    "Nerves",
    "Ash Framework",
    "Jido",
    "Membrane",
    "Broadway",
    "Scenic",
    "Hologram",
    "Plug",
    "TermUI",
    "Next.js",
    "FastAPI",
    "Django",
    "Flask",
    "Laravel",
];

/// Databases recognised by name, as (what the text says, the name reported).
const DATABASES: &[(&str, &str)] = &[
    ("postgresql", "PostgreSQL"),
    ("postgres", "PostgreSQL"),
    ("mysql", "MySQL"),
    ("mariadb", "MariaDB"),
    ("sqlite", "SQLite"),
    ("mongodb", "MongoDB"),
    ("mnesia", "Mnesia"),
    ("cockroachdb", "CockroachDB"),
    ("clickhouse", "ClickHouse"),
    ("dynamodb", "DynamoDB"),
    ("cubdb", "CubDB"),
];

/// Reads a CLAUDE.md named `file` (for its lines' sources and its summary).
pub fn read(doc: &Document, source: &str, file: &str) -> ClaudeMd {
    let title = doc
        .parts
        .iter()
        .find(|p| p.level == 1 && !p.pseudo)
        .and_then(|p| project_name(&p.raw_title));
    let mut claude = ClaudeMd {
        title,
        ..ClaudeMd::default()
    };
    let at = |text: String, line: usize| Located {
        text,
        file: file.to_string(),
        line,
    };
    for part in &doc.parts {
        let section = Section::of(&part.words);
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => lines
                    .iter()
                    .for_each(|line| take(&mut claude, section, line, &at)),
                Block::List { items, .. } => items
                    .iter()
                    .for_each(|item| take_item(&mut claude, section, item, &at)),
                Block::Code { lang, code, span } => {
                    let shell = lang
                        .as_deref()
                        .is_some_and(|l| SHELLS.contains(&l.to_ascii_lowercase().as_str()));
                    claude
                        .commands
                        .extend(commands(code, shell, span.line + 1, file));
                }
                _ => {}
            }
        }
    }
    claude.commands.extend(inline_commands(source, file));
    claude.commands.sort_by_key(|c| c.line);
    let mut seen = std::collections::HashSet::new();
    claude.commands.retain(|c| seen.insert(c.text.clone()));
    let named = tools_named(doc, &claude.commands, &at);
    claude.tools.extend(named);
    stated(doc, &mut claude, &at);
    let blank = doc
        .parts
        .iter()
        .all(|p| p.blocks.is_empty() && p.level == 0);
    claude.summary = if blank {
        format!("read {file}: it is empty")
    } else {
        summary(&claude, file)
    };
    claude
}

/// `read CLAUDE.md: type "Web application", framework Phoenix, database
/// PostgreSQL, 4 commands`, or that none of the three is stated.
fn summary(claude: &ClaudeMd, file: &str) -> String {
    let mut read: Vec<String> = [
        (
            "type",
            claude
                .project_type
                .as_ref()
                .map(|t| format!("{:?}", t.text)),
        ),
        (
            "framework",
            claude.framework.as_ref().map(|f| f.text.clone()),
        ),
        ("database", claude.database.as_ref().map(|d| d.text.clone())),
    ]
    .into_iter()
    .filter_map(|(what, value)| value.map(|v| format!("{what} {v}")))
    .collect();
    if read.is_empty() {
        read.push("no project type, framework or database stated".into());
    }
    let commands = claude.commands.len();
    read.push(format!(
        "{commands} command{}",
        if commands == 1 { "" } else { "s" }
    ));
    format!("read {file}: {}", read.join(", "))
}

/// Type, framework and database from the prose when no label states them.
fn stated(doc: &Document, claude: &mut ClaudeMd, at: &At) {
    let mut lines: Vec<(String, usize)> = Vec::new();
    for part in &doc.parts {
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines: ls } => {
                    lines.extend(ls.iter().map(|l| (l.plain().into_owned(), l.span.line)))
                }
                Block::List { items, .. } => items.iter().for_each(|i| flatten(i, &mut lines)),
                _ => {}
            }
        }
    }
    let found = |read: fn(&str) -> Option<String>, (text, line): &(String, usize)| {
        read(text).map(|name| at(name, *line))
    };
    // A line that calls something a framework names it best; a bare
    // mention (`Jido-based agent`) comes next, a comment in a code block
    // (a tree's `# Phoenix dashboard`) last.
    let calls_framework = |l: &&(String, usize)| Words::of(&l.0).contains("framework");
    claude.framework = claude
        .framework
        .take()
        .and_then(|f| framework_in(&f.text).map(|name| Located { text: name, ..f }))
        .or_else(|| {
            lines
                .iter()
                .filter(calls_framework)
                .find_map(|l| found(framework_in, l))
        })
        .or_else(|| lines.iter().find_map(|l| found(framework_in, l)))
        .or_else(|| code_comments(doc).find_map(|l| found(framework_in, &l)));
    claude.database = claude
        .database
        .take()
        .and_then(|d| database_in(&d.text).map(|name| Located { text: name, ..d }))
        .or_else(|| lines.iter().find_map(|l| found(database_in, l)));
    if claude.project_type.is_none() {
        claude.project_type =
            overview_type(doc, claude.title.as_deref()).map(|(text, line)| at(text, line));
    }
}

/// The `# comments` of code blocks, with their lines.
fn code_comments<'d>(doc: &'d Document) -> impl Iterator<Item = (String, usize)> + 'd {
    doc.parts
        .iter()
        .flat_map(|part| &part.blocks)
        .filter_map(|block| match block {
            Block::Code { code, span, .. } => Some((code, span.line)),
            _ => None,
        })
        .flat_map(|(code, fence)| {
            code.lines().enumerate().filter_map(move |(n, line)| {
                let (_, comment) = line.split_once(" # ")?;
                Some((comment.to_string(), fence + 1 + n))
            })
        })
}

/// An item and its descendants, one line each, with their lines.
fn flatten(item: &Item, out: &mut Vec<(String, usize)>) {
    out.push((item.line.plain().into_owned(), item.line.span.line));
    item.children.iter().for_each(|c| flatten(c, out));
}

/// The first known framework `line` names; Phoenix with LiveView on the
/// same line is `Phoenix LiveView`.
fn framework_in(line: &str) -> Option<String> {
    let words = Words::of(line);
    let found = FRAMEWORKS.iter().find(|name| words.has(&Words::of(name)))?;
    if *found == "Phoenix" && words.contains("liveview") {
        return Some("Phoenix LiveView".into());
    }
    Some(found.to_string())
}

fn database_in(line: &str) -> Option<String> {
    let words = Words::of(line);
    DATABASES
        .iter()
        .find(|(said, _)| words.has(&Words::of(said)))
        .map(|(_, name)| name.to_string())
}

/// The project type the first sentence under the title or a project
/// overview heading states, with its line.
fn overview_type(doc: &Document, name: Option<&str>) -> Option<(String, usize)> {
    let overview = |title: &str| {
        let words = Words::of(title);
        words.contains("overview")
            || words.contains("project")
            || words.contains("about")
            || words.contains("개요")
    };
    doc.parts
        .iter()
        .filter(|p| p.level <= 1 || overview(&p.title))
        .filter_map(|p| {
            p.blocks.iter().find_map(|b| match b {
                Block::Paragraph { lines } => lines.first(),
                _ => None,
            })
        })
        .find_map(|line| Some((project_type_in(&line.plain())?, line.span.line)))
        .or_else(|| {
            // `GoodMao is a single Phoenix/LiveView monolith`, wherever it stands.
            doc.parts
                .iter()
                .flat_map(|p| &p.blocks)
                .filter_map(|b| match b {
                    Block::Paragraph { lines } => lines.first(),
                    _ => None,
                })
                .find_map(|line| {
                    let sentence = line.plain();
                    let copula = [" is a ", " is an "].iter().any(|c| sentence.contains(c));
                    let found = project_type_in(&sentence).filter(|_| copula)?;
                    Some((found, line.span.line))
                })
        })
        .or_else(|| {
            doc.parts
                .iter()
                .find_map(|p| Some((heading_type(&p.title, name?)?, p.span.line)))
        })
}

/// The type a heading that says what the project `name` is names itself:
/// `What mob is (beyond the UI framework)` → `UI framework`. `What this
/// project is` names none; `What is a session (the Session server)` is not
/// about the project.
fn heading_type(heading: &str, name: &str) -> Option<String> {
    let words = Words::of(heading);
    let named = Words::of(name).iter().all(|w| words.contains(w));
    if words.iter().next() != Some("what") || !words.contains("is") || !named {
        return None;
    }
    let (_, said) = heading.split_once(" is ")?;
    [" the ", " a ", " an ", "(the ", "(a ", "(an "]
        .iter()
        .filter_map(|article| said.find(article).map(|at| &said[at + article.len()..]))
        .map(|phrase| phrase[..phrase_end(phrase)].trim().to_string())
        .find_map(typed)
}

/// Words that end a phrase naming what kind of project it is.
const TYPE_WORDS: &[&str] = &[
    "app",
    "application",
    "tool",
    "platform",
    "service",
    "library",
    "system",
    "crm",
    "saas",
    "api",
    "bot",
    "game",
    "framework",
    "site",
    "website",
    "dashboard",
    "assistant",
    "client",
    "server",
    "engine",
    "tui",
    "cli",
    "backend",
    "monorepo",
    "marketplace",
    "portal",
    "toolkit",
    "sdk",
    "plugin",
    "extension",
    "orchestrator",
    "pipeline",
    "agent",
    "monolith",
];

/// Where the noun phrase that `s` starts with ends: at the first word or mark
/// that begins a clause.
fn phrase_end(s: &str) -> usize {
    const STOPS: &[&str] = &[
        " built ", " with ", " that ", " which ", " using ", " for ", " to ", " where ", ",", ";",
        " (", ")", " — ", " - ", ":",
    ];
    STOPS
        .iter()
        .filter_map(|stop| s.find(stop))
        .min()
        .unwrap_or(s.len())
}

/// The type of project a sentence states, when it ends in a word such as
/// `app` or `platform`: `Kith is a personal CRM built with …` → `personal
/// CRM`; `Personal CRM built with Elixir.` → `Personal CRM`; `Job search tool.`
/// as is.
fn project_type_in(sentence: &str) -> Option<String> {
    typed(type_phrase(sentence)?)
}

/// `phrase` when its last word names a kind of project.
fn typed(phrase: String) -> Option<String> {
    let last = Words::of(&phrase).iter().last().map(str::to_string)?;
    let typed = TYPE_WORDS
        .iter()
        .any(|w| Words::of(w).iter().eq([last.as_str()]))
        || !last.is_ascii();
    typed.then_some(phrase)
}

fn type_phrase(sentence: &str) -> Option<String> {
    let sentence = sentence
        .split(". ")
        .next()
        .unwrap_or(sentence)
        .trim_end_matches('.');
    let cut = |s: &str| s[..phrase_end(s)].trim().to_string();
    for copula in [" is an ", " is a ", " is the "] {
        if let Some(at) = sentence.find(copula) {
            let found = cut(&sentence[at + copula.len()..]);
            return (!found.is_empty()).then_some(found);
        }
    }
    if let Some(at) = sentence.find("기반 ") {
        let rest = &sentence[at + "기반 ".len()..];
        let end = rest.find("입니다").unwrap_or(rest.len());
        return Some(rest[..end].trim().to_string()).filter(|s| !s.is_empty());
    }
    if let Some(at) = sentence.find(" built ") {
        return Some(sentence[..at].trim().to_string());
    }
    let short = sentence.split_whitespace().count() <= 8 && !sentence.contains('`');
    let capital = sentence.chars().next().is_some_and(char::is_uppercase);
    (short && capital && !sentence.is_empty() && !sentence.contains(" is "))
        .then(|| sentence.to_string())
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
    fn of(words: &Words) -> Section {
        let any = |phrases: &[&[&str]]| phrases.iter().any(|p| has_all(words, p));
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

/// Whether every (normalised) word of `phrase` is among `words`.
fn has_all(words: &Words, phrase: &[&str]) -> bool {
    phrase.iter().all(|p| words.contains(p))
}

/// Makes a line of this file: text and line number.
type At<'f> = dyn Fn(String, usize) -> Located + 'f;

fn take_item(claude: &mut ClaudeMd, section: Section, item: &Item, at: &At) {
    take(claude, section, &item.line, at);
    item.children
        .iter()
        .for_each(|child| take_item(claude, section, child, at));
}

fn take(claude: &mut ClaudeMd, section: Section, line: &Line, at: &At) {
    if line.label.is_some() {
        let words = &line.label_words;
        let value = Some(line.text.to_string())
            .filter(|t| !t.is_empty())
            .map(|t| at(t, line.span.line));
        let slot = if has_all(words, &["project", "type"]) {
            Some(&mut claude.project_type)
        } else if has_all(words, &["language"]) {
            Some(&mut claude.primary_language)
        } else if has_all(words, &["framework"]) {
            Some(&mut claude.framework)
        } else if has_all(words, &["architecture"]) {
            Some(&mut claude.architecture)
        } else if has_all(words, &["database"]) {
            Some(&mut claude.database)
        } else if has_all(words, &["purpose"]) {
            Some(&mut claude.purpose)
        } else if has_all(words, &["target", "user"]) {
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
    let here = |text| at(text, line.span.line);
    match section {
        Section::Purpose => Located::append(&mut claude.purpose, here(text)),
        Section::TargetUsers => Located::append(&mut claude.target_users, here(text)),
        Section::KeyFeatures => claude.key_features.push(here(text)),
        Section::Tools => claude.tools.push(here(text)),
        Section::Conventions => claude.conventions.push(here(text)),
        Section::Other => {}
    }
}

/// The commands of a code block, one per line, prompts and trailing
/// comments dropped: every line of a shell block, `mix …` lines of others.
fn commands(code: &str, shell: bool, first_line: usize, file: &str) -> Vec<Located> {
    code.lines()
        .enumerate()
        .flat_map(|(n, line)| {
            let line_no = first_line + n;
            split_commands(&command_text(line))
                .filter(|text| !text.starts_with('#') && (shell || is_mix(text)))
                .map(move |text| Located {
                    text,
                    file: file.to_string(),
                    line: line_no,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `a && b; c` → `a`, `b`, `c`; a leading `VAR=value` dropped from each
/// `mix` command (`MIX_ENV=test mix test` → `mix test`).
fn split_commands(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split("&&")
        .flat_map(|p| p.split("||"))
        .flat_map(|p| p.split("; "))
        .map(|piece| {
            let piece = piece.trim();
            let mut tokens = piece.split_whitespace().peekable();
            let mut skipped = 0;
            while tokens.peek().is_some_and(|t| is_assignment(t)) {
                skipped += tokens.next().map_or(0, |t| t.len());
            }
            let rest = piece[skipped..].trim_start();
            if rest.starts_with("mix ") || rest == "mix" {
                rest.to_string()
            } else {
                piece.to_string()
            }
        })
        .filter(|piece| !piece.is_empty())
}

/// `MIX_ENV=test`: a shell variable set for one command.
fn is_assignment(token: &str) -> bool {
    token.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// A line as a command: without prompt or trailing `# comment`.
fn command_text(line: &str) -> String {
    let line = line
        .trim()
        .trim_start_matches("$ ")
        .trim_start_matches("> ")
        .trim();
    let line = match line.find(" #") {
        Some(at) => &line[..at],
        None => line,
    };
    line.trim().to_string()
}

fn is_mix(text: &str) -> bool {
    text.split_whitespace().any(|w| w == "mix")
        && text.split_whitespace().next().is_some_and(|first| {
            first == "mix" || first.contains('=') || first == "iex" || first == "MIX_ENV"
        })
}

/// `mix …` commands in inline code spans, outside fenced blocks. A span
/// may wrap onto the next lines of its paragraph (`mix format` / newline /
/// `--check-formatted`); it keeps the line it starts on.
fn inline_commands(source: &str, file: &str) -> Vec<Located> {
    let mut out = Vec::new();
    let mut fenced = false;
    // The open span: its text so far and its line.
    let mut open: Option<(String, usize)> = None;
    let close = |span: (String, usize), out: &mut Vec<Located>| {
        for text in split_commands(&command_text(&span.0)) {
            if text.starts_with("mix ") {
                out.push(Located {
                    text,
                    file: file.to_string(),
                    line: span.1,
                });
            }
        }
    };
    for (n, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            open = None;
            continue;
        }
        // A blank line ends the paragraph, and a span left open in it.
        if fenced || trimmed.is_empty() {
            open = None;
            continue;
        }
        for (k, piece) in line.split('`').enumerate() {
            if k > 0 {
                match open.take() {
                    Some(span) => close(span, &mut out),
                    None => open = Some((String::new(), n + 1)),
                }
            }
            if let Some((text, _)) = open.as_mut() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(piece.trim());
            }
        }
    }
    out
}

/// Known tools named in the text or the commands, in order of first mention.
fn tools_named(doc: &Document, commands: &[Located], at: &At) -> Vec<Located> {
    // (position in reading order, line, name)
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    let mut position = 0;
    let mut see = |s: &str, line: usize| {
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
                if matches && !found.iter().any(|(_, _, n)| n == name) {
                    found.push((position, line, name));
                }
            }
            position += 1;
        }
    };
    for part in &doc.parts {
        see(&part.raw_title, part.span.line);
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => {
                    lines.iter().for_each(|l| see(&l.plain(), l.span.line))
                }
                Block::List { items, .. } => items.iter().for_each(|i| see_item(i, &mut see)),
                _ => {}
            }
        }
    }
    commands.iter().for_each(|c| see(&c.text, c.line));
    found.sort_by_key(|&(position, _, _)| position);
    found
        .into_iter()
        .map(|(_, line, name)| at(name.to_string(), line))
        .collect()
}

fn see_item(item: &Item, see: &mut impl FnMut(&str, usize)) {
    see(&item.line.plain(), item.line.span.line);
    item.children.iter().for_each(|child| see_item(child, see));
}

/// `Claude Development Guide for Shop` → `Shop`; `Mob — Agent
/// Instructions` → `Mob`; `CLAUDE.md` → none.
fn project_name(raw: &str) -> Option<String> {
    let is_file_word = |w: &str| FILE_WORDS.contains(&w);
    let piece = raw
        .split(" for ")
        .flat_map(|p| p.split([':', '—', '–', '|']))
        .flat_map(|p| p.split(" - "))
        .find(|p| Words::of(p).iter().any(|w| !is_file_word(w)))?;
    let mut tokens: Vec<&str> = piece.split_whitespace().collect();
    let generic = |t: &str| Words::of(t).iter().all(is_file_word);
    while tokens.len() > 1 && tokens.last().is_some_and(|t| generic(t)) {
        tokens.pop();
    }
    Some(text::clean_heading(&tokens.join(" ")).into_owned())
}

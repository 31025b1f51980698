//! Template rendering with minijinja.
//!
//! Every value a template prints is escaped for Markdown ([`escape`]), so text
//! from the host or the user cannot change the plan's structure; the filters
//! `code`, `cell` and `fenced` escape for the other places a value lands.
//!
//! Templates are looked up by name in a list of directories, first match wins,
//! so a host project can override any single template. Undefined variables are
//! errors (a typo names its template and line instead of rendering a blank), and
//! fuel bounds the work a broken override can make us do; a recursion limit,
//! the depth its macros and includes can reach.

mod escape;

use std::io::Read;
use std::path::PathBuf;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::Error;

/// The template that renders the whole plan.
pub const ENTRY: &str = "PLANNING.md.j2";

/// Enough for any real plan (ours takes well under 1%), small enough to stop a
/// runaway loop in an override within a second.
const FUEL: u64 = 50_000_000;

/// Renders template `name` with `context`.
pub fn render(name: &str, dirs: &[PathBuf], context: impl Serialize) -> Result<String, Error> {
    let env = environment(dirs);
    let template = env
        .get_template(name)
        .map_err(|e| template_error(e, dirs))?;
    template
        .render(Serde(&context))
        .map_err(|e| template_error(e, dirs))
}

fn environment(dirs: &[PathBuf]) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(crate::bounds::TEMPLATE_DEPTH);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    env.set_formatter(markdown);
    env.set_auto_reload(false);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("static syntax config is valid"),
    );
    env.add_filter("cell", cell);
    env.add_filter("code", code);
    env.add_filter("fenced", fenced);
    env.add_filter("plural", plural);
    let dirs = dirs.to_vec();
    env.set_loader(move |name| load(&dirs, name));
    env
}

/// Largest template read, in bytes; ours are under 10 KB.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The first `dirs/name` that exists. A name with `..`, a dotfile or a
/// backslash in it is not looked up, so it cannot leave its directory. A file
/// that is there but cannot be used (a directory, a device, too large, not
/// UTF-8) is an error naming that file, checked before anything is read.
fn load(dirs: &[PathBuf], name: &str) -> Result<Option<String>, minijinja::Error> {
    let safe = name
        .split('/')
        .all(|part| !part.is_empty() && !part.starts_with('.') && !part.contains('\\'));
    if !safe {
        return Ok(None);
    }
    for dir in dirs {
        let path = dir.join(name);
        let unusable = |why: String| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("cannot read template {}: {why}", path.display()),
            )
        };
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(unusable(e.to_string())),
        };
        if !metadata.is_file() {
            return Err(unusable("not a regular file".to_string()));
        }
        if metadata.len() > MAX_TEMPLATE_BYTES {
            return Err(unusable(format!(
                "{} bytes, over the {MAX_TEMPLATE_BYTES}-byte limit",
                metadata.len()
            )));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| unusable(e.to_string()))?;
        if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
            return Err(unusable("grew past the size limit while read".to_string()));
        }
        return String::from_utf8(bytes).map(Some).map_err(|e| {
            unusable(format!(
                "not UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    Ok(None)
}

/// Prints a value: escaped for inline Markdown unless it is safe already (the
/// output of a filter below, a macro or `join`, which escape what they print).
fn markdown(out: &mut Output, _: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_safe() || value.is_undefined() {
        write!(out, "{value}")?;
    } else {
        out.write_str(&escape::inline(&value.to_string()))?;
    }
    Ok(())
}

/// `{{ x | cell }}`: safe in a table cell; `{{ x | code | cell }}` for code.
fn cell(value: Value) -> Value {
    let text = value.to_string();
    Value::from_safe_string(if value.is_safe() {
        escape::cell(&text)
    } else {
        escape::cell_text(&text)
    })
}

/// `{{ x | code }}`: a code span, whatever backticks `x` holds.
fn code(value: Value) -> Value {
    Value::from_safe_string(escape::code(&value.to_string()))
}

/// `{{ diagram | fenced }}`: printed as is inside a fenced block, which no
/// line of it can close.
fn fenced(value: Value) -> Value {
    Value::from_safe_string(escape::fenced(&value.to_string()))
}

/// `{{ n | plural("route") }}` → `1 route`, `2 routes`; an irregular plural is
/// the second argument: `{{ n | plural("child", "children") }}`.
fn plural(count: usize, one: String, many: Option<String>) -> String {
    let many = many.unwrap_or_else(|| format!("{one}s"));
    crate::plan::counted(count, &one, &many)
}

/// Normalises the blank lines conditional template blocks leave behind: one
/// blank line between blocks, one between a paragraph, list, table or heading
/// and a different kind of block, none at the ends, trailing spaces removed,
/// fenced code untouched. Keeps Markdown lint-clean whatever an override's
/// whitespace.
pub fn tidy(markdown: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut previous: Option<Block> = None;
    let mut blank = false;
    let mut fenced = false;
    for line in markdown.lines().map(str::trim_end) {
        if fenced {
            out.push(line);
            fenced = !line.starts_with("```");
            continue;
        }
        if line.is_empty() {
            blank = true;
            continue;
        }
        let block = Block::of(line);
        if let Some(previous) = previous {
            if blank || previous != block || block == Block::Heading || block == Block::Fence {
                out.push("");
            }
        }
        out.push(line);
        fenced = block == Block::Fence;
        previous = Some(if fenced { Block::Heading } else { block });
        blank = false;
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Heading,
    List,
    Table,
    Fence,
    Text,
}

impl Block {
    fn of(line: &str) -> Block {
        let numbered = line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if line.starts_with('#') {
            Block::Heading
        } else if line.starts_with("```") {
            Block::Fence
        } else if line.starts_with("- ") || numbered {
            Block::List
        } else if line.starts_with('|') {
            Block::Table
        } else {
            Block::Text
        }
    }
}

fn template_error(error: minijinja::Error, dirs: &[PathBuf]) -> Error {
    // An error inside an include is wrapped by each including template; the
    // innermost one names the file and line to fix, the outer ones say how we got there.
    let mut chain = vec![&error];
    while let Some(inner) = chain
        .last()
        .and_then(|e| std::error::Error::source(*e))
        .and_then(|e| e.downcast_ref::<minijinja::Error>())
    {
        chain.push(inner);
    }
    let innermost = chain.last().expect("chain starts with the error");
    // A template that cannot be read is the file to fix, not the line including it.
    let unreadable = innermost
        .detail()
        .filter(|detail| detail.starts_with("cannot read template"));
    let (mut message, including) = match unreadable {
        Some(detail) => (detail.to_string(), chain.len()),
        None => (innermost.to_string(), chain.len() - 1),
    };
    let via: Vec<String> = chain[..including]
        .iter()
        .rev()
        .filter_map(|e| Some(format!("{}:{}", e.name()?, e.line()?)))
        .collect();
    if !via.is_empty() {
        message.push_str(&format!(" (included from {})", via.join(" < ")));
    }
    if innermost.kind() == minijinja::ErrorKind::TemplateNotFound {
        let searched: Vec<_> = dirs.iter().map(|d| d.display().to_string()).collect();
        message.push_str(&format!(" (searched: {})", searched.join(", ")));
    }
    Error::Template(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::fs;

    fn dir_with(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "otp_plan_render_{}_{}",
            std::process::id(),
            files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join("_")
        ));
        fs::create_dir_all(&dir).unwrap();
        for (name, body) in files {
            fs::write(dir.join(name), body).unwrap();
        }
        dir
    }

    #[test]
    fn cells_and_code_escape_markdown() {
        let dir = dir_with(&[(
            "f.j2",
            "{{ a|cell }} {{ a|code }} {{ b|code }} {{ a|code|cell }}",
        )]);
        let out = render("f.j2", &[dir], json!({"a": "x|y\nz", "b": "a`b"})).unwrap();
        assert_eq!(out, "x\\|y z `x|y z` ``a`b`` `x\\|y z`");
    }

    #[test]
    fn every_printed_value_is_escaped_but_template_text_is_not() {
        let dir = dir_with(&[(
            "e.j2",
            "# {{ t }}\n{% macro m(x) %}*{{ x }}*{% endmacro %}{{ m(t) }} {{ [t, t] | join(', ') }}",
        )]);
        let out = render("e.j2", &[dir], json!({"t": "a\n```\n*b*"})).unwrap();
        assert_eq!(
            out,
            "# a \\`\\`\\` \\*b\\*\n*a \\`\\`\\` \\*b\\** a \\`\\`\\` \\*b\\*, a \\`\\`\\` \\*b\\*"
        );
    }

    #[test]
    fn shipped_templates_put_values_in_code_spans_with_the_filter() {
        // Backslash escapes do not apply inside a hand-written `{{ x }}` span.
        let root =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../priv/templates/plan.create");
        let mut pending = vec![root];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                for (n, line) in fs::read_to_string(&path).unwrap().lines().enumerate() {
                    let spans = line.split('`').skip(1).step_by(2);
                    assert!(
                        !spans.clone().any(|span| span.contains("{{")),
                        "{}:{}: use `{{{{ x | code }}}}`",
                        path.display(),
                        n + 1
                    );
                }
            }
        }
    }

    #[test]
    fn plural_agrees_with_the_count() {
        let dir = dir_with(&[(
            "p.j2",
            "{{ 1 | plural('route') }}, {{ 2 | plural('route') }}, {{ 0 | plural('child', 'children') }}",
        )]);
        let out = render("p.j2", &[dir], json!({})).unwrap();
        assert_eq!(out, "1 route, 2 routes, 0 children");
    }

    #[test]
    fn tidy_collapses_blank_runs_and_trailing_space() {
        assert_eq!(tidy("\n\n# A  \n\n\n\ntext\n\n"), "# A\n\ntext\n");
    }

    #[test]
    fn tidy_separates_blocks_of_different_kinds_but_not_fenced_code() {
        assert_eq!(
            tidy("# A\ntext\n- item\n- item\n1. one\nmore\n| a |\nafter\n```mermaid\nx\n\ny\n```\nend\n"),
            "# A\n\ntext\n\n- item\n- item\n1. one\n\nmore\n\n| a |\n\nafter\n\n```mermaid\nx\n\ny\n```\n\nend\n"
        );
    }

    #[test]
    fn first_directory_wins_file_by_file() {
        let host = dir_with(&[("a.j2", "host {% include 'b.j2' %}")]);
        let ours = dir_with(&[("a.j2", "ours"), ("b.j2", "b={{ x }}")]);
        let out = render("a.j2", &[host, ours], json!({"x": 1})).unwrap();
        assert_eq!(out, "host b=1");
    }

    #[test]
    fn undefined_variable_names_template_and_line() {
        let dir = dir_with(&[("typo.j2", "line one\n{{ facts.nope }}\n")]);
        let err = render("typo.j2", &[dir], json!({"facts": {}})).unwrap_err();
        assert!(err.to_string().contains("typo.j2:2"), "{err}");
    }

    #[test]
    fn missing_template_lists_where_it_looked() {
        let dir = dir_with(&[("x.j2", "")]);
        let err = render("none.j2", std::slice::from_ref(&dir), json!({})).unwrap_err();
        assert!(err.to_string().contains("none.j2"), "{err}");
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn parent_directory_names_are_refused() {
        let dir = dir_with(&[("ok.j2", "{% include '../secret' %}")]);
        assert!(render("ok.j2", &[dir], json!({})).is_err());
    }

    #[test]
    fn a_template_that_cannot_be_read_is_reported_at_itself() {
        let dir = dir_with(&[("inc.j2", "line one\n{% include '_bad.j2' %}\n")]);
        fs::create_dir_all(dir.join("_bad.j2")).unwrap();
        let err = render("inc.j2", std::slice::from_ref(&dir), json!({})).unwrap_err();
        let bad = dir.join("_bad.j2").display().to_string();
        assert_eq!(
            err.to_string(),
            format!("cannot read template {bad}: not a regular file (included from inc.j2:2)")
        );

        fs::write(dir.join("bin.j2"), b"ok \xff").unwrap();
        let err = render("bin.j2", &[dir], json!({})).unwrap_err();
        assert!(
            err.to_string().contains("bin.j2: not UTF-8 (at byte 3)"),
            "{err}"
        );
    }

    #[test]
    fn runaway_template_runs_out_of_fuel() {
        let dir = dir_with(&[(
            "loop.j2",
            "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        )]);
        let err = render("loop.j2", &[dir], json!({})).unwrap_err();
        assert!(err.to_string().contains("fuel"), "{err}");
    }
}

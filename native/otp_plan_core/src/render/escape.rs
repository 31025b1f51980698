//! Escaping text from the host or the user for where it lands in Markdown.
//!
//! Every value a template prints goes through [`inline`] unless it is already
//! safe: a module name, a PRD sentence or a focus cannot start a heading, a
//! list or a fence, close a table cell or a code span, or open an HTML block
//! or comment, and it stays on its line. [`code`], [`cell`] and [`fenced`]
//! are for the other places a value lands.

/// Text read inline: line breaks become spaces; what Markdown would read as
/// markup is backslash-escaped, including a block marker at the start (`#`,
/// `>`, `-`, `+`, `=`, `1.`), as a value may start a line or a list item.
/// Left as is, for readable plans: `_` inside a word (`my_app`), a lone `~`
/// (`~> 1.7`), `<` before anything but a tag or autolink (`p95 < 200ms`), a
/// number's dot (`2.0.0`), and block markers anywhere else.
pub fn inline(text: &str) -> String {
    escaped(text, true)
}

/// Text in a table cell: as [`inline`], but nothing in a cell starts a block.
pub fn cell_text(text: &str) -> String {
    escaped(text, false)
}

fn escaped(text: &str, block_start: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let before = |i: usize| i.checked_sub(1).and_then(at);
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let first = block_start && i == 0;
        let escape = match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => {
                out.push(' ');
                continue;
            }
            '\\' | '`' | '*' | '[' | ']' | '|' => true,
            '<' => at(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(n)),
            '_' => !(word(before(i)) && word(at(i + 1))),
            '~' => before(i) == Some('~') || at(i + 1) == Some('~'),
            // `-->` would end an HTML comment the value sits in.
            '>' => first || before(i) == Some('-'),
            '#' => first || i + 1 == chars.len(),
            '-' | '+' | '=' => first,
            '.' | ')' => {
                block_start
                    && i == digits
                    && digits > 0
                    && at(i + 1).is_none_or(char::is_whitespace)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inline code that survives a backtick in the text: the span's own
/// backticks are one longer than the longest run inside (CommonMark 6.1). Text
/// with a run of two or more is printed as escaped text instead: the span would
/// start with three backticks, which at the start of a line reads as a fence.
pub fn code(text: &str) -> String {
    let text = one_line(text);
    if text.is_empty() {
        return String::new();
    }
    if text.contains("``") {
        return inline(&text);
    }
    let ticks = if text.contains('`') { "``" } else { "`" };
    // A space inside each end keeps a backtick at the edge from joining them.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Markdown already made safe inline (a code span, escaped text) made safe in
/// a table cell too: a pipe ends a cell even inside a code span.
pub fn cell(markdown: &str) -> String {
    one_line(markdown).replace('|', "\\|")
}

/// Text for inside a fenced block (a Mermaid diagram): no line of it can
/// close the fence, as a fence line indented by four spaces is not one.
pub fn fenced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let start = line.trim_start();
        if start.starts_with("```") || start.starts_with("~~~") {
            out.push_str("    ");
        }
        out.push_str(line);
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_they_are() {
        for plain in [
            "Shop.Repo",
            "my_app",
            "~> 1.7.14",
            "/products/:id",
            "p95 200 ms",
            "a-b",
        ] {
            assert_eq!(inline(plain), plain);
        }
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            inline("*a* [b](c) `d` <e> x|y \\"),
            r"\*a\* \[b\](c) \`d\` \<e> x\|y \\"
        );
        assert_eq!(inline("_a_ b__c ~~d~~"), r"\_a\_ b\_\_c \~\~d\~\~");
        assert_eq!(inline("# h #"), r"\# h \#");
        assert_eq!(inline("- x"), r"\- x");
        assert_eq!(inline("12. x 3. y"), r"12\. x 3. y");
        assert_eq!(inline("> q -->"), r"\> q --\>");
        assert_eq!(cell_text(">= 0.1 # - x"), ">= 0.1 # - x");
    }

    #[test]
    fn no_value_leaves_its_line() {
        assert_eq!(inline("a\n```\n# b\r\nc"), r"a \`\`\` # b  c");
    }

    #[test]
    fn code_spans_outlast_backticks() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("``x"), r"\`\`x");
        assert_eq!(code("a\n```"), r"a \`\`\`");
        assert_eq!(code(""), "");
    }

    #[test]
    fn cells_escape_pipes_even_in_code() {
        assert_eq!(cell("`a|b`\nc"), r"`a\|b` c");
    }

    #[test]
    fn fences_cannot_close_early() {
        assert_eq!(fenced("a\n```\n  ~~~x\n"), "a\n    ```\n      ~~~x\n");
    }
}

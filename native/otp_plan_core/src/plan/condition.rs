//! Whether a child's condition, as the facts write it, is fixed when the code
//! compiles (a build switch) or read when start/2 runs.

/// Calls whose value is fixed when the module compiles, when the facts mark
/// the condition as read at compile time (a module-level switch).
const COMPILE_TIME_CALLS: [&str; 4] = [
    "Mix.env",
    "Mix.target",
    "Application.compile_env",
    "Application.compile_env!",
];

/// Words that are part of the language, not values.
const KEYWORDS: [&str; 8] = ["and", "or", "not", "in", "when", "true", "false", "nil"];

/// The facts append this to a condition they read at compile time (a
/// module-level `if`, or a test of a module attribute).
const MARK: &str = " (compile time)";

/// The condition without the facts' compile-time mark.
pub fn text(condition: &str) -> String {
    condition.replace(MARK, "")
}

/// True when every part of `condition` is fixed at compile time: module
/// attributes, literals, modules, the variables a `match?/2` pattern binds,
/// and `Mix.env()`-like calls in a condition the facts mark as compile time.
/// Any other variable or call is a runtime value, and one is enough.
pub fn compile_time(condition: &str) -> bool {
    let marked = condition.contains(MARK);
    let text = text(condition);
    if !marked && !text.contains('@') {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut depth = 0usize;
    // The depth each open `match?(` pattern ends at (its first comma).
    let mut patterns: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => i = skip_string(&chars, i),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' | ',' => {
                if patterns.last() == Some(&depth) {
                    patterns.pop();
                }
                if c != ',' {
                    depth = depth.saturating_sub(1);
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let (path, end) = dotted_name(&chars, i);
                let before = i.checked_sub(1).map(|b| chars[b]);
                let call = chars.get(end) == Some(&'(');
                let keyword_key = chars.get(end) == Some(&':') && chars.get(end + 1) == Some(&' ');
                let fixed = match before {
                    Some('@') => true,
                    // An atom, unless it is an Erlang module called (`:os.type()`).
                    Some(':') => !path.contains('.'),
                    _ if keyword_key || KEYWORDS.contains(&path.as_str()) => true,
                    _ if path == "match?" && call => {
                        patterns.push(depth + 1);
                        true
                    }
                    _ if path.starts_with(|c: char| c.is_uppercase()) => {
                        let remote = path
                            .rsplit('.')
                            .next()
                            .is_some_and(|f| f.starts_with(|c: char| c.is_lowercase()));
                        !remote || (marked && COMPILE_TIME_CALLS.contains(&path.as_str()))
                    }
                    _ => !patterns.is_empty(),
                };
                if !fixed {
                    return false;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// The index just past the string that opens at `start`.
fn skip_string(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() && chars[i] != '"' {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    i
}

/// The name starting at `start` with its `.Segment`s (`Mix.env`, `A.B.c?`),
/// and the index just past it.
fn dotted_name(chars: &[char], start: usize) -> (String, usize) {
    let word = |c: &char| c.is_alphanumeric() || matches!(c, '_' | '?' | '!');
    let mut end = start;
    loop {
        while end < chars.len() && word(&chars[end]) {
            end += 1;
        }
        let next_is_word = chars
            .get(end + 1)
            .is_some_and(|c| c.is_alphabetic() || *c == '_');
        if chars.get(end) == Some(&'.') && next_is_word {
            end += 1;
        } else {
            break;
        }
    }
    (chars[start..end].iter().collect(), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_literals_and_pattern_variables_are_fixed() {
        assert!(compile_time("!match?(:test, @env) (compile time)"));
        assert!(compile_time(
            "!match?(env when env in [:test, :benchmark], @env) (compile time)"
        ));
        assert!(compile_time("@opts[:pool] == \"gun\""));
        assert!(compile_time("Mix.env() == :prod (compile time)"));
    }

    #[test]
    fn one_runtime_value_makes_the_condition_runtime() {
        // `adapter` is a variable start/2 computes, beside the attribute.
        assert!(!compile_time(
            "match?({Tesla.Adapter.Gun, _}, {adapter, @env}) (compile time)"
        ));
        assert!(!compile_time("@feature? and enabled?() (compile time)"));
        assert!(!compile_time("System.get_env(\"X\") == @x"));
        assert!(!compile_time("@on and Sanbase.Repo.enabled?()"));
        assert!(!compile_time("@on and :os.type() == {:unix, :linux}"));
        assert!(!compile_time("match?(x, y) and @on"));
    }

    #[test]
    fn mix_env_counts_as_compile_time_only_where_the_facts_mark_it() {
        assert!(!compile_time("Mix.env() == :prod"));
        assert!(!compile_time("Mix.env() == @env"));
    }

    #[test]
    fn the_mark_is_dropped_from_the_text() {
        assert_eq!(text("@x (compile time)"), "@x");
    }
}

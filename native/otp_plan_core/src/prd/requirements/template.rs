//! An unfilled PRD template (`- Risk 1`, `As a [user], I want to [action]`)
//! states nothing about a product: read as a PRD, its placeholders would
//! become a vision, features and risks that nobody wrote.

use crate::prd::document::{Block, Document, Item, Line};

/// Fewest placeholder lines that make a template, and their least share.
const AT_LEAST: usize = 3;
const SHARE: f64 = 0.4;

/// How a template shows itself: placeholder lines of all lines, and one.
#[derive(Debug, PartialEq)]
pub struct Unfilled {
    pub placeholders: usize,
    pub lines: usize,
    pub example: String,
}

/// The document's placeholders, when they make it a template.
pub fn unfilled(doc: &Document) -> Option<Unfilled> {
    #[derive(Default)]
    struct Count {
        lines: usize,
        placeholders: usize,
        example: Option<String>,
    }
    impl Count {
        fn line(&mut self, line: &Line, buf: &mut String) {
            let plain = line.plain_in(buf);
            self.lines += 1;
            if is_placeholder(plain) {
                self.placeholders += 1;
                self.example.get_or_insert_with(|| plain.to_string());
            }
        }
        fn item(&mut self, item: &Item, buf: &mut String) {
            self.line(&item.line, buf);
            item.children.iter().for_each(|c| self.item(c, buf));
        }
    }
    let mut count = Count::default();
    let mut buf = String::new();
    for block in doc.parts.iter().flat_map(|p| &p.blocks) {
        match block {
            Block::Paragraph { lines } => lines.iter().for_each(|l| count.line(l, &mut buf)),
            Block::List { items, .. } => items.iter().for_each(|i| count.item(i, &mut buf)),
            _ => {}
        }
    }
    let share = count.placeholders as f64 / count.lines.max(1) as f64;
    let template = count.placeholders >= AT_LEAST && share >= SHARE;
    template.then(|| Unfilled {
        placeholders: count.placeholders,
        lines: count.lines,
        example: count.example.unwrap_or_default(),
    })
}

/// `Risk 1`, `Primary goal 2`, `Metric 1 (e.g., latency)`, or a line with
/// a slot to fill in: `As a [user], I want to [action]`.
fn is_placeholder(line: &str) -> bool {
    let bare = match line.find(" (") {
        Some(at) => &line[..at],
        None => line,
    };
    let bare = bare.trim().trim_end_matches('.');
    let counted = bare.rsplit_once(' ').is_some_and(|(names, last)| {
        last.chars().all(|c| c.is_ascii_digit())
            && (1..=3).contains(&names.split(' ').count())
            && names
                .split(' ')
                .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
    });
    counted || has_slot(line)
}

/// `[user]`: lowercase words in brackets that are not a link's text.
fn has_slot(line: &str) -> bool {
    line.match_indices('[').any(|(at, _)| {
        let rest = &line[at + 1..];
        let Some(end) = rest.find(']') else {
            return false;
        };
        let slot = &rest[..end];
        slot.len() >= 2
            && slot.starts_with(|c: char| c.is_ascii_lowercase())
            && slot.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
            && !rest[end + 1..].starts_with('(')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert!(is_placeholder("Risk 1"));
        assert!(is_placeholder("Primary goal 2"));
        assert!(is_placeholder("Metric 1 (e.g., MAU, latency)"));
        assert!(is_placeholder("As a [user], I want to [action]."));
        assert!(!is_placeholder("Phoenix 1.7 on Elixir 1.15"));
        assert!(!is_placeholder("See [the guide](https://example.com)"));
        assert!(!is_placeholder("Send a message within 2 seconds"));
    }

    #[test]
    fn a_template_is_mostly_placeholders() {
        let template = Document::parse("# PRD\n\n## Goals\n\n- Goal 1\n- Goal 2\n\n## Risks\n\n- Risk 1\n\n## Users\n\n- Crew leads\n");
        let found = unfilled(&template).unwrap();
        assert_eq!((found.placeholders, found.lines), (3, 4));
        assert_eq!(found.example, "Goal 1");
        let filled = Document::parse("# Skiff\n\n## Phases\n\n- Phase 1\n- Phase 2\n- Phase 3\n\nShared lists for two.\nThey merge offline.\nNo server needed.\nFree to use.\nOpen source.\n");
        assert_eq!(unfilled(&filled), None);
    }
}

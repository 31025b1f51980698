//! Mermaid text that parses: safe node ids and quoted, escaped labels.
//!
//! Ids are built from a prefix and a counter, never from user text, so module
//! names with dots, quotes or brackets and words Mermaid reserves (`end`,
//! `graph`) cannot break a diagram. Labels are always quoted, and characters
//! that end a quoted label or start markup are written as Mermaid entities.

use std::fmt::Write;

/// A flowchart under construction; nodes and edges keep insertion order.
#[derive(Debug)]
pub struct Flowchart {
    lines: Vec<String>,
    depth: usize,
    next_id: usize,
}

/// Node shapes used by the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Box,
    Round,
    Stadium,
    Database,
    /// A parallelogram: something the reader could not resolve.
    Slanted,
}

impl Flowchart {
    /// `direction` is `TD` or `LR`.
    pub fn new(direction: &str) -> Flowchart {
        Flowchart {
            lines: vec![format!("flowchart {direction}")],
            depth: 1,
            next_id: 0,
        }
    }

    /// Adds a node and returns its id.
    pub fn node(&mut self, label: &str, shape: Shape) -> String {
        let id = format!("n{}", self.next_id);
        self.next_id += 1;
        let label = quote(label);
        let text = match shape {
            Shape::Box => format!("{id}[{label}]"),
            Shape::Round => format!("{id}({label})"),
            Shape::Stadium => format!("{id}([{label}])"),
            Shape::Database => format!("{id}[({label})]"),
            Shape::Slanted => format!("{id}[/{label}/]"),
        };
        self.push(text);
        id
    }

    pub fn edge(&mut self, from: &str, to: &str) {
        self.push(format!("{from} --> {to}"));
    }

    /// A dashed edge, for children that start only under a condition.
    pub fn dashed_edge(&mut self, from: &str, to: &str, label: Option<&str>) {
        match label {
            Some(label) => self.push(format!("{from} -.->|{}| {to}", quote(label))),
            None => self.push(format!("{from} -.-> {to}")),
        }
    }

    pub fn begin_subgraph(&mut self, title: &str) {
        let id = format!("g{}", self.next_id);
        self.next_id += 1;
        self.push(format!("subgraph {id}[{}]", quote(title)));
        self.depth += 1;
    }

    pub fn end_subgraph(&mut self) {
        self.depth -= 1;
        self.push("end".to_string());
    }

    fn push(&mut self, line: String) {
        self.lines
            .push(format!("{}{line}", "    ".repeat(self.depth)));
    }

    pub fn finish(self) -> String {
        let mut out = String::new();
        for line in self.lines {
            writeln!(out, "{line}").expect("writing to a String cannot fail");
        }
        out
    }
}

/// A label in double quotes, with every character that could end it or be read
/// as markup replaced by a Mermaid entity code.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_what_would_end_them() {
        assert_eq!(quote("Shop.Repo"), "\"Shop.Repo\"");
        assert_eq!(
            quote(r#"{Oban, name: "x"} <a|b> #1 `c`"#),
            "\"{Oban, name: #quot;x#quot;} #lt;a#124;b#gt; #35;1 #96;c#96;\""
        );
        assert_eq!(quote("a\nb"), "\"a b\"");
    }

    #[test]
    fn ids_never_come_from_labels() {
        let mut chart = Flowchart::new("TD");
        let a = chart.node("end", Shape::Box);
        let b = chart.node("My.App[\"x\"]", Shape::Database);
        chart.begin_subgraph("graph");
        let c = chart.node("opaque()", Shape::Slanted);
        chart.end_subgraph();
        chart.edge(&a, &b);
        chart.dashed_edge(&b, &c, Some("Mix.env() == :test"));
        assert_eq!(
            chart.finish(),
            "flowchart TD\n    n0[\"end\"]\n    n1[(\"My.App[#quot;x#quot;]\")]\n    \
             subgraph g2[\"graph\"]\n        n3[/\"opaque()\"/]\n    end\n    n0 --> n1\n    \
             n1 -.->|\"Mix.env() == :test\"| n3\n"
        );
    }
}

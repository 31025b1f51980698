//! The Markdown layer: sections, lines with labels, lists, tables, code.

use otp_plan_core::prd::document::{Block, Document, Item, Line, Span, MAX_LIST_DEPTH};
use otp_plan_core::prd::{self, Metric};

fn titles<'d>(doc: &'d Document<'_>) -> Vec<(u8, &'d str, Option<usize>, bool)> {
    doc.parts
        .iter()
        .map(|p| (p.level, p.title.as_ref(), p.parent, p.pseudo))
        .collect()
}

fn line<'a>(label: Option<&'a str>, text: &'a str, offset: usize, line: usize) -> Line<'a> {
    Line::new(label.map(Into::into), text.into(), Span { offset, line })
}

#[test]
fn headings_lose_numbering_emoji_and_closing_hashes() {
    let source = "\
# 🚀 Shop ##
## 2. Goals
### 2.1 Latency 🎯
### Phase 3: Launch (Weeks 7-9)
Setext Title
------------
**Deliverables:**
## IV. Risks
";
    let doc = Document::parse(source);
    assert_eq!(
        titles(&doc),
        [
            (0, "", None, false),
            (1, "Shop", Some(0), false),
            (2, "Goals", Some(1), false),
            (3, "Latency", Some(2), false),
            (3, "Launch (Weeks 7-9)", Some(2), false),
            (2, "Setext Title", Some(1), false),
            (3, "Deliverables", Some(5), true),
            (2, "Risks", Some(1), false),
        ]
    );
    assert_eq!(doc.parts[4].raw_title, "Phase 3: Launch (Weeks 7-9)");
    assert_eq!(
        doc.parts[5].span,
        Span {
            offset: 80,
            line: 5
        }
    );
    assert_eq!(doc.descendants(2).collect::<Vec<_>>(), [3, 4]);
}

/// Without Markdown headings, an upper-case label alone on its line is a
/// heading; each style (bold, label, marked label) is levelled in the
/// order it first appears. A label with a value stays text.
#[test]
fn plain_label_lines_are_headings_only_without_markdown_headings() {
    let source = "\
PROJECT: Skiff
SUMMARY:
Lists that merge themselves.

FEATURES:

▶ SHARED LISTS:
   - Two people edit one list

NOTE: offline edits merge.

**Later**

▶ EXPORT:
Cooking 3D PRINTING:
3D PRINTING:
";
    let doc = Document::parse(source);
    assert_eq!(
        titles(&doc),
        [
            (0, "", None, false),
            (1, "SUMMARY", Some(0), true),
            (1, "FEATURES", Some(0), true),
            (2, "SHARED LISTS", Some(2), true),
            (3, "Later", Some(3), true),
            (2, "EXPORT", Some(2), true),
            (1, "3D PRINTING", Some(0), true),
        ]
    );
    assert_eq!(doc.parts[1].raw_title, "SUMMARY");
    assert_eq!(doc.parts[1].span.line, 2);
    assert_eq!(
        doc.parts[0].blocks,
        [Block::Paragraph {
            lines: vec![line(None, "PROJECT: Skiff", 0, 1)]
        }]
    );
    let Block::Paragraph { lines } = &doc.parts[3].blocks[1] else {
        panic!("{:?}", doc.parts[3].blocks)
    };
    assert_eq!(lines[0].text, "NOTE: offline edits merge.");
    let Block::Paragraph { lines } = &doc.parts[5].blocks[0] else {
        panic!("{:?}", doc.parts[5].blocks)
    };
    assert_eq!(lines[0].text, "Cooking 3D PRINTING:");

    // A Markdown heading anywhere: label lines, plain or bold, grow no sections.
    let markdown = Document::parse("# Skiff\n\nNOTE:\nLists merge.\n\n**NOTE:**\n\nFEATURES:\n");
    assert_eq!(
        titles(&markdown),
        [
            (0, "", None, false),
            (1, "Skiff", Some(0), false),
            (2, "NOTE", Some(1), true),
        ]
    );
}

#[test]
fn labels_split_from_items_and_lines() {
    let source = "\
- **Concurrent Users**: 10,000
- **Memory:** < 2GB
- **Bold** words that are not a label
- plain item
  - [x] done child
  - [ ] open child

**Project Type**: Web application
**Database** - PostgreSQL
";
    let doc = Document::parse(source);
    let Block::List {
        items,
        ordered: false,
    } = &doc.parts[0].blocks[0]
    else {
        panic!("{:?}", doc.parts[0].blocks)
    };
    let lines: Vec<&Line> = items.iter().map(|i| &i.line).collect();
    assert_eq!(
        lines,
        [
            &line(Some("Concurrent Users"), "10,000", 0, 1),
            &line(Some("Memory"), "< 2GB", 31, 2),
            &line(None, "Bold words that are not a label", 51, 3),
            &line(None, "plain item", 89, 4),
        ]
    );
    let children: Vec<(&str, Option<bool>)> = items[3]
        .children
        .iter()
        .map(|c| (c.line.text.as_ref(), c.checked))
        .collect();
    assert_eq!(
        children,
        [("done child", Some(true)), ("open child", Some(false))]
    );
    let Block::Paragraph { lines } = &doc.parts[0].blocks[1] else {
        panic!()
    };
    assert_eq!(lines[0].plain(), "Project Type: Web application");
    assert_eq!(lines[1].label.as_deref(), Some("Database"));
    assert_eq!(lines[1].text, "PostgreSQL");
    assert_eq!(lines[1].span.line, 9);
}

#[test]
fn code_tables_html_and_front_matter() {
    let source = "\
---
title: Shop
authors:
  - ada
  - 'grace'
---
```mermaid
graph TD
  A --> B
```

| Risk | Impact |
|------|--------|
| Outage | High |

<div>raw</div>
";
    let doc = Document::parse(source);
    assert_eq!(
        doc.front_matter,
        [
            ("title".into(), "Shop".into()),
            ("authors".into(), "ada, grace".into())
        ]
    );
    assert_eq!(
        doc.parts[0].blocks,
        [
            Block::Code {
                lang: Some("mermaid".into()),
                code: "graph TD\n  A --> B\n".into(),
                span: Span {
                    offset: 49,
                    line: 7
                }
            },
            Block::Table {
                header: vec!["Risk".into(), "Impact".into()],
                rows: vec![vec!["Outage".into(), "High".into()]],
                span: Span {
                    offset: 84,
                    line: 12
                }
            },
            Block::Html {
                html: "<div>raw</div>\n".into(),
                span: Span {
                    offset: 139,
                    line: 16
                }
            },
        ]
    );
}

fn depth(items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| 1 + depth(&i.children))
        .max()
        .unwrap_or(0)
}

#[test]
fn deep_lists_fold_into_their_deepest_kept_item() {
    let source = format!("{}x\n", "- ".repeat(40));
    let doc = Document::parse(&source);
    let Block::List { items, .. } = &doc.parts[0].blocks[0] else {
        panic!()
    };
    assert_eq!(depth(items), MAX_LIST_DEPTH);
}

#[test]
fn ten_thousand_nested_lists() {
    let source = format!("{}deep\n", "- ".repeat(10_000));
    let doc = Document::parse(&source);
    let Block::List { items, .. } = &doc.parts[0].blocks[0] else {
        panic!()
    };
    assert_eq!(depth(items), MAX_LIST_DEPTH);
    let mut deepest = &items[0];
    while let Some(child) = deepest.children.first() {
        deepest = child;
    }
    assert_eq!(deepest.line.text, "deep");
    assert!(prd::parse(source.as_bytes()).is_ok());
}

#[test]
fn hundred_thousand_column_table() {
    let columns = 100_000;
    let source = format!(
        "{}|\n{}|\n{}|\n",
        "| c ".repeat(columns),
        "|---".repeat(columns),
        "| 1 ".repeat(columns)
    );
    let doc = Document::parse(&source);
    let Block::Table { header, rows, .. } = &doc.parts[0].blocks[0] else {
        panic!()
    };
    assert_eq!(header.len(), columns);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), columns);
    assert!(prd::parse(source.as_bytes()).is_ok());
}

#[test]
fn one_megabyte_line() {
    let plain = "a".repeat(1 << 20);
    let doc = Document::parse(&plain);
    let Block::Paragraph { lines } = &doc.parts[0].blocks[0] else {
        panic!()
    };
    assert_eq!(lines[0].text.len(), 1 << 20);

    // Every number a target: each keeps a window of its sentence, not all 1 MB.
    let dense = "p95 < 20ms, ".repeat((1 << 20) / 12);
    let prd = prd::parse(dense.as_bytes()).unwrap();
    assert_eq!(prd.targets.len(), (1 << 20) / 12);
    assert!(prd
        .targets
        .iter()
        .all(|t| t.metric == Metric::Latency && t.sentence.len() <= 410));
}

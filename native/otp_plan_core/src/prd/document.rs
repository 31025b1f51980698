//! A Markdown document as sections of blocks, read in one pass over
//! pulldown-cmark's events.
//!
//! This is the layer below the requirements model: it knows Markdown, not
//! PRDs. Headings become a flat list of [`Part`]s linked to their parent;
//! each part holds the paragraphs, lists, tables and code under it. Inline
//! markup is dropped (text is kept), and every block remembers where it
//! starts so a message can point at a line.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::text;

/// Lists nested deeper than this are folded into their ancestor item's text,
/// so that pathological nesting cannot make later walks recurse without bound.
pub const MAX_LIST_DEPTH: usize = 16;

/// The Markdown options every reader of PRD.md uses (the benchmark too).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Where something starts: byte offset into the input and 1-based line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub offset: usize,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// Front matter (YAML `---` or TOML `+++`), top-level key → value, in order.
    pub front_matter: Vec<(String, String)>,
    /// Parts in source order. The first is the text before any heading:
    /// level 0, empty title.
    pub parts: Vec<Part>,
}

/// A heading and everything up to the next heading.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Part {
    /// 1–6 for Markdown headings; a bold-only line ("pseudo heading") sits one
    /// level below the Markdown heading it follows.
    pub level: u8,
    /// Heading text without numbering, emoji or closing `#`s: `## 2.1 🚀 Goals` → `Goals`.
    pub title: String,
    /// Heading text as written, markup removed: `Phase 2: Carts (Weeks 4-6)`.
    pub raw_title: String,
    /// Index of the enclosing part in [`Document::parts`].
    pub parent: Option<usize>,
    /// True for a bold-only line acting as a heading.
    pub pseudo: bool,
    pub span: Span,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph, one [`Line`] per source line.
    Paragraph {
        lines: Vec<Line>,
    },
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        span: Span,
    },
    /// Code kept verbatim; `lang` is the first word of the fence's info string.
    Code {
        lang: Option<String>,
        code: String,
        span: Span,
    },
    Html {
        html: String,
        span: Span,
    },
}

/// A line of text, with its leading bold label split off:
/// `**Database**: PostgreSQL` → label `Database`, text `PostgreSQL`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Line {
    pub label: Option<String>,
    pub text: String,
    pub span: Span,
}

impl Line {
    /// The line as written, label included: `Database: PostgreSQL`.
    /// Borrowed unless both a label and text need joining.
    pub fn plain(&self) -> Cow<'_, str> {
        match &self.label {
            Some(label) if self.text.is_empty() => Cow::Borrowed(label),
            Some(label) => Cow::Owned([label, ": ", &self.text].concat()),
            None => Cow::Borrowed(&self.text),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Item {
    /// The item's own text (all its paragraphs), label split off.
    pub line: Line,
    /// `Some(checked)` for a task-list item (`- [x] …`).
    pub checked: Option<bool>,
    pub children: Vec<Item>,
}

impl Document {
    /// Reads `source`. Never fails: any string is some Markdown.
    pub fn parse(source: &str) -> Document {
        Builder::new(&unwrap_tags(source)).run()
    }

    /// The parts nested under `index` (children, grandchildren, …), in order.
    pub fn descendants(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let level = self.parts[index].level;
        (index + 1..self.parts.len()).take_while(move |&i| self.parts[i].level > level)
    }
}

/// Byte offsets → 1-based lines, by binary search over line starts.
struct Lines(Vec<usize>);

impl Lines {
    fn new(source: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(
                source
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines(starts)
    }

    fn span(&self, offset: usize) -> Span {
        let line = self.0.partition_point(|&start| start <= offset);
        Span { offset, line }
    }
}

/// Collects a line's text, splitting off a leading bold label.
#[derive(Default)]
struct LineBuf {
    label: Option<String>,
    text: String,
    span: Span,
    /// Nesting of `**` while inside the leading bold run; 0 outside it.
    label_depth: u32,
    /// Set once anything but the leading bold run has been seen.
    label_closed: bool,
}

impl LineBuf {
    fn at(span: Span) -> LineBuf {
        LineBuf {
            span,
            ..LineBuf::default()
        }
    }

    fn start_strong(&mut self) {
        if self.label_depth > 0 {
            self.label_depth += 1;
        } else if !self.label_closed && self.label.is_none() && self.text.trim().is_empty() {
            self.label = Some(String::new());
            self.label_depth = 1;
        }
    }

    fn end_strong(&mut self) {
        if self.label_depth > 0 {
            self.label_depth -= 1;
            self.label_closed |= self.label_depth == 0;
        }
    }

    fn push(&mut self, s: &str) {
        match &mut self.label {
            Some(label) if self.label_depth > 0 => label.push_str(s),
            _ => {
                self.label_closed = true;
                self.text.push_str(s);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.label.is_none() && self.text.trim().is_empty()
    }

    /// Keeps the bold run as a label only when a separator follows it
    /// (`**A**: b`, `**A:** b`, `**A** - b`) or nothing does (`**A**`).
    fn finish(self) -> Line {
        let mut text = text::squash(self.text);
        let Some(label) = self.label else {
            return Line {
                label: None,
                text,
                span: self.span,
            };
        };
        let mut label = text::squash(label);
        let separator = text.len() - text.trim_start_matches([':', '-', '–', '—', ' ']).len();
        if label.ends_with(':') || separator > 0 || text.is_empty() {
            label.truncate(label.trim_end_matches([':', ' ']).len());
            text.replace_range(..separator, "");
            Line {
                label: Some(label),
                text,
                span: self.span,
            }
        } else {
            let text = text::squash([&label, " ", &text].concat());
            Line {
                label: None,
                text,
                span: self.span,
            }
        }
    }
}

struct OpenItem {
    line: LineBuf,
    checked: Option<bool>,
    children: Vec<Item>,
}

struct OpenList {
    ordered: bool,
    items: Vec<Item>,
}

/// Where inline text currently goes.
enum Sink {
    None,
    Heading(LineBuf),
    Paragraph(Vec<LineBuf>),
    Cell(String),
    Code {
        lang: Option<String>,
        code: String,
        span: Span,
    },
    Html(String, Span),
    FrontMatter(String),
}

struct Builder<'a> {
    source: &'a str,
    lines: Lines,
    doc: Document,
    /// Parent chain of the current part, by index.
    stack: Vec<usize>,
    /// Level of the last Markdown (not pseudo) heading.
    heading_level: u8,
    sink: Sink,
    lists: Vec<OpenList>,
    items: Vec<OpenItem>,
    /// Lists opened beyond [`MAX_LIST_DEPTH`] and not yet closed.
    folded_lists: usize,
    table: Option<(Vec<String>, Vec<Vec<String>>, Span)>,
    row: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Builder<'a> {
        let preamble = Part {
            span: Span { offset: 0, line: 1 },
            ..Part::default()
        };
        Builder {
            source,
            lines: Lines::new(source),
            doc: Document {
                front_matter: Vec::new(),
                parts: vec![preamble],
            },
            stack: vec![0],
            heading_level: 0,
            sink: Sink::None,
            lists: Vec::new(),
            items: Vec::new(),
            folded_lists: 0,
            table: None,
            row: Vec::new(),
        }
    }

    fn run(mut self) -> Document {
        let source = self.source;
        for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
            let at = range.start;
            match event {
                Event::Start(tag) => self.start(tag, at),
                Event::End(tag) => self.end(tag),
                Event::Text(s) | Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                    self.text(&s, at)
                }
                Event::SoftBreak | Event::HardBreak => self.line_break(at),
                Event::InlineHtml(html) => {
                    if html.trim_start_matches('<').starts_with("br") {
                        self.text(" ", at)
                    }
                }
                Event::Html(html) => match &mut self.sink {
                    Sink::Html(buf, _) => buf.push_str(&html),
                    _ => self.text(&html, at),
                },
                Event::TaskListMarker(checked) => {
                    if let (Some(item), 0) = (self.items.last_mut(), self.folded_lists) {
                        item.checked = Some(checked);
                    }
                }
                Event::FootnoteReference(_) | Event::Rule => {}
            }
        }
        self.doc
    }

    /// Handles a tag opening at byte `at`; lines are counted only for the
    /// tags that keep a [`Span`].
    fn start(&mut self, tag: Tag, at: usize) {
        match tag {
            Tag::Heading { .. } if self.items.is_empty() => {
                self.sink = Sink::Heading(LineBuf::at(self.lines.span(at)))
            }
            Tag::Paragraph if self.items.is_empty() => {
                self.sink = Sink::Paragraph(vec![LineBuf::at(self.lines.span(at))])
            }
            Tag::Paragraph | Tag::Heading { .. } => {
                if let Some(item) = self.items.last_mut() {
                    if !item.line.is_empty() {
                        item.line.push(" ");
                    }
                }
            }
            Tag::List(first) => {
                if self.lists.len() >= MAX_LIST_DEPTH {
                    self.folded_lists += 1;
                } else {
                    self.lists.push(OpenList {
                        ordered: first.is_some(),
                        items: Vec::new(),
                    });
                }
            }
            Tag::Item => {
                if self.folded_lists > 0 {
                    self.text(" ", at);
                } else {
                    let line = LineBuf::at(self.lines.span(at));
                    self.items.push(OpenItem {
                        line,
                        checked: None,
                        children: Vec::new(),
                    });
                }
            }
            Tag::Table(_) => self.table = Some((Vec::new(), Vec::new(), self.lines.span(at))),
            Tag::TableCell => self.sink = Sink::Cell(String::new()),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.sink = Sink::Code {
                    lang,
                    code: String::new(),
                    span: self.lines.span(at),
                };
            }
            Tag::HtmlBlock => self.sink = Sink::Html(String::new(), self.lines.span(at)),
            Tag::MetadataBlock(_) => self.sink = Sink::FrontMatter(String::new()),
            Tag::Strong => self.with_line(LineBuf::start_strong),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) if matches!(self.sink, Sink::Heading(_)) => {
                if let Sink::Heading(buf) = std::mem::replace(&mut self.sink, Sink::None) {
                    self.heading_level = level as u8;
                    let line = buf.finish();
                    self.open_part(level as u8, line.plain().into_owned(), false, line.span);
                }
            }
            TagEnd::Paragraph if matches!(self.sink, Sink::Paragraph(_)) => {
                if let Sink::Paragraph(bufs) = std::mem::replace(&mut self.sink, Sink::None) {
                    self.paragraph(bufs);
                }
            }
            TagEnd::Item if self.folded_lists == 0 => {
                if let Some(open) = self.items.pop() {
                    let item = Item {
                        line: open.line.finish(),
                        checked: open.checked,
                        children: open.children,
                    };
                    if let Some(list) = self.lists.last_mut() {
                        list.items.push(item);
                    }
                }
            }
            TagEnd::List(_) => {
                if self.folded_lists > 0 {
                    self.folded_lists -= 1;
                } else if let Some(list) = self.lists.pop() {
                    // Every list but the outermost sits in an item of the list around it.
                    match self.items.last_mut() {
                        Some(parent) => parent.children.extend(list.items),
                        None => self.push_block(Block::List {
                            ordered: list.ordered,
                            items: list.items,
                        }),
                    }
                }
            }
            TagEnd::TableCell => {
                if let Sink::Cell(cell) = std::mem::replace(&mut self.sink, Sink::None) {
                    self.row.push(text::squash(cell));
                }
            }
            TagEnd::TableHead => {
                let row = std::mem::take(&mut self.row);
                if let Some(table) = &mut self.table {
                    table.0 = row;
                }
            }
            TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(table) = &mut self.table {
                    table.1.push(row);
                }
            }
            TagEnd::Table => {
                if let Some((header, rows, span)) = self.table.take() {
                    self.push_block(Block::Table { header, rows, span });
                }
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                match std::mem::replace(&mut self.sink, Sink::None) {
                    Sink::Code { lang, code, span } => {
                        self.push_block(Block::Code { lang, code, span })
                    }
                    Sink::Html(html, span) => self.push_block(Block::Html { html, span }),
                    Sink::FrontMatter(raw) => {
                        let toml =
                            matches!(tag, TagEnd::MetadataBlock(MetadataBlockKind::PlusesStyle));
                        self.doc.front_matter = front_matter(&raw, if toml { '=' } else { ':' });
                    }
                    other => self.sink = other,
                }
            }
            TagEnd::Strong => self.with_line(LineBuf::end_strong),
            _ => {}
        }
    }

    /// Adds inline text found at byte `at`.
    fn text(&mut self, s: &str, at: usize) {
        match &mut self.sink {
            Sink::Heading(buf) => buf.push(s),
            Sink::Paragraph(bufs) => {
                if let Some(buf) = bufs.last_mut() {
                    if buf.text.is_empty() && buf.label.as_ref().is_none_or(String::is_empty) {
                        buf.span = self.lines.span(at);
                    }
                    buf.push(s);
                }
            }
            Sink::Cell(cell) => cell.push_str(s),
            Sink::Code { code, .. } => code.push_str(s),
            Sink::Html(html, _) => html.push_str(s),
            Sink::FrontMatter(raw) => raw.push_str(s),
            Sink::None => {
                if let Some(item) = self.items.last_mut() {
                    item.line.push(s);
                }
            }
        }
    }

    /// Handles a soft or hard line break at byte `at`.
    fn line_break(&mut self, at: usize) {
        match &mut self.sink {
            Sink::Paragraph(bufs) => bufs.push(LineBuf::at(self.lines.span(at))),
            Sink::Code { .. } | Sink::Html(..) | Sink::FrontMatter(_) => self.text("\n", at),
            _ => self.text(" ", at),
        }
    }

    /// Applies `f` to the line that inline markup currently writes to.
    fn with_line(&mut self, f: fn(&mut LineBuf)) {
        match &mut self.sink {
            Sink::Heading(buf) => f(buf),
            Sink::Paragraph(bufs) => {
                if let Some(buf) = bufs.last_mut() {
                    f(buf)
                }
            }
            Sink::None => {
                if let (Some(item), 0) = (self.items.last_mut(), self.folded_lists) {
                    f(&mut item.line)
                }
            }
            _ => {}
        }
    }

    /// A paragraph that is one bold run and nothing else is a heading in disguise.
    fn paragraph(&mut self, bufs: Vec<LineBuf>) {
        let lines: Vec<Line> = bufs
            .into_iter()
            .filter(|b| !b.is_empty())
            .map(LineBuf::finish)
            .collect();
        match lines.as_slice() {
            [Line {
                label: Some(label),
                text,
                span,
            }] if text.is_empty() => {
                let level = self.heading_level.saturating_add(1);
                self.open_part(level, label.clone(), true, *span);
            }
            [] => {}
            _ => self.push_block(Block::Paragraph { lines }),
        }
    }

    fn open_part(&mut self, level: u8, raw_title: String, pseudo: bool, span: Span) {
        while let Some(&top) = self.stack.last() {
            if self.doc.parts[top].level < level {
                break;
            }
            self.stack.pop();
        }
        let title = text::clean_heading(&raw_title);
        let parent = self.stack.last().copied();
        self.stack.push(self.doc.parts.len());
        self.doc.parts.push(Part {
            level,
            title,
            raw_title,
            parent,
            pseudo,
            span,
            blocks: Vec::new(),
        });
    }

    fn push_block(&mut self, block: Block) {
        if let Some(part) = self.doc.parts.last_mut() {
            part.blocks.push(block);
        }
    }
}

/// Top-level `key: value` pairs (or `key = value` for TOML); an indented
/// `- x` list under a key becomes its comma-separated value.
fn front_matter(raw: &str, separator: char) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for line in raw.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t', '-']) {
            if let (Some(item), Some((_, value))) = (trimmed.strip_prefix('-'), pairs.last_mut()) {
                if !value.is_empty() {
                    value.push_str(", ");
                }
                value.push_str(unquote(item.trim()));
            }
        } else if let Some((key, value)) = trimmed.split_once(separator) {
            pairs.push((
                unquote(key.trim()).to_string(),
                unquote(value.trim()).to_string(),
            ));
        }
    }
    pairs
}

fn unquote(s: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(quote).and_then(|s| s.strip_suffix(quote)) {
            return inner;
        }
    }
    s
}

/// Tag names that open an HTML block in CommonMark (kinds 1 and 6).
const HTML_BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Blanks lines that are only a made-up wrapper tag such as task-master's
/// `<context>` or `</PRD>`: CommonMark would read everything up to the next
/// blank line after one as raw HTML, hiding the headings inside. Lines keep
/// their length, so offsets stay true.
fn unwrap_tags(source: &str) -> Cow<'_, str> {
    let mut fenced = false;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && is_wrapper_tag(trimmed) {
            let out = out.get_or_insert_with(|| String::with_capacity(source.len()));
            let end = offset + line.trim_end_matches(['\r', '\n']).len();
            out.push_str(&source[copied..offset]);
            out.extend(std::iter::repeat_n(' ', end - offset));
            copied = end;
        }
        offset += line.len();
    }
    match out {
        Some(mut out) => {
            out.push_str(&source[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(source),
    }
}

fn is_wrapper_tag(line: &str) -> bool {
    let Some(name) = line.strip_prefix('<').and_then(|l| l.strip_suffix('>')) else {
        return false;
    };
    let name = name.strip_prefix('/').unwrap_or(name);
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !HTML_BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

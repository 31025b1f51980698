//! A Markdown document as sections of blocks, read in one pass over
//! pulldown-cmark's events.
//!
//! This is the layer below the requirements model: it knows Markdown, not
//! PRDs. Headings become a flat list of [`Part`]s linked to their parent;
//! each part holds the paragraphs, lists, tables and code under it. Inline
//! markup is dropped (text is kept), and every block remembers where it
//! starts so a message can point at a line.

use std::borrow::Cow;

use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use super::text::{self, Words};

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

/// A parsed Markdown file. Text borrows from the source wherever the source
/// has it as is (most lines, labels and cells), so reading costs few copies.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document<'a> {
    /// Front matter (YAML `---` or TOML `+++`), top-level key → value, in order.
    pub front_matter: Vec<(String, String)>,
    /// Parts in source order. The first is the text before any heading:
    /// level 0, empty title.
    pub parts: Vec<Part<'a>>,
}

/// A heading and everything up to the next heading.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Part<'a> {
    /// 1–6 for Markdown headings; a bold-only line ("pseudo heading") sits one
    /// level below the Markdown heading it follows. In a document without
    /// Markdown headings, upper-case label lines (`CORE FEATURES:`) are
    /// pseudo headings too, each style of line levelled in the order the
    /// document first uses it.
    pub level: u8,
    /// Heading text without numbering, emoji or closing `#`s: `## 2.1 🚀 Goals` → `Goals`.
    pub title: Cow<'a, str>,
    /// [`Words`] of `title`, normalised once for every reader that matches it.
    #[serde(skip)]
    pub words: Words,
    /// Heading text as written, markup removed: `Phase 2: Carts (Weeks 4-6)`.
    pub raw_title: Cow<'a, str>,
    /// Index of the enclosing part in [`Document::parts`].
    pub parent: Option<usize>,
    /// True for a bold-only line, or a plain label line, acting as a heading.
    pub pseudo: bool,
    pub span: Span,
    pub blocks: Vec<Block<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block<'a> {
    /// A paragraph, one [`Line`] per source line.
    Paragraph {
        lines: Vec<Line<'a>>,
    },
    List {
        ordered: bool,
        items: Vec<Item<'a>>,
    },
    Table {
        header: Vec<Cow<'a, str>>,
        rows: Vec<Vec<Cow<'a, str>>>,
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
pub struct Line<'a> {
    pub label: Option<Cow<'a, str>>,
    /// [`Words`] of `label` (none without one), normalised once for every
    /// reader that matches it.
    #[serde(skip)]
    pub label_words: Words,
    pub text: Cow<'a, str>,
    pub span: Span,
}

impl<'a> Line<'a> {
    /// A line with its label's words: lines are built here, so that
    /// `label_words` is always the label's.
    pub fn new(label: Option<Cow<'a, str>>, text: Cow<'a, str>, span: Span) -> Line<'a> {
        let label_words = label.as_deref().map(Words::of).unwrap_or_default();
        Line {
            label,
            label_words,
            text,
            span,
        }
    }

    /// The line as written, label included: `Database: PostgreSQL`.
    /// Borrowed unless both a label and text need joining.
    pub fn plain(&self) -> Cow<'_, str> {
        joined(
            self.label.as_deref().map(Cow::Borrowed),
            Cow::Borrowed(&self.text),
        )
    }

    /// [`Line::plain`], joining label and text in `buf` when both are there,
    /// so that a walk over many lines reuses one buffer.
    pub fn plain_in<'s>(&'s self, buf: &'s mut String) -> &'s str {
        match &self.label {
            Some(label) if !self.text.is_empty() => {
                buf.clear();
                buf.extend([label, ": ", &self.text]);
                buf
            }
            Some(label) => label,
            None => &self.text,
        }
    }

    /// [`Line::plain`], keeping what the line borrowed from the source.
    fn into_plain(self) -> Cow<'a, str> {
        joined(self.label, self.text)
    }
}

/// `label: text`, or whichever of the two there is.
fn joined<'s>(label: Option<Cow<'s, str>>, text: Cow<'s, str>) -> Cow<'s, str> {
    match label {
        Some(label) if text.is_empty() => label,
        Some(label) => Cow::Owned([&label, ": ", &text].concat()),
        None => text,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Item<'a> {
    /// The item's own text (all its paragraphs), label split off.
    pub line: Line<'a>,
    /// `Some(checked)` for a task-list item (`- [x] …`).
    pub checked: Option<bool>,
    pub children: Vec<Item<'a>>,
}

impl<'a> Document<'a> {
    /// Reads `source`. Never fails: any string is some Markdown.
    pub fn parse(source: &'a str) -> Document<'a> {
        let (parsed, blanked) = unwrap_tags(source);
        Builder::new(source, blanked).run(&parsed)
    }

    /// The parts nested under `index` (children, grandchildren, …), in order.
    pub fn descendants(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let level = self.parts[index].level;
        (index + 1..self.parts.len()).take_while(move |&i| self.parts[i].level > level)
    }
}

/// Byte offsets → 1-based lines, counting newlines on from the offset asked
/// for last: offsets come nearly in order, so the input is counted about once.
struct LineCounter<'a> {
    source: &'a [u8],
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn span(&mut self, offset: usize) -> Span {
        // Summed in byte-wide lanes per chunk, which vectorises well.
        let newlines = |bytes: &[u8]| -> usize {
            let in_chunk = |chunk: &[u8]| chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'));
            bytes
                .chunks(255)
                .map(|chunk| usize::from(in_chunk(chunk)))
                .sum()
        };
        if offset >= self.offset {
            self.line += newlines(&self.source[self.offset..offset]);
        } else {
            self.line -= newlines(&self.source[offset..self.offset]);
        }
        self.offset = offset;
        Span {
            offset,
            line: self.line,
        }
    }
}

/// The bytes of `outer` that `inner` is, when `inner` is a slice of it.
fn range_in(outer: &str, inner: &str) -> Option<Range<usize>> {
    // A string from elsewhere gives an offset out of range.
    let start = (inner.as_ptr() as usize).wrapping_sub(outer.as_ptr() as usize);
    let end = start.checked_add(inner.len())?;
    (end <= outer.len()).then_some(start..end)
}

/// Appends `s` to `to`, which stays borrowed when it was empty or when `s`
/// is the text right after it in `source`: pulldown-cmark splits a line's
/// text into several events at characters such as `<` or `&`.
fn append<'a>(source: &'a str, to: &mut Cow<'a, str>, s: Cow<'a, str>) {
    if to.is_empty() {
        *to = s;
        return;
    }
    if let (Cow::Borrowed(before), Cow::Borrowed(after)) = (&*to, &s) {
        if let (Some(before), Some(after)) = (range_in(source, before), range_in(source, after)) {
            if before.end == after.start {
                *to = Cow::Borrowed(&source[before.start..after.end]);
                return;
            }
        }
    }
    to.to_mut().push_str(&s);
}

/// `s[start..end]`, still borrowed when `s` was.
fn slice(s: Cow<'_, str>, start: usize, end: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(s) => Cow::Borrowed(&s[start..end]),
        Cow::Owned(mut s) => {
            s.truncate(end);
            s.drain(..start);
            Cow::Owned(s)
        }
    }
}

/// Collects a line's text, splitting off a leading bold label.
#[derive(Default)]
struct LineBuf<'a> {
    label: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
    span: Span,
    /// Nesting of `**` while inside the leading bold run; 0 outside it.
    label_depth: u32,
    /// Set once anything but the leading bold run has been seen.
    label_closed: bool,
}

impl<'a> LineBuf<'a> {
    fn at(span: Span) -> LineBuf<'a> {
        LineBuf {
            span,
            ..LineBuf::default()
        }
    }

    fn start_strong(&mut self) {
        if self.label_depth > 0 {
            self.label_depth += 1;
        } else if !self.label_closed && self.label.is_none() && self.text.trim().is_empty() {
            self.label = Some(Cow::Borrowed(""));
            self.label_depth = 1;
        }
    }

    fn end_strong(&mut self) {
        if self.label_depth > 0 {
            self.label_depth -= 1;
            self.label_closed |= self.label_depth == 0;
        }
    }

    /// Adds `s`, text of `source` or not.
    fn push(&mut self, source: &'a str, s: Cow<'a, str>) {
        match &mut self.label {
            Some(label) if self.label_depth > 0 => append(source, label, s),
            _ => {
                self.label_closed = true;
                append(source, &mut self.text, s);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.label.is_none() && self.text.trim().is_empty()
    }

    /// Keeps the bold run as a label only when a separator follows it
    /// (`**A**: b`, `**A:** b`, `**A** - b`) or nothing does (`**A**`).
    fn finish(self) -> Line<'a> {
        let text = text::squash(self.text);
        let Some(label) = self.label else {
            return Line::new(None, text, self.span);
        };
        let label = text::squash(label);
        let separator = text.len() - text.trim_start_matches([':', '-', '–', '—', ' ']).len();
        if label.ends_with(':') || separator > 0 || text.is_empty() {
            let label_end = label.trim_end_matches([':', ' ']).len();
            let text_end = text.len();
            Line::new(
                Some(slice(label, 0, label_end)),
                slice(text, separator, text_end),
                self.span,
            )
        } else {
            let text = text::squash(Cow::Owned([&label, " ", &text].concat()));
            Line::new(None, text, self.span)
        }
    }
}

struct OpenItem<'a> {
    line: LineBuf<'a>,
    checked: Option<bool>,
    children: Vec<Item<'a>>,
}

struct OpenList<'a> {
    ordered: bool,
    items: Vec<Item<'a>>,
}

/// Where inline text currently goes.
enum Sink<'a> {
    None,
    Heading(LineBuf<'a>),
    /// The lines finished so far and the one being read.
    Paragraph(Vec<Line<'a>>, LineBuf<'a>),
    Cell(Cow<'a, str>),
    Code {
        lang: Option<String>,
        code: String,
        span: Span,
    },
    Html(String, Span),
    FrontMatter(String),
}

type Table<'a> = (Vec<Cow<'a, str>>, Vec<Vec<Cow<'a, str>>>, Span);

struct Builder<'a> {
    /// The input as given; what the document borrows from.
    source: &'a str,
    /// Byte ranges of `source` that pulldown-cmark saw blanked (see [`unwrap_tags`]).
    blanked: Vec<Range<usize>>,
    /// The first of `blanked` not wholly before the text kept last.
    next_blanked: usize,
    lines: LineCounter<'a>,
    doc: Document<'a>,
    /// Parent chain of the current part, by index.
    stack: Vec<usize>,
    /// Level of the last Markdown (not pseudo) heading.
    heading_level: u8,
    sink: Sink<'a>,
    lists: Vec<OpenList<'a>>,
    items: Vec<OpenItem<'a>>,
    /// Lists opened beyond [`MAX_LIST_DEPTH`] and not yet closed.
    folded_lists: usize,
    table: Option<Table<'a>>,
    row: Vec<Cow<'a, str>>,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, blanked: Vec<Range<usize>>) -> Builder<'a> {
        let preamble = Part {
            span: Span { offset: 0, line: 1 },
            ..Part::default()
        };
        Builder {
            source,
            blanked,
            next_blanked: 0,
            lines: LineCounter {
                source: source.as_bytes(),
                offset: 0,
                line: 1,
            },
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

    /// Builds the document from the events of `parsed`: the source, or
    /// the source with wrapper tags blanked.
    fn run(mut self, parsed: &str) -> Document<'a> {
        for (event, range) in Parser::new_ext(parsed, options()).into_offset_iter() {
            let at = range.start;
            match event {
                Event::Start(tag) => self.start(tag, at),
                Event::End(tag) => self.end(tag),
                Event::Text(s) | Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                    let s = self.keep(s, parsed);
                    self.text(s, at)
                }
                Event::SoftBreak | Event::HardBreak => self.line_break(at),
                Event::InlineHtml(html) => {
                    if html.trim_start_matches('<').starts_with("br") {
                        self.text(Cow::Borrowed(" "), at)
                    }
                }
                Event::Html(html) => match &mut self.sink {
                    Sink::Html(buf, _) => buf.push_str(&html),
                    _ => {
                        let html = self.keep(html, parsed);
                        self.text(html, at)
                    }
                },
                Event::TaskListMarker(checked) => {
                    if let (Some(item), 0) = (self.items.last_mut(), self.folded_lists) {
                        item.checked = Some(checked);
                    }
                }
                Event::FootnoteReference(_) | Event::Rule => {}
            }
        }
        if self.heading_level == 0 {
            plain_headings(&mut self.doc.parts);
        }
        self.doc
    }

    /// An event's text as part of the source: borrowed when pulldown-cmark
    /// lent it straight from `parsed` and those bytes are the source's own
    /// (not blanked), copied otherwise (unescaped or joined text).
    fn keep(&mut self, s: CowStr<'_>, parsed: &str) -> Cow<'a, str> {
        if let CowStr::Borrowed(lent) = &s {
            if let Some(range) = range_in(parsed, lent) {
                if !self.blanked(&range) {
                    if let Some(own) = self.source.get(range) {
                        return Cow::Borrowed(own);
                    }
                }
            }
        }
        Cow::Owned(s.into_string())
    }

    /// Whether `range` touches a blanked wrapper tag. Text comes in source
    /// order, so the first blanked range not wholly before it only moves
    /// forward; it is searched for only when it did not.
    fn blanked(&mut self, range: &Range<usize>) -> bool {
        let mut next = self.next_blanked;
        if next > 0 && self.blanked[next - 1].end > range.start {
            next = self.blanked.partition_point(|b| b.end <= range.start);
        }
        while self.blanked.get(next).is_some_and(|b| b.end <= range.start) {
            next += 1;
        }
        self.next_blanked = next;
        self.blanked.get(next).is_some_and(|b| b.start < range.end)
    }

    /// Handles a tag opening at byte `at`; lines are counted only for the
    /// tags that keep a [`Span`].
    fn start(&mut self, tag: Tag, at: usize) {
        match tag {
            Tag::Heading { .. } if self.items.is_empty() => {
                self.sink = Sink::Heading(LineBuf::at(self.lines.span(at)))
            }
            Tag::Paragraph if self.items.is_empty() => {
                self.sink = Sink::Paragraph(Vec::new(), LineBuf::at(self.lines.span(at)))
            }
            Tag::Paragraph | Tag::Heading { .. } => {
                if let Some(item) = self.items.last_mut() {
                    if !item.line.is_empty() {
                        item.line.push(self.source, Cow::Borrowed(" "));
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
                    self.text(Cow::Borrowed(" "), at);
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
            Tag::TableCell => self.sink = Sink::Cell(Cow::Borrowed("")),
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
                    let span = line.span;
                    self.open_part(level as u8, line.into_plain(), false, span);
                }
            }
            TagEnd::Paragraph if matches!(self.sink, Sink::Paragraph(..)) => {
                if let Sink::Paragraph(mut lines, last) =
                    std::mem::replace(&mut self.sink, Sink::None)
                {
                    if !last.is_empty() {
                        lines.push(last.finish());
                    }
                    self.paragraph(lines);
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
    fn text(&mut self, s: Cow<'a, str>, at: usize) {
        match &mut self.sink {
            Sink::Heading(buf) => buf.push(self.source, s),
            Sink::Paragraph(_, buf) => {
                if buf.text.is_empty() && buf.label.as_deref().is_none_or(str::is_empty) {
                    buf.span = self.lines.span(at);
                }
                buf.push(self.source, s);
            }
            Sink::Cell(cell) => append(self.source, cell, s),
            Sink::Code { code, .. } => code.push_str(&s),
            Sink::Html(html, _) => html.push_str(&s),
            Sink::FrontMatter(raw) => raw.push_str(&s),
            Sink::None => {
                if let Some(item) = self.items.last_mut() {
                    item.line.push(self.source, s);
                }
            }
        }
    }

    /// Handles a soft or hard line break at byte `at`.
    fn line_break(&mut self, at: usize) {
        match &mut self.sink {
            Sink::Paragraph(lines, buf) => {
                let done = std::mem::replace(buf, LineBuf::at(self.lines.span(at)));
                if !done.is_empty() {
                    lines.push(done.finish());
                }
            }
            Sink::Code { .. } | Sink::Html(..) | Sink::FrontMatter(_) => {
                self.text(Cow::Borrowed("\n"), at)
            }
            _ => self.text(Cow::Borrowed(" "), at),
        }
    }

    /// Applies `f` to the line that inline markup currently writes to.
    fn with_line(&mut self, f: fn(&mut LineBuf<'a>)) {
        match &mut self.sink {
            Sink::Heading(buf) | Sink::Paragraph(_, buf) => f(buf),
            Sink::None => {
                if let (Some(item), 0) = (self.items.last_mut(), self.folded_lists) {
                    f(&mut item.line)
                }
            }
            _ => {}
        }
    }

    /// A paragraph that is one bold run and nothing else is a heading in disguise.
    fn paragraph(&mut self, mut lines: Vec<Line<'a>>) {
        match lines.as_slice() {
            [Line {
                label: Some(_),
                text,
                ..
            }] if text.is_empty() => {
                let Some(Line { label, span, .. }) = lines.pop() else {
                    return;
                };
                let level = self.heading_level.saturating_add(1);
                self.open_part(level, label.unwrap_or_default(), true, span);
            }
            [] => {}
            _ => self.push_block(Block::Paragraph { lines }),
        }
    }

    fn open_part(&mut self, level: u8, raw_title: Cow<'a, str>, pseudo: bool, span: Span) {
        let heading = Heading {
            level,
            raw_title,
            pseudo,
            span,
        };
        open_part(&mut self.doc.parts, &mut self.stack, heading);
    }

    fn push_block(&mut self, block: Block<'a>) {
        push_to_last(&mut self.doc.parts, block);
    }
}

struct Heading<'a> {
    level: u8,
    raw_title: Cow<'a, str>,
    pseudo: bool,
    span: Span,
}

/// Appends the part `heading` opens; `stack` is the parent chain of the
/// last part, by index.
fn open_part<'a>(parts: &mut Vec<Part<'a>>, stack: &mut Vec<usize>, heading: Heading<'a>) {
    let Heading {
        level,
        raw_title,
        pseudo,
        span,
    } = heading;
    while let Some(&top) = stack.last() {
        if parts[top].level < level {
            break;
        }
        stack.pop();
    }
    let title = match &raw_title {
        Cow::Borrowed(raw) => text::clean_heading(raw),
        Cow::Owned(raw) => Cow::Owned(text::clean_heading(raw).into_owned()),
    };
    let parent = stack.last().copied();
    stack.push(parts.len());
    parts.push(Part {
        level,
        words: Words::of(&title),
        title,
        raw_title,
        parent,
        pseudo,
        span,
        blocks: Vec::new(),
    });
}

/// How a line acting as a heading looks, which gives its level in a
/// document without Markdown headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bold,
    /// `CORE FEATURES:`
    Label,
    /// `2️⃣ BILLING:`, `▶ BILLING:` (`1. ` would start a list)
    MarkedLabel,
}

/// Plain-text PRDs (task-master's, among others) head their sections with
/// an upper-case label alone on its line: `CORE FEATURES:`. Such a line is a
/// heading only when `text` is all of it, the label at most 60 bytes with
/// two letters or more, every letter upper-case; a number or symbol before
/// it (`2️⃣ `, `▶ `) marks a heading of another style. A label with a value
/// after its colon (`NOTE: …`) is a line of text, like `Goal: …`.
fn label_style(line: &Line) -> Option<Style> {
    if line.label.is_some() {
        return None;
    }
    let body = line.text.strip_suffix(':')?.trim_end();
    let label = body.trim_start_matches(|c: char| !c.is_alphabetic());
    // `3D PRINTING:` has no marker: the digit is part of the label.
    let marked = body[..body.len() - label.len()].ends_with(char::is_whitespace);
    let label = if marked { label } else { body };
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let upper = label.chars().all(|c| {
        c.is_uppercase() || c.is_ascii_digit() || c.is_whitespace() || "&/+-'()".contains(c)
    });
    let style = if marked {
        Style::MarkedLabel
    } else {
        Style::Label
    };
    (body.len() <= 60 && letters >= 2 && upper).then_some(style)
}

/// In a document without Markdown headings, the label lines of
/// [`label_style`] are its headings. Each style of heading line (bold, a
/// label, a marked label) takes a level in the order the document first
/// uses it, as reStructuredText levels its underlines: `2️⃣ BILLING:` after
/// `CORE FEATURES:` sits under it. Headings are pseudo, as bold lines are.
/// Leaves a document with no such line as it is.
fn plain_headings(parts: &mut Vec<Part<'_>>) {
    let has_label = |part: &Part| {
        part.blocks.iter().any(|block| match block {
            Block::Paragraph { lines } => lines.iter().any(|l| label_style(l).is_some()),
            _ => false,
        })
    };
    if !parts.iter().any(has_label) {
        return;
    }
    let mut styles: Vec<Style> = Vec::new();
    let mut level = |style: Style| {
        let at = styles.iter().position(|&s| s == style).unwrap_or_else(|| {
            styles.push(style);
            styles.len() - 1
        });
        u8::try_from(at + 1).unwrap_or(u8::MAX)
    };
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    let mut stack: Vec<usize> = Vec::new();
    for mut part in std::mem::take(parts) {
        let blocks = std::mem::take(&mut part.blocks);
        if part.level == 0 {
            stack.push(out.len());
            out.push(part);
        } else {
            let heading = Heading {
                level: level(Style::Bold),
                raw_title: part.raw_title,
                pseudo: true,
                span: part.span,
            };
            open_part(&mut out, &mut stack, heading);
        }
        for block in blocks {
            let Block::Paragraph { lines } = block else {
                push_to_last(&mut out, block);
                continue;
            };
            let mut kept: Vec<Line> = Vec::new();
            for line in lines {
                let Some(style) = label_style(&line) else {
                    kept.push(line);
                    continue;
                };
                push_paragraph(&mut out, std::mem::take(&mut kept));
                let colon = line.text.trim_end_matches(':').trim_end().len();
                let heading = Heading {
                    level: level(style),
                    raw_title: slice(line.text, 0, colon),
                    pseudo: true,
                    span: line.span,
                };
                open_part(&mut out, &mut stack, heading);
            }
            push_paragraph(&mut out, kept);
        }
    }
    *parts = out;
}

fn push_to_last<'a>(parts: &mut [Part<'a>], block: Block<'a>) {
    if let Some(part) = parts.last_mut() {
        part.blocks.push(block);
    }
}

fn push_paragraph<'a>(parts: &mut [Part<'a>], lines: Vec<Line<'a>>) {
    if !lines.is_empty() {
        push_to_last(parts, Block::Paragraph { lines });
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
/// their length, so offsets stay true. Returns the text to parse and the
/// byte ranges blanked, in order.
fn unwrap_tags(source: &str) -> (Cow<'_, str>, Vec<Range<usize>>) {
    let mut blanked = Vec::new();
    if !starts_a_line_with_tag(source) {
        return (Cow::Borrowed(source), blanked);
    }
    let mut fenced = false;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        // Only a fence or a tag matters: most lines are ruled out by their
        // first non-blank character, before trimming their end.
        let trimmed = line.trim_start();
        if !trimmed.starts_with(['<', '`', '~']) {
            offset += line.len();
            continue;
        }
        let trimmed = trimmed.trim_end();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && is_wrapper_tag(trimmed) {
            blanked.push(offset..offset + line.trim_end_matches(['\r', '\n']).len());
        }
        offset += line.len();
    }
    if blanked.is_empty() {
        return (Cow::Borrowed(source), blanked);
    }
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for range in &blanked {
        out.push_str(&source[copied..range.start]);
        out.extend(std::iter::repeat_n(' ', range.len()));
        copied = range.end;
    }
    out.push_str(&source[copied..]);
    (Cow::Owned(out), blanked)
}

/// Whether some line starts with `<` after whitespace: the only lines
/// [`unwrap_tags`] blanks. Found by searching for `<` rather than walking
/// every line; each search back stops at the previous `<` at the latest.
fn starts_a_line_with_tag(source: &str) -> bool {
    source.match_indices('<').any(|(at, _)| {
        let bytes = &source.as_bytes()[..at];
        let indent = bytes
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n' && (b.is_ascii_whitespace() || !b.is_ascii()))
            .count();
        let from = at - indent;
        (from == 0 || bytes[from - 1] == b'\n') && source[from..at].trim().is_empty()
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn style(text: &str) -> Option<Style> {
        label_style(&Line {
            text: Cow::Borrowed(text),
            ..Line::default()
        })
    }

    #[test]
    fn headings_and_labels_carry_their_words() {
        let doc = Document::parse(
            "# 2. Must Have (P0)\n\n**Concurrent Users**: 10,000\n\nCORE FEATURES:\n",
        );
        let parts = &doc.parts;
        assert_eq!(parts[1].words, Words::of("Must Have (P0)"));
        let Block::Paragraph { lines } = &parts[1].blocks[0] else {
            panic!("{:?}", parts[1].blocks);
        };
        assert_eq!(lines[0].label_words, Words::of("Concurrent Users"));
        assert!(Line::new(None, Cow::Borrowed("x"), Span::default())
            .label_words
            .is_empty());
        for part in parts {
            assert_eq!(part.words, Words::of(&part.title), "{}", part.title);
        }
    }

    #[test]
    fn label_lines_by_style() {
        assert_eq!(style("CORE FEATURES:"), Some(Style::Label));
        assert_eq!(style("DESIGN & UX (V2):"), Some(Style::Label));
        assert_eq!(style("3D PRINTING:"), Some(Style::Label));
        assert_eq!(style("ÜBERSICHT:"), Some(Style::Label));
        assert_eq!(
            style("2\u{FE0F}\u{20E3} BILLING:"),
            Some(Style::MarkedLabel)
        );
        assert_eq!(style("🔟 SECURITY:"), Some(Style::MarkedLabel));
        // A value after the colon, a lower-case letter, no colon, one
        // letter, an unspaced script, or a sentence's length: text.
        for text in [
            "NOTE: read this",
            "Backend:",
            "CORE FEATURES",
            "A:",
            "機能:",
            "THE SYSTEM SHALL KEEP EVERY INVOICE FOR TEN YEARS AFTER ISSUE:",
        ] {
            assert!(style(text).is_none(), "{text}");
        }
        let bold = Line::new(
            Some(Cow::Borrowed("NOTE")),
            Cow::Borrowed(""),
            Span::default(),
        );
        assert!(label_style(&bold).is_none());
    }
}

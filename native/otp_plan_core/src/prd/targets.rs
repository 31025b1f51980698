//! Numeric targets: the numbers a PRD commits the system or product to
//! (`p95 < 200ms`, `99.9% uptime`, `동시 접속자 100명 이상`, `en menos de 5
//! minutos`).
//!
//! Precision first: a number is a target only when the text states a
//! requirement — a comparator or a goal (a goal word, or a section about
//! goals, success or quality) — about a metric it names, in a unit that fits
//! that metric. Everything else is left out: numbering, versions, dates,
//! prices, IDs, arities, ratios, the domain's own quantities, numbers in
//! code, and anything in out-of-scope or future sections.
//!
//! Each sentence is split into tokens once; every number then looks at a
//! few tokens around it, so a document costs time linear in its length.

use std::collections::HashMap;

use super::document::{Block, Document, Item};
use super::model::{Metric, Target};
use super::target_words as words;

/// Sentences longer than this are cut to a window around the quantity.
const MAX_SENTENCE: usize = 400;

/// Every target in `doc`, in source order; `file` names the document.
pub fn read(doc: &Document, file: &str) -> Vec<Target> {
    let mut reader = Reader::default();
    for (part, context) in doc.parts.iter().zip(contexts(doc, &mut reader.lexicon)) {
        let Some(context) = context else { continue };
        reader.scan(&part.raw_title, None, context, part.span.line);
        for block in &part.blocks {
            match block {
                Block::Paragraph { lines } => {
                    for line in lines {
                        for sentence in sentences(&line.plain()) {
                            let label = line.label.as_deref();
                            reader.scan(sentence, label, context, line.span.line);
                        }
                    }
                }
                Block::List { items, .. } => {
                    items.iter().for_each(|item| reader.item(item, context))
                }
                Block::Table { header, rows, span } => {
                    let goal = header
                        .iter()
                        .any(|cell| has_goal_word(cell, &mut reader.lexicon));
                    let context = Context {
                        success: context.success || goal,
                        ..context
                    };
                    for (n, row) in rows.iter().enumerate() {
                        // Rows follow the header and the delimiter row, one line each.
                        let line = span.line + 2 + n;
                        let label = row.first().map(|cell| cell.as_ref());
                        reader.scan(&row.join(" | "), label, context, line);
                    }
                }
                Block::Code { .. } | Block::Html { .. } => {}
            }
        }
    }
    for target in &mut reader.out {
        target.file = file.to_string();
    }
    reader.out
}

/// The walk's state: the targets found so far, and the meaning of every
/// word met so far.
#[derive(Default)]
struct Reader {
    lexicon: Lexicon,
    out: Vec<Target>,
}

impl Reader {
    /// A list item and its sub-items (their depth is bounded by the
    /// document's list depth limit).
    fn item(&mut self, item: &Item, context: Context) {
        let line = &item.line;
        self.scan(
            &line.plain(),
            line.label.as_deref(),
            context,
            line.span.line,
        );
        item.children
            .iter()
            .for_each(|child| self.item(child, context));
    }

    /// Appends every target in `sentence`, found on `line`. `label` is the
    /// item's bold label, which may name the metric of a bare number
    /// (`**Concurrent users**: 10,000`).
    fn scan(&mut self, sentence: &str, label: Option<&str>, context: Context, line: usize) {
        if !sentence.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let st = Sentence::new(sentence, label, context, &mut self.lexicon);
        let mut i = 0;
        while i < st.tokens.len() {
            match target_at(&st, i) {
                Some((target, next)) => {
                    self.out.push(Target { line, ..target });
                    i = next;
                }
                None => i += 1,
            }
        }
    }
}

/// What a word means to the reader, looked up in the vocabulary once per
/// distinct word of a document.
#[derive(Debug, Clone, Copy, Default)]
struct Meaning {
    metric: Option<Metric>,
    goal: bool,
    /// A setting, condition, example or sum of money: no target at all.
    aside: bool,
    /// A rule of the domain (expiry, timeout, retention): no time target.
    rule: bool,
    /// A person, whose time is a product measure.
    person: bool,
    /// Rate limits and quotas.
    limits: bool,
    /// Tests or code: what a coverage figure of the system is about.
    code: bool,
    /// In a heading: success measures or goals.
    success: bool,
    /// In a heading: quality requirements.
    quality: bool,
    /// In a heading: out of scope, future.
    excluded: bool,
}

impl Meaning {
    fn of(word: &str) -> Meaning {
        Meaning {
            metric: metric_of(word),
            goal: is_goal_word(word),
            aside: words::any(word, words::SETTING_WORDS) || words::any(word, words::MONEY_WORDS),
            rule: words::any(word, words::RULE_WORDS),
            person: words::any(word, words::PERSON_WORDS),
            limits: words::any(word, words::RATE_LIMIT_WORDS),
            code: words::any(word, words::CODE_WORDS),
            success: words::any(word, words::SUCCESS_SECTIONS),
            quality: words::any(word, words::QUALITY_SECTIONS),
            excluded: words::any(word, words::EXCLUDED_SECTIONS),
        }
    }

    /// Both meanings at once: what a sentence's words say together.
    fn or(self, other: Meaning) -> Meaning {
        Meaning {
            metric: self.metric.or(other.metric),
            goal: self.goal || other.goal,
            aside: self.aside || other.aside,
            rule: self.rule || other.rule,
            person: self.person || other.person,
            limits: self.limits || other.limits,
            code: self.code || other.code,
            success: self.success || other.success,
            quality: self.quality || other.quality,
            excluded: self.excluded || other.excluded,
        }
    }
}

/// The words met so far, each lowercased and looked up in the vocabulary
/// once: a document uses a few thousand distinct words, each many times.
#[derive(Default)]
struct Lexicon {
    /// A word as written → its entry in `words`.
    ids: HashMap<String, usize>,
    /// Each word lowercased, with its meaning.
    words: Vec<(String, Meaning)>,
}

impl Lexicon {
    /// The entry of `word` (as written), added when new.
    fn id(&mut self, word: &str) -> usize {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let lower = word.to_lowercase();
        let meaning = Meaning::of(&lower);
        self.words.push((lower, meaning));
        self.ids.insert(word.to_string(), self.words.len() - 1);
        self.words.len() - 1
    }

    fn word(&self, id: usize) -> &str {
        &self.words[id].0
    }

    fn meaning(&self, id: usize) -> Meaning {
        self.words[id].1
    }

    fn get(&mut self, word: &str) -> Meaning {
        let id = self.id(word);
        self.meaning(id)
    }
}

/// What the headings over a sentence (its part's and their ancestors') say
/// about its numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Context {
    /// Under success metrics, KPIs, goals or objectives: product measures
    /// (`80% of users finish onboarding`) are targets there.
    success: bool,
    /// Under non-functional, performance or quality requirements: a bound
    /// on a system metric needs no comparator there.
    quality: bool,
    /// Under rate limiting or quotas: rates are limits, not throughput.
    limits: bool,
}

/// Each part's [`Context`]; `None` for out-of-scope, non-goal and future
/// parts, whose numbers nobody committed to.
fn contexts(doc: &Document, lexicon: &mut Lexicon) -> Vec<Option<Context>> {
    // A lone level-1 heading is the document's title, not a section.
    let titles = doc
        .parts
        .iter()
        .filter(|p| p.level == 1 && !p.pseudo)
        .count();
    let mut contexts: Vec<Option<Context>> = Vec::with_capacity(doc.parts.len());
    for part in &doc.parts {
        let inherited = match part.parent {
            Some(p) => contexts[p],
            None => Some(Context::default()),
        };
        let context = if part.level == 1 && titles == 1 {
            inherited
        } else {
            let heading = heading_meaning(&part.raw_title, lexicon);
            inherited.filter(|_| !heading.excluded).map(|c| Context {
                success: c.success || heading.success,
                quality: c.quality || heading.quality,
                limits: c.limits || heading.limits,
            })
        };
        contexts.push(context);
    }
    contexts
}

/// What a heading's words, and the phrases of the section tables
/// (`out of scope`, `non-functional`), say about its section.
fn heading_meaning(raw: &str, lexicon: &mut Lexicon) -> Meaning {
    let heading = raw.to_lowercase();
    let phrase = |stems: &[&str]| {
        stems
            .iter()
            .any(|stem| stem.contains([' ', '-']) && heading.contains(stem))
    };
    let phrases = Meaning {
        success: phrase(words::SUCCESS_SECTIONS),
        quality: phrase(words::QUALITY_SECTIONS),
        excluded: phrase(words::EXCLUDED_SECTIONS),
        ..Meaning::default()
    };
    heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .fold(phrases, |meaning, word| meaning.or(lexicon.get(word)))
}

/// A goal word: whole, or inside an unspaced run (`목표치`).
fn is_goal_word(word: &str) -> bool {
    words::GOAL_WORDS
        .iter()
        .any(|&goal| word == goal || (words::opens_unspaced(goal) && word.contains(goal)))
}

fn has_goal_word(text: &str, lexicon: &mut Lexicon) -> bool {
    let text = text.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| lexicon.get(word).goal)
}

/// Splits at `. `, `! ` or `? ` followed by a capital letter.
fn sentences(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = (1..bytes.len().saturating_sub(1))
            .find(|&i| {
                matches!(bytes[i - 1], b'.' | b'!' | b'?')
                    && bytes[i] == b' '
                    && bytes[i + 1].is_ascii_uppercase()
            })
            .unwrap_or(bytes.len());
        let (sentence, tail) = rest.split_at(end);
        rest = tail.trim_start();
        Some(sentence.trim())
    })
}

// ---- tokens ----

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num {
        value: f64,
        /// `10K+`: at least.
        plus: bool,
        /// Written with a decimal point.
        decimal: bool,
    },
    /// Letters and digits from a letter on: its [`Lexicon`] entry.
    Word(usize),
    Sym(char),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn tokenize(s: &str, lexicon: &mut Lexicon) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() {
            let (tok, end) = number(s, start);
            while chars.peek().is_some_and(|&(at, _)| at < end) {
                chars.next();
            }
            tokens.push(Token { tok, start, end });
        } else if c.is_alphabetic() {
            let mut end = start;
            while let Some(&(at, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = at + c.len_utf8();
                chars.next();
            }
            let tok = Tok::Word(lexicon.id(&s[start..end]));
            tokens.push(Token { tok, start, end });
        } else {
            chars.next();
            let next = chars.peek().map(|&(_, c)| c);
            let (sym, wide) = match (c, next) {
                ('<', Some('=')) => ('≤', true),
                ('>', Some('=')) => ('≥', true),
                ('-', Some('>')) => ('→', true),
                ('％', _) => ('%', false),
                ('〜' | '～', _) => ('~', false),
                _ => (c, false),
            };
            let mut end = start + c.len_utf8();
            if wide {
                end += 1;
                chars.next();
            }
            tokens.push(Token {
                tok: Tok::Sym(sym),
                start,
                end,
            });
        }
    }
    tokens
}

/// The number at `start` (`5,000`, `99.9`, `10K`, `2M+`) and where it ends.
fn number(s: &str, start: usize) -> (Tok, usize) {
    let bytes = s.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut end = start;
    while digit(end) {
        end += 1;
        // A thousands group: `1,000` but not `1,5` or `1,0000`.
        if bytes.get(end) == Some(&b',') && (1..=3).all(|k| digit(end + k)) && !digit(end + 4) {
            end += 1;
        }
    }
    let integer_end = end;
    // `99.9`, and the decimal comma of `32,6` or `1,25` (a group of three is
    // thousands, read above).
    let decimal = matches!(bytes.get(end), Some(b'.' | b',')) && digit(end + 1);
    if decimal {
        end += 1;
        while digit(end) {
            end += 1;
        }
    }
    // What `f64` parses: the digits without thousands commas, a point, the fraction.
    let mut digits: String = s[start..integer_end]
        .chars()
        .filter(|&c| c != ',')
        .collect();
    digits.push('.');
    digits.push_str(&s[(integer_end + 1).min(end)..end]);
    let mut value: f64 = digits.parse().unwrap_or(0.0);
    let letter_after = |i: usize| s[i..].chars().next().is_some_and(char::is_alphanumeric);
    match bytes.get(end) {
        Some(b'k' | b'K') if !letter_after(end + 1) => (value, end) = (value * 1e3, end + 1),
        Some(b'M') if !letter_after(end + 1) => (value, end) = (value * 1e6, end + 1),
        _ => {}
    }
    let plus = bytes.get(end) == Some(&b'+');
    let tok = Tok::Num {
        value,
        plus,
        decimal,
    };
    (tok, end + usize::from(plus))
}

// ---- one sentence ----

struct Sentence<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// The words of `tokens`, lowercased, and what they mean.
    lexicon: &'a Lexicon,
    /// The item's bold label names a measure (`GitHub stars`), not an ID
    /// (`NFR5.1`).
    label_names_measure: bool,
    /// The metrics the label names.
    label_metrics: Vec<Metric>,
    /// What the sentence's and label's words say together.
    all: Meaning,
    context: Context,
}

impl Sentence<'_> {
    fn word(&self, k: usize) -> Option<&str> {
        match self.tokens.get(k)?.tok {
            Tok::Word(id) => Some(self.lexicon.word(id)),
            _ => None,
        }
    }

    /// What token `k` means (nothing, for numbers and symbols).
    fn meaning(&self, k: usize) -> Meaning {
        match self.tokens[k].tok {
            Tok::Word(id) => self.lexicon.meaning(id),
            _ => Meaning::default(),
        }
    }

    fn sym(&self, k: usize) -> Option<char> {
        match self.tokens.get(k)?.tok {
            Tok::Sym(c) => Some(c),
            _ => None,
        }
    }

    fn num(&self, k: usize) -> Option<f64> {
        match self.tokens.get(k)?.tok {
            Tok::Num { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Token `k` starts where token `k - 1` ends.
    fn attached(&self, k: usize) -> bool {
        k > 0 && k < self.tokens.len() && self.tokens[k - 1].end == self.tokens[k].start
    }
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str, label: Option<&str>, context: Context, lexicon: &'a mut Lexicon) -> Self {
        let tokens = tokenize(text, lexicon);
        let label: Vec<usize> = label
            .map(|label| tokenize(label, lexicon))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| match t.tok {
                Tok::Word(id) => Some(id),
                _ => None,
            })
            .collect();
        let lexicon = &*lexicon;
        let words = tokens.iter().filter_map(|t| match t.tok {
            Tok::Word(id) => Some(id),
            _ => None,
        });
        let all = words
            .chain(label.iter().copied())
            .fold(Meaning::default(), |all, id| all.or(lexicon.meaning(id)));
        let label_names_measure = !label.is_empty()
            && label
                .iter()
                .all(|&id| !lexicon.word(id).bytes().any(|b| b.is_ascii_digit()));
        Sentence {
            text,
            tokens,
            lexicon,
            label_metrics: label
                .iter()
                .filter_map(|&id| lexicon.meaning(id).metric)
                .collect(),
            label_names_measure,
            context: Context {
                success: context.success || all.goal,
                ..context
            },
            all,
        }
    }
}

/// How many tokens either side of a number its metric, percentile or
/// concurrency word may stand.
const NEAR: usize = 8;

fn near(st: &Sentence, i: usize) -> std::ops::Range<usize> {
    i.saturating_sub(NEAR)..(i + NEAR + 1).min(st.tokens.len())
}

/// What kind of quantity a number's unit makes it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dimension {
    /// Milliseconds per unit.
    Time(f64),
    Percent,
    /// Bytes per unit.
    Bytes(f64),
    /// Per-second factor.
    Rate(f64),
    /// A count of something named by a word after the number.
    Count,
    /// A number with no unit.
    Bare,
}

/// A number's unit: its dimension, the token after it, and the rest of an
/// unspaced run after the unit (`秒内完成` → `内完成`).
struct Unit {
    dimension: Dimension,
    end: usize,
    tail: String,
}

/// The target whose number is `st.tokens[i]`, and the token after it.
fn target_at(st: &Sentence, i: usize) -> Option<(Target, usize)> {
    let Tok::Num { value, plus, .. } = st.tokens[i].tok else {
        return None;
    };
    if !is_quantity(st, i) {
        return None;
    }
    let (upper, j) = range(st, i);
    let unit = unit_at(st, j);
    // `44px`, `4G`: a unit written onto the number that no table knows.
    let glued = st
        .tokens
        .get(j)
        .is_some_and(|t| t.start == st.tokens[j - 1].end);
    if matches!(unit.dimension, Dimension::Count) && glued && st.word(j).is_some_and(str::is_ascii)
    {
        return None;
    }
    let (before, from) = comparator_before(st, i);
    let (after, end) = comparator_after(st, &unit);
    let comparator = before
        .or(after)
        .or_else(|| plus.then_some(">="))
        .or_else(|| plus_after_percent(st, unit.end).then_some(">="));
    let first = from.unwrap_or(i);
    let metric = decide(st, i, &unit, comparator, before, first)?;
    let (factor, base) = match unit.dimension {
        Dimension::Time(ms) => (ms, "ms"),
        Dimension::Percent => (1.0, "%"),
        Dimension::Bytes(bytes) => (bytes, "bytes"),
        Dimension::Rate(per_second) => (per_second, "per_second"),
        Dimension::Count | Dimension::Bare => (1.0, "count"),
    };
    let percentile = match metric {
        Metric::Latency => percentile(st, i),
        _ => None,
    };
    // The quantity as written: from its comparator, or a percentile just
    // before it (`p95 < 200ms`), to its unit and a metric named right after
    // it (`99.9% uptime`) or the noun a count counts (`10K concurrent users`).
    let subject = subject_after(st, unit.end).or_else(|| match metric {
        Metric::Kpi => measured(st, first, unit.end),
        _ => None,
    });
    let mut first = first;
    if let Some((_, k)) = percentile {
        let between = (k + 1..first).all(|m| st.word(m).is_some() || st.sym(m) == Some(':'));
        if k < first && first - k <= 3 && between {
            first = k;
        }
    }
    let last = match unit.dimension {
        Dimension::Bare => end.max(i + 1) - 1,
        Dimension::Count => counted_noun(st, j).unwrap_or(i).max(end.max(j) - 1),
        _ if st.word(end).and_then(metric_of).is_some() => end,
        _ => end - 1,
    };
    let (start, stop) = (st.tokens[first].start, st.tokens[last].end);
    let target = Target {
        metric,
        value: value * factor,
        upper: upper.map(|u| u * factor),
        unit: base,
        percentile: percentile.map(|(p, _)| p),
        comparator,
        subject,
        text: st.text[start..stop].to_string(),
        sentence: window(st.text, start, stop),
        file: String::new(),
        line: 0,
    };
    Some((target, end.max(j + 1)))
}

/// The word a count at `j` counts: the first of the next few that names
/// people, connections, data or processes.
fn counted_noun(st: &Sentence, j: usize) -> Option<usize> {
    let nouns: Vec<usize> = (j..st.tokens.len())
        .take_while(|&k| st.word(k).is_some() || st.sym(k) == Some('-'))
        .filter(|&k| st.word(k).is_some())
        .take(4)
        .collect();
    let named = nouns.iter().copied().find(|&k| {
        st.word(k).is_some_and(|w| {
            words::any(w, words::USER_NOUNS)
                || words::any(w, words::DATA_NOUNS)
                || w.starts_with("process")
        })
    });
    named
}

/// Whether the number at `i` is a quantity, not part of a name, version,
/// date, ID, arity, price or section number.
fn is_quantity(st: &Sentence, i: usize) -> bool {
    let tokens = &st.tokens;
    // Glued to what comes before: `FR-1`, `v2`, `process_event/2`, `$50`, `#3`, `1.2.3`.
    if st.attached(i) {
        match tokens[i - 1].tok {
            Tok::Word(_) if !st.word(i - 1).is_some_and(words::is_unspaced) => return false,
            Tok::Sym(c) if "/#$€£¥_.,-@:§".contains(c) => {
                let sub = c == '-' && st.word(i - 2) == Some("sub");
                if !sub {
                    return false;
                }
            }
            _ => {}
        }
    }
    // Glued to another number after it: `2.0.1`, `4/5`, `10:30`.
    if st.attached(i + 1)
        && matches!(st.sym(i + 1), Some('.' | '/' | ':' | ','))
        && st.attached(i + 2)
        && st.num(i + 2).is_some()
    {
        return false;
    }
    // Numbering at the start: `1.`, `2)`, `5.2 Actor Processes`.
    if i == 0 {
        let decimal = matches!(tokens[0].tok, Tok::Num { decimal: true, .. });
        let numbered = st.attached(1) && matches!(st.sym(1), Some('.' | ')'));
        let capital = st.text[tokens.get(1).map_or(0, |t| t.start)..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if numbered || (decimal && capital) {
            return false;
        }
    }
    true
}

/// The upper end of a range from the number at `i` (`1-3`, `10–20`, `55~65`,
/// `3 to 4`), and the token after the range.
fn range(st: &Sentence, i: usize) -> (Option<f64>, usize) {
    let separator =
        matches!(st.sym(i + 1), Some('-' | '–' | '—' | '~')) || st.word(i + 1) == Some("to");
    match st.num(i + 2) {
        Some(hi) if separator => (Some(hi), i + 3),
        _ => (None, i + 1),
    }
}

fn unit_at(st: &Sentence, j: usize) -> Unit {
    let unit = |dimension, end| Unit {
        dimension,
        end,
        tail: String::new(),
    };
    if st.sym(j) == Some('%') {
        return unit(Dimension::Percent, j + 1);
    }
    let Some(word) = st.word(j) else {
        return unit(Dimension::Bare, j);
    };
    if let Some((ms, tail)) = lookup(word, words::TIME_UNITS) {
        return Unit {
            dimension: Dimension::Time(ms),
            end: j + 1,
            tail,
        };
    }
    if let Some((bytes, _)) = lookup(word, words::BYTE_UNITS).filter(|(_, tail)| tail.is_empty()) {
        return unit(Dimension::Bytes(bytes), j + 1);
    }
    if words::PERCENT_WORDS.contains(&word) {
        return unit(Dimension::Percent, j + 1);
    }
    if words::RATE_WORDS.contains(&word) {
        return unit(Dimension::Rate(1.0), j + 1);
    }
    // A rate: up to two words, then a noun counted per unit of time.
    for k in j..j + 3 {
        let Some(noun) = st.word(k) else { break };
        if words::any(noun, words::RATE_NOUNS) {
            if let Some((per, end)) = per_unit(st, k + 1) {
                return unit(Dimension::Rate(per), end);
            }
        }
    }
    unit(Dimension::Count, j)
}

/// A unit in `table` for `word`: the whole word, or in an unspaced script
/// the start of its run (`30초`), with the rest of the run.
fn lookup(word: &str, table: &[(&[&str], f64)]) -> Option<(f64, String)> {
    if let Some(&(_, factor)) = table.iter().find(|(names, _)| names.contains(&word)) {
        return Some((factor, String::new()));
    }
    if !words::is_unspaced(word) {
        return None;
    }
    table
        .iter()
        .flat_map(|(names, factor)| names.iter().map(move |name| (*name, *factor)))
        .filter(|(name, _)| words::opens_unspaced(name) && word.starts_with(name))
        .max_by_key(|(name, _)| name.len())
        .map(|(name, factor)| (factor, word[name.len()..].to_string()))
}

/// `/s`, `per minute`, `a day`, `daily` at `k`: the per-second factor and
/// the token after it.
fn per_unit(st: &Sentence, k: usize) -> Option<(f64, usize)> {
    if let Some(w) = st.word(k) {
        if let Some(&(_, per)) = words::RATE_ADVERBS.iter().find(|(name, _)| *name == w) {
            return Some((per, k + 1));
        }
    }
    let joined =
        st.sym(k) == Some('/') || st.word(k).is_some_and(|w| words::PER_WORDS.contains(&w));
    let unit = st.word(k + 1)?;
    let (per, _) = lookup(unit, words::PER_UNITS)
        .or_else(|| lookup(unit.trim_end_matches('s'), words::PER_UNITS))?;
    joined.then_some((per, k + 2))
}

/// The comparator written just before the number at `i`, and the token it
/// starts at.
fn comparator_before(st: &Sentence, i: usize) -> (Option<&'static str>, Option<usize>) {
    // `Target: 99.9%`, `(<500ms)`, `~80%`, `**50**`: skip what stands between.
    let mut k = i;
    while k > 0 && matches!(st.sym(k - 1), Some(':' | '(' | '~' | '*' | '≈')) {
        k -= 1;
    }
    let Some(prev) = k.checked_sub(1) else {
        return (None, None);
    };
    let symbol = match st.sym(prev) {
        Some('<') => Some("<"),
        Some('≤') => Some("<="),
        Some('>') => Some(">"),
        Some('≥') => Some(">="),
        Some('±') => Some("<="),
        Some('-') if st.word(prev.wrapping_sub(1)) == Some("sub") => {
            return (Some("<"), Some(prev - 1))
        }
        _ => None,
    };
    if symbol.is_some() {
        return (symbol, Some(prev));
    }
    for (phrase, comparator) in words::COMPARATORS_BEFORE {
        let n = phrase.len();
        if k >= n && (0..n).all(|m| st.word(k - n + m) == Some(phrase[m])) {
            return (Some(comparator), Some(k - n));
        }
    }
    // An unspaced run that ends in a comparator: `响应时间小于200ms`.
    if let Some(w) = st.word(prev).filter(|w| words::is_unspaced(w)) {
        for (phrase, comparator) in words::COMPARATORS_BEFORE {
            if phrase.len() == 1 && words::opens_unspaced(phrase[0]) && w.ends_with(phrase[0]) {
                return (Some(comparator), Some(prev));
            }
        }
    }
    (None, None)
}

/// The comparator written after the unit (`3초 이내`, `60秒内`, `200ms or
/// less`), and the token after the quantity.
fn comparator_after(st: &Sentence, unit: &Unit) -> (Option<&'static str>, usize) {
    let k = unit.end;
    for &(phrase, comparator) in words::COMPARATORS_AFTER {
        if words::opens_unspaced(phrase[0]) {
            // Inside the unit's run (`60秒内`), or the run after a counter (`100명 이상`).
            if unit.tail.contains(phrase[0]) {
                return (Some(comparator), k);
            }
            let counter = st.word(k).is_some_and(words::is_unspaced);
            if counter && st.word(k + 1) == Some(phrase[0]) {
                return (Some(comparator), k + 2);
            }
        }
        if (0..phrase.len()).all(|m| st.word(k + m) == Some(phrase[m])) {
            return (Some(comparator), k + phrase.len());
        }
    }
    (None, k)
}

/// `90%+`: the plus after a percent sign.
fn plus_after_percent(st: &Sentence, k: usize) -> bool {
    st.attached(k) && st.sym(k) == Some('+')
}

/// The metric a word names, if any.
fn metric_of(word: &str) -> Option<Metric> {
    words::METRIC_WORDS
        .iter()
        .find(|(_, stems)| words::any(word, stems))
        .map(|&(metric, _)| metric)
}

/// The metric named nearest the number at `i` among `wanted`, and how far
/// from it (the label counts as far).
fn nearest(st: &Sentence, i: usize, wanted: &[Metric]) -> Option<(Metric, usize)> {
    let own = near(st, i).filter_map(|k| Some((st.meaning(k).metric?, k.abs_diff(i))));
    let label = st.label_metrics.iter().map(|&metric| (metric, 100));
    own.chain(label)
        .filter(|(metric, _)| wanted.contains(metric))
        .min_by_key(|&(_, distance)| distance)
}

/// The metric of the quantity at `i`, when the sentence makes it a target.
/// `before` is the comparator written before the number, and `first` the
/// token the quantity starts at: that comparator's, or the number's own.
fn decide(
    st: &Sentence,
    i: usize,
    unit: &Unit,
    comparator: Option<&str>,
    before: Option<&str>,
    first: usize,
) -> Option<Metric> {
    let context = st.context;
    let bound = comparator.is_some();
    if st.all.aside || is_estimate(st, i, unit) {
        return None;
    }
    match unit.dimension {
        Dimension::Percent => {
            // `from ~35% → ~80%`: the first is where things stand today.
            let baseline = st.sym(unit.end) == Some('→')
                || matches!(st.word(i.wrapping_sub(1)), Some("from" | "von"));
            // `±5%`: a tolerance of the domain, not a bound on the system.
            let tolerance = i > 0 && st.sym(i - 1) == Some('±');
            if baseline || tolerance {
                return None;
            }
            let named = nearest(
                st,
                i,
                &[Metric::Availability, Metric::ErrorRate, Metric::Coverage],
            );
            // `80% coverage on the catalogue's films` measures data, not tests:
            // coverage is test coverage only beside tests or code, or under
            // quality requirements.
            let named = named.filter(|(metric, _)| {
                *metric != Metric::Coverage || st.all.code || context.quality
            });
            match named {
                // `99.9% uptime`, `90% test coverage`: named right beside it.
                Some((metric @ (Metric::Availability | Metric::Coverage), distance))
                    if distance <= 2 =>
                {
                    Some(metric)
                }
                Some((metric, distance))
                    if distance <= 4 && (bound || context.quality || context.success) =>
                {
                    Some(metric)
                }
                _ => context.success.then_some(Metric::Kpi),
            }
        }
        Dimension::Time(_) => {
            let percentile = percentile_near(st, i);
            // `fewer than 3 hours of readings`: an amount of data, not a time limit.
            let amount = st.word(first) == Some("fewer");
            // `every 30 seconds`: an interval.
            let interval = st
                .word(i.wrapping_sub(1))
                .is_some_and(|w| words::INTERVAL_WORDS.contains(&w));
            if st.all.rule || amount || interval || !(bound || percentile) {
                return None;
            }
            let named = nearest(
                st,
                i,
                &[Metric::RecoveryTime, Metric::LoadTime, Metric::Latency],
            );
            match named {
                Some((metric, _)) => Some(metric),
                // How long a person takes: a product measure.
                None if st.all.person => context.success.then_some(Metric::Kpi),
                None => Some(Metric::Latency),
            }
        }
        Dimension::Bytes(_) => {
            let memory = nearest(st, i, &[Metric::Memory]).is_some();
            (memory && (bound || context.quality || context.success)).then_some(Metric::Memory)
        }
        Dimension::Rate(_) => {
            if context.limits || st.all.limits {
                return None;
            }
            let written = st.sym(unit.end.saturating_sub(2)) == Some('/')
                || st
                    .word(unit.end - 1)
                    .is_some_and(|w| words::RATE_WORDS.contains(&w));
            (bound || written || context.quality || context.success).then_some(Metric::Throughput)
        }
        Dimension::Count | Dimension::Bare => count_metric(st, i, unit, comparator, before, first),
    }
}

/// `~35%`, `about 200ms`: an estimate of how things are, unless a plus
/// makes it a floor (`~80%+`).
fn is_estimate(st: &Sentence, i: usize, unit: &Unit) -> bool {
    let plus =
        matches!(st.tokens[i].tok, Tok::Num { plus: true, .. }) || plus_after_percent(st, unit.end);
    let approximate = i > 0
        && (matches!(st.sym(i - 1), Some('~' | '≈'))
            || st
                .word(i - 1)
                .is_some_and(|w| words::ESTIMATE_WORDS.contains(&w)));
    approximate && !plus
}

/// The metric of a count: concurrent users, data volume, processes, a
/// score or a KPI; `None` for the domain's own quantities.
fn count_metric(
    st: &Sentence,
    i: usize,
    unit: &Unit,
    comparator: Option<&str>,
    before: Option<&str>,
    first: usize,
) -> Option<Metric> {
    let Tok::Num { value, .. } = st.tokens[i].tok else {
        return None;
    };
    // Things are counted in whole numbers; `1.5x`, `2×` are ratios.
    let ratio = matches!(st.sym(unit.end), Some('×' | 'x')) || st.word(unit.end) == Some("x");
    if value.fract() != 0.0 || ratio {
        return None;
    }
    // The words that follow the number, across hyphens: `25 concurrent pilot-site users`.
    let nouns: Vec<&str> = (unit.end..st.tokens.len())
        .take_while(|&k| st.word(k).is_some() || st.sym(k) == Some('-'))
        .filter_map(|k| st.word(k))
        .take(4)
        .collect();
    if nouns.first().is_some_and(|w| is_calendar(w)) {
        return None;
    }
    let counted = |stems: &[&str]| nouns.iter().any(|w| words::any(w, stems));
    let concurrent = nearest(st, i, &[Metric::ConcurrentUsers]).is_some_and(|(_, d)| d <= 6);
    // `**Concurrent users**: 10,000 during a drop`: the label names it.
    let labelled = follows_label(st, first) && st.label_metrics.contains(&Metric::ConcurrentUsers);
    if (concurrent && counted(words::USER_NOUNS)) || labelled {
        return Some(Metric::ConcurrentUsers);
    }
    let bound = comparator.is_some();
    if before == Some("<=") && counted(words::DATA_NOUNS) {
        return Some(Metric::DataVolume);
    }
    if bound && nouns.iter().any(|w| w.starts_with("process")) {
        return Some(Metric::Processes);
    }
    // A product measure: a bound on something counted, in a success section.
    let measured = !nouns.is_empty()
        || scored(st, first)
        || (unit.dimension == Dimension::Bare && st.label_names_measure);
    (bound && measured && st.context.success).then_some(Metric::Kpi)
}

fn is_calendar(word: &str) -> bool {
    words::CALENDAR_WORDS.contains(&word)
        || (words::is_unspaced(word)
            && words::CALENDAR_WORDS
                .iter()
                .any(|c| words::opens_unspaced(c) && word.starts_with(c)))
}

/// `NPS > 50`, `Lighthouse Score: über 90`: a score word just before the
/// quantity that starts at token `first`.
fn scored(st: &Sentence, first: usize) -> bool {
    let mut k = first;
    while k > 0 && st.sym(k - 1).is_some() {
        k -= 1;
    }
    k > 0
        && st
            .word(k - 1)
            .is_some_and(|w| words::SCORE_WORDS.contains(&w))
}

/// Whether the quantity that starts at token `first` opens the text after
/// a label or cell: `Users: at least 1000`, `| 500+ |`.
fn follows_label(st: &Sentence, first: usize) -> bool {
    first > 0 && matches!(st.sym(first - 1), Some(':' | '|'))
}

/// Whether a percentile is named within a few tokens of the number at `i`.
fn percentile_near(st: &Sentence, i: usize) -> bool {
    let near = i.saturating_sub(4)..(i + 5).min(st.tokens.len());
    near.into_iter()
        .any(|k| st.word(k).is_some_and(is_percentile_word))
}

fn is_percentile_word(w: &str) -> bool {
    w.strip_prefix('p')
        .is_some_and(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The percentile named nearest the number at `i` (`p95`, `95th
/// percentile`): its value and token.
fn percentile(st: &Sentence, i: usize) -> Option<(u8, usize)> {
    let named = near(st, i).filter_map(|k| {
        if let Some(w) = st.word(k).filter(|w| is_percentile_word(w)) {
            return Some((w[1..].parse().ok()?, k));
        }
        let value = st.num(k)?;
        let ordinal = st
            .word(k + 1)
            .is_some_and(|w| ["th", "st", "nd", "rd"].contains(&w));
        let named = st
            .word(k + 1 + usize::from(ordinal))
            .is_some_and(|w| w.starts_with("percentil") || w.starts_with("perzentil"));
        (named && (1.0..100.0).contains(&value)).then_some((value as u8, k))
    });
    named.min_by_key(|&(_, k)| k.abs_diff(i))
}

/// `… for checkout`, `… for catalogue pages` → the words after `for`.
fn subject_after(st: &Sentence, k: usize) -> Option<String> {
    if st.word(k) != Some("for") {
        return None;
    }
    const STOP: &[&str] = &[
        "during", "and", "or", "with", "under", "at", "in", "on", "per", "of", "the", "a",
    ];
    let count = (k + 1..st.tokens.len())
        .take(4)
        .take_while(|&m| st.word(m).is_some_and(|w| !STOP.contains(&w)))
        .count();
    (count > 0).then(|| st.text[st.tokens[k + 1].start..st.tokens[k + count].end].to_string())
}

/// What a product measure measures: the phrase that ends just before the
/// quantity starting at token `first` (`Cart abandonment below 60%`,
/// `NPS > 50`, `Conversion: > 3%`, a row `| Churn | < 3% |`), or, when only
/// goal words stand there, the phrase after its unit (`Goal: >80% of
/// visitors return`). Either must be a whole phrase of a few words, from or
/// to the sentence's edge or a label's, cell's or clause's separator (not a
/// comma or a hyphen, which join words of a list or a compound): words cut
/// out of a longer clause would name the wrong thing, so then there is none.
fn measured(st: &Sentence, first: usize, unit_end: usize) -> Option<String> {
    const MAX_WORDS: usize = 6;
    let is_link = |k: usize| {
        st.word(k)
            .is_some_and(|w| words::SUBJECT_LINKS.contains(&w))
    };
    let mut end = first;
    while end > 0 && matches!(st.sym(end - 1), Some(':' | '*' | '(' | '|')) {
        end -= 1;
    }
    while end > 0 && is_link(end - 1) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start <= MAX_WORDS && st.word(start - 1).is_some() {
        start -= 1;
    }
    let opens = start == 0
        || matches!(
            st.sym(start - 1),
            Some(':' | '|' | '(' | '–' | '—' | ';' | '*' | '→')
        );
    if start < end && end - start <= MAX_WORDS && opens {
        if (start..end).any(|k| !st.meaning(k).goal) {
            return Some(st.text[st.tokens[start].start..st.tokens[end - 1].end].to_string());
        }
    } else if start < end {
        return None;
    }
    let start = unit_end + usize::from(is_link(unit_end));
    let count = (start..st.tokens.len())
        .take_while(|&k| st.word(k).is_some())
        .count();
    let closes = start + count == st.tokens.len()
        || matches!(
            st.sym(start + count),
            Some('.' | ';' | '(' | ')' | '|' | '–' | '—')
        );
    (count > 0 && count <= MAX_WORDS && closes)
        .then(|| st.text[st.tokens[start].start..st.tokens[start + count - 1].end].to_string())
}

/// `s` whole when short, else about [`MAX_SENTENCE`] bytes around `start..end`.
fn window(s: &str, start: usize, end: usize) -> String {
    if s.len() <= MAX_SENTENCE {
        return s.to_string();
    }
    let margin = MAX_SENTENCE.saturating_sub(end - start) / 2;
    let mut from = start.saturating_sub(margin);
    let mut to = (end + margin).min(s.len());
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    while !s.is_char_boundary(to) {
        to += 1;
    }
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < s.len() { "…" } else { "" };
    format!("{head}{}{tail}", &s[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(Metric, f64, &'static str)> {
        let mut reader = Reader::default();
        reader.scan(s, None, Context::default(), 1);
        reader
            .out
            .into_iter()
            .map(|t| (t.metric, t.value, t.unit))
            .collect()
    }

    #[test]
    fn coverage_is_of_tests_only_beside_tests_or_code() {
        assert_eq!(
            found("Code coverage of at least 90%"),
            [(Metric::Coverage, 90.0, "%")]
        );
        assert_eq!(found("80%+ coverage on the catalogue's films"), []);
    }

    #[test]
    fn a_unit_no_table_knows_makes_no_target() {
        assert_eq!(
            found("Controls MUST present touch targets of at least 44px."),
            []
        );
        assert_eq!(
            found("at least 10K concurrent users"),
            [(Metric::ConcurrentUsers, 10_000.0, "count")]
        );
    }

    #[test]
    fn a_bound_on_a_named_metric_is_a_target() {
        assert_eq!(
            found("p95 latency < 200ms"),
            [(Metric::Latency, 200.0, "ms")]
        );
        assert_eq!(found("99.9% uptime"), [(Metric::Availability, 99.9, "%")]);
        assert_eq!(
            found("Memory under 150MB"),
            [(Metric::Memory, 157286400.0, "bytes")]
        );
        assert_eq!(
            found("Handle 500 requests/s"),
            [(Metric::Throughput, 500.0, "per_second")]
        );
    }

    #[test]
    fn numbers_that_are_not_quantities_are_skipped() {
        for text in [
            "5.2 Actor Process Architecture",
            "JSON-RPC 2.0 for 2 users",
            "Licensed CC BY-SA 4.0",
            "Works on 4G networks",
            "Call process_event/2 within the handler",
            "FR-12 must respond",
            "Costs $20 per month",
            "Released 2024-05-01",
            "Damage multiplier 1.5x for 10 players",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn units_and_comparators_of_other_languages() {
        assert_eq!(
            found("페이지 로딩 시간: 3초 이내"),
            [(Metric::LoadTime, 3000.0, "ms")]
        );
        assert_eq!(
            found("报告生成在 60 秒内完成"),
            [(Metric::Latency, 60000.0, "ms")]
        );
        assert_eq!(
            found("en menos de 5 minutos"),
            [(Metric::Latency, 300000.0, "ms")]
        );
        assert_eq!(
            found("Recovery time < 5 минут"),
            [(Metric::RecoveryTime, 300000.0, "ms")]
        );
    }

    fn subjects(s: &str) -> Vec<Option<String>> {
        let mut reader = Reader::default();
        let success = Context {
            success: true,
            ..Context::default()
        };
        reader.scan(s, None, success, 1);
        reader.out.into_iter().map(|t| t.subject).collect()
    }

    #[test]
    fn a_product_measure_keeps_what_it_measures() {
        let said = |s: &str| Some(s.to_string());
        assert_eq!(
            subjects("Cart abandonment below 60%"),
            [said("Cart abandonment")]
        );
        assert_eq!(subjects("Churn | < 3%"), [said("Churn")]);
        assert_eq!(subjects("Signups should stay above 40%"), [said("Signups")]);
        assert_eq!(subjects("NPS > 50"), [said("NPS")]);
        assert_eq!(
            subjects("Goal: >80% of visitors return"),
            [said("visitors return")]
        );
        // Words cut out of a longer clause would name the wrong thing.
        for text in [
            "> 30%",
            "Day 7 retention > 30%",
            "Across every run the ingestion service keeps running for 100%",
            "80% of users complete at least one comparison or one download",
        ] {
            assert_eq!(subjects(text), [None], "{text}");
        }
    }

    #[test]
    fn a_share_of_visitors_is_no_user_count() {
        assert_eq!(found(">80% of visitors return"), []);
        assert_eq!(
            found("Goal: >80% of visitors return"),
            [(Metric::Kpi, 80.0, "%")]
        );
    }
}

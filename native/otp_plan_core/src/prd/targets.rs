//! Numeric targets in free text: `p95 < 200ms`, `10K+ concurrent users`,
//! `99.9% uptime`, `5,000 req/s`, `< 2GB memory`, `Weeks 3-4`.
//!
//! Each sentence is split into tokens once; every number then looks at a few
//! tokens around it for its unit, comparator and percentile, so a sentence
//! costs time linear in its length. A [`Scanner`] keeps its tokens and
//! lowercase words between sentences: scanning a document allocates only for
//! the targets it finds.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::model::{Metric, Target};
use super::text;

/// Sentences longer than this are cut to a window around the quantity.
const MAX_SENTENCE: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num {
        value: f64,
        plus: bool,
    },
    /// The word lowercased: `lower[from..to]` of its [`Sentence`].
    Word {
        from: usize,
        to: usize,
    },
    Sym(char),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// Finds the targets in one sentence after another.
#[derive(Debug, Default)]
pub struct Scanner {
    tokens: Vec<Token>,
    /// The words of the sentence being scanned, lowercased.
    lower: String,
}

impl Scanner {
    /// Appends to `out` every target in `sentence` (a list item, paragraph
    /// sentence, heading or table row) found on `line`. `label` is the item's
    /// bold label, which names the metric of a bare number:
    /// `**Concurrent Users**: 10,000`.
    pub fn scan(
        &mut self,
        sentence: &str,
        label: Option<&str>,
        line: usize,
        out: &mut Vec<Target>,
    ) {
        let Some(st) = self.sentence(sentence, label.unwrap_or_default()) else {
            return;
        };
        let first = out.len();
        let mut i = 0;
        while i < st.tokens.len() {
            match read(&st, i) {
                Some((found, next)) => {
                    out.push(Target {
                        sentence: window(sentence, found.start, found.end),
                        line,
                        ..found.target
                    });
                    i = next;
                }
                None => i += 1,
            }
        }
        if out.len() == first {
            bare_number(&st, line, out);
        }
    }

    /// `s` tokenized, with its label; `None` when no number starts in it, as
    /// a target needs one.
    // Inlined: returned through a call, the `Sentence` costs ~1 M
    // instructions per MB of dense PRD.
    #[inline(always)]
    fn sentence<'s>(&'s mut self, s: &'s str, label: &'s str) -> Option<Sentence<'s>> {
        if !has_number(s.as_bytes()) {
            return None;
        }
        self.tokenize(s);
        Some(Sentence {
            text: s,
            lower: &self.lower,
            tokens: &self.tokens,
            label,
            about: OnceCell::new(),
            hint: OnceCell::new(),
        })
    }

    /// Splits `s` into `self.tokens` and lowercases its words into
    /// `self.lower`: an ASCII sentence all at once, keeping its byte offsets;
    /// any other word by word, as `str::to_lowercase` may change a word's
    /// length and reads it whole (a final `Σ`).
    fn tokenize(&mut self, s: &str) {
        self.tokens.clear();
        // About one token per three bytes in prose; spares most regrowth.
        self.tokens.reserve(s.len() / 3 + 1);
        self.lower.clear();
        let ascii = s.is_ascii();
        if ascii {
            self.lower.push_str(s);
            self.lower.make_ascii_lowercase();
        }
        let mut start = 0;
        while start < s.len() {
            let c = char_at(s, start);
            // Spaces, most tokens' neighbours, are told apart first, then
            // letters, most tokens' starts; no letter is a digit or a space.
            let (tok, end) = if c == ' ' {
                start += 1;
                continue;
            } else if c.is_alphabetic() {
                let end = word_end(s, start);
                let (from, to) = if ascii {
                    (start, end)
                } else {
                    let from = self.lower.len();
                    self.lower.push_str(&lowercase(&s[start..end]));
                    (from, self.lower.len())
                };
                (Tok::Word { from, to }, end)
            } else if c.is_whitespace() {
                start += c.len_utf8();
                continue;
            } else if c.is_ascii_digit() {
                number(s, start)
            } else {
                symbol(s, start, c)
            };
            self.tokens.push(Token { tok, start, end });
            start = end;
        }
    }
}

/// Whether a number starts in `bytes`: a target needs one, and most
/// sentences hold none or one late.
fn has_number(bytes: &[u8]) -> bool {
    // A number starts at a digit no ASCII letter or digit runs into: `Sup12`
    // is a word.
    let starts_number =
        |i: usize| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
    // Sixteen bytes at a time are told free of digits in a few vector
    // instructions, as no early exit keeps the compiler from vectorizing.
    let mut from = 0;
    bytes.chunks(16).any(|chunk| {
        let to = from + chunk.len();
        let digits = chunk.iter().fold(false, |any, b| any | b.is_ascii_digit());
        let found = digits && (from..to).any(starts_number);
        from = to;
        found
    })
}

fn lowercase(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A tokenized sentence, and what it is about, worked out on first need:
/// most numbers are not followed by a unit that asks.
struct Sentence<'a> {
    text: &'a str,
    lower: &'a str,
    tokens: &'a [Token],
    label: &'a str,
    about: OnceCell<About>,
    /// What the label names.
    hint: OnceCell<Option<Metric>>,
}

impl<'a> Sentence<'a> {
    /// `t` lowercased, when it is a word.
    fn word(&self, t: &Token) -> Option<&'a str> {
        match t.tok {
            Tok::Word { from, to } => Some(&self.lower[from..to]),
            _ => None,
        }
    }

    fn is_word(&self, t: &Token, words: &[&str]) -> bool {
        self.word(t).is_some_and(|w| words.contains(&w))
    }

    fn about(&self) -> &About {
        self.about.get_or_init(|| About::of(self))
    }

    fn hint(&self) -> Option<Metric> {
        *self.hint.get_or_init(|| hint(self.label))
    }
}

/// The char at byte `at` of `s`, a char boundary; ASCII needs no decoding.
fn char_at(s: &str, at: usize) -> char {
    match s.as_bytes()[at] {
        b if b.is_ascii() => char::from(b),
        _ => s[at..].chars().next().unwrap_or_default(),
    }
}

/// The end of the word that starts at `start`: its letters and digits.
fn word_end(s: &str, start: usize) -> usize {
    let rest = &s.as_bytes()[start..];
    // One table load per byte (non-zero for ASCII letters and digits) is
    // cheaper than `is_ascii_alphanumeric`'s range checks.
    match rest
        .iter()
        .position(|&b| text::LOWER_ALNUM[usize::from(b)] == 0)
    {
        // An ASCII byte that is neither ends it, as does the sentence's end.
        Some(k) if rest[k].is_ascii() => start + k,
        None => s.len(),
        // Letters and digits beyond ASCII are told by their chars.
        _ => s[start..]
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(s.len(), |(k, _)| start + k),
    }
}

/// The number at `start`: `5,000`, `99.9`, `10K`, `2M+`, and where it ends.
fn number(s: &str, start: usize) -> (Tok, usize) {
    let bytes = s.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut end = start + 1;
    while digit(end)
        || (bytes[end - 1].is_ascii_digit()
            && bytes.get(end) == Some(&b',')
            && (1..=3).all(|k| digit(end + k))
            && !digit(end + 4))
    {
        end += if digit(end) { 1 } else { 4 };
    }
    if bytes.get(end) == Some(&b'.') && digit(end + 1) {
        end += 1;
        while digit(end) {
            end += 1;
        }
    }
    let written = &s[start..end];
    // An integer, as most are, needs no float parser: `u64 as f64` rounds
    // to nearest, as parsing does.
    let integer = written
        .bytes()
        .filter(|&b| b != b',')
        .try_fold(0u64, |n, b| match b {
            b'0'..=b'9' => n.checked_mul(10)?.checked_add(u64::from(b - b'0')),
            _ => None,
        });
    let mut value: f64 = match integer {
        Some(n) => n as f64,
        None if written.contains(',') => written.replace(',', "").parse().unwrap_or(0.0),
        None => written.parse().unwrap_or(0.0),
    };
    let letter_after = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    match bytes.get(end) {
        Some(b'k' | b'K') if !letter_after(end + 1) => (value, end) = (value * 1e3, end + 1),
        Some(b'M') if !letter_after(end + 1) => (value, end) = (value * 1e6, end + 1),
        _ => {}
    }
    let plus = bytes.get(end) == Some(&b'+');
    (Tok::Num { value, plus }, end + usize::from(plus))
}

/// The symbol `c` at `start`; `<=` and `>=` become `≤` and `≥`.
fn symbol(s: &str, start: usize, c: char) -> (Tok, usize) {
    let end = start + c.len_utf8();
    let equals = s.as_bytes().get(end) == Some(&b'=');
    match c {
        '<' if equals => (Tok::Sym('≤'), end + 1),
        '>' if equals => (Tok::Sym('≥'), end + 1),
        _ => (Tok::Sym(c), end),
    }
}

/// What a sentence's words are about.
#[derive(Default)]
struct About {
    concurrent: bool,
    memory: bool,
    latency: bool,
    availability: bool,
    rate_limit: bool,
}

impl About {
    fn of(st: &Sentence) -> About {
        let mut about = About::default();
        for w in st.tokens.iter().filter_map(|t| st.word(t)) {
            let w = w.trim_end_matches('s');
            match w {
                "concurrent" | "concurrently" | "simultaneou" | "simultaneously" | "online"
                | "peak" | "connected" => about.concurrent = true,
                "memory" | "ram" | "heap" | "footprint" => about.memory = true,
                "latency" | "response" | "respond" | "render" | "query" | "querie"
                | "percentile" | "roundtrip" => about.latency = true,
                "uptime" | "availability" | "available" | "sla" => about.availability = true,
                "rate" | "throttle" | "throttling" | "limiting" => about.rate_limit = true,
                _ if is_percentile_word(w) => about.latency = true,
                _ => {}
            }
        }
        about
    }
}

/// Words in a label that name the metric of its bare numbers, first first.
const HINTS: [(&str, Metric); 10] = [
    ("concurrent", Metric::ConcurrentUsers),
    ("user", Metric::ConcurrentUsers),
    ("connection", Metric::ConcurrentUsers),
    ("process", Metric::Processes),
    ("memory", Metric::Memory),
    ("latency", Metric::Latency),
    ("response", Metric::Latency),
    ("uptime", Metric::Availability),
    ("availability", Metric::Availability),
    ("throughput", Metric::Throughput),
];

/// For each byte, a bit for each of [`HINTS`] whose word starts with it,
/// ASCII case ignored.
const HINT_STARTS: [u16; 256] = {
    let mut starts = [0; 256];
    let mut k = 0;
    while k < HINTS.len() {
        let first = HINTS[k].0.as_bytes()[0];
        starts[first as usize] |= 1 << k;
        starts[first.to_ascii_uppercase() as usize] |= 1 << k;
        k += 1;
    }
    starts
};

/// The metric of the first of [`HINTS`] whose word `label` contains, ASCII
/// case ignored: one pass over the label, looking at each byte only for the
/// words that start with it and come before the best found so far.
fn hint(label: &str) -> Option<Metric> {
    let bytes = label.as_bytes();
    let mut best = HINTS.len();
    for at in 0..bytes.len() {
        let mut starting = HINT_STARTS[usize::from(bytes[at])] & ((1 << best) - 1);
        while starting != 0 {
            let k = starting.trailing_zeros() as usize;
            let word = HINTS[k].0.as_bytes();
            if bytes[at..]
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
            {
                best = k;
                break;
            }
            starting &= starting - 1;
        }
    }
    HINTS.get(best).map(|&(_, metric)| metric)
}

/// `p95`, `p99` → `Some(95)`, `Some(99)`. Words hold no `.`: `p99.9` is
/// read as `p99`, `.` and `9`.
fn percentile_word(w: &str) -> Option<u8> {
    let digits = w.strip_prefix('p')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn is_percentile_word(w: &str) -> bool {
    percentile_word(w).is_some()
}

/// What a count or rate after a number is of.
#[derive(Clone, Copy, PartialEq)]
enum Noun {
    User,
    Process,
    Rate,
}

/// The kind of noun `w` is, if any: one `match`, which the compiler turns
/// into a switch on length and a few compares, where looking through lists
/// of nouns took dozens for each word after a number.
fn noun(w: &str) -> Option<Noun> {
    Some(match w {
        "user" | "users" | "connection" | "connections" | "session" | "sessions" | "client"
        | "clients" | "visitor" | "visitors" | "shopper" | "shoppers" | "player" | "players"
        | "subscriber" | "subscribers" | "socket" | "sockets" => Noun::User,
        "process" | "processes" | "genserver" | "genservers" | "worker" | "workers" | "actor"
        | "actors" => Noun::Process,
        "req" | "reqs" | "request" | "requests" | "msg" | "msgs" | "message" | "messages"
        | "event" | "events" | "transaction" | "transactions" | "op" | "ops" | "operation"
        | "operations" | "write" | "writes" | "read" | "reads" | "call" | "calls" | "query"
        | "queries" => Noun::Rate,
        _ => return None,
    })
}

const SUBJECT_STOP: &[&str] = &[
    "during", "and", "or", "with", "under", "below", "at", "in", "on", "per", "when", "while",
    "across", "over", "of", "p50", "p90", "p95", "p99",
];

/// Seconds in one of a time unit, and whether it is a latency unit on its own.
fn time_unit(w: &str) -> Option<(f64, bool)> {
    Some(match w {
        "ms" | "msec" | "millisecond" | "milliseconds" => (1e-3, true),
        "us" | "µs" | "μs" | "microsecond" | "microseconds" => (1e-6, true),
        "s" | "sec" | "secs" | "second" | "seconds" => (1.0, false),
        "min" | "mins" | "minute" | "minutes" => (60.0, false),
        "h" | "hr" | "hrs" | "hour" | "hours" => (3600.0, false),
        "day" | "days" => (86400.0, false),
        "week" | "weeks" => (604800.0, false),
        _ => return None,
    })
}

fn byte_unit(w: &str) -> Option<f64> {
    let kib = 1024.0_f64;
    Some(match w {
        "b" | "byte" | "bytes" => 1.0,
        "kb" | "kib" => kib,
        "mb" | "mib" => kib.powi(2),
        "gb" | "gib" => kib.powi(3),
        "tb" | "tib" => kib.powi(4),
        _ => return None,
    })
}

/// Per-second factor of `/s`, `per minute`, …
fn per_unit(w: &str) -> Option<f64> {
    Some(match w {
        "s" | "sec" | "second" => 1.0,
        "m" | "min" | "minute" => 1.0 / 60.0,
        "h" | "hr" | "hour" => 1.0 / 3600.0,
        _ => return None,
    })
}

struct Found {
    target: Target,
    start: usize,
    end: usize,
}

/// The target whose number is `st.tokens[i]`, and the index after it.
fn read(st: &Sentence, i: usize) -> Option<(Found, usize)> {
    let tokens = st.tokens;
    let Tok::Num { value, plus } = tokens[i].tok else {
        return None;
    };
    let (upper, mut j) = range(st, i);
    let mut start = tokens[i].start;
    if i > 0 && st.is_word(&tokens[i - 1], WEEK_WORDS) {
        let target = target(
            Metric::Weeks,
            value,
            "week",
            tokens[i - 1].start,
            tokens[j - 1].end,
            st.text,
        );
        return Some((
            Found {
                target: Target { upper, ..target },
                start: tokens[i - 1].start,
                end: tokens[j - 1].end,
            },
            j,
        ));
    }
    let (metric, factor, unit, mut end) = unit_after(st, j)?;
    j = end;
    end = tokens[end - 1].end;
    let (comparator, from) = comparator_before(st, i);
    if let Some(from) = from {
        start = tokens[from].start;
    }
    let comparator = comparator.or_else(|| plus.then_some(">="));
    let mut percentile = None;
    let mut subject = None;
    if metric == Metric::Latency {
        if let Some((p, p_start, after)) = percentile_near(st, from.unwrap_or(i), j) {
            percentile = Some(p);
            if p_start < from.unwrap_or(i) {
                subject = words_between(st, after, from.unwrap_or(i));
                if subject.is_none() {
                    subject = word_before(st, p_start);
                }
                start = tokens[p_start].start;
            }
        }
    }
    if let Some(for_subject) = subject_after(st, j) {
        subject = Some(for_subject);
    }
    let mut target = target(metric, value * factor, unit, start, end, st.text);
    target.upper = upper.map(|u| u * factor);
    target.comparator = comparator;
    target.percentile = percentile;
    target.subject = subject;
    Some((Found { target, start, end }, j))
}

const WEEK_WORDS: &[&str] = &["week", "weeks", "wk", "wks"];

/// The upper end of a range from the number `st.tokens[i]` (`1-3`, `10–20`,
/// `3 to 4`), if it starts one, and the index after the range.
fn range(st: &Sentence, i: usize) -> (Option<f64>, usize) {
    let at = |k: usize| st.tokens.get(k);
    match (at(i + 1), at(i + 2)) {
        (
            Some(sep),
            Some(Token {
                tok: Tok::Num { value: hi, .. },
                ..
            }),
        ) if matches!(sep.tok, Tok::Sym('-' | '–' | '—')) || st.is_word(sep, &["to"]) => {
            (Some(*hi), i + 3)
        }
        _ => (None, i + 1),
    }
}

fn target(
    metric: Metric,
    value: f64,
    unit: &'static str,
    start: usize,
    end: usize,
    s: &str,
) -> Target {
    Target {
        metric,
        value,
        upper: None,
        unit,
        percentile: None,
        comparator: None,
        subject: None,
        text: s[start..end].to_string(),
        sentence: String::new(),
        line: 0,
    }
}

/// The unit at `st.tokens[j..]`: metric, factor to the base unit, base unit
/// name, and the index after the unit.
fn unit_after(st: &Sentence, j: usize) -> Option<(Metric, f64, &'static str, usize)> {
    let tokens = st.tokens;
    let next = tokens.get(j)?;
    if next.tok == Tok::Sym('%') {
        let named = tokens
            .get(j + 1)
            .is_some_and(|t| st.is_word(t, &["uptime", "availability", "available", "sla"]));
        return (st.about().availability || st.hint() == Some(Metric::Availability)).then_some((
            Metric::Availability,
            1.0,
            "%",
            j + 1 + usize::from(named),
        ));
    }
    let word = st.word(next)?;
    if let Some((seconds, is_latency)) = time_unit(word) {
        let latency = is_latency || (st.about().latency && seconds <= 1.0);
        return Some(if latency {
            (Metric::Latency, seconds * 1e3, "ms", j + 1)
        } else {
            (Metric::Duration, seconds, "s", j + 1)
        });
    }
    if let Some(bytes) = byte_unit(word) {
        return (st.about().memory || st.hint() == Some(Metric::Memory)).then_some((
            Metric::Memory,
            bytes,
            "bytes",
            j + 1,
        ));
    }
    if word == "rps" || word == "tps" || word == "qps" {
        return (!st.about().rate_limit).then_some((Metric::Throughput, 1.0, "per_second", j + 1));
    }
    // A noun, maybe after up to two adjectives: `50K cart processes`.
    let (k, word, noun) = (j..tokens.len().min(j + 3))
        .map_while(|k| {
            Some((
                k,
                st.word(&tokens[k])
                    .or_else(|| (tokens[k].tok == Tok::Sym('-')).then_some(""))?,
            ))
        })
        .find_map(|(k, w)| Some((k, w, noun(w)?)))?;
    if noun == Noun::Rate {
        let per = match (tokens.get(k + 1), tokens.get(k + 2)) {
            (Some(sep), Some(unit))
                if sep.tok == Tok::Sym('/') || st.is_word(sep, &["per", "a", "every"]) =>
            {
                st.word(unit)
                    .and_then(|u| per_unit(u.trim_end_matches('s')).or_else(|| per_unit(u)))
            }
            _ => None,
        }?;
        return (!st.about().rate_limit).then_some((Metric::Throughput, per, "per_second", k + 3));
    }
    if noun == Noun::Process {
        return Some((Metric::Processes, 1.0, "count", k + 1));
    }
    let always = word.starts_with("connection") || word.starts_with("socket");
    (always || st.about().concurrent || st.hint() == Some(Metric::ConcurrentUsers)).then_some((
        Metric::ConcurrentUsers,
        1.0,
        "count",
        k + 1,
    ))
}

/// The comparator written just before `st.tokens[i]`, and where it starts.
fn comparator_before(st: &Sentence, i: usize) -> (Option<&'static str>, Option<usize>) {
    let tokens = st.tokens;
    let word = |k: usize| i.checked_sub(k).and_then(|k| st.word(&tokens[k]));
    let one = match i.checked_sub(1).map(|k| tokens[k].tok) {
        Some(Tok::Sym('<')) => Some("<"),
        Some(Tok::Sym('≤')) => Some("<="),
        Some(Tok::Sym('>')) => Some(">"),
        Some(Tok::Sym('≥')) => Some(">="),
        Some(Tok::Sym('=')) => Some("="),
        Some(Tok::Word { .. }) => match word(1) {
            Some("under" | "below" | "beneath") => Some("<"),
            Some("within" | "max" | "maximum") => Some("<="),
            Some("over" | "above" | "exceeding") => Some(">"),
            Some("minimum") => Some(">="),
            _ => None,
        },
        Some(Tok::Sym('-')) if word(2) == Some("sub") => return (Some("<"), Some(i - 2)),
        _ => None,
    };
    if let Some(c) = one {
        return (Some(c), Some(i - 1));
    }
    let two = match (word(2), word(1)) {
        (Some("less" | "fewer" | "lower"), Some("than")) => "<",
        (Some("up"), Some("to")) | (Some("at"), Some("most")) => "<=",
        (Some("more" | "greater" | "higher"), Some("than")) => ">",
        (Some("at"), Some("least")) => ">=",
        _ => {
            if word(3) == Some("no") && matches!((word(2), word(1)), (Some("more"), Some("than"))) {
                return (Some("<="), Some(i - 3));
            }
            return (None, None);
        }
    };
    if word(3) == Some("no") {
        return (Some("<="), Some(i - 3));
    }
    (Some(two), Some(i - 2))
}

/// A percentile (`p95`, `95th percentile`) shortly before `from` or after `to`:
/// its value, its first token and the token after it.
fn percentile_near(st: &Sentence, from: usize, to: usize) -> Option<(u8, usize, usize)> {
    let tokens = st.tokens;
    for k in (from.saturating_sub(6)..from).rev() {
        match (st.word(&tokens[k]), tokens[k].tok) {
            (Some(w), _) => {
                if let Some(p) = percentile_word(w) {
                    return Some((p, k, k + 1));
                }
                if w == "percentile"
                    && k >= 2
                    && st.is_word(&tokens[k - 1], &["th", "st", "nd", "rd"])
                {
                    if let Tok::Num { value, .. } = tokens[k - 2].tok {
                        return Some((value as u8, k - 2, k + 1));
                    }
                }
            }
            (None, Tok::Sym('-' | ':' | '(')) => {}
            _ => break,
        }
    }
    (to..tokens.len().min(to + 3)).find_map(|k| {
        st.word(&tokens[k])
            .and_then(percentile_word)
            .map(|p| (p, k, k + 1))
    })
}

/// Words between a percentile and the comparator naming what is measured:
/// `95th percentile checkout latency under` → `checkout`.
fn words_between(st: &Sentence, from: usize, to: usize) -> Option<String> {
    let named = st.tokens[from..to]
        .iter()
        .take_while(|t| {
            st.word(t).is_some_and(|w| {
                ![
                    "latency",
                    "response",
                    "responses",
                    "time",
                    "times",
                    "is",
                    "must",
                    "should",
                    "of",
                ]
                .contains(&w)
            })
        })
        .count();
    (named > 0).then(|| st.text[st.tokens[from].start..st.tokens[from + named - 1].end].to_string())
}

fn word_before(st: &Sentence, k: usize) -> Option<String> {
    let t = st.tokens.get(k.checked_sub(1)?)?;
    let w = st.word(t)?;
    (!SUBJECT_STOP.contains(&w) && !["a", "the", "at", "is", "be", "with"].contains(&w))
        .then(|| st.text[t.start..t.end].to_string())
}

/// `… for checkout`, `… for catalogue pages` → the words after `for`.
fn subject_after(st: &Sentence, j: usize) -> Option<String> {
    if !st.is_word(st.tokens.get(j)?, &["for"]) {
        return None;
    }
    let count = st.tokens[j + 1..]
        .iter()
        .take(4)
        .take_while(|t| st.word(t).is_some_and(|w| !SUBJECT_STOP.contains(&w)))
        .count();
    if count == 0 {
        return None;
    }
    let words = &st.text[st.tokens[j + 1].start..st.tokens[j + count].end];
    let words = words.strip_prefix("the ").unwrap_or(words);
    Some(words.to_string())
}

/// `**Concurrent Users**: 10,000` — a number with no unit, named by its label.
fn bare_number(st: &Sentence, line: usize, out: &mut Vec<Target>) {
    let tokens = st.tokens;
    let Some(i) = tokens.iter().position(|t| matches!(t.tok, Tok::Num { .. })) else {
        return;
    };
    let Some(metric @ (Metric::ConcurrentUsers | Metric::Processes)) = st.hint() else {
        return;
    };
    let Tok::Num { value, plus } = tokens[i].tok else {
        return;
    };
    let (comparator, from) = comparator_before(st, i);
    let start = from.map_or(tokens[i].start, |k| tokens[k].start);
    let mut found = target(metric, value, "count", start, tokens[i].end, st.text);
    found.comparator = comparator.or_else(|| plus.then_some(">="));
    found.sentence = window(st.text, start, tokens[i].end);
    found.line = line;
    out.push(found);
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

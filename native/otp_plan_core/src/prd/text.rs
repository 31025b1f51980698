//! Small text helpers shared by the readers: whitespace, heading cleanup and
//! the normalised words headings and labels are matched by.

use std::borrow::Cow;

/// Collapses runs of whitespace to one space and trims; `s` is returned as
/// is (still borrowed, when it was) when it already is.
pub fn squash(s: Cow<'_, str>) -> Cow<'_, str> {
    if is_squashed(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// No whitespace but single spaces between words.
fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Folds without an early exit vectorise: nearly all text is told apart
    // by two quick passes; only text with a control or possibly non-ASCII
    // whitespace byte takes the exact walk.
    let unusual = bytes.iter().fold(false, |found, &b| {
        found | matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3)
    });
    if unusual {
        return is_squashed_exactly(s);
    }
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    let doubled = pairs.fold(false, |found, (&a, &b)| found | (a == b' ' && b == b' '));
    !doubled && !s.starts_with(' ') && !s.ends_with(' ')
}

/// [`is_squashed`] byte by byte, for text with unusual bytes.
fn is_squashed_exactly(s: &str) -> bool {
    // Starting "after a space" makes a leading space fail too.
    let mut after_space = true;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            // ASCII whitespace other than the space, vertical tab included.
            b'\t'..=b'\r' => return false,
            // Non-ASCII whitespace (U+0085 … U+3000) starts with one of these bytes.
            0xC2 | 0xE1..=0xE3 if s[i..].starts_with(char::is_whitespace) => return false,
            _ => after_space = false,
        }
    }
    !after_space || s.is_empty()
}

/// Words that, followed by a number, only count sections: `Phase 3:`, `Step 2 -`.
const COUNTERS: &[&str] = &[
    "phase",
    "step",
    "part",
    "section",
    "chapter",
    "stage",
    "milestone",
    "sprint",
    "feature",
];

/// Heading text without numbering (`2.`, `2.1`, `IV.`, `Phase 3:`), emoji,
/// decoration or trailing colons. Returns the input squashed when nothing
/// would remain. Borrowed from `raw` unless whitespace needed squashing.
pub fn clean_heading(raw: &str) -> Cow<'_, str> {
    if is_plain_heading(raw) {
        return squash(Cow::Borrowed(raw));
    }
    let mut s = trim_decoration(raw);
    loop {
        let next = trim_decoration(strip_number(s));
        if next.len() == s.len() || next.is_empty() {
            break;
        }
        s = next;
    }
    squash(Cow::Borrowed(if s.is_empty() { raw } else { s }))
}

/// Whether [`clean_heading`] has nothing to strip from `raw`, told without
/// its char-by-char passes: it starts with a word of ASCII letters that is
/// not a counter and ends in a letter or digit, as most headings do.
fn is_plain_heading(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let first = &raw[..letters];
    letters > 0
        && matches!(bytes.get(letters), None | Some(b' '))
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && !COUNTERS.iter().any(|c| first.eq_ignore_ascii_case(c))
}

/// Strips what is neither a word nor an opening bracket or quote from the
/// start, and what is neither a word nor a closing one from the end.
fn trim_decoration(s: &str) -> &str {
    s.trim_start_matches(|c: char| !c.is_alphanumeric() && !"([\"'`".contains(c))
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !")]\"'`!?".contains(c))
}

/// `2.1 Goals` → `Goals`, `B) Goals` → `Goals`, `Phase 3: Goals` → `Goals`;
/// anything else unchanged.
fn strip_number(s: &str) -> &str {
    let (first, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    let numbering = first.trim_end_matches([':', '.', ')', '-', '–', '—']);
    let is_number = !numbering.is_empty()
        && numbering
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let is_letter = first.len() == 2
        && first.ends_with(['.', ')'])
        && first.starts_with(|c: char| c.is_ascii_alphabetic());
    let is_roman = first.len() > 1
        && first.ends_with(['.', ')'])
        && numbering.chars().all(|c| "IVXLC".contains(c));
    if is_number || is_letter || is_roman {
        return rest;
    }
    // ASCII case folding suffices: no non-ASCII letter lowercases to a
    // counter's letters (the Kelvin sign's `k` is in none of them).
    if COUNTERS.iter().any(|c| first.eq_ignore_ascii_case(c)) {
        let (count, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let count = count.trim_end_matches([':', '.', ')', '-', '–', '—']);
        let counted = !count.is_empty()
            && (count.bytes().all(|b| b.is_ascii_digit())
                || count.chars().all(|c| "IVXLC".contains(c)));
        if counted {
            return after;
        }
    }
    s
}

/// Words too common to tell one heading from another; a `match` compares
/// lengths before bytes.
fn is_stopword(word: &[u8]) -> bool {
    matches!(
        word,
        b"a" | b"an"
            | b"and"
            | b"the"
            | b"of"
            | b"for"
            | b"to"
            | b"in"
            | b"on"
            | b"with"
            | b"our"
            | b"your"
            | b"by"
            | b"amp"
    )
}

/// Normalised words (see [`words`]): one buffer holding them back to back,
/// and where each ends.
#[derive(Debug, Default)]
pub struct Words {
    text: Text,
    ends: Ends,
    /// Bit [`initial`] set for each word: most words asked for are ruled
    /// out by their first byte alone.
    initials: u32,
}

/// Input shorter than this and ASCII keeps its words inline: most headings
/// and labels.
const INLINE: usize = 64;

/// The words' bytes, inline when they fit.
#[derive(Debug)]
enum Text {
    Inline([u8; INLINE], usize),
    Heap(Vec<u8>),
}

impl Default for Text {
    fn default() -> Text {
        Text::Inline([0; INLINE], 0)
    }
}

/// Where each word ends: for inline text, a bit per byte, set at each
/// word's last.
#[derive(Debug)]
enum Ends {
    Inline(u64),
    Heap(Vec<usize>),
}

impl Default for Ends {
    fn default() -> Ends {
        Ends::Inline(0)
    }
}

/// `b & 31` for the first byte `b` of `word`: which of 32 buckets it goes in.
pub fn initial(word: &[u8]) -> usize {
    word.first().map_or(0, |&b| usize::from(b & 31))
}

impl Words {
    /// Each word's (UTF-8) bytes: all callers compare them with ASCII
    /// phrases, and need not pay for checking them.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let text = self.text();
        self.ends().scan(0, move |start, end| {
            let word = &text[*start..end];
            *start = end;
            Some(word)
        })
    }

    /// True when `word` (already normalised) is one of the words. Inline,
    /// for most words are ruled out by their initial alone.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let word = word.as_bytes();
        !word.is_empty() && self.initials & 1 << initial(word) != 0 && self.find(word)
    }

    /// [`Words::contains`] past the initial: compares word by word.
    fn find(&self, word: &[u8]) -> bool {
        let text = self.text();
        let mut start = 0;
        self.ends().any(|end| {
            let found = text[start..end] == *word;
            start = end;
            found
        })
    }

    pub fn len(&self) -> usize {
        match &self.ends {
            Ends::Inline(bits) => bits.count_ones() as usize,
            Ends::Heap(ends) => ends.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn text(&self) -> &[u8] {
        match &self.text {
            Text::Inline(bytes, len) => &bytes[..*len],
            Text::Heap(bytes) => bytes,
        }
    }

    fn ends(&self) -> impl Iterator<Item = usize> + '_ {
        // One of the two is empty.
        let (mut bits, heap) = match &self.ends {
            Ends::Inline(bits) => (*bits, &[][..]),
            Ends::Heap(ends) => (0, &ends[..]),
        };
        let inline = std::iter::from_fn(move || {
            // Past `INLINE` once no bit is left.
            let end = bits.trailing_zeros() as usize + 1;
            // Clears the lowest bit set.
            bits &= bits.wrapping_sub(1);
            (end <= INLINE).then_some(end)
        });
        inline.chain(heap.iter().copied())
    }
}

/// Folds the plural of `word` (lowercase) in place: its new length, or
/// `None` for a stop word.
fn normalise(word: &mut [u8]) -> Option<usize> {
    let len = stem(word);
    (!is_stopword(&word[..len])).then_some(len)
}

/// Lowercase words, stop words dropped, plurals folded: `Risks & Mitigations` → `risk mitigation`.
pub fn words(s: &str) -> Words {
    if s.len() < INLINE && s.is_ascii() {
        return short_ascii_words(s.as_bytes());
    }
    let mut text = Vec::with_capacity(s.len());
    // Words are at least one byte apart: this never grows.
    let mut ends = Vec::with_capacity(s.len().div_ceil(2));
    let mut initials = 0;
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let start = text.len();
        if word.is_ascii() {
            text.extend_from_slice(word.as_bytes());
            text[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase`, not per char: a final `Σ` lowercases to `ς`.
            text.extend_from_slice(word.to_lowercase().as_bytes());
        }
        match normalise(&mut text[start..]) {
            Some(len) => {
                text.truncate(start + len);
                ends.push(text.len());
                initials |= 1 << initial(&text[start..]);
            }
            None => text.truncate(start),
        }
    }
    Words {
        text: Text::Heap(text),
        ends: Ends::Heap(ends),
        initials,
    }
}

/// Each byte lowercased when an ASCII letter or digit, else 0: one load
/// tells whether a byte is a word's and gives it.
pub const LOWER_ALNUM: [u8; 256] = {
    let mut table = [0; 256];
    let mut b: u8 = 0;
    while b < 128 {
        if b.is_ascii_alphanumeric() {
            table[b as usize] = b.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`words`] of ASCII `s` shorter than [`INLINE`], in one pass over its bytes
/// straight into the inline buffer: no word outgrows its bytes.
fn short_ascii_words(s: &[u8]) -> Words {
    let mut text = [0; INLINE];
    let (mut start, mut end, mut ends, mut initials) = (0, 0, 0u64, 0);
    let mut close = |text: &mut [u8; INLINE], start: usize, end: usize| {
        let Some(len) = normalise(&mut text[start..end]) else {
            return start;
        };
        ends |= 1 << (start + len - 1);
        initials |= 1 << initial(&text[start..]);
        start + len
    };
    for &b in s {
        let lower = LOWER_ALNUM[usize::from(b)];
        if lower != 0 {
            text[end] = lower;
            end += 1;
        } else if end > start {
            end = close(&mut text, start, end);
            start = end;
        }
    }
    if end > start {
        end = close(&mut text, start, end);
    }
    Words {
        text: Text::Inline(text, end),
        ends: Ends::Inline(ends),
        initials,
    }
}

/// Folds the plural of `word` in place; gives its new length.
fn stem(word: &mut [u8]) -> usize {
    let n = word.len();
    if n > 4 && word.ends_with(b"ies") {
        word[n - 3] = b'y';
        n - 2
    } else if n > 4
        && (word.ends_with(b"sses")
            || word.ends_with(b"ches")
            || word.ends_with(b"shes")
            || word.ends_with(b"xes"))
    {
        n - 2
    } else if n > 3
        && word.ends_with(b"s")
        && !word.ends_with(b"ss")
        && !word.ends_with(b"us")
        && !word.ends_with(b"is")
    {
        n - 1
    } else {
        n
    }
}

/// True when every word of `phrase` (already normalised) is among `words`.
pub fn has_all(words: &Words, phrase: &[&str]) -> bool {
    phrase.iter().all(|p| words.contains(p))
}

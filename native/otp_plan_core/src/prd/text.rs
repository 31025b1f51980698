//! Small text helpers shared by the readers: whitespace, heading cleanup and
//! the normalised words headings and labels are matched by.

/// Collapses runs of whitespace to one space and trims; `s` is returned as
/// is when it already is.
pub fn squash(s: String) -> String {
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
    out
}

/// No whitespace but single spaces between words; one pass over the bytes.
fn is_squashed(s: &str) -> bool {
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
/// would remain.
pub fn clean_heading(raw: &str) -> String {
    let mut s = trim_decoration(raw);
    loop {
        let next = trim_decoration(strip_number(s));
        if next.len() == s.len() || next.is_empty() {
            break;
        }
        s = next;
    }
    squash(if s.is_empty() { raw } else { s }.to_string())
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

/// Words too common to tell one heading from another.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "our", "your", "by", "amp",
];

/// Normalised words (see [`words`]): one buffer holding them back to back,
/// and where each ends.
#[derive(Debug, Default, PartialEq)]
pub struct Words {
    text: String,
    ends: Vec<usize>,
    /// Bit `b & 31` set for the first byte `b` of each word: most words
    /// asked for are ruled out by their first byte alone.
    initials: u32,
}

fn initial_bit(word: &[u8]) -> u32 {
    word.first().map_or(0, |b| 1 << (b & 31))
}

impl Words {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().scan(0, |start, &end| {
            let word = &self.text[*start..end];
            *start = end;
            Some(word)
        })
    }

    /// True when `word` (already normalised) is one of the words.
    pub fn contains(&self, word: &str) -> bool {
        let (text, word) = (self.text.as_bytes(), word.as_bytes());
        if self.initials & initial_bit(word) == 0 {
            return false;
        }
        let mut start = 0;
        self.ends.iter().any(|&end| {
            let found = text[start..end] == *word;
            start = end;
            found
        })
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Lowercase words, stop words dropped, plurals folded: `Risks & Mitigations` → `risk mitigation`.
pub fn words(s: &str) -> Words {
    let mut words = Words {
        text: String::with_capacity(s.len()),
        // Words are at least one byte apart: this never grows.
        ends: Vec::with_capacity(s.len().div_ceil(2)),
        initials: 0,
    };
    let text = &mut words.text;
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let start = text.len();
        if word.is_ascii() {
            text.push_str(word);
            text[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase`, not per char: a final `Σ` lowercases to `ς`.
            text.push_str(&word.to_lowercase());
        }
        stem(text, start);
        if STOPWORDS.contains(&&text[start..]) {
            text.truncate(start);
        } else {
            words.initials |= initial_bit(&text.as_bytes()[start..]);
            words.ends.push(text.len());
        }
    }
    words
}

/// Folds the plural of the word at `out[start..]` in place.
fn stem(out: &mut String, start: usize) {
    let word = &out[start..];
    if word.len() > 4 && word.ends_with("ies") {
        out.truncate(out.len() - 3);
        out.push('y');
    } else if word.len() > 4
        && (word.ends_with("sses")
            || word.ends_with("ches")
            || word.ends_with("shes")
            || word.ends_with("xes"))
    {
        out.truncate(out.len() - 2);
    } else if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        out.truncate(out.len() - 1);
    }
}

/// True when every word of `phrase` (already normalised) is among `words`.
pub fn has_all(words: &Words, phrase: &[&str]) -> bool {
    phrase.iter().all(|p| words.contains(p))
}

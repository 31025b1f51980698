//! Text helpers shared by the readers: whitespace, heading cleanup, and the
//! one normaliser every matcher compares words with.
//!
//! [`Words`] is how a heading, label or line is matched against the
//! vocabulary: lowercase, accents folded, punctuation gone, English plurals
//! folded, stop words dropped. A phrase of the vocabulary goes through the
//! same normaliser, so `Requisitos Funcionales` and `requisito funcional`
//! meet halfway. Scripts written without spaces (Chinese, Japanese, Korean)
//! are matched inside words, since their words carry particles and compounds.

use std::borrow::Cow;

/// Collapses runs of whitespace to one space and trims; `s` is returned as
/// is (still borrowed, when it was) when it already is.
pub fn squash(s: Cow<'_, str>) -> Cow<'_, str> {
    if is_squashed(&s) {
        return s;
    }
    Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// No whitespace but single spaces between words.
fn is_squashed(s: &str) -> bool {
    let mut after_space = true;
    for c in s.chars() {
        match c {
            ' ' if after_space => return false,
            ' ' => after_space = true,
            c if c.is_whitespace() => return false,
            _ => after_space = false,
        }
    }
    !after_space || s.is_empty()
}

/// Words that, followed by a number, only count sections: `Phase 3:`, `Fase 2 -`.
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
    "fase",
    "etapa",
    "étape",
    "schritt",
    "этап",
    "фаза",
];

/// Heading text without numbering (`2.`, `2.1`, `IV.`, `Phase 3:`), emoji,
/// decoration or trailing colons. Returns the input squashed when nothing
/// would remain. Borrowed from `raw` unless whitespace needed squashing.
pub fn clean_heading(raw: &str) -> Cow<'_, str> {
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

/// Strips what is neither a word nor an opening bracket or quote from the
/// start, and what is neither a word nor a closing one from the end.
fn trim_decoration(s: &str) -> &str {
    s.trim_start_matches(|c: char| !c.is_alphanumeric() && !"([\"'`（".contains(c))
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !")]\"'`!?）".contains(c))
}

/// `2.1 Goals` → `Goals`, `B) Goals` → `Goals`, `Phase 3: Goals` → `Goals`;
/// anything else unchanged.
fn strip_number(s: &str) -> &str {
    let (first, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    // A keycap digit (`2️⃣`) is the digit, a variation selector and U+20E3.
    let numbering = first
        .trim_end_matches([':', '.', ')', '-', '–', '—', '：'])
        .trim_end_matches(['\u{FE0F}', '\u{20E3}']);
    if is_numbering(numbering, first) {
        return rest;
    }
    if COUNTERS.contains(&first.to_lowercase().as_str()) {
        let (count, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let count = count.trim_end_matches([':', '.', ')', '-', '–', '—', '：']);
        let counted = !count.is_empty()
            && (count.chars().all(|c| c.is_ascii_digit() || c == '.')
                || count.chars().all(|c| "IVXLC".contains(c)));
        if counted {
            return after;
        }
    }
    s
}

/// `2.1`, `B)`, `IV.`: the first word of a numbered heading.
fn is_numbering(numbering: &str, first: &str) -> bool {
    let is_number = !numbering.is_empty()
        && numbering
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let is_letter = first.chars().count() == 2
        && first.ends_with(['.', ')'])
        && first.starts_with(|c: char| c.is_ascii_alphabetic());
    let is_roman = first.len() > 1
        && first.ends_with(['.', ')'])
        && numbering.chars().all(|c| "IVXLC".contains(c));
    is_number || is_letter || is_roman
}

/// Words too common to tell one heading from another, in the languages of
/// the vocabulary.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "our", "your", "by", "amp",
    "de", "del", "la", "las", "el", "los", "y", "e", "do", "da", "dos", "das", "du", "des", "le",
    "et", "der", "die", "und", "и", "в",
];

/// Letters with accents folded to their base letter (`é` → `e`); other
/// characters unchanged. Covers the Latin letters of the vocabulary's languages.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ё' => 'е',
        c => c,
    }
}

/// Whether `c` belongs to a script written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' // Han
        | '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' // Hangul
    )
}

/// Folds an English plural (also fine for Spanish, Portuguese, French):
/// `requirements` → `requirement`, `stories` → `story`. The stem is the
/// first `keep` bytes of `word` followed by `suffix`.
fn stem(word: &str) -> (usize, &'static str) {
    let n = word.len();
    if !word.is_ascii() || n <= 3 {
        return (n, "");
    }
    if n > 4 && word.ends_with("ies") {
        return (n - 3, "y");
    }
    if n > 4
        && (word.ends_with("sses")
            || word.ends_with("ches")
            || word.ends_with("shes")
            || word.ends_with("xes"))
    {
        return (n - 2, "");
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return (n - 1, "");
    }
    (n, "")
}

/// Normalised words of a text (see the module docs), one after another in
/// one buffer: a heading or label costs two allocations, not one per word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Words {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<usize>,
    /// Whether some word is of a script written without spaces.
    unspaced: bool,
}

impl Words {
    pub fn of(s: &str) -> Words {
        let mut words = Words {
            text: String::with_capacity(s.len()),
            ..Words::default()
        };
        let mut start = 0;
        let mut unspaced = false;
        for c in s.chars().flat_map(char::to_lowercase).map(fold) {
            if c.is_alphanumeric() {
                words.text.push(c);
                unspaced |= is_unspaced(c);
            } else {
                words.end_word(start, unspaced);
                (start, unspaced) = (words.text.len(), false);
            }
        }
        words.end_word(start, unspaced);
        words
    }

    /// Ends the word that starts at `start`: drops it when empty or a stop
    /// word, stems it otherwise.
    fn end_word(&mut self, start: usize, unspaced: bool) {
        let word = &self.text[start..];
        if word.is_empty() || STOPWORDS.contains(&word) {
            self.text.truncate(start);
            return;
        }
        let (keep, suffix) = stem(word);
        self.text.truncate(start + keep);
        self.text.push_str(suffix);
        self.ends.push(self.text.len());
        self.unspaced |= unspaced;
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Whether a (normalised) word is of a script written without spaces.
    pub fn is_unspaced_word(word: &str) -> bool {
        word.chars().any(is_unspaced)
    }

    /// Whether `word` (normalised) is one of the words, or, for a word of
    /// an unspaced script, inside one of them.
    pub fn contains(&self, word: &str) -> bool {
        if word.chars().any(is_unspaced) {
            // Only a word of an unspaced script can hold one.
            self.unspaced && self.iter().any(|w| w.contains(word))
        } else {
            self.iter().any(|w| w == word)
        }
    }

    /// Whether every word of `phrase` is there.
    pub fn has(&self, phrase: &Words) -> bool {
        let script_missing = phrase.unspaced && !self.unspaced;
        !phrase.is_empty() && !script_missing && phrase.iter().all(|w| self.contains(w))
    }

    /// Whether the words of `phrase` stand here one after another
    /// (`Functional Requirements`), not only somewhere (`Non-Negotiable
    /// Functional …` holds `non functional` apart).
    pub fn has_run(&self, phrase: &Words) -> bool {
        let mine: Vec<&str> = self.iter().collect();
        let wanted: Vec<&str> = phrase.iter().collect();
        !wanted.is_empty() && mine.windows(wanted.len()).any(|w| w == wanted.as_slice())
    }

    /// Whether some word is of a script written without spaces.
    pub fn has_unspaced(&self) -> bool {
        self.unspaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        Words::of(s).iter().map(str::to_string).collect()
    }

    #[test]
    fn a_run_is_the_phrase_word_after_word() {
        let heading = Words::of("Non-Negotiable Functional Requirements");
        assert!(heading.has(&Words::of("non functional")));
        assert!(!heading.has_run(&Words::of("non functional")));
        assert!(heading.has_run(&Words::of("functional requirements")));
    }

    #[test]
    fn words_fold_case_accents_plurals_and_stop_words() {
        assert_eq!(words("Risks & Mitigations"), ["risk", "mitigation"]);
        assert_eq!(words("Requisitos Funcionales"), ["requisito", "funcionale"]);
        assert_eq!(words("Visión del Producto"), ["vision", "producto"]);
        assert_eq!(words("ÜBERSICHT"), ["ubersicht"]);
        assert_eq!(words("Цели проекта"), ["цели", "проекта"]);
        assert_eq!(words("User Stories"), ["user", "story"]);
    }

    #[test]
    fn unspaced_scripts_match_inside_words() {
        let heading = Words::of("기능 요구사항");
        assert!(heading.has(&Words::of("요구사항")));
        assert!(Words::of("功能需求").has(&Words::of("需求")));
        assert!(!Words::of("requirements").has(&Words::of("require")));
    }

    #[test]
    fn squash_is_exact_on_any_whitespace() {
        assert_eq!(squash(Cow::Borrowed("a  b\u{3000}c ")), "a b c");
        assert!(matches!(squash(Cow::Borrowed("a b")), Cow::Borrowed(_)));
    }

    #[test]
    fn headings_lose_numbering_in_any_language() {
        assert_eq!(clean_heading("2.1 🚀 Goals"), "Goals");
        assert_eq!(clean_heading("Fase 2: Pagos"), "Pagos");
        assert_eq!(clean_heading("IV. Risks"), "Risks");
        assert_eq!(clean_heading("2\u{FE0F}\u{20E3} Payments"), "Payments");
        assert_eq!(clean_heading("MVP（最小）"), "MVP（最小）");
    }
}

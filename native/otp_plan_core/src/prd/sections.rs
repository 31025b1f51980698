//! What a section is about, from its heading: one row per [`Kind`] saying
//! where its content goes, and the phrases of every language in
//! [`vocab`](super::vocab) naming it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::text::Words;
use super::vocab::{Label, LANGUAGES};

/// The kinds of section a PRD has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Vision,
    Summary,
    Problem,
    Solution,
    Goals,
    NonGoals,
    SuccessCriteria,
    Users,
    Features,
    /// Scope lists, use cases, user flows, deliverables: the features of a
    /// document that has no features section, kept as written otherwise.
    Scope,
    Nfr,
    Scaling,
    Security,
    FaultTolerance,
    Ux,
    Api,
    OtpPatterns,
    Contexts,
    AppType,
    Architecture,
    Testing,
    DevEnvironment,
    Tools,
    Deployment,
    ExternalServices,
    Dependencies,
    SuccessMetrics,
    Risks,
    Timeline,
    OutOfScope,
    Assumptions,
    OpenQuestions,
    /// Recognised so that a weaker rule does not claim it, but kept as written.
    Kept,
}

/// Where the lines of a section go in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goes {
    /// `vision`: the first paragraph. For a summary, only when no vision section.
    Vision,
    Problem,
    Solution,
    /// One list of lines of the model, named by the field.
    List(Field),
    Features,
    Risks,
    Phases,
    /// Kept under its heading in `other_sections`.
    Kept,
}

/// The list fields of [`Prd`](super::Prd) a section can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Goals,
    NonGoals,
    SuccessCriteria,
    Users,
    Performance,
    Scaling,
    Security,
    FaultTolerance,
    Ux,
    Api,
    OtpPatterns,
    Contexts,
    TestTypes,
    Tools,
    Deployment,
    ExternalServices,
    Libraries,
    SuccessMetrics,
    OutOfScope,
    Assumptions,
    OpenQuestions,
}

/// One row per kind; on a tie between phrases of as many words, the
/// earlier row wins, which is why out-of-scope comes first ("Future
/// Requirements" is never read as requirements) and features late.
pub const KINDS: &[(Kind, Goes)] = &[
    (Kind::OutOfScope, Goes::List(Field::OutOfScope)),
    (Kind::NonGoals, Goes::List(Field::NonGoals)),
    (Kind::Vision, Goes::Vision),
    (Kind::Summary, Goes::Vision),
    (Kind::Problem, Goes::Problem),
    (Kind::Solution, Goes::Solution),
    (Kind::Risks, Goes::Risks),
    (Kind::Timeline, Goes::Phases),
    (Kind::Nfr, Goes::List(Field::Performance)),
    (Kind::Goals, Goes::List(Field::Goals)),
    (Kind::SuccessCriteria, Goes::List(Field::SuccessCriteria)),
    (Kind::Users, Goes::List(Field::Users)),
    (Kind::Scaling, Goes::List(Field::Scaling)),
    (Kind::Security, Goes::List(Field::Security)),
    (Kind::FaultTolerance, Goes::List(Field::FaultTolerance)),
    (Kind::Ux, Goes::List(Field::Ux)),
    (Kind::Api, Goes::List(Field::Api)),
    (Kind::OtpPatterns, Goes::List(Field::OtpPatterns)),
    (Kind::Contexts, Goes::List(Field::Contexts)),
    (Kind::AppType, Goes::Kept),
    (Kind::Architecture, Goes::Kept),
    (Kind::Testing, Goes::List(Field::TestTypes)),
    (Kind::DevEnvironment, Goes::Kept),
    (Kind::Tools, Goes::List(Field::Tools)),
    (Kind::Deployment, Goes::List(Field::Deployment)),
    (Kind::ExternalServices, Goes::List(Field::ExternalServices)),
    (Kind::Dependencies, Goes::List(Field::Libraries)),
    (Kind::SuccessMetrics, Goes::List(Field::SuccessMetrics)),
    // After the kinds a requirement can be about: "API Requirements" is the API.
    (Kind::Features, Goes::Features),
    (Kind::Scope, Goes::Features),
    (Kind::Assumptions, Goes::List(Field::Assumptions)),
    (Kind::OpenQuestions, Goes::List(Field::OpenQuestions)),
    (Kind::Kept, Goes::Kept),
];

impl Kind {
    pub fn goes(self) -> Goes {
        KINDS
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or(Goes::Kept, |&(_, goes)| goes)
    }

    fn rank(self) -> usize {
        KINDS
            .iter()
            .position(|(k, _)| *k == self)
            .unwrap_or(KINDS.len())
    }

    /// The kind a heading names: the phrase with the most words found in
    /// it, of any language; on a tie, the earlier row of [`KINDS`].
    pub fn of(heading: &str) -> Option<Kind> {
        Kind::of_words(&Words::of(heading))
    }

    /// The kind of the longest phrase the heading holds; between phrases
    /// as long, one written word after word beats one whose words stand
    /// apart, then the kind's rank decides.
    pub fn of_words(words: &Words) -> Option<Kind> {
        SECTION_PHRASES
            .found(words)
            .max_by_key(|(kind, phrase)| {
                (
                    phrase.len(),
                    words.has_run(phrase),
                    std::cmp::Reverse(kind.rank()),
                )
            })
            .map(|&(kind, _)| kind)
    }
}

/// Whether a heading names `kind` plainly: each of its words (numbers
/// aside) is a word of one of the kind's phrases, or a word that only says
/// "requirement" (`UX Requirements`) or that it defines the section's
/// subject (`MVP Scope Definition`). `Historical Progress Tracking` names
/// a feature, not a timeline.
pub fn plainly(kind: Kind, words: &Words) -> bool {
    let Some(phrase_words) = PLAIN_WORDS.get(&kind) else {
        return false;
    };
    words
        .iter()
        .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .all(|word| {
            if Words::is_unspaced_word(word) {
                // A compound: the phrase it holds makes up half of it or more.
                let held = phrase_words
                    .iter()
                    .filter(|p| word.contains(**p))
                    .map(|p| p.chars().count())
                    .max()
                    .unwrap_or(0);
                held * 2 >= word.chars().count()
            } else {
                phrase_words.contains(word)
            }
        })
}

/// For each kind, the words [`plainly`] accepts in its heading: those of
/// its phrases, of the features and scope phrases, and of `Defines`.
static PLAIN_WORDS: LazyLock<HashMap<Kind, HashSet<&'static str>>> = LazyLock::new(|| {
    let words_of = |wanted: &dyn Fn(Kind) -> bool| -> HashSet<&'static str> {
        let sections = SECTION_PHRASES.all.iter().filter(|(k, _)| wanted(*k));
        let defines = LABEL_PHRASES
            .all
            .iter()
            .filter(|(label, _)| *label == Label::Defines);
        sections
            .map(|(_, phrase)| phrase)
            .chain(defines.map(|(_, phrase)| phrase))
            .flat_map(|phrase| phrase.iter())
            .collect()
    };
    KINDS
        .iter()
        .map(|&(kind, _)| {
            let wanted = |k: Kind| matches!(k, Kind::Features | Kind::Scope) || k == kind;
            (kind, words_of(&wanted))
        })
        .collect()
});

/// Phrases normalised once, found by any of their words: a spaced
/// phrase under its first word, a phrase of an unspaced script (matched
/// inside words) among the few always tried.
pub struct Phrases<T> {
    all: Vec<(T, Words)>,
    by_first: HashMap<String, Vec<usize>>,
    unspaced: Vec<usize>,
}

impl<T: Copy> Phrases<T> {
    fn new(rows: impl Iterator<Item = (T, &'static str)>) -> Phrases<T> {
        let all: Vec<(T, Words)> = rows.map(|(t, p)| (t, Words::of(p))).collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut unspaced = Vec::new();
        for (i, (_, words)) in all.iter().enumerate() {
            match words.iter().next() {
                Some(first) if !Words::is_unspaced_word(first) => {
                    by_first.entry(first.to_string()).or_default().push(i)
                }
                Some(_) => unspaced.push(i),
                None => {}
            }
        }
        Phrases {
            all,
            by_first,
            unspaced,
        }
    }

    /// The phrases all of whose words are in `words`, in table order.
    fn found<'p>(&'p self, words: &'p Words) -> impl Iterator<Item = &'p (T, Words)> + 'p {
        // An unspaced phrase can only be inside a word of its script.
        let unspaced: &[usize] = if words.has_unspaced() {
            &self.unspaced
        } else {
            &[]
        };
        let mut at: Vec<usize> = words
            .iter()
            .filter_map(|w| self.by_first.get(w))
            .flatten()
            .chain(unspaced)
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter()
            .map(|i| &self.all[i])
            .filter(move |(_, phrase)| words.has(phrase))
    }
}

/// Every section phrase of every language.
static SECTION_PHRASES: LazyLock<Phrases<Kind>> = LazyLock::new(|| {
    Phrases::new(
        LANGUAGES
            .iter()
            .flat_map(|language| language.sections)
            .flat_map(|&(kind, phrases)| phrases.iter().map(move |p| (kind, *p))),
    )
});

/// Every label phrase of every language.
static LABEL_PHRASES: LazyLock<Phrases<Label>> = LazyLock::new(|| {
    Phrases::new(
        LANGUAGES
            .iter()
            .flat_map(|language| language.labels)
            .flat_map(|&(label, phrases)| phrases.iter().map(move |p| (label, *p))),
    )
});

/// Every priority group phrase, normalised once.
static PRIORITY_PHRASES: LazyLock<Phrases<()>> = LazyLock::new(|| {
    Phrases::new(
        LANGUAGES
            .iter()
            .flat_map(|language| language.priorities)
            .map(|p| ((), *p)),
    )
});

/// What a short label names (`**Mitigation**:`, a table heading): a phrase
/// that is all of it, or all but one word (`Mitigation Strategy`).
pub fn label(text: &str) -> Option<Label> {
    let words = Words::of(text);
    label_of(&words)
}

pub fn label_of(words: &Words) -> Option<Label> {
    // The longest phrase; of as long ones, the first listed.
    LABEL_PHRASES
        .found(words)
        .filter(|(_, phrase)| words.len() <= phrase.len() + 1)
        .min_by_key(|(_, phrase)| std::cmp::Reverse(phrase.len()))
        .map(|&(label, _)| label)
}

/// Whether `words` contain a phrase of the given label, anywhere.
pub fn mentions(words: &Words, wanted: Label) -> bool {
    LABEL_PHRASES
        .found(words)
        .any(|(label, _)| *label == wanted)
}

/// Whether a heading or label names a priority group (`Must Have (P0)`,
/// `Nice to have`), which groups features rather than being one.
pub fn is_priority_group(words: &Words) -> bool {
    // Every word says priority or "features": `Offline Editing (P0)` is a
    // feature that has a priority.
    let said = |word: &str| {
        PRIORITY_PHRASES
            .all
            .iter()
            .chain(PRIORITY_WORDS.iter())
            .any(|(_, phrase)| phrase.iter().any(|w| w == word))
    };
    PRIORITY_PHRASES.found(words).next().is_some() && words.iter().all(said)
}

/// Words a priority group's heading may add to its priority.
static PRIORITY_WORDS: LazyLock<Vec<((), Words)>> = LazyLock::new(|| {
    SECTION_PHRASES
        .all
        .iter()
        .filter(|(kind, _)| *kind == Kind::Features)
        .map(|(_, phrase)| ((), phrase.clone()))
        .chain(["have", "items", "tier", "scope"].map(|w| ((), Words::of(w))))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_many_languages() {
        assert_eq!(Kind::of("Functional Requirements"), Some(Kind::Features));
        assert_eq!(Kind::of("Non-Functional Requirements"), Some(Kind::Nfr));
        assert_eq!(
            Kind::of("Non-Negotiable Functional Requirements"),
            Some(Kind::Features)
        );
        assert_eq!(Kind::of("Requisitos Funcionales"), Some(Kind::Features));
        assert_eq!(Kind::of("기능 요구사항"), Some(Kind::Features));
        assert_eq!(Kind::of("핵심 기능 요구사항"), Some(Kind::Features));
        assert_eq!(Kind::of("Visão do Produto"), Some(Kind::Vision));
        assert_eq!(
            Kind::of("Fonctionnalités principales"),
            Some(Kind::Features)
        );
        assert_eq!(Kind::of("Risiken"), Some(Kind::Risks));
        assert_eq!(Kind::of("リスク"), Some(Kind::Risks));
        assert_eq!(Kind::of("功能需求"), Some(Kind::Features));
        assert_eq!(Kind::of("Риски"), Some(Kind::Risks));
        assert_eq!(Kind::of("Risks & Mitigations"), Some(Kind::Risks));
        assert_eq!(
            Kind::of("Integration Requirements"),
            Some(Kind::ExternalServices)
        );
        assert_eq!(Kind::of("Cooking"), None);
    }

    #[test]
    fn future_wins_ties() {
        assert_eq!(Kind::of("Future Requirements"), Some(Kind::OutOfScope));
        assert_eq!(
            Kind::of("Growth Features (Post-MVP)"),
            Some(Kind::OutOfScope)
        );
        assert_eq!(Kind::of("Out of Scope"), Some(Kind::OutOfScope));
        assert_eq!(Kind::of("Non-Goals"), Some(Kind::NonGoals));
    }

    #[test]
    fn labels_and_priority_groups() {
        assert_eq!(label("Mitigation Strategy"), Some(Label::Mitigation));
        assert_eq!(label("Impacto"), Some(Label::Impact));
        assert_eq!(label("High Risk"), Some(Label::Risk));
        assert_eq!(label("Payment flow"), None);
        assert_eq!(label("Requirements"), Some(Label::Requirement));
        assert!(is_priority_group(&Words::of("Must Have (P0)")));
        assert!(is_priority_group(&Words::of("P1 - Should have")));
        assert!(!is_priority_group(&Words::of("Shopping cart")));
        assert!(is_priority_group(&Words::of("P1 Features")));
        assert!(!is_priority_group(&Words::of("Offline Editing (P0)")));
    }

    #[test]
    fn a_heading_names_its_kind_plainly_or_only_mentions_it() {
        let plainly = |kind, heading| plainly(kind, &Words::of(heading));
        assert!(plainly(Kind::Ux, "UX Requirements"));
        assert!(plainly(Kind::Scope, "MVP Scope Definition"));
        assert!(plainly(Kind::Security, "5.2 Security & Privacy"));
        assert!(!plainly(Kind::Timeline, "Historical Progress Tracking"));
        assert!(!plainly(Kind::Kept, "Data Integrity & Traceability"));
        assert!(plainly(Kind::Features, "핵심 기능"));
        assert!(!plainly(Kind::Users, "使用者註冊與登入"));
        assert_eq!(Kind::of("비기능 요구사항"), Some(Kind::Nfr));
        assert_eq!(Kind::of("Funktionale Anforderungen"), Some(Kind::Features));
        assert_eq!(Kind::of("Core Use Cases"), Some(Kind::Scope));
    }

    #[test]
    fn every_kind_has_a_row() {
        for (kind, _) in KINDS {
            assert!(
                SECTION_PHRASES.all.iter().any(|(k, _)| k == kind),
                "{kind:?}"
            );
        }
    }
}

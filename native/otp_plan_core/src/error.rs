use std::fmt;

/// Everything that can go wrong in the core, as a message a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A template failed to load, parse or render; the text names the template and line.
    Template(String),
    /// The facts map does not have the contract's shape; the text names the key.
    Facts(String),
    /// PRD.md or CLAUDE.md could not be read: the file's name and why.
    Input {
        file: String,
        error: crate::prd::InputError,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Template(message) => f.write_str(message),
            Error::Facts(message) => write!(
                f,
                "the project facts have an unexpected shape ({message}); please report this with your mix.exs"
            ),
            Error::Input { file, error } => write!(f, "{file} {error}"),
        }
    }
}

impl std::error::Error for Error {}

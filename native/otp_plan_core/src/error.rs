use std::fmt;

/// Everything that can go wrong in the core, as a message a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A template failed to load, parse or render; the text names the template and line.
    Template(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Template(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

//! What the parsers accept: UTF-8 text up to a size limit.

use std::fmt;

/// Largest PRD.md or CLAUDE.md read, in bytes (16 MiB). Real ones are far
/// smaller; the cap bounds time and memory on hostile input.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why a file could not be read. `Display` is a sentence fragment for the
/// caller to prefix with the file name: `PRD.md is not valid UTF-8 at byte 12: …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputError {
    /// The first byte that is not part of valid UTF-8.
    NotUtf8 {
        offset: usize,
    },
    TooLarge {
        size: usize,
        limit: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotUtf8 { offset } => {
                write!(f, "is not valid UTF-8 at byte {offset}: save it as UTF-8")
            }
            InputError::TooLarge { size, limit } => {
                write!(
                    f,
                    "is {size} bytes, over the {} MiB limit: split it or trim it",
                    limit / (1024 * 1024)
                )
            }
        }
    }
}

impl std::error::Error for InputError {}

/// `input` as text, byte-order mark dropped.
pub fn decode(input: &[u8]) -> Result<&str, InputError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            size: input.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| InputError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

//! Why an input could not be read: always where (file, JSON path or resource id) and what was
//! expected. Skippable oddities are not errors; they come back as [`Note`]s beside the topology.

use std::fmt;

/// An input that cannot be turned into a topology. The CLI exits with code 2 on any of these,
/// and JS receives an `Error` with the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No input at all (no files, or a directory without JSON files).
    NoInput,
    /// The text is not JSON.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but a value is not what the format expects.
    Invalid {
        file: String,
        /// A JSONPath such as `$.Subnets[3].CidrBlock`.
        path: String,
        message: String,
    },
    /// Neither a vpcmap document nor any AWS describe-* output vpcmap knows.
    Unrecognized { file: String, message: String },
    /// Inputs that cannot be combined (two native documents, native with AWS output, …).
    Conflict { message: String },
    /// A resource's region cannot be determined, or is contradicted.
    Region {
        file: String,
        resource: String,
        message: String,
    },
    /// An input beyond a documented limit.
    TooLarge { file: String, message: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NoInput => f.write_str("no input: give a vpcmap document, AWS describe-* JSON files, or a directory of them"),
            ImportError::Syntax { file, line, column, message } => {
                write!(f, "{file}:{line}:{column}: not valid JSON: {message}")
            }
            ImportError::Invalid { file, path, message } => write!(f, "{file}: {path}: {message}"),
            ImportError::Unrecognized { file, message } => write!(f, "{file}: {message}"),
            ImportError::Conflict { message } => f.write_str(message),
            ImportError::Region { file, resource, message } => write!(f, "{file}: {resource}: {message}"),
            ImportError::TooLarge { file, message } => write!(f, "{file}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Something the importer skipped or assumed, reported beside the result.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Note {
    pub file: String,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Turn a `serde_json` syntax error into [`ImportError::Syntax`].
pub(crate) fn syntax_error(file: &str, err: &serde_json::Error) -> ImportError {
    let mut message = strip_position(&err.to_string());
    if message == "recursion limit exceeded" {
        message = format!(
            "expected arrays and objects nested at most {} levels deep, found deeper nesting",
            super::limits::MAX_DEPTH
        );
    }
    ImportError::Syntax {
        file: file.to_string(),
        line: err.line(),
        column: err.column(),
        message,
    }
}

/// serde_json appends " at line L column C" to its messages; the position is printed apart.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(idx) => message[..idx].to_string(),
        None => message.to_string(),
    }
}

/// Render a serde_path_to_error path as JSONPath (`$.vpcs[0].cidrs[1]`).
pub(crate) fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                out.push('.');
                out.push_str(variant);
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

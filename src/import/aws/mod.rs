//! AWS describe-* JSON → topology. (Being built; see the importer issue.)

use super::{ImportError, Imported};

/// Import parsed AWS describe outputs, each with its path.
pub fn import(files: Vec<(&str, serde_json::Value)>) -> Result<Imported, ImportError> {
    let file = files
        .first()
        .map(|(path, _)| path.to_string())
        .unwrap_or_default();
    Err(ImportError::Unrecognized {
        file,
        message: "AWS import is not available yet".to_string(),
    })
}

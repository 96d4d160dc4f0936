//! The one integration-test binary (one link step instead of one per file).
//!
//! Each stage has its own module; shared helpers live here and in `golden.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;
mod diff;
// PNG and draw.io: needs the default `png` feature (its tests decode PNGs with resvg).
#[cfg(feature = "png")]
mod export;
mod golden;
mod hardening;
mod import_aws;
mod import_terraform;
mod layout;
mod props;
mod reach;
mod render;
mod schema;
mod tidy;
mod validate;
mod validate_hybrid;
mod validate_output;
mod validate_quotas;
mod validate_routes;

use std::path::PathBuf;
use vpcmap::{InputFile, Topology};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/fixtures`: the real AWS snapshots shipped beside the repository.
pub fn shared_fixtures() -> PathBuf {
    repo_root().join("..").join("shared").join("fixtures")
}

/// Every `*.json` file below `dir`, sorted, as import inputs with paths relative to `base`.
pub fn read_inputs(dir: &std::path::Path) -> Vec<InputFile> {
    let mut paths = Vec::new();
    collect_json(dir, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            InputFile::new(path.to_string_lossy().to_string(), text)
        })
        .collect()
}

fn collect_json(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// A document from `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Topology {
    let path = repo_root().join("tests").join("fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    vpcmap::import::native::parse(name, &text).unwrap()
}

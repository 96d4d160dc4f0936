//! Compare-or-bless for golden files.
//!
//! `UPDATE_GOLDEN=1 cargo test` rewrites the expected files. On a mismatch the actual output is
//! written next to the expected one as `<name>.got.<ext>` (ignored by git) so it can be viewed as
//! a picture or diffed, and the test fails naming both files.

use std::path::Path;

/// Assert that `actual` equals the golden file at `tests/golden/<rel>`.
pub fn check(rel: &str, actual: &str) {
    let path = crate::repo_root().join("tests").join("golden").join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    let got = got_path(&path);
    if expected != actual {
        std::fs::write(&got, actual).unwrap();
        panic!(
            "golden mismatch: {} (actual output written to {}); run `UPDATE_GOLDEN=1 cargo test` to accept",
            path.display(),
            got.display()
        );
    }
    let _ = std::fs::remove_file(got);
}

fn got_path(path: &Path) -> std::path::PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let ext = path.extension().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!("{stem}.got.{ext}"))
}

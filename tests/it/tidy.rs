//! Tidy: the architecture's invariants, checked by reading the source.
//!
//! Module privacy cannot stop a stage from printing or a helper from naming JsValue, so these
//! greps stand in for the crate walls of a workspace (style.md §1, §7).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = crate::repo_root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// Lines that are code, not comments (a doc comment may mention what code may not do).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(i, line)| (i + 1, line))
}

#[test]
fn only_wasm_rs_knows_javascript() {
    for (path, text) in sources() {
        if path == "src/wasm.rs" {
            continue;
        }
        for (n, line) in code_lines(&text) {
            assert!(
                !(line.contains("wasm_bindgen")
                    || line.contains("JsValue")
                    || line.contains("js_sys")),
                "{path}:{n}: only src/wasm.rs may name wasm_bindgen/JsValue/js_sys"
            );
        }
    }
}

#[test]
fn only_the_cli_does_io() {
    for (path, text) in sources() {
        if path.starts_with("src/bin/") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            for banned in [
                "std::fs",
                "println!",
                "eprintln!",
                "process::exit",
                "std::io::stdout",
            ] {
                // Unit tests inside library modules may read fixtures.
                if banned == "std::fs"
                    && text[..text.find(line).unwrap_or(0)].contains("#[cfg(test)]")
                {
                    continue;
                }
                assert!(
                    !line.contains(banned),
                    "{path}:{n}: only src/bin/ may use {banned}"
                );
            }
        }
    }
}

#[test]
fn every_file_opens_with_a_module_doc() {
    for (path, text) in sources() {
        assert!(
            text.starts_with("//!"),
            "{path}: must open with a //! doc comment saying what it is for"
        );
    }
}

#[test]
fn every_module_is_on_the_map() {
    let map = std::fs::read_to_string(crate::repo_root().join("ARCHITECTURE.md")).unwrap();
    for (path, _) in sources() {
        let module = path.trim_start_matches("src/");
        // Directories are named as `layout/`; top-level files as `wasm.rs`.
        let key = match module.split_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => module.to_string(),
        };
        if key == "lib.rs" {
            continue;
        }
        assert!(
            map.contains(&format!("`{key}`")),
            "ARCHITECTURE.md does not mention `{key}` ({path})"
        );
    }
}

#[test]
fn no_stubs_in_library_code() {
    for (path, text) in sources() {
        for (n, line) in code_lines(&text) {
            assert!(
                !(line.contains("todo!(") || line.contains("unimplemented!(")),
                "{path}:{n}: stubs do not ship"
            );
        }
    }
}

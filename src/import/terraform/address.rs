//! Terraform addresses (`module.vpc["a"].aws_subnet.private[0]`) taken apart without regexes.
//!
//! Keys may be strings holding dots (`aws_instance.named["test.1"]`), so an address is split on
//! dots outside brackets and quotes, never with a plain `split('.')`.

use serde_json::Value;

/// The dot-separated parts of an address, brackets kept on their part:
/// `module.a[0].aws_vpc.this` → `["module", "a[0]", "aws_vpc", "this"]`.
pub(super) fn segments(address: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0;
    for (idx, ch) in address.char_indices() {
        if in_string {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&address[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    out.push(&address[start..]);
    out
}

/// `private[0]` → `("private", Some(0))`; `private["a.b"]` → `("private", Some("a.b"))`; a key
/// that is not a JSON literal (`[count.index]`) reads as no key.
pub(super) fn name_and_key(segment: &str) -> (&str, Option<Value>) {
    match segment.find('[') {
        Some(open) if segment.ends_with(']') => {
            let key = &segment[open + 1..segment.len() - 1];
            (&segment[..open], serde_json::from_str(key).ok())
        }
        _ => (segment, None),
    }
}

/// The module names of a module instance address, keys dropped: `module.a[0].module.b` →
/// `["a", "b"]` (the path of the module in the plan's `configuration`).
pub(super) fn module_names(module: &str) -> Vec<String> {
    if module.is_empty() {
        return Vec::new();
    }
    segments(module)
        .chunks(2)
        .filter_map(|pair| match pair {
            ["module", name] => Some(name_and_key(name).0.to_string()),
            _ => None,
        })
        .collect()
}

/// The module instance that calls this one: `module.a[0].module.b` → `module.a[0]`.
pub(super) fn parent_module(module: &str) -> String {
    let parts = segments(module);
    if parts.len() <= 2 {
        return String::new();
    }
    parts[..parts.len() - 2].join(".")
}

/// `module` + `.` + `rest`, or `rest` alone at the root.
pub(super) fn join(module: &str, rest: &str) -> String {
    if module.is_empty() {
        rest.to_string()
    } else {
        format!("{module}.{rest}")
    }
}

/// An instance key as Terraform prints it in addresses: `[0]`, `["a"]`.
pub(super) fn key_suffix(index: Option<&Value>) -> String {
    match index {
        None | Some(Value::Null) => String::new(),
        Some(key) => format!("[{key}]"),
    }
}

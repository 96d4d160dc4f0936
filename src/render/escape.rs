//! The one function through which every piece of text reaches the SVG.
//!
//! Names, tags and descriptions come from strangers' exports; an unescaped `<` in a VPC name
//! would inject markup into every docs page that embeds the diagram. Characters that are not
//! allowed in XML at all (most C0 controls) are dropped, and bidirectional-override characters
//! are replaced so a name cannot visually reorder the text around it.

/// Escape text for use in SVG element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    // Most names and CIDRs are plain printable ASCII: copied whole, not char by char (the SVG
    // escapes ~3,000 texts at 50 VPCs).
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
    }

    #[test]
    fn plain_ascii_is_copied_and_every_special_byte_takes_the_slow_path() {
        assert_eq!(
            escape("vpc-0a1b 10.0.0.0/16 (prod)"),
            "vpc-0a1b 10.0.0.0/16 (prod)"
        );
        assert_eq!(escape("a\u{7f}b"), "ab");
        assert_eq!(escape("tab\there"), "tab here");
        assert_eq!(escape("x'y"), "x&#39;y");
        assert_eq!(escape("caf\u{e9}"), "caf\u{e9}");
    }

    #[test]
    fn controls_are_dropped_and_bidi_overrides_neutralised() {
        assert_eq!(escape("a\u{0}b\u{202e}c"), "ab\u{fffd}c");
    }
}

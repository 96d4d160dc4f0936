//! The one function through which every piece of text reaches the SVG.
//!
//! Names, tags and descriptions come from strangers' exports; an unescaped `<` in a VPC name
//! would inject markup into every docs page that embeds the diagram. Characters that are not
//! allowed in XML at all (most C0 controls) are dropped, and bidirectional-override characters
//! are replaced so a name cannot visually reorder the text around it.

/// Escape text for use in SVG element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
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
    fn controls_are_dropped_and_bidi_overrides_neutralised() {
        assert_eq!(escape("a\u{0}b\u{202e}c"), "ab\u{fffd}c");
    }
}

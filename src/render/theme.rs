//! The diagram's stylesheet: light and dark themes in one SVG.
//!
//! Colours are CSS custom properties on the root, switched by `prefers-color-scheme` or forced by
//! a `vm-theme-light` / `vm-theme-dark` class, so one file serves both themes and a page can
//! restyle it. Classes are prefixed `vm-` so they never collide with a host page's.
//!
//! Renderers that know neither custom properties nor media queries (resvg for PNG, draw.io's
//! styles) get one theme's colours resolved from the same text by [`palette`] and
//! [`resolved_style`], so there is still one place where a colour is chosen.

use super::svg::Theme;

pub const STYLE: &str = r#"
.vm-root{--vm-added:#2e8540;--vm-removed:#c62828;--vm-changed:#b35c00;--vm-bg:#ffffff;--vm-fg:#16191f;--vm-muted:#5f6b7a;--vm-region:#00a1c9;--vm-region-fill:#f4fbfd;--vm-vpc:#7d5ac6;--vm-vpc-fill:#faf8fe;--vm-az:#8d99a8;--vm-public:#e9f6ec;--vm-public-line:#2e8540;--vm-private:#eef3fb;--vm-private-line:#3f6fb5;--vm-node:#ffffff;--vm-node-line:#8d99a8;--vm-onprem:#f7f4ee;--vm-onprem-line:#8a6d3b;--vm-peering:#7d5ac6;--vm-vpn:#d45b07;--vm-dx:#1e7e9e;--vm-endpoint:#2e8540;--vm-tgw:#b3246b;--vm-route:#5f6b7a;--vm-error:#c62828;--vm-warning:#b35c00;--vm-info:#2f6fb5}
@media (prefers-color-scheme:dark){.vm-root:not(.vm-theme-light){--vm-added:#63c77e;--vm-removed:#ff6b6b;--vm-changed:#ffb454;--vm-bg:#0f1419;--vm-fg:#e6e9ee;--vm-muted:#a3adba;--vm-region:#3fc1e4;--vm-region-fill:#0f1f26;--vm-vpc:#b79cf0;--vm-vpc-fill:#17142a;--vm-az:#6b7684;--vm-public:#12261a;--vm-public-line:#63c77e;--vm-private:#121d2e;--vm-private-line:#7aa7e8;--vm-node:#1b2128;--vm-node-line:#6b7684;--vm-onprem:#231f17;--vm-onprem-line:#d0a85c;--vm-peering:#b79cf0;--vm-vpn:#ff9a4d;--vm-dx:#4cc3e6;--vm-endpoint:#63c77e;--vm-tgw:#f06fae;--vm-route:#a3adba;--vm-error:#ff6b6b;--vm-warning:#ffb454;--vm-info:#7aa7e8}}
.vm-root.vm-theme-dark{--vm-added:#63c77e;--vm-removed:#ff6b6b;--vm-changed:#ffb454;--vm-bg:#0f1419;--vm-fg:#e6e9ee;--vm-muted:#a3adba;--vm-region:#3fc1e4;--vm-region-fill:#0f1f26;--vm-vpc:#b79cf0;--vm-vpc-fill:#17142a;--vm-az:#6b7684;--vm-public:#12261a;--vm-public-line:#63c77e;--vm-private:#121d2e;--vm-private-line:#7aa7e8;--vm-node:#1b2128;--vm-node-line:#6b7684;--vm-onprem:#231f17;--vm-onprem-line:#d0a85c;--vm-peering:#b79cf0;--vm-vpn:#ff9a4d;--vm-dx:#4cc3e6;--vm-endpoint:#63c77e;--vm-tgw:#f06fae;--vm-route:#a3adba;--vm-error:#ff6b6b;--vm-warning:#ffb454;--vm-info:#7aa7e8}
.vm-root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.vm-bg{fill:var(--vm-bg)}
.vm-node rect.vm-box{fill:var(--vm-node);stroke:var(--vm-node-line);stroke-width:1}
.vm-kind-region rect.vm-box{fill:var(--vm-region-fill);stroke:var(--vm-region);stroke-width:1.5;stroke-dasharray:6 4}
.vm-kind-vpc rect.vm-box{fill:var(--vm-vpc-fill);stroke:var(--vm-vpc);stroke-width:1.5}
.vm-kind-az rect.vm-box{fill:none;stroke:var(--vm-az);stroke-dasharray:3 3}
.vm-kind-subnet.vm-public rect.vm-box{fill:var(--vm-public);stroke:var(--vm-public-line)}
.vm-kind-subnet.vm-private rect.vm-box{fill:var(--vm-private);stroke:var(--vm-private-line)}
.vm-kind-onprem rect.vm-box{fill:var(--vm-onprem);stroke:var(--vm-onprem-line);stroke-width:1.5}
.vm-kind-internet rect.vm-box,.vm-kind-service rect.vm-box{stroke-width:1.5}
.vm-label{fill:var(--vm-fg);font-size:13px;font-weight:600}
.vm-kind-az .vm-label{font-size:11px;font-weight:500;fill:var(--vm-muted)}
.vm-detail{fill:var(--vm-muted);font-size:11px}
.vm-icon{fill:none;stroke:var(--vm-fg);stroke-width:1.4;stroke-linecap:round;stroke-linejoin:round}
.vm-edge path{fill:none;stroke-width:2}
.vm-edge-peering path{stroke:var(--vm-peering)}
.vm-edge-vpn path{stroke:var(--vm-vpn);stroke-dasharray:7 4}
.vm-edge-dx path{stroke:var(--vm-dx);stroke-width:3}
.vm-edge-endpoint path{stroke:var(--vm-endpoint);stroke-dasharray:2 3}
.vm-edge-tgw-attachment path{stroke:var(--vm-tgw)}
.vm-edge-route path{stroke:var(--vm-route);stroke-width:1.5}
.vm-edge-label{fill:var(--vm-fg);font-size:11px;paint-order:stroke;stroke:var(--vm-bg);stroke-width:4px;stroke-linejoin:round}
.vm-node.vm-added>rect.vm-box{stroke:var(--vm-added);stroke-width:3}
.vm-node.vm-removed>rect.vm-box{stroke:var(--vm-removed);stroke-width:3;stroke-dasharray:8 4}
.vm-node.vm-removed>text{fill:var(--vm-removed);text-decoration:line-through}
.vm-node.vm-changed>rect.vm-box{stroke:var(--vm-changed);stroke-width:3}
.vm-node.vm-planned>rect.vm-box{stroke-dasharray:4 3}
.vm-edge.vm-added path{stroke:var(--vm-added);stroke-width:3}
.vm-edge.vm-removed path{stroke:var(--vm-removed);stroke-dasharray:8 4}
.vm-edge.vm-changed path{stroke:var(--vm-changed)}
.vm-badge circle{stroke:var(--vm-bg);stroke-width:2}
.vm-badge-error circle{fill:var(--vm-error)}
.vm-badge-warning circle{fill:var(--vm-warning)}
.vm-badge-info circle{fill:var(--vm-info)}
.vm-badge text{fill:#fff;font-size:11px;font-weight:700}
"#;

/// The `--vm-*` colours of one theme (`Auto` is light: a file has no viewer to ask), as
/// `(name without --vm-, value)` in stylesheet order.
pub(crate) fn palette(theme: Theme) -> Vec<(&'static str, &'static str)> {
    let mut colours: Vec<(&'static str, &'static str)> = Vec::new();
    let light = STYLE
        .lines()
        .find(|line| line.starts_with(".vm-root{--vm-"));
    let dark = STYLE
        .lines()
        .find(|line| line.starts_with(".vm-root.vm-theme-dark{--vm-"));
    let sources = match theme {
        Theme::Dark => [light, dark],
        Theme::Auto | Theme::Light => [light, None],
    };
    for body in sources.into_iter().flatten() {
        let inner = body
            .split_once('{')
            .map_or("", |(_, rest)| rest.trim_end_matches('}'));
        for declaration in inner.split(';') {
            let Some((name, value)) = declaration.split_once(':') else {
                continue;
            };
            let Some(name) = name.trim().strip_prefix("--vm-") else {
                continue;
            };
            match colours.iter_mut().find(|(known, _)| *known == name) {
                Some(entry) => entry.1 = value.trim(),
                None => colours.push((name, value.trim())),
            }
        }
    }
    colours
}

/// One colour of [`palette`] by name (`vpc`, `public-line`); black if the name is unknown, which
/// a test rules out for every name the renderers ask for.
pub(crate) fn colour(palette: &[(&'static str, &'static str)], name: &str) -> &'static str {
    palette
        .iter()
        .find(|(known, _)| *known == name)
        .map_or("#000000", |(_, value)| value)
}

/// The stylesheet with one theme's colours written in place of every `var(--vm-…)`, and without
/// the rules that define them or switch on `prefers-color-scheme`. (Only the PNG renderer needs
/// it, so the WASM builds leave it out.)
#[cfg(any(test, all(feature = "png", not(target_arch = "wasm32"))))]
pub(crate) fn resolved_style(theme: Theme) -> String {
    let colours = palette(theme);
    let mut out = String::with_capacity(STYLE.len());
    for line in STYLE.lines() {
        if line.contains("{--vm-") || line.starts_with("@media") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("var(--vm-") {
            out.push_str(&rest[..start]);
            let after = &rest[start + "var(--vm-".len()..];
            let Some(end) = after.find(')') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            out.push_str(colour(&colours, &after[..end]));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{palette, resolved_style, Theme, STYLE};

    #[test]
    fn every_colour_used_is_defined_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let css = resolved_style(theme);
            assert!(!css.contains("var("), "{css}");
            assert!(!css.contains("--vm-"), "{css}");
            assert!(!css.contains("@media"), "{css}");
        }
        let used: Vec<&str> = STYLE
            .split("var(--vm-")
            .skip(1)
            .filter_map(|rest| rest.split_once(')').map(|(name, _)| name))
            .collect();
        assert!(used.contains(&"vpc"), "{used:?}");
        for theme in [Theme::Light, Theme::Dark] {
            let colours = palette(theme);
            for name in &used {
                assert!(
                    colours.iter().any(|(n, _)| n == name),
                    "{name} in {theme:?}"
                );
            }
        }
    }

    #[test]
    fn dark_overrides_light() {
        let light = palette(Theme::Light);
        let dark = palette(Theme::Dark);
        let bg = |p: &[(&str, &str)]| {
            p.iter()
                .find(|(n, _)| *n == "bg")
                .map(|(_, v)| v.to_string())
        };
        assert_eq!(bg(&light).as_deref(), Some("#ffffff"));
        assert_eq!(bg(&dark).as_deref(), Some("#0f1419"));
        assert_eq!(palette(Theme::Auto), light);
    }
}
